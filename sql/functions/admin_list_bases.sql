create or replace function agent.admin_list_bases(include_dropped boolean default false)
returns jsonb
language plpgsql
stable
security definer  -- why: reads the registry, which no login role may read directly
set search_path = ''
as $$
begin
    perform agent._require_admin('list all bases');
    return coalesce((
        select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
            'base_id', b.base_id,
            'name', b.name,
            'schema', b.schema_name,
            'agent_role', b.agent_role,
            'created_at', b.created_at,
            'created_by', b.created_by,
            'dropped_at', b.dropped_at,
            'granted_to', (select coalesce(pg_catalog.jsonb_agg(a.role_name order by a.role_name), '[]')
                           from agent.base_access a where a.base_id = b.base_id),
            'table_count', (select count(*) from pg_catalog.pg_class c
                            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                            where n.nspname = b.schema_name and b.dropped_at is null
                              and c.oid = any(agent._schema_objects(n.oid, 'pg_catalog.pg_class'))
                              and c.relkind in ('r', 'p')))
            order by b.dropped_at nulls first, b.name, b.created_at)
        from agent.base b
        where include_dropped or b.dropped_at is null), '[]'::jsonb);
end;
$$;

comment on function agent.admin_list_bases(boolean) is
$md$List every base with its roles, grants and table count (dropped ones too on request).

Admin only. Read-only.$md$;

alter function agent.admin_list_bases(boolean) owner to dbagent_owner;
revoke all on function agent.admin_list_bases(boolean) from public;
grant execute on function agent.admin_list_bases(boolean) to dbagent_admin;
