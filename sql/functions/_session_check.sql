-- The PL/Python half of agent._session_wall(). It runs only dbagent_plpy.session (no pglast, no
-- _py_boot), so that a session whose first call is get_project does not pay for the parser; the
-- full statement check boots the rest only for texts the quick pattern does not recognise.
create or replace function agent._session_check()
returns jsonb
language plpython3u
volatile
set search_path = ''
as $wall$
# The module's source is put here by dbagent install (@SESSION_WALL_SOURCE@ below), so that the
# check reads no table of dbagent's before it has decided: a refused call in a transaction block
# must leave no lock behind.
w = GD.get('dbagent_wall')
if w is None or w.version != '@CODE_VERSION@':
    ns = {'__name__': 'dbagent_plpy_session_wall'}
    exec(compile(@SESSION_WALL_SOURCE@, 'agent._session_check:dbagent_plpy.session', 'exec'), ns)
    w = GD['dbagent_wall'] = ns['Wall'](GD, '@CODE_VERSION@')
return w.check()
$wall$;

comment on function agent._session_check() is
$md$The session wall's check: NULL when the tool call may proceed, else {"error": {...}} for agent._result().

Private helper of agent._session_wall().$md$;

alter function agent._session_check() owner to dbagent_owner;
revoke all on function agent._session_check() from public;
