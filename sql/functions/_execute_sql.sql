create or replace function agent._execute_sql(base_id uuid, sql text, options jsonb)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy import runner
return runner.execute_sql(GD, base_id, sql, options)
$$;

comment on function agent._execute_sql(uuid, text, jsonb) is
$md$The PL/Python body of agent.execute_sql: returns the result, or {"error": {...}} for agent._result() to raise.

Private.$md$;

alter function agent._execute_sql(uuid, text, jsonb) owner to dbagent_owner;
revoke all on function agent._execute_sql(uuid, text, jsonb) from public;
