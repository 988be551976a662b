create or replace function agent._refresh_executors()
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
    _last uuid;
begin
    loop  -- the same batches dbagent install runs, here all in this one transaction
        _last := agent._refresh_executors_batch(_last, 500);
        exit when _last is null;
    end loop;
    return (select count(*) from agent.base where dropped_at is null);
end;
$$;

comment on function agent._refresh_executors() is
$md$Re-create every live base's executors in this one transaction. Returns how many bases.

Private: `dbagent install` runs agent._refresh_executors_batch() instead, a transaction per
batch; this one suits a superuser repairing a few hundred bases by hand.$md$;

alter function agent._refresh_executors() owner to dbagent_owner;
revoke all on function agent._refresh_executors() from public;
