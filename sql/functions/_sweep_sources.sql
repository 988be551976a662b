create or replace function agent._sweep_sources(base_id uuid, orphan_age_s double precision default 3600)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
import json
from dbagent_plpy import storage
return json.dumps(storage.sweep_base(base_id, orphan_age_s=orphan_age_s))
$$;

comment on function agent._sweep_sources(uuid, double precision) is
$md$Sweep one base's folder in dbagent's storage: files with no committed source row (older than ORPHAN_AGE_S), unfinished uploads, sources past the retention.

Private: the storage quota's checks run it every few minutes per base; admins may run it by hand.$md$;

alter function agent._sweep_sources(uuid, double precision) owner to dbagent_owner;
revoke all on function agent._sweep_sources(uuid, double precision) from public;
