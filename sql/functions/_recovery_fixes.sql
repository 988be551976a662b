-- The data-model rules of recoverability (issue 15), as statements to run as the base's owner
-- at the end of an execute_sql call that changed the schema (agent._model_fixes returns them
-- after its own):
--   * dbagent_keeper may use the schema and read every table (it copies rows to the recycle
--     schema; it bypasses row level security and runs no tenant code);
--   * every table: the triggers dbagent_keep_delete, dbagent_keep_update (statement-level,
--     AFTER, transition table dbagent_old) and dbagent_keep_truncate (BEFORE TRUNCATE), which
--     keep what a tool call's DELETE, UPDATE, MERGE or TRUNCATE destroys (agent_exec.keep_rows,
--     agent_exec.keep_truncate).
create or replace function agent._recovery_fixes(schema_name text, owner_role text)
returns table (reason text, sql text)
language plpgsql
stable
set search_path = ''
as $$
declare
    _ns oid := (select n.oid from pg_catalog.pg_namespace n where n.nspname = _recovery_fixes.schema_name);
    _t record;
    _why constant text := 'what a tool call deletes, changes in bulk or truncates stays recoverable';
begin
    if _ns is null then
        return;
    end if;
    if not pg_catalog.has_schema_privilege('dbagent_keeper', _ns, 'USAGE') then
        reason := 'dbagent_keeper copies rows a tool call destroys into the base''s recycle schema';
        sql := pg_catalog.format('grant usage on schema %I to dbagent_keeper', schema_name);
        return next;
    end if;
    for _t in
        select c.oid, c.relname,
               pg_catalog.has_table_privilege('dbagent_keeper', c.oid, 'SELECT') as readable,
               array(select g.tgname::text from pg_catalog.pg_trigger g
                     where g.tgrelid = c.oid and g.tgname in ('dbagent_keep_delete', 'dbagent_keep_update',
                                                               'dbagent_keep_truncate')) as triggers
        from pg_catalog.pg_class c
        where c.oid = any(agent._schema_objects(_ns, 'pg_catalog.pg_class')) and c.relnamespace = _ns and c.relkind = 'r'
        order by c.relname
    loop
        if not _t.readable then
            reason := _why;
            sql := pg_catalog.format('grant select on %I.%I to dbagent_keeper', schema_name, _t.relname);
            return next;
        end if;
        if not 'dbagent_keep_delete' = any(_t.triggers) then
            reason := _why;
            sql := pg_catalog.format('create trigger dbagent_keep_delete after delete on %I.%I referencing old table as '
                                     'dbagent_old for each statement execute function agent_exec.keep_rows()',
                                     schema_name, _t.relname);
            return next;
        end if;
        if not 'dbagent_keep_update' = any(_t.triggers) then
            reason := _why;
            sql := pg_catalog.format('create trigger dbagent_keep_update after update on %I.%I referencing old table as '
                                     'dbagent_old for each statement execute function agent_exec.keep_rows()',
                                     schema_name, _t.relname);
            return next;
        end if;
        if not 'dbagent_keep_truncate' = any(_t.triggers) then
            reason := _why;
            sql := pg_catalog.format('create trigger dbagent_keep_truncate before truncate on %I.%I '
                                     'for each statement execute function agent_exec.keep_truncate()',
                                     schema_name, _t.relname);
            return next;
        end if;
    end loop;
end;
$$;

comment on function agent._recovery_fixes(text, text) is
$md$The recoverability rules of a base, as statements to run as its owner (keeper grants, the dbagent_keep_* triggers).

Private helper of agent._model_fixes.$md$;

alter function agent._recovery_fixes(text, text) owner to dbagent_owner;
revoke all on function agent._recovery_fixes(text, text) from public;
