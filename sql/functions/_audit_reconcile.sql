create or replace function agent._audit_reconcile()
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
import json
from dbagent_plpy import audit
return json.dumps(audit.reconcile(plpy))
$$;

comment on function agent._audit_reconcile() is
$md$Insert the audit rows of journaled tool calls whose transaction rolled back; delete finished journal files.

Private: run by the housekeeping, agent.admin_audit() and dbagent install. Returns counts.$md$;

alter function agent._audit_reconcile() owner to dbagent_owner;
revoke all on function agent._audit_reconcile() from public;
