-- The PL/Python body of the snapshot, clone, dump, load and history tools (branch.py).
create or replace function agent._branch(action text, params jsonb)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy import branch
return branch.call(GD, action, params)
$$;

comment on function agent._branch(text, jsonb) is
$md$The PL/Python body of the snapshot, clone, dump, load and history tools: the result, or {"error": {...}} for agent._result().

Private.$md$;

alter function agent._branch(text, jsonb) owner to dbagent_owner;
revoke all on function agent._branch(text, jsonb) from public;
