create or replace function agent._upload_begin(base_id uuid, file_name text, size_bytes bigint)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy import csvtools
return csvtools.upload_begin(GD, base_id, file_name, size_bytes)
$$;

comment on function agent._upload_begin(uuid, text, bigint) is
$md$The PL/Python body of agent.upload_begin: returns the result, or {"error": {...}} for agent._result() to raise.

Private.$md$;

alter function agent._upload_begin(uuid, text, bigint) owner to dbagent_owner;
revoke all on function agent._upload_begin(uuid, text, bigint) from public;
