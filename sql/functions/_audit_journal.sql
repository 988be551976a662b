-- Appends an audit row written in the current transaction to the session's audit journal
-- (plpy/dbagent_plpy/audit.py): if the caller's transaction rolls back after the call returned,
-- the reconciliation restores the row.
create or replace function agent._audit_journal(entry jsonb)
returns void
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
import json
from dbagent_plpy import audit
audit.journal(plpy, GD.setdefault('dbagent_plans', {}), json.loads(entry))
$$;

comment on function agent._audit_journal(jsonb) is
$md$Journal an audit row just written in this transaction, so a later rollback of the caller's transaction cannot remove it for good.

Private helper of agent._audit and agent._audit_call.$md$;

alter function agent._audit_journal(jsonb) owner to dbagent_owner;
revoke all on function agent._audit_journal(jsonb) from public;
