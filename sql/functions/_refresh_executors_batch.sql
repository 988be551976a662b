-- What `dbagent install` runs when the executors' definition changed: the live bases after
-- AFTER (by base_id), BATCH of them, each batch in a transaction of its own. One transaction
-- for every base would hold a lock on each of their 2 executors until it ends, and with
-- thousands of bases that is more than PostgreSQL's shared lock table holds (out of shared
-- memory, max_locks_per_transaction).
create or replace function agent._refresh_executors_batch(after uuid, batch integer)
returns uuid
language plpgsql
volatile
set search_path = ''
as $$
declare
    _b agent.base;
    _last uuid;
begin
    for _b in select * from agent.base b
              where b.dropped_at is null and (after is null or b.base_id > after)
              order by b.base_id
              limit batch loop
        perform agent._create_executors(_b);
        _last := _b.base_id;
    end loop;
    return _last;
end;
$$;

comment on function agent._refresh_executors_batch(uuid, integer) is
$md$Re-create the executors of up to BATCH live bases after AFTER (by base_id); returns the last one, NULL when none was left.

Private: `dbagent install` calls it in a loop, one transaction per batch.$md$;

alter function agent._refresh_executors_batch(uuid, integer) owner to dbagent_owner;
revoke all on function agent._refresh_executors_batch(uuid, integer) from public;
