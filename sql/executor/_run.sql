-- Runs ONE statement that the parse wall has checked, as whoever calls it: the base's
-- executor (its tenant owner role) or its as_user executor (an end user). The result goes
-- back through the session's PL/Python dictionary (GD), which only dbagent's code reads.
--
-- No SET search_path here, deliberately: the statement must resolve names with the search
-- path of the executor that calls it (the base's schema).
--   mode 'command':   anything that returns no rows; the number of rows processed
--   mode 'rows':      a statement that returns rows: at most max_rows + 1 are fetched (and at
--                     most the call's result bytes kept)
--   mode 'returning': INSERT/UPDATE/DELETE/MERGE ... RETURNING, run to completion inside a
--                     fixed WITH wrapper that counts every row it returned
-- The body is dbagent_plpy.executor.run_here, loaded by agent._py_boot(); it refuses a text
-- that is not exactly one statement, whatever its caller checked.
create or replace function agent_exec._run(sql text, max_rows integer, mode text)
returns void
language plpython3u
volatile
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    # dbagent's modules come from the database (never from the server's sys.path), and pglast
    # only ever under RTLD_DEEPBIND: agent._py_boot(), through agent_exec._boot().
    plpy.execute('select agent_exec._boot()')
from dbagent_plpy import executor
executor.run_here(GD, sql, max_rows, mode)
return None
$$;

comment on function agent_exec._run(text, integer, text) is
$md$Run one checked statement as the calling executor's role and leave its result in GD.

Private to dbagent's executors; a text holding more than one statement never runs.$md$;

alter function agent_exec._run(text, integer, text) owner to dbagent_owner;
revoke all on function agent_exec._run(text, integer, text) from public;
grant execute on function agent_exec._run(text, integer, text) to dbagent_enduser, dbagent_tenant;
