-- The schemas whose relations count toward a base's storage: its own schema, and any side schema
-- another part of dbagent keeps for it (add them here: agent._base_storage sums them all).
create or replace function agent._base_schemas(base_id uuid)
returns text[]
language plpgsql  -- not sql: a SQL function that cannot be inlined is planned again at every call
stable
set search_path = ''
as $$
begin
    -- its own schema, and its recycle schema (issue 15: what it dropped and deleted, kept
    -- recoverable, and its snapshots), which exists from the base's first schema change
    return (select pg_catalog.array_remove(array[b.schema_name,
                       (select n.nspname::text from pg_catalog.pg_namespace n
                        where n.nspname = 'dbagent_r_' || pg_catalog.replace(b.base_id::text, '-', ''))], null)
            from agent.base b
            where b.base_id = _base_schemas.base_id);
end;
$$;

comment on function agent._base_schemas(uuid) is
$md$The schemas of a base whose relations count toward its storage quota (its own; side schemas of dbagent's own for it).

Private helper of agent._base_storage.$md$;

alter function agent._base_schemas(uuid) owner to dbagent_owner;
revoke all on function agent._base_schemas(uuid) from public;
