create or replace function agent._sensitive_name(name text)
returns text
language plpython3u
immutable
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy.secrets import sensitive_name
return sensitive_name(name or '')
$$;

comment on function agent._sensitive_name(text) is
$md$The kind of secret a column name denotes (password, api_key, card_number...), or NULL.

Private helper of the sensitive_columns advisor (the same rule execute_sql applies).$md$;

alter function agent._sensitive_name(text) owner to dbagent_owner;
revoke all on function agent._sensitive_name(text) from public;
