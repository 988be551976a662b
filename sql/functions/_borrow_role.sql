-- dbagent_owner is not a member of the tenant owner roles: PostgreSQL 15 recomputes a role's
-- memberships after every CREATE ROLE or GRANT, at a cost that grows with the square of their
-- number, so a permanent membership in every tenant owner made each new base (and each new
-- session's first ownership check) slower than the last. The few statements that must act as
-- a tenant owner (CREATE SCHEMA ... AUTHORIZATION, handing an executor over, dropping a base)
-- borrow the membership for their transaction and give it back.
create or replace function agent._borrow_role(role text)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
begin
    -- One borrower of a role at a time (two grants of one membership would collide): the lock is
    -- the base's registry row, which no agent can read, let alone lock (an advisory lock key
    -- could be taken by any session). The wait is bounded by the caller's lock_timeout.
    perform from agent.base b
    where (b.owner_role = _borrow_role.role or b.agent_role = _borrow_role.role) and b.dropped_at is null
    for no key update of b;
    if pg_catalog.pg_has_role(current_user, role, 'USAGE') then
        return false;  -- a superuser, or borrowed already further up
    end if;
    execute pg_catalog.format('grant %I to %I', role, current_user);
    return true;
end;
$$;

comment on function agent._borrow_role(text) is
$md$Make the current role a member of ROLE for this transaction's work; true when it was granted.

Private: pair with agent._return_role(ROLE, <the result>).$md$;

alter function agent._borrow_role(text) owner to dbagent_owner;
revoke all on function agent._borrow_role(text) from public;

