-- The error of a dbagent call that waited for a lock longer than its lock_timeout: a clear,
-- retryable 55P03 instead of PostgreSQL's bare "canceling statement due to lock timeout".
create or replace function agent._lock_busy(what text)
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
    raise exception 'could not % now: another session holds a lock it needs', what
        using errcode = 'lock_not_available',
              detail = 'dbagent waits at most a few seconds for a lock, so no session can hold its calls up.',
              hint = 'Retry in a moment; if it keeps happening, an admin can look for long transactions in pg_stat_activity.';
end;
$$;

comment on function agent._lock_busy(text) is
$md$Raise lock_not_available (55P03) saying WHAT could not be done now and that a retry is the answer.

Private helper of the admin and create paths.$md$;

alter function agent._lock_busy(text) owner to dbagent_owner;
revoke all on function agent._lock_busy(text) from public;
