"""Hostile soak (issue 12): one agent attacking on its own connection beside honest agents.

Two soaks on fresh servers, one after the other, identical but for the hostile agent:

* ``--clients`` honest agents (default 16) over ``--bases`` bases (default 8), each a thread with
  its own agent connection doing soak_bench.py's mix of every tool for ``--seconds`` (default 90);
* an admin thread that, every ``--drop-every`` seconds, drops a victim base and a victim project
  agent and creates new ones (the hostile agent targets them), and halfway through runs an
  upgrade: ``dbagent install`` of this tree plus one migration that alters ``agent.setting``
  (what a real upgrade does, and what an agent holding a lock on it would stall);
* in the second soak only, one hostile agent running every attack of issue 12 in a loop, on its
  own connections, never through a tool's SQL argument: default privileges and large objects
  granted to the victims, dbagent's old advisory lock keys, a tool call in a transaction block
  left idle with its idle timeout SET to 0, a tool call held open by a pipeline without Sync, a
  rolled-back pipeline hiding a call from the audit, filling its quota with rows and uploads,
  opening more connections than its limit, reading other tenants' metadata, and a tool call
  beside pg_sleep.

Printed: the honest agents' latency (p50/p95/p99 per tool and over all calls) in both soaks and
their ratio; the honest agents' errors (expected denials, retryable, anything else); per attack,
how often it ran and how it ended (refused, ended by dbagent, or a BREACH: it worked); the
drops and the upgrade (each must complete); and the audit of the hostile agent's rolled-back
calls (each restored from the journal). Targets: honest p99 within 2x of the soak without the
hostile agent; no honest call failing; no breach; every drop and the upgrade complete.

    .venv/bin/python bench/hostile_soak_bench.py [--seconds 90] [--clients 16] [--bases 8] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import select
import shutil
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
from _server import REPO, BenchBase, bench_server, execute_sql
from psycopg import pq
from soak_bench import Recorder, audit_rows, leftovers, log, pct, work

from dbagent.install import install

TOOLS = ("get_project", "get_schema", "execute_sql", "advise", "upload_begin", "upload_chunk", "upload_finish",
         "analyse_csv", "import_csv")
HOSTILE_QUOTA = 4 << 20
HOSTILE_IDLE_MS = 2000


def upgrade_tree(tmp: Path) -> Path:
    """This tree plus one migration that alters agent.setting, as an upgrade would."""
    root = tmp / "upgrade-tree"
    for part in ("sql", "plpy", "migrations"):
        shutil.copytree(REPO / part, root / part)
    last = sorted(p.name[:-4] for p in (root / "migrations").glob("*.sql") if not p.name.endswith(".rollback.sql"))[-1]
    (root / "migrations" / "0039.soak-upgrade.sql").write_text(
        f"-- depends: {last}\nalter table agent.setting add column soak_probe text;\n")
    (root / "migrations" / "0039.soak-upgrade.rollback.sql").write_text(
        "alter table agent.setting drop column soak_probe;\n")
    return root


def _next_result(pg: Any) -> Any:
    """The connection's next result, waiting on its socket: psycopg's C PQgetResult blocks while
    holding the GIL, and a result that waits for a lock the in-process upgrade holds would freeze
    every thread of this process, the upgrade's among them (a deadlock of the benchmark, not of
    the server)."""
    while True:
        pg.consume_input()
        if not pg.is_busy():
            return pg.get_result()
        select.select([pg.socket], [], [], 0.2)


# ------------------------------------------------------------------------------ the admin
class Admin(threading.Thread):
    """Drops and re-creates the victims every few seconds; runs the upgrade halfway through."""

    def __init__(self, srv: Any, tree: Path, stop: float, upgrade_at: float, drop_every: float) -> None:
        super().__init__(daemon=True)
        self.srv, self.tree, self.stop, self.upgrade_at, self.drop_every = srv, tree, stop, upgrade_at, drop_every
        self.lock = threading.Lock()
        self.victims: list[dict[str, str]] = []   # roles the hostile agent targets
        self.drops: Counter[str] = Counter()
        self.drop_ms: list[float] = []
        self.failures: list[str] = []
        self.upgrade: dict[str, Any] = {}
        self.n = 0
        self.conn = psycopg.connect(srv.admin_dsn, autocommit=True)

    def new_victims(self) -> None:
        self.n += 1
        base = self.conn.execute("select agent.admin_create_base(%s)", [f"victim_{self.n}"]).fetchone()[0]
        owner = self.conn.execute("select owner_role from agent.base where base_id = %s",
                                  [base["base_id"]]).fetchone()[0]
        agent = self.conn.execute("select agent.admin_create_agent(%s, 1)", [f"victim_agent_{self.n}"]).fetchone()[0]
        with self.lock:
            self.victims.append({"base": base["name"], "owner": owner, "agent_role": base["agent_role"],
                                 "project_agent": agent["role"]})

    def targets(self) -> list[str]:
        with self.lock:
            return [r for v in self.victims for r in (v["owner"], v["agent_role"], v["project_agent"])] + [
                "dbagent_owner", "postgres"]

    def run(self) -> None:
        self.new_victims()
        next_drop = time.monotonic() + self.drop_every
        while time.monotonic() < self.stop:
            now = time.monotonic()
            if not self.upgrade and now >= self.upgrade_at:
                t0 = time.perf_counter()
                try:
                    report = install(self.srv.admin_dsn, source_root=self.tree)
                    self.upgrade = {"ok": True, "seconds": time.perf_counter() - t0,
                                    "migrations_applied": report.migrations_applied}
                except Exception as e:  # noqa: BLE001 - reported
                    self.upgrade = {"ok": False, "seconds": time.perf_counter() - t0, "error": str(e)}
            if now >= next_drop:
                next_drop = now + self.drop_every
                self.new_victims()
                with self.lock:
                    v = self.victims.pop(0)
                for what, query, arg in (("base", "select agent.admin_drop_base(%s)", v["base"]),
                                         ("project agent", "select agent.admin_drop_agent(%s)", v["project_agent"])):
                    t0 = time.perf_counter()
                    try:
                        ok = self.conn.execute(query, [arg]).fetchone()[0]
                        self.drops[f"{what} dropped" if ok else f"{what} not found"] += 1
                    except psycopg.Error as e:
                        self.drops[f"{what} FAILED"] += 1
                        self.failures.append(f"drop {what} {arg}: {e.sqlstate} {str(e).splitlines()[0]}")
                    self.drop_ms.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.1)


# ------------------------------------------------------------------------------ the hostile agent
class Hostile(threading.Thread):
    """Every attack of issue 12, in a loop, on the hostile agent's own connections."""

    def __init__(self, srv: Any, base: BenchBase, admin: Admin, stop: float) -> None:
        super().__init__(daemon=True)
        self.srv, self.base, self.admin, self.stop = srv, base, admin, stop
        self.dsn = srv.agent_dsn(base)
        self.outcomes: dict[str, Counter[str]] = defaultdict(Counter)
        self.breaches: list[str] = []
        self.rolled_back_calls = 0   # execute_sql calls whose transaction rolled back after they returned
        self.errors: list[str] = []

    def conn(self) -> psycopg.Connection:
        return psycopg.connect(self.dsn, autocommit=True)

    def expect(self, attack: str, fn: Any, *states: str) -> None:
        """Run FN; an error with one of STATES is the wall holding; success is a breach."""
        try:
            fn()
        except psycopg.Error as e:
            if e.sqlstate in states:
                self.outcomes[attack][f"refused {e.sqlstate}"] += 1
            else:
                self.outcomes[attack][f"error {e.sqlstate}"] += 1
                self.errors.append(f"{attack}: {e.sqlstate} {str(e).splitlines()[0] if str(e) else ''}")
            return
        self.outcomes[attack]["BREACH"] += 1
        self.breaches.append(attack)

    # the attacks ------------------------------------------------------------------------
    def undroppable(self, c: psycopg.Connection) -> None:
        for role in self.admin.targets()[:4]:
            self.expect("default privileges to another tenant's role",
                        lambda r=role: c.execute(f'alter default privileges grant execute on functions to "{r}"'),
                        "42501")
        self.expect("create a large object", lambda: c.execute("select lo_from_bytea(0, 'x')"), "42501")

    def advisory(self, c: psycopg.Connection) -> None:
        for key in ("dbagent.base:victim_1", "dbagent.quota:victim_agent_1", "dbagent.agent:x"):
            self.expect("take dbagent's old advisory lock keys",
                        lambda k=key: c.execute("select pg_advisory_lock(hashtext(%s))", [k]), "42501")

    def idle_block(self, c: psycopg.Connection) -> None:
        c.execute("set idle_in_transaction_session_timeout = 0")
        c.autocommit = False
        self.expect("tool call in a transaction block, then idle",
                    lambda: execute_sql(c, self.base, "select 1"), "25001")
        time.sleep(2.0)  # idles in its (aborted) block: it holds none of dbagent's locks
        c.rollback()
        c.autocommit = True

    def flush_held(self, query: str, params: list[bytes]) -> tuple[psycopg.Connection, bytes | None]:
        c = self.conn()
        c.execute("set idle_in_transaction_session_timeout = 0")
        pg = c.pgconn
        pg.enter_pipeline_mode()
        pg.send_query_params(query.encode(), params)
        pg.send_flush_request()
        pg.flush()
        res = None
        while res is None:
            res = _next_result(pg)
        _next_result(pg)
        return c, res.get_value(0, 0) if res.status == pq.ExecStatus.TUPLES_OK else None

    def pipeline_hold(self) -> None:
        c, value = self.flush_held("select agent.execute_sql($1, 'select 1')", [self.base.base_id.encode()])
        if value is None:
            self.outcomes["tool call held open by a pipeline"]["error"] += 1
            c.close()
            return
        t0 = time.monotonic()
        ended = False
        while time.monotonic() - t0 < HOSTILE_IDLE_MS / 1000 + 40 and time.monotonic() < self.stop + 30:
            try:
                c.pgconn.consume_input()
            except psycopg.OperationalError:
                ended = True
                break
            if c.pgconn.status == pq.ConnStatus.BAD:
                ended = True
                break
            time.sleep(0.2)
        held = time.monotonic() - t0
        if ended:
            self.outcomes["tool call held open by a pipeline"]["ended by dbagent"] += 1
            self.outcomes["tool call held open by a pipeline"]["held_s"] = max(
                self.outcomes["tool call held open by a pipeline"]["held_s"], round(held))
            self.rolled_back_calls += 1
        else:
            self.outcomes["tool call held open by a pipeline"]["BREACH (still open)"] += 1
            self.breaches.append("pipeline hold")
        c.close()

    def hide_from_audit(self) -> None:
        c, value = self.flush_held("select agent.execute_sql($1, 'select 42 as secret')", [self.base.base_id.encode()])
        if value is None:  # the call itself failed (a lock timeout behind the upgrade): audited as an error
            self.outcomes["rolled-back pipeline hiding a call"]["the call failed (audited)"] += 1
            c.close()
            return
        pg = c.pgconn
        try:
            pg.send_query_params(b"select 1/0", None)
            pg.pipeline_sync()
            pg.flush()
            while True:
                r = _next_result(pg)
                if r is not None and r.status == pq.ExecStatus.PIPELINE_SYNC:
                    break
            self.outcomes["rolled-back pipeline hiding a call"]["rolled back (journaled)"] += 1
            self.rolled_back_calls += 1
        except psycopg.OperationalError:
            self.outcomes["rolled-back pipeline hiding a call"]["ended by dbagent"] += 1
            self.rolled_back_calls += 1
        c.close()

    def fill_disk(self, c: psycopg.Connection) -> None:
        try:
            execute_sql(c, self.base, "create table if not exists junk (body text)")
        except psycopg.errors.ConfigurationLimitExceeded:
            pass  # full already: the inserts below are refused before they write
        self.expect("fill the quota with rows",
                    lambda: execute_sql(c, self.base, "insert into junk (body) select repeat(md5(g::text), 40) "
                                                      "from generate_series(1, 4000) g"), "53400")
        self.expect("fill the quota with uploads", lambda: self.upload(c, 6 << 20), "53400")

    def upload(self, c: psycopg.Connection, size: int) -> None:
        b = c.execute("select agent.upload_begin(%s, 'junk.csv')", [self.base.base_id]).fetchone()[0]
        chunk = b"y" * (1 << 20)
        for off in range(0, size, len(chunk)):
            c.execute("select agent.upload_chunk(%s, %s, %s)", [b["source_id"], off, chunk])

    def connections(self) -> None:
        held = []
        try:
            for _ in range(12):
                held.append(self.conn())
            self.outcomes["open more connections than the limit"]["BREACH"] += 1
            self.breaches.append("connections")
        except psycopg.OperationalError as e:
            self.outcomes["open more connections than the limit"][
                "refused 53300" if "too many connections" in str(e) else "error"] += 1
        finally:
            for h in held:
                h.close()

    def metadata(self, c: psycopg.Connection) -> None:
        for q in ("select relname from pg_class", "select prosrc from pg_proc", "select query from pg_stat_activity",
                  "select qual from pg_policies", "select description from pg_description"):
            self.expect("read other tenants' metadata", lambda q=q: c.execute(q).fetchall(), "42501")

    def long_statement(self, c: psycopg.Connection) -> None:
        self.expect("tool call beside pg_sleep", lambda: c.execute("select agent.get_project(), pg_sleep(5)"), "0A000")

    def run(self) -> None:
        rounds = 0
        c = self.conn()  # its main session (an attacker reuses it, as the honest agents do theirs)
        while time.monotonic() < self.stop:
            rounds += 1
            try:
                if c.closed or c.broken:
                    c = self.conn()
                self.undroppable(c)
                self.advisory(c)
                self.metadata(c)
                self.long_statement(c)
                self.fill_disk(c)
                self.idle_block(c)
                self.hide_from_audit()
                self.connections()
                if self.stop - time.monotonic() > HOSTILE_IDLE_MS / 1000 + 15:
                    self.pipeline_hold()  # (ended by the housekeeping other agents' calls run)
            except Exception as e:  # noqa: BLE001 - the attacker's own failures are reported, not fatal
                self.errors.append(f"round {rounds}: {type(e).__name__}: {e}")
                time.sleep(0.5)
        c.close()
        self.outcomes["rounds"]["completed"] = rounds


# ------------------------------------------------------------------------------ one soak
def soak(args: argparse.Namespace, hostile: bool, tree: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"hostile": hostile}
    with bench_server(log) as srv, tempfile.TemporaryDirectory(prefix="dbagent-hsoak-") as tmpdir:
        admin = srv.admin()
        bases = []
        for i in range(args.bases):
            b = srv.create_base(f"soak_{i}")
            with srv.agent(b) as c:
                execute_sql(c, b, "create table items (n integer, label text)")
                execute_sql(c, b, "insert into items (n, label) select g, 'seed' from generate_series(1, 100) g")
            bases.append(b)
        bad = srv.create_base("hostile")
        admin.execute("select agent.admin_set_limits('hostile', %s)", [json.dumps(
            {"max_storage_bytes": HOSTILE_QUOTA, "idle_in_transaction_timeout_ms": HOSTILE_IDLE_MS})])
        ids = [b.base_id for b in bases]
        after = admin.execute("select coalesce(max(audit_id), 0) from agent.audit").fetchone()[0]
        total = Recorder()
        started = time.monotonic()
        stop = started + args.seconds
        adm = Admin(srv, tree, stop, started + args.seconds / 2, args.drop_every)
        threads: list[threading.Thread] = [adm]
        for i in range(args.clients):
            base = bases[i % len(bases)]
            others = [b for b in bases if b is not base]
            threads.append(threading.Thread(target=work, args=(srv, base, others, args.seed * 1000 + i, stop,
                                                               Path(tmpdir), total), daemon=True))
        bad_agent = Hostile(srv, bad, adm, stop) if hostile else None
        if bad_agent:
            threads.append(bad_agent)
        log(f"# {'hostile' if hostile else 'baseline'} soak: {args.clients} honest clients over {args.bases} bases "
            f"for {args.seconds:g} s" + (", one hostile agent" if hostile else ""))
        for t in threads:
            t.start()
        next_log = started + 15
        while any(t.is_alive() for t in threads) and time.monotonic() < stop + 300:
            time.sleep(0.2)
            if time.monotonic() >= next_log:
                next_log += 15
                log(f"# {time.monotonic() - started:.0f} s")
        hung = [t.name for t in threads if t.is_alive()]
        elapsed = time.monotonic() - started
        out["elapsed_seconds"] = elapsed
        out["hung_threads"] = hung
        time.sleep(0.5)
        out["leftovers"] = leftovers(admin)
        lat_all = [v for tool in TOOLS for v in total.latency.get(tool, [])]
        out["honest"] = {
            "calls": len(lat_all), "calls_per_s": len(lat_all) / elapsed,
            "p50": pct(lat_all, 0.5), "p95": pct(lat_all, 0.95), "p99": pct(lat_all, 0.99),
            "per_tool": {t: {"calls": len(total.latency.get(t, [])), "p50": pct(total.latency.get(t, []), 0.5),
                             "p99": pct(total.latency.get(t, []), 0.99)} for t in TOOLS},
            "errors": {f"{s} ({cat})": n for (_t, s, cat), n in sorted(total.errors.items())},
            "unexpected": total.unexpected[:20],
            "unexpected_count": len(total.unexpected),
        }
        # the honest agents' audit: one row per audited call
        admin.execute("select agent._audit_reconcile()")
        audited = audit_rows(admin, ids, after)
        mism = []
        for tool in TOOLS:
            for b in ids:
                exp = 0 if tool in ("get_project", "upload_chunk") else total.calls.get((b, tool), 0)
                if audited.get((b, tool), 0) != exp:
                    mism.append({"base": b, "tool": tool, "expected": exp, "audit_rows": audited.get((b, tool), 0)})
        out["honest_audit_complete"] = not mism
        out["honest_audit_mismatches"] = mism[:10]
        out["drops"] = dict(adm.drops)
        out["drop_ms_max"] = max(adm.drop_ms) if adm.drop_ms else None
        out["drop_failures"] = adm.failures
        out["upgrade"] = adm.upgrade
        if bad_agent:
            out["attacks"] = {k: dict(v) for k, v in bad_agent.outcomes.items()}
            out["breaches"] = bad_agent.breaches
            out["hostile_errors"] = bad_agent.errors[:20]
            # a journal file another session is reconciling (SKIP LOCKED), or a transaction the server
            # has not finished rolling back, waits for a later run: reconcile again for a few seconds
            deadline = time.monotonic() + 15
            while True:
                restored = admin.execute(
                    "select count(*) from agent.audit where base_id = %s and tool = 'execute_sql' "
                    "and details ->> 'rolled_back' = 'true'", [bad.base_id]).fetchone()[0]
                if restored >= bad_agent.rolled_back_calls or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
                admin.execute("select agent._audit_reconcile()")
            out["audit_restored"] = {"rolled_back_calls": bad_agent.rolled_back_calls, "restored_rows": restored}
            out["sessions_ended"] = admin.execute(
                "select count(*) from agent.audit where tool = 'session_wall'").fetchone()[0]
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"benchmark": "hostile soak", "quick": args.quick, "python": platform.python_version(),
                              "seconds": args.seconds, "clients": args.clients, "bases": args.bases, "seed": args.seed}
    with tempfile.TemporaryDirectory(prefix="dbagent-hsoak-tree-") as tmp:
        tree = upgrade_tree(Path(tmp))
        result["baseline"] = soak(args, False, tree)
        result["hostile"] = soak(args, True, tree)
    b, h = result["baseline"], result["hostile"]
    result["p99_ratio"] = h["honest"]["p99"] / b["honest"]["p99"]
    result["p50_ratio"] = h["honest"]["p50"] / b["honest"]["p50"]
    checks = {
        "honest p99 within 2x of the soak without the hostile agent": result["p99_ratio"] <= 2.0,
        "no honest call failed (unexpected errors)": h["honest"]["unexpected_count"] == 0
                                                     and b["honest"]["unexpected_count"] == 0,
        "no attack worked": not h.get("breaches"),
        "every drop completed": not h["drop_failures"] and not b["drop_failures"],
        "the upgrade completed": bool(h["upgrade"].get("ok")) and bool(b["upgrade"].get("ok")),
        "the audit restored every rolled-back call": h["audit_restored"]["restored_rows"]
                                                     >= h["audit_restored"]["rolled_back_calls"],
        "honest audit complete": h["honest_audit_complete"] and b["honest_audit_complete"],
        "nothing hung": not h["hung_threads"] and not b["hung_threads"],
    }
    result["checks"] = checks
    result["ok"] = all(checks.values())
    return result


def report(r: dict[str, Any]) -> str:
    b, h = r["baseline"], r["hostile"]
    L = [f"dbagent hostile soak: {r['clients']} honest clients over {r['bases']} bases, {r['seconds']:g} s per soak, "
         f"seed {r['seed']}, Python {r['python']}", ""]
    L.append("1. honest agents' latency, ms (client-observed, every call)")
    L.append(f"  {'':<18} {'calls':>7} {'calls/s':>8} {'p50':>8} {'p95':>8} {'p99':>8}")
    for name, s in (("without hostile", b), ("with hostile", h)):
        x = s["honest"]
        L.append(f"  {name:<18} {x['calls']:>7} {x['calls_per_s']:>8.1f} {x['p50']:>8.2f} {x['p95']:>8.2f} {x['p99']:>8.2f}")
    L.append(f"  ratio p50 {r['p50_ratio']:.2f}x, p99 {r['p99_ratio']:.2f}x")
    L.append("  per tool p99 (without / with): " + ", ".join(
        f"{t} {b['honest']['per_tool'][t]['p99']:.1f}/{h['honest']['per_tool'][t]['p99']:.1f}" for t in TOOLS))
    L += ["", "2. honest agents' errors"]
    for name, s in (("without hostile", b), ("with hostile", h)):
        L.append(f"  {name}: " + (", ".join(f"{k}: {n}" for k, n in s["honest"]["errors"].items()) or "none"))
        for u in s["honest"]["unexpected"]:
            L.append(f"    unexpected: {u}")
    L += ["", "3. the hostile agent's attacks (outcome: count)"]
    for attack, outcomes in h.get("attacks", {}).items():
        L.append(f"  {attack:<48} " + ", ".join(f"{k} {n}" for k, n in outcomes.items()))
    if h.get("hostile_errors"):
        L.append("  the attacker's own errors: " + "; ".join(e.splitlines()[0] for e in h["hostile_errors"][:5]))
    L.append(f"  agent sessions ended by dbagent (audit rows 'session_wall'): {h.get('sessions_ended')}")
    a = h["audit_restored"]
    L.append(f"  calls rolled back after they returned: {a['rolled_back_calls']}; restored in the audit: "
             f"{a['restored_rows']}")
    L += ["", "4. the admin's work"]
    for name, s in (("without hostile", b), ("with hostile", h)):
        up = s["upgrade"]
        L.append(f"  {name}: drops {s['drops']} (slowest {s['drop_ms_max'] or 0:.0f} ms); upgrade "
                 + (f"ok in {up['seconds']:.1f} s ({', '.join(up.get('migrations_applied') or [])})" if up.get("ok")
                    else f"FAILED {up}"))
        for f in s["drop_failures"]:
            L.append(f"    {f}")
    for name, s in (("without hostile", b), ("with hostile", h)):
        for m in s.get("honest_audit_mismatches") or []:
            L.append(f"  audit mismatch ({name}): {m}")
    L += ["", "5. at the end (with hostile): " + ", ".join(f"{k} {v}" for k, v in h["leftovers"].items()), "",
          "summary"]
    for k, v in r["checks"].items():
        L.append(f"  {k:<62} {'met' if v else 'MISSED'}")
    L += ["", f"result: {'PASS' if r['ok'] else 'FAIL'}"]
    return "\n".join(L)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=90.0, help="length of each soak (default 90)")
    ap.add_argument("--clients", type=int, default=16, help="honest clients (default 16)")
    ap.add_argument("--bases", type=int, default=8, help="bases the honest clients share (default 8)")
    ap.add_argument("--drop-every", type=float, default=10.0, help="seconds between the admin's drops (default 10)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="15 s, 4 clients, 2 bases (the smoke test)")
    ap.add_argument("--json", action="store_true", help="JSON on stdout (the report goes to stderr)")
    args = ap.parse_args(argv)
    if args.quick:
        args.seconds, args.clients, args.bases, args.drop_every = 15.0, 4, 2, 4.0
    random.seed(args.seed)
    r = run(args)
    if args.json:
        print(report(r), file=sys.stderr)
        print(json.dumps(r, indent=2, default=str))
    else:
        print(report(r))
    return 0 if r["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
