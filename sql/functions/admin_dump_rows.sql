create or replace function agent.admin_dump_rows(base text, table_name text)
returns setof text
language plpgsql
stable
security definer  -- why: reads every row of a base's table through dbagent_keeper
set search_path = ''
as $$
declare
    _b agent.base;
begin
    perform agent._require_admin('dump bases');
    _b := agent._base_by_name(base);
    perform pg_catalog.set_config('dbagent.copy_source', _b.schema_name, true);
    return query select r from agent_exec.read_rows(_b.schema_name, table_name) r;
end;
$$;

comment on function agent.admin_dump_rows(text, text) is
$md$The rows of one table of base BASE, each as its row type's text (exact for every type), for a dump.

Admin only. Every row, whatever the table's policies say.$md$;

alter function agent.admin_dump_rows(text, text) owner to dbagent_owner;
revoke all on function agent.admin_dump_rows(text, text) from public;
grant execute on function agent.admin_dump_rows(text, text) to dbagent_admin;
