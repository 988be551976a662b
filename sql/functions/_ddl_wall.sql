-- The event trigger dbagent_session_wall: an agent login, on its own connection, runs no DDL in
-- this database. It owns nothing to run DDL on, but any role may ALTER DEFAULT PRIVILEGES for
-- itself and GRANT (or COMMENT, ALTER) on its own large objects: a default privilege or a large
-- object ACL naming another role is a dependency PostgreSQL will not drop that role over, so an
-- agent could make other bases' roles, dbagent_owner or postgres undroppable. (Through the tools
-- the agent's SQL runs as the base's owner role, which this trigger leaves alone.)
create or replace function agent._ddl_wall()
returns event_trigger
language plpgsql
volatile
set search_path = ''
as $$
begin
    -- (is_superuser: the agent may not read pg_roles; a superuser is a member of every role)
    if pg_catalog.current_setting('is_superuser') = 'off'
       and pg_catalog.pg_has_role(current_user, 'dbagent_agent', 'MEMBER') then
        raise exception 'agent logins may not run % on their own connection', tg_tag
            using errcode = 'insufficient_privilege',
                  detail = 'rule: session_wall. Default privileges and grants made by an agent login would '
                           'outlive it and keep other roles from being dropped.',
                  hint = 'Change your base through agent.execute_sql(), which runs as the base''s owner role.';
    end if;
end;
$$;

comment on function agent._ddl_wall() is
$md$The event trigger dbagent_session_wall (ddl_command_start): refuses DDL by agent login roles acting as themselves.

Private. Tenant owner roles (the tools' executors), dbagent_owner and admins pass.$md$;

alter function agent._ddl_wall() owner to dbagent_owner;
revoke all on function agent._ddl_wall() from public;

do $$
begin
    if not exists (select from pg_catalog.pg_event_trigger where evtname = 'dbagent_session_wall') then
        create event trigger dbagent_session_wall on ddl_command_start execute function agent._ddl_wall();
    end if;
    alter event trigger dbagent_session_wall enable always;
end
$$;
