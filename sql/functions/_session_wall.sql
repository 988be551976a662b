-- The session wall's entry check, the first statement of every agent tool: the call must be its
-- own transaction and its own statement (see plpy/dbagent_plpy/session.py). Raises 25001 or
-- 0A000 with a hint; returns (true) at once for admins.
--
-- It must run outside any subtransaction: inside one (a PL/pgSQL block with an EXCEPTION clause,
-- a plpy.execute) the backend reports a transaction block whatever the caller did. A tool whose
-- body has an exception handler calls it from its DECLARE section, which PL/pgSQL evaluates
-- before it starts the block's subtransaction:  _wall constant boolean := agent._session_wall();
create or replace function agent._session_wall()
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
declare
    _e jsonb := agent._session_check();
begin
    if _e is not null then
        perform agent._result(_e);
    end if;
    return true;
end;
$$;

comment on function agent._session_wall() is
$md$Refuse a tool call that is not its own transaction and statement (25001 / 0A000), for agent logins.

Private: `perform agent._session_wall();` opens every agent tool.$md$;

alter function agent._session_wall() owner to dbagent_owner;
revoke all on function agent._session_wall() from public;
