-- The body of agent.get_schema(): pg_catalog only (never the SQL-standard views), every list in
-- a deterministic order. Each table's parts are correlated sub-queries that use the catalog's
-- indexes (attrelid, conrelid, indrelid, polrelid, tgrelid), so the cost grows with the number
-- of objects, never with their square; plpgsql keeps the plans for the session.
create or replace function agent._describe_schema(ns oid, compact boolean, tables text[])
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
    _tables jsonb;
    _rest jsonb;
    -- the schema's objects through pg_depend's index, not a scan of each catalog
    _rels oid[] := agent._schema_objects(ns, 'pg_catalog.pg_class');
    _types oid[] := agent._schema_objects(ns, 'pg_catalog.pg_type');
    _procs oid[];  -- the full form only
begin
    if compact then
        select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'name', c.relname,
                   'columns', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                   'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod))
                                   order by a.attnum), '[]')
                               from pg_catalog.pg_attribute a
                               where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped))
                   order by c.relname), '[]')
        into _tables
        from pg_catalog.pg_class c
        where c.oid = any(_rels) and c.relnamespace = ns and c.relkind in ('r', 'p') and (tables is null or c.relname = any(tables));
        return pg_catalog.jsonb_build_object('compact', true, 'tables', _tables,
            'views', coalesce((select pg_catalog.jsonb_agg(c.relname order by c.relname) from pg_catalog.pg_class c
                               where c.oid = any(_rels) and c.relnamespace = ns and c.relkind in ('v', 'm') and tables is null), '[]'),
            'enums', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                   'name', t.typname,
                                   'values', (select pg_catalog.jsonb_agg(e.enumlabel order by e.enumsortorder)
                                              from pg_catalog.pg_enum e where e.enumtypid = t.oid)) order by t.typname)
                               from pg_catalog.pg_type t
                               where t.oid = any(_types) and t.typnamespace = ns and t.typtype = 'e' and tables is null), '[]'));
    end if;

    _procs := agent._schema_objects(ns, 'pg_catalog.pg_proc');
    select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
               'name', c.relname,
               'comment', td.description,
               'row_estimate', greatest(c.reltuples, 0)::bigint,
               'rls', pg_catalog.jsonb_build_object('enabled', c.relrowsecurity, 'forced', c.relforcerowsecurity),
               'columns', (
                   select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                              'name', a.attname,
                              'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                              'nullable', not a.attnotnull,
                              'default', case when a.attgenerated = '' then pg_catalog.pg_get_expr(d.adbin, d.adrelid) end,
                              'generated', case when a.attgenerated <> '' then pg_catalog.pg_get_expr(d.adbin, d.adrelid) end,
                              'identity', case a.attidentity when 'a' then 'always' when 'd' then 'by default' end,
                              'system', case when a.attname in ('id', 'created_at', 'updated_at', 'created_by', 'updated_by')
                                             then true end,
                              'comment', cd.description)) order by a.attnum), '[]')
                   from pg_catalog.pg_attribute a
                   left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                   left join pg_catalog.pg_description cd
                          on cd.objoid = a.attrelid and cd.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                         and cd.objsubid = a.attnum
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped),
               'primary_key', k.pk -> 0,
               'unique', k.uniques,
               'checks', k.checks,
               'foreign_keys', k.fks,
               'indexes', (
                   select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                              'name', ic.relname, 'unique', i.indisunique, 'primary', i.indisprimary,
                              'definition', pg_catalog.pg_get_indexdef(i.indexrelid)) order by ic.relname)
                   from pg_catalog.pg_index i join pg_catalog.pg_class ic on ic.oid = i.indexrelid
                   where i.indrelid = c.oid),
               'policies', (
                   select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                              'name', p.polname,
                              'command', case p.polcmd when 'r' then 'select' when 'a' then 'insert'
                                                       when 'w' then 'update' when 'd' then 'delete' else 'all' end,
                              'permissive', p.polpermissive,
                              'roles', case when p.polroles = '{0}' then '["public"]'::jsonb
                                            else (select pg_catalog.jsonb_agg(r.rolname order by r.rolname)
                                                  from pg_catalog.pg_roles r where r.oid = any(p.polroles)
                                                    and r.rolname !~ '^dbagent_u_') end,  -- the base's end-user role mirrors authenticated
                              'using', pg_catalog.pg_get_expr(p.polqual, p.polrelid),
                              'with_check', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))) order by p.polname), '[]')
                   from pg_catalog.pg_policy p where p.polrelid = c.oid),
               'triggers', (
                   select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                              'name', g.tgname, 'definition', pg_catalog.pg_get_triggerdef(g.oid),
                              'enabled', g.tgenabled <> 'D') order by g.tgname)
                   from pg_catalog.pg_trigger g where g.tgrelid = c.oid and not g.tgisinternal)))
               order by c.relname), '[]')
    into _tables
    from pg_catalog.pg_class c
    left join pg_catalog.pg_description td
           on td.objoid = c.oid and td.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and td.objsubid = 0
    left join lateral (
        select pg_catalog.jsonb_agg(x.obj order by x.name) filter (where x.contype = 'p') as pk,
               pg_catalog.jsonb_agg(x.obj order by x.name) filter (where x.contype = 'u') as uniques,
               pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', x.name, 'expression', x.def)
                                    order by x.name) filter (where x.contype in ('c', 'x')) as checks,
               pg_catalog.jsonb_agg(x.fk order by x.name) filter (where x.contype = 'f') as fks
        from (
            select k.conname as name, k.contype, pg_catalog.pg_get_constraintdef(k.oid) as def,
                   pg_catalog.jsonb_build_object('name', k.conname, 'columns', kc.cols) as obj,
                   case when k.contype = 'f' then pg_catalog.jsonb_build_object(
                       'name', k.conname,
                       'columns', kc.cols,
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
                   end as fk
            from pg_catalog.pg_constraint k
            cross join lateral (select pg_catalog.jsonb_agg(a.attname order by u.i) as cols
                                from pg_catalog.unnest(k.conkey) with ordinality u(n, i)
                                join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n) kc
            where k.conrelid = c.oid
        ) x
    ) k on true
    where c.oid = any(_rels) and c.relnamespace = ns and c.relkind in ('r', 'p') and (tables is null or c.relname = any(tables));

    select pg_catalog.jsonb_build_object(
        'views', coalesce((
            select pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                'name', c.relname,
                'materialized', case when c.relkind = 'm' then true end,
                'security_invoker', coalesce(
                    (select pg_catalog.lower(pg_catalog.split_part(o, '=', 2)) in ('true', 'on', '1', 'yes')
                     from pg_catalog.unnest(c.reloptions) o where o like 'security_invoker=%'), false),
                'comment', pg_catalog.obj_description(c.oid, 'pg_class'),
                'columns', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                                'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                                'nullable', not a.attnotnull)) order by a.attnum), '[]')
                            from pg_catalog.pg_attribute a
                            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped))) order by c.relname)
            from pg_catalog.pg_class c
            where c.oid = any(_rels) and c.relnamespace = ns and c.relkind in ('v', 'm') and tables is null), '[]'),
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
            where p.oid = any(_procs) and p.pronamespace = ns and tables is null), '[]'),
        'enums', coalesce((
            select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                'name', t.typname,
                'values', (select pg_catalog.jsonb_agg(e.enumlabel order by e.enumsortorder)
                           from pg_catalog.pg_enum e where e.enumtypid = t.oid)) order by t.typname)
            from pg_catalog.pg_type t
            where t.oid = any(_types) and t.typnamespace = ns and t.typtype = 'e' and tables is null), '[]'),
        'domains', coalesce((
            select pg_catalog.jsonb_agg(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                'name', t.typname,
                'type', pg_catalog.format_type(t.typbasetype, t.typtypmod),
                'not_null', t.typnotnull,
                'checks', (select pg_catalog.jsonb_agg(pg_catalog.pg_get_constraintdef(k.oid) order by k.conname)
                           from pg_catalog.pg_constraint k where k.contypid = t.oid))) order by t.typname)
            from pg_catalog.pg_type t
            where t.oid = any(_types) and t.typnamespace = ns and t.typtype = 'd' and tables is null), '[]'),
        'composite_types', coalesce((
            select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                'name', t.typname,
                'attributes', (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                   'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod))
                                   order by a.attnum)
                               from pg_catalog.pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0
                                 and not a.attisdropped)) order by t.typname)
            from pg_catalog.pg_type t join pg_catalog.pg_class c on c.oid = t.typrelid
            where c.oid = any(_rels) and t.typnamespace = ns and t.typtype = 'c' and c.relkind = 'c' and tables is null), '[]'),
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
            where c.oid = any(_rels) and c.relnamespace = ns and c.relkind = 'S' and tables is null), '[]'))
    into _rest;
    return pg_catalog.jsonb_build_object('tables', _tables) || _rest;
end;
$$;

comment on function agent._describe_schema(oid, boolean, text[]) is
$md$Describe the objects of one schema as jsonb (the body of agent.get_schema).

Private. pg_catalog only; cost linear in the number of objects.$md$;

alter function agent._describe_schema(oid, boolean, text[]) owner to dbagent_owner;
revoke all on function agent._describe_schema(oid, boolean, text[]) from public;
