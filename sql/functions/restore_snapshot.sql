create or replace function agent.restore_snapshot(base_id uuid, snapshot text)
returns jsonb
language plpgsql
volatile
security definer  -- why: rebuilds the base's schema as its owner role from dbagent's copy
set search_path = ''
as $$
begin
    perform agent._session_wall();  -- the session wall: before anything else
    return agent._result(agent._branch('restore_snapshot', pg_catalog.jsonb_build_object('base_id', base_id, 'snapshot', snapshot)));
end;
$$;

comment on function agent.restore_snapshot(uuid, text) is
$md$Put a base back to one of its snapshots (by name or id): its schema and rows become the snapshot's.

Destructive for the current state, which is first snapshotted automatically
(before_restore_<time>_..., kept for the base's retention period, listed by agent.snapshots):
restore that one to undo. One transaction. The base keeps its roles and its recoverable items.$md$;

alter function agent.restore_snapshot(uuid, text) owner to dbagent_owner;
revoke all on function agent.restore_snapshot(uuid, text) from public;
grant execute on function agent.restore_snapshot(uuid, text) to dbagent_agent, dbagent_admin;
