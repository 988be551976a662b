-- The session limits of an agent login role. Its sessions may SET most of these lower or, for
-- the idle timeout and the connection check, switch them off for themselves: what no session
-- can lift is the connection limit (CREATEROLE only) and temp_file_limit (a superuser setting,
-- which dbagent_owner may set by GRANT SET ON PARAMETER). Holding a transaction open past the
-- idle limit is ended from outside by agent._housekeeping, whatever the session SETs.
--   CONNECTION LIMIT  MAX_CONNECTIONS: an agent cannot take the server's connection slots
--   idle_in_transaction_session_timeout  IDLE_MS
--   client_connection_check_interval     2s: a call whose client is gone stops while it waits
--   temp_file_limit   setting agent_temp_file_limit (default 1GB): sorts and hashes on the
--                     agent's own connection cannot fill the disk
create or replace function agent._agent_role_settings(role text, max_connections integer, idle_ms integer)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
    _temp text := coalesce((select s.value #>> '{}' from agent.setting s where s.key = 'agent_temp_file_limit'), '1GB');
begin
    execute pg_catalog.format('alter role %I connection limit %s', role, max_connections);
    execute pg_catalog.format('alter role %I set idle_in_transaction_session_timeout = %L', role, idle_ms || 'ms');
    execute pg_catalog.format('alter role %I set client_connection_check_interval = %L', role, '2s');
    execute pg_catalog.format('alter role %I set temp_file_limit = %L', role, _temp);
end;
$$;

comment on function agent._agent_role_settings(text, integer, integer) is
$md$Apply an agent login role's session limits: connection limit, idle-in-transaction timeout, client connection check, temp file limit.

Private: on creation, when the base's limits change, and by install for every agent role.$md$;

alter function agent._agent_role_settings(text, integer, integer) owner to dbagent_owner;
revoke all on function agent._agent_role_settings(text, integer, integer) from public;
