create or replace function agent.advise(base_id uuid)
returns jsonb
language plpgsql
stable
security definer  -- why: checks access in the registry and runs advisors that read the catalog and secrets rules
set search_path = ''
as $$
declare
    _b agent.base := agent._base(advise.base_id);
    _findings jsonb;
begin
    select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l)
               order by case l.level when 'ERROR' then 0 when 'WARN' then 1 else 2 end, l.name, l.cache_key), '[]')
    into _findings
    from agent._advise(_b.schema_name::pg_catalog.regnamespace, true) l;
    return pg_catalog.jsonb_build_object(
        'base_id', _b.base_id,
        'schema', _b.schema_name,
        'counts', (select pg_catalog.jsonb_build_object(
                       'ERROR', count(*) filter (where f ->> 'level' = 'ERROR'),
                       'WARN', count(*) filter (where f ->> 'level' = 'WARN'),
                       'INFO', count(*) filter (where f ->> 'level' = 'INFO'))
                   from pg_catalog.jsonb_array_elements(_findings) f),
        'findings', _findings);
end;
$$;

comment on function agent.advise(uuid) is
$md$Check a base for security and performance problems: row level security off or not forced, tables without policies, policies that call auth.uid() per row, several permissive policies, unindexed foreign keys, duplicate indexes, missing primary keys, views that bypass RLS, exposed security definer functions, mutable search paths, secret-like columns, tables without system fields.

Read-only. Each finding: name, title, level (ERROR, WARN, INFO), detail and a remediation.
Run it after changing the schema.$md$;

alter function agent.advise(uuid) owner to dbagent_owner;
revoke all on function agent.advise(uuid) from public;
grant execute on function agent.advise(uuid) to dbagent_agent, dbagent_admin;
