-- Ends agent sessions that hold a transaction open past their base's limits and reconciles the
-- audit journal (plpy/dbagent_plpy/housekeeping.py). Run by the session wall from agents' tool
-- calls (every ten seconds per session at most), by admin_audit and by dbagent install.
create or replace function agent._housekeeping(reconcile boolean default null)
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
import json
from dbagent_plpy import housekeeping
return json.dumps(housekeeping.run(GD, reconcile=reconcile), default=str)
$$;

comment on function agent._housekeeping(boolean) is
$md$End agent sessions idle (or running other statements) in a transaction past their limits; reconcile the audit journal when due (RECONCILE true: now).

Private. Returns the sessions ended and the journal's figures.$md$;

alter function agent._housekeeping(boolean) owner to dbagent_owner;
revoke all on function agent._housekeeping(boolean) from public;
