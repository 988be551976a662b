-- Loads dbagent's server Python for an executor that runs before any tool has in this session
-- (agent_exec._run, called directly): the modules come from agent._python_module, which only
-- dbagent's owner reads. Harmless to call again: it loads dbagent's own code.
create or replace function agent_exec._boot()
returns void
language plpgsql
volatile
security definer  -- why: loads dbagent's server Python (agent._python_module) for an executor called first
set search_path = ''
as $$
begin
    perform agent._py_boot();
end;
$$;

comment on function agent_exec._boot() is
$md$Load dbagent's server Python into this session (for an executor called before any tool).

Private to dbagent's executors.$md$;

alter function agent_exec._boot() owner to dbagent_owner;
revoke all on function agent_exec._boot() from public;
grant execute on function agent_exec._boot() to dbagent_enduser, dbagent_tenant;
