create or replace function agent.admin_drop_agent(name text)
returns boolean
language plpgsql
volatile
security definer  -- why: drops a login role dbagent created
set search_path = ''
as $$
begin
    perform agent._require_admin('drop agents');
    if not exists (select from agent.project_agent p where p.role_name = name) then
        raise notice 'there is no project agent "%", skipping', name;
        return false;
    end if;
    delete from agent.base_access a where a.role_name = name;
    delete from agent.project_agent p where p.role_name = name;
    execute pg_catalog.format('drop role if exists %I', name);
    perform agent._audit('drop_agent', null, 'ok', pg_catalog.jsonb_build_object('role', name));
    return true;
end;
$$;

comment on function agent.admin_drop_agent(text) is
$md$Drop a project-level agent's login role and its grants; its bases stay.

Admin only. Returns false with a notice when there is no such agent.$md$;

alter function agent.admin_drop_agent(text) owner to dbagent_owner;
revoke all on function agent.admin_drop_agent(text) from public;
grant execute on function agent.admin_drop_agent(text) to dbagent_admin;
