"""The session wall: what a tool call checks about the agent's own session before it starts.

An agent holds a real login. Whatever it runs around a tool call on its own connection must not
let it keep dbagent's locks, hide its calls from the audit, or stall other tenants. So a tool
call called by an agent login (not an admin) is refused unless it is its own transaction and its
own statement:

* not inside a transaction block (explicit BEGIN, a savepoint, several statements sent as one
  query string): ``IsTransactionBlock()`` of the backend, read through ctypes (the backend's
  symbols are visible in its own process);
* not after another tool call of the same transaction (a pipeline of calls with one Sync): the
  transaction's start time is remembered per session;
* not after other statements of the same transaction (a statement started more than a second
  after its transaction did);
* the whole statement is one ``SELECT agent.<tool>(...)`` whose arguments are constants or
  parameters: no second call, no FROM (``generate_series``), no ``pg_sleep`` beside it, no DO
  block, cursor, EXPLAIN or SQL-level PREPARE/EXECUTE around it.

What stays possible is a tool call as the first statement of an extended-protocol pipeline whose
Sync comes later: the statements after it run in the same transaction. The audit journal
(:mod:`dbagent_plpy.audit`) keeps such a call's row if the transaction rolls back, and the
housekeeping here ends agent sessions that keep a transaction open past the base's limits.

Refusals are SQLSTATE 25001 (active_sql_transaction) and 0A000 (feature_not_supported) with a
hint. This module loads without pglast (the first tool call of a session stays cheap); the full
statement check imports it only for statements the quick pattern does not recognise.
"""

from __future__ import annotations

import ctypes
import json
import re
import time
from typing import Any

import plpy

# psycopg and dbagent's clients send `select agent.tool($1, $2::jsonb)`, `name => $1` forms: a
# text made only of these tokens is one call with parameter arguments, nothing else.
_ID = r'(?:[a-z_][a-z0-9_]*|"[a-z_][a-z0-9_]*")'  # (quoted, such a name means the same)
_ARG = r"(?:" + _ID + r"\s*=>\s*)?\$[1-9][0-9]{0,3}(?:\s*::\s*" + _ID + r"(?:\s*\[\s*\])?)?"
QUICK = re.compile(
    r"\s*select\s+agent\s*\.\s*(" + _ID + r")\s*\(\s*(?:" + _ARG + r"(?:\s*,\s*" + _ARG + r")*)?\s*\)"
    r"(?:\s+as\s+[a-z_][a-z0-9_]*)?\s*;?\s*\Z",
    re.IGNORECASE,
)
BLOCK_HINT = ("Call tools in autocommit mode: each call is its own transaction (psycopg: autocommit=True; "
              "psql: no BEGIN). Send each call on its own, not in a pipeline or a multi-statement string.")
HOUSEKEEPING_EVERY_S = 10.0


def _refusal(sqlstate: str, message: str, detail: str, hint: str) -> dict[str, Any]:
    return {"error": {"sqlstate": sqlstate, "message": message, "detail": detail, "hint": hint}}


class Backend:
    """The few backend functions the wall reads through ctypes (None when unavailable)."""

    def __init__(self) -> None:
        self.in_block = self.xact_start = self.stmt_start = self.query = None
        try:
            lib = ctypes.CDLL(None)
            f = lib.IsTransactionBlock
            f.restype = ctypes.c_bool
            f.argtypes = []
            x = lib.GetCurrentTransactionStartTimestamp
            x.restype = ctypes.c_int64
            x.argtypes = []
            s = lib.GetCurrentStatementStartTimestamp
            s.restype = ctypes.c_int64
            s.argtypes = []
            q = ctypes.c_char_p.in_dll(lib, "debug_query_string")
        except (OSError, AttributeError, ValueError):
            return
        self.in_block, self.xact_start, self.stmt_start, self._q = f, x, s, q
        self.query = lambda: (self._q.value or b"").decode("utf-8", "replace")


class Wall:
    """One per session (kept in GD): the entry check of every agent tool call."""

    def __init__(self, GD: dict[str, Any], version: str) -> None:
        self.GD = GD
        self.version = version
        self.backend = Backend()
        row = plpy.execute("select agent._is_admin() as admin")[0]
        self.admin = bool(row["admin"])
        self.last_xact: int | None = None
        self.verdicts: dict[str, str | None] = {}
        self.next_housekeeping = time.monotonic() + HOUSEKEEPING_EVERY_S

    # -- the entry check
    def check(self) -> str | None:
        """None when the call may proceed, else the JSON {"error": ...} to raise."""
        if self.admin:
            return None
        b = self.backend
        if b.in_block is not None:
            if b.in_block():
                return json.dumps(_refusal(
                    "25001", "agent tools cannot be called inside a transaction block",
                    "rule: session_wall. A tool call is its own transaction: a transaction block would keep "
                    "dbagent's locks past the call and could roll its audit row back.", BLOCK_HINT))
            xact, stmt, text = b.xact_start(), b.stmt_start(), b.query()
        else:  # no backend symbols: the same facts through SQL, less precisely
            r = plpy.execute("select (extract(epoch from transaction_timestamp()) * 1e6)::int8 as x, "
                             "(extract(epoch from statement_timestamp()) * 1e6)::int8 as s, "
                             "current_query() as q")[0]
            xact, stmt, text = r["x"], r["s"], r["q"] or ""
        if xact == self.last_xact:
            return json.dumps(_refusal(
                "25001", "another tool call ran earlier in this transaction",
                "rule: session_wall. Each tool call must be its own transaction (a pipeline sent several "
                "calls before one Sync).", BLOCK_HINT))
        if stmt - xact > 1_000_000:
            return json.dumps(_refusal(
                "25001", "agent tools cannot be called after other statements of the same transaction",
                "rule: session_wall. This transaction started more than a second before the call.", BLOCK_HINT))
        verdict = self.statement_verdict(text)
        if verdict is not None:
            return json.dumps(_refusal(
                "0A000", "a tool call must be a statement of its own",
                f"rule: session_wall. {verdict}",
                "Send exactly `select agent.<tool>(...)` with constant or parameter arguments, one call per "
                "statement (no FROM, no other function beside it, no DO block, cursor or EXPLAIN around it)."))
        self.last_xact = xact
        if time.monotonic() >= self.next_housekeeping:
            self.next_housekeeping = time.monotonic() + HOUSEKEEPING_EVERY_S
            try:  # (its own subtransaction: a failure undoes only the housekeeping, never the call)
                plpy.execute("select agent._housekeeping()")
            except plpy.SPIError as e:
                plpy.warning(f"dbagent housekeeping failed: {e}")
        return None

    def statement_verdict(self, text: str) -> str | None:
        """None when TEXT is one `select agent.<tool>(...)` call and nothing else, else why not."""
        if QUICK.match(text):
            return None
        cached = self.verdicts.get(text, "?")
        if cached != "?":
            return cached
        if self.GD.get("dbagent") != self.version:
            plpy.execute("select agent._py_boot()")
        from dbagent_plpy.session_statement import verdict

        out = verdict(text)
        if len(text) <= 4096:
            if len(self.verdicts) >= 64:
                self.verdicts.clear()
            self.verdicts[text] = out
        return out
