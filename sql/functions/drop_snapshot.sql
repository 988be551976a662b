create or replace function agent.drop_snapshot(base_id uuid, snapshot text)
returns jsonb
language plpgsql
volatile
security definer  -- why: deletes dbagent's copy of the rows
set search_path = ''
as $$
begin
    perform agent._session_wall();  -- the session wall: before anything else
    return agent._result(agent._branch('drop_snapshot', pg_catalog.jsonb_build_object('base_id', base_id, 'snapshot', snapshot)));
end;
$$;

comment on function agent.drop_snapshot(uuid, text) is
$md$Drop one of a base's snapshots (by name or id) and the rows it kept.

Irreversible.$md$;

alter function agent.drop_snapshot(uuid, text) owner to dbagent_owner;
revoke all on function agent.drop_snapshot(uuid, text) from public;
grant execute on function agent.drop_snapshot(uuid, text) to dbagent_agent, dbagent_admin;
