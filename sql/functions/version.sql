create or replace function agent.version()
returns jsonb
language sql
stable
security definer  -- why: reads agent.setting, which no login role may read directly
set search_path = ''
as $$
    select agent._session_wall();
    select pg_catalog.jsonb_build_object(
        'version', (select s.value #>> '{}' from agent.setting s where s.key = 'version'),
        'code_version', (select s.value #>> '{}' from agent.setting s where s.key = 'code_version'),
        'migrations', (select coalesce(pg_catalog.jsonb_agg(m.migration_id order by m.migration_id), '[]')
                       from agent._yoyo_migration m))
$$;

comment on function agent.version() is
$md$The installed dbagent version, the code version of its functions and the applied migrations.

Read-only.$md$;

alter function agent.version() owner to dbagent_owner;
revoke all on function agent.version() from public;
grant execute on function agent.version() to dbagent_agent, dbagent_admin;
