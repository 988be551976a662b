create or replace function agent._refresh_executors()
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
    _b agent.base;
    _n integer := 0;
begin
    for _b in select * from agent.base where dropped_at is null order by created_at loop
        perform agent._create_executors(_b);
        _n := _n + 1;
    end loop;
    return _n;
end;
$$;

comment on function agent._refresh_executors() is
$md$Re-create every live base's executors (after an upgrade changed them). Returns how many bases.

Private: run by `dbagent install`.$md$;

alter function agent._refresh_executors() owner to dbagent_owner;
revoke all on function agent._refresh_executors() from public;
