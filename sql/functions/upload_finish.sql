create or replace function agent.upload_finish(source_id uuid, sha256 text default null)
returns jsonb
language plpgsql
volatile
security definer  -- why: reads and writes dbagent's storage and registry
set search_path = ''
as $$
begin
    perform agent._session_wall();
    return agent._result(agent._upload_finish(source_id, sha256));
end;
$$;

comment on function agent.upload_finish(uuid, text) is
$md$Finish an upload: checks the size (and the sha256 when given); returns the source to pass to analyse_csv and import_csv.$md$;

alter function agent.upload_finish(uuid, text) owner to dbagent_owner;
revoke all on function agent.upload_finish(uuid, text) from public;
grant execute on function agent.upload_finish(uuid, text) to dbagent_agent, dbagent_admin;
