-- depends: 0015.base-created-by-index
-- dbagent_owner no longer stays a member of every tenant owner role (agent._borrow_role lends it
-- the membership for the statements that need it): with thousands of bases, PostgreSQL 15's
-- membership checks for a role with thousands of memberships grew with their square.
do $$
declare
    _r text;
begin
    for _r in
        select m.roleid::pg_catalog.regrole::text
        from pg_catalog.pg_auth_members m
        join agent.base b on b.owner_role = m.roleid::pg_catalog.regrole::text
        where m.member = 'dbagent_owner'::pg_catalog.regrole
    loop
        execute pg_catalog.format('revoke %I from dbagent_owner', _r);
    end loop;
end
$$;
