"""analyse_csv against DuckDB's own one-pass profile, and the memory of the serving backend.

    .venv/bin/python bench/csv_analyse_bench.py                 # 4 MB, 100 MB and ~1 GB files
    .venv/bin/python bench/csv_analyse_bench.py --mb 300        # a smaller big file
    .venv/bin/python bench/csv_analyse_bench.py --quick         # a smoke run (4 MB and 20 MB)
    .venv/bin/python bench/csv_analyse_bench.py --json          # the result as JSON on stdout

Files: generated with DuckDB like csv_import_bench.py's (quotes, doubled quotes, embedded line
breaks, unicode, leading zeros, 20-digit numbers, decimals, timestamps with offsets, booleans,
NULLs and empty strings), into the server's import directory, so the upload is not counted.

Speed: for each file, runs alternate between

* **DuckDB's one-pass profile** in this process: ``read_csv`` with its own sniffer, then one
  query with ``count``, ``approx_count_distinct``, ``min`` and ``max`` of every column, with the
  threads analyse_csv gets (``csv_threads``, 2);
* **analyse_csv** called by the base's agent role over the socket (sniff, DuckDB's pass with
  every column's type check, the byte scan, keys, secrets, the suggested table, the audit row).

The first analyse_csv of a new session also loads DuckDB into the backend: it is reported on
its own ("cold"); the ratio uses the median of the warm runs.

Memory: each measured call runs in a new session; a thread samples that backend's
``/proc/<pid>/smaps_rollup`` (Private_Clean + Private_Dirty: the memory only this backend holds)
and ``VmHWM`` every 20 ms. Measured for analyse_csv and import_csv at the 100 MB and the big
file, and for an upload of the 100 MB file over the connection (upload_begin/chunk/finish) with
the client's own peak (``ru_maxrss``) too. The call's budget is ``csv_memory_limit_mb``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import bench_server  # noqa: E402

COLUMNS = ("code text, name text, note text, qty integer, price numeric(12,2), big numeric, "
           "happened_at timestamptz, active boolean, tag text")


def log(msg: str) -> None:
    print("# " + msg, file=sys.stderr, flush=True)


def generate(path: Path, mb: float) -> int:
    """A CSV of about MB megabytes, written by DuckDB; returns the row count."""
    import duckdb

    rows = max(1000, int(mb * 1_000_000 // 88))
    con = duckdb.connect()
    con.execute(f"""
        copy (
            select lpad((i % 100000)::varchar, 6, '0') as code,
                   case i % 5 when 0 then 'Zoë ' || i when 1 then 'Jürgen, "the" ' || i when 2 then '李雷 ' || i
                                 else 'name ' || i end as name,
                   case when i % 50 = 0 then 'line one' || chr(10) || 'line two ' || i
                        when i % 13 = 0 then '' when i % 11 = 0 then null
                        else 'note ' || i end as note,
                   (i % 100000)::integer as qty,
                   ((i * 37) % 10000000) / 100.0 :: decimal(12,2) as price,
                   case when i % 17 = 0 then '12345678901234567890' else (i * 7)::varchar end as big,
                   timestamptz '2024-01-01 00:00:00+00' + to_seconds(i % 31536000) as happened_at,
                   i % 2 = 0 as active,
                   case when i % 3 = 0 then null else 't' || (i % 97) end as tag
            from range({rows}) t(i)
        ) to '{path}' (header true, quote '"')
    """)
    con.close()
    return rows


def duckdb_profile(path: Path, threads: int) -> float:
    """DuckDB's own one-pass profile of the file (its sniffer, then one aggregate query)."""
    import duckdb

    con = duckdb.connect(config={"threads": threads})
    try:
        t = time.perf_counter()
        cols = [r[0] for r in con.execute(f"describe select * from read_csv('{path}')").fetchall()]
        aggs = ", ".join(f'count("{c}"), approx_count_distinct("{c}"), min("{c}"), max("{c}")' for c in cols)
        con.execute(f"select count(*), {aggs} from read_csv('{path}')").fetchall()
        return time.perf_counter() - t
    finally:
        con.close()


class Sampler:
    """Peak private memory and VmHWM of a process, sampled every 20 ms."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_private = 0
        self.hwm = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def read(self) -> None:
        try:
            private = 0
            with open(f"/proc/{self.pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith(("Private_Clean:", "Private_Dirty:")):
                        private += int(line.split()[1])
            self.peak_private = max(self.peak_private, private)
            with open(f"/proc/{self.pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        self.hwm = max(self.hwm, int(line.split()[1]))
        except OSError:
            pass

    def run(self) -> None:
        while not self.stop.wait(0.02):
            self.read()

    def __enter__(self) -> Sampler:
        self.read()
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        self.thread.join()
        self.read()

    def mb(self) -> dict[str, float]:
        return {"private_mb": round(self.peak_private / 1024, 1), "vmhwm_mb": round(self.hwm / 1024, 1)}


def measured(srv: Any, base: Any, sql: str, params: list[Any]) -> tuple[Any, float, dict[str, float]]:
    """Run SQL in a new agent session while sampling its backend: (result, seconds, memory)."""
    conn = srv.agent(base)
    try:
        pid = conn.execute("select pg_backend_pid()").fetchone()[0]
        with Sampler(pid) as s:
            t = time.perf_counter()
            res = conn.execute(sql, params).fetchone()[0]
            secs = time.perf_counter() - t
        return res, secs, s.mb()
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1000, help="size of the big file (default 1000)")
    ap.add_argument("--runs", type=int, default=3, help="warm runs of each side per file (default 3)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-import", action="store_true", help="skip the import memory measurements")
    args = ap.parse_args()
    sizes = {"small": 4.0, "medium": 100.0, "big": args.mb}
    if args.quick:
        sizes = {"small": 4.0, "medium": 20.0}
        args.runs = 2
    work = Path(tempfile.mkdtemp(prefix="dbagent-bench-analyse-", dir="/tmp"))
    os.chmod(work, 0o755)
    out: dict[str, Any] = {"files": {}}
    try:
        files = {}
        for label, mb in sizes.items():
            p = work / f"{label}.csv"
            t = time.perf_counter()
            rows = generate(p, mb)
            os.chmod(p, 0o644)
            files[label] = p
            out["files"][label] = {"bytes": p.stat().st_size, "rows": rows, "generate_s": round(time.perf_counter() - t, 1)}
            log(f"generated {label}: {p.stat().st_size / 1e6:.1f} MB, {rows} rows")
        with bench_server(log) as srv:
            admin = srv.admin()
            settings = admin.execute("select agent.admin_set_settings(%s::jsonb)",
                                     [json.dumps({"import_dir": str(work)})]).fetchone()[0]
            threads = int(settings.get("csv_threads") or 2)
            limit_mb = int(settings.get("csv_memory_limit_mb") or 512)
            out.update(csv_threads=threads, csv_memory_limit_mb=limit_mb)
            base = srv.create_base("bench")
            # big files take longer than the statement timeout that is the CSV clock by default
            srv.admin().execute("select agent.admin_set_limits(%s, '{\"csv_timeout_ms\": 3600000}')", [base.name])
            agent = srv.agent(base)
            for label, p in files.items():
                f = out["files"][label]
                src = f"import:{p.name}"
                log(f"{label}: analyse_csv (cold session) ...")
                res, cold, mem = measured(srv, base, "select agent.analyse_csv(%s, %s)", [base.base_id, src])
                f["analyse_cold_s"] = round(cold, 3)
                f["analyse_memory"] = mem
                f["analyse_rows"] = res["row_count"]
                assert res["row_count"] == f["rows"], (res["row_count"], f["rows"])
                agent.execute("select agent.analyse_csv(%s, %s)", [base.base_id, src])  # warm this session
                duck, ours = [], []
                for run in range(args.runs):
                    log(f"{label}: run {run + 1}/{args.runs}")
                    order = (0, 1) if run % 2 == 0 else (1, 0)
                    for side in order:
                        if side == 0:
                            duck.append(duckdb_profile(p, threads))
                        else:
                            t = time.perf_counter()
                            agent.execute("select agent.analyse_csv(%s, %s)", [base.base_id, src]).fetchone()
                            ours.append(time.perf_counter() - t)
                f["duckdb_profile_s"] = round(statistics.median(duck), 3)
                f["analyse_warm_s"] = round(statistics.median(ours), 3)
                f["ratio"] = round(statistics.median(ours) / statistics.median(duck), 2)
                f["analyse_mb_s"] = round(f["bytes"] / statistics.median(ours) / 1e6, 1)
                if label != "small" and not args.no_import:
                    log(f"{label}: import_csv ...")
                    agent.execute("select agent.execute_sql(%s, %s)",
                                  [base.base_id, f"drop table if exists t_{label}; create table t_{label} ({COLUMNS})"])
                    res, secs, mem = measured(srv, base, "select agent.import_csv(%s, %s, %s)",
                                              [base.base_id, src, f"t_{label}"])
                    assert res["rows_loaded"] == f["rows"], res
                    f["import_s"] = round(secs, 2)
                    f["import_memory"] = mem
                    agent.execute("select agent.execute_sql(%s, %s)", [base.base_id, f"drop table t_{label}"])
            # an upload over the connection: the backend and this client stay bounded
            medium = files["medium"]
            from dbagent.csv_commands import upload

            conn = srv.agent(base)
            pid = conn.execute("select pg_backend_pid()").fetchone()[0]
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            with Sampler(pid) as s:
                t = time.perf_counter()
                upload(conn, base.base_id, medium, show=False)
                secs = time.perf_counter() - t
            conn.close()
            out["upload"] = {"bytes": medium.stat().st_size, "seconds": round(secs, 2), **s.mb(),
                             "client_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                             "client_maxrss_before_mb": round(before / 1024, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(out, args)


def report(out: dict[str, Any], args: argparse.Namespace) -> None:
    stream = sys.stderr if args.json else sys.stdout

    def say(s: str = "") -> None:
        print(s, file=stream)

    limit = out["csv_memory_limit_mb"]
    say(f"csv_threads={out['csv_threads']}  csv_memory_limit_mb={limit}")
    say(f"{'file':<8}{'MB':>8}{'rows':>11}{'duckdb s':>10}{'analyse s':>11}{'cold s':>8}{'ratio':>7}"
        f"{'MB/s':>7}{'analyse MB':>12}{'import s':>10}{'import MB':>11}")
    for label, f in out["files"].items():
        im = f.get("import_memory") or {}
        say(f"{label:<8}{f['bytes'] / 1e6:>8.1f}{f['rows']:>11}{f['duckdb_profile_s']:>10.3f}{f['analyse_warm_s']:>11.3f}"
            f"{f['analyse_cold_s']:>8.2f}{f['ratio']:>6.2f}x{f['analyse_mb_s']:>7.1f}"
            f"{f['analyse_memory']['private_mb']:>12.1f}{f.get('import_s', 0):>10.1f}{im.get('private_mb', 0):>11.1f}")
    up = out["upload"]
    say(f"upload of {up['bytes'] / 1e6:.0f} MB: {up['seconds']} s; backend private peak {up['private_mb']} MB; "
        f"client maxrss {up['client_maxrss_mb']} MB (before: {up['client_maxrss_before_mb']} MB)")
    say("memory: peak private memory of the serving backend (smaps_rollup Private_*), VmHWM in the JSON")
    say()
    say("summary:")
    small = out["files"]["small"]
    say(f"  analyse 4 MB (warm)          {small['analyse_warm_s']:.3f}s  < 0.3s  "
        f"{'met' if small['analyse_warm_s'] < 0.3 else 'MISSED'}")
    bigname = "big" if "big" in out["files"] else "medium"
    big = out["files"][bigname]
    say(f"  analyse {bigname} vs DuckDB profile  {big['ratio']:.2f}x  <= 2x  {'met' if big['ratio'] <= 2 else 'MISSED'}")
    for label, f in out["files"].items():
        for what in ("analyse_memory", "import_memory"):
            if what in f:
                mb = f[what]["private_mb"]
                say(f"  {what.split('_')[0]} {label} backend private peak  {mb:.0f}MB  <= {limit}MB  "
                    f"{'met' if mb <= limit else 'MISSED'}")
    say(f"  upload backend private peak  {up['private_mb']:.0f}MB  <= {limit}MB  "
        f"{'met' if up['private_mb'] <= limit else 'MISSED'}")
    if args.json:
        print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
