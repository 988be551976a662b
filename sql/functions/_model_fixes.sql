-- The data-model rules that depend on the catalog, as statements to run (as the tenant owner)
-- at the end of an execute_sql call that changed the schema:
--   * every table: row level security enabled and forced;
--   * every table: the policy dbagent_agent_all, which lets the agent (the base's owner role)
--     read and write every row under forced RLS;
--   * every table with the system fields and without a policy of its own: owner-only
--     policies for authenticated (dbagent_owner_select/insert/update/delete on
--     created_by = (select auth.uid())). A table made outside dbagent without created_by gets
--     none: under forced RLS it shows end users nothing, and the advisors say why;
--   * every table with the system fields: the dbagent_system_fields trigger;
--   * tables created by this call (CREATED): select/insert/update/delete for authenticated;
--   * every foreign key whose columns do not lead an index: an index dbagent_fk_*.
create or replace function agent._model_fixes(schema_name text, owner_role text, created text[])
returns table (reason text, sql text)
language plpgsql
stable
set search_path = ''
as $$
declare
    _t record;
    _fk record;
    _uid constant text := '(select auth.uid())';
begin
    for _t in
        select c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity,
               (select count(*) from pg_catalog.pg_attribute a
                where a.attrelid = c.oid and not a.attisdropped
                  and a.attname in ('id', 'created_at', 'updated_at', 'created_by', 'updated_by')) = 5 as has_system,
               exists (select from pg_catalog.pg_policy p where p.polrelid = c.oid and p.polname = 'dbagent_agent_all') as has_agent,
               exists (select from pg_catalog.pg_policy p where p.polrelid = c.oid and p.polname <> 'dbagent_agent_all') as has_policies,
               exists (select from pg_catalog.pg_trigger g where g.tgrelid = c.oid and g.tgname = 'dbagent_system_fields') as has_trigger
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = _model_fixes.schema_name and c.relkind in ('r', 'p')
          and c.oid = any(agent._schema_objects(n.oid, 'pg_catalog.pg_class'))
        order by c.relname
    loop
        -- A table made outside dbagent (no system fields) is left as it is: forcing row level
        -- security on it would hide its rows from the end users its app already serves. The
        -- advisors report it (rls_disabled, missing_system_fields).
        continue when not _t.has_system;
        if not _t.relrowsecurity then
            reason := 'every table has row level security enabled';
            sql := pg_catalog.format('alter table %I.%I enable row level security', schema_name, _t.relname);
            return next;
        end if;
        if not _t.relforcerowsecurity then
            reason := 'row level security is forced, so it binds the table''s owner too';
            sql := pg_catalog.format('alter table %I.%I force row level security', schema_name, _t.relname);
            return next;
        end if;
        if not _t.has_agent then
            reason := 'the agent (the base''s owner role) may read and write every row';
            sql := pg_catalog.format(
                'create policy dbagent_agent_all on %I.%I as permissive for all to %I using (true) with check (true)',
                schema_name, _t.relname, owner_role);
            return next;
        end if;
        if not _t.has_policies and _t.has_system then
            reason := 'no policy was written for this table: signed-in users see and change only their own rows';
            sql := pg_catalog.format('create policy dbagent_owner_select on %I.%I for select to authenticated using (created_by = %s)',
                                     schema_name, _t.relname, _uid);
            return next;
            sql := pg_catalog.format('create policy dbagent_owner_insert on %I.%I for insert to authenticated with check (created_by = %s)',
                                     schema_name, _t.relname, _uid);
            return next;
            sql := pg_catalog.format('create policy dbagent_owner_update on %I.%I for update to authenticated using (created_by = %s) with check (created_by = %s)',
                                     schema_name, _t.relname, _uid, _uid);
            return next;
            sql := pg_catalog.format('create policy dbagent_owner_delete on %I.%I for delete to authenticated using (created_by = %s)',
                                     schema_name, _t.relname, _uid);
            return next;
        end if;
        if _t.has_system and not _t.has_trigger then
            reason := 'updated_at and updated_by follow every update; id, created_at, created_by never change';
            sql := pg_catalog.format(
                'create trigger dbagent_system_fields before update on %I.%I for each row execute function agent_exec.system_fields()',
                schema_name, _t.relname);
            return next;
        end if;
        if _t.relname = any(coalesce(created, '{}')) then
            reason := 'signed-in users (authenticated) may use the table, row by row as the policies allow';
            sql := pg_catalog.format('grant select, insert, update, delete on %I.%I to authenticated', schema_name, _t.relname);
            return next;
        end if;
    end loop;
    for _fk in
        select c.relname, k.conname,
               array(select a.attname::text from pg_catalog.unnest(k.conkey) with ordinality u(n, i)
                     join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n
                     order by u.i) as cols
        from pg_catalog.pg_constraint k
        join pg_catalog.pg_class c on c.oid = k.conrelid
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = _model_fixes.schema_name and k.contype = 'f'
          and c.oid = any(agent._schema_objects(n.oid, 'pg_catalog.pg_class'))
          and not exists (
              select from pg_catalog.pg_index i
              where i.indrelid = k.conrelid and i.indpred is null
                and (select array_agg(x order by x) from pg_catalog.unnest((i.indkey::int2[])[0:pg_catalog.cardinality(k.conkey) - 1]) x)
                    = (select array_agg(x order by x) from pg_catalog.unnest(k.conkey) x))
        order by c.relname, k.conname
    loop
        reason := 'foreign keys are indexed (joins and cascading deletes stay fast)';
        sql := pg_catalog.format('create index %I on %I.%I (%s)',
            pg_catalog.left('dbagent_fk_' || _fk.relname || '_' || pg_catalog.array_to_string(_fk.cols, '_'), 54)
                || '_' || pg_catalog.left(pg_catalog.md5(_fk.relname || _fk.conname), 8),
            schema_name, _fk.relname,
            (select pg_catalog.string_agg(pg_catalog.quote_ident(x), ', ') from pg_catalog.unnest(_fk.cols) x));
        return next;
    end loop;
    -- issue 15: the recoverability rules (keeper grants, dbagent_keep_* triggers)
    return query select f.reason, f.sql from agent._recovery_fixes(_model_fixes.schema_name, _model_fixes.owner_role) f;
end;
$$;

comment on function agent._model_fixes(text, text, text[]) is
$md$The catalog-dependent data-model rules of a base, as statements to run as its owner (RLS, policies, trigger, grants, FK indexes).

Private helper of agent.execute_sql.$md$;

alter function agent._model_fixes(text, text, text[]) owner to dbagent_owner;
revoke all on function agent._model_fixes(text, text, text[]) from public;
