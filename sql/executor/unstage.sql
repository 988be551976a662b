create or replace function agent_exec.unstage(name text)
returns void
language plpgsql
volatile
security definer  -- why: drops the staging objects dbagent_loader owns
set search_path = ''
as $$
begin
    if name !~ '^f_[0-9a-f]{32}$' then
        raise exception 'invalid stage name' using errcode = 'invalid_parameter_value';
    end if;
    execute pg_catalog.format('drop table if exists agent_stage.%I', name || '_r');
    execute pg_catalog.format('drop foreign table if exists agent_stage.%I', name);
end;
$$;

comment on function agent_exec.unstage(text) is
$md$Drop a staged file's foreign table and numbered copy.

Private to import_csv.$md$;

alter function agent_exec.unstage(text) owner to dbagent_loader;
revoke all on function agent_exec.unstage(text) from public;
grant execute on function agent_exec.unstage(text) to dbagent_owner;
