-- Loads dbagent's server-side Python into this session's PL/Python interpreter.
--
-- dbagent_plpy's modules come from agent._python_module (stored by `dbagent install`, with their
-- bytecode when the installing Python has the server's magic number), so a
-- remote server needs only the third-party packages; their directory, if not on the
-- server Python's own path, comes from agent.setting 'server_python_path'. Both tables
-- are writable only by dbagent's owner: no session setting can redirect the import.
-- pglast is imported with RTLD_DEEPBIND: its bundled libpg_query exports PostgreSQL's own
-- symbol names, which would otherwise bind to the server's and crash the backend.
-- Every PL/Python function of dbagent starts with:
--     if GD.get('dbagent') != '@CODE_VERSION@': plpy.execute('select agent._py_boot()')
create or replace function agent._py_boot()
returns text
language plpython3u
volatile
set search_path = ''
as $$
import sys, os, json, marshal, importlib.abc, importlib.util

for name in [m for m in sys.modules if m == 'dbagent_plpy' or m.startswith('dbagent_plpy.')]:
    del sys.modules[name]
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, '_dbagent_finder', False)]

rows = plpy.execute("select name, is_package, source, code, magic from agent._python_module")
magic = importlib.util.MAGIC_NUMBER
modules = {r['name']: (r['is_package'], r['source'], r['code'] if r['magic'] == magic else None) for r in rows}
setting = plpy.execute("select value from agent.setting where key = 'server_python_path'")
paths = json.loads(setting[0]['value']) if setting else []
for p in reversed(paths):
    if p not in sys.path:
        sys.path.insert(0, p)

class DbagentFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    _dbagent_finder = True

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in modules:
            return None
        is_pkg = modules[fullname][0]
        spec = importlib.util.spec_from_loader(fullname, self, origin='agent._python_module:' + fullname,
                                               is_package=is_pkg)
        if is_pkg:
            spec.submodule_search_locations = []
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        _, src, code = modules[module.__name__]
        module.__file__ = 'agent._python_module:' + module.__name__
        # bytecode compiled at install by a Python with this magic number, else the source
        exec(marshal.loads(code) if code is not None else compile(src, module.__file__, 'exec'), module.__dict__)

sys.meta_path.insert(0, DbagentFinder())

old = sys.getdlopenflags()
sys.setdlopenflags(os.RTLD_NOW | os.RTLD_DEEPBIND)
try:
    import pglast.parser
finally:
    sys.setdlopenflags(old)

GD['dbagent'] = '@CODE_VERSION@'
return GD['dbagent']
$$;

comment on function agent._py_boot() is
$md$Load dbagent's server-side Python (agent._python_module) into this session's PL/Python.

Private. Called by every PL/Python function of dbagent when the session has not loaded the
current code version yet. Imports pglast under RTLD_DEEPBIND.$md$;

alter function agent._py_boot() owner to dbagent_owner;
revoke all on function agent._py_boot() from public;
