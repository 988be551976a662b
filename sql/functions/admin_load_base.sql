create or replace function agent.admin_load_base(name text, image jsonb)
returns jsonb
language plpgsql
volatile
security definer  -- why: creates a schema and roles for the base being loaded
set search_path = ''
as $$
begin
    perform agent._require_admin('load bases');
    return agent._result(agent._branch('load_begin', pg_catalog.jsonb_build_object('name', name, 'image', image)));
end;
$$;

comment on function agent.admin_load_base(text, jsonb) is
$md$Start loading a dump into a new base NAME: creates the base and keeps the dump's schema image; then agent.admin_load_rows for each table and agent.admin_load_finish.

Admin only. Returns base_id, name, schema, agent_role and agent_password (shown once). Every
statement of the image passes the parse wall and runs as the new base's owner role, as an
agent's own SQL would.$md$;

alter function agent.admin_load_base(text, jsonb) owner to dbagent_owner;
revoke all on function agent.admin_load_base(text, jsonb) from public;
grant execute on function agent.admin_load_base(text, jsonb) to dbagent_admin;
