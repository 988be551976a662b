create or replace function agent._record_migration(base_id uuid, statements text[])
returns void
language sql
volatile
set search_path = ''
as $$
    insert into agent.base_migration (base_id, role_name, statements)
    values (_record_migration.base_id, session_user, _record_migration.statements)
$$;

comment on function agent._record_migration(uuid, text[]) is
$md$Append the schema-changing statements of one execute_sql call to the base's migration history.

Private helper of agent.execute_sql.$md$;

alter function agent._record_migration(uuid, text[]) owner to dbagent_owner;
revoke all on function agent._record_migration(uuid, text[]) from public;
