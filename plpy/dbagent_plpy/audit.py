"""The audit of tool calls: one row per call, SQL normalized without literals or comments.

A call that returns normally writes its row in the caller's transaction (it commits with the
call's effects). A call that ends in an error (a denial, a failed statement, a limit) has
everything it wrote rolled back, so its row goes through ``agent._audit_autonomous()``,
which writes over a loopback connection (or, where that is impossible, to the server log).

The journal: a call that returned normally can still be rolled back afterwards by its caller's
transaction (a statement after it in an extended-protocol pipeline fails, or the client ends
the transaction with a rollback): its result has reached the client, and its audit row is gone.
So every audit row written in a call's transaction is also appended, with the transaction's id,
to a journal file of the session in dbagent's storage directory (``journal/<pid>.<backend
start>.<n>.jsonl``; one ``write()``, no lock, outside the transaction). :func:`reconcile` reads
the journals: a line whose transaction committed has its row already; a line whose transaction
aborted gets its row inserted then (``details.rolled_back``). It runs in the housekeeping, in
``agent.admin_audit()`` and at install.
"""

from __future__ import annotations

import ctypes
import json
import os
from datetime import datetime, timezone
from typing import Any

from pglast import parser
from pglast.parser import ParseError

_COMMENTS = {"SQL_COMMENT", "C_COMMENT"}
_LITERALS = {"SCONST", "ICONST", "FCONST", "BCONST", "XCONST", "USCONST", "UIDENT_CONST"}


def normalize(sql: str, limit: int = 20_000) -> str | None:
    """SQL with every literal replaced by ``?`` and comments dropped: values never reach the audit.

    The scanner's token positions count characters of the string (not UTF-8 bytes)."""
    try:
        tokens = parser.scan(sql)
    except ParseError:
        return None
    out: list[str] = []
    size = 0
    for t in tokens:
        if t.name in _COMMENTS:
            continue
        text = "?" if t.name in _LITERALS else sql[t.start:t.end + 1]
        out.append(text)
        size += len(text) + 1
        if size > limit:
            out.append("…")
            break
    return " ".join(out)


_INSERT = """
    insert into agent.audit (role_name, base_id, tool, statement_kinds, sql_normalized, outcome,
                             sqlstate, rule, message, duration_ms, details)
    values (session_user, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
"""
_TYPES = ["uuid", "text", "text[]", "text", "text", "text", "text", "text", "float8", "text"]


def record(plpy: Any, plans: dict[str, Any], row: dict[str, Any], *, autonomous: bool) -> None:
    """Write one audit row: in this transaction, or autonomously when the call will fail."""
    if autonomous:
        plan = plans.get("audit_autonomous")
        if plan is None:
            plan = plans["audit_autonomous"] = plpy.prepare("select agent._audit_autonomous($1::jsonb)", ["text"])
        plpy.execute(plan, [json.dumps(row, default=str)])
        return
    plan = plans.get("audit_insert")
    if plan is None:
        plan = plans["audit_insert"] = plpy.prepare(_INSERT, _TYPES)
    plpy.execute(plan, [row.get("base_id"), row["tool"], list(row.get("statement_kinds") or []),
                        row.get("sql_normalized"), row["outcome"], row.get("sqlstate"), row.get("rule"),
                        row.get("message"), row.get("duration_ms"), json.dumps(row.get("details") or {}, default=str)])
    journal(plpy, plans, row)


# ------------------------------------------------------------------------------------ journal
JOURNAL_DIR = "journal"
ROTATE_BYTES = 1 << 20
_POSTGRES_EPOCH_US = 946_684_800_000_000  # 2000-01-01 in Unix microseconds


class _Journal:
    """This session's journal file (kept in the session's plan cache)."""

    def __init__(self, plpy: Any) -> None:
        self.fd: int | None = None
        self.size = 0
        self.seq = 0
        self.dir: str | None = None
        self.role = ""
        self.start = 0
        self._xid = None
        r = plpy.execute("select session_user::text as role, "
                         "(select s.value #>> '{}' from agent.setting s where s.key = 'storage_dir') as storage")[0]
        self.role = r["role"]
        if r["storage"]:
            self.dir = os.path.join(r["storage"], JOURNAL_DIR)
        try:
            lib = ctypes.CDLL(None)
            f = lib.GetTopFullTransactionIdIfAny
            f.restype = ctypes.c_uint64
            f.argtypes = []
            self._xid = f
            self.start = ctypes.c_int64.in_dll(lib, "MyStartTimestamp").value
        except (OSError, AttributeError, ValueError):
            self._xid = None

    def xid(self, plpy: Any) -> int:
        if self._xid is not None:
            return int(self._xid())
        return int(plpy.execute("select pg_catalog.pg_current_xact_id()::text::int8 as x")[0]["x"])

    def path(self) -> str:
        assert self.dir is not None
        return os.path.join(self.dir, f"{os.getpid()}.{self.start}.{self.seq}.jsonl")

    def write(self, line: bytes) -> None:
        if self.dir is None:
            return
        if self.fd is not None and self.size >= ROTATE_BYTES:
            os.close(self.fd)
            self.fd = None
            self.seq += 1
        if self.fd is None:
            os.makedirs(self.dir, mode=0o700, exist_ok=True)
            self.fd = os.open(self.path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self.size = os.fstat(self.fd).st_size
        self.size += os.write(self.fd, line)


def journal(plpy: Any, plans: dict[str, Any], row: dict[str, Any]) -> None:
    """Append ROW (just inserted in this transaction) to the session's journal, with the xid."""
    j = plans.get("_journal")
    if j is None:
        j = plans["_journal"] = _Journal(plpy)
    entry = {k: row.get(k) for k in ("base_id", "tool", "statement_kinds", "sql_normalized", "outcome", "sqlstate",
                                     "rule", "message", "duration_ms", "details")}
    entry["role_name"] = row.get("role_name") or j.role
    entry["at"] = row.get("at") or datetime.now(timezone.utc).isoformat()
    line = json.dumps({"xid": j.xid(plpy), "row": entry}, default=str) + "\n"
    try:
        j.write(line.encode("utf-8"))
    except OSError as e:  # the storage directory is dbagent install's to fix; the row itself is written
        plpy.warning(f"dbagent audit journal not written: {e}")


_RECONCILE_INSERT = """
    insert into agent.audit (at, role_name, base_id, tool, statement_kinds, sql_normalized, outcome, sqlstate, rule,
                             message, duration_ms, details)
    select coalesce(r.at, pg_catalog.clock_timestamp()), r.role_name, r.base_id, r.tool,
           coalesce(r.statement_kinds, '{}'), r.sql_normalized, r.outcome, r.sqlstate, r.rule, r.message,
           r.duration_ms, coalesce(r.details, '{}') || $2::jsonb
    from pg_catalog.jsonb_populate_record(null::agent.audit, $1::jsonb) r
"""


def reconcile(plpy: Any, *, max_files: int | None = None) -> dict[str, int]:
    """Insert the audit rows of journaled calls whose transaction rolled back; delete finished files.

    A file is locked (its agent.audit_journal row, SKIP LOCKED) while one session reads it, and its
    offset advances with the transaction that inserts the rows, so two reconcilers never insert a
    row twice and a reconciler that fails leaves the file as it was. Lines of a transaction still in
    progress wait for a later run.
    """
    out = {"files": 0, "lines": 0, "restored": 0, "deleted": 0}
    r = plpy.execute("select s.value #>> '{}' as storage from agent.setting s where s.key = 'storage_dir'")
    if not r or not r[0]["storage"]:
        return out
    jdir = os.path.join(r[0]["storage"], JOURNAL_DIR)
    try:
        names = sorted(n for n in os.listdir(jdir) if n.endswith(".jsonl"))
    except FileNotFoundError:
        return out
    live = {(int(x["pid"]), int(x["start"])) for x in plpy.execute(
        "select a.pid, ((extract(epoch from a.backend_start) * 1000000)::int8 - 946684800000000) as start "
        "from pg_catalog.pg_stat_activity a where a.backend_start is not null")}
    newest: dict[tuple[int, int], int] = {}
    for n in names:
        parts = n.split(".")
        if len(parts) == 4 and all(p.lstrip("-").isdigit() for p in parts[:3]):
            key = (int(parts[0]), int(parts[1]))
            newest[key] = max(newest.get(key, -1), int(parts[2]))
    lock = plpy.prepare("select a.\"offset\" from agent.audit_journal a where a.file = $1 for update skip locked",
                        ["text"])
    status = plpy.prepare("select pg_catalog.pg_xact_status($1::text::xid8) as s", ["text"])
    insert = plpy.prepare(_RECONCILE_INSERT, ["text", "text"])
    for n in names[:max_files] if max_files else names:
        parts = n.split(".")
        if len(parts) != 4:
            continue
        key = (int(parts[0]), int(parts[1]))
        plpy.execute(plpy.prepare("insert into agent.audit_journal (file) values ($1) on conflict do nothing",
                                  ["text"]), [n])
        row = plpy.execute(lock, [n])
        if not row:
            continue  # another session is reading it
        offset = int(row[0]["offset"])
        path = os.path.join(jdir, n)
        try:
            with open(path, "rb") as fh:
                fh.seek(offset)
                data = fh.read()
        except FileNotFoundError:
            plpy.execute(plpy.prepare("delete from agent.audit_journal where file = $1", ["text"]), [n])
            continue
        out["files"] += 1
        pos = 0
        while True:
            end = data.find(b"\n", pos)
            if end < 0:
                break
            line = data[pos:end]
            try:
                rec = json.loads(line)
                st = plpy.execute(status, [str(rec["xid"])])[0]["s"] if rec.get("xid") else "aborted"
            except (ValueError, KeyError):
                st = "committed"  # not a journal line: skip it
            except plpy.SPIError:
                st = None  # a transaction id too old to know
            if st == "in progress":
                break
            out["lines"] += 1
            if st != "committed":
                plpy.execute(insert, [json.dumps(rec["row"]), json.dumps(
                    {"rolled_back": st == "aborted", "xact_status": st or "unknown", "restored_from": "journal"})])
                out["restored"] += 1
            pos = end + 1
        closed = key not in live or newest.get(key, -1) > int(parts[2])
        if not data and closed:
            # read to its end by a committed run, and written no more: the unlink cannot lose a row
            os.unlink(path)
            plpy.execute(plpy.prepare("delete from agent.audit_journal where file = $1", ["text"]), [n])
            out["deleted"] += 1
        elif pos:
            plpy.execute(plpy.prepare("update agent.audit_journal set \"offset\" = $2 where file = $1",
                                      ["text", "int8"]), [n, offset + pos])
    return out
