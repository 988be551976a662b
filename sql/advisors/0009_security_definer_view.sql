-- Advisor 0009 security_definer_view (ERROR, SECURITY): View runs with its owner's rights.
-- A view without security_invoker (or a materialized view) reads its tables as its owner, bypassing the row level security of whoever queries it.
create or replace function agent._advisor_0009(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'security_definer_view', 'View runs with its owner''s rights', 'ERROR', array['SECURITY'],
       format('%s %s bypasses the row level security of its tables.',
              case c.relkind when 'm' then 'Materialized view' else 'View' end, c.relname),
       case c.relkind when 'm' then format('drop materialized view %I and use a view with security_invoker = true', c.relname)
                      else format('alter view %I set (security_invoker = true)', c.relname) end,
       jsonb_build_object('type', 'view', 'name', c.relname), 'security_definer_view:' || c.relname
from pg_catalog.pg_class c
where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns and (c.relkind = 'm' or c.relkind = 'v' and not coalesce(
    (select pg_catalog.lower(pg_catalog.split_part(o, '=', 2)) in ('true', 'on', '1', 'yes')
     from pg_catalog.unnest(c.reloptions) o where o like 'security_invoker=%'), false))
$$;

comment on function agent._advisor_0009(oid, boolean) is
$md$security_definer_view: View runs with its owner's rights (ERROR).

A view without security_invoker (or a materialized view) reads its tables as its owner, bypassing the row level security of whoever queries it.$md$;

alter function agent._advisor_0009(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0009(oid, boolean) from public;
