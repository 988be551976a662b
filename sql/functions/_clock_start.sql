-- dbagent's clock for the PL/pgSQL tools (get_schema, advise): a POSIX timer of the backend that
-- cancels the call MS milliseconds from now (see plpy/dbagent_plpy/clock.py). These tools run
-- only dbagent's own catalog queries, never tenant code, so one cancel is enough: the clock
-- does not repeat nor end the backend. Pair with agent._clock_stop() on every way out,
-- including the handler of query_canceled.
create or replace function agent._clock_start(ms integer)
returns void
language plpython3u
volatile
set search_path = ''
as $$
if GD.get('dbagent') != '@CODE_VERSION@':
    plpy.execute('select agent._py_boot()')
from dbagent_plpy import clock
clock.start_session_clock(GD, ms)
$$;

comment on function agent._clock_start(integer) is
$md$Start the clock of a PL/pgSQL tool call: the backend's statement is cancelled MS milliseconds from now.

Private: pair with agent._clock_stop().$md$;

alter function agent._clock_start(integer) owner to dbagent_owner;
revoke all on function agent._clock_start(integer) from public;
