-- Advisor 0012 sensitive_columns (ERROR, SECURITY): Column named like a secret.
-- Columns named for passwords, tokens, keys or card data hold secrets an application must not keep in a table.
create or replace function agent._advisor_0012(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'sensitive_columns', 'Column named like a secret', 'ERROR', array['SECURITY'],
       format('Column %s.%s looks like it holds secrets (%s).', c.relname, a.attname, agent._sensitive_name(a.attname)),
       'Keep credentials in the platform''s auth system, keys and tokens in a secrets vault, card data with the payment provider; drop or rename the column.',
       jsonb_build_object('type', 'column', 'table', c.relname, 'name', a.attname),
       'sensitive_columns:' || c.relname || '.' || a.attname
from pg_catalog.pg_attribute a
join pg_catalog.pg_class c on c.oid = a.attrelid
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns and c.relkind in ('r', 'p', 'v', 'm') and a.attnum > 0 and not a.attisdropped
  and agent._sensitive_name(a.attname) is not null
$$;

comment on function agent._advisor_0012(oid, boolean) is
$md$sensitive_columns: Column named like a secret (ERROR).

Columns named for passwords, tokens, keys or card data hold secrets an application must not keep in a table.$md$;

alter function agent._advisor_0012(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0012(oid, boolean) from public;
