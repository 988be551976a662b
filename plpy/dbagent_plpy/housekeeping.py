"""Housekeeping that no agent session can switch off: run from other sessions' tool calls.

Every agent session may SET its own idle_in_transaction_session_timeout (to 0) and keep a
transaction open after a tool call (an extended-protocol pipeline whose Sync never comes), and
with it the call's locks on dbagent's tables. So the sessions of agent logins are watched from
outside: every tool call of any agent runs this at most every ten seconds per session
(:mod:`dbagent_plpy.session`), and ``dbagent install`` and ``agent.admin_audit()`` run it too.

* :func:`reap` ends (pg_terminate_backend) the sessions of agent logins in this database that
  sit idle in a transaction longer than their base's idle limit (60 s for project agents), that
  wait for their client inside a transaction that old (an extended-protocol pipeline whose Sync
  never comes: pg_stat_activity says active, waiting on ClientRead), or that run, in a
  transaction open longer than the base's statement timeout plus its idle limit, a statement
  that is not a tool call. A session running one long tool call is left alone.
  Each ended session gets an audit row (tool ``session_wall``, outcome ``denied``).
* the audit journal is reconciled (:func:`dbagent_plpy.audit.reconcile`) every few minutes, and
  stored sources past the retention are deleted (:mod:`dbagent_plpy.storage`); the install's round
  also sweeps every base's folder for orphaned files.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import plpy

from dbagent_plpy import audit, storage
from dbagent_plpy.session_statement import verdict

DEFAULT_IDLE_MS = 60_000
DEFAULT_STATEMENT_MS = 30_000
ACTIVE_GRACE_MS = 30_000
RECONCILE_EVERY_S = 300.0

# pg_stat_activity keeps the first track_activity_query_size - 1 bytes of a statement: a cut text
# counts as a tool call only if what is left is the start of a call with parameter arguments.
_CUT_CALL = re.compile(r"\s*select\s+agent\s*\.\s*[a-z_][a-z0-9_]*\s*\([\s$0-9a-z_:,=>\[\]]*\Z",
                       re.IGNORECASE)

_SESSIONS = """
select a.pid, a.usename::text as role, a.state, a.query, b.base_id,
       a.wait_event_type = 'Client' and a.wait_event = 'ClientRead' as reading,
       (extract(epoch from pg_catalog.now() - a.xact_start) * 1000)::int8 as xact_ms,
       (extract(epoch from pg_catalog.now() - a.state_change) * 1000)::int8 as idle_ms,
       coalesce(b.idle_in_transaction_timeout_ms, $1) as idle_limit,
       coalesce(b.statement_timeout_ms, $2) as statement_limit
from pg_catalog.pg_stat_activity a
join pg_catalog.pg_roles r on r.oid = a.usesysid
left join agent.base b on b.agent_role = a.usename::text collate pg_catalog."default" and b.dropped_at is null
where a.datname = pg_catalog.current_database()
  and a.pid <> pg_catalog.pg_backend_pid()
  and a.xact_start is not null
  and a.state in ('active', 'idle in transaction', 'idle in transaction (aborted)')
  and not r.rolsuper
  and pg_catalog.pg_has_role(a.usesysid, 'dbagent_agent', 'MEMBER')
"""


def is_tool_call(query: str, cut_at: int) -> bool:
    """Whether a pg_stat_activity text is a lone tool call (CUT_AT: the length of a cut text)."""
    if len(query.encode("utf-8")) >= cut_at - 1:
        return bool(_CUT_CALL.match(query))
    return verdict(query) is None


def reap(*, now_ms: int | None = None) -> list[dict[str, Any]]:
    """End the agent sessions that hold a transaction open past their limits; return them."""
    rows = plpy.execute(plpy.prepare(_SESSIONS, ["int4", "int4"]), [DEFAULT_IDLE_MS, DEFAULT_STATEMENT_MS])
    cut_at = int(plpy.execute("select setting::int as n from pg_catalog.pg_settings "
                              "where name = 'track_activity_query_size'")[0]["n"])
    ended = []
    for r in rows:
        reason = None
        if r["state"].startswith("idle in transaction") and r["idle_ms"] > r["idle_limit"]:
            reason = (f"idle in a transaction for {r['idle_ms']} ms; the limit is {r['idle_limit']} ms "
                      "whatever the session sets")
        elif r["state"] == "active" and r["reading"] and r["xact_ms"] > r["idle_limit"]:
            # an extended-protocol pipeline with no Sync: the session waits for its client inside a
            # transaction (pg_stat_activity keeps saying active)
            reason = (f"waiting for its client inside a transaction open for {r['xact_ms']} ms (a pipeline "
                      f"without Sync); the limit is {r['idle_limit']} ms")
        elif (r["state"] == "active" and r["xact_ms"] > r["idle_limit"] + r["statement_limit"] + ACTIVE_GRACE_MS
              and not is_tool_call(r["query"] or "", cut_at)):
            reason = (f"a statement other than a tool call in a transaction open for {r['xact_ms']} ms")
        if reason is None:
            continue
        done = plpy.execute(plpy.prepare("select pg_catalog.pg_terminate_backend($1) as ok", ["int4"]),
                            [r["pid"]])[0]["ok"]
        if not done:
            continue
        item = {"pid": r["pid"], "role": r["role"], "state": r["state"], "reason": reason}
        ended.append(item)
        plpy.execute(plpy.prepare(
            "insert into agent.audit (role_name, base_id, tool, outcome, sqlstate, rule, message, details) "
            "values ($1, $2, 'session_wall', 'denied', '57P01', 'session_wall', $3, $4::jsonb)",
            ["text", "uuid", "text", "text"]),
            [r["role"], r["base_id"], "session ended: " + reason,
             json.dumps({"pid": r["pid"], "state": r["state"], "xact_ms": r["xact_ms"]})])
    return ended


def run(GD: dict[str, Any], *, reconcile: bool | None = None) -> dict[str, Any]:
    """One round: reap, and reconcile the audit journal when it is due (or RECONCILE is true)."""
    out: dict[str, Any] = {"ended_sessions": reap()}
    due = GD.get("dbagent_next_reconcile", 0.0)
    if reconcile or (reconcile is None and time.monotonic() >= due):
        GD["dbagent_next_reconcile"] = time.monotonic() + RECONCILE_EVERY_S
        out["journal"] = audit.reconcile(plpy, max_files=None if reconcile else 50)
        # the install's round looks at every base's folder; the periodic one only at old sources
        out["storage"] = storage.sweep_all() if reconcile else storage.expire_all()
    return out
