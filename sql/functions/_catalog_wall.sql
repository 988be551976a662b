-- The catalog half of the session wall. PostgreSQL lets PUBLIC read every catalog, so an agent
-- login on its own connection could read other bases' table and column names, comments, policy
-- expressions, defaults, function bodies, row counts and other sessions' activity. dbagent moves
-- those rights from PUBLIC to the group dbagent_catalog (in this database: pg_catalog's ACLs are
-- per database), and makes every role that is not an agent or tenant role a member, so other
-- applications, psql's \d, pg_dump and PostgREST keep working for the roles they run as:
--   * SELECT on every pg_catalog table and view except a few that describe no object of a base
--     (access methods, languages, settings, time zones, available extensions, the session's own
--     cursors and prepared statements, COPY progress: another session's shows its pid only);
--   * EXECUTE on the functions that describe objects by oid or name (pg_get_*def, pg_get_expr,
--     obj/col_description, pg_describe_object, pg_identify_object, the relation size functions,
--     pg_stat_get_*, pg_lock_status ...), on the functions that create large objects, and on the
--     advisory lock functions (keys are database-wide: an agent could squat other applications').
-- KEEP_PUBLIC gives PUBLIC back exactly what dbagent_catalog holds (`dbagent install
-- --public-catalog`, for databases whose other applications create roles dbagent cannot know).
-- Run by `dbagent install` (a superuser owns the catalogs), and again for a new role by
-- `grant dbagent_catalog to <role>`.
create or replace function agent._catalog_wall(keep_public boolean default false)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
    _r record;
    _relations integer := 0;
    _functions integer := 0;
    _members integer := 0;
    _open constant text[] := array['pg_am', 'pg_amop', 'pg_amproc', 'pg_available_extensions',
        'pg_available_extension_versions', 'pg_cursors', 'pg_prepared_statements', 'pg_settings',
        'pg_timezone_abbrevs', 'pg_timezone_names', 'pg_language', 'pg_ts_parser', 'pg_ts_template',
        'pg_stat_progress_copy'];
    _described constant text[] := array['obj_description', 'col_description', 'shobj_description',
        'pg_get_viewdef', 'pg_get_ruledef', 'pg_get_indexdef', 'pg_get_constraintdef', 'pg_get_triggerdef',
        'pg_get_functiondef', 'pg_get_function_arguments', 'pg_get_function_identity_arguments',
        'pg_get_function_result', 'pg_get_function_arg_default', 'pg_get_function_sqlbody', 'pg_get_expr',
        'pg_get_partkeydef', 'pg_get_partition_constraintdef', 'pg_get_statisticsobjdef',
        'pg_get_statisticsobjdef_columns', 'pg_get_statisticsobjdef_expressions', 'pg_get_serial_sequence',
        'pg_get_object_address', 'pg_get_replica_identity_index', 'pg_get_publication_tables',
        'pg_get_replication_slots', 'pg_describe_object', 'pg_identify_object', 'pg_identify_object_as_address',
        'pg_relation_size', 'pg_total_relation_size', 'pg_table_size', 'pg_indexes_size', 'pg_relation_filenode',
        'pg_relation_filepath', 'pg_filenode_relation', 'pg_tablespace_location', 'pg_lock_status',
        'pg_prepared_xact', 'pg_index_column_has_property', 'pg_index_has_property', 'pg_column_is_updatable',
        'pg_relation_is_updatable', 'pg_partition_tree', 'pg_partition_ancestors', 'pg_partition_root',
        'lo_creat', 'lo_create', 'lo_from_bytea'];
begin
    if not keep_public then
        for _r in
            select c.oid::pg_catalog.regclass::text as rel
            from pg_catalog.pg_class c
            where c.relnamespace = 'pg_catalog'::pg_catalog.regnamespace and c.relkind in ('r', 'v', 'm')
              and c.relname <> all(_open)
              and exists (select from pg_catalog.aclexplode(c.relacl) a where a.grantee = 0 and a.privilege_type = 'SELECT')
        loop
            execute pg_catalog.format('grant select on %s to dbagent_catalog', _r.rel);
            execute pg_catalog.format('revoke select on %s from public', _r.rel);
            _relations := _relations + 1;
        end loop;
        for _r in
            select p.oid::pg_catalog.regprocedure::text as fn
            from pg_catalog.pg_proc p
            where p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace
              and (p.proname = any(_described)
                   or (p.proname ~ '^pg_stat_get_' and p.proname <> 'pg_stat_get_progress_info')
                   or p.proname ~ '^pg_(try_)?advisory_')
              and exists (select from pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
                          where a.grantee = 0 and a.privilege_type = 'EXECUTE')
        loop
            execute pg_catalog.format('grant execute on function %s to dbagent_catalog', _r.fn);
            execute pg_catalog.format('revoke execute on function %s from public', _r.fn);
            _functions := _functions + 1;
        end loop;
    else
        for _r in
            select c.oid::pg_catalog.regclass::text as rel
            from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
            where c.relnamespace = 'pg_catalog'::pg_catalog.regnamespace
              and a.grantee = 'dbagent_catalog'::pg_catalog.regrole and a.privilege_type = 'SELECT'
        loop
            execute pg_catalog.format('grant select on %s to public', _r.rel);
            execute pg_catalog.format('revoke select on %s from dbagent_catalog', _r.rel);
            _relations := _relations + 1;
        end loop;
        for _r in
            select p.oid::pg_catalog.regprocedure::text as fn
            from pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a
            where p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace
              and a.grantee = 'dbagent_catalog'::pg_catalog.regrole and a.privilege_type = 'EXECUTE'
        loop
            execute pg_catalog.format('grant execute on function %s to public', _r.fn);
            execute pg_catalog.format('revoke execute on function %s from dbagent_catalog', _r.fn);
            _functions := _functions + 1;
        end loop;
    end if;
    -- Every role that is not an agent, a tenant role or an end-user role (dbagent_as_user, a member of
    -- authenticated, runs execute_sql's as_user statements) keeps what PUBLIC had.
    for _r in
        select r.rolname
        from pg_catalog.pg_roles r
        where not r.rolsuper
          and r.rolname not in ('dbagent_catalog', 'dbagent_agent', 'dbagent_tenant', 'dbagent_as_user', 'dbagent_enduser',
                                'anon', 'authenticated')
          and (r.rolname !~ '^pg_' or r.rolname = 'pg_read_all_stats')
          and r.rolname !~ '^dbagent_[atu]_[0-9a-f]{32}$'
          and not pg_catalog.pg_has_role(r.oid, 'dbagent_agent', 'MEMBER')
          and not pg_catalog.pg_has_role(r.oid, 'dbagent_tenant', 'MEMBER')
          and not pg_catalog.pg_has_role(r.oid, 'dbagent_enduser', 'MEMBER')
          and not pg_catalog.pg_has_role(r.oid, 'dbagent_catalog', 'MEMBER')
          and not pg_catalog.pg_has_role('dbagent_catalog', r.oid, 'MEMBER')
    loop
        execute pg_catalog.format('grant dbagent_catalog to %I', _r.rolname);
        _members := _members + 1;
    end loop;
    insert into agent.setting (key, value) values ('public_catalog', pg_catalog.to_jsonb(keep_public))
    on conflict (key) do update set value = excluded.value;
    return pg_catalog.jsonb_build_object('public_catalog', keep_public, 'relations', _relations,
                                         'functions', _functions, 'new_members', _members);
end;
$$;

comment on function agent._catalog_wall(boolean) is
$md$Move PUBLIC's catalog rights (metadata of every object, large object creation, advisory locks) to dbagent_catalog, and make every role but agents, tenant and end-user roles a member; KEEP_PUBLIC gives them back.

Private: run by `dbagent install` as a superuser. Returns what it changed.$md$;

alter function agent._catalog_wall(boolean) owner to dbagent_owner;
revoke all on function agent._catalog_wall(boolean) from public;
