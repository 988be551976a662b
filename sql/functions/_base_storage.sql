-- What a base stores, in bytes: its relations (tables with their indexes and TOAST, sequences,
-- materialized views) in every schema of agent._base_schemas, and the sources it uploaded or
-- fetched (import-directory files are the admin's). Found through pg_depend (indexed by schema),
-- so the cost grows with the base's own relations only.
create or replace function agent._base_storage(base_id uuid)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
    _tables bigint;
    _sources bigint;
    _quota bigint;
begin
    select coalesce(sum(pg_catalog.pg_total_relation_size(c.oid)), 0)::bigint into _tables
    from pg_catalog.pg_namespace n
    join pg_catalog.pg_depend d
      on d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass and d.refobjid = n.oid and d.refobjsubid = 0
     and d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
    join pg_catalog.pg_class c on c.oid = d.objid and c.relkind in ('r', 'm', 'S')
    where n.nspname = any(agent._base_schemas(_base_storage.base_id));
    select coalesce(sum(s.bytes), 0)::bigint into _sources
    from agent.source s
    where s.base_id = _base_storage.base_id and s.kind <> 'import' and s.status <> 'expired';
    select b.max_storage_bytes into _quota from agent.base b where b.base_id = _base_storage.base_id;
    return pg_catalog.jsonb_build_object('tables', _tables, 'sources', _sources, 'total', _tables + _sources,
                                         'quota', _quota);
end;
$$;

comment on function agent._base_storage(uuid) is
$md$A base's storage in bytes: tables (with indexes and TOAST), sources, their total, and its quota.

Private: the storage quota's measure (plpy/dbagent_plpy/storage.py) and get_project's report.$md$;

alter function agent._base_storage(uuid) owner to dbagent_owner;
revoke all on function agent._base_storage(uuid) from public;
