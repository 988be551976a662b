-- The body of agent.get_schema(): one query over pg_catalog (never the SQL-standard views), every
-- list in a deterministic order.
create or replace function agent._describe_schema(ns oid, compact boolean, tables text[])
returns jsonb
language sql
stable
set search_path = ''
as $$
with rel as (
    select c.oid, c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.reltuples, c.reloptions
    from pg_catalog.pg_class c
    where c.relnamespace = ns
      and c.relkind in ('r', 'p', 'v', 'm')
      and (tables is null or c.relname = any(tables))
),
col as (
    select a.attrelid,
           pg_catalog.jsonb_agg(
               case when compact then
                   pg_catalog.jsonb_build_object('name', a.attname,
                       'type', pg_catalog.format_type(a.atttypid, a.atttypmod))
               else
                   pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                       'name', a.attname,
                       'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                       'nullable', not a.attnotnull,
                       'default', case when a.attgenerated = '' then pg_catalog.pg_get_expr(d.adbin, d.adrelid) end,
                       'generated', case when a.attgenerated <> '' then pg_catalog.pg_get_expr(d.adbin, d.adrelid) end,
                       'identity', case a.attidentity when 'a' then 'always' when 'd' then 'by default' end,
                       'system', case when a.attname in ('id', 'created_at', 'updated_at', 'created_by', 'updated_by')
                                      then true end,
                       'comment', pg_catalog.col_description(a.attrelid, a.attnum)))
               end
               order by a.attnum) as columns
    from pg_catalog.pg_attribute a
    join rel on rel.oid = a.attrelid
    left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attnum > 0 and not a.attisdropped
    group by a.attrelid
),
con as (
    select k.conrelid,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', k.conname,
               'columns', (select pg_catalog.jsonb_agg(a.attname order by u.i)
                           from pg_catalog.unnest(k.conkey) with ordinality u(n, i)
                           join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n))
               order by k.conname) filter (where k.contype = 'p') as pk,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', k.conname,
               'columns', (select pg_catalog.jsonb_agg(a.attname order by u.i)
                           from pg_catalog.unnest(k.conkey) with ordinality u(n, i)
                           join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n))
               order by k.conname) filter (where k.contype = 'u') as uniques,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', k.conname, 'expression', pg_catalog.pg_get_constraintdef(k.oid))
               order by k.conname) filter (where k.contype in ('c', 'x')) as checks,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', k.conname,
               'columns', (select pg_catalog.jsonb_agg(a.attname order by u.i)
                           from pg_catalog.unnest(k.conkey) with ordinality u(n, i)
                           join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n),
               'references', pg_catalog.jsonb_build_object(
                   'table', (select case when r.relnamespace = ns then r.relname::text
                                         else r.relnamespace::pg_catalog.regnamespace::text || '.' || r.relname end
                             from pg_catalog.pg_class r where r.oid = k.confrelid),
                   'columns', (select pg_catalog.jsonb_agg(a.attname order by u.i)
                               from pg_catalog.unnest(k.confkey) with ordinality u(n, i)
                               join pg_catalog.pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n)),
               'on_update', case k.confupdtype when 'a' then 'no action' when 'r' then 'restrict'
                                when 'c' then 'cascade' when 'n' then 'set null' when 'd' then 'set default' end,
               'on_delete', case k.confdeltype when 'a' then 'no action' when 'r' then 'restrict'
                                when 'c' then 'cascade' when 'n' then 'set null' when 'd' then 'set default' end)
               order by k.conname) filter (where k.contype = 'f') as fks
    from pg_catalog.pg_constraint k
    join rel on rel.oid = k.conrelid
    group by k.conrelid
),
idx as (
    select i.indrelid,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', c.relname, 'unique', i.indisunique, 'primary', i.indisprimary,
               'definition', pg_catalog.pg_get_indexdef(i.indexrelid)) order by c.relname) as indexes
    from pg_catalog.pg_index i
    join rel on rel.oid = i.indrelid
    join pg_catalog.pg_class c on c.oid = i.indexrelid
    group by i.indrelid
),
pol as (
    select p.polrelid,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
               'name', p.polname,
               'command', case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update'
                                        when 'd' then 'delete' else 'all' end,
               'permissive', p.polpermissive,
               'roles', case when p.polroles = '{0}' then '["public"]'::jsonb
                             else (select pg_catalog.jsonb_agg(r.rolname order by r.rolname)
                                   from pg_catalog.pg_roles r where r.oid = any(p.polroles)) end,
               'using', pg_catalog.pg_get_expr(p.polqual, p.polrelid),
               'with_check', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)))
               order by p.polname) as policies
    from pg_catalog.pg_policy p
    join rel on rel.oid = p.polrelid
    group by p.polrelid
),
trg as (
    select t.tgrelid,
           pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
               'name', t.tgname,
               'definition', pg_catalog.pg_get_triggerdef(t.oid),
               'enabled', t.tgenabled <> 'D') order by t.tgname) as triggers
    from pg_catalog.pg_trigger t
    join rel on rel.oid = t.tgrelid
    where not t.tgisinternal
    group by t.tgrelid
)
select pg_catalog.jsonb_build_object(
    'tables', coalesce((
        select pg_catalog.jsonb_agg(
            case when compact then
                pg_catalog.jsonb_build_object('name', rel.relname, 'columns', coalesce(col.columns, '[]'))
            else
                pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                    'name', rel.relname,
                    'comment', pg_catalog.obj_description(rel.oid, 'pg_class'),
                    'row_estimate', greatest(rel.reltuples, 0)::bigint,
                    'rls', pg_catalog.jsonb_build_object('enabled', rel.relrowsecurity, 'forced', rel.relforcerowsecurity),
                    'columns', coalesce(col.columns, '[]'),
                    'primary_key', con.pk -> 0,
                    'unique', con.uniques,
                    'checks', con.checks,
                    'foreign_keys', con.fks,
                    'indexes', idx.indexes,
                    'policies', coalesce(pol.policies, '[]'),
                    'triggers', trg.triggers))
            end
            order by rel.relname)
        from rel
        left join col on col.attrelid = rel.oid
        left join con on con.conrelid = rel.oid
        left join idx on idx.indrelid = rel.oid
        left join pol on pol.polrelid = rel.oid
        left join trg on trg.tgrelid = rel.oid
        where rel.relkind in ('r', 'p')), '[]'),
    'views', coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'name', rel.relname,
            'materialized', case when rel.relkind = 'm' then true end,
            'security_invoker', coalesce(
                (select pg_catalog.lower(pg_catalog.split_part(o, '=', 2)) in ('true', 'on', '1', 'yes')
                 from pg_catalog.unnest(rel.reloptions) o where o like 'security_invoker=%'), false),
            'comment', pg_catalog.obj_description(rel.oid, 'pg_class'),
            'columns', coalesce(col.columns, '[]'))) order by rel.relname)
        from rel left join col on col.attrelid = rel.oid
        where rel.relkind in ('v', 'm')), '[]'),
    'functions', coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'name', p.proname,
            'arguments', pg_catalog.pg_get_function_arguments(p.oid),
            'returns', case when p.prokind = 'p' then null else pg_catalog.pg_get_function_result(p.oid) end,
            'kind', case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' when 'w' then 'window' else 'function' end,
            'language', l.lanname,
            'volatility', case p.provolatile when 'i' then 'immutable' when 's' then 'stable' else 'volatile' end,
            'security_definer', case when p.prosecdef then true end,
            'comment', pg_catalog.obj_description(p.oid, 'pg_proc')))
            order by p.proname, pg_catalog.pg_get_function_arguments(p.oid))
        from pg_catalog.pg_proc p join pg_catalog.pg_language l on l.oid = p.prolang
        where p.pronamespace = ns and tables is null and not compact), '[]'),
    'enums', coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
            'name', t.typname,
            'values', (select pg_catalog.jsonb_agg(e.enumlabel order by e.enumsortorder)
                       from pg_catalog.pg_enum e where e.enumtypid = t.oid)) order by t.typname)
        from pg_catalog.pg_type t
        where t.typnamespace = ns and t.typtype = 'e' and tables is null), '[]'),
    'domains', coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'name', t.typname,
            'type', pg_catalog.format_type(t.typbasetype, t.typtypmod),
            'not_null', t.typnotnull,
            'checks', (select pg_catalog.jsonb_agg(pg_catalog.pg_get_constraintdef(k.oid) order by k.conname)
                       from pg_catalog.pg_constraint k where k.contypid = t.oid))) order by t.typname)
        from pg_catalog.pg_type t
        where t.typnamespace = ns and t.typtype = 'd' and tables is null and not compact), '[]'),
    'composite_types', coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
            'name', t.typname,
            'attributes', (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                               'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod))
                               order by a.attnum)
                           from pg_catalog.pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0
                             and not a.attisdropped)) order by t.typname)
        from pg_catalog.pg_type t join pg_catalog.pg_class c on c.oid = t.typrelid
        where t.typnamespace = ns and t.typtype = 'c' and c.relkind = 'c' and tables is null and not compact), '[]'),
    'sequences', coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
            'name', c.relname,
            'owned_by', (select r.relname || '.' || a.attname
                         from pg_catalog.pg_depend d
                         join pg_catalog.pg_class r on r.oid = d.refobjid
                         join pg_catalog.pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
                         where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid
                           and d.deptype in ('a', 'i') limit 1))) order by c.relname)
        from pg_catalog.pg_class c
        where c.relnamespace = ns and c.relkind = 'S' and tables is null and not compact), '[]')
)
$$;

comment on function agent._describe_schema(oid, boolean, text[]) is
$md$Describe the objects of one schema as jsonb (the body of agent.get_schema).

Private. One query over pg_catalog.$md$;

alter function agent._describe_schema(oid, boolean, text[]) owner to dbagent_owner;
revoke all on function agent._describe_schema(oid, boolean, text[]) from public;
