-- What a base stores, in bytes: its relations (tables with their indexes and TOAST, sequences,
-- materialized views) and the sources it uploaded or fetched (import-directory files are the
-- admin's), against its quota.
--
-- The files agent._base_files names are measured with stat() (a backend's working directory is
-- the data directory), not with pg_total_relation_size: that one locks each relation, and two calls
-- measuring after their DDL (each holding a table the other would measure) would deadlock. A
-- relation another call creates or drops counts as its transaction left it (created: not yet;
-- dropped: still).
create or replace function agent._base_storage(base_id uuid)
returns jsonb
language plpython3u
stable
set search_path = ''
as $$
import json, os
plan = GD.get('dbagent_base_files_plan')
if plan is None:
    plan = GD['dbagent_base_files_plan'] = plpy.prepare("select agent._base_files($1)::text as f", ["uuid"])
files = json.loads(plpy.execute(plan, [base_id])[0]['f'])
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

comment on function agent._base_storage(uuid) is
$md$A base's storage in bytes: tables (with indexes and TOAST), sources, their total, and its quota.

Private: get_project's report and the storage quota's exact measure. Takes no lock.$md$;

alter function agent._base_storage(uuid) owner to dbagent_owner;
revoke all on function agent._base_storage(uuid) from public;
