-- What a base stores, in bytes: its relations (tables with their indexes and TOAST, sequences,
-- materialized views) and the sources it uploaded or fetched (import-directory files are the
-- admin's), against its quota.
--
-- The files agent._base_files names are measured with stat() (a backend's working directory is
-- the data directory), not with pg_total_relation_size: that one locks each relation, and two calls
-- measuring after their DDL (each holding a table the other would measure) would deadlock. A
-- relation another call creates or drops counts as its transaction left it (created: not yet;
-- dropped: still).
create or replace function agent._base_storage(base_id uuid, fresh boolean default true)
returns jsonb
language plpython3u
stable
set search_path = ''
as $$
import json, os, time
# The catalog read is what costs: unless FRESH, a list of files read by this session less than two
# seconds ago serves (the storage quota's checks keep the same list, dbagent_plpy/storage.py).
cache = GD.setdefault('dbagent_base_files', {})
hit = cache.get(base_id)
if fresh or hit is None or time.monotonic() - hit[0] > 2.0:
    plan = GD.get('dbagent_base_files_plan')
    if plan is None:
        plan = GD['dbagent_base_files_plan'] = plpy.prepare("select agent._base_files($1)::text as f", ["uuid"])
    hit = cache[base_id] = (time.monotonic(), json.loads(plpy.execute(plan, [base_id])[0]['f']))
files = hit[1]
tables = 0
for path in files['paths']:
    for fork in ('', '_fsm', '_vm', '_init'):
        seg = 0
        while True:
            try:
                tables += os.stat(path + fork + ('.%d' % seg if seg else '')).st_size
            except FileNotFoundError:
                break
            seg += 1
return json.dumps({'tables': tables, 'sources': int(files['sources']), 'total': tables + int(files['sources']),
                   'quota': files['quota']})
$$;

comment on function agent._base_storage(uuid, boolean) is
$md$A base's storage in bytes: tables (with indexes and TOAST), sources, their total, and its quota. Not FRESH: the list of its files (and the sources' bytes) may be two seconds old.

Private: get_project's report (not fresh) and the storage quota's exact measure. Takes no lock.$md$;

alter function agent._base_storage(uuid, boolean) owner to dbagent_owner;
revoke all on function agent._base_storage(uuid, boolean) from public;
