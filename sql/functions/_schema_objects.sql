-- The objects of one schema of a given catalog (pg_class, pg_proc, pg_type), found through
-- pg_depend, which is indexed by the object depended on: the catalogs themselves have no index
-- on the schema, and with thousands of bases a scan of pg_class or pg_proc per call would grow
-- with the whole database. (Indexes and row types hang off their tables, not the schema.)
create or replace function agent._schema_objects(ns oid, catalog pg_catalog.regclass)
returns oid[]
language plpgsql  -- not sql: a SQL function that cannot be inlined is planned again at every call
stable
set search_path = ''
as $$
begin
    return (select coalesce(pg_catalog.array_agg(d.objid), '{}')
            from pg_catalog.pg_depend d
            where d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
              and d.refobjid = ns and d.refobjsubid = 0
              and d.classid = catalog);
end;
$$;

comment on function agent._schema_objects(oid, pg_catalog.regclass) is
$md$The oids of one schema's objects in one catalog (pg_class, pg_proc or pg_type), through pg_depend.

Private helper: catalog lookups by schema that do not scan the whole catalog.$md$;

alter function agent._schema_objects(oid, pg_catalog.regclass) owner to dbagent_owner;
revoke all on function agent._schema_objects(oid, pg_catalog.regclass) from public;
