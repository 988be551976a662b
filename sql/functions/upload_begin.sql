create or replace function agent.upload_begin(base_id uuid, file_name text, size_bytes bigint default null)
returns jsonb
language plpgsql
volatile
security definer  -- why: writes dbagent's storage directory on the server, which agent roles may not
set search_path = ''
as $$
begin
    perform agent._session_wall();
    return agent._result(agent._upload_begin(base_id, file_name, size_bytes));
end;
$$;

comment on function agent.upload_begin(uuid, text, bigint) is
$md$Start uploading a file to a base over this connection; returns source_id and the chunk size.

Send the bytes with agent.upload_chunk(source_id, offset, data) in order, then call
agent.upload_finish(source_id). The CLI does all three for a local path.$md$;

alter function agent.upload_begin(uuid, text, bigint) owner to dbagent_owner;
revoke all on function agent.upload_begin(uuid, text, bigint) from public;
grant execute on function agent.upload_begin(uuid, text, bigint) to dbagent_agent, dbagent_admin;
