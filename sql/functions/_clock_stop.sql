-- Stops the clock agent._clock_start() started; true when it had run out (the call's cancel
-- was the clock's, not a user's).
create or replace function agent._clock_stop()
returns boolean
language plpython3u
volatile
set search_path = ''
as $$
if 'dbagent_clock' not in GD:
    return False  # none started (the call failed before it), or stopped already
from dbagent_plpy import clock
return clock.stop_session_clock(GD)
$$;

comment on function agent._clock_stop() is
$md$Stop the clock of a PL/pgSQL tool call; true when its limit had passed.

Private: the other half of agent._clock_start().$md$;

alter function agent._clock_stop() owner to dbagent_owner;
revoke all on function agent._clock_stop() from public;
