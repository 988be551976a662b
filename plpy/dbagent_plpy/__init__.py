"""dbagent's server-side Python: the code PL/Python functions in schema ``agent`` call.

Inside PostgreSQL these modules are loaded from ``agent._python_module`` (``dbagent
install`` stores them there), so a remote server needs only the third-party packages
(pglast, duckdb). Outside the server they import normally and are unit-tested with the
``plpy`` stub in ``plpy/stubs``.
"""
