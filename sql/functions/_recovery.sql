-- The PL/Python bodies of agent.recoverable, agent.restore and agent.admin_purge (recovery.py).
create or replace function agent._recovery(action text, base_id uuid, item text, options jsonb)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy import recovery
if action == 'list':
    return recovery.listing(GD, base_id)
if action == 'restore':
    return recovery.restore(GD, base_id, item, options)
if action == 'purge':
    return recovery.admin_purge(GD, base_id, item, options)
plpy.error('unknown action', sqlstate='22023')
$$;

comment on function agent._recovery(text, uuid, text, jsonb) is
$md$The PL/Python body of the recovery tools: returns the result, or {"error": {...}} for agent._result() to raise.

Private.$md$;

alter function agent._recovery(text, uuid, text, jsonb) owner to dbagent_owner;
revoke all on function agent._recovery(text, uuid, text, jsonb) from public;
