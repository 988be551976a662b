-- Advisor 0007 duplicate_index (WARN, PERFORMANCE): Duplicate index.
-- Identical indexes cost writes and space twice and help no query.
create or replace function agent._advisor_0007(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'duplicate_index', 'Duplicate index', 'WARN', array['PERFORMANCE'],
       format('Table %s has identical indexes: %s.', c.relname, d.names),
       'Drop all but one of them.',
       jsonb_build_object('type', 'table', 'name', c.relname, 'indexes', d.list),
       'duplicate_index:' || c.relname || ':' || d.names
from (
    select i.indrelid, string_agg(x.relname, ', ' order by x.relname) as names,
           jsonb_agg(x.relname order by x.relname) as list
    from pg_catalog.pg_index i
    join pg_catalog.pg_class x on x.oid = i.indexrelid
    group by i.indrelid, i.indkey::text, i.indclass::text, i.indcollation::text,
             coalesce(pg_catalog.pg_get_expr(i.indexprs, i.indrelid), ''),
             coalesce(pg_catalog.pg_get_expr(i.indpred, i.indrelid), ''), x.relam
    having count(*) > 1
) d
join pg_catalog.pg_class c on c.oid = d.indrelid
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns
$$;

comment on function agent._advisor_0007(oid, boolean) is
$md$duplicate_index: Duplicate index (WARN).

Identical indexes cost writes and space twice and help no query.$md$;

alter function agent._advisor_0007(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0007(oid, boolean) from public;
