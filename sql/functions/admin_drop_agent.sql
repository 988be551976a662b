create or replace function agent.admin_drop_agent(name text)
returns boolean
language plpgsql
volatile
security definer  -- why: drops a login role dbagent created
set search_path = ''
set lock_timeout = '5s'
as $$
begin
    perform agent._require_admin('drop agents');
    -- the agent's registry row is the lock (no agent can read or lock it)
    perform from agent.project_agent p where p.role_name = admin_drop_agent.name for no key update of p;
    if not found then
        raise notice 'there is no project agent "%", skipping', name;
        return false;
    end if;
    perform pg_catalog.pg_terminate_backend(a.pid)
    from pg_catalog.pg_stat_activity a
    where a.usename = admin_drop_agent.name collate pg_catalog."C" and a.pid <> pg_catalog.pg_backend_pid();
    -- whatever it owns, or was granted by other roles, here and in other databases
    perform agent._drop_owned(name);
    delete from agent.base_access a where a.role_name = name;
    delete from agent.project_agent p where p.role_name = name;
    execute pg_catalog.format('drop role if exists %I', name);
    perform agent._audit('drop_agent', null, 'ok', pg_catalog.jsonb_build_object('role', name));
    return true;
exception when lock_not_available then
    perform agent._lock_busy('drop the agent');
end;
$$;

comment on function agent.admin_drop_agent(text) is
$md$Drop a project-level agent's login role and its grants; its bases stay.

Admin only. Its open sessions are ended. Returns false with a notice when there is no such agent.$md$;

alter function agent.admin_drop_agent(text) owner to dbagent_owner;
revoke all on function agent.admin_drop_agent(text) from public;
grant execute on function agent.admin_drop_agent(text) to dbagent_admin;
