create or replace function agent.snapshot_base(base_id uuid, name text)
returns jsonb
language plpgsql
volatile
security definer  -- why: reads every row of the base and writes dbagent's copy, which agents cannot reach
set search_path = ''
as $$
begin
    perform agent._session_wall();  -- the session wall: before anything else
    return agent._result(agent._branch('snapshot', pg_catalog.jsonb_build_object('base_id', base_id, 'name', name)));
end;
$$;

comment on function agent.snapshot_base(uuid, text) is
$md$Take a snapshot of a base: its schema and every row, kept by dbagent under NAME until dropped.

A consistent copy (the base's tables are locked against writes while it is taken, reads go
on). Stored in the base's recycle schema, which counts as the base's storage. Returns
snapshot, name, tables, rows, bytes. agent.restore_snapshot(base_id, name) brings the base back
to it; agent.snapshots(base_id) lists them.$md$;

alter function agent.snapshot_base(uuid, text) owner to dbagent_owner;
revoke all on function agent.snapshot_base(uuid, text) from public;
grant execute on function agent.snapshot_base(uuid, text) to dbagent_agent, dbagent_admin;
