create or replace function agent.upload_chunk(source_id uuid, "offset" bigint, data bytea)
returns jsonb
language plpgsql
volatile
security definer  -- why: writes dbagent's storage directory on the server, which agent roles may not
set search_path = ''
as $$
begin
    perform agent._session_wall();
    return agent._result(agent._upload_chunk(source_id, "offset", data));
end;
$$;

comment on function agent.upload_chunk(uuid, bigint, bytea) is
$md$Append one chunk (at most 16 MiB) of an upload at byte OFFSET; returns the bytes received so far.

A chunk sent again at the same offset (a retry) is accepted.$md$;

alter function agent.upload_chunk(uuid, bigint, bytea) owner to dbagent_owner;
revoke all on function agent.upload_chunk(uuid, bigint, bytea) from public;
grant execute on function agent.upload_chunk(uuid, bigint, bytea) to dbagent_agent, dbagent_admin;
