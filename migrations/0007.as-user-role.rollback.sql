revoke usage on schema agent_exec from dbagent_as_user;
