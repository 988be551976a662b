"""Benchmark of the CSV engine on a generated CSV of at least 500 MB (not a test).

    .venv/bin/python bench/csv_analyse_bench.py [--mb 600] [--keep] [--dir /tmp]

Generates a CSV with quoted fields, doubled quotes, embedded line breaks, unicode, numerics
(leading zeros, 20-digit integers, decimals), timestamps with offsets and nullable columns
(NULL and ""), then prints the time of each step of the analysis (csv_sniff.sniff,
csv_profile.profile) and of csv_prepare.prepare_for_copy, with MB/s.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plpy"))

from dbagent_plpy import csv_prepare, csv_profile, csv_sniff  # noqa: E402

HEADER = "order_id,customer_code,name,amount,quantity,big_ref,created_at,shipped_on,note,paid\n"
NAMES = ["Zoë Ünal", "José Ñúñez", "李小龍", "Ørjan Åsen", 'The "Big" Shop', "O'Brien, Pat", "Ιωάννης", "Ana"]
NOTES = ["", '""', "fragile", '"line one\nline two"', '"comma, inside"', '"he said ""hi"""', "✓ ok", None]


def _block(rng: random.Random, rows: int) -> list[str]:
    out = []
    for _ in range(rows):
        name = rng.choice(NAMES)
        if any(c in name for c in ',"'):
            name = '"' + name.replace('"', '""') + '"'
        note = rng.choice(NOTES)
        out.append(
            ",".join(
                [
                    f"C{rng.randrange(100000):05d}",
                    name,
                    f"{rng.randrange(10**7) / 100:.2f}",
                    str(rng.randrange(1, 500)),
                    str(10**19 + rng.randrange(10**18)),
                    f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:"
                    f"{rng.randrange(60):02d}:{rng.randrange(60):02d}+0{rng.randrange(0, 6)}:00",
                    f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/2024",
                    "" if note is None else note,
                    rng.choice(["true", "false", ""]),
                ]
            )
        )
    return out


def generate(path: Path, megabytes: int) -> None:
    rng = random.Random(42)
    blocks = [_block(rng, 20000) for _ in range(8)]
    target = megabytes << 20
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        size = len(HEADER)
        while size < target:
            for row in blocks[(n // 20000) % len(blocks)]:
                n += 1
                line = f"{n},{row}\n"
                fh.write(line)
                size += len(line.encode("utf-8")) if not line.isascii() else len(line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=600)
    ap.add_argument("--dir", default=tempfile.gettempdir())
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dbagent_csv_bench_", dir=args.dir))
    path = work / "bench.csv"
    t = time.perf_counter()
    generate(path, max(500, args.mb))
    size = path.stat().st_size
    mb = size / (1 << 20)
    print(f"generated {mb:.0f} MB in {time.perf_counter() - t:.1f}s: {path}")
    try:
        t = time.perf_counter()
        d = csv_sniff.sniff(str(path))
        t_sniff = time.perf_counter() - t
        print(
            f"sniff    {t_sniff:7.2f}s  delimiter={d['delimiter']!r} quote={d['quote']!r} "
            f"columns={d['column_count']} confidence={d['confidence']}"
        )
        t = time.perf_counter()
        p = csv_profile.profile(str(path), d, work_dir=str(work))
        t_prof = time.perf_counter() - t
        print(f"profile  {t_prof:7.2f}s  {mb / t_prof:6.0f} MB/s  rows={p['row_count']}")
        for c in p["columns"]:
            print(
                f"           {c['suggested_name']:<16} {c['pg_type']:<14} {c['format'] or '':<28} "
                f"nulls={c['null_count']} empties={c['empty_count']}"
            )
        print(f"analyse  {t_sniff + t_prof:7.2f}s  (sniff + profile) {mb / (t_sniff + t_prof):6.0f} MB/s")
        t = time.perf_counter()
        r = csv_prepare.prepare_for_copy(str(path), d, str(work))
        t_prep = time.perf_counter() - t
        print(
            f"prepare  {t_prep:7.2f}s  {mb / t_prep:6.0f} MB/s  rewritten={r['rewritten']} "
            f"direct={r['path'] == str(path)} reasons={r['reasons']}"
        )
    finally:
        if not args.keep:
            for f in work.iterdir():
                if f.is_file():
                    os.unlink(f)
            os.rmdir(work)


if __name__ == "__main__":
    main()
