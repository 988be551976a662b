-- The trigger dbagent puts on every table it creates (dbagent_system_fields, BEFORE UPDATE):
-- id, created_at and created_by never change; updated_at and updated_by follow each update
-- (updated_by is the signed-in end user, NULL when the agent itself writes).
create or replace function agent_exec.system_fields()
returns trigger
language plpgsql
volatile
set search_path = ''
as $$
begin
    new.id := old.id;
    new.created_at := old.created_at;
    new.created_by := old.created_by;
    new.updated_at := pg_catalog.now();
    new.updated_by := auth.uid();
    return new;
end;
$$;

comment on function agent_exec.system_fields() is
$md$Keep a row's system fields true on UPDATE: id, created_at, created_by fixed; updated_at, updated_by set.

Used by the dbagent_system_fields trigger of every table dbagent creates.$md$;

alter function agent_exec.system_fields() owner to dbagent_owner;
revoke all on function agent_exec.system_fields() from public;
-- tenant owners create the dbagent_system_fields trigger on their tables
grant execute on function agent_exec.system_fields() to dbagent_tenant;
