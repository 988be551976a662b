create or replace function agent._before_drop_base(base agent.base)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    _hex text := pg_catalog.replace(base.base_id::text, '-', '');
begin
    execute pg_catalog.format('drop function if exists agent_exec.%I(text, integer, text, integer, text)', 'run_' || _hex);
    execute pg_catalog.format('drop function if exists agent_exec.%I(text, integer, text, integer, text)', 'as_user_' || _hex);
    perform agent._remove_base_files(base.base_id);
    -- issue 15: what the base kept (recycle schema, snapshots) goes with it
    execute pg_catalog.format('drop schema if exists %I cascade', 'dbagent_r_' || _hex);
    update agent.recoverable r set purged_at = pg_catalog.now() where r.base_id = base.base_id and r.purged_at is null;
    update agent.snapshot s set dropped_at = pg_catalog.now() where s.base_id = base.base_id and s.dropped_at is null;
end;
$$;

comment on function agent._before_drop_base(agent.base) is
$md$Remove a base's parts outside its schema (its executors) before agent.admin_drop_base() drops it.

Private.$md$;

alter function agent._before_drop_base(agent.base) owner to dbagent_owner;
revoke all on function agent._before_drop_base(agent.base) from public;
