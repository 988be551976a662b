create or replace function agent.base_migrations(base_id uuid)
returns jsonb
language plpgsql
volatile
security definer  -- why: reads the registry's history of the base
set search_path = ''
as $$
begin
    perform agent._session_wall();  -- the session wall: before anything else
    return agent._result(agent._branch('migrations', pg_catalog.jsonb_build_object('base_id', base_id)));
end;
$$;

comment on function agent.base_migrations(uuid) is
$md$The schema history of a base: every schema change as executed, in order, without the statements dbagent's own rules ran after them.

Read-only. Each migration: migration, at, by, source (execute_sql, restore, clone, snapshot,
load) and statements. Replayed in order into an empty base through execute_sql, it gives
the same schema (`dbagent base migrations NAME --out DIR`, `dbagent base apply NEW DIR`).$md$;

alter function agent.base_migrations(uuid) owner to dbagent_owner;
revoke all on function agent.base_migrations(uuid) from public;
grant execute on function agent.base_migrations(uuid) to dbagent_agent, dbagent_admin;
