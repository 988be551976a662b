create or replace function agent._remove_base_files(base_id uuid)
returns void
language plpython3u
volatile
set search_path = ''
as $$
import os, shutil, uuid
rows = plpy.execute("select value #>> '{}' as v from agent.setting where key = 'storage_dir'")
if rows and rows[0]['v']:
    path = os.path.join(rows[0]['v'], str(uuid.UUID(base_id)))
    shutil.rmtree(path, ignore_errors=True)
$$;

comment on function agent._remove_base_files(uuid) is
$md$Delete a base's folder in dbagent's storage directory (its uploaded and fetched sources).

Private: called when a base is dropped.$md$;

alter function agent._remove_base_files(uuid) owner to dbagent_owner;
revoke all on function agent._remove_base_files(uuid) from public;
