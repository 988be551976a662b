create or replace function agent._upload_finish(source_id uuid, sha256 text)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy import csvtools
return csvtools.upload_finish(GD, source_id, sha256)
$$;

comment on function agent._upload_finish(uuid, text) is
$md$The PL/Python body of agent.upload_finish: returns the result, or {"error": {...}} for agent._result() to raise.

Private.$md$;

alter function agent._upload_finish(uuid, text) owner to dbagent_owner;
revoke all on function agent._upload_finish(uuid, text) from public;
