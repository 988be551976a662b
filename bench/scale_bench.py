"""Scale benchmark (issue 7): many bases in one database.

In one run on a throwaway embedded server:

1. ten bases, each given 3 small tables through ``agent.execute_sql`` (the catalog cost of a base
   that is used), then the latency of the tools at 10 bases, from the agent role of one of them:
   ``get_project``, ``get_schema``, ``execute_sql('select 1')``, ``execute_sql`` of a one-row
   INSERT; ``get_project`` also from the admin (it lists every base: expected to grow);
2. empty bases up to ``--bases`` with ``agent.admin_create_base``, in batches (one statement per
   batch, one connection), with the rate of every batch and an ETA;
3. the same latencies at N bases, as ratios N / 10 (target <= 1.5x for the agent's calls);
4. the catalog per base: rows of pg_class, pg_proc, pg_namespace, pg_authid (and pg_auth_members,
   pg_shdepend, pg_depend, pg_attribute, pg_type) and ``pg_database_size`` per base, for a base
   with 3 tables and for an empty one;
5. diagnostics of what grows with the number of bases: the nested statements of each tool with
   their plans (auto_explain) at 10 and at N, one privilege check on the objects every base is
   granted (their ACLs would hold one entry per base if tenant owners were granted one by one),
   the membership check dbagent_owner makes when it creates a base, the re-creation of every
   base's executors as ``dbagent install`` runs it after an executor change (committed, in
   batches; the executors are re-created identical), and,
   optionally (``--simulate-tables``), the tools again after the catalog has grown as if every
   base had 3 tables (clearly labelled as simulated).

Usage:

    .venv/bin/python bench/scale_bench.py [--bases 10000] [--batch 100] [--runs 200]
                                          [--max-create-minutes M] [--simulate-tables] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg
from _server import BenchBase, BenchServer, bench_server, execute_sql
from psycopg import sql as pgsql

TARGET_RATIO = 1.5
SMALL = 10  # bases at the first measurement point

THREE_TABLES = (
    "create table customers (name text not null, email text);"
    "create table orders (customer_id uuid not null references customers (id), total numeric(12, 2));"
    "create table notes (order_id uuid references orders (id), body text)"
)
SEED_ROWS = (
    "insert into customers (name, email) values ('Ada', 'ada@example.com'), ('Bob', null);"
    "insert into orders (customer_id, total) select id, 10.5 from customers;"
    "insert into notes (order_id, body) select id, 'first' from orders"
)

# The agent's calls, measured round-robin (each tool in turn, so drift hits all alike).
AGENT_TOOLS = ("get_project", "get_schema", "execute_sql_select_1", "execute_sql_insert")
CATALOGS = ("pg_class", "pg_proc", "pg_namespace", "pg_authid", "pg_auth_members", "pg_shdepend",
            "pg_depend", "pg_attribute", "pg_type", "pg_db_role_setting")
# Objects every base is granted something on (their ACLs get one entry per base).
SHARED_ACLS = {
    "schema auth": "select pg_column_size(nspacl) from pg_namespace where nspname = 'auth'",
    "schema agent_exec": "select pg_column_size(nspacl) from pg_namespace where nspname = 'agent_exec'",
    "schema agent_stage": "select pg_column_size(nspacl) from pg_namespace where nspname = 'agent_stage'",
    "function agent_exec._run": "select pg_column_size(proacl) from pg_proc where oid = 'agent_exec._run(text, integer, text)'::regprocedure",
    "function agent_exec.system_fields": "select pg_column_size(proacl) from pg_proc where oid = 'agent_exec.system_fields()'::regprocedure",
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50": pct(values, 0.5), "p95": pct(values, 0.95), "p99": pct(values, 0.99),
            "mean": statistics.fmean(values) if values else float("nan"), "min": min(values) if values else float("nan")}


def fmt_s(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else f"{seconds // 60}m{seconds % 60:02d}s"


# ---------------------------------------------------------------------------------- catalog
def catalog_counts(admin: psycopg.Connection) -> dict[str, int]:
    parts = ", ".join(f"(select count(*) from pg_catalog.{c}) as {c}" for c in CATALOGS)
    row = admin.execute(f"select {parts}, pg_database_size(current_database()) as database_bytes").fetchone()
    return dict(zip([*CATALOGS, "database_bytes"], (int(v) for v in row)))


def per_base(after: dict[str, int], before: dict[str, int], n: int) -> dict[str, float]:
    return {k: (after[k] - before[k]) / n for k in after} if n > 0 else {}


# ---------------------------------------------------------------------------------- bases
def create_used_bases(srv: BenchServer, count: int) -> list[BenchBase]:
    """COUNT bases with 3 small tables and a few rows each, through execute_sql as their agents."""
    bases = []
    for i in range(count):
        b = srv.create_base(f"used_{i:02d}")
        with srv.agent(b) as conn:
            execute_sql(conn, b, THREE_TABLES)
            execute_sql(conn, b, SEED_ROWS)
        bases.append(b)
    return bases


def grow(admin: psycopg.Connection, start: int, target: int, batch: int, max_seconds: float | None) -> dict[str, Any]:
    """Empty bases from START to TARGET with agent.admin_create_base, one statement per batch."""
    batches: list[dict[str, Any]] = []
    n = start
    began = time.perf_counter()
    last_log = 0.0
    stopped = None
    while n < target:
        k = min(batch, target - n)
        t0 = time.perf_counter()
        admin.execute("select count(agent.admin_create_base('e_' || g)) from generate_series(%s::int, %s::int) g",
                      [n, n + k - 1])
        dt = time.perf_counter() - t0
        n += k
        batches.append({"bases": n, "size": k, "seconds": dt, "rate": k / dt})
        elapsed = time.perf_counter() - began
        if elapsed - last_log >= 15 or n >= target or len(batches) <= 2:
            last_log = elapsed
            eta, model = eta_seconds(batches, target)
            log(f"# {n}/{target} bases: {k / dt:.1f} bases/s now (batch of {k}: {dt:.2f} s), "
                f"{(n - start) / elapsed:.1f} bases/s so far, elapsed {fmt_s(elapsed)}, "
                f"ETA {fmt_s(eta)} ({model})")
        if max_seconds is not None and elapsed >= max_seconds and n < target:
            stopped = f"stopped at {n} bases: --max-create-minutes reached"
            log(f"# {stopped}")
            break
    total = time.perf_counter() - began
    slow = max(batches, key=lambda b: b["seconds"]) if batches else None
    return {
        "start": start, "target": target, "reached": n, "batch": batch, "seconds": total,
        "rate_overall": (n - start) / total if total else float("nan"),
        "rate_first_batch": batches[0]["rate"] if batches else float("nan"),
        "rate_last_batch": batches[-1]["rate"] if batches else float("nan"),
        "slowest_batch": slow, "stopped": stopped, "batches": batches,
        "eta_model": eta_seconds(batches, target)[1] if batches else None,
    }


def per_base_time_fit(batches: list[dict[str, Any]]) -> tuple[float, float]:
    """Per-base creation time ~ a * n^k, fitted on the later half of the batches (log-log)."""
    pts = [(b["bases"] - b["size"] / 2, b["seconds"] / b["size"]) for b in batches]
    pts = pts[len(pts) // 2:] if len(pts) >= 4 else pts
    if len(pts) < 2 or pts[0][0] == pts[-1][0]:
        return pts[-1][1], 0.0
    xs = [math.log(p[0]) for p in pts]
    ys = [math.log(p[1]) for p in pts]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    k = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0
    k = max(0.0, min(k, 3.0))
    a = math.exp(my - k * mx)
    return a, k


def eta_seconds(batches: list[dict[str, Any]], target: int) -> tuple[float, str]:
    """Seconds to reach TARGET if the per-base time keeps growing as fitted (a * n^k)."""
    n = batches[-1]["bases"]
    a, k = per_base_time_fit(batches)
    if n >= target:
        return 0.0, f"per-base time ~ n^{k:.2f}"
    # integral of a * x^k from n to target
    rest = a * (target ** (k + 1) - n ** (k + 1)) / (k + 1)
    return rest, f"per-base time ~ n^{k:.2f}"


def extrapolate(creation: dict[str, Any], target: int) -> dict[str, Any]:
    """EXTRAPOLATED: the time to create TARGET bases and the per-base time there, from the fit."""
    a, k = per_base_time_fit(creation["batches"])
    n = creation["reached"]
    rest = a * (target ** (k + 1) - n ** (k + 1)) / (k + 1)
    return {"target": target, "exponent": k, "per_base_ms_at_target": a * target ** k * 1000,
            "rate_at_target": 1 / (a * target ** k), "total_seconds": creation["seconds"] + rest,
            "note": f"EXTRAPOLATED from the batches up to {n} bases: per-base time = a * n^k fitted on the later "
                    "half of the batches"}


# ---------------------------------------------------------------------------------- latency
def timed(conn: psycopg.Connection, query: str, params: list[Any]) -> float:
    t0 = time.perf_counter()
    cur = conn.execute(query, params)
    cur.fetchall()
    return (time.perf_counter() - t0) * 1000


def agent_calls(base: BenchBase) -> dict[str, tuple[str, list[Any]]]:
    return {
        "get_project": ("select agent.get_project()::text", []),
        "get_schema": ("select agent.get_schema(%s)::text", [base.base_id]),
        "execute_sql_select_1": ("select agent.execute_sql(%s, 'select 1', '{}')::text", [base.base_id]),
        "execute_sql_insert": ("select agent.execute_sql(%s, 'insert into customers (name) values (''x'')', '{}')::text",
                               [base.base_id]),
    }


def measure(srv: BenchServer, probe: BenchBase, runs: int, admin_runs: int, fresh_runs: int,
            label: str) -> dict[str, Any]:
    """Latency of the agent's calls (warm session), the admin's get_project, and a new session's first calls."""
    admin = srv.admin()
    admin.execute("analyze")  # settled statistics at both points (autovacuum would, eventually)
    calls = agent_calls(probe)
    conn = srv.agent(probe)
    conn.prepare_threshold = None  # as a one-off client: no server-side prepared statements
    for _ in range(max(3, runs // 10)):
        for q, p in calls.values():
            timed(conn, q, p)
    times: dict[str, list[float]] = {t: [] for t in calls}
    deadline = time.monotonic() + max(30.0, runs * 0.5)
    for _ in range(runs):
        for tool, (q, p) in calls.items():
            times[tool].append(timed(conn, q, p))
        if time.monotonic() > deadline:
            break
    conn.close()
    out: dict[str, Any] = {"bases": None, "agent": {t: summary(v) for t, v in times.items()}}
    # the admin sees every base (a slow first call counts as a sample rather than a warm-up)
    a2 = srv.connect(srv.admin_dsn)
    a2.prepare_threshold = None
    t0 = time.perf_counter()
    listed = len(json.loads(a2.execute("select agent.get_project()::text").fetchone()[0])["bases"])
    first = (time.perf_counter() - t0) * 1000
    adm: list[float] = [first] if first > 2000 else []
    deadline = time.monotonic() + 60
    while len(adm) < admin_runs and time.monotonic() < deadline:
        adm.append(timed(a2, "select agent.get_project()::text", []))
    out["admin_get_project"] = summary(adm)
    out["admin_get_project_bases_listed"] = listed
    a2.close()
    # a new agent session: connect (scram), first get_project, first execute_sql (loads the Python)
    fresh: dict[str, list[float]] = {"connect": [], "first_get_project": [], "first_execute_sql": []}
    for _ in range(fresh_runs):
        t0 = time.perf_counter()
        c = psycopg.connect(srv.agent_dsn(probe), autocommit=True)
        fresh["connect"].append((time.perf_counter() - t0) * 1000)
        fresh["first_get_project"].append(timed(c, *calls["get_project"]))
        fresh["first_execute_sql"].append(timed(c, *calls["execute_sql_select_1"]))
        c.close()
    out["new_session"] = {k: summary(v) for k, v in fresh.items()}
    log(f"# latency at {label}: " + ", ".join(f"{t} {s['p50']:.2f}" for t, s in out["agent"].items())
        + f", admin get_project {out['admin_get_project']['p50']:.2f} (ms p50)")
    return out


# ---------------------------------------------------------------------------------- diagnostics
_DURATION = re.compile(r"duration: ([\d.]+) ms\s+plan:\s*\n(.*)", re.DOTALL)


def query_text(plan: str) -> str:
    """The statement of an auto_explain entry: the lines before the plan's first node."""
    lines = []
    for line in plan.split("\n"):
        if "(actual time=" in line or "(cost=" in line or "(never executed)" in line:
            break
        lines.append(line)
    return " ".join(" ".join(lines).replace("Query Text:", "").split())


def nested_plans(srv: BenchServer, probe: BenchBase, role: str | None = None,
                 tools: tuple[str, ...] = AGENT_TOOLS) -> dict[str, list[dict[str, Any]]]:
    """Every statement each tool runs inside the server, with its plan and time (auto_explain,
    loaded by the superuser, who then takes the agent's identity with SET SESSION AUTHORIZATION)."""
    conn = srv.connect(srv.admin_dsn)
    notes: list[str] = []
    conn.add_notice_handler(lambda d: notes.append(d.message_primary or ""))
    conn.execute("load 'auto_explain'")
    for k, v in {"log_min_duration": "0", "log_analyze": "on", "log_nested_statements": "on",
                 "log_timing": "on", "log_level": "notice", "log_format": "text"}.items():
        conn.execute(f"set auto_explain.{k} = '{v}'")
    conn.execute(pgsql.SQL("set session authorization {}").format(pgsql.Identifier(role or probe.agent_role)))
    out: dict[str, list[dict[str, Any]]] = {}
    calls = agent_calls(probe)
    for tool in tools:
        q, p = calls[tool]
        conn.execute(q, p)  # warm (plans cached, Python loaded)
        notes.clear()
        conn.execute(q, p)
        stmts = []
        for n in notes:
            m = _DURATION.search(n)
            if not m:
                continue
            plan = m.group(2)
            text = query_text(plan)
            stmts.append({"ms": float(m.group(1)), "query": text[:300], "plan": plan})
        out[tool] = stmts
    conn.execute("reset session authorization")
    conn.close()
    return out


def top_nested(plans: dict[str, list[dict[str, Any]]], k: int = 3) -> dict[str, list[dict[str, Any]]]:
    """The K slowest inner statements of each tool (the outer call itself left out)."""
    out = {}
    for tool, stmts in plans.items():
        inner = [s for s in stmts if not s["query"].startswith("select agent.")]
        out[tool] = sorted(inner, key=lambda s: -s["ms"])[:k]
    return out


def seq_scans(plans: dict[str, list[dict[str, Any]]]) -> dict[str, list[str]]:
    """Catalog tables each tool scans sequentially (rows grow with the bases or the objects)."""
    out = {}
    for tool, stmts in plans.items():
        found = sorted({m for s in stmts for m in re.findall(r"Seq Scan on (\w+)", s["plan"])})
        out[tool] = found
    return out


def acl_check_us(admin: psycopg.Connection, owner_role: str, loops: int = 2000) -> float:
    """One EXECUTE check of a tenant owner on agent_exec._run (every execute_sql statement makes it)."""
    plan = admin.execute(
        "explain (analyze, timing off, summary on) select has_function_privilege(%s, "
        "'agent_exec._run(text, integer, text)'::regprocedure, 'execute') from generate_series(1, %s)",
        [owner_role, loops]).fetchall()
    ms = next(float(re.search(r"([\d.]+) ms", r[0]).group(1)) for r in plan if "Execution Time" in r[0])
    return ms * 1000 / loops


def membership_check_ms(srv: BenchServer, owner_role: str) -> dict[str, float]:
    """dbagent_owner's membership in a tenant owner role in a new session: the first check
    builds the list of the roles dbagent_owner belongs to, the second reuses it. agent._create_base
    makes this check (CREATE SCHEMA ... AUTHORIZATION, ALTER FUNCTION ... OWNER) after its
    CREATE ROLE / GRANT invalidated the list. (dbagent_owner used to stay a member of every tenant
    owner, which made this check grow with the square of the number of bases; it now borrows the
    membership inside the transaction that needs it, so the list stays short.)"""
    conn = srv.connect(srv.admin_dsn)
    conn.execute("set role dbagent_owner")
    out = {}
    for key in ("first_ms", "second_ms"):
        t0 = time.perf_counter()
        conn.execute("select pg_has_role('dbagent_owner', %s, 'MEMBER')", [owner_role]).fetchone()
        out[key] = (time.perf_counter() - t0) * 1000
    conn.close()
    return out


def refresh_executors(srv: BenchServer) -> dict[str, Any]:
    """Every base's executors re-created the way ``dbagent install`` does after their definition
    changed (``dbagent.install.refresh_executors``: batches, one transaction each), timed. The
    definitions do not change, so what is committed is what was there."""
    from dbagent.install import refresh_executors as install_refresh

    t0 = time.perf_counter()
    try:
        n = install_refresh(srv.admin_dsn, force=True)
        out: dict[str, Any] = {"ok": True, "bases": n}
    except psycopg.Error as e:
        out = {"ok": False, "sqlstate": e.sqlstate, "error": str(e).splitlines()[0],
               "hint": getattr(e.diag, "message_hint", None)}
    out["seconds"] = time.perf_counter() - t0
    return out


def lock_slots(admin: psycopg.Connection) -> int:
    """Size of the shared lock table: max_locks_per_transaction * (connections + workers + prepared)."""
    row = admin.execute(
        "select current_setting('max_locks_per_transaction')::int * (current_setting('max_connections')::int "
        "+ current_setting('max_worker_processes')::int + current_setting('autovacuum_max_workers')::int + 1 "
        "+ current_setting('max_wal_senders')::int + current_setting('max_prepared_transactions')::int)").fetchone()
    return int(row[0])


def diagnostics(srv: BenchServer, probe: BenchBase, refresh: bool) -> dict[str, Any]:
    admin = srv.admin()
    d: dict[str, Any] = {}
    d["acl_bytes"] = {k: admin.execute(q).fetchone()[0] for k, q in SHARED_ACLS.items()}
    d["acl_check_us"] = acl_check_us(admin, probe.owner_role)
    last_owner = admin.execute("select owner_role from agent.base order by created_at desc limit 1").fetchone()[0]
    d["owner_membership"] = membership_check_ms(srv, last_owner)
    d["dbagent_owner_member_of"] = admin.execute(
        "select count(*) from pg_auth_members where member = 'dbagent_owner'::regrole").fetchone()[0]
    plans = nested_plans(srv, probe)
    d["seq_scans"] = seq_scans(plans)
    d["slowest_inner_statements"] = top_nested(plans)
    admin_plans = nested_plans(srv, probe, role=admin.execute("select current_user").fetchone()[0],
                               tools=("get_project",))
    d["admin_get_project_statements"] = top_nested({"get_project": admin_plans["get_project"]}, 2)["get_project"]
    d["lock_table_slots"] = lock_slots(admin)
    if refresh:
        log("# re-creating every base's executors as dbagent install does")
        d["refresh_executors"] = refresh_executors(srv)
    return d


# ---------------------------------------------------------------------------------- simulated catalog
def simulate_tables(admin: psycopg.Connection, pg_class_rows: int, per_table: int = 4, batch: int = 250) -> dict[str, Any]:
    """SIMULATED: plain tables (a primary key and a text column: 4 pg_class rows each) in a scratch
    schema, made by the superuser, until pg_class has grown by PG_CLASS_ROWS."""
    tables = max(1, pg_class_rows // per_table)
    admin.execute("create schema if not exists zz_simulated")
    t0 = time.perf_counter()
    made = 0
    while made < tables:
        k = min(batch, tables - made)
        body = "".join(f"create table zz_simulated.t{made + i} (id integer primary key, body text);" for i in range(k))
        with admin.transaction():
            admin.execute(body)
        made += k
    return {"tables": tables, "seconds": time.perf_counter() - t0}


# ---------------------------------------------------------------------------------- report
def ratios(small: dict[str, Any], big: dict[str, Any]) -> dict[str, dict[str, float]]:
    out = {}
    for tool in AGENT_TOOLS:
        out[tool] = {q: big["agent"][tool][q] / small["agent"][tool][q] for q in ("p50", "p95")}
    out["admin_get_project"] = {q: big["admin_get_project"][q] / small["admin_get_project"][q] for q in ("p50", "p95")}
    for k in ("connect", "first_get_project", "first_execute_sql"):
        out[f"new_session_{k}"] = {q: big["new_session"][k][q] / small["new_session"][k][q] for q in ("p50", "p95")}
    return out


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    n = result["bases_reached"]
    return [{"metric": f"ratio {tool} p50 at {n} vs {SMALL} bases", "measured": result["ratios"][tool]["p50"],
             "target": TARGET_RATIO, "met": result["ratios"][tool]["p50"] <= TARGET_RATIO} for tool in AGENT_TOOLS]


def report(result: dict[str, Any]) -> str:
    cr = result["creation"]
    n = result["bases_reached"]
    L: list[str] = [(f"dbagent scale benchmark: PostgreSQL {result['server']['version']}, {n} bases "
                     f"(target {result['bases_target']}), Python {result['python']}"), ""]
    L.append(f"1. base creation (agent.admin_create_base, batches of {cr['batch']} in one connection), "
             f"{cr['start']} -> {cr['reached']} bases")
    L.append(f"  creation rate: {cr['rate_overall']:.1f} bases/s overall ({cr['seconds']:.1f} s), "
             f"first batch {cr['rate_first_batch']:.1f} bases/s, last batch {cr['rate_last_batch']:.1f} bases/s")
    if cr["slowest_batch"]:
        sb = cr["slowest_batch"]
        L.append(f"  slowest batch: {sb['seconds']:.2f} s ({sb['size']} bases, ending at {sb['bases']} bases)")
    if cr["stopped"]:
        L.append(f"  {cr['stopped']}")
    marks = sorted({max(1, len(cr["batches"]) * i // 8) - 1 for i in range(1, 9)})
    if cr["batches"]:
        L.append("  rate by size:  " + "  ".join(f"{cr['batches'][i]['bases']}: {cr['batches'][i]['rate']:.1f}/s"
                                                for i in marks))
        L.append(f"  per-base creation time grows as {cr['eta_model']} (fitted on the later batches)")
    ex = result.get("extrapolated")
    if ex:
        L.append(f"  EXTRAPOLATED to {ex['target']} bases: {ex['per_base_ms_at_target']:.0f} ms per base there "
                 f"({ex['rate_at_target']:.1f} bases/s), ~{fmt_s(ex['total_seconds'])} in all; {ex['note']}")
    L += ["", (f"2. latency at {SMALL} and at {n} bases, client-observed ms, same run (agent role of base "
               f"{result['probe']}; admin = superuser)"),
          f"  {'call':<30} {f'p50@{SMALL}':>9} {f'p50@{n}':>10} {'ratio':>7} {f'p95@{SMALL}':>9} {f'p95@{n}':>10} {'ratio':>7}"]
    s, b, r = result["latency"]["small"], result["latency"]["large"], result["ratios"]

    def row(name: str, x: dict[str, float], y: dict[str, float], rr: dict[str, float]) -> str:
        return (f"  {name:<30} {x['p50']:>9.3f} {y['p50']:>10.3f} {rr['p50']:>6.2f}x {x['p95']:>9.3f} "
                f"{y['p95']:>10.3f} {rr['p95']:>6.2f}x")

    for tool in AGENT_TOOLS:
        L.append(row(tool, s["agent"][tool], b["agent"][tool], r[tool]))
    L.append(row("admin get_project (all bases)", s["admin_get_project"], b["admin_get_project"], r["admin_get_project"])
             + f"   lists {s['admin_get_project_bases_listed']} / {b['admin_get_project_bases_listed']} bases")
    for k in ("connect", "first_get_project", "first_execute_sql"):
        L.append(row(f"new session: {k}", s["new_session"][k], b["new_session"][k], r[f"new_session_{k}"]))
    sim = result.get("simulated")
    if sim:
        L += ["", (f"   SIMULATED: after {sim['tables']} more tables ({sim['pg_class_rows']} pg_class rows, as if each "
                   f"of the {n} bases had the 3 tables of a used base), the same calls:")]
        for tool in AGENT_TOOLS:
            L.append(row(tool, s["agent"][tool], sim["latency"]["agent"][tool], sim["ratios"][tool]))
        L.append(row("admin get_project (all bases)", s["admin_get_project"], sim["latency"]["admin_get_project"],
                     sim["ratios"]["admin_get_project"]))
    c = result["catalog"]
    L += ["", "3. catalog per base (rows; bytes of pg_database_size)",
          f"  {'':<20} {'install':>10} {f'at {SMALL}':>10} {f'at {n}':>10} {'per used base':>14} {'per empty base':>15}"]
    for k in [*CATALOGS, "database_bytes"]:
        L.append(f"  {k:<20} {c['install'][k]:>10} {c['small'][k]:>10} {c['large'][k]:>10} "
                 f"{c['per_used_base'][k]:>14.1f} {c['per_empty_base'][k]:>15.1f}")
    L.append("  (a used base: 3 small tables with FKs and a few rows, made through execute_sql; pg_authid and "
             "pg_auth_members are cluster-wide, outside pg_database_size)")
    d_small, d_large = result["diagnostics"]["small"], result["diagnostics"]["large"]
    L += ["", "4. what grows with the number of bases (diagnostics)"]
    L.append(f"  ACLs with one entry per base (bytes at {SMALL} -> {n}): "
             + ", ".join(f"{k} {d_small['acl_bytes'][k]} -> {d_large['acl_bytes'][k]}" for k in SHARED_ACLS))
    L.append(f"  one EXECUTE check of a tenant owner on agent_exec._run (each execute_sql statement): "
             f"{d_small['acl_check_us']:.2f} -> {d_large['acl_check_us']:.2f} us")
    L.append(f"  dbagent_owner is a member of {d_small['dbagent_owner_member_of']} -> {d_large['dbagent_owner_member_of']} roles; "
             f"its membership check in a new session (made by every base creation, after CREATE ROLE/GRANT invalidate "
             f"the cache): first {d_small['owner_membership']['first_ms']:.2f} -> "
             f"{d_large['owner_membership']['first_ms']:.2f} ms, cached {d_small['owner_membership']['second_ms']:.2f} -> "
             f"{d_large['owner_membership']['second_ms']:.2f} ms")
    for tool in AGENT_TOOLS:
        L.append(f"  {tool}: seq scans at {n}: {', '.join(d_large['seq_scans'][tool]) or 'none'}; slowest inner "
                 "statements (ms at " + f"{SMALL} -> {n}):")
        small_by_q = {x["query"]: x["ms"] for x in d_small["slowest_inner_statements"][tool]}
        for st in d_large["slowest_inner_statements"][tool]:
            before = small_by_q.get(st["query"])
            was = f"{before:.3f}" if before is not None else "?"
            L.append(f"      {was:>8} -> {st['ms']:>8.3f}  {st['query'][:110]}")
    for st in d_large["admin_get_project_statements"]:
        L.append(f"  admin get_project at {n}: {st['ms']:.3f} ms  {st['query'][:110]}")
    L.append(f"  shared lock table: {d_large['lock_table_slots']} slots (max_locks_per_transaction x processes)")
    for label, d in (("at " + str(SMALL), d_small), ("at " + str(n), d_large)):
        rf = d.get("refresh_executors")
        if rf:
            L.append(f"  executors re-created as dbagent install does {label} bases: "
                     + (f"ok, {rf['bases']} bases in {rf['seconds']:.1f} s" if rf["ok"] else
                        f"FAILED after {rf['seconds']:.1f} s: {rf['sqlstate']} {rf['error']} (hint: {rf['hint']})"))
    L += ["", "summary", f"  {'metric':<52} {'measured':>10} {'target':>9}  result"]
    for t in result["targets"]:
        L.append(f"  {t['metric']:<52} {t['measured']:>9.3f}x {'<= ' + format(t['target'], 'g') + 'x':>9}  "
                 f"{'met' if t['met'] else 'MISSED'}")
    return "\n".join(L)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bases", type=int, default=10_000, help="bases at the second measurement point (default 10000)")
    ap.add_argument("--batch", type=int, default=100, help="bases per admin_create_base batch (default 100)")
    ap.add_argument("--runs", type=int, default=200, help="calls per tool at each point (default 200)")
    ap.add_argument("--max-create-minutes", type=float, default=None,
                    help="stop creating bases after this long and measure there (the report says so)")
    ap.add_argument("--simulate-tables", action="store_true",
                    help="afterwards, grow pg_class as if every base had 3 tables (SIMULATED) and measure again")
    ap.add_argument("--no-refresh", action="store_true", help="skip timing the re-creation of every base's executors")
    ap.add_argument("--quick", action="store_true", help="tiny sizes, for the smoke test (numbers mean little)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON on stdout (the tables go to stderr)")
    args = ap.parse_args(argv)
    runs, admin_runs, fresh_runs = args.runs, max(10, args.runs // 4), 10
    if args.quick:
        args.bases, args.batch, runs, admin_runs, fresh_runs = 40, 10, 8, 4, 2
        args.simulate_tables = True
    if args.bases <= SMALL:
        ap.error(f"--bases must be more than {SMALL}")

    result: dict[str, Any] = {"benchmark": "scale", "quick": args.quick, "python": platform.python_version(),
                              "bases_target": args.bases}
    with bench_server(log) as srv:
        admin = srv.admin()
        result["server"] = {"version": srv.info.version,
                            "version_full": admin.execute("select version()").fetchone()[0]}
        c_install = catalog_counts(admin)
        log(f"# {SMALL} used bases (3 small tables each, through execute_sql)")
        used = create_used_bases(srv, SMALL)
        probe = used[0]
        result["probe"] = probe.name
        c_small = catalog_counts(admin)
        log(f"# measuring at {SMALL} bases")
        lat_small = measure(srv, probe, runs, admin_runs, fresh_runs, f"{SMALL} bases")
        lat_small["bases"] = SMALL
        diag_small = diagnostics(srv, probe, refresh=not args.no_refresh)
        log(f"# creating bases up to {args.bases}")
        creation = grow(admin, SMALL, args.bases, args.batch,
                        args.max_create_minutes * 60 if args.max_create_minutes else None)
        n = creation["reached"]
        result["bases_reached"] = n
        result["creation"] = creation
        if n < args.bases:
            result["extrapolated"] = extrapolate(creation, args.bases)
        c_large = catalog_counts(admin)
        log(f"# measuring at {n} bases")
        lat_large = measure(srv, probe, runs, admin_runs, fresh_runs, f"{n} bases")
        lat_large["bases"] = n
        diag_large = diagnostics(srv, probe, refresh=not args.no_refresh)
        result["latency"] = {"small": lat_small, "large": lat_large}
        result["ratios"] = ratios(lat_small, lat_large)
        result["catalog"] = {"install": c_install, "small": c_small, "large": c_large,
                             "per_used_base": per_base(c_small, c_install, SMALL),
                             "per_empty_base": per_base(c_large, c_small, n - SMALL)}
        result["diagnostics"] = {"small": diag_small, "large": diag_large}
        if args.simulate_tables:
            extra = round((result["catalog"]["per_used_base"]["pg_class"]) * (n - SMALL))
            log(f"# SIMULATED: growing pg_class by {extra} rows (as if all {n} bases had 3 tables)")
            sim = simulate_tables(admin, extra)
            lat_sim = measure(srv, probe, runs, admin_runs, fresh_runs, f"{n} bases + simulated tables")
            result["simulated"] = {**sim, "pg_class_rows": extra, "latency": lat_sim,
                                   "ratios": ratios(lat_small, lat_sim),
                                   "seq_scans": seq_scans(nested_plans(srv, probe))}
    result["targets"] = targets(result)
    if args.json:
        print(report(result), file=sys.stderr)
        print(json.dumps(result, indent=2, default=str))
    else:
        print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
