create or replace function agent.admin_clone_base(base text, name text, grant_to text default null)
returns jsonb
language plpgsql
volatile
security definer  -- why: creates a schema and two roles and copies every row of a base
set search_path = ''
as $$
declare
    _b agent.base;
begin
    perform agent._require_admin('clone bases');
    _b := agent._base_by_name(base);
    if grant_to is not null and not exists (select from pg_catalog.pg_roles where rolname = grant_to) then
        raise exception 'role "%" does not exist', grant_to
            using errcode = 'undefined_object', hint = 'Create the agent first: dbagent agent create NAME.';
    end if;
    return agent._result(agent._branch('clone', pg_catalog.jsonb_build_object(
               'base_id', _b.base_id, 'name', name, 'grant_to', grant_to)));
end;
$$;

comment on function agent.admin_clone_base(text, text, text) is
$md$Clone base BASE (name or id) into a new base NAME: same tables, rows, views, functions, triggers, policies and grants, its own schema and roles, one transaction.

Admin only. Returns base_id, name, schema, agent_role and agent_password (shown once) of the new
base; GRANT_TO also grants it to an existing agent role.$md$;

alter function agent.admin_clone_base(text, text, text) owner to dbagent_owner;
revoke all on function agent.admin_clone_base(text, text, text) from public;
grant execute on function agent.admin_clone_base(text, text, text) to dbagent_admin;
