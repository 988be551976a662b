"""The benchmarks in bench/ still run: each in its tiny --quick mode, as a real process.

Nothing here judges a timing: only that each benchmark starts its own server, measures every
case, prints its ratio lines and its summary, and cleans up after itself.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = pytest.mark.slow


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BENCH / script), "--quick", *args],
        check=False, capture_output=True, text=True, timeout=180,
    )


def assert_cleaned_up(stderr: str) -> None:
    """The throwaway server's home (named on stderr) is gone."""
    m = re.search(r"^# server: .* under (\S+) ", stderr, re.MULTILINE)
    assert m, stderr[-2000:]
    assert not Path(m.group(1)).exists()


def test_execute_sql_bench_quick():
    out = run("execute_sql_bench.py")
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    for kind in ("insert_one_row", "update_by_pk", "select_by_pk", "join_aggregate", "create_table",
                 "plpgsql_function"):
        assert re.search(rf"^\s+{kind}\s+[\d.]+\s+[\d.]+\s+[\d.]+", text, re.MULTILINE), kind  # guard tables
        assert re.search(rf"^\s+guard p50 {kind} \(in server\)\s+[\d.]+ms\s+<= 1ms\s+(met|MISSED)$", text, re.MULTILINE), kind
    for case in ("insert_one_row", "update_by_pk", "select_by_pk", "long_query"):
        for q in ("p50", "p95"):
            assert re.search(rf"^\s+ratio {case} {q}\s+[\d.]+x\s+<= [\d.]+x\s+(met|MISSED)$", text, re.MULTILINE), (case, q)
    assert "inside the server" in text and "long_query: k=" in text
    # this tree against the release before the walls' second round, on the same server
    # (a clone without that commit says so instead)
    if "3. this tree vs a baseline release: skipped (revision 85dcd98 is not in this clone)" not in text:
        for case in ("select_1", "insert_one_row", "update_by_pk", "select_by_pk", "select_100_rows"):
            assert re.search(rf"^\s+vs 85dcd98 {case} p50\s+[\d.]+x\s+<= 1.1x\s+(met|MISSED)$", text,
                             re.MULTILINE), case
    assert_cleaned_up(out.stderr)


def test_get_schema_bench_quick_json():
    out = run("get_schema_bench.py", "--json")
    assert out.returncode == 0, out.stderr[-3000:]
    # JSON on stdout ...
    result = json.loads(out.stdout)
    assert set(result["sizes"]) == {"10", "30"}
    for size, m in result["sizes"].items():
        assert m["facts"]["tables"] == int(size)
        assert m["facts"]["columns"] == 11 * int(size)  # 6 user columns + 5 system fields
        assert m["get_schema_ms"]["p50"] > 0 and m["information_schema_ms"]["p50"] > 0
        assert m["speedup_p50"] == pytest.approx(m["information_schema_ms"]["p50"] / m["get_schema_ms"]["p50"])
    metrics = [t["metric"] for t in result["targets"]]
    assert metrics == ["speedup vs information_schema at 10 tables", "speedup vs information_schema at 30 tables",
                       "get_schema p50 at 30 tables"]
    # ... and the human report, with its ratio lines, on stderr
    text = out.stderr
    rows = re.findall(r"^\s+(10|30)\s+(110|330)\s+\d+\s+[\d.]+", text, re.MULTILINE)
    assert [r[0] for r in rows] == ["10", "30"]
    for size in ("10", "30"):
        assert re.search(rf"^\s+speedup vs information_schema at {size} tables\s+[\d.]+x\s+>= 10x\s+(met|MISSED)$",
                         text, re.MULTILINE), size
    assert re.search(r"^\s+get_schema p50 at 30 tables\s+[\d.]+ms\s+<= 100ms\s+(met|MISSED)$", text, re.MULTILINE)
    assert_cleaned_up(out.stderr)
