create or replace function agent.get_project()
returns jsonb
language plpgsql
stable
security definer  -- why: reads the registry, which agent roles may not read directly
set search_path = ''
as $$
declare
    _admin boolean := agent._is_admin();
    _quota integer;
    _used integer;
    _ids uuid[];
begin
    perform agent._session_wall();
    -- session_user is a name, collated "C": compared as text in the database's collation, so
    -- the indexes on the registry's text columns serve the lookups.
    select p.max_bases into _quota from agent.project_agent p where p.role_name = session_user::text collate pg_catalog."default";
    if _quota is not null then  -- a project agent: the bases it created count against its quota
        select count(*) into _used from agent.base b where b.created_by = session_user::text collate pg_catalog."default" and b.dropped_at is null;
    end if;
    -- Two plain queries rather than one that serves both: a plan made for either (an admin's
    -- every base) would scan the registry for the other (an agent's one or two grants).
    if _admin then
        select pg_catalog.array_agg(b.base_id) into _ids from agent.base b where b.dropped_at is null;
    else
        select pg_catalog.array_agg(a.base_id) into _ids from agent.base_access a where a.role_name = session_user::text collate pg_catalog."default";
    end if;
    return pg_catalog.jsonb_build_object(
        'role', session_user,
        'can_create_bases', _admin or (_quota is not null and _used < _quota),
        'max_bases', _quota,
        'bases', coalesce((
            -- tables are counted through pg_depend (indexed by schema), not a scan of pg_class
            select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                'base_id', b.base_id,
                'name', b.name,
                'schema', b.schema_name,
                'created_at', b.created_at,
                'table_count', (select count(*) from pg_catalog.pg_depend d
                                join pg_catalog.pg_class c on c.oid = d.objid
                                where d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass
                                  and d.refobjid = n.oid and d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                                  and c.relkind in ('r', 'p')),
                -- bytes stored (tables with indexes and TOAST, sources) against the quota; for an
                -- admin's list of more than 100 bases only the quota (measuring each would read
                -- every relation's files)
                'storage_bytes', case when _admin and pg_catalog.cardinality(_ids) > 100 then null
                                      else (agent._base_storage(b.base_id, false) ->> 'total')::bigint end,
                'max_storage_bytes', b.max_storage_bytes)
                order by b.name)
            from agent.base b
            join pg_catalog.pg_namespace n on n.nspname = b.schema_name
            where b.base_id = any(_ids) and b.dropped_at is null
        ), '[]'::jsonb));
end;
$$;

comment on function agent.get_project() is
$md$List the bases (database spaces, one schema each) you may use, with their table counts and storage (bytes stored, quota).

Read-only, cheap. Start here: pass a base_id from this list to the other tools. When the
list is empty and can_create_bases is true, create one with agent.create_base(name).$md$;

alter function agent.get_project() owner to dbagent_owner;
revoke all on function agent.get_project() from public;
grant execute on function agent.get_project() to dbagent_agent, dbagent_admin;
