"""What the session wall costs a tool call (issue 12): this tree against a baseline, interleaved.

One throwaway server, two databases: ``wall`` with this tree installed, ``baseline`` with the
tree of ``--baseline-commit`` (default 85dcd98, the commit before the session wall; the git
history of this checkout provides it) installed by the same installer. Each gets one base with a
1,000-row table and its agent's connection; the same calls then alternate between the two,
order swapped every run, so both sides see the same machine at the same moment:

* ``select_by_pk``, ``insert_one_row``: ``agent.execute_sql`` (the entry check, the storage
  quota's measure after a write, the audit journal's line);
* ``get_project``, ``get_schema``: the PL/pgSQL tools (the entry check, a PL/Python call).

Printed: p50 and p95 per side in ms, the ratio of the p50s, and the added milliseconds. Target:
execute_sql's p50 no more than 1.10x the baseline's.

    .venv/bin/python bench/session_wall_bench.py [--runs 400] [--baseline-commit 85dcd98] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg
from _server import REPO, bench_server

from dbagent.install import install

CASES = {
    "select_by_pk": ("execute_sql", "select id, n, label from items where n = {k}"),
    "insert_one_row": ("execute_sql", "insert into items (n, label) values ({k}, 'x')"),
    "get_project": ("get_project", None),
    "get_schema": ("get_schema", None),
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def baseline_tree(commit: str, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit, "sql", "plpy", "migrations"],
                             capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def prepare(srv: Any, dbname: str, root: Path | None) -> tuple[psycopg.Connection, str]:
    with psycopg.connect(srv.info.uri("postgres"), autocommit=True) as c:
        c.execute(f'create database "{dbname}"')
    dsn = srv.info.uri(dbname)
    install(dsn, server_python_path=[srv.info.python_dir], **({"source_root": root} if root else {}))
    with psycopg.connect(dsn, autocommit=True) as admin:
        b = admin.execute("select agent.admin_create_base('bench')").fetchone()[0]
        owner = admin.execute("select owner_role from agent.base where base_id = %s", [b["base_id"]]).fetchone()[0]
        admin.execute(f'set role "{owner}"')
        admin.execute("create table bench.items (id uuid primary key default gen_random_uuid(), n int, label text)")
        admin.execute("insert into bench.items (n, label) select g, 'seed' from generate_series(1, 1000) g")
        admin.execute("create index on bench.items (n)")
        admin.execute("reset role")
        admin.execute("analyze bench.items")
    agent = psycopg.connect(
        f"postgresql://{quote(b['agent_role'], safe='')}:{quote(b['agent_password'], safe='')}@/{dbname}"
        f"?host={quote(srv.info.socket_dir, safe='/')}&port={srv.info.port}", autocommit=True)
    return agent, str(b["base_id"])


def one_call(conn: psycopg.Connection, base_id: str, case: str, k: int) -> float:
    tool, sql = CASES[case]
    t = time.perf_counter()
    if tool == "execute_sql":
        conn.execute("select agent.execute_sql(%s, %s)", [base_id, sql.format(k=k)]).fetchone()
    elif tool == "get_project":
        conn.execute("select agent.get_project()").fetchone()
    else:
        conn.execute("select agent.get_schema(%s)", [base_id]).fetchone()
    return (time.perf_counter() - t) * 1000


def pct(v: list[float], q: float) -> float:
    s = sorted(v)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def run(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"benchmark": "session wall", "baseline_commit": args.baseline_commit, "runs": args.runs,
                           "cases": {}}
    with tempfile.TemporaryDirectory(prefix="dbagent-wallbench-") as tmp, bench_server(log) as srv:
        old_root = baseline_tree(args.baseline_commit, Path(tmp) / "baseline")
        sides = {"baseline": prepare(srv, "baseline", old_root), "wall": prepare(srv, "wall", None)}
        for case in CASES:
            times: dict[str, list[float]] = {"baseline": [], "wall": []}
            for name, (conn, base) in sides.items():  # warm-up (a session's first call loads its code)
                for k in range(20):
                    one_call(conn, base, case, k)
            for i in range(args.runs):
                order = ["baseline", "wall"] if i % 2 == 0 else ["wall", "baseline"]
                for name in order:
                    conn, base = sides[name]
                    times[name].append(one_call(conn, base, case, 1 + i % 1000))
            b, w = times["baseline"], times["wall"]
            out["cases"][case] = {
                "baseline_p50": statistics.median(b), "wall_p50": statistics.median(w),
                "baseline_p95": pct(b, 0.95), "wall_p95": pct(w, 0.95),
                "ratio_p50": statistics.median(w) / statistics.median(b),
                "added_ms_p50": statistics.median(w) - statistics.median(b),
            }
            log(f"# {case}: done")
    ex = [out["cases"][c]["ratio_p50"] for c in ("select_by_pk", "insert_one_row")]
    out["target_met"] = max(ex) <= 1.10
    return out


def report(r: dict[str, Any]) -> str:
    L = [f"dbagent session wall cost: this tree vs {r['baseline_commit']}, {r['runs']} interleaved pairs per case", "",
         f"  {'case':<16} {'base p50':>9} {'wall p50':>9} {'ratio':>7} {'+ms':>7} {'base p95':>9} {'wall p95':>9}"]
    for case, c in r["cases"].items():
        L.append(f"  {case:<16} {c['baseline_p50']:>9.3f} {c['wall_p50']:>9.3f} {c['ratio_p50']:>6.2f}x "
                 f"{c['added_ms_p50']:>7.3f} {c['baseline_p95']:>9.3f} {c['wall_p95']:>9.3f}")
    L += ["", f"execute_sql p50 <= 1.10x the baseline: {'met' if r['target_met'] else 'MISSED'}"]
    return "\n".join(L)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=400)
    ap.add_argument("--baseline-commit", default="85dcd98")
    ap.add_argument("--quick", action="store_true", help="30 pairs per case (the smoke test)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs = 30
    r = run(args)
    if args.json:
        print(report(r), file=sys.stderr)
        print(json.dumps(r, indent=2))
    else:
        print(report(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
