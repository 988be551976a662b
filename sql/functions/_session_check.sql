-- The PL/Python half of agent._session_wall(). It loads only dbagent_plpy.session (no pglast, no
-- _py_boot), so that a session whose first call is get_project does not pay for the parser; the
-- full statement check boots the rest only for texts the quick pattern does not recognise.
create or replace function agent._session_check()
returns jsonb
language plpython3u
volatile
set search_path = ''
as $$
w = GD.get('dbagent_wall')
if w is None or w.version != '@CODE_VERSION@':
    row = plpy.execute("select source from agent._python_module where name = 'dbagent_plpy.session'")[0]
    ns = {'__name__': 'dbagent_plpy_session_wall'}
    exec(compile(row['source'], 'agent._python_module:dbagent_plpy.session', 'exec'), ns)
    w = GD['dbagent_wall'] = ns['Wall'](GD, '@CODE_VERSION@')
return w.check()
$$;

comment on function agent._session_check() is
$md$The session wall's check: NULL when the tool call may proceed, else {"error": {...}} for agent._result().

Private helper of agent._session_wall().$md$;

alter function agent._session_check() owner to dbagent_owner;
revoke all on function agent._session_check() from public;
