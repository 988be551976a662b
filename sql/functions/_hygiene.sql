-- The role, grant and function facts dbagent's guarantees rest on, checked in the live
-- database: one row per check (check_name, ok, detail, fix), in a fixed order. `dbagent
-- doctor` prints them; tests assert them. A failing row's detail names up to five offenders
-- and how many there are; its fix says what to run.
--
-- The deliberate exceptions are the ones tests/sql/test_hygiene.py documents:
-- agent_exec._run and _open pin no search_path (they run with their calling executor's), and
-- agent._audit_autonomous and agent._drop_owned are owned by the installing superuser and
-- executable by dbagent_owner alone (the passwordless loopback connection of the audit; the
-- DROP OWNED that makes a dropped base's roles droppable whatever other roles granted them).
create or replace function agent._hygiene()
returns table (check_name text, ok boolean, detail text, fix text)
language sql
stable
set search_path = ''
as $$
with
fns as (
    select p.oid::pg_catalog.regprocedure::text as sig, p.proname::text as proname, n.nspname::text as nsp,
           p.prosecdef, pg_catalog.pg_get_userbyid(p.proowner)::text as owner, p.proconfig,
           coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner)) as acl, p.proowner
    from pg_catalog.pg_proc p
    join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('agent', 'agent_exec')
),
grantees as (
    select f.sig, coalesce(pg_catalog.array_agg(a.grantee::pg_catalog.regrole::text
                                                order by a.grantee::pg_catalog.regrole::text)
                               filter (where a.grantee <> 0 and a.grantee <> f.proowner), '{}') as roles
    from fns f
    left join lateral pg_catalog.aclexplode(f.acl) a on a.privilege_type = 'EXECUTE'
    where f.nsp = 'agent'
    group by f.sig
),
live as (
    select b.base_id, b.schema_name, b.owner_role, b.agent_role, b.user_role from agent.base b where b.dropped_at is null
),
agent_roles as (
    select r.oid, r.rolname::text as rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
           r.rolreplication
    from pg_catalog.pg_roles r
    where r.rolname in (select l.agent_role from live l union select a.role_name from agent.project_agent a)
),
owner_roles as (
    select r.oid, r.rolname::text as rolname, r.rolsuper, r.rolcanlogin, r.rolcreaterole, r.rolcreatedb,
           r.rolbypassrls, r.rolreplication
    from pg_catalog.pg_roles r
    where r.rolname in (select l.owner_role from live l)
),
schemas as (
    select n.nspname::text as nspname, coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner)) as acl
    from pg_catalog.pg_namespace n
    where n.nspname in ('agent', 'agent_exec', 'agent_stage', 'agent_dblink')
       or n.nspname in (select l.schema_name from live l)
),
problems (check_name, what) as (
    -- dbagent's owner role
    select 'dbagent_owner role', 'dbagent_owner does not exist'
    where not exists (select from pg_catalog.pg_roles r where r.rolname = 'dbagent_owner')
    union all
    select 'dbagent_owner role', 'dbagent_owner has ' || pg_catalog.concat_ws(', ',
               case when r.rolsuper then 'SUPERUSER' end, case when r.rolcanlogin then 'LOGIN' end,
               case when r.rolbypassrls then 'BYPASSRLS' end, case when r.rolcreatedb then 'CREATEDB' end,
               case when r.rolreplication then 'REPLICATION' end)
    from pg_catalog.pg_roles r
    where r.rolname = 'dbagent_owner'
      and (r.rolsuper or r.rolcanlogin or r.rolbypassrls or r.rolcreatedb or r.rolreplication)
    -- agent login roles: members of dbagent_agent and of nothing else, no attributes
    union all
    select 'agent roles', pg_catalog.format('%s is a member of %s', a.rolname, m.roleid::pg_catalog.regrole)
    from agent_roles a
    join pg_catalog.pg_auth_members m on m.member = a.oid
    where m.roleid::pg_catalog.regrole::text <> 'dbagent_agent'
    union all
    select 'agent roles', pg_catalog.format('%s is not a member of dbagent_agent', a.rolname)
    from agent_roles a
    where not exists (select from pg_catalog.pg_auth_members m
                      where m.member = a.oid and m.roleid::pg_catalog.regrole::text = 'dbagent_agent')
    union all
    select 'agent roles', a.rolname || ' has ' || pg_catalog.concat_ws(', ',
               case when a.rolsuper then 'SUPERUSER' end, case when a.rolcreaterole then 'CREATEROLE' end,
               case when a.rolcreatedb then 'CREATEDB' end, case when a.rolbypassrls then 'BYPASSRLS' end,
               case when a.rolreplication then 'REPLICATION' end)
    from agent_roles a
    where a.rolsuper or a.rolcreaterole or a.rolcreatedb or a.rolbypassrls or a.rolreplication
    -- tenant owner roles: NOLOGIN, no attributes, members of dbagent_tenant only, no members (dbagent_owner
    -- borrows one for a transaction)
    union all
    select 'tenant owner roles', o.rolname || ' has ' || pg_catalog.concat_ws(', ',
               case when o.rolsuper then 'SUPERUSER' end, case when o.rolcanlogin then 'LOGIN' end,
               case when o.rolcreaterole then 'CREATEROLE' end, case when o.rolcreatedb then 'CREATEDB' end,
               case when o.rolbypassrls then 'BYPASSRLS' end, case when o.rolreplication then 'REPLICATION' end)
    from owner_roles o
    where o.rolsuper or o.rolcanlogin or o.rolcreaterole or o.rolcreatedb or o.rolbypassrls or o.rolreplication
    union all
    select 'tenant owner roles', pg_catalog.format('%s is a member of tenant owner role %s',
                                                   m.member::pg_catalog.regrole, o.rolname)
    from owner_roles o
    join pg_catalog.pg_auth_members m on m.roleid = o.oid
    union all
    select 'tenant owner roles', pg_catalog.format('%s is a member of %s', o.rolname, m.roleid::pg_catalog.regrole)
    from owner_roles o
    join pg_catalog.pg_auth_members m on m.member = o.oid
    where m.roleid::pg_catalog.regrole::text <> 'dbagent_tenant'
    union all
    select 'tenant owner roles', o.rolname || ' is not a member of dbagent_tenant'
    from owner_roles o
    where not exists (select from pg_catalog.pg_auth_members m
                      where m.member = o.oid and m.roleid::pg_catalog.regrole::text = 'dbagent_tenant')
    union all
    select 'tenant owner roles', 'dbagent_tenant has ' || pg_catalog.concat_ws(', ',
               case when t.rolsuper then 'SUPERUSER' end, case when t.rolcanlogin then 'LOGIN' end,
               case when t.rolcreaterole then 'CREATEROLE' end, case when t.rolcreatedb then 'CREATEDB' end,
               case when t.rolbypassrls then 'BYPASSRLS' end, case when t.rolreplication then 'REPLICATION' end)
    from pg_catalog.pg_roles t
    where t.rolname = 'dbagent_tenant'
      and (t.rolsuper or t.rolcanlogin or t.rolcreaterole or t.rolcreatedb or t.rolbypassrls or t.rolreplication)
    union all
    select 'tenant owner roles', pg_catalog.format('dbagent_tenant is a member of %s', m.roleid::pg_catalog.regrole)
    from pg_catalog.pg_auth_members m
    where m.member = (select r.oid from pg_catalog.pg_roles r where r.rolname = 'dbagent_tenant')
    -- TEMP: nobody in dbagent's database gets it by default; no agent or tenant role has it
    union all
    select 'TEMP revoked', 'PUBLIC has TEMPORARY on database ' || pg_catalog.current_database()
    from pg_catalog.pg_database d, pg_catalog.aclexplode(coalesce(d.datacl, pg_catalog.acldefault('d', d.datdba))) a
    where d.datname = pg_catalog.current_database() and a.grantee = 0 and a.privilege_type = 'TEMPORARY'
    union all
    select 'TEMP revoked', r.rolname || ' may create temporary objects'
    from (select a.rolname from agent_roles a union all select o.rolname from owner_roles o) r
    where pg_catalog.has_database_privilege(r.rolname, pg_catalog.current_database(), 'TEMPORARY')
      and not exists (select from pg_catalog.pg_database d,
                             pg_catalog.aclexplode(coalesce(d.datacl, pg_catalog.acldefault('d', d.datdba))) a
                      where d.datname = pg_catalog.current_database() and a.grantee = 0
                        and a.privilege_type = 'TEMPORARY')
    -- what create_base needs
    union all
    select 'database CREATE for dbagent_owner', 'dbagent_owner may not create schemas in ' || pg_catalog.current_database()
    where exists (select from pg_catalog.pg_roles r where r.rolname = 'dbagent_owner')
      and not pg_catalog.has_database_privilege('dbagent_owner', pg_catalog.current_database(), 'CREATE')
    -- schemas: nothing for PUBLIC in public's CREATE, dbagent's schemas or the bases' schemas
    union all
    select 'public schema', 'PUBLIC may create objects in schema public'
    from pg_catalog.pg_namespace n, pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) a
    where n.nspname = 'public' and a.grantee = 0 and a.privilege_type = 'CREATE'
    union all
    select 'private schemas', pg_catalog.format('PUBLIC has %s on schema %s', a.privilege_type, s.nspname)
    from schemas s, pg_catalog.aclexplode(s.acl) a
    where a.grantee = 0
    -- functions
    union all
    select 'search_path pinned', f.sig
    from fns f
    where f.sig not in ('agent_exec._run(text,integer,text)', 'agent_exec._open(text,text)')
      and not exists (select from pg_catalog.unnest(f.proconfig) c where c ~ '^search_path=(""|.*pg_temp)$')
    union all
    select 'no PUBLIC EXECUTE', f.sig
    from fns f, pg_catalog.aclexplode(f.acl) a
    where a.grantee = 0 and a.privilege_type = 'EXECUTE'
    union all
    select 'function owners', pg_catalog.format('%s is owned by %s', f.sig, f.owner)
    from fns f
    where f.nsp = 'agent'
      and case when f.sig in ('agent._audit_autonomous(jsonb)', 'agent._drop_owned(text)')
               then not exists (select from pg_catalog.pg_roles r where r.oid = f.proowner and r.rolsuper)
               else f.owner <> 'dbagent_owner' end
    union all
    select 'function grants', pg_catalog.format('%s may be executed by %s', g.sig,
                                                 coalesce(nullif(pg_catalog.array_to_string(g.roles, ', '), ''), 'nobody'))
    from grantees g
    join fns f on f.sig = g.sig
    where g.roles <> case when f.sig in ('agent._audit_autonomous(jsonb)', 'agent._drop_owned(text)')
                               then '{dbagent_owner}'::text[]
                          when f.proname like '\_%' then '{}'::text[]
                          when f.proname like 'admin\_%' then '{dbagent_admin}'::text[]
                          else '{dbagent_admin,dbagent_agent}'::text[] end
    union all
    select 'security definer', f.sig || ' is SECURITY DEFINER'
    from fns f
    where f.nsp = 'agent' and f.proname like '\_%' and f.prosecdef
      and f.sig not in ('agent._audit_autonomous(jsonb)', 'agent._drop_owned(text)')
    -- every live base has its two executors, owned by the right roles, executable by dbagent_owner only
    union all
    select 'executors', pg_catalog.format('base %s (%s): %s', l.schema_name, l.base_id, e.problem)
    from live l
    cross join lateral (
        select x.fn, x.want_owner, p.oid as proc, pg_catalog.pg_get_userbyid(p.proowner)::text as owner,
               p.proowner as owner_oid, p.proacl
        from (values ('run_' || pg_catalog.replace(l.base_id::text, '-', ''), l.owner_role),
                     ('as_user_' || pg_catalog.replace(l.base_id::text, '-', ''), coalesce(l.user_role, '(no end-user role)'))) x (fn, want_owner)
        left join pg_catalog.pg_proc p
               on p.proname = x.fn and p.pronamespace = 'agent_exec'::pg_catalog.regnamespace
    ) x
    cross join lateral (
        select case
            when x.proc is null then 'agent_exec.' || x.fn || ' is missing'
            when x.owner <> x.want_owner then pg_catalog.format('agent_exec.%s is owned by %s', x.fn, x.owner)
            when exists (select from pg_catalog.aclexplode(coalesce(x.proacl, pg_catalog.acldefault('f', x.owner_oid))) a
                         where a.privilege_type = 'EXECUTE' and a.grantee <> x.owner_oid
                           and a.grantee is distinct from (select r.oid from pg_catalog.pg_roles r
                                                           where r.rolname = 'dbagent_owner'))
                then 'agent_exec.' || x.fn || ' may be executed by others than dbagent_owner'
        end as problem
    ) e
    where e.problem is not null
),
checks (ord, check_name, ok_detail, fix) as (
    values
    (1, 'dbagent_owner role', 'NOLOGIN; not SUPERUSER, BYPASSRLS, CREATEDB or REPLICATION',
        'As a superuser: alter role dbagent_owner nologin nosuperuser nobypassrls nocreatedb noreplication'),
    (2, 'agent roles', 'every agent login role is a member of dbagent_agent only, with no role attributes',
        'Revoke the extra memberships (revoke <role> from <agent role>) and attributes (alter role <agent role> '
        'nosuperuser nocreaterole nocreatedb nobypassrls noreplication)'),
    (3, 'tenant owner roles', 'NOLOGIN, no role attributes, members of dbagent_tenant (itself NOLOGIN, no attributes) and of nothing else; no members (dbagent_owner borrows one only inside its own transactions)',
        'alter role <owner role> nologin nosuperuser nocreaterole nocreatedb nobypassrls noreplication; '
        'revoke <owner role> from <member>; grant dbagent_tenant to <owner role>; revoke <other role> from <owner role>'),
    (4, 'TEMP revoked', 'PUBLIC has no TEMPORARY on this database; no agent or tenant role may create temporary objects',
        pg_catalog.format('revoke temporary on database %I from public (dbagent install does it too)',
                          pg_catalog.current_database())),
    (5, 'database CREATE for dbagent_owner', 'dbagent_owner may create the bases'' schemas',
        'Run dbagent install (it grants CREATE on the database to dbagent_owner)'),
    (6, 'public schema', 'PUBLIC may not create objects in schema public',
        'revoke create on schema public from public'),
    (7, 'private schemas', 'PUBLIC has no privilege on dbagent''s schemas or the bases'' schemas',
        'revoke all on schema <schema> from public'),
    (8, 'search_path pinned', 'every function of agent and agent_exec pins search_path (agent_exec._run and _open excepted)',
        'Run dbagent install (it re-applies every function); a function it does not know is not dbagent''s: drop it'),
    (9, 'no PUBLIC EXECUTE', 'PUBLIC may execute no function of agent or agent_exec',
        'Run dbagent install (it revokes EXECUTE from PUBLIC on every function)'),
    (10, 'function owners', 'agent.* functions belong to dbagent_owner (agent._audit_autonomous and agent._drop_owned to a superuser)',
        'Run dbagent install as a superuser (it re-applies every function with its owner)'),
    (11, 'function grants', 'agent.* EXECUTE follows the names: tools to dbagent_agent and dbagent_admin, admin_* '
         'to dbagent_admin, private ones to nobody',
        'revoke execute on function <function> from <role> (dbagent install restores missing grants and '
        'revokes PUBLIC, but leaves other grants alone)'),
    (12, 'security definer', 'private agent functions are not SECURITY DEFINER (agent._audit_autonomous and agent._drop_owned excepted)',
        'Run dbagent install (it re-applies every function)'),
    (13, 'executors', 'every live base has its two executors, owned by its roles, executable by dbagent_owner only',
        'Run dbagent install (it re-creates missing executors, a batch of bases per transaction); with a few hundred bases, as a superuser: select agent._refresh_executors()')
),
found as (
    select p.check_name, pg_catalog.count(*) as n,
           pg_catalog.string_agg(p.what, '; ' order by p.what) filter (where p.rn <= 5) as shown
    from (select pr.check_name, pr.what,
                 pg_catalog.row_number() over (partition by pr.check_name order by pr.what) as rn
          from problems pr) p
    group by p.check_name
)
select c.check_name,
       f.n is null,
       case when f.n is null then c.ok_detail
            when f.n > 5 then f.shown || pg_catalog.format('; … %s in all', f.n)
            else f.shown end,
       case when f.n is null then null else c.fix end
from checks c
left join found f on f.check_name = c.check_name
order by c.ord
$$;

comment on function agent._hygiene() is
$md$Check the role, grant and function hygiene dbagent relies on: one row (check_name, ok, detail, fix) per check.

Private: run by `dbagent doctor` as a superuser, and by tests.$md$;

alter function agent._hygiene() owner to dbagent_owner;
revoke all on function agent._hygiene() from public;
