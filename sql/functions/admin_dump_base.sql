create or replace function agent.admin_dump_base(base text)
returns jsonb
language plpgsql
volatile
security definer  -- why: reads a base's catalog and locks its tables as their owner
set search_path = ''
as $$
declare
    _b agent.base;
begin
    perform agent._require_admin('dump bases');
    _b := agent._base_by_name(base);
    return agent._result(agent._branch('dump_begin', pg_catalog.jsonb_build_object('base_id', _b.base_id)));
end;
$$;

comment on function agent.admin_dump_base(text) is
$md$Start a dump of base BASE: its schema image (DDL that rebuilds it in any base) and its tables; the tables stay locked against writes until the transaction ends.

Admin only. Call it, then agent.admin_dump_rows(BASE, table) for each table, in one REPEATABLE
READ transaction (`dbagent base dump` does).$md$;

alter function agent.admin_dump_base(text) owner to dbagent_owner;
revoke all on function agent.admin_dump_base(text) from public;
grant execute on function agent.admin_dump_base(text) to dbagent_admin;
