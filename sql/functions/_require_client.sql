-- A create whose client gave up (a timeout, a killed process) while the call waited must not
-- complete afterwards: it would use a quota and hand a password to nobody. Called last, before
-- the transaction commits.
create or replace function agent._require_client()
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    if not agent._client_connected() then
        raise exception 'the client of this call is gone; nothing was done'
            using errcode = 'connection_failure',
                  hint = 'Call again if it is still wanted.';
    end if;
end;
$$;

comment on function agent._require_client() is
$md$Raise connection_failure (08006) when the session's client has disconnected, so the call rolls back.

Private helper of the create paths.$md$;

alter function agent._require_client() owner to dbagent_owner;
revoke all on function agent._require_client() from public;
