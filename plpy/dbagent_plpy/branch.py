"""Snapshots, clones, dumps and the replayable history of a base (issue 15).

All of them are made of a schema image (:mod:`dbagent_plpy.image`) and the base's rows:

* **snapshot**: the image (``agent.snapshot.image``) and every row as its row type's text
  (``dbagent_r_<hex>.snapshot_rows``), read by dbagent_keeper (every row, whatever the policies),
  with the base's tables locked in SHARE mode so the copy is consistent.
* **restore a snapshot**: the base's current state is snapshotted first (``before_restore_...``,
  kept for the retention period), its schema emptied and rebuilt from the image, the rows
  inserted back.
* **clone**: a new base (its own schema and roles, through ``agent._create_base``) built from the
  source's image, its rows copied table by table from the source (locked in SHARE mode), in one
  transaction.
* **dump / load**: the image and the rows as a file the CLI writes and reads; a load creates a
  base and rebuilds it like a snapshot restore.

Building runs every statement of the image through the parse wall (the guard's Checker for the
target schema) and then as the target base's owner role through its executor: an image read
from a file can do nothing an agent's own SQL could not. Rows go in as the owner role too,
before the image's triggers, constraints and indexes exist, so no tenant code rewrites them.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

import plpy

from dbagent_plpy import audit, image
from dbagent_plpy.errors import ToolError
from dbagent_plpy.executor import plan_cache, prepared
from dbagent_plpy.image import quote_ident, quote_literal
from dbagent_plpy.recovery import _base, _rows, _set, _Tenant, ensure_keeper, ensure_recycle, recycle_name, timer

SNAPSHOT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _checker(GD: dict[str, Any], schema: str) -> Any:
    from dbagent_plpy import runner
    from dbagent_plpy.guard import Checker

    return Checker(schema, runner.catalog(GD), own_function=runner.own_functions(GD, schema))


def _guard_error(e: Any, sql: str) -> ToolError:
    detail = "\n".join(x for x in (f"rule: {e.rule}" if e.rule else None, e.detail, f"statement: {sql[:300]}") if x)
    return ToolError(e.sqlstate, e.message, detail=detail, hint=e.hint, rule=e.rule)


def _tables(GD: dict[str, Any], schema: str) -> list[str]:
    return [r["name"] for r in _rows(
        GD, "base_tables", "select c.relname::text as name from pg_catalog.pg_class c "
        "join pg_catalog.pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = $1 and c.relkind in ('r', 'p') "
        "and c.oid = any(agent._schema_objects(n.oid, 'pg_catalog.pg_class')) order by c.relname", ["text"], [schema])]


def _lock(tenant: _Tenant, tables: list[str]) -> None:
    """SHARE locks on every table: the copy sees one state (writers wait, readers do not)."""
    if tables:
        tenant.run("lock table " + ", ".join(quote_ident(t) for t in tables) + " in share mode")


def _sequence_values(tenant: _Tenant, img: dict[str, Any]) -> None:
    for s in img.get("sequences") or ():
        if not s.get("name"):
            continue
        r = tenant.run(f"select last_value, is_called from {quote_ident(s['name'])}", mode="rows", max_rows=1)
        if r.get("rows"):
            s["last_value"], s["is_called"] = int(r["rows"][0][0]), bool(r["rows"][0][1])


def build(GD: dict[str, Any], base: dict[str, Any], img: dict[str, Any], rows_sql: Callable[[dict[str, Any]], str],
          copy_from: str | None = None) -> dict[str, Any]:
    """Rebuild IMG in BASE's (empty) schema; ROWS_SQL(table) gives the SELECT of a table's rows as
    row-type text (one column). COPY_FROM (a clone's source schema): tables whose INSERT runs no
    tenant code are copied in one statement by dbagent_keeper. Returns rows per table."""
    schema = base["schema_name"]
    tenant = _Tenant(GD, base)
    checker = _checker(GD, schema)
    from dbagent_plpy.guard import GuardError

    def checked(sql: str) -> None:
        try:
            parts = checker.check_script(sql)
        except GuardError as e:
            raise _guard_error(e, sql) from None
        if len(parts) != 1:
            raise ToolError("42601", "an image statement is not one statement", detail=sql[:300])
        tenant.run(sql)

    _validate_image(img)
    clock = time.monotonic()
    timings: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        timings[name] = round((now - clock) * 1000, 1)
        clock = now

    prev = plpy.execute("select pg_catalog.current_setting('check_function_bodies') as v")[0]["v"]
    tenant.run("set local check_function_bodies = off")  # bodies may name tables made later
    for sql in image.target(img["pre"], schema):
        checked(sql)
    lap("schema")
    counts: dict[str, int] = {}
    by_keeper: list[str] = []
    if copy_from is not None:
        tenant.run(f"grant usage on schema {quote_ident(schema)} to dbagent_keeper")
        _set(GD, "dbagent.copy_target", schema)
    for t in img["tables"]:
        cols = t["insert_columns"]
        if not cols:
            continue
        qt = quote_ident(t["name"])
        if copy_from is not None:
            n = _keeper_copy(GD, tenant, copy_from, schema, t["name"], cols)
            if n is not None:
                counts[t["name"]] = n
                by_keeper.append(t["name"])
                continue
        res = tenant.run(
            f"insert into {qt} ({', '.join(quote_ident(c) for c in cols)}) overriding system value "
            f"select {', '.join(f'(s.r).{quote_ident(c)}' for c in cols)} "
            f"from (select x::{qt} as r from ({rows_sql(t)}) as x(x) offset 0) s")
        counts[t["name"]] = res.get("nrows", 0)
    lap("rows")
    for sql in image.target(img["post"], schema) + image.default_privilege_statements(img, schema):
        checked(sql)
    lap("keys_indexes_triggers_policies")
    for s in img.get("sequences") or ():
        if s.get("name") and s.get("last_value") is not None:
            tenant.run(f"select pg_catalog.setval({quote_literal(quote_ident(s['name']))}, {int(s['last_value'])}, "
                       f"{'true' if s.get('is_called') else 'false'})", mode="rows", max_rows=1)
    tenant.run(f"set local check_function_bodies = {'on' if prev == 'on' else 'off'}")
    fixes = _rows(GD, "fixes_all", "select sql from agent._model_fixes($1, $2, '{}')", ["text", "text"],
                  [schema, base["owner_role"]])
    if fixes:
        tenant.run("set constraints all immediate")
    for f in fixes:
        tenant.run(f["sql"])
    lap("rules")
    GD["dbagent_build_timings"] = {**timings, "copied_in_one_statement": by_keeper}
    return counts


def _keeper_copy(GD: dict[str, Any], tenant: _Tenant, source: str, target: str, table: str, cols: list[str]) -> int | None:
    """One INSERT ... SELECT by dbagent_keeper (agent_exec.copy_rows); None when the table needs the
    owner-role path (domain-typed or generated columns: an INSERT would run tenant code)."""
    types = {r["name"]: r for r in _rows(GD, "copy_types", """
        select a.attname::text as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
               (t.typnamespace = n.oid or e.typnamespace = n.oid) as own
        from pg_catalog.pg_attribute a
        join pg_catalog.pg_class c on c.oid = a.attrelid
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        join pg_catalog.pg_type t on t.oid = a.atttypid
        left join pg_catalog.pg_type e on e.oid = t.typelem and t.typcategory = 'A'
        where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped""",
        ["text", "text"], [target, table])}
    casts = [types[c]["type"] if types.get(c, {}).get("own") else None for c in cols]
    qt = quote_ident(table)
    try:
        with plpy.subtransaction():
            tenant.run(f"grant insert on {qt} to dbagent_keeper")
            n = plpy.execute(prepared(GD, "copy_rows", "select agent_exec.copy_rows($1, $2, $3, $4, $5) as n",
                                      ["text", "text", "text", "text[]", "text[]"]), [source, target, table, cols, casts])[0]["n"]
            tenant.run(f"revoke insert on {qt} from dbagent_keeper")
            return int(n)
    except plpy.SPIError:
        return None


def _validate_image(img: Any) -> None:
    """An image is data from outside (a dump file): check its shape before using any of it."""
    ok = isinstance(img, dict) and img.get("version") == 1 and isinstance(img.get("pre"), list) \
        and isinstance(img.get("post"), list) and isinstance(img.get("tables"), list) \
        and all(isinstance(s, str) for s in img["pre"] + img["post"])
    if ok:
        for t in img["tables"]:
            ok = ok and isinstance(t, dict) and isinstance(t.get("name"), str) \
                and isinstance(t.get("insert_columns"), list) and all(isinstance(c, str) for c in t["insert_columns"])
        for s in img.get("sequences") or ():
            ok = ok and isinstance(s, dict) and isinstance(s.get("name"), (str, type(None))) \
                and isinstance(s.get("last_value"), (int, type(None)))
        for d in img.get("default_privileges") or ():
            ok = ok and isinstance(d, dict) and d.get("objects") in ("tables", "sequences", "functions", "types") \
                and d.get("grantee") in image.END_USER_ROLES \
                and all(p in ("select", "insert", "update", "delete", "usage", "execute", "references")
                        for p in d.get("privileges") or ())
    if not ok:
        raise ToolError("22023", "not a dbagent schema image (version 1)",
                        hint="Use a file written by `dbagent base dump` of this release.")


def _reset_schema(GD: dict[str, Any], base: dict[str, Any]) -> None:
    blocked = _rows(GD, "recycle_deps", """
        select distinct r.item_id::text as item from pg_catalog.pg_depend d
        join pg_catalog.pg_class c on c.oid = d.objid and d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
        join pg_catalog.pg_namespace rn on rn.oid = c.relnamespace and rn.nspname = $2
        join agent.recoverable r on r.base_id = $3 and r.kind = 'table' and r.restored_at is null and r.purged_at is null
             and exists (select from pg_catalog.jsonb_array_elements(r.details -> 'tables') t where t ->> 'rc' = c.relname)
        where d.deptype = 'n' and (
            exists (select from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
                    where d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass and t.oid = d.refobjid and n.nspname = $1)
         or exists (select from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
                    where d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass and p.oid = d.refobjid and n.nspname = $1)
         or exists (select from pg_catalog.pg_class k join pg_catalog.pg_namespace n on n.oid = k.relnamespace
                    where d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and k.oid = d.refobjid and n.nspname = $1))
    """, ["text", "text", "uuid"], [base["schema_name"], recycle_name(base["base_id"]), base["base_id"]])
    if blocked:
        raise ToolError("55006", "dropped tables dbagent keeps for recovery use types or functions of the base",
                        detail="items: " + ", ".join(b["item"] for b in blocked),
                        hint="Restore those items (agent.restore) or have an admin purge them, then restore the snapshot.")
    plpy.execute(prepared(GD, "reset_schema", "select agent._reset_base_schema(b) from agent.base b where b.base_id = $1",
                          ["uuid"]), [base["base_id"]])


def _drop_all(GD: dict[str, Any], schema: str) -> list[str]:
    """Statements that drop everything of SCHEMA, in an order execute_sql can replay."""
    rows = _rows(GD, "drop_all", """
        select 1 as o, pg_catalog.format('drop table if exists %I cascade', c.relname) as sql from pg_catalog.pg_class c
        where c.relnamespace = $1 and c.relkind in ('r', 'p') and c.oid = any(agent._schema_objects($1, 'pg_catalog.pg_class'))
        union all
        select 2, pg_catalog.format('drop view if exists %I cascade', c.relname) from pg_catalog.pg_class c
        where c.relnamespace = $1 and c.relkind = 'v' and c.oid = any(agent._schema_objects($1, 'pg_catalog.pg_class'))
        union all
        select 3, pg_catalog.format('drop %s if exists %I(%s) cascade', case p.prokind when 'p' then 'procedure' else 'function' end,
                                    p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid))
        from pg_catalog.pg_proc p where p.pronamespace = $1 and p.oid = any(agent._schema_objects($1, 'pg_catalog.pg_proc'))
        union all
        select 4, pg_catalog.format('drop sequence if exists %I cascade', c.relname) from pg_catalog.pg_class c
        where c.relnamespace = $1 and c.relkind = 'S' and c.oid = any(agent._schema_objects($1, 'pg_catalog.pg_class'))
        union all
        select 5, pg_catalog.format('drop %s if exists %I cascade', case t.typtype when 'd' then 'domain' else 'type' end, t.typname)
        from pg_catalog.pg_type t where t.typnamespace = $1 and t.typtype in ('e', 'd', 'r')
          and t.oid = any(agent._schema_objects($1, 'pg_catalog.pg_type'))
        union all
        select 6, pg_catalog.format('drop type if exists %I cascade', c.relname) from pg_catalog.pg_class c
        where c.relnamespace = $1 and c.relkind = 'c' and c.oid = any(agent._schema_objects($1, 'pg_catalog.pg_class'))
        order by 1, 2
    """, ["oid"], [_ns(GD, schema)])
    return [r["sql"] for r in rows]


def _ns(GD: dict[str, Any], schema: str) -> int:
    return _rows(GD, "ns", "select n.oid::int8 as oid from pg_catalog.pg_namespace n where n.nspname = $1",
                 ["text"], [schema])[0]["oid"]


def _history(GD: dict[str, Any], base: dict[str, Any], statements: list[str], source: str) -> None:
    if statements:
        plpy.execute(prepared(GD, "branch_history", "insert into agent.base_migration (base_id, role_name, statements, "
                              "rules, source) values ($1, session_user, $2, '{}', $3)", ["uuid", "text[]", "text"]),
                     [base["base_id"], statements, source])


def _agent_image(GD: dict[str, Any], base: dict[str, Any]) -> list[str]:
    """The base as an agent would create it through execute_sql (for its history)."""
    img = image.capture(plpy, base["schema_name"], dialect="agent")
    return image.target(img["pre"] + img["post"], base["schema_name"]) + image.default_privilege_statements(img, base["schema_name"])


# ----------------------------------------------------------------------------------- snapshots
def take_snapshot(GD: dict[str, Any], base: dict[str, Any], name: str, *, expires_days: int | None = None) -> dict[str, Any]:
    if not isinstance(name, str) or not SNAPSHOT_NAME.match(name):
        raise ToolError("22023", f'snapshot name "{name}" is not valid',
                        hint="Use lower-case letters, digits and underscores, starting with a letter (at most 63).")
    recycle = ensure_recycle(GD, base)
    tenant = _Tenant(GD, base)
    tables = _tables(GD, base["schema_name"])
    _lock(tenant, tables)
    img = image.capture(plpy, base["schema_name"])
    _sequence_values(tenant, img)
    try:
        with plpy.subtransaction():
            sid = plpy.execute(prepared(
                GD, "snap_insert", "insert into agent.snapshot (base_id, name, image, table_count, expires_at) "
                "values ($1, $2, $3::jsonb, $4, case when $5::int is null then null else pg_catalog.now() + "
                "pg_catalog.make_interval(days => $5::int) end) returning snapshot_id::text as id",
                ["uuid", "text", "text", "int4", "int4"]), [base["base_id"], name, json.dumps(img), len(img["tables"]),
                                                           expires_days])[0]["id"]
    except plpy.SPIError as e:
        if e.sqlstate == "23505":
            raise ToolError("42710", f'base {base["name"]} has a snapshot "{name}" already',
                            hint="Pick another name, or drop the old snapshot first.") from None
        raise
    rows = size = 0
    for t in img["tables"]:
        r = _rows(GD, "snap_rows", "select copied, bytes from agent_exec.snapshot_rows($1, $2)", ["uuid", "text"], [sid, t["name"]])[0]
        t["rows"] = int(r["copied"])
        rows += int(r["copied"])
        size += int(r["bytes"])
    plpy.execute(prepared(GD, "snap_counts", "update agent.snapshot set row_count = $2, bytes = $3, image = $4::jsonb "
                          "where snapshot_id = $1", ["uuid", "int8", "int8", "text"]), [sid, rows, size, json.dumps(img)])
    return {"snapshot": sid, "name": name, "tables": len(img["tables"]), "rows": rows, "bytes": size,
            "recycle_schema": recycle}


def _snapshot_row(GD: dict[str, Any], base: dict[str, Any], snap: str) -> dict[str, Any]:
    rows = _rows(GD, "snap_find", "select s.snapshot_id::text as id, s.name, s.image, s.row_count, s.table_count "
                 "from agent.snapshot s where s.base_id = $1 and s.dropped_at is null and (s.name = $2 or s.snapshot_id::text = $2)",
                 ["uuid", "text"], [base["base_id"], snap])
    if not rows:
        raise ToolError("22023", f'base {base["name"]} has no snapshot "{snap}"', hint="agent.snapshots(base_id) lists them.")
    r = rows[0]
    r["image"] = json.loads(r["image"]) if isinstance(r["image"], str) else r["image"]
    return r


def restore_snapshot(GD: dict[str, Any], base: dict[str, Any], snap: str) -> dict[str, Any]:
    s = _snapshot_row(GD, base, snap)
    recycle = ensure_recycle(GD, base)
    stamp = time.strftime("%Y%m%d_%H%M%S", time.gmtime())
    auto_name = f"before_restore_{stamp}_{s['id'][:8]}"
    auto = take_snapshot(GD, base, auto_name, expires_days=int(base.get("retention_days") or 7))
    drops = _drop_all(GD, base["schema_name"])
    _reset_schema(GD, base)
    counts = _with_recycle_usage(GD, base, lambda: build(GD, base, s["image"], lambda t: (
        f"select r.data from {quote_ident(recycle)}.snapshot_rows r where r.snapshot_id = {quote_literal(s['id'])} "
        f"and r.table_name = {quote_literal(t['name'])}")))
    _history(GD, base, drops + _agent_image(GD, base), "snapshot")
    return {"restored": s["name"], "tables": counts, "before": {"snapshot": auto["snapshot"], "name": auto_name,
                                                               "expires_in_days": int(base.get("retention_days") or 7)}}


# borrowed-usage wrapper for building from a snapshot's rows
def _with_recycle_usage(GD: dict[str, Any], base: dict[str, Any], fn: Callable[[], Any]) -> Any:
    from dbagent_plpy.recovery import _lend_usage

    with _lend_usage(GD, recycle_name(base["base_id"]), base["owner_role"]):
        return fn()


# ----------------------------------------------------------------------------------- clone
def clone(GD: dict[str, Any], src: dict[str, Any], name: str, grant_to: str | None) -> dict[str, Any]:
    src_tenant = _Tenant(GD, src)
    _lock(src_tenant, _tables(GD, src["schema_name"]))
    img = image.capture(plpy, src["schema_name"])
    _sequence_values(src_tenant, img)
    r = plpy.execute(prepared(GD, "create_base", "select (x.base).base_id::text as base_id, x.agent_password "
                              "from agent._create_base($1, $2) x", ["text", "text"]), [name, grant_to])[0]
    new = dict(plpy.execute(prepared(GD, "base_row", "select b.* from agent.base b where b.base_id = $1", ["uuid"]),
                            [r["base_id"]])[0])
    ensure_recycle(GD, new)
    _set(GD, "dbagent.copy_source", src["schema_name"])
    plpy.execute(f"grant execute on function agent_exec.read_rows(text, text) to {quote_ident(new['owner_role'])}")
    try:
        counts = build(GD, new, img, lambda t: (
            f"select agent_exec.read_rows({quote_literal(src['schema_name'])}, {quote_literal(t['name'])})"),
            copy_from=src["schema_name"])
    finally:
        plpy.execute(f"revoke execute on function agent_exec.read_rows(text, text) from {quote_ident(new['owner_role'])}")
        _set(GD, "dbagent.copy_source", "")
        _set(GD, "dbagent.copy_target", "")
    _history(GD, new, _agent_image(GD, new), "clone")
    return {"base_id": new["base_id"], "name": new["name"], "schema": new["schema_name"], "agent_role": new["agent_role"],
            "agent_password": r["agent_password"], "cloned_from": src["name"], "tables": counts,
            "build": GD.get("dbagent_build_timings")}


# ----------------------------------------------------------------------------------- dump / load
def dump_begin(GD: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    tenant = _Tenant(GD, base)
    tables = _tables(GD, base["schema_name"])
    _lock(tenant, tables)
    img = image.capture(plpy, base["schema_name"])
    _sequence_values(tenant, img)
    return {"format": "dbagent-dump", "version": 1, "base": base["name"], "image": img}


def load_begin(GD: dict[str, Any], name: str, img: Any) -> dict[str, Any]:
    _validate_image(img)
    r = plpy.execute(prepared(GD, "create_base", "select (x.base).base_id::text as base_id, x.agent_password "
                              "from agent._create_base($1, $2) x", ["text", "text"]), [name, None])[0]
    new = dict(plpy.execute(prepared(GD, "base_row", "select b.* from agent.base b where b.base_id = $1", ["uuid"]),
                            [r["base_id"]])[0])
    ensure_recycle(GD, new)
    sid = plpy.execute(prepared(GD, "load_snap", "insert into agent.snapshot (base_id, name, image, table_count, expires_at) "
                                "values ($1, 'loading', $2::jsonb, $3, pg_catalog.now() + interval '1 day') "
                                "returning snapshot_id::text as id", ["uuid", "text", "int4"]),
                       [new["base_id"], json.dumps(img), len(img["tables"])])[0]["id"]
    return {"base_id": new["base_id"], "name": new["name"], "schema": new["schema_name"], "agent_role": new["agent_role"],
            "agent_password": r["agent_password"], "load": sid}


def load_rows(GD: dict[str, Any], base: dict[str, Any], table: str, rows: list[str]) -> int:
    s = _snapshot_row(GD, base, "loading")
    if table not in {t["name"] for t in s["image"]["tables"]}:
        raise ToolError("22023", f'the dump has no table "{table}"')
    recycle = recycle_name(base["base_id"])
    r = plpy.execute(prepared(GD, "load_rows:" + recycle, f"insert into {quote_ident(recycle)}.snapshot_rows "
                              "(snapshot_id, table_name, data) select $1, $2, x from pg_catalog.unnest($3::text[]) x",
                              ["uuid", "text", "text[]"]), [s["id"], table, rows])
    return r.nrows()


def load_finish(GD: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    s = _snapshot_row(GD, base, "loading")
    recycle = recycle_name(base["base_id"])
    if _tables(GD, base["schema_name"]):
        raise ToolError("55000", f"base {base['name']} is not empty", hint="Load into a new base.")
    counts = _with_recycle_usage(GD, base, lambda: build(GD, base, s["image"], lambda t: (
        f"select r.data from {quote_ident(recycle)}.snapshot_rows r where r.snapshot_id = {quote_literal(s['id'])} "
        f"and r.table_name = {quote_literal(t['name'])}")))
    plpy.execute(prepared(GD, "load_done:" + recycle, f"delete from {quote_ident(recycle)}.snapshot_rows where snapshot_id = $1",
                          ["uuid"]), [s["id"]])
    plpy.execute(prepared(GD, "load_drop", "update agent.snapshot set dropped_at = pg_catalog.now() where snapshot_id = $1",
                          ["uuid"]), [s["id"]])
    _history(GD, base, _agent_image(GD, base), "load")
    return {"name": base["name"], "tables": counts}


# ----------------------------------------------------------------------------------- history
_RULE_PATTERNS = [
    re.compile(r"^alter table \S+ (enable|force) row level security$"),
    re.compile(r"^create policy dbagent_"),
    re.compile(r"^create trigger dbagent_"),
    re.compile(r"^create index dbagent_fk_"),
    re.compile(r"^grant select, insert, update, delete on \S+ to authenticated$"),
    re.compile(r"^grant (usage on schema|select on) \S+ to dbagent_keeper$"),
]


def migrations(GD: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    """The base's history without dbagent's rules (a replay through execute_sql applies them again)."""
    out = []
    for m in _rows(GD, "history", "select m.migration_id, m.at::text as at, m.role_name, m.statements, m.rules, m.source "
                   "from agent.base_migration m where m.base_id = $1 order by m.migration_id", ["uuid"], [base["base_id"]]):
        statements = list(m["statements"] or [])
        if m["rules"] is None:  # recorded before the rules were kept apart: recognise them
            statements = [s for s in statements if not any(p.match(s) for p in _RULE_PATTERNS)]
        if statements:
            out.append({"migration": m["migration_id"], "at": m["at"], "by": m["role_name"], "source": m["source"],
                        "statements": statements})
    return out


# ----------------------------------------------------------------------------------- entry point
def _timed_action(GD: dict[str, Any], action: str, base: dict[str, Any], a: dict[str, Any]) -> Any:
    if action == "snapshot":
        return take_snapshot(GD, base, a.get("name"))
    if action == "restore_snapshot":
        return restore_snapshot(GD, base, a.get("snapshot"))
    return clone(GD, base, a.get("name"), a.get("grant_to"))


def call(GD: dict[str, Any], action: str, args: Any) -> str:
    """agent._branch: the snapshot, clone, dump, load and history tools; audited."""
    started = time.monotonic()
    a = json.loads(args) if isinstance(args, str) else dict(args or {})
    row: dict[str, Any] = {"tool": action, "base_id": a.get("base_id"), "statement_kinds": []}
    try:
        if action == "load_begin":
            out: Any = load_begin(GD, a["name"], a.get("image"))
            row["base_id"] = out["base_id"]
        else:
            base = _base(GD, a.get("base_id"))
            row["base_id"] = base["base_id"]
            if action in ("snapshot", "restore_snapshot", "clone", "dump_begin"):
                ensure_keeper(GD, base)  # a base made before issue 15: the keeper may read its tables
            if action in ("snapshot", "restore_snapshot", "clone"):
                with timer(GD, base):
                    out = _timed_action(GD, action, base, a)
            elif action == "drop_snapshot":
                s = _snapshot_row(GD, base, a.get("snapshot"))
                recycle = ensure_recycle(GD, base)
                plpy.execute(prepared(GD, "snap_del:" + recycle, f"delete from {quote_ident(recycle)}.snapshot_rows "
                                      "where snapshot_id = $1", ["uuid"]), [s["id"]])
                plpy.execute(prepared(GD, "snap_drop", "update agent.snapshot set dropped_at = pg_catalog.now() "
                                      "where snapshot_id = $1", ["uuid"]), [s["id"]])
                out = {"dropped": s["name"]}
            elif action == "snapshots":
                out = {"snapshots": _rows(GD, "snap_list", "select s.snapshot_id::text as snapshot, s.name, s.table_count as tables, "
                                          "s.row_count as rows, s.bytes, s.created_at::text as at, s.created_by as by, "
                                          "s.expires_at::text as expires_at from agent.snapshot s where s.base_id = $1 "
                                          "and s.dropped_at is null and s.name <> 'loading' order by s.created_at desc",
                                          ["uuid"], [base["base_id"]])}
            elif action == "migrations":
                out = {"base": base["name"], "schema": base["schema_name"], "migrations": migrations(GD, base)}
            elif action == "dump_begin":
                out = dump_begin(GD, base)
            elif action == "load_rows":
                out = {"rows": load_rows(GD, base, a.get("table"), list(a.get("rows") or []))}
            elif action == "load_finish":
                out = load_finish(GD, base)
            else:
                raise ToolError("22023", f"unknown action {action}")
        row.update(outcome="ok", duration_ms=(time.monotonic() - started) * 1000,
                   details={k: v for k, v in a.items() if k in ("name", "snapshot", "table")})
        if action != "load_rows":  # a load's row batches: its begin and finish are audited
            audit.record(plpy, plan_cache(GD), row, autonomous=False)
        return json.dumps(out, default=str)
    except ToolError as e:
        row.update(outcome=e.outcome, sqlstate=e.sqlstate, rule=e.rule, message=e.message,
                   duration_ms=(time.monotonic() - started) * 1000)
        audit.record(plpy, plan_cache(GD), row, autonomous=True)
        return json.dumps({"error": e.fields()})
    except Exception as e:  # a statement dbagent ran failed: report PostgreSQL's error
        from dbagent_plpy.executor import StatementFailed

        if isinstance(e, StatementFailed):
            err = e.error
            fields = {"sqlstate": err.get("sqlstate") or "XX000", "message": err.get("message"), "detail": err.get("detail"),
                      "hint": err.get("hint")}
        elif isinstance(e, plpy.SPIError):
            fields = {"sqlstate": e.sqlstate or "XX000", "message": str(e.args[0]) if e.args else str(e),
                      "detail": getattr(e, "detail", None), "hint": getattr(e, "hint", None)}
        else:
            raise
        if fields["sqlstate"] == "57014":
            fields.update(message=f"canceling {action} due to the base's statement timeout",
                          hint="Nothing was changed. An admin can run it without the base's limit (dbagent base ...).")
        row.update(outcome="error", sqlstate=fields["sqlstate"], message=fields["message"],
                   duration_ms=(time.monotonic() - started) * 1000)
        audit.record(plpy, plan_cache(GD), row, autonomous=True)
        return json.dumps({"error": fields})
