"""bench/scale_bench.py and bench/soak_bench.py still run: each in its tiny --quick mode, as a real process.

Nothing here judges a timing: only that each benchmark starts its own server, measures every
call at both points (scale) or mixes every tool (soak), prints its tables and verdict lines, its
JSON agrees with them, and the throwaway server is gone afterwards.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
AGENT_TOOLS = ("get_project", "get_schema", "execute_sql_select_1", "execute_sql_insert")
SOAK_TOOLS = ("get_project", "get_schema", "execute_sql", "advise", "upload_begin", "upload_chunk", "upload_finish",
              "analyse_csv", "import_csv")

pytestmark = pytest.mark.slow


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BENCH / script), "--quick", *args],
        check=False, capture_output=True, text=True, timeout=240,
    )


def assert_cleaned_up(stderr: str) -> None:
    m = re.search(r"^# server: .* under (\S+) ", stderr, re.MULTILINE)
    assert m, stderr[-2000:]
    assert not Path(m.group(1)).exists()


def test_scale_bench_quick_json():
    out = run("scale_bench.py", "--json")
    assert out.returncode == 0, out.stderr[-3000:]
    r = json.loads(out.stdout)
    assert r["bases_reached"] == r["bases_target"] == 40
    cr = r["creation"]
    assert cr["start"] == 10 and cr["reached"] == 40 and sum(b["size"] for b in cr["batches"]) == 30
    assert cr["rate_overall"] > 0 and cr["slowest_batch"]["seconds"] > 0
    for point in ("small", "large"):
        lat = r["latency"][point]
        for tool in AGENT_TOOLS:
            assert lat["agent"][tool]["n"] > 0 and lat["agent"][tool]["p50"] > 0, (point, tool)
        assert lat["admin_get_project"]["p50"] > 0
        assert set(lat["new_session"]) == {"connect", "first_get_project", "first_execute_sql"}
    assert r["latency"]["small"]["admin_get_project_bases_listed"] == 10
    assert r["latency"]["large"]["admin_get_project_bases_listed"] == 40
    for tool in AGENT_TOOLS:
        assert r["ratios"][tool]["p50"] == pytest.approx(
            r["latency"]["large"]["agent"][tool]["p50"] / r["latency"]["small"]["agent"][tool]["p50"])
    # the catalog per base: exact counts that do not depend on timing
    empty, used = r["catalog"]["per_empty_base"], r["catalog"]["per_used_base"]
    # one schema; three roles (owner, agent login, end user); two executors
    assert (empty["pg_namespace"], empty["pg_authid"], empty["pg_proc"], empty["pg_class"]) == (1, 3, 2, 0)
    # a base with tables has its recycle schema too (dbagent_r_<id>, issue 15)
    assert (used["pg_namespace"], used["pg_authid"]) == (2, 3) and used["pg_class"] >= 3
    assert empty["database_bytes"] > 0 and used["database_bytes"] > empty["database_bytes"]
    diag = r["diagnostics"]["large"]
    # dbagent_owner borrows a tenant owner role only inside a transaction: its memberships do not grow
    assert diag["dbagent_owner_member_of"] == r["diagnostics"]["small"]["dbagent_owner_member_of"]
    assert set(diag["seq_scans"]) == set(AGENT_TOOLS) and diag["slowest_inner_statements"]["get_schema"]
    assert diag["refresh_executors"]["ok"] and diag["refresh_executors"]["bases"] == 40
    assert r["simulated"]["tables"] > 0 and set(r["simulated"]["ratios"]) >= set(AGENT_TOOLS)
    assert [t["metric"] for t in r["targets"]] == [f"ratio {t} p50 at 40 vs 10 bases" for t in AGENT_TOOLS]
    # the human report on stderr
    text = out.stderr
    assert re.search(r"^  creation rate: [\d.]+ bases/s overall", text, re.MULTILINE)
    assert re.search(r"^  slowest batch: [\d.]+ s \(10 bases, ending at \d+ bases\)$", text, re.MULTILINE)
    for tool in AGENT_TOOLS:
        assert re.search(rf"^  {tool}\s+[\d.]+\s+[\d.]+\s+[\d.]+x\s+[\d.]+\s+[\d.]+\s+[\d.]+x$", text, re.MULTILINE), tool
        assert re.search(rf"^  ratio {tool} p50 at 40 vs 10 bases\s+[\d.]+x\s+<= 1.5x\s+(met|MISSED)$", text,
                         re.MULTILINE), tool
    assert re.search(r"^  admin get_project \(all bases\)\s+[\d.]+\s+[\d.]+\s+[\d.]+x.*lists 10 / 40 bases$", text,
                     re.MULTILINE)
    for cat in ("pg_class", "pg_proc", "pg_namespace", "pg_authid", "database_bytes"):
        assert re.search(rf"^  {cat}\s+\d+\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+$", text, re.MULTILINE), cat
    assert "SIMULATED" in text and "executors re-created as dbagent install does at 40 bases: ok" in text
    assert_cleaned_up(text)


def test_soak_bench_quick_json():
    out = run("soak_bench.py", "--json")
    assert out.returncode in (0, 1), out.stderr[-3000:]
    r = json.loads(out.stdout)
    # the verdict and the exit status agree
    assert out.returncode == (0 if r["ok"] else 1)
    assert (r["clients"], r["bases"]) == (4, 2)
    # every error is classified and printed; the client itself never failed. (Errors of dbagent under
    # load are the soak's findings, not the smoke test's: they make the soak exit 1, checked above.)
    assert all(u["op"] != "client" and u["sqlstate"] and u["message"] for u in r["unexpected"]), r["unexpected"]
    assert {e["category"] for e in r["errors_by_sqlstate"]} <= {"expected denial", "retryable", "unexpected"}
    assert sum(e["count"] for e in r["errors_by_sqlstate"] if e["category"] == "unexpected") == \
        sum(u["count"] for u in r["unexpected"])
    assert r["leftovers"]["waiting_locks"] == 0 and r["leftovers"]["idle_in_transaction_agents"] == 0
    # every tool was called (each client does every operation once first), every denial refused
    for tool in SOAK_TOOLS:
        assert r["tools"][tool]["calls"] > 0, tool
    assert sum(r["denials"].values()) >= r["clients"]
    # the audit: what the report flags is what the counts say; the tools audited today stay audited
    audit = r["audit"]
    flagged = {m["tool"] for m in audit["mismatches"]}
    for tool, t in audit["per_tool"].items():
        assert (t["expected_rows"] == t["audit_rows"]) == (tool not in flagged), tool
    for tool in ("execute_sql", "upload_begin", "upload_finish", "analyse_csv", "import_csv"):
        assert tool not in flagged, audit["mismatches"]
    assert audit["per_tool"]["get_project"]["expected_rows"] == 0
    assert audit["per_tool"]["upload_chunk"]["expected_rows"] == 0
    assert r["ok"] == (audit["ok"] and not r["unexpected"])
    # the human report on stderr
    text = out.stderr
    for tool in SOAK_TOOLS:
        assert re.search(rf"^  {tool}\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+  ", text, re.MULTILINE), tool
        assert re.search(rf"^    {tool}\s+\d+\s+\d+\s+\d+(  MISMATCH)?$", text, re.MULTILINE), tool
    assert re.search(r"^  expected denial\s+42501\s+\d+", text, re.MULTILINE)
    assert "  waiting locks: 0" in text
    assert f"  unexpected errors: {sum(u['count'] for u in r['unexpected'])}" in text
    assert re.search(r"^result: (PASS|FAIL)$", text, re.MULTILINE)
    assert_cleaned_up(text)
