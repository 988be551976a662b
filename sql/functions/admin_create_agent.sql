create or replace function agent.admin_create_agent(name text, max_bases integer default 10)
returns jsonb
language plpgsql
volatile
security definer  -- why: creates a login role, which the calling admin may not
set search_path = ''
set lock_timeout = '5s'
as $$
declare
    _password text := agent._new_password();
    _limit integer := coalesce((select (s.value #>> '{}')::integer from agent.setting s
                                where s.key = 'agent_connection_limit'), 10);
begin
    perform agent._require_admin('create agents');
    perform agent._validate_name('agent', name);
    if max_bases is null or max_bases < 0 then
        raise exception 'max_bases must be zero or more'
            using errcode = 'invalid_parameter_value';
    end if;
    if exists (select from pg_catalog.pg_roles r where r.rolname = name) then
        raise exception 'role "%" already exists', name
            using errcode = 'duplicate_object',
                  hint = 'Pick another agent name.';
    end if;
    -- The registry row first: its primary key makes a concurrent create of the name wait for this
    -- one and then fail (an advisory lock on the name could be held by any session).
    begin
        insert into agent.project_agent (role_name, max_bases, created_by) values (name, max_bases, session_user);
    exception when unique_violation then
        raise exception 'role "%" already exists', name
            using errcode = 'duplicate_object',
                  hint = 'Pick another agent name.';
    end;
    execute pg_catalog.format(
        'create role %I login inherit password %L connection limit %s in role dbagent_agent', name, _password, _limit);
    perform agent._agent_role_settings(name, _limit, 60000);
    perform agent._audit('create_agent', null, 'ok',
                         pg_catalog.jsonb_build_object('role', name, 'max_bases', max_bases));
    perform agent._require_client();  -- a client that gave up while this waited gets no agent
    return pg_catalog.jsonb_build_object('role', name, 'password', _password, 'max_bases', max_bases);
exception when lock_not_available then
    perform agent._lock_busy('create the agent');
end;
$$;

comment on function agent.admin_create_agent(text, integer) is
$md$Create a project-level agent: a login role that may create up to MAX_BASES bases itself.

Admin only. Returns role, password (shown once, not stored) and max_bases. The agent is
granted each base it creates with agent.create_base() and nothing else.$md$;

alter function agent.admin_create_agent(text, integer) owner to dbagent_owner;
revoke all on function agent.admin_create_agent(text, integer) from public;
grant execute on function agent.admin_create_agent(text, integer) to dbagent_admin;
