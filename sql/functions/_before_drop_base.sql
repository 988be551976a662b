create or replace function agent._before_drop_base(base agent.base)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    null;
end;
$$;

comment on function agent._before_drop_base(agent.base) is
$md$Remove a base's parts outside its schema (executors) before agent.admin_drop_base() drops it.

Private.$md$;

alter function agent._before_drop_base(agent.base) owner to dbagent_owner;
revoke all on function agent._before_drop_base(agent.base) from public;
