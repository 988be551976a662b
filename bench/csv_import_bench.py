"""import_csv vs raw COPY on one generated CSV, in one run (issue 5's speed benchmark).

    .venv/bin/python bench/csv_import_bench.py            # ~550 MB, ~5 M rows
    .venv/bin/python bench/csv_import_bench.py --mb 50    # smaller
    .venv/bin/python bench/csv_import_bench.py --quick    # a smoke run

The file has quotes, embedded newlines, unicode, numerics, timestamps, nullable columns and
empty strings. Both sides load the same server-side file into identical tables (dbagent's
system fields with their defaults, primary key, RLS forced): the baseline is a superuser's
server-side ``COPY ... FROM 'file'`` on one stream; dbagent is ``agent.import_csv`` called by
the base's agent role with the file in the server's import directory (so the upload, measured
separately, is not counted). Also printed: analyse_csv's time on the same file, the upload's
throughput over the connection, and a check that both tables hold the same values.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import bench_server  # noqa: E402

COLUMNS = """
    code text, name text, note text, qty integer, price numeric(12,2), big numeric,
    happened_at timestamptz, active boolean, tag text
"""
COLS = "code, name, note, qty, price, big, happened_at, active, tag"


def generate(path: Path, mb: int) -> int:
    """Write a CSV of about MB megabytes with DuckDB (fast); returns the row count."""
    import duckdb

    rows = max(1000, mb * 1_000_000 // 88)  # about 90 bytes a row
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=550)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.mb, args.runs = 5, 1
    work = Path(tempfile.mkdtemp(prefix="dbagent-bench-csv-", dir="/tmp"))
    os.chmod(work, 0o755)
    out: dict[str, object] = {}
    try:
        csv_path = work / "bench.csv"
        t = time.perf_counter()
        rows = generate(csv_path, args.mb)
        os.chmod(csv_path, 0o644)
        size = csv_path.stat().st_size
        out.update(rows=rows, bytes=size, generate_s=round(time.perf_counter() - t, 1))
        with bench_server() as srv:
            admin = srv.admin()
            admin.execute("select agent.admin_set_settings(%s::jsonb)", [json.dumps({"import_dir": str(work)})])
            base = srv.create_base("bench")
            # big files take longer than the statement timeout that is the CSV clock by default
            srv.admin().execute("select agent.admin_set_limits(%s, '{\"csv_timeout_ms\": 3600000}')", [base.name])
            agent = srv.agent(base)
            ddl = f"create table {{}} ({COLUMNS})"
            agent.execute("select agent.execute_sql(%s, %s)", [base.base_id, ddl.format("imported")])
            # the baseline table: identical (created the same way), loaded by a superuser's COPY
            agent.execute("select agent.execute_sql(%s, %s)", [base.base_id, ddl.format("copied")])

            t = time.perf_counter()
            analysis = agent.execute("select agent.analyse_csv(%s, 'import:bench.csv')", [base.base_id]).fetchone()[0]
            out["analyse_s"] = round(time.perf_counter() - t, 2)
            out["analyse_types"] = {c["suggested_name"]: c["pg_type"] for c in analysis["columns"]}

            copy_s, import_s = [], []
            for run in range(args.runs):
                admin.execute(f'truncate "{base.schema}".copied, "{base.schema}".imported')
                admin.execute("checkpoint")
                t = time.perf_counter()
                admin.execute(f"copy \"{base.schema}\".copied ({COLS}) from '{csv_path}' (format csv, header true)")
                copy_s.append(time.perf_counter() - t)
                admin.execute("checkpoint")
                t = time.perf_counter()
                r = agent.execute("select agent.import_csv(%s, 'import:bench.csv', 'imported')",
                                  [base.base_id]).fetchone()[0]
                import_s.append(time.perf_counter() - t)
                assert r["rows_loaded"] == rows, r
                out["import_phases_ms"] = r.get("timings")
            diff = admin.execute(
                f'select count(*) from (select {COLS} from "{base.schema}".copied except all '
                f'select {COLS} from "{base.schema}".imported) d').fetchone()[0]
            out.update(
                raw_copy_s=round(statistics.median(copy_s), 2),
                import_csv_s=round(statistics.median(import_s), 2),
                raw_copy_mb_s=round(size / statistics.median(copy_s) / 1e6, 1),
                import_csv_mb_s=round(size / statistics.median(import_s) / 1e6, 1),
                ratio_import_vs_copy=round(statistics.median(copy_s) / statistics.median(import_s), 3),
                rows_differing=diff,
            )
            # the upload over the connection (a quarter of the file, to keep the run short)
            part = work / "part.csv"
            with csv_path.open("rb") as src, part.open("wb") as dst:
                shutil.copyfileobj(src, dst, length=1 << 20) if args.quick else dst.write(src.read(size // 4))
            from dbagent.csv_commands import upload

            t = time.perf_counter()
            upload(agent, base.base_id, part, show=False)
            out["upload_mb_s"] = round(part.stat().st_size / (time.perf_counter() - t) / 1e6, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"file: {out['bytes'] / 1e6:.0f} MB, {out['rows']} rows (generated in {out['generate_s']} s)")
    print(f"analyse_csv:            {out['analyse_s']} s")
    print(f"raw COPY (superuser):   {out['raw_copy_s']} s  ({out['raw_copy_mb_s']} MB/s)")
    print(f"import_csv (agent):     {out['import_csv_s']} s  ({out['import_csv_mb_s']} MB/s)")
    print(f"ratio import/COPY:      {out['ratio_import_vs_copy']}x of raw COPY's speed (target >= 0.8)")
    print(f"rows differing:         {out['rows_differing']}")
    print(f"import phases (ms):     {out.get('import_phases_ms')}")
    print(f"upload over the connection: {out['upload_mb_s']} MB/s")


if __name__ == "__main__":
    main()
