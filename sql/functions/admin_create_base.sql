create or replace function agent.admin_create_base(name text, grant_to text default null)
returns jsonb
language plpgsql
volatile
security definer  -- why: creates a schema and two roles, which the calling admin may not
set search_path = ''
set lock_timeout = '5s'
as $$
declare
    _r record;
begin
    perform agent._require_admin('create bases');
    if grant_to is not null and not exists (select from pg_catalog.pg_roles where rolname = grant_to) then
        raise exception 'role "%" does not exist', grant_to
            using errcode = 'undefined_object',
                  hint = 'Create the agent first: dbagent agent create NAME.';
    end if;
    select * into _r from agent._create_base(name, grant_to);
    return pg_catalog.jsonb_build_object(
        'base_id', (_r.base).base_id,
        'name', (_r.base).name,
        'schema', (_r.base).schema_name,
        'agent_role', (_r.base).agent_role,
        'agent_password', _r.agent_password);
exception when lock_not_available then
    perform agent._lock_busy('create the base');
end;
$$;

comment on function agent.admin_create_base(text, text) is
$md$Create a base: its schema, its NOLOGIN tenant owner role and a LOGIN agent role.

Admin only. Returns base_id, name, schema, agent_role and agent_password (shown once, not
stored). GRANT_TO also grants the base to an existing agent role.$md$;

alter function agent.admin_create_base(text, text) owner to dbagent_owner;
revoke all on function agent.admin_create_base(text, text) from public;
grant execute on function agent.admin_create_base(text, text) to dbagent_admin;
