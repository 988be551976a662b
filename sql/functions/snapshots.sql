create or replace function agent.snapshots(base_id uuid)
returns jsonb
language plpgsql
volatile
security definer  -- why: reads dbagent's registry of snapshots
set search_path = ''
as $$
begin
    perform agent._session_wall();  -- the session wall: before anything else
    return agent._result(agent._branch('snapshots', pg_catalog.jsonb_build_object('base_id', base_id)));
end;
$$;

comment on function agent.snapshots(uuid) is
$md$List a base's snapshots: name, tables, rows, bytes, when and by whom, and when an automatic one expires.

Read-only.$md$;

alter function agent.snapshots(uuid) owner to dbagent_owner;
revoke all on function agent.snapshots(uuid) from public;
grant execute on function agent.snapshots(uuid) to dbagent_agent, dbagent_admin;
