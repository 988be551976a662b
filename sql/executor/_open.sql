-- Opens a cursor named NAME for one checked statement that returns rows, as the caller (the
-- executor's role). agent_exec._run fetches from it in batches, so a result of huge rows is cut
-- after a few of them instead of being loaded whole; FETCH through SQL also gives the result's
-- column names and types, which a PL/Python cursor does not.
create or replace function agent_exec._open(sql text, name text)
returns void
language plpgsql
volatile
as $$
declare
    _c refcursor := name;
begin
    open _c for execute sql;
end;
$$;

comment on function agent_exec._open(text, text) is
$md$Open cursor NAME for one checked statement that returns rows (agent_exec._run fetches from it).

Private to dbagent's executors.$md$;

alter function agent_exec._open(text, text) owner to dbagent_owner;
revoke all on function agent_exec._open(text, text) from public;
grant execute on function agent_exec._open(text, text) to dbagent_enduser, dbagent_tenant;
