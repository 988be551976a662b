create or replace function agent._import_csv(base_id uuid, source text, table_name text, mapping jsonb, options jsonb)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy import csvtools
return csvtools.import_csv(GD, base_id, source, table_name, mapping, options)
$$;

comment on function agent._import_csv(uuid, text, text, jsonb, jsonb) is
$md$The PL/Python body of agent.import_csv: returns the result, or {"error": {...}} for agent._result() to raise.

Private.$md$;

alter function agent._import_csv(uuid, text, text, jsonb, jsonb) owner to dbagent_owner;
revoke all on function agent._import_csv(uuid, text, text, jsonb, jsonb) from public;
