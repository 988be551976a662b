-- Whether the calling session's client is still connected (PostgreSQL's own pq_check_connection,
-- the check behind client_connection_check_interval, read through ctypes). True where it cannot
-- be asked (not a client backend, or a server without the symbol).
create or replace function agent._client_connected()
returns boolean
language plpython3u
volatile
set search_path = ''
as $$
f = GD.get('dbagent_pq_check')
if f is None:
    import ctypes
    f = False
    try:
        lib = ctypes.CDLL(None)
        if ctypes.c_void_p.in_dll(lib, 'MyProcPort').value:  # a client backend: the wait set exists
            f = lib.pq_check_connection
            f.restype = ctypes.c_bool
            f.argtypes = []
    except (OSError, AttributeError, ValueError):
        f = False
    GD['dbagent_pq_check'] = f
return True if f is False else bool(f())
$$;

comment on function agent._client_connected() is
$md$Whether this session's client is still connected (true where that cannot be checked).

Private helper of agent._require_client().$md$;

alter function agent._client_connected() owner to dbagent_owner;
revoke all on function agent._client_connected() from public;
