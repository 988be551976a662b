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

-- issue 15: the agent's statements and the data-model rules dbagent ran after them, apart (a
-- replay through execute_sql applies the rules itself).
create or replace function agent._record_migration(base_id uuid, statements text[], rules text[])
returns void
language sql
volatile
set search_path = ''
as $$
    insert into agent.base_migration (base_id, role_name, statements, rules)
    values (_record_migration.base_id, session_user, _record_migration.statements, _record_migration.rules)
$$;

comment on function agent._record_migration(uuid, text[], text[]) is
$md$Append one execute_sql call's schema changes (STATEMENTS) and the rules dbagent applied after them (RULES) to the base's history.

Private helper of agent.execute_sql.$md$;

alter function agent._record_migration(uuid, text[], text[]) owner to dbagent_owner;
revoke all on function agent._record_migration(uuid, text[], text[]) from public;
