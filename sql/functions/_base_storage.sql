-- What a base stores, in bytes: its relations (tables with their indexes and TOAST, sequences,
-- materialized views) in every schema of agent._base_schemas, and the sources it uploaded or
-- fetched (import-directory files are the admin's). Found through pg_depend (indexed by schema),
-- so the cost grows with the base's own relations only.
--
-- The files are measured with stat(), from the paths pg_relation_filepath gives (a backend's
-- working directory is the data directory), not with pg_total_relation_size: that one takes a
-- lock on each relation, and two calls measuring after their DDL (each holding a table the other
-- would measure) would deadlock. No lock is taken; a relation another call creates or drops is
-- counted as its transaction left it (created: not yet; dropped: still).
create or replace function agent._base_storage(base_id uuid)
returns jsonb
language plpython3u
stable
set search_path = ''
as $$
import json, os
plan = GD.get('dbagent_storage_plan')
if plan is None:
    plan = GD['dbagent_storage_plan'] = plpy.prepare("""
        with rels as (
            select c.oid, c.reltoastrelid
            from pg_catalog.pg_namespace n
            join pg_catalog.pg_depend d
              on d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass and d.refobjid = n.oid
             and d.refobjsubid = 0 and d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
            join pg_catalog.pg_class c on c.oid = d.objid and c.relkind in ('r', 'm', 'S')
            where n.nspname = any(agent._base_schemas($1))
        ), owners as (
            select oid from rels union all select reltoastrelid from rels where reltoastrelid <> 0
        ), files as (
            select oid from owners
            union all
            select i.indexrelid from pg_catalog.pg_index i where i.indrelid in (select oid from owners)
        )
        select coalesce(pg_catalog.array_agg(pg_catalog.pg_relation_filepath(f.oid)), '{}') as paths,
               (select coalesce(sum(s.bytes), 0) from agent.source s
                where s.base_id = $1 and s.kind <> 'import' and s.status <> 'expired')::int8 as sources,
               (select b.max_storage_bytes from agent.base b where b.base_id = $1) as quota
        from files f""", ["uuid"])
row = plpy.execute(plan, [base_id])[0]
tables = 0
for path in row['paths'] or []:
    if not path:
        continue
    for fork in ('', '_fsm', '_vm', '_init'):
        seg = 0
        while True:
            name = path + fork + ('.%d' % seg if seg else '')
            try:
                tables += os.stat(name).st_size
            except FileNotFoundError:
                break
            seg += 1
return json.dumps({'tables': tables, 'sources': int(row['sources']), 'total': tables + int(row['sources']),
                   'quota': row['quota']})
$$;

comment on function agent._base_storage(uuid) is
$md$A base's storage in bytes: tables (with indexes and TOAST), sources, their total, and its quota.

Private: the storage quota's measure (plpy/dbagent_plpy/storage.py) and get_project's report. Takes no lock.$md$;

alter function agent._base_storage(uuid) owner to dbagent_owner;
revoke all on function agent._base_storage(uuid) from public;
