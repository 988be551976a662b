revoke set on parameter temp_file_limit from dbagent_owner;
revoke usage on schema auth, agent_exec from dbagent_enduser;
alter table agent.base drop column if exists max_result_bytes, drop column if exists csv_timeout_ms,
    drop column if exists user_role;
