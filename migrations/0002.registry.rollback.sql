drop table if exists agent._python_module, agent.setting, agent.project_agent, agent.base_access, agent.base;
