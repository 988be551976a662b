-- The files of a base's relations (tables, their indexes and TOAST, sequences, materialized views in
-- every schema of agent._base_schemas), as paths relative to the data directory, with the bytes of
-- its stored sources and its quota. Through pg_depend, pg_namespace's and pg_index's indexes: the
-- cost grows with the base's own relations only. No relation is locked (pg_relation_filepath reads
-- the catalog): agent._base_storage and the storage quota stat() the files.
create or replace function agent._base_files(base_id uuid)
returns jsonb
language plpgsql  -- its plan is kept for the session
stable
set search_path = ''
as $$
begin
    return (
        with rels as (
            select c.oid, c.reltoastrelid
            from pg_catalog.unnest(agent._base_schemas(_base_files.base_id)) s(name)
            join pg_catalog.pg_namespace n on n.nspname = s.name
            join pg_catalog.pg_depend d
              on d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass and d.refobjid = n.oid
             and d.refobjsubid = 0 and d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
            join pg_catalog.pg_class c on c.oid = d.objid and c.relkind in ('r', 'm', 'S')
        ), owners as (
            select r.oid from rels r union all select r.reltoastrelid from rels r where r.reltoastrelid <> 0
        ), files as (
            select o.oid from owners o
            union all
            select i.indexrelid from owners o
            cross join lateral (select x.indexrelid from pg_catalog.pg_index x where x.indrelid = o.oid) i
        )
        select pg_catalog.jsonb_build_object(
            'paths', coalesce(pg_catalog.jsonb_agg(pg_catalog.pg_relation_filepath(f.oid))
                                  filter (where pg_catalog.pg_relation_filepath(f.oid) is not null), '[]'),
            'sources', (select coalesce(sum(s.bytes), 0) from agent.source s
                        where s.base_id = _base_files.base_id and s.kind <> 'import' and s.status <> 'expired'),
            'quota', (select b.max_storage_bytes from agent.base b where b.base_id = _base_files.base_id))
        from files f);
end;
$$;

comment on function agent._base_files(uuid) is
$md$A base's relation files (paths relative to the data directory), its stored sources' bytes and its storage quota.

Private helper of agent._base_storage and the storage quota. Locks no relation.$md$;

alter function agent._base_files(uuid) owner to dbagent_owner;
revoke all on function agent._base_files(uuid) from public;
