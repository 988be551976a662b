-- Runs ONE statement that the parse wall has checked, as whoever calls it: the base's
-- executor (its tenant owner role) or its as_user executor (an end user). The result goes
-- back through the session's PL/Python dictionary (GD), which only dbagent's code reads.
--
-- No SET search_path here, deliberately: the statement must resolve names with the search
-- path of the executor that calls it (the base's schema).
--   mode 'rows':    the statement returns rows; at most max_rows + 1 are fetched (SPI stops a
--                   SELECT there; execute_sql wraps INSERT/UPDATE/DELETE ... RETURNING in a
--                   WITH, which PostgreSQL always runs to completion)
--   mode 'command': anything else; the number of rows processed
create or replace function agent_exec._run(sql text, max_rows integer, mode text)
returns void
language plpython3u
volatile
as $$
slot = {}
GD['dbagent_run'] = None
try:
    if mode == 'command':
        r = plpy.execute(sql)
        slot['nrows'] = r.nrows()
    else:
        r = plpy.execute(sql, max_rows + 1)
        slot['nrows'] = r.nrows()
        slot['colnames'] = r.colnames()
        slot['coltypes'] = r.coltypes()
        slot['rows'] = [[row[c] for c in slot['colnames']] for row in r]
except plpy.SPIError as e:
    # Reported by execute_sql, which rolls the whole call back. (Raised from here, the
    # message would carry PL/Python's "spiexceptions.<Name>: " prefix.)
    # spidata: (sqlerrcode, detail, hint, query, position, schema, table, column, datatype, constraint)
    data = tuple(getattr(e, 'spidata', None) or ()) + (None,) * 10
    slot['error'] = {
        'sqlstate': e.sqlstate,
        'message': e.args[0] if e.args else str(e),
        'detail': data[1],
        'hint': data[2],
        'schema_name': data[5],
        'table_name': data[6],
        'column_name': data[7],
        'datatype_name': data[8],
        'constraint_name': data[9],
    }
# Set last: a nested call (the statement calling _run itself) cannot leave its result in place of ours.
GD['dbagent_run'] = slot
return None
$$;

comment on function agent_exec._run(text, integer, text) is
$md$Run one checked statement as the calling executor's role and leave its result in GD.

Private to dbagent's executors; never handed more than one statement.$md$;

alter function agent_exec._run(text, integer, text) owner to dbagent_owner;
revoke all on function agent_exec._run(text, integer, text) from public;
grant execute on function agent_exec._run(text, integer, text) to dbagent_as_user, dbagent_tenant;
