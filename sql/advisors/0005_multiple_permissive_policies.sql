-- Advisor 0005 multiple_permissive_policies (WARN, PERFORMANCE): Several permissive policies for one role and command.
-- Every permissive policy for a role and command is evaluated for every row; several of them cost more than one that combines their conditions.
create or replace function agent._advisor_0005(ns oid, tenant boolean)
returns setof agent.lint
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
select 'multiple_permissive_policies', 'Several permissive policies for one role and command', 'WARN', array['PERFORMANCE'],
       format('Table %s has %s permissive %s policies for role %s: %s.', x.relname, x.n, x.cmd, x.rolname, x.names),
       'Combine them into one policy whose condition ORs theirs (or drop the default dbagent_owner_* ones you replaced).',
       jsonb_build_object('type', 'table', 'name', x.relname, 'role', x.rolname, 'command', x.cmd),
       'multiple_permissive_policies:' || x.relname || ':' || x.rolname || ':' || x.cmd
from (
    select c.relname, r.rolname, cmd.cmd, count(*) as n, string_agg(p.polname, ', ' order by p.polname) as names
    from pg_catalog.pg_policy p
    join pg_catalog.pg_class c on c.oid = p.polrelid
    cross join lateral (select case when p.polroles = '{0}' then 'public' else x::pg_catalog.regrole::text end
                        from pg_catalog.unnest(p.polroles) x) r(rolname)
    cross join lateral (select unnest(case p.polcmd when '*' then array['select', 'insert', 'update', 'delete']
                                      when 'r' then array['select'] when 'a' then array['insert']
                                      when 'w' then array['update'] else array['delete'] end)) cmd(cmd)
    where c.oid = any(agent._schema_objects(ns, 'pg_catalog.pg_class')) and c.relnamespace = ns and p.polpermissive
      and r.rolname !~ '^dbagent_u_'  -- a base's end-user role is in every policy for authenticated
    group by c.relname, r.rolname, cmd.cmd
    having count(*) > 1
) x
$$;

comment on function agent._advisor_0005(oid, boolean) is
$md$multiple_permissive_policies: Several permissive policies for one role and command (WARN).

Every permissive policy for a role and command is evaluated for every row; several of them cost more than one that combines their conditions.$md$;

alter function agent._advisor_0005(oid, boolean) owner to dbagent_owner;
revoke all on function agent._advisor_0005(oid, boolean) from public;
