-- A base's end-user role (agent.base.user_role, which execute_sql's as_user runs as) mirrors
-- what the base gives authenticated, and nothing more: the privileges on its tables, views,
-- sequences, columns, functions and types granted to authenticated, and a place in every
-- policy for authenticated. It is a member of no role that holds rights in other bases, so an
-- end user of one base reaches no other, whatever SQL runs as it.
-- Returns the statements (GRANT/REVOKE, ALTER POLICY ... TO) that make it so, to run as the
-- base's owner at the end of an execute_sql call that changed the schema.
create or replace function agent._user_role_fixes(schema_name text, user_role text)
returns table (reason text, sql text)
language plpgsql
stable
set search_path = ''
as $$
declare
    _ns oid := pg_catalog.to_regnamespace(schema_name);
    _auth oid := pg_catalog.to_regrole('authenticated');
    _user oid := pg_catalog.to_regrole(pg_catalog.quote_ident(user_role));
    _r record;
begin
    if _ns is null or _auth is null or _user is null then
        return;
    end if;
    reason := 'end users of this base (as_user) get what it grants to authenticated, and nothing of other bases';
    for _r in
        with rels as (
            select c.oid, c.relname, c.relkind, c.relacl
            from pg_catalog.pg_class c
            where c.oid = any(agent._schema_objects(_ns, 'pg_catalog.pg_class'))
              and c.relnamespace = _ns and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
        ), privs as (
            select r.relname, r.relkind, null::text as col, a.privilege_type, a.grantee
            from rels r, pg_catalog.aclexplode(r.relacl) a
            where a.grantee in (_auth, _user)
            union all
            select r.relname, r.relkind, t.attname::text, a.privilege_type, a.grantee
            from rels r
            join pg_catalog.pg_attribute t on t.attrelid = r.oid and t.attnum > 0 and not t.attisdropped
            cross join pg_catalog.aclexplode(t.attacl) a
            where t.attacl is not null and a.grantee in (_auth, _user)
        )
        select p.relname, p.relkind, p.col, p.privilege_type, pg_catalog.bool_or(p.grantee = _auth) as to_auth
        from privs p
        group by p.relname, p.relkind, p.col, p.privilege_type
        having pg_catalog.bool_or(p.grantee = _auth) <> pg_catalog.bool_or(p.grantee = _user)
        order by p.relname, p.col nulls first, p.privilege_type
    loop
        sql := pg_catalog.format('%s %s%s on %s %I.%I %s %I',
            case when _r.to_auth then 'grant' else 'revoke' end, _r.privilege_type,
            case when _r.col is not null then pg_catalog.format(' (%I)', _r.col) else '' end,
            case when _r.relkind = 'S' then 'sequence' else 'table' end, schema_name, _r.relname,
            case when _r.to_auth then 'to' else 'from' end, user_role);
        return next;
    end loop;
    for _r in  -- functions, then types
        select 'function' as kind, p.oid::pg_catalog.regprocedure::text as name, a.privilege_type,
               pg_catalog.bool_or(a.grantee = _auth) as to_auth
        from pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a
        where p.oid = any(agent._schema_objects(_ns, 'pg_catalog.pg_proc')) and p.pronamespace = _ns
          and a.grantee in (_auth, _user)
        group by 2, 3
        having pg_catalog.bool_or(a.grantee = _auth) <> pg_catalog.bool_or(a.grantee = _user)
        union all
        select 'type', pg_catalog.format_type(t.oid, null), a.privilege_type, pg_catalog.bool_or(a.grantee = _auth)
        from pg_catalog.pg_type t, pg_catalog.aclexplode(t.typacl) a
        where t.oid = any(agent._schema_objects(_ns, 'pg_catalog.pg_type')) and t.typnamespace = _ns
          and a.grantee in (_auth, _user)
        group by 2, 3
        having pg_catalog.bool_or(a.grantee = _auth) <> pg_catalog.bool_or(a.grantee = _user)
        order by 1, 2
    loop
        sql := pg_catalog.format('%s %s on %s %s %s %I', case when _r.to_auth then 'grant' else 'revoke' end,
                                 _r.privilege_type, _r.kind, _r.name, case when _r.to_auth then 'to' else 'from' end,
                                 user_role);
        return next;
    end loop;
    for _r in
        select p.polname, c.relname,
               (select pg_catalog.string_agg(case when x = 0 then 'public' else x::pg_catalog.regrole::text end, ', '
                                             order by x)
                from pg_catalog.unnest(p.polroles) x
                where x <> _user) as roles,
               _auth = any(p.polroles) as for_auth
        from pg_catalog.pg_policy p
        join pg_catalog.pg_class c on c.oid = p.polrelid
        where c.oid = any(agent._schema_objects(_ns, 'pg_catalog.pg_class')) and c.relnamespace = _ns
          and (_auth = any(p.polroles)) <> (_user = any(p.polroles))
        order by c.relname, p.polname
    loop
        continue when _r.roles is null;  -- never a policy left without roles
        sql := pg_catalog.format('alter policy %I on %I.%I to %s', _r.polname, schema_name, _r.relname,
                                 case when _r.for_auth then _r.roles || ', ' || pg_catalog.quote_ident(user_role)
                                      else _r.roles end);
        return next;
    end loop;
end;
$$;

comment on function agent._user_role_fixes(text, text) is
$md$Statements that give a base's end-user role exactly what the base grants to authenticated (privileges, policy roles).

Private helper of agent.execute_sql and agent._create_executors.$md$;

alter function agent._user_role_fixes(text, text) owner to dbagent_owner;
revoke all on function agent._user_role_fixes(text, text) from public;
