"""What recoverability costs (issue 15), against baselines measured in the same run.

    .venv/bin/python bench/recovery_bench.py              # 1,000,000-row tables (a few minutes)
    .venv/bin/python bench/recovery_bench.py --rows 200000
    .venv/bin/python bench/recovery_bench.py --quick      # a smoke run: numbers mean little

1. **DROP TABLE of an N-row table**: through execute_sql, recoverable (the confirmed call: the
   table is moved to the recycle schema), vs the same DROP run directly by the base's owner role on
   an identical table (gone for good). Also the time of the first call, which measures the impact
   and answers with the confirmation token. Storage: the table's size before, what the recycle
   schema holds after each.
2. **TRUNCATE of an N-row table**: through execute_sql (the rows are copied to the recycle schema
   first: TRUNCATE keeps the table, so nothing can be moved aside) vs a direct TRUNCATE.
3. **Clone vs CREATE TABLE AS**: ``agent.admin_clone_base`` of a base holding the N-row table (a
   new base: schema image through the parse wall, every row copied as the owner role, indexes,
   triggers, policies, dbagent's rules) vs a superuser's ``CREATE TABLE ... AS SELECT *`` of it.
4. **Small DML**: a one-row UPDATE by key through execute_sql on a table with dbagent's keep
   triggers and confirmation on (every call that writes runs in a savepoint) vs the same with the
   keep triggers disabled and confirmation off (dbagent before issue 15), interleaved, p50.

Progress goes to stderr; the report (or ``--json``) to stdout. Numbers, not pass/fail.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import bench_server, execute_sql  # noqa: E402

TABLE = "create table {name} (title text not null, amount numeric(12, 2), qty integer, note text)"
FILL = ("insert into {name} (title, amount, qty, note) select 'item ' || g, (g % 100000) / 100.0, g % 1000, "
        "case when g % 3 = 0 then null else repeat('x', 20) end from generate_series(1, {n}) g")


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def timed(fn):  # noqa: ANN001, ANN201
    t = time.perf_counter()
    r = fn()
    return time.perf_counter() - t, r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--dml-runs", type=int, default=300)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.rows, args.dml_runs = 5_000, 20
    n = args.rows
    out: dict[str, object] = {"rows": n}
    with bench_server(say) as srv:
        admin = srv.admin()
        base = srv.create_base("bench")
        agent = srv.agent(base)
        owner = srv.owner(base)
        schema = base.schema
        recycle = "dbagent_r_" + base.base_id.replace("-", "")

        def size(rel: str) -> int:
            return admin.execute("select pg_total_relation_size(%s::regclass)", [rel]).fetchone()[0]

        def recycle_bytes() -> int:
            return admin.execute(
                "select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint from pg_class c "
                "join pg_namespace n on n.oid = c.relnamespace where n.nspname = %s and c.relkind in ('r', 'm')",
                [recycle]).fetchone()[0]

        # ---------------------------------------------------------------- 1. DROP TABLE
        say(f"# building two {n}-row tables through execute_sql")
        for name in ("kept", "plain"):
            execute_sql(agent, base, TABLE.format(name=name))
            owner.execute(FILL.format(name=name, n=n))
        admin.execute(f"vacuum analyze {schema}.kept, {schema}.plain")
        table_bytes = size(f"{schema}.kept")
        before = recycle_bytes()
        admin.execute("checkpoint")
        ask_s, first = timed(lambda: execute_sql(agent, base, "drop table kept"))
        assert first.get("confirmation_required"), first
        drop_s, done = timed(lambda: execute_sql(agent, base, "drop table kept", {"confirm": first["confirm"]}))
        assert done["recoverable"][0]["rows"] in (n, first["impact"]["tables_dropped"][0]["rows"])
        kept_bytes = recycle_bytes() - before
        admin.execute("checkpoint")
        plain_s, _ = timed(lambda: owner.execute("drop table plain"))
        out["drop"] = {
            "table_bytes": table_bytes,
            "impact_call_s": round(ask_s, 4),
            "recoverable_drop_s": round(drop_s, 4),
            "plain_drop_s": round(plain_s, 4),
            "ratio": round(drop_s / plain_s, 2) if plain_s else None,
            "recycle_bytes_after": kept_bytes,
            "plain_bytes_after": 0,
        }
        say(f"# drop: {out['drop']}")
        item = done["recoverable"][0]["item"]
        restore_s, _ = timed(lambda: agent.execute("select agent.restore(%s, %s, '{}')", [base.base_id, item]))
        out["drop"]["restore_s"] = round(restore_s, 4)

        # ---------------------------------------------------------------- 2. TRUNCATE
        execute_sql(agent, base, TABLE.format(name="plain2"))
        owner.execute(FILL.format(name="plain2", n=n))
        admin.execute("checkpoint")
        first = execute_sql(agent, base, "truncate kept")
        trunc_s, done = timed(lambda: execute_sql(agent, base, "truncate kept", {"confirm": first["confirm"]}))
        admin.execute("checkpoint")
        plain_trunc_s, _ = timed(lambda: owner.execute("truncate plain2"))
        out["truncate"] = {"recoverable_truncate_s": round(trunc_s, 3), "plain_truncate_s": round(plain_trunc_s, 4),
                           "ratio": round(trunc_s / plain_trunc_s, 1) if plain_trunc_s else None,
                           "kept_bytes": recycle_bytes() - before}
        say(f"# truncate: {out['truncate']}")
        agent.execute("select agent.restore(%s, %s, '{}')", [base.base_id, done["recoverable"][0]["item"]])

        # ---------------------------------------------------------------- 3. clone vs CREATE TABLE AS
        owner.execute("drop table plain2")
        admin.execute("checkpoint")
        clone_s, cloned = timed(lambda: admin.execute("select agent.admin_clone_base('bench', 'bench_copy')").fetchone()[0])
        assert cloned["tables"]["kept"] == n, cloned
        admin.execute("checkpoint")
        ctas_s, _ = timed(lambda: admin.execute(f"create table public.bench_ctas as select * from {schema}.kept"))
        out["clone"] = {"clone_s": round(clone_s, 3), "create_table_as_s": round(ctas_s, 3),
                        "ratio": round(clone_s / ctas_s, 2) if ctas_s else None,
                        "clone_bytes": size("bench_copy.kept"), "ctas_bytes": size("public.bench_ctas")}
        say(f"# clone: {out['clone']}")

        # ---------------------------------------------------------------- 4. small DML
        # two bases, each with its own agent session: "on" as dbagent is now, "off" as before
        # issue 15 (no keep trigger firing, no confirmation, so no savepoint around the call)
        other = srv.create_base("bench_before")
        agent_off, owner_off = srv.agent(other), srv.owner(other)
        admin.execute("select agent.admin_set_limits('bench_before', '{\"confirm_destructive\": false}')")
        execute_sql(agent, base, TABLE.format(name="small"))
        execute_sql(agent_off, other, TABLE.format(name="small"))
        owner.execute(FILL.format(name="small", n=1000))
        owner_off.execute(FILL.format(name="small", n=1000))
        admin.execute(f"alter table {other.schema}.small disable trigger dbagent_keep_update")
        ids = {"on": [r[0] for r in owner.execute("select id from small order by id limit 50").fetchall()],
               "off": [r[0] for r in owner_off.execute("select id from small order by id limit 50").fetchall()]}
        sides = {"on": (agent, base), "off": (agent_off, other)}
        times: dict[str, list[float]] = {"on": [], "off": []}
        for i in range(args.dml_runs + 10):
            for which in (("on", "off") if i % 2 else ("off", "on")):
                conn, b = sides[which]
                sql = f"update small set qty = qty + 1 where id = '{ids[which][i % 50]}'"
                t = time.perf_counter()
                r = execute_sql(conn, b, sql)
                if i >= 10:
                    times[which].append(time.perf_counter() - t)
                assert r["statements"][0]["rows_affected"] == 1 and "recoverable" not in r
        p50_on, p50_off = statistics.median(times["on"]) * 1000, statistics.median(times["off"]) * 1000
        out["small_update"] = {"runs": len(times["on"]), "p50_ms_recoverable": round(p50_on, 3),
                               "p50_ms_before": round(p50_off, 3), "ratio": round(p50_on / p50_off, 3),
                               "extra_ms": round(p50_on - p50_off, 3)}
        say(f"# small update: {out['small_update']}")
    if args.json:
        print(json.dumps(out, indent=2))
        return
    d, t, c, s = out["drop"], out["truncate"], out["clone"], out["small_update"]
    print(f"tables of {n} rows ({d['table_bytes'] / 1e6:.0f} MB)")
    print(f"DROP TABLE: recoverable {d['recoverable_drop_s'] * 1000:.1f} ms (a move; {d['recycle_bytes_after'] / 1e6:.0f} MB kept) "
          f"vs plain {d['plain_drop_s'] * 1000:.1f} ms (0 MB kept): {d['ratio']}x; the impact call before it "
          f"{d['impact_call_s'] * 1000:.1f} ms; restore {d['restore_s'] * 1000:.1f} ms")
    print(f"TRUNCATE:   recoverable {t['recoverable_truncate_s']:.2f} s (a copy; {t['kept_bytes'] / 1e6:.0f} MB kept) "
          f"vs plain {t['plain_truncate_s'] * 1000:.1f} ms: {t['ratio']}x")
    print(f"            (keeping a copy instead would cost at least a CREATE TABLE AS: {c['create_table_as_s']:.2f} s, "
          f"{c['ctas_bytes'] / 1e6:.0f} MB)")
    print(f"clone:      {c['clone_s']:.2f} s vs CREATE TABLE AS {c['create_table_as_s']:.2f} s: {c['ratio']}x "
          f"({c['clone_bytes'] / 1e6:.0f} MB with indexes vs {c['ctas_bytes'] / 1e6:.0f} MB)")
    print(f"small UPDATE by key (p50 of {s['runs']}): {s['p50_ms_recoverable']} ms vs {s['p50_ms_before']} ms before "
          f"issue 15: {s['ratio']}x (+{s['extra_ms']} ms)")


if __name__ == "__main__":
    main()
