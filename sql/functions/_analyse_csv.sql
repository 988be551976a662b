create or replace function agent._analyse_csv(base_id uuid, source text, options jsonb)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy import csvtools
return csvtools.analyse_csv(GD, base_id, source, options)
$$;

comment on function agent._analyse_csv(uuid, text, jsonb) is
$md$The PL/Python body of agent.analyse_csv: returns the result, or {"error": {...}} for agent._result() to raise.

Private.$md$;

alter function agent._analyse_csv(uuid, text, jsonb) owner to dbagent_owner;
revoke all on function agent._analyse_csv(uuid, text, jsonb) from public;
