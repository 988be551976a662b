-- depends: 0017.tenant-group
-- dbagent_plpy's modules stored compiled too: a new session loads bytecode instead of compiling
-- every module from source. MAGIC is the compiling Python's importlib magic number; a server
-- Python with another one compiles from SOURCE as before.
alter table agent._python_module add column code bytea, add column magic bytea;
