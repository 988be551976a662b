-- Advisor 0013 missing_system_fields (WARN, DATA_MODEL): Table without dbagent's system fields.
-- Tables created outside dbagent may lack id, created_at, updated_at, created_by, updated_by, which policies and imports rely on.
create or replace function agent._advisor_0013(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'missing_system_fields', 'Table without dbagent''s system fields', 'WARN', array['DATA_MODEL'],
       format('Table %s lacks %s.', c.relname, m.missing),
       'Recreate it through execute_sql (CREATE TABLE gets the system fields) and copy its rows over.',
       jsonb_build_object('type', 'table', 'name', c.relname, 'missing', m.list), 'missing_system_fields:' || c.relname
from pg_catalog.pg_class c
cross join lateral (
    select string_agg(f, ', ' order by o) as missing, jsonb_agg(f order by o) as list
    from unnest(array['id', 'created_at', 'updated_at', 'created_by', 'updated_by']) with ordinality s(f, o)
    where not exists (select from pg_catalog.pg_attribute a
                      where a.attrelid = c.oid and a.attname = s.f and not a.attisdropped)) m
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns and c.relkind in ('r', 'p') and tenant and m.missing is not null
$$;

comment on function agent._advisor_0013(oid, boolean) is
$md$missing_system_fields: Table without dbagent's system fields (WARN).

Tables created outside dbagent may lack id, created_at, updated_at, created_by, updated_by, which policies and imports rely on.$md$;

alter function agent._advisor_0013(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0013(oid, boolean) from public;
