"""Benchmark of agent.execute_sql (issue 3): the parse wall's cost, and execute_sql against direct SQL.

Prints, in one run on a throwaway embedded server:

1. guard time per statement: dbagent's parse wall (``Checker.check_script``) plus the data-model
   rules (``ModelRules.apply``, with the re-check of rewritten statements), exactly as runner.py
   applies them, over a mix of statement kinds; p50/p99 per kind. Measured twice: in this
   process (pure Python, the pg15 catalog snapshot) and inside the server (a plpython3u DO block
   as superuser, after ``agent._py_boot()``, with the server's own catalog), where it really runs.
   The ``parse`` column is libpg_query alone (``pglast.parse_sql``), for scale.
2. execute_sql as the agent vs the same SQL run directly as the base's tenant owner role
   (``SET ROLE``, ``search_path`` = the base) over a separate connection, both over the same Unix
   socket, as ratios of client-observed latency (median and p95, runs interleaved with the order
   alternating): a one-row INSERT, a primary-key UPDATE, a primary-key SELECT, and a query
   calibrated to take ~100 ms directly.

3. this tree's execute_sql against a baseline release's (``--baseline REV``, default 85dcd98, the
   release before the walls' second round) installed into a second database of the same server
   from ``git archive REV``: the same calls on the same data, interleaved, client-observed p50
   and p95 and their ratio (this / baseline). What the second round costs per call: the clock's
   second timer, the settings every tool pins, the cursor that caps result bytes, the executor's
   own one-statement check.

Targets (issue 3): guard <= 1 ms p50; <= 1.5x for trivial DML; <= 1.05x for the ~100 ms query.
Target (issue 11): this tree within 1.10x of the baseline at p50 for every trivial call.
The summary says for each whether it is met. Usage:

    .venv/bin/python bench/execute_sql_bench.py [--runs N] [--long-runs N] [--baseline REV|none] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg
from _server import REPO, BenchBase, BenchServer, bench_server, execute_sql, plpy_path
from psycopg import sql as pgsql

TARGET_GUARD_P50_MS = 1.0
TARGET_TRIVIAL = 1.5
TARGET_LONG = 1.05
LONG_TARGET_MS = 100.0
TARGET_VS_BASELINE = 1.10
DEFAULT_BASELINE = "85dcd98"

# The statement mix for the guard. Each is allowed by the wall (a denial would stop the run).
GUARD_MIX: dict[str, str] = {
    "insert_one_row": "insert into items (name, qty, price) values ('widget', 3, 9.99)",
    "update_by_pk": "update items set qty = qty + 1, price = price * 1.1 "
                    "where id = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e'",
    "select_by_pk": "select id, name, qty, price from items where id = '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e'",
    "join_aggregate": """
        select c.name, count(distinct o.id) as orders, sum(oi.qty * oi.unit_price) as revenue,
               avg(o.total) as avg_total, max(o.placed_on) as last_order
        from customers c
        join orders o on o.customer_id = c.id
        left join order_items oi on oi.order_id = o.id
        where o.placed_on >= current_date - interval '90 days' and o.status <> 'cancelled'
        group by c.name
        having count(distinct o.id) > 1
        order by revenue desc nulls last
        limit 20""",
    "create_table": """
        create table orders (
            customer_id uuid not null references customers (id) on delete cascade,
            status text not null default 'new' check (status in ('new', 'paid', 'shipped', 'cancelled')),
            total numeric(12, 2) not null default 0 check (total >= 0),
            placed_on date not null default current_date,
            notes text,
            meta jsonb not null default '{}'::jsonb
        )""",
    "plpgsql_function": """
        create function order_total(p_order uuid) returns numeric
        language plpgsql stable set search_path = '' as $$
        declare
            v_total numeric := 0;
            v_line record;
        begin
            for v_line in select qty, unit_price from acme.order_items where order_id = p_order loop
                if v_line.qty > 0 then
                    v_total := v_total + v_line.qty * v_line.unit_price;
                end if;
            end loop;
            if v_total < 0 then
                raise exception 'negative total for order %', p_order;
            end if;
            return round(v_total, 2);
        end;
        $$""",
}


# ---------------------------------------------------------------------------------- helpers
def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation; values need not be sorted."""
    s = sorted(values)
    if not s:
        return float("nan")
    if len(s) == 1:
        return s[0]
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def summary(values_ms: list[float]) -> dict[str, float]:
    return {"p50": pct(values_ms, 0.5), "p95": pct(values_ms, 0.95), "p99": pct(values_ms, 0.99),
            "mean": statistics.fmean(values_ms), "n": len(values_ms)}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------- 1. guard
def guard_outside(iterations: int) -> dict[str, Any]:
    """The wall in this process: check_script + ModelRules, as runner.execute_sql applies them."""
    plpy_path()
    import pglast
    from dbagent_plpy.guard import Catalog, Checker, Limits
    from dbagent_plpy.rules import ModelRules
    from dbagent_plpy.runner import _recheck

    catalog = Catalog.from_snapshot()

    def guard(sql: str) -> None:
        checker = Checker("acme", catalog, Limits())
        statements = checker.check_script(sql)
        ModelRules("acme").apply(statements, recheck=lambda text: _recheck(checker, text))

    out: dict[str, Any] = {"pglast": pglast.__version__, "iterations": iterations, "kinds": {}}
    for kind, sql in GUARD_MIX.items():
        for _ in range(max(3, iterations // 10)):  # warm-up
            guard(sql)
            pglast.parse_sql(sql)
        parse_ms, guard_ms = [], []
        for _ in range(iterations):
            t0 = time.perf_counter_ns()
            pglast.parse_sql(sql)
            t1 = time.perf_counter_ns()
            guard(sql)
            t2 = time.perf_counter_ns()
            parse_ms.append((t1 - t0) / 1e6)
            guard_ms.append((t2 - t1) / 1e6)
        out["kinds"][kind] = {"parse": summary(parse_ms), "guard": summary(guard_ms)}
    return out


# The same measurement inside a backend: a DO block in plpython3u run by the superuser. The
# catalog is the server's (runner.catalog), the modules those `dbagent install` stored.
_IN_SERVER = r'''
import json, time
if GD.get('dbagent') is None:
    plpy.execute('select agent._py_boot()')
import pglast
from dbagent_plpy import runner
from dbagent_plpy.guard import Checker, Limits
from dbagent_plpy.rules import ModelRules
mix = json.loads(MIX)
catalog = runner.catalog(GD)
def guard(sql):
    checker = Checker('acme', catalog, Limits())
    statements = checker.check_script(sql)
    ModelRules('acme').apply(statements, recheck=lambda text: runner._recheck(checker, text))
res = {}
for kind, sql in mix.items():
    for _ in range(max(3, ITER // 10)):
        guard(sql)
        pglast.parse_sql(sql)
    p, g = [], []
    for _ in range(ITER):
        t0 = time.perf_counter_ns()
        pglast.parse_sql(sql)
        t1 = time.perf_counter_ns()
        guard(sql)
        t2 = time.perf_counter_ns()
        p.append((t1 - t0) / 1e6)
        g.append((t2 - t1) / 1e6)
    res[kind] = {'parse': p, 'guard': g}
plpy.notice('dbagent_bench ' + json.dumps(res))
'''


def guard_inside(srv: BenchServer, iterations: int) -> dict[str, Any]:
    body = _IN_SERVER.replace("MIX", repr(json.dumps(GUARD_MIX))).replace("ITER", str(iterations))
    conn = srv.connect(srv.admin_dsn)
    got: list[str] = []
    conn.add_notice_handler(lambda d: got.append(d.message_primary or ""))
    conn.execute(pgsql.SQL("do language plpython3u {}").format(pgsql.Literal(body)))
    raw = next(m for m in got if m.startswith("dbagent_bench "))
    data = json.loads(raw.split(" ", 1)[1])
    return {"iterations": iterations,
            "kinds": {k: {"parse": summary(v["parse"]), "guard": summary(v["guard"])} for k, v in data.items()}}


# ---------------------------------------------------------------------------------- 2. ratios
def setup_base(srv: BenchServer) -> tuple[BenchBase, psycopg.Connection, psycopg.Connection]:
    base = srv.create_base("acme")
    agent = srv.agent(base)
    execute_sql(agent, base, "create table items (name text not null, qty integer not null default 0, "
                             "price numeric(12, 2))")
    execute_sql(agent, base, "insert into items (name, qty, price) "
                             "select 'item ' || g, g % 10, g * 0.25 from generate_series(1, 1000) g")
    # the ~100 ms query's table: 50,000 rows in 12 categories
    execute_sql(agent, base, "create table events (category text not null, amount numeric(12, 2) not null, "
                             "happened_on date not null)")
    execute_sql(agent, base, "insert into events (category, amount, happened_on) "
                             "select 'c' || (g % 12), (g % 997) * 0.5, date '2024-01-01' + (g % 365) "
                             "from generate_series(1, 50000) g")
    execute_sql(agent, base, "analyze items; analyze events")
    owner = srv.owner(base)
    # Neither side uses server-side prepared statements (psycopg prepares a query after 5 runs):
    # the direct side would then skip parse and plan, which execute_sql's SPI call never can.
    agent.prepare_threshold = None
    owner.prepare_threshold = None
    return base, agent, owner


def long_query(k: int) -> str:
    return ("select e.category, count(*) as n, sum(e.amount * g) as weighted, avg(e.amount) as mean "
            f"from events e cross join generate_series(1, {k}) g "
            "group by e.category order by e.category")


def _time_direct(owner: psycopg.Connection, sql: str) -> float:
    t0 = time.perf_counter()
    cur = owner.execute(sql)
    if cur.description is not None:
        cur.fetchall()
    return (time.perf_counter() - t0) * 1000


def _time_agent(agent: psycopg.Connection, base: BenchBase, sql: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    res = agent.execute("select agent.execute_sql(%s, %s, '{}'::jsonb)", [base.base_id, sql]).fetchone()[0]
    elapsed = (time.perf_counter() - t0) * 1000
    if not res.get("ok"):
        raise RuntimeError(f"execute_sql failed: {res}")
    return elapsed, float(res.get("duration_ms") or 0.0)


def calibrate(owner: psycopg.Connection, target_ms: float) -> tuple[int, float]:
    """The cross-join factor k that makes the long query take ~target_ms directly."""
    k = 1
    for _ in range(4):
        t = statistics.median(_time_direct(owner, long_query(k)) for _ in range(3))
        if abs(t - target_ms) / target_ms < 0.1:
            return k, t
        k = max(1, round(k * target_ms / t))
    t = statistics.median(_time_direct(owner, long_query(k)) for _ in range(3))
    return k, t


def compare(agent: psycopg.Connection, owner: psycopg.Connection, base: BenchBase, sql: str,
            runs: int, warmup: int) -> dict[str, Any]:
    for _ in range(warmup):
        _time_direct(owner, sql)
        _time_agent(agent, base, sql)
    direct: list[float] = []
    via: list[float] = []
    inside: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            direct.append(_time_direct(owner, sql))
            e, d = _time_agent(agent, base, sql)
        else:
            e, d = _time_agent(agent, base, sql)
            direct.append(_time_direct(owner, sql))
        via.append(e)
        inside.append(d)
    sd, sv = summary(direct), summary(via)
    return {
        "sql": sql, "runs": runs,
        "direct_ms": sd, "execute_sql_ms": sv,
        "execute_sql_server_duration_ms": summary(inside),
        "ratio_p50": sv["p50"] / sd["p50"], "ratio_p95": sv["p95"] / sd["p95"],
        "overhead_p50_ms": sv["p50"] - sd["p50"],
    }


def first_call(srv: BenchServer, base: BenchBase) -> dict[str, float]:
    """A new agent session's first execute_sql (PL/Python loads dbagent and pglast) vs its second."""
    conn = srv.agent(base)
    sql = "select count(*) from items"
    first, _ = _time_agent(conn, base, sql)
    second, _ = _time_agent(conn, base, sql)
    conn.close()
    return {"first_ms": first, "second_ms": second}


# ---------------------------------------------------------------------------------- 3. baseline
def _baseline_tree(rev: str, into: Path) -> None:
    """The server code of release REV (migrations/, sql/, plpy/), as `git archive` gives it."""
    data = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev, "migrations", "sql", "plpy"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")


def _seed(conn: psycopg.Connection, base_id: str) -> str:
    for sql in ("create table items (name text not null, qty integer not null default 0, price numeric(12, 2))",
                "insert into items (name, qty, price) select 'item ' || g, g % 10, g * 0.25 "
                "from generate_series(1, 1000) g",
                "analyze items"):
        conn.execute("select agent.execute_sql(%s, %s, '{}'::jsonb)", [base_id, sql])
    res = conn.execute("select agent.execute_sql(%s, 'select id from items order by name limit 1', '{}'::jsonb)",
                       [base_id]).fetchone()[0]
    return res["statements"][0]["rows"][0][0]


def _have_revision(rev: str) -> bool:
    return subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", f"{rev}^{{commit}}"],
                          capture_output=True).returncode == 0


def versus_baseline(srv: BenchServer, rev: str, runs: int, warmup: int) -> dict[str, Any]:
    """This tree's execute_sql vs release REV's, each in a database of the same server."""
    from dbagent.install import install

    admin = srv.admin()
    with tempfile.TemporaryDirectory(prefix="dbagent-baseline-") as tmp:
        _baseline_tree(rev, Path(tmp))
        admin.execute("create database dbagent_baseline")
        install(srv.info.uri("dbagent_baseline"), server_python_path=[srv.info.python_dir], source_root=Path(tmp))
    sides: dict[str, tuple[psycopg.Connection, str, str]] = {}
    for side, db in (("this", srv.info.database), ("baseline", "dbagent_baseline")):
        with psycopg.connect(srv.info.uri(db), autocommit=True) as a:
            r = a.execute("select agent.admin_create_base(%s)", [f"vs_{side}"]).fetchone()[0]
        dsn = (f"postgresql://{r['agent_role']}:{r['agent_password']}@/{db}"
               f"?host={srv.info.socket_dir}&port={srv.info.port}")
        conn = srv.connect(dsn)
        conn.prepare_threshold = None
        row_id = _seed(conn, str(r["base_id"]))
        sides[side] = (conn, str(r["base_id"]), row_id)
    cases = {
        "select_1": lambda rid: "select 1",
        "insert_one_row": lambda rid: "insert into items (name, qty, price) values ('widget', 1, 9.99)",
        "update_by_pk": lambda rid: f"update items set qty = qty + 1 where id = '{rid}'",
        "select_by_pk": lambda rid: f"select id, name, qty, price from items where id = '{rid}'",
        "select_100_rows": lambda rid: "select name, qty, price from items order by name limit 100",
    }

    def timed(side: str, case: str) -> float:
        conn, base_id, rid = sides[side]
        t0 = time.perf_counter()
        res = conn.execute("select agent.execute_sql(%s, %s, '{}'::jsonb)", [base_id, cases[case](rid)]).fetchone()[0]
        if not res.get("ok"):
            raise RuntimeError(f"execute_sql failed on {side}: {res}")
        return (time.perf_counter() - t0) * 1000

    out: dict[str, Any] = {"rev": rev, "runs": runs, "cases": {}}
    for case in cases:
        for _ in range(warmup):
            timed("this", case)
            timed("baseline", case)
        got: dict[str, list[float]] = {"this": [], "baseline": []}
        for i in range(runs):
            order = ("this", "baseline") if i % 2 == 0 else ("baseline", "this")
            for side in order:
                got[side].append(timed(side, case))
        t, b = summary(got["this"]), summary(got["baseline"])
        out["cases"][case] = {"this_ms": t, "baseline_ms": b, "ratio_p50": t["p50"] / b["p50"],
                              "ratio_p95": t["p95"] / b["p95"], "added_p50_ms": t["p50"] - b["p50"]}
    return out


# ---------------------------------------------------------------------------------- report
def fmt_guard_table(title: str, data: dict[str, Any]) -> list[str]:
    lines = [title, f"  {'kind':<18} {'parse p50':>10} {'guard p50':>10} {'guard p99':>10} {'guard mean':>11}   (ms)"]
    for kind, d in data["kinds"].items():
        lines.append(f"  {kind:<18} {d['parse']['p50']:>10.3f} {d['guard']['p50']:>10.3f} "
                     f"{d['guard']['p99']:>10.3f} {d['guard']['mean']:>11.3f}")
    return lines


def yes(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(result: dict[str, Any]) -> str:
    lines = [(f"dbagent execute_sql benchmark: PostgreSQL {result['server']['version']}, Python "
             f"{result['python']}, pglast {result['guard_outside']['pglast']}"), ""]
    lines += fmt_guard_table(
        f"1. guard (parse wall + data-model rules) per statement, in this process, "
        f"N={result['guard_outside']['iterations']} per kind", result["guard_outside"])
    if result.get("guard_inside"):
        lines += [""] + fmt_guard_table(
            f"   the same inside the server (plpython3u DO block), N={result['guard_inside']['iterations']} per kind",
            result["guard_inside"])
    lines += ["", "2. execute_sql (agent) vs the same SQL as the tenant owner directly, client-observed, same socket,",
              "   interleaved; 'inside' = execute_sql's own duration_ms (server side)",
              (f"  {'case':<22} {'runs':>5} {'direct p50':>11} {'exec p50':>9} {'ratio p50':>10} "
              f"{'direct p95':>11} {'exec p95':>9} {'ratio p95':>10} {'+ms p50':>8} {'inside p50':>11}")]
    for name, c in [*result["cases"].items(), *result.get("diagnostic_cases", {}).items()]:
        lines.append(
            f"  {name:<22} {c['runs']:>5} {c['direct_ms']['p50']:>11.3f} {c['execute_sql_ms']['p50']:>9.3f} "
            f"{c['ratio_p50']:>9.2f}x {c['direct_ms']['p95']:>11.3f} {c['execute_sql_ms']['p95']:>9.3f} "
            f"{c['ratio_p95']:>9.2f}x {c['overhead_p50_ms']:>8.3f} "
            f"{c['execute_sql_server_duration_ms']['p50']:>11.3f}")
    lines.append("  (*_nosync: diagnostic, synchronous_commit = off in both sessions: no wait for the WAL "
                 "flush at commit)")
    lq = result["long_query"]
    lines.append(f"  long_query: k={lq['k']} (calibrated to {lq['calibrated_ms']:.1f} ms directly, "
                 f"{lq['direct_plan']} plan): {lq['sql']}")
    fc = result["first_call"]
    lines.append(f"  a new agent session's first execute_sql: {fc['first_ms']:.1f} ms (loads dbagent's Python "
                 f"and pglast), its second: {fc['second_ms']:.2f} ms")
    vb = result.get("versus_baseline")
    if result.get("versus_baseline_skipped"):
        lines += ["", f"3. this tree vs a baseline release: skipped ({result['versus_baseline_skipped']})"]
    if vb:
        lines += ["", f"3. execute_sql of this tree vs release {vb['rev']} (same server, same data, interleaved, "
                      f"{vb['runs']} pairs per case)",
                  f"  {'case':<18} {'this p50':>9} {'base p50':>9} {'ratio p50':>10} {'this p95':>9} {'base p95':>9} "
                  f"{'ratio p95':>10} {'+ms p50':>8}"]
        for name, c in vb["cases"].items():
            lines.append(f"  {name:<18} {c['this_ms']['p50']:>9.3f} {c['baseline_ms']['p50']:>9.3f} "
                         f"{c['ratio_p50']:>9.2f}x {c['this_ms']['p95']:>9.3f} {c['baseline_ms']['p95']:>9.3f} "
                         f"{c['ratio_p95']:>9.2f}x {c['added_p50_ms']:>8.3f}")
    lines += ["", "summary"]
    lines.append(f"  {'metric':<44} {'measured':>10} {'target':>9}  result")
    for t in result["targets"]:
        unit = "ms" if t["unit"] == "ms" else "x"
        lines.append(f"  {t['metric']:<44} {t['measured']:>9.3f}{unit} {'<= ' + format(t['target'], 'g') + unit:>9}  "
                     f"{yes(t['met'])}")
    return "\n".join(lines)


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    where = "guard_inside" if result.get("guard_inside") else "guard_outside"
    label = "in server" if where == "guard_inside" else "in process"
    for data in (result[where],):
        for kind, d in data["kinds"].items():
            out.append({"metric": f"guard p50 {kind} ({label})", "measured": d["guard"]["p50"],
                        "target": TARGET_GUARD_P50_MS, "unit": "ms", "met": d["guard"]["p50"] <= TARGET_GUARD_P50_MS})
    for name, c in result["cases"].items():
        target = TARGET_LONG if name == "long_query" else TARGET_TRIVIAL
        for q in ("p50", "p95"):
            r = c[f"ratio_{q}"]
            out.append({"metric": f"ratio {name} {q}", "measured": r, "target": target, "unit": "x",
                        "met": r <= target})
    for name, c in (result.get("versus_baseline") or {}).get("cases", {}).items():
        out.append({"metric": f"vs {result['versus_baseline']['rev']} {name} p50", "measured": c["ratio_p50"],
                    "target": TARGET_VS_BASELINE, "unit": "x", "met": c["ratio_p50"] <= TARGET_VS_BASELINE})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=300, help="interleaved pairs per trivial-DML case (default 300)")
    ap.add_argument("--long-runs", type=int, default=31, help="interleaved pairs for the ~100 ms query (default 31)")
    ap.add_argument("--guard-iterations", type=int, default=2000, help="guard timings per statement kind")
    ap.add_argument("--quick", action="store_true", help="tiny sizes, for the smoke test (numbers mean little)")
    ap.add_argument("--no-server-guard", action="store_true", help="skip the in-server guard measurement")
    ap.add_argument("--baseline", default=DEFAULT_BASELINE,
                    help=f"a git revision to compare execute_sql with (default {DEFAULT_BASELINE}); 'none' to skip")
    ap.add_argument("--json", action="store_true", help="print the results as JSON on stdout (the tables go to stderr)")
    args = ap.parse_args(argv)
    runs, long_runs, iters, warmup = args.runs, args.long_runs, args.guard_iterations, 20
    if args.quick:
        runs, long_runs, iters, warmup = 6, 3, 30, 2

    result: dict[str, Any] = {"benchmark": "execute_sql", "quick": args.quick, "python": platform.python_version()}
    log("# guard, in this process")
    result["guard_outside"] = guard_outside(iters)
    with bench_server(log) as srv:
        result["server"] = {"version": srv.info.version}
        if not args.no_server_guard:
            log("# guard, inside the server")
            result["guard_inside"] = guard_inside(srv, iters)
        log("# setting up base acme (items: 1,000 rows; events: 50,000 rows)")
        base, agent, owner = setup_base(srv)
        row_id = owner.execute("select id from items order by name limit 1").fetchone()[0]
        result["first_call"] = first_call(srv, base)
        log("# calibrating the long query")
        k, t = calibrate(owner, LONG_TARGET_MS)
        plan = [r[0] for r in owner.execute("explain " + long_query(k)).fetchall()]
        parallel = any("Gather" in line for line in plan)
        result["long_query"] = {"k": k, "calibrated_ms": t, "sql": long_query(k),
                                "direct_plan": "parallel" if parallel else "serial"}
        cases = {
            "insert_one_row": ("insert into items (name, qty, price) values ('widget', 1, 9.99)", runs),
            "update_by_pk": (f"update items set qty = qty + 1 where id = '{row_id}'", runs),
            "select_by_pk": (f"select id, name, qty, price from items where id = '{row_id}'", runs),
            "long_query": (long_query(k), long_runs),
        }
        result["cases"] = {}
        for name, (sql, n) in cases.items():
            log(f"# {name}: {n} interleaved pairs")
            result["cases"][name] = compare(agent, owner, base, sql, n, warmup if name != "long_query" else 2)
        # Diagnostic, not judged: the same trivial statements with synchronous_commit = off in
        # both sessions, i.e. without waiting for the WAL flush at commit. execute_sql writes an
        # audit row in every call, so even its read-only calls wait for a flush; these rows show
        # dbagent's own CPU cost apart from the disk's.
        for conn in (agent, owner):
            conn.execute("set synchronous_commit = off")
        result["diagnostic_cases"] = {}
        for name in ("insert_one_row", "select_by_pk"):
            sql, n = cases[name]
            log(f"# {name}, synchronous_commit off: {n} interleaved pairs")
            result["diagnostic_cases"][name + "_nosync"] = compare(agent, owner, base, sql, n, warmup)
        if args.baseline != "none":
            if _have_revision(args.baseline):
                log(f"# this tree vs {args.baseline}: {runs} interleaved pairs per case")
                result["versus_baseline"] = versus_baseline(srv, args.baseline, runs, warmup)
            else:  # e.g. a shallow clone
                log(f"# this tree vs {args.baseline}: skipped, the revision is not in this clone")
                result["versus_baseline_skipped"] = f"revision {args.baseline} is not in this clone"
    result["targets"] = targets(result)
    if args.json:
        print(report(result), file=sys.stderr)
        print(json.dumps(result, indent=2))
    else:
        print(report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
