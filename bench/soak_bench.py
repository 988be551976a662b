"""Soak benchmark (issue 7): many agents on many bases at once, every tool, for a bounded time.

``--clients`` concurrent clients (threads, one agent connection each; default 32) over ``--bases``
bases (default 8) call, each operation once and then in a random mix, for ``--seconds``
(default 120): get_project;
get_schema (full and compact); execute_sql SELECT, INSERT, UPDATE and DDL (a table of its own
with a foreign key to the shared table and an index, a column added, a table dropped); advise;
analyse_csv and import_csv of small CSVs uploaded over the connection
(``dbagent.csv_commands.upload``: upload_begin, upload_chunk, upload_finish); and requests that
must be refused (pg_catalog.pg_authid, information_schema, another base's table, a role change,
a server file), each expected to fail with SQLSTATE 42501.

Printed: throughput (calls/s) and latency p50/p95/p99 per tool; errors by SQLSTATE, split into
expected denials, retryable errors (40P01 deadlock, 40001 serialization, 55P03 lock timeout) and
anything else, which is a failure and printed in full; and at the end: waiting locks, agent
sessions idle in a transaction, and the audit's completeness (one agent.audit row per audited
call: every tool call except get_project and upload_chunk; compared per base and tool, and the
refusals against the audit's 'denied' rows).

Exit status 1 if any unexpected error, any audit mismatch, or anything left behind; else 0.

    .venv/bin/python bench/soak_bench.py [--seconds 120] [--clients 32] [--bases 8] [--seed N] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg
from _server import BenchBase, bench_server, execute_sql
from dbagent.csv_commands import upload

RETRYABLE = {"40P01": "deadlock", "40001": "serialization failure", "55P03": "lock timeout"}
# Tools whose every call writes one agent.audit row (the design: every tool call except
# get_project, which has no base, and upload_chunk, the hot path of an upload).
NOT_AUDITED = {"get_project", "upload_chunk"}
TOOLS = ("get_project", "get_schema", "execute_sql", "advise", "upload_begin", "upload_chunk", "upload_finish",
         "analyse_csv", "import_csv")

# operation -> weight
MIX = {
    "get_project": 10, "get_schema": 6, "get_schema_compact": 5, "select": 14, "insert": 14, "update": 7,
    "ddl_create": 4, "ddl_alter": 2, "ddl_drop": 2, "advise": 5, "analyse_csv": 4, "import_csv": 4, "deny": 8,
}
# Requests that must be refused with 42501 ({other} is another base's schema).
DENIALS = {
    "pg_authid": "select rolname, rolpassword from pg_catalog.pg_authid",
    "information_schema": "select table_schema, table_name from information_schema.tables",
    "other_base": "select * from {other}.items",
    "set_role": "set role postgres",
    "server_file": "select pg_read_file('/etc/passwd')",
}
_TOOL = re.compile(r"agent\.(\w+)\(")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


class Recorder:
    """What every client did: per tool latencies and outcomes, per (base, tool) the calls."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.calls: Counter[tuple[str, str]] = Counter()          # (base_id, tool)
        self.errors: Counter[tuple[str, str, str]] = Counter()    # (tool, sqlstate, category)
        self.unexpected: list[dict[str, Any]] = []
        self.ops: Counter[str] = Counter()
        self.denials: Counter[tuple[str, str]] = Counter()        # (kind, base_id)
        self.ops_ok: Counter[str] = Counter()

    def merge(self, other: Recorder) -> None:
        with self.lock:
            for k, v in other.latency.items():
                self.latency[k].extend(v)
            self.calls.update(other.calls)
            self.errors.update(other.errors)
            self.unexpected.extend(other.unexpected)
            self.ops.update(other.ops)
            self.denials.update(other.denials)
            self.ops_ok.update(other.ops_ok)


class Client:
    """An agent connection that records every agent.* call it makes (upload() calls it too)."""

    def __init__(self, dsn: str, base: BenchBase, rec: Recorder) -> None:
        self.conn = psycopg.connect(dsn, autocommit=True)
        self.base = base
        self.rec = rec
        self.last_tool = "?"

    def execute(self, query: str, params: Any = None) -> Any:
        m = _TOOL.search(query)
        tool = self.last_tool = m.group(1) if m else "?"
        t0 = time.perf_counter()
        try:
            return self.conn.execute(query, params)  # a client-side cursor: the whole result is here
        finally:
            self.rec.latency[tool].append((time.perf_counter() - t0) * 1000)
            self.rec.calls[(self.base.base_id, tool)] += 1

    def close(self) -> None:
        self.conn.close()


def work(srv: Any, base: BenchBase, others: list[BenchBase], seed: int, stop: float, tmp: Path,
         total: Recorder) -> None:
    rnd = random.Random(seed)
    rec = Recorder()
    ops, weights = list(MIX), list(MIX.values())
    client = Client(srv.agent_dsn(base), base, rec)
    own: list[str] = []   # tables this client made (its DDL touches only those and the shared items)
    # every operation once first (so even a short run covers every tool), then the random mix
    tour = ops[:]
    rnd.shuffle(tour)
    k = 0
    try:
        while time.monotonic() < stop:
            op = tour.pop() if tour else rnd.choices(ops, weights)[0]
            k += 1
            rec.ops[op] += 1
            expect_denial = None
            try:
                if op == "get_project":
                    client.execute("select agent.get_project()")
                elif op == "get_schema":
                    client.execute("select agent.get_schema(%s)", [base.base_id])
                elif op == "get_schema_compact":
                    client.execute("select agent.get_schema(%s, '{\"compact\": true}')", [base.base_id])
                elif op == "select":
                    execute_sql(client, base, "select count(*), max(n), min(label) from items where n > 0")
                elif op == "insert":
                    execute_sql(client, base, f"insert into items (n, label) values ({rnd.randint(1, 10**6)}, 'c{seed}')")
                elif op == "update":
                    execute_sql(client, base, f"update items set label = 'u{seed}' where n = {rnd.randint(1, 10**6)}")
                elif op == "ddl_create":
                    t = f"t_{seed}_{k}"
                    execute_sql(client, base, f"create table {t} (item_id uuid references items (id), v text, "
                                              f"qty integer check (qty >= 0)); create index {t}_v on {t} (v)")
                    own.append(t)
                elif op == "ddl_alter":
                    if own:
                        execute_sql(client, base, f"alter table {rnd.choice(own)} add column c{k} text")
                    else:
                        execute_sql(client, base, f"create table t_{seed}_{k} (v text)")
                        own.append(f"t_{seed}_{k}")
                elif op == "ddl_drop":
                    if own:
                        t = own.pop(rnd.randrange(len(own)))
                        execute_sql(client, base, f"drop table {t}")
                    else:
                        execute_sql(client, base, "select 1")
                elif op == "advise":
                    client.execute("select agent.advise(%s)", [base.base_id])
                elif op in ("analyse_csv", "import_csv"):
                    path = tmp / f"c{seed}_{k}.csv"
                    rows = "".join(f"{rnd.randint(1, 10**6)},row {i}\n" for i in range(rnd.randint(1, 20)))
                    path.write_text("n,label\n" + rows)
                    src = upload(client, base.base_id, path, show=False)  # type: ignore[arg-type]
                    path.unlink()
                    if op == "analyse_csv":
                        client.execute("select agent.analyse_csv(%s, %s)", [base.base_id, src])
                    else:
                        client.execute("select agent.import_csv(%s, %s, 'items')", [base.base_id, src])
                elif op == "deny":
                    expect_denial = rnd.choice(list(DENIALS))
                    other = rnd.choice(others).schema if others else "pg_catalog"
                    execute_sql(client, base, DENIALS[expect_denial].format(other=other))
                    rec.unexpected.append({"op": op, "tool": "execute_sql", "sqlstate": None,
                                           "message": f"a denial did not happen: {expect_denial}"})
                    continue
                rec.ops_ok[op] += 1
            except psycopg.Error as e:
                state = e.sqlstate or "?"
                tool = client.last_tool
                if client.conn.closed or client.conn.broken:
                    rec.unexpected.append({"op": op, "tool": tool, "sqlstate": state,
                                           "message": f"connection lost: {e}"})
                    rec.errors[(tool, state, "unexpected")] += 1
                    break
                if expect_denial and state == "42501":
                    rec.denials[(expect_denial, base.base_id)] += 1
                    rec.errors[(tool, state, "expected denial")] += 1
                elif state in RETRYABLE:
                    rec.errors[(tool, state, "retryable")] += 1
                else:
                    rec.errors[(tool, state, "unexpected")] += 1
                    rec.unexpected.append({"op": op, "tool": tool, "sqlstate": state,
                                           "message": str(e).splitlines()[0] if str(e) else repr(e),
                                           "detail": getattr(e.diag, "message_detail", None),
                                           "hint": getattr(e.diag, "message_hint", None),
                                           "context": (getattr(e.diag, "context", None) or "").strip() or None})
    except Exception as e:  # noqa: BLE001 -- a bug of the client itself: reported, never hidden
        rec.unexpected.append({"op": "client", "tool": "?", "sqlstate": None, "message": f"{type(e).__name__}: {e}"})
    finally:
        client.close()
        total.merge(rec)


def audit_rows(admin: psycopg.Connection, ids: list[str], after: int) -> dict[tuple[str, str], int]:
    rows = admin.execute("select base_id::text, tool, count(*) from agent.audit where audit_id > %s "
                         "and base_id = any(%s::uuid[]) group by 1, 2", [after, ids]).fetchall()
    return {(b, t): n for b, t, n in rows}


def leftovers(admin: psycopg.Connection) -> dict[str, Any]:
    waiting = admin.execute("select count(*) from pg_locks where not granted").fetchone()[0]
    idle_agents = admin.execute(
        "select count(*) from pg_stat_activity where state like 'idle in transaction%%' "
        "and usename like 'dbagent\\_a\\_%%'").fetchone()[0]
    idle_any = admin.execute(
        "select count(*) from pg_stat_activity where state like 'idle in transaction%%' "
        "and pid <> pg_backend_pid()").fetchone()[0]
    agent_sessions = admin.execute(
        "select count(*) from pg_stat_activity where usename like 'dbagent\\_a\\_%%'").fetchone()[0]
    return {"waiting_locks": waiting, "idle_in_transaction_agents": idle_agents,
            "idle_in_transaction_any": idle_any, "agent_sessions_open": agent_sessions}


def run(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"benchmark": "soak", "quick": args.quick, "python": platform.python_version(),
                              "seconds": args.seconds, "clients": args.clients, "bases": args.bases, "seed": args.seed}
    with bench_server(log) as srv, tempfile.TemporaryDirectory(prefix="dbagent-soak-") as tmpdir:
        admin = srv.admin()
        result["server"] = {"version": srv.info.version}
        bases = []
        for i in range(args.bases):
            b = srv.create_base(f"soak_{i}")
            with srv.agent(b) as c:
                execute_sql(c, b, "create table items (n integer, label text)")
                execute_sql(c, b, "insert into items (n, label) select g, 'seed' from generate_series(1, 100) g")
            bases.append(b)
        ids = [b.base_id for b in bases]
        names = {b.base_id: b.name for b in bases}
        after = admin.execute("select coalesce(max(audit_id), 0) from agent.audit").fetchone()[0]
        total = Recorder()
        log(f"# soak: {args.clients} clients over {args.bases} bases for {args.seconds:g} s")
        started = time.monotonic()
        stop = started + args.seconds
        threads = []
        for i in range(args.clients):
            base = bases[i % len(bases)]
            others = [b for b in bases if b is not base]
            threads.append(threading.Thread(target=work, args=(srv, base, others, args.seed * 1000 + i, stop,
                                                                 Path(tmpdir), total), daemon=True))
        for t in threads:
            t.start()
        next_log = started + 15
        while any(t.is_alive() for t in threads):
            time.sleep(0.2)
            if time.monotonic() >= next_log:
                next_log += 15
                log(f"# {time.monotonic() - started:.0f} s")
            if time.monotonic() > stop + 300:
                break
        hung = sum(t.is_alive() for t in threads)
        elapsed = time.monotonic() - started
        result["elapsed_seconds"] = elapsed
        if hung:
            total.unexpected.append({"op": "client", "tool": "?", "sqlstate": None,
                                     "message": f"{hung} clients still running 300 s after the end"})
        time.sleep(0.5)
        result["leftovers"] = leftovers(admin)

        # per tool: throughput, latency, errors
        per_tool: dict[str, Any] = {}
        for tool in TOOLS:
            lat = total.latency.get(tool, [])
            errs = {f"{s} ({cat})": n for (t, s, cat), n in sorted(total.errors.items()) if t == tool}
            per_tool[tool] = {"calls": len(lat), "calls_per_s": len(lat) / elapsed,
                              "p50": pct(lat, 0.5), "p95": pct(lat, 0.95), "p99": pct(lat, 0.99),
                              "mean": statistics.fmean(lat) if lat else float("nan"), "errors": errs}
        result["tools"] = per_tool
        result["total_calls"] = sum(len(v) for v in total.latency.values())
        result["calls_per_s"] = result["total_calls"] / elapsed
        result["ops"] = dict(total.ops)
        by_state: Counter[tuple[str, str]] = Counter()
        for (_t, s, cat), n in total.errors.items():
            by_state[(cat, s)] += n
        result["errors_by_sqlstate"] = [{"category": c, "sqlstate": s, "count": n,
                                         "name": RETRYABLE.get(s, "insufficient privilege" if s == "42501" else "")}
                                        for (c, s), n in sorted(by_state.items())]
        result["denials"] = {kind: sum(n for (k, _), n in total.denials.items() if k == kind) for kind in DENIALS}
        result["retryable"] = {s: sum(n for (_t, st, cat), n in total.errors.items() if st == s and cat == "retryable")
                               for s in RETRYABLE}
        grouped: Counter[str] = Counter()
        examples: dict[str, dict[str, Any]] = {}
        for u in total.unexpected:
            key = f"{u['op']} / {u['tool']}: {u['sqlstate']} {re.sub(r'[0-9]+', 'N', u['message'])}"
            grouped[key] += 1
            examples.setdefault(key, u)
        result["unexpected"] = [{**examples[k], "count": n} for k, n in grouped.most_common()]

        # audit: one row per audited call, per base and tool
        audited = audit_rows(admin, ids, after)
        mism = []
        per_tool_audit: dict[str, dict[str, int]] = {}
        for tool in TOOLS:
            exp_total = sum(n for (b, t), n in total.calls.items() if t == tool and t not in NOT_AUDITED)
            got_total = sum(n for (b, t), n in audited.items() if t == tool)
            per_tool_audit[tool] = {"calls": sum(n for (b, t), n in total.calls.items() if t == tool),
                                    "expected_rows": exp_total, "audit_rows": got_total}
            for b in ids:
                exp = 0 if tool in NOT_AUDITED else total.calls.get((b, tool), 0)
                got = audited.get((b, tool), 0)
                if exp != got:
                    mism.append({"base": names[b], "tool": tool, "expected_rows": exp, "audit_rows": got})
        stray = sorted({t for (_b, t) in audited} - set(TOOLS))
        for t in stray:
            mism.append({"base": "*", "tool": t, "expected_rows": 0,
                         "audit_rows": sum(n for (b, tt), n in audited.items() if tt == t)})
        denied = dict(admin.execute(
            "select base_id::text, count(*) from agent.audit where audit_id > %s and base_id = any(%s::uuid[]) "
            "and tool = 'execute_sql' and outcome = 'denied' group by 1", [after, ids]).fetchall())
        for b in ids:
            exp = sum(n for (k, bb), n in total.denials.items() if bb == b)
            if denied.get(b, 0) != exp:
                mism.append({"base": names[b], "tool": "execute_sql (outcome denied)", "expected_rows": exp,
                             "audit_rows": denied.get(b, 0)})
        result["audit"] = {"per_tool": per_tool_audit, "mismatches": mism, "ok": not mism,
                           "not_audited_by_design": sorted(NOT_AUDITED)}
    lo = result["leftovers"]
    result["ok"] = (not result["unexpected"] and result["audit"]["ok"] and lo["waiting_locks"] == 0
                    and lo["idle_in_transaction_agents"] == 0)
    return result


def report(r: dict[str, Any]) -> str:
    L = [(f"dbagent soak: PostgreSQL {r['server']['version']}, {r['clients']} clients over {r['bases']} bases, "
          f"{r['elapsed_seconds']:.1f} s, seed {r['seed']}, Python {r['python']}"), ""]
    L.append(f"1. calls per tool ({r['total_calls']} calls, {r['calls_per_s']:.1f} calls/s in all; latency in ms, "
             "client-observed, every call counted)")
    L.append(f"  {'tool':<14} {'calls':>7} {'calls/s':>8} {'p50':>9} {'p95':>9} {'p99':>9}  errors")
    for tool, t in r["tools"].items():
        errs = ", ".join(f"{k}: {n}" for k, n in t["errors"].items()) or "-"
        L.append(f"  {tool:<14} {t['calls']:>7} {t['calls_per_s']:>8.1f} {t['p50']:>9.2f} {t['p95']:>9.2f} "
                 f"{t['p99']:>9.2f}  {errs}")
    L.append("  operations: " + ", ".join(f"{k} {n}" for k, n in sorted(r["ops"].items())))
    L += ["", "2. errors by SQLSTATE"]
    if not r["errors_by_sqlstate"]:
        L.append("  none")
    for e in r["errors_by_sqlstate"]:
        L.append(f"  {e['category']:<16} {e['sqlstate']:<6} {e['count']:>6}  {e['name']}")
    L.append("  expected denials by kind: " + ", ".join(f"{k} {n}" for k, n in r["denials"].items()))
    L.append("  retryable: " + ", ".join(f"{s} ({RETRYABLE[s]}) {n}" for s, n in r["retryable"].items()))
    L.append(f"  unexpected errors: {sum(u['count'] for u in r['unexpected'])}")
    for u in r["unexpected"]:
        L.append(f"    {u['count']:>5} x {u['op']} / {u['tool']}: {u['sqlstate']} {u['message']}"
                 + (" (e.g.)" if u["count"] > 1 else ""))
        for k in ("detail", "hint", "context"):
            if u.get(k):
                L.append(f"            {k}: {' / '.join(str(u[k]).splitlines())}")
    lo = r["leftovers"]
    L += ["", "3. at the end",
          f"  waiting locks: {lo['waiting_locks']}",
          (f"  agent sessions idle in a transaction: {lo['idle_in_transaction_agents']} "
           f"(any role: {lo['idle_in_transaction_any']}); agent sessions still open: {lo['agent_sessions_open']}")]
    a = r["audit"]
    L.append(f"  audit (one row per call; not audited by design: {', '.join(a['not_audited_by_design'])}):")
    L.append(f"    {'tool':<14} {'calls':>7} {'expected':>9} {'audit rows':>11}")
    for tool, t in a["per_tool"].items():
        flag = "" if t["expected_rows"] == t["audit_rows"] else "  MISMATCH"
        L.append(f"    {tool:<14} {t['calls']:>7} {t['expected_rows']:>9} {t['audit_rows']:>11}{flag}")
    L.append(f"  audit complete: {'yes' if a['ok'] else 'NO'}" + ("" if a["ok"] else f" ({len(a['mismatches'])} "
             "mismatches per base and tool)"))
    for m in a["mismatches"][:40]:
        L.append(f"    {m['base']:<10} {m['tool']:<30} expected {m['expected_rows']:>6}, audit has {m['audit_rows']:>6}")
    L += ["", f"result: {'PASS' if r['ok'] else 'FAIL'}"]
    return "\n".join(L)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=120.0, help="how long the clients run (default 120)")
    ap.add_argument("--clients", type=int, default=32, help="concurrent clients (default 32)")
    ap.add_argument("--bases", type=int, default=8, help="bases the clients share (default 8)")
    ap.add_argument("--seed", type=int, default=1, help="random seed of the clients' choices")
    ap.add_argument("--quick", action="store_true", help="5 s, 4 clients, 2 bases (the smoke test)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON on stdout (the report goes to stderr)")
    args = ap.parse_args(argv)
    if args.quick:
        args.seconds, args.clients, args.bases = 5.0, 4, 2
    r = run(args)
    if args.json:
        print(report(r), file=sys.stderr)
        print(json.dumps(r, indent=2, default=str))
    else:
        print(report(r))
    return 0 if r["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
