-- Advisor 0006 unindexed_foreign_keys (INFO, PERFORMANCE): Foreign key without an index.
-- A foreign key whose columns lead no index makes joins and deletes of the referenced rows scan the whole table.
create or replace function agent._advisor_0006(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'unindexed_foreign_keys', 'Foreign key without an index', 'INFO', array['PERFORMANCE'],
       format('Foreign key %s on %s (%s) has no index leading with its columns.', k.conname, c.relname, cols.names),
       format('create index on %I (%s)', c.relname, cols.names),
       jsonb_build_object('type', 'foreign_key', 'table', c.relname, 'name', k.conname),
       'unindexed_foreign_keys:' || c.relname || '.' || k.conname
from pg_catalog.pg_constraint k
join pg_catalog.pg_class c on c.oid = k.conrelid
cross join lateral (select string_agg(pg_catalog.quote_ident(a.attname), ', ' order by u.i) as names
                    from pg_catalog.unnest(k.conkey) with ordinality u(n, i)
                    join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n) cols
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns and k.contype = 'f'
  and not exists (
      select from pg_catalog.pg_index i
      where i.indrelid = k.conrelid and i.indpred is null
        and (select array_agg(x order by x) from pg_catalog.unnest((i.indkey::int2[])[0:pg_catalog.cardinality(k.conkey) - 1]) x)
            = (select array_agg(x order by x) from pg_catalog.unnest(k.conkey) x))
$$;

comment on function agent._advisor_0006(oid, boolean) is
$md$unindexed_foreign_keys: Foreign key without an index (INFO).

A foreign key whose columns lead no index makes joins and deletes of the referenced rows scan the whole table.$md$;

alter function agent._advisor_0006(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0006(oid, boolean) from public;
