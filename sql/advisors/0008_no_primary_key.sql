-- Advisor 0008 no_primary_key (INFO, PERFORMANCE): Table without a primary key.
-- Rows of a table without a primary key cannot be addressed reliably (updates, replication, foreign keys).
create or replace function agent._advisor_0008(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'no_primary_key', 'Table without a primary key', 'INFO', array['PERFORMANCE'],
       format('Table %s has no primary key.', c.relname),
       format('alter table %I add primary key (id)', c.relname),
       jsonb_build_object('type', 'table', 'name', c.relname), 'no_primary_key:' || c.relname
from pg_catalog.pg_class c
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns and c.relkind in ('r', 'p')
  and not exists (select from pg_catalog.pg_constraint k where k.conrelid = c.oid and k.contype = 'p')
$$;

comment on function agent._advisor_0008(oid, boolean) is
$md$no_primary_key: Table without a primary key (INFO).

Rows of a table without a primary key cannot be addressed reliably (updates, replication, foreign keys).$md$;

alter function agent._advisor_0008(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0008(oid, boolean) from public;
