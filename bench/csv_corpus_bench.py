"""Run a directory of CSV files through analyse_csv and import_csv; count what loaded exactly.

    .venv/bin/python bench/csv_corpus_bench.py DIR [--clean DIR] [--json] [--limit N]
    .venv/bin/python bench/csv_corpus_bench.py --generate OUT [--seed 14] [--count 300]
    .venv/bin/python bench/csv_corpus_bench.py --polluted [--count 300]   # generate into a temp dir, run it

Every file is uploaded over the connection, analysed, loaded into a table of text columns (one
per CSV column, mapped by analyse's suggested names) and read back. With ``--clean DIR`` (a file
of the same name holding the same table as plain RFC 4180 CSV: a header, ``""`` for an empty
string, an unquoted empty field for NULL), each load is compared value by value with it:

* **exact**: the loaded rows are the clean copy's rows, in order;
* **refused**: analyse or import stopped with an error (its SQLSTATE and message are listed);
  a refusal is a correct outcome for a file that cannot be read unambiguously;
* **loaded-but-different**: the call succeeded and the values differ: the outcome that must
  never happen (the run exits 1 when it does);
* **loaded** (no clean copy): the call succeeded; nothing to compare with.

The dialect analyse found (encoding, delimiter, quote, header rows, skipped lines) is listed
per file. ``--generate`` writes polluted variants of clean tables (csv-spectrum's, and tables
of its own with quotes, line breaks, unicode, NULLs and empty strings): preambles, title rows
of the table's width, comment lines, multi-row headers, blank lines, malformed headers, quotes
inside unquoted fields, NUL bytes, ragged rows, legacy encodings, BOMs, CR/CRLF/mixed line
breaks, other delimiters and quotes; each with its clean copy in ``OUT/clean``.
"""

from __future__ import annotations

import argparse
import codecs
import json
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

Row = list[str | None]
SPECTRUM = Path(__file__).resolve().parents[2] / "shared" / "bench" / "corpora" / "csv-spectrum"


# ------------------------------------------------------------------ clean tables
def _spectrum_tables() -> list[tuple[str, list[str], list[Row]]]:
    out = []
    if not SPECTRUM.is_dir():
        return out
    for p in sorted((SPECTRUM / "json").glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        data = data if isinstance(data, list) else [data]
        if not data:
            continue
        header = list(data[0])
        if p.stem == "location_coordinates":
            continue  # upstream's JSON disagrees with its own CSV
        out.append((p.stem, header, [[str(r[h]) for h in header] for r in data]))
    return out


WORDS = ["alpha", "Zoë", "Jürgen", "O'Brien", "naïve café", "李雷", "Ωmega", "x", "plain text", "São Paulo"]
TRICKY = ["a, b", 'say "hi"', "line one\nline two", "", "tab\there", "  padded  ", "#hash", "50%", "\\."]


def _own_tables(rng: random.Random, n: int) -> list[tuple[str, list[str], list[Row]]]:
    out = []
    for t in range(n):
        k = rng.randint(2, 7)
        header = [f"{rng.choice(['id', 'name', 'amount', 'note', 'city', 'day', 'code', 'qty'])}_{j}" for j in range(k)]
        rows: list[Row] = []
        for i in range(rng.randint(3, 40)):
            row: Row = []
            for j in range(k):
                kind = (t + j) % 6
                if kind == 0:
                    v: str | None = str(i + 1)
                elif kind == 1:
                    v = f"{rng.randint(-999, 99999) / 100:.2f}"
                elif kind == 2:
                    v = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                elif kind == 3:
                    v = rng.choice(WORDS + TRICKY) if rng.random() < 0.8 else None
                elif kind == 4:
                    v = f"{rng.randint(0, 999):03d}"
                else:
                    v = rng.choice(WORDS)
                row.append(v)
            rows.append(row)
        out.append((f"own{t}", header, rows))
    return out


def _needs_quotes(v: str, delim: str, quote: str) -> bool:
    return v == "" or any(ch in v for ch in (delim, quote, "\r", "\n")) or v.startswith("#") or v == "\\."


def write_csv(header: list[str], rows: list[Row], *, delim: str = ",", quote: str = '"', nl: str = "\n",
              always: bool = False) -> str:
    def cell(v: str | None) -> str:
        if v is None:
            return ""
        if always or _needs_quotes(v, delim, quote):
            return quote + v.replace(quote, quote + quote) + quote
        return v

    lines = [delim.join(cell(h) for h in header)] + [delim.join(cell(v) for v in r) for r in rows]
    return nl.join(lines) + nl


# ------------------------------------------------------------------ pollution
def _pollute(rng: random.Random, name: str, header: list[str], rows: list[Row]) -> list[tuple[str, bytes]]:
    """Polluted variants of one table: (file name, bytes). Their clean copy is the table."""
    k = len(header)
    base = write_csv(header, rows)
    out: list[tuple[str, bytes]] = []

    def add(tag: str, text: str | bytes, enc: str = "utf-8") -> None:
        out.append((f"{name}__{tag}.csv", text if isinstance(text, bytes) else text.encode(enc)))

    add("plain", base)
    add("preamble", "Sales report\nGenerated 2024-01-31 by export tool\n\n" + base)
    add("title_row", "REPORT" + "," * (k - 1) + "\n" + base)
    add("comments_top", "# exported by tool, v2\n# columns: " + ", ".join(header) + "\n" + base)
    lines = base.split("\n")
    if len(rows) > 2 and k > 1 and "\n" not in "".join(v or "" for r in rows for v in r):
        mid = lines[:2] + ["# a comment line, in the middle"] + lines[2:]
        add("comments_mid", "\n".join(mid))
        blank = lines[:2] + [""] + lines[2:-1] + ["", ""]
        add("blank_lines", "\n".join(blank))
        bad = list(lines)
        bad[2] = bad[2] + ",extra"
        add("ragged", "\n".join(bad))
        first = rows[1][0]
        if first and first.isalnum() and len(first) > 1:
            quoted = write_csv(header, rows, always=True).split("\n")
            quoted[2] = quoted[2].replace('"' + first + '"', first[:1] + '"' + first[1:], 1)
            add("quote_in_field", "\n".join(quoted))
        nul = list(lines)
        nul[-2] = nul[-2] + "\x00" if nul[-2] else nul[-2]
        add("nul", "\n".join(nul))
    add("crlf", write_csv(header, rows, nl="\r\n"))
    add("cr", write_csv(header, rows, nl="\r"))
    if k > 1:
        add("semicolon", write_csv(header, rows, delim=";"))
        add("tab", write_csv(header, rows, delim="\t"))
        add("pipe", write_csv(header, rows, delim="|"))
        add("single_quote", write_csv(header, rows, quote="'"))
    add("quote_all", write_csv(header, rows, always=True))
    add("bom", codecs.BOM_UTF8 + base.encode())
    add("utf16", codecs.BOM_UTF16_LE + base.encode("utf-16-le"))
    for enc in ("cp1252", "cp1251", "shift_jis", "latin-1"):
        try:
            data = base.encode(enc)
        except UnicodeEncodeError:
            continue
        if not data.isascii():
            add(enc.replace("-", ""), data)
    typed = [j for j in range(k) if all(v is not None and v != "" and v.replace(".", "", 1).lstrip("-").isdigit()
                                        and not (len(v) > 1 and v[0] == "0" and v[1] != ".")
                                        for v in (r[j] for r in rows))]
    if typed and len(rows) >= 5:  # a row of units over numeric columns can be told from data
        units = ["(unit)" if j in typed else "" for j in range(k)]
        add("header_2rows", write_csv(header, [units] + rows))  # the units row belongs to the header
        bad_head = list(lines)
        bad_head[0] = lines[0].rsplit(",", 1)[0] + ',"' + header[-1] + '"x' if "," in lines[0] else lines[0]
        add("bad_header", "\n".join(bad_head))
    return out


def generate(out_dir: Path, *, seed: int = 14, count: int = 300) -> int:
    rng = random.Random(seed)
    clean_dir = out_dir / "clean"
    clean_dir.mkdir(parents=True, exist_ok=True)
    tables = _spectrum_tables() + _own_tables(rng, max(4, count // 20))
    variants = [(fname, data, write_csv(header, rows)) for name, header, rows in tables
                for fname, data in _pollute(rng, name, header, rows)]
    rng.shuffle(variants)  # a spread of tables and pollutions, however few are asked for
    for fname, data, clean in variants[:count]:
        (out_dir / fname).write_bytes(data)
        (clean_dir / fname).write_bytes(clean.encode())
    return min(count, len(variants))


# ------------------------------------------------------------------ running
def read_clean(path: Path) -> list[Row]:
    """The rows of a clean RFC 4180 file ("" an empty string, an unquoted empty field NULL)."""
    import csv

    import duckdb

    with path.open(encoding="utf-8", newline="") as fh:
        k = len(next(csv.reader(fh)))
    con = duckdb.connect()
    try:
        rows = con.execute(
            "select * from read_csv(?, delim=',', quote='\"', escape='\"', header=false, skip=1, "
            "columns=?, all_varchar=true, allow_quoted_nulls=false, auto_detect=false, strict_mode=true, "
            "null_padding=false)", [str(path), {f"c{i + 1}": "VARCHAR" for i in range(k)}]
        ).fetchall()
    finally:
        con.close()
    return [list(r) for r in rows]


def run_file(conn: Any, base_id: str, schema_exec: Any, path: Path, clean: Path | None) -> dict[str, Any]:
    """analyse → create a table of text columns → import → compare. Returns the outcome."""
    import psycopg

    from dbagent.csv_commands import upload

    res: dict[str, Any] = {"file": path.name}
    try:
        src = upload(conn, base_id, path, show=False)
        a = conn.execute("select agent.analyse_csv(%s, %s)", [base_id, src]).fetchone()[0]
        d = a["dialect"]
        res["dialect"] = {k: d.get(k) for k in ("encoding", "delimiter", "quote", "header", "header_rows",
                                                "skip_rows", "comment")}
        cols = [c["suggested_name"] for c in a["columns"]]
        schema_exec("drop table if exists t_corpus; create table t_corpus ("
                    + ", ".join(f"c{i + 1} text" for i in range(len(cols))) + ")")
        mapping = {c: f"c{i + 1}" for i, c in enumerate(cols)}
        options: dict[str, Any] = {}
        if d.get("encoding_confidence") == "low":
            res["encoding_confirmed"] = d.get("encoding")
        r = conn.execute("select agent.import_csv(%s, %s, 't_corpus', %s::jsonb, %s::jsonb)",
                         [base_id, src, json.dumps(mapping), json.dumps(options)]).fetchone()[0]
        res["rows_loaded"] = r["rows_loaded"]
        got = schema_exec("select " + ", ".join(f"c{i + 1}" for i in range(len(cols)))
                          + " from t_corpus")
    except psycopg.Error as e:
        res["outcome"] = "refused"
        res["reason"] = f"{e.sqlstate}: {e.diag.message_primary}"
        return res
    if clean is None or not clean.exists():
        res["outcome"] = "loaded"
        return res
    want = read_clean(clean)
    # the table has no column for the file's order: compare the rows as multisets
    g_sorted = sorted(got, key=_row_key)
    w_sorted = sorted(want, key=_row_key)
    if g_sorted == w_sorted:
        res["outcome"] = "exact"
    else:
        res["outcome"] = "loaded-but-different"
        extra = [r for r in g_sorted if r not in w_sorted][:2]
        missing = [r for r in w_sorted if r not in g_sorted][:2]
        res["difference"] = {"rows_loaded": len(got), "rows_expected": len(want), "unexpected": extra,
                             "missing": missing}
    return res


def _row_key(r: Row) -> tuple[tuple[int, str], ...]:
    return tuple((0, "") if v is None else (1, v) for v in r)


def run_corpus(files: list[Path], clean_dir: Path | None, conn: Any, base_id: str, schema_exec: Any,
               progress: Any = None) -> dict[str, Any]:
    results = []
    for i, p in enumerate(files):
        clean = (clean_dir / p.name) if clean_dir is not None else None
        results.append(run_file(conn, base_id, schema_exec, p, clean))
        if progress is not None and (i + 1) % 25 == 0:
            progress(f"{i + 1}/{len(files)} files")
    counts = Counter(r["outcome"] for r in results)
    reasons = Counter(r["reason"].split(":", 1)[0] + ": " + _reason_family(r["reason"]) for r in results
                      if r["outcome"] == "refused")
    return {"files": len(results), "outcomes": dict(counts), "refusals": dict(reasons.most_common()),
            "results": results}


def _reason_family(reason: str) -> str:
    msg = reason.split(": ", 1)[1] if ": " in reason else reason
    import re

    return re.sub(r"\d+", "N", msg)[:90]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--clean")
    ap.add_argument("--generate")
    ap.add_argument("--polluted", action="store_true")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.polluted, args.count = True, 20
    if args.generate:
        n = generate(Path(args.generate), seed=args.seed, count=args.count)
        print(f"wrote {n} polluted files to {args.generate} (clean copies in {args.generate}/clean)")
        return
    tmp = None
    if args.polluted:
        tmp = Path(tempfile.mkdtemp(prefix="dbagent-corpus-"))
        generate(tmp, seed=args.seed, count=args.count)
        args.dir, args.clean = str(tmp), str(tmp / "clean")
    if not args.dir:
        ap.error("give a directory of CSV files, or --polluted, or --generate OUT")
    files = sorted(p for p in Path(args.dir).iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".tsv", ".txt"))
    if args.limit:
        files = files[: args.limit]
    from _server import bench_server, execute_sql

    try:
        with bench_server(lambda m: print("# " + m, file=sys.stderr)) as srv:
            base = srv.create_base("corpus")
            # big files take longer than the statement timeout that is the CSV clock by default
            srv.admin().execute("select agent.admin_set_limits(%s, '{\"csv_timeout_ms\": 3600000}')", [base.name])
            conn = srv.agent(base)

            def schema_exec(sql: str) -> Any:
                r = execute_sql(conn, base, sql)
                if r.get("confirmation_required"):  # dropping the last file's table destroys its rows
                    r = execute_sql(conn, base, sql, {"confirm": r["confirm"]})
                return r["statements"][-1].get("rows")

            out = run_corpus(files, Path(args.clean) if args.clean else None, conn, base.base_id, schema_exec,
                             progress=lambda m: print("# " + m, file=sys.stderr))
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    stream = sys.stderr if args.json else sys.stdout
    print(f"files: {out['files']}", file=stream)
    for k in ("exact", "refused", "loaded", "loaded-but-different"):
        print(f"  {k:<22} {out['outcomes'].get(k, 0)}", file=stream)
    if out["refusals"]:
        print("refusals:", file=stream)
        for reason, n in out["refusals"].items():
            print(f"  {n:>5}  {reason}", file=stream)
    wrong = [r for r in out["results"] if r["outcome"] == "loaded-but-different"]
    for r in wrong:
        print(f"LOADED BUT DIFFERENT: {r['file']}: {json.dumps(r['difference'], ensure_ascii=False)[:400]}",
              file=stream)
    dial = Counter(json.dumps(r.get("dialect"), sort_keys=True) for r in out["results"] if r.get("dialect"))
    print("dialects found:", file=stream)
    for dj, n in dial.most_common(12):
        print(f"  {n:>5}  {dj}", file=stream)
    print(f"summary:\n  loaded-but-different  {len(wrong)}  == 0  {'met' if not wrong else 'MISSED'}", file=stream)
    if args.json:
        print(json.dumps(out, indent=1, ensure_ascii=False, default=str))
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
