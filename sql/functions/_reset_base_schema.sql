-- Empties a base's schema for a snapshot restore: drops it with everything in it and creates it
-- again as agent._create_base does (owned by the base's owner role, USAGE for the end-user roles).
-- The caller has snapshotted what was there.
create or replace function agent._reset_base_schema(base agent.base)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    _borrowed boolean := agent._borrow_role(base.owner_role);
begin
    execute pg_catalog.format('drop schema %I cascade', base.schema_name);
    execute pg_catalog.format('create schema %I authorization %I', base.schema_name, base.owner_role);
    execute pg_catalog.format('revoke all on schema %I from public', base.schema_name);
    execute pg_catalog.format('grant usage on schema %I to anon, authenticated', base.schema_name);
    perform agent._return_role(base.owner_role, _borrowed);
end;
$$;

comment on function agent._reset_base_schema(agent.base) is
$md$Drop and re-create a base's schema, empty (a snapshot restore rebuilds it).

Private helper of agent.restore_snapshot.$md$;

alter function agent._reset_base_schema(agent.base) owner to dbagent_owner;
revoke all on function agent._reset_base_schema(agent.base) from public;
