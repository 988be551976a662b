create or replace function agent.restore(base_id uuid, item text, options jsonb default '{}')
returns jsonb
language plpgsql
volatile
security definer  -- why: moves kept tables and rows back from the base's recycle schema, which agents cannot reach
set search_path = ''
as $$
begin
    perform agent._session_wall();  -- the session wall: before anything else
    return agent._result(agent._recovery('restore', base_id, item, options));
end;
$$;

comment on function agent.restore(uuid, text, jsonb) is
$md$Bring back one recoverable item of a base (see agent.recoverable), or every item of one execute_sql call (pass the call's id).

A dropped table comes back whole (rows, indexes, constraints, policies, triggers, row level
security, grants) with its foreign keys and what its DROP ... CASCADE took along; under a new
name (<name>_restored) when its name is taken, or options {"name": "..."}. Deleted or truncated
rows are inserted back, changed rows get their old values, dropped columns come back (as the
last column) with their values: exactly as they were, dbagent's and your triggers switched off
meanwhile. options {"on_conflict": "skip"} skips deleted rows whose key exists again (else the
restore fails and changes nothing). One transaction: all of it or nothing. Returns what came
back, with warnings (e.g. a foreign key restored NOT VALID because referenced rows are gone).$md$;

alter function agent.restore(uuid, text, jsonb) owner to dbagent_owner;
revoke all on function agent.restore(uuid, text, jsonb) from public;
grant execute on function agent.restore(uuid, text, jsonb) to dbagent_agent, dbagent_admin;
