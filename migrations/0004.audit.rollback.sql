drop table if exists agent.audit;
