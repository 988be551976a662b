create or replace function agent._upload_chunk(source_id uuid, "offset" bigint, data bytea)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy import csvtools
return csvtools.upload_chunk(GD, source_id, offset, data)
$$;

comment on function agent._upload_chunk(uuid, bigint, bytea) is
$md$The PL/Python body of agent.upload_chunk: returns the result, or {"error": {...}} for agent._result() to raise.

Private.$md$;

alter function agent._upload_chunk(uuid, bigint, bytea) owner to dbagent_owner;
revoke all on function agent._upload_chunk(uuid, bigint, bytea) from public;
