"""Recoverable destruction and confirm-before-destroy for execute_sql (issue 15).

Nothing a tool call destroys is beyond recall for the base's retention period (DESIGN.md,
invariant 11). What is kept lives in the base's recycle schema ``dbagent_r_<base id hex>``
(``agent._recycle_schema``), which the base's owner role has no USAGE on, so neither the
tenant's SQL nor its end users can reach it; ``agent.recoverable`` lists the items.

* **DROP TABLE** is a move, not a copy: PostgreSQL first runs the statement in a savepoint that
  is rolled back (a probe: its own checks and errors, and the exact set of objects it would
  drop); then dbagent takes apart what the drop would have dropped outside the tables
  themselves (foreign keys from other tables, views, policies, functions, defaults: their
  definitions are kept), removes the tables' own foreign keys to other tables (so no cascade
  reaches the recycle schema), renames the tables, their indexes and owned sequences to
  item names and moves them (ALTER TABLE ... SET SCHEMA: data, indexes, constraints, policies,
  triggers, RLS, grants and comments go along). The schema that remains is checked against the
  probe's: it must be exactly what PostgreSQL's DROP would have left. Anything the drop would
  take that dbagent cannot keep (a column of another table) is refused.
* **DROP COLUMN / ALTER COLUMN ... TYPE** keep the column's values by row key (``id``, or the
  primary key), with its definition and the indexes and constraints that go with it.
* **TRUNCATE, DELETE, UPDATE, MERGE** are kept by dbagent's statement triggers
  (``agent_exec.keep_rows``, ``agent_exec.keep_truncate``), which see every path: nested in
  functions, DO blocks, cascades. A statement without WHERE has its table listed in
  ``dbagent.keep_all`` so that its rows are kept however few.
* **Confirmation.** A call that destroyed data (a recoverable item with rows, measured while the
  call ran) or that would lock or rewrite a big table (found before it runs) is rolled back and
  answered with its impact and a token (:mod:`dbagent_plpy.impact`).

``agent.restore`` brings an item back (:func:`restore`): tables moved back (under a new name when
the old one is taken), their foreign keys and dependents re-created; rows inserted or updated
back with dbagent's and the tenant's triggers switched off, so the rows come back exactly.
"""

from __future__ import annotations

import json
import re
import uuid
from contextlib import contextmanager, nullcontext
from typing import Any

import plpy

from dbagent_plpy import audit, impact
from dbagent_plpy.errors import ToolError
from dbagent_plpy.executor import StatementFailed, executor_name, plan_cache, prepared, run_statement
from dbagent_plpy.image import quote_ident, quote_literal

RECYCLE_PREFIX = "dbagent_r_"
ITEM_PREFIX = "dbagent_rc_"


def timer(GD: dict[str, Any], base: dict[str, Any]) -> Any:
    """The base's statement timeout on dbagent's own clock, for an agent's restore, snapshot or clone
    (an admin's work is not timed)."""
    if plpy.execute(prepared(GD, "is_admin", "select agent._is_admin() as a", []))[0]["a"]:
        return nullcontext()
    from dbagent_plpy.clock import Clock, grace_ms, libc

    return Clock(int(base["statement_timeout_ms"]), libc(GD), grace_ms=grace_ms(GD))


def ensure_keeper(GD: dict[str, Any], base: dict[str, Any]) -> None:
    """A base made before recoverability (issue 15) gets the keeper's grants and the keep triggers
    on its tables at its first call in a session (once they are there, this is one query)."""
    done = GD.setdefault("dbagent_keeper_ok", set())
    if base["base_id"] in done:
        return
    fixes = _rows(GD, "recovery_fixes", "select f.sql from agent._recovery_fixes($1, $2) f", ["text", "text"],
                  [base["schema_name"], base["owner_role"]])
    if fixes:
        ensure_recycle(GD, base)
        for f in fixes:
            run_statement(GD, executor_name(base["base_id"]), f["sql"])
    done.add(base["base_id"])


def recycle_name(base_id: str) -> str:
    return RECYCLE_PREFIX + str(base_id).replace("-", "")


def ensure_recycle(GD: dict[str, Any], base: dict[str, Any]) -> str:
    """The base's recycle schema, created on first use (cached for the session)."""
    name = recycle_name(base["base_id"])
    ready = GD.setdefault("dbagent_recycle", set())
    if name in ready:
        return name
    plpy.execute(prepared(GD, "recycle", "select agent._recycle_schema(b) from agent.base b where b.base_id = $1",
                          ["uuid"]), [base["base_id"]])
    ready.add(name)
    return name


def _set(GD: dict[str, Any], name: str, value: str) -> None:
    plpy.execute(prepared(GD, "set_config", "select pg_catalog.set_config($1, $2, true)", ["text", "text"]), [name, value])


def _rows(GD: dict[str, Any], key: str, sql: str, types: list[str], args: list[Any]) -> list[dict[str, Any]]:
    return [dict(r) for r in plpy.execute(prepared(GD, "rec:" + key, sql, types), args)]


@contextmanager
def _search_path(GD: dict[str, Any], schema: str):
    saved = plpy.execute("select pg_catalog.current_setting('search_path') as p")[0]["p"]
    _set(GD, "search_path", quote_ident(schema))
    try:
        yield
    finally:
        _set(GD, "search_path", saved)


@contextmanager
def _lend_usage(GD: dict[str, Any], recycle: str, role: str, *, create: bool = False):
    """Lend the base's owner role USAGE (and CREATE) on its recycle schema for some statements."""
    privs = "usage, create" if create else "usage"
    plpy.execute(f"grant {privs} on schema {quote_ident(recycle)} to {quote_ident(role)}")
    try:
        yield
    finally:
        plpy.execute(f"revoke {privs} on schema {quote_ident(recycle)} from {quote_ident(role)}")


# ----------------------------------------------------------------------------------- schema state
# Every object of a schema that a DROP can take, as text keys: the probe compares them.
_STATE = """
    with rels as (select pg_catalog.unnest(agent._schema_objects($1, 'pg_catalog.pg_class')) as oid),
         live as (select c.oid, c.relkind from pg_catalog.pg_class c where c.oid in (select oid from rels)
                  and c.relnamespace = $1)
    select 'class:' || l.oid as k from live l
    union all select 'class:' || i.indexrelid from pg_catalog.pg_index i where i.indrelid in (select oid from live)
    union all select 'con:' || k.oid from pg_catalog.pg_constraint k where k.conrelid in (select oid from live)
    union all select 'con:' || k.oid from pg_catalog.pg_constraint k
              where k.contypid = any(agent._schema_objects($1, 'pg_catalog.pg_type'))
    union all select 'pol:' || p.oid from pg_catalog.pg_policy p where p.polrelid in (select oid from live)
    union all select 'trg:' || g.oid from pg_catalog.pg_trigger g
              where g.tgrelid in (select oid from live) and not g.tgisinternal
    union all select 'proc:' || p.oid from pg_catalog.pg_proc p
              where p.oid = any(agent._schema_objects($1, 'pg_catalog.pg_proc')) and p.pronamespace = $1
    union all select 'type:' || t.oid from pg_catalog.pg_type t
              where t.oid = any(agent._schema_objects($1, 'pg_catalog.pg_type')) and t.typnamespace = $1
    union all select 'def:' || d.adrelid || '.' || d.adnum from pg_catalog.pg_attrdef d where d.adrelid in (select oid from live)
    union all select 'col:' || a.attrelid || '.' || a.attnum from pg_catalog.pg_attribute a
              where a.attrelid in (select oid from live where relkind in ('r', 'p', 'v', 'c')) and a.attnum > 0
                and not a.attisdropped
    union all select 'stx:' || s.oid from pg_catalog.pg_statistic_ext s where s.stxrelid in (select oid from live)
"""


def schema_state(GD: dict[str, Any], ns: int) -> set[str]:
    return {r["k"] for r in _rows(GD, "state", _STATE, ["oid"], [ns])}


def _oids(keys: set[str], kind: str) -> list[int]:
    return sorted(int(k.split(":", 1)[1]) for k in keys if k.startswith(kind + ":"))


# What the probe found dropped, described (with search_path = the base's schema, so names are
# unqualified): the definitions to re-create on restore.
_DESCRIBE_CLASSES = """
    select c.oid::int8 as oid, c.relname::text as name, c.relkind::text as kind,
           (select i.indrelid::int8 from pg_catalog.pg_index i where i.indexrelid = c.oid) as index_of,
           (select d.refobjid::int8 from pg_catalog.pg_depend d
            where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid
              and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.deptype in ('a', 'i') limit 1) as owned_by,
           case when c.relkind = 'v' then pg_catalog.pg_get_viewdef(c.oid, true) end as viewdef,
           c.reloptions, pg_catalog.obj_description(c.oid, 'pg_class') as comment
    from pg_catalog.pg_class c where c.oid = any($1::oid[])
"""
_DESCRIBE_CONSTRAINTS = """
    select k.oid::int8 as oid, k.conname::text as name, k.conrelid::int8 as rel, k.contypid::int8 as typ,
           k.contype::text as type, pg_catalog.pg_get_constraintdef(k.oid) as def, k.confrelid::int8 as ref,
           (select c.relname::text from pg_catalog.pg_class c where c.oid = k.conrelid) as table_name
    from pg_catalog.pg_constraint k where k.oid = any($1::oid[])
"""
_DESCRIBE_POLICIES = """
    select p.oid::int8 as oid, p.polname::text as name, p.polrelid::int8 as rel, p.polpermissive as permissive,
           p.polcmd::text as cmd, (select c.relname::text from pg_catalog.pg_class c where c.oid = p.polrelid) as table_name,
           case when p.polroles = '{0}' then array['public']
                else (select pg_catalog.array_agg(r.rolname::text order by r.rolname) from pg_catalog.pg_roles r
                      where r.oid = any(p.polroles)) end as roles,
           pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using_expr,
           pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as check_expr
    from pg_catalog.pg_policy p where p.oid = any($1::oid[])
"""
_DESCRIBE_TRIGGERS = """
    select g.oid::int8 as oid, g.tgname::text as name, g.tgrelid::int8 as rel, pg_catalog.pg_get_triggerdef(g.oid) as def,
           (select c.relname::text from pg_catalog.pg_class c where c.oid = g.tgrelid) as table_name
    from pg_catalog.pg_trigger g where g.oid = any($1::oid[])
"""
_DESCRIBE_PROCS = """
    select p.oid::int8 as oid, p.proname::text as name, p.prokind::text as kind,
           pg_catalog.pg_get_function_identity_arguments(p.oid) as args, pg_catalog.pg_get_functiondef(p.oid) as def
    from pg_catalog.pg_proc p where p.oid = any($1::oid[])
"""
_DESCRIBE_TYPES = """
    select t.oid::int8 as oid, t.typname::text as name, t.typrelid::int8 as rel,
           (select e.typrelid::int8 from pg_catalog.pg_type e where e.oid = t.typelem) as elem_rel
    from pg_catalog.pg_type t where t.oid = any($1::oid[])
"""
_DESCRIBE_DEFAULTS = """
    select d.adrelid::int8 as rel, d.adnum as num, pg_catalog.pg_get_expr(d.adbin, d.adrelid) as expr,
           a.attname::text as column_name, a.attgenerated::text as generated,
           (select c.relname::text from pg_catalog.pg_class c where c.oid = d.adrelid) as table_name
    from pg_catalog.pg_attrdef d join pg_catalog.pg_attribute a on a.attrelid = d.adrelid and a.attnum = d.adnum
    where (d.adrelid::text || '.' || d.adnum::text) = any($1::text[])
"""
_DESCRIBE_COLUMNS = """
    select a.attrelid::int8 as rel, a.attnum as num, a.attname::text as name,
           (select c.relname::text from pg_catalog.pg_class c where c.oid = a.attrelid) as table_name,
           (select c.relkind::text from pg_catalog.pg_class c where c.oid = a.attrelid) as relkind
    from pg_catalog.pg_attribute a where (a.attrelid::text || '.' || a.attnum::text) = any($1::text[])
"""
_RELATION = """
    select c.oid::int8 as oid, c.relkind::text as kind from pg_catalog.pg_class c
    where c.relnamespace = $1 and c.relname = $2
"""
_TABLE_FACTS = """
    select c.oid::int8 as oid, c.relname::text as name, greatest(c.reltuples, 0)::int8 as estimate, c.relpages::int8 as pages,
           pg_catalog.pg_total_relation_size(c.oid)::int8 as bytes
    from pg_catalog.pg_class c where c.oid = any($1::oid[])
"""
_OWN_PARTS = """
    select c.oid::int8 as oid, c.relname::text as name, c.relkind::text as kind
    from pg_catalog.pg_class c
    where c.oid in (select i.indexrelid from pg_catalog.pg_index i where i.indrelid = $1)
       or c.oid in (select d.objid from pg_catalog.pg_depend d
                    where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                      and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.refobjid = $1
                      and d.deptype in ('a', 'i') and d.objsubid = 0)
      and c.relkind in ('i', 'S')
    order by c.oid
"""


def _policy_sql(p: dict[str, Any]) -> str:
    cmds = {"r": "select", "a": "insert", "w": "update", "d": "delete", "*": "all"}
    roles = ", ".join("public" if r == "public" else quote_ident(r) for r in p["roles"] or ["public"])
    sql = (f"create policy {quote_ident(p['name'])} on {quote_ident(p['table_name'])} as "
           f"{'permissive' if p['permissive'] else 'restrictive'} for {cmds[p['cmd']]} to {roles}")
    if p["using_expr"] is not None:
        sql += f" using ({p['using_expr']})"
    if p["check_expr"] is not None:
        sql += f" with check ({p['check_expr']})"
    return sql


_SCHEMA_CHANGES = frozenset({"CreateStmt", "AlterTableStmt", "DropStmt", "RenameStmt"})


class _Probe(Exception):
    pass


class ConfirmationRequired(Exception):
    def __init__(self, impact: dict[str, Any]) -> None:
        super().__init__("confirmation required")
        self.impact = impact


def _refuse(message: str, hint: str) -> ToolError:
    return ToolError("0A000", message, detail="rule: recoverable", hint=hint, rule="recoverable")


# ----------------------------------------------------------------------------------- the call
class CallRecovery:
    """One execute_sql call: recoverable statements, the measured impact, the confirmation."""

    def __init__(self, GD: dict[str, Any], base: dict[str, Any], statements: list[Any], opts: Any, sql: str) -> None:
        self.GD = GD
        self.base = base
        self.statements = statements
        self.opts = opts
        self.sql = sql
        self.call_id = str(uuid.uuid4())
        self.items: list[dict[str, Any]] = []  # made by this module (tables, columns)
        self.warnings: list[dict[str, Any]] = []
        self.follow_up: list[str] = []
        self.notices: list[str] = []
        self.confirmed = False
        self.ns: int | None = None
        self.preexisting: set[int] = set()
        self.recycle = recycle_name(base["base_id"])
        self.confirm_on = bool(base.get("confirm_destructive", True))
        self.measuring = False
        kinds = {st.kind for st in statements}
        # Every call that writes runs in one savepoint, so that a call found destructive can be
        # rolled back and answered with its impact; a call of SELECT/EXPLAIN only is left alone
        # (what a function it calls destroys is still kept, and listed in the result).
        self.atomic = self.confirm_on and not kinds <= {"SelectStmt", "ExplainStmt", "VariableSetStmt"}

    # -- before the statements run
    def start(self) -> dict[str, Any] | None:
        """Prepare the call; return the answer instead of running it when it needs confirmation first."""
        try:
            return self._start()
        except StatementFailed as e:
            err = e.error
            raise ToolError(err.get("sqlstate") or "XX000", err.get("message") or "failed",
                            detail="\n".join(x for x in (err.get("detail"), "while preparing the call's recoverability")
                                             if x), hint=err.get("hint")) from None
        except plpy.SPIError as e:
            raise ToolError(e.sqlstate or "XX000", str(e.args[0]) if e.args else str(e),
                            detail="while preparing the call's recoverability", hint=getattr(e, "hint", None)) from None

    def _start(self) -> dict[str, Any] | None:
        GD, base = self.GD, self.base
        if any(st.kind in _SCHEMA_CHANGES for st in self.statements):
            # the keep triggers, which need it, come with the tables a schema change makes
            ensure_recycle(GD, base)
        ensure_keeper(GD, base)
        # A call that will be rolled back if it destroys anything (confirmation pending, or a dry
        # run) only measures: the keep triggers count rows and copy none.
        self.measuring = (self.atomic and self.confirm_on and self.opts.confirm is None) or bool(self.opts.dry_run)
        if self.measuring:
            _set(GD, "dbagent.measure", self.call_id)
        # dbagent.call is set for each statement (run); a dbagent.keep_all or dbagent.kept set
        # beforehand (by the agent's own session) can only make more be kept
        intercept = not self.opts.as_user and any(
            impact.dropped_tables(st.node) or impact.column_changes(st.node) for st in self.statements)
        needs_ns = intercept or self.opts.confirm is not None or any(
            type(st.node).__name__ in ("IndexStmt", "AlterTableStmt") for st in self.statements)
        if needs_ns:
            self.ns = _rows(GD, "ns", "select n.oid::int8 as oid from pg_catalog.pg_namespace n where n.nspname = $1",
                            ["text"], [base["schema_name"]])[0]["oid"]
        if intercept:
            self.preexisting = {r["oid"] for r in _rows(
                GD, "tables", "select c.oid::int8 as oid from pg_catalog.pg_class c "
                "where c.oid = any(agent._schema_objects($1, 'pg_catalog.pg_class')) and c.relkind in ('r', 'p')",
                ["oid"], [self.ns])}
        if self.opts.confirm is not None:
            why = impact.check_token(self.opts.confirm, self._secret(), base_id=str(base["base_id"]), sql=self.sql,
                                     as_user=self.opts.as_user, fingerprint=self.fingerprint())
            if why is not None:
                raise ToolError(
                    "22023", f"the confirmation token does not confirm this call ({why})",
                    detail="A token confirms one exact SQL text, on one base, for the schema as it was when the "
                           "token was issued, for 15 minutes.",
                    hint="Send the call without \"confirm\" to see its impact again and get a new token.")
            self.confirmed = True
        self._static_warnings()
        if self.warnings and self.confirm_on and not self.confirmed and not self.opts.dry_run:
            return self.confirmation({"warnings": self.warnings}, ran=False)
        return None

    def _static_warnings(self) -> None:
        tables = {impact.relation_name(getattr(st.node, "relation", None)) for st in self.statements
                  if type(st.node).__name__ in ("IndexStmt", "AlterTableStmt")} - {None}
        if not tables or self.ns is None:
            return
        sizes = {r["name"]: r["rows"] for r in _rows(
            self.GD, "sizes", "select c.relname::text as name, greatest(c.reltuples, 0)::int8 as rows "
            "from pg_catalog.pg_class c where c.relnamespace = $1 and c.relname = any($2) and c.relkind in ('r', 'p')",
            ["oid", "text[]"], [self.ns, sorted(tables)])}
        big = int(self.base.get("big_table_rows") or 0)
        if not any(n >= big for n in sizes.values()):
            return
        volatile = {r["name"] for r in _rows(
            self.GD, "volatile", "select distinct p.proname::text as name from pg_catalog.pg_proc p "
            "where p.provolatile = 'v' and (p.pronamespace = 'pg_catalog'::pg_catalog.regnamespace or p.pronamespace = $1)",
            ["oid"], [self.ns])}
        found = impact.warnings(self.statements, sizes, big, volatile)
        for w in found:
            con = w.pop("constraint", None)
            st = next(s for s in self.statements if s.index == w["statement"])
            if con is not None:
                taken = {r["name"] for r in _rows(
                    self.GD, "connames", "select k.conname::text as name from pg_catalog.pg_constraint k "
                    "join pg_catalog.pg_class c on c.oid = k.conrelid where c.relnamespace = $1 and c.relname = $2",
                    ["oid", "text"], [self.ns, w["table"]])}
                name = impact.make_not_valid(st, w["table"], con, taken)
                if name is not None:
                    self._recheck(st)
                    validate = f"alter table {quote_ident(w['table'])} validate constraint {quote_ident(name)}"
                    self.follow_up.append(validate)
                    st.notices.append(f"dbagent added the constraint NOT VALID ({w['table']} has ~{w['rows']} rows): "
                                      f"existing rows are checked by `{validate}`, to send in a later call")
                    continue
            self.warnings.append(w)

    def _recheck(self, st: Any) -> None:
        from dbagent_plpy import runner
        from dbagent_plpy.guard import Checker

        schema = self.base["schema_name"]
        checker = Checker(schema, runner.catalog(self.GD), own_function=runner.own_functions(self.GD, schema))
        again = checker.check_script(st.sql)
        if len(again) != 1:
            raise ToolError("XX000", "internal error: a rewritten statement split in two")
        st.node = again[0].node

    # -- each statement
    def run(self, call: Any, st: Any, run_one: Any) -> dict[str, Any]:
        try:
            return self._run(call, st, run_one)
        except ToolError as e:
            if e.statement is None:
                e.statement = st.index
                e.detail = "\n".join(x for x in (e.detail, f"statement {st.index}: {st.sql[:300]}") if x)
            raise

    def _run(self, call: Any, st: Any, run_one: Any) -> dict[str, Any]:
        _set(self.GD, "dbagent.call", f"{self.call_id}:{st.index}")
        if not self.opts.as_user:
            if impact.dropped_tables(st.node):
                return self._drop_tables(call, st, run_one)
            changes = impact.column_changes(st.node)
            if changes:
                return self._column_changes(call, st, changes, run_one)
        if impact.cascading_drop(st.node):
            self._check_cascade(call, st)
        table = impact.without_where(st.node)
        if table is not None:
            oid = self._table_oid(st.node.relation)
            if oid is not None:
                _set(self.GD, "dbagent.keep_all", str(oid))
                try:
                    return run_one()
                finally:
                    _set(self.GD, "dbagent.keep_all", "")
        return run_one()

    def _table_oid(self, rel: Any) -> int | None:
        if rel is None or (rel.schemaname and rel.schemaname != self.base["schema_name"]):
            return None
        r = _rows(self.GD, "regclass", "select pg_catalog.to_regclass(pg_catalog.quote_ident($1) || '.' || "
                  "pg_catalog.quote_ident($2))::int8 as oid", ["text", "text"], [self.base["schema_name"], rel.relname])
        return r[0]["oid"] if r else None

    def _ns(self) -> int:
        if self.ns is None:
            self.ns = _rows(self.GD, "ns", "select n.oid::int8 as oid from pg_catalog.pg_namespace n where n.nspname = $1",
                            ["text"], [self.base["schema_name"]])[0]["oid"]
        return self.ns

    def _probe(self, call: Any, st: Any) -> tuple[set[str], set[str]]:
        """Run ST in a savepoint that is rolled back: (state before, state PostgreSQL's statement leaves).

        Other sessions may change the schema meanwhile: what is gone from the state before and
        after the probe is what the statement drops.
        """
        ns = self._ns()
        before = schema_state(self.GD, ns)
        after: set[str] = set()
        try:
            with plpy.subtransaction():
                call.run(st.sql, "command")
                after = schema_state(self.GD, ns)
                raise _Probe()
        except _Probe:
            pass
        now = schema_state(self.GD, ns)
        return before & now, after | (before - now)

    # -- DROP <not a table> ... CASCADE
    def _check_cascade(self, call: Any, st: Any) -> None:
        """Refuse a DROP ... CASCADE that would take data along (columns of tables), or change what
        dbagent keeps for recovery (a dropped table using the type or function)."""
        ns = self._ns()
        rns = _rows(self.GD, "rns", "select n.oid::int8 as oid from pg_catalog.pg_namespace n where n.nspname = $1",
                    ["text"], [self.recycle])
        before = schema_state(self.GD, ns)
        rbefore = schema_state(self.GD, rns[0]["oid"]) if rns else set()
        after: set[str] = set()
        rafter: set[str] = set()
        try:
            with plpy.subtransaction():
                call.run(st.sql, "command")
                after = schema_state(self.GD, ns)
                rafter = schema_state(self.GD, rns[0]["oid"]) if rns else set()
                raise _Probe()
        except _Probe:
            pass
        now = schema_state(self.GD, ns)
        gone = (before & now) - after
        lost = rbefore - rafter
        lost_classes = _rows(self.GD, "d_classes", _DESCRIBE_CLASSES, ["int8[]"], [_oids(lost, "class")])
        lost_cols = {int(k.split(":", 1)[1].split(".")[0]) for k in lost if k.startswith("col:")}
        if any(not self._empty(o) for o in lost_cols) or any(c["kind"] != "i" for c in lost_classes):
            # a kept table's triggers, policies, CHECKs, defaults and indexes may go: the item has
            # their definitions and the restore re-creates them; its columns and rows may not
            raise _refuse("this DROP ... CASCADE would take columns of tables dbagent keeps for recovery (they use what "
                          "it drops)",
                          "Restore or purge those items first (agent.recoverable lists them), or drop without CASCADE "
                          "to see what depends on it.")
        cols = [c for c in _rows(self.GD, "d_cols", _DESCRIBE_COLUMNS, ["text[]"],
                                 [[k.split(":", 1)[1] for k in gone if k.startswith("col:")]]) if c["relkind"] in ("r", "p")]
        tables = [c for c in _rows(self.GD, "d_classes", _DESCRIBE_CLASSES, ["int8[]"], [_oids(gone, "class")])
                  if c["kind"] in ("r", "p")]
        cols = [c for c in cols if not self._empty(c["rel"])]  # an empty table's column holds no data
        if tables or [c for c in cols if c["table_name"] not in {v["name"] for v in tables}]:
            what = ", ".join([f"table {t['name']}" for t in tables] + [f"column {c['table_name']}.{c['name']}" for c in cols][:5])
            raise _refuse(f"this DROP ... CASCADE would also drop {what}, with their data",
                          "Drop those tables or columns first (recoverable: DROP TABLE, ALTER TABLE ... DROP COLUMN), "
                          "then this.")

    def _empty(self, oid: int) -> bool:
        return int(_rows(self.GD, "count", "select agent_exec.count_rows($1::oid) as n", ["int8"], [oid])[0]["n"]) == 0

    # -- DROP TABLE
    def _drop_tables(self, call: Any, st: Any, run_one: Any) -> dict[str, Any]:
        GD, schema = self.GD, self.base["schema_name"]
        before, after = self._probe(call, st)
        gone = before - after
        classes = {r["oid"]: r for r in _rows(GD, "d_classes", _DESCRIBE_CLASSES, ["int8[]"], [_oids(gone, "class")])}
        targets = sorted(o for o, r in classes.items() if r["kind"] in ("r", "p"))
        if not targets or not (set(targets) & self.preexisting):
            return run_one()  # nothing that existed before this call: nothing to keep
        # The probe's locks went with its savepoint: lock the tables for the rest of the call, so
        # no other session adds a view or a foreign key to them meanwhile, and look again.
        call.run("lock table " + ", ".join(f"{quote_ident(classes[o]['name'])}" for o in targets)
                 + " in access exclusive mode", "command")
        before, after = self._probe(call, st)
        gone = before - after
        classes = {r["oid"]: r for r in _rows(GD, "d_classes", _DESCRIBE_CLASSES, ["int8[]"], [_oids(gone, "class")])}
        targets = sorted(o for o, r in classes.items() if r["kind"] in ("r", "p"))
        with _search_path(GD, schema):
            plan = self._plan_drop(gone, classes, set(targets))
            own = {oid: self._own_parts(oid) for oid in targets}
        facts = {r["oid"]: r for r in _rows(GD, "facts", _TABLE_FACTS, ["int8[]"], [targets])}
        counts = self._count_rows(targets, facts)
        item_id = str(uuid.uuid4())
        tables = []
        n = 0
        for oid in targets:
            n += 1
            rc = f"{ITEM_PREFIX}{item_id.replace('-', '')[:12]}_{n}"
            parts = _rows(GD, "own_parts", _OWN_PARTS, ["oid"], [oid])
            renames = []
            for i, p in enumerate(parts, start=1):
                renames.append({"kind": "index" if p["kind"] == "i" else "sequence", "name": p["name"],
                                "rc": f"{rc}_{'i' if p['kind'] == 'i' else 's'}{i}"})
            tables.append({"oid": oid, "name": classes[oid]["name"], "rc": rc, "parts": renames,
                           "rows": counts[oid][0], "rows_estimated": counts[oid][1], "bytes": facts[oid]["bytes"],
                           "own": own[oid]})
        # take apart what the drop would take outside the tables, then the tables' own foreign keys
        for step in plan["drop"]:
            call.run(step, "command")
        for fk in plan["outgoing"]:
            call.run(f"alter table {quote_ident(fk['table'])} drop constraint {quote_ident(fk['name'])}", "command")
        for t in tables:
            for p in t["parts"]:
                call.run(f"alter {p['kind']} {quote_ident(p['name'])} rename to {quote_ident(p['rc'])}", "command")
            call.run(f"alter table {quote_ident(t['name'])} rename to {quote_ident(t['rc'])}", "command")
        with _lend_usage(GD, self.recycle, self.base["owner_role"], create=True):
            for t in tables:
                call.run(f"alter table {quote_ident(t['rc'])} set schema {quote_ident(self.recycle)}", "command")
        # Everything PostgreSQL's DROP would have taken is out of the schema (what else left it
        # meanwhile was another session's doing: only the dropped tables are locked).
        left = schema_state(GD, self._ns())
        if not gone <= before - left:
            raise ToolError("XX000", "internal error: the recoverable DROP TABLE would not leave the schema PostgreSQL's "
                            "DROP leaves", detail=f"statement {st.index}: {st.sql[:300]}",
                            hint="Nothing was changed. Report this to the admin.")
        rows = sum(t["rows"] for t in tables)
        details = {"tables": [{k: t[k] for k in ("name", "rc", "parts", "rows", "rows_estimated", "bytes", "own")}
                              for t in tables],
                   "outgoing": plan["outgoing"], "dependents": plan["dependents"], "sql": audit.normalize(st.sql)}
        self._register(item_id, "table", "drop", ", ".join(t["name"] for t in tables), targets[0], st.index, rows,
                       sum(t["bytes"] for t in tables), details)
        for oid in targets:
            self.preexisting.discard(oid)
        item = {"index": st.index, "tag": st.tag, "sql": st.sql, "rows_affected": 0, "ddl": True,
                "recoverable": item_id}
        names = ", ".join(t["name"] for t in tables)
        item["notices"] = list(st.notices) + [
            f"{names} moved to dbagent's recycle area with {rows} row{'s' if rows != 1 else ''}: "
            f"agent.restore(base_id, '{item_id}') brings {'it' if len(tables) == 1 else 'them'} back within "
            f"{self.base.get('retention_days', 7)} days"]
        if plan["dependents"]:
            item["notices"].append("also dropped (and kept with the item): " + ", ".join(
                f"{d['kind']} {d['name']}" for d in plan["dependents"]))
        return item

    def _own_parts(self, oid: int) -> list[dict[str, Any]]:
        """A dropped table's triggers, policies, CHECKs, defaults and indexes as DDL: a later DROP ...
        CASCADE of a function or sequence they use may take them from the kept table; the restore
        re-creates what is missing."""
        GD, out = self.GD, []
        for g in _rows(GD, "own_trg", "select g.tgname::text as name, pg_catalog.pg_get_triggerdef(g.oid) as def "
                       "from pg_catalog.pg_trigger g where g.tgrelid = $1 and not g.tgisinternal order by g.oid", ["oid"], [oid]):
            if not g["name"].startswith("dbagent_"):
                out.append({"kind": "trigger", "name": g["name"], "create": g["def"]})
        for p in _rows(GD, "own_pol", _DESCRIBE_POLICIES.replace("p.oid = any($1::oid[])", "p.polrelid = $1::oid"),
                       ["int8"], [oid]):
            if p["name"] != "dbagent_agent_all":
                out.append({"kind": "policy", "name": p["name"], "create": _policy_sql(p)})
        for k in _rows(GD, "own_chk", "select k.conname::text as name, pg_catalog.pg_get_constraintdef(k.oid) as def, "
                       "(select c.relname::text from pg_catalog.pg_class c where c.oid = k.conrelid) as t "
                       "from pg_catalog.pg_constraint k where k.conrelid = $1 and k.contype = 'c' order by k.oid", ["oid"], [oid]):
            out.append({"kind": "constraint", "name": k["name"],
                        "create": f"alter table {quote_ident(k['t'])} add constraint {quote_ident(k['name'])} {k['def']}"})
        for d in _rows(GD, "own_def", "select a.attname::text as name, pg_catalog.pg_get_expr(d.adbin, d.adrelid) as expr, "
                       "(select c.relname::text from pg_catalog.pg_class c where c.oid = d.adrelid) as t "
                       "from pg_catalog.pg_attrdef d join pg_catalog.pg_attribute a on a.attrelid = d.adrelid "
                       "and a.attnum = d.adnum where d.adrelid = $1 and a.attgenerated = '' order by d.adnum", ["oid"], [oid]):
            out.append({"kind": "default", "name": d["name"],
                        "create": f"alter table {quote_ident(d['t'])} alter column {quote_ident(d['name'])} set default {d['expr']}"})
        for i in _rows(GD, "own_idx", "select c.relname::text as name, pg_catalog.pg_get_indexdef(i.indexrelid) as def "
                       "from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid where i.indrelid = $1 "
                       "and not exists (select from pg_catalog.pg_constraint k where k.conindid = i.indexrelid) "
                       "order by i.indexrelid", ["oid"], [oid]):
            out.append({"kind": "index", "name": i["name"], "create": i["def"]})
        return out

    def _plan_drop(self, gone: set[str], classes: dict[int, dict[str, Any]], targets: set[int]) -> dict[str, Any]:
        """How to take apart what a DROP TABLE takes beyond its tables; refuse what cannot be kept."""
        GD = self.GD
        drop: list[str] = []
        dependents: list[dict[str, Any]] = []  # re-created on restore, in this order
        names = {o: classes[o]["name"] for o in targets}
        for o, c in sorted(classes.items()):
            if o in targets:
                continue
            if c["index_of"] in targets or c["owned_by"] in targets:
                continue
            if c["kind"] == "v":
                opts = f" with ({', '.join(c['reloptions'])})" if c["reloptions"] else ""
                create = [f"create view {quote_ident(c['name'])}{opts} as {c['viewdef'].strip().rstrip(';')}"]
                create += self._grants_of(o)
                if c["comment"] is not None:
                    create.append(f"comment on view {quote_ident(c['name'])} is {quote_literal(c['comment'])}")
                dependents.append({"kind": "view", "name": c["name"], "create": create, "order": o})
                drop.append(f"drop view if exists {quote_ident(c['name'])} cascade")
                continue
            raise _refuse(f"dropping {', '.join(names.values())} would also drop {c['name']}, which dbagent cannot keep",
                          f"Drop {c['name']} yourself first, then the table.")
        for t in _rows(GD, "d_types", _DESCRIBE_TYPES, ["int8[]"], [_oids(gone, "type")]):
            if t["rel"] in targets or t["elem_rel"] in targets or t["rel"] in classes or t["elem_rel"] in classes:
                continue
            raise _refuse(f"dropping {', '.join(names.values())} would also drop type {t['name']}, which dbagent cannot keep",
                          f"Drop type {t['name']} yourself first.")
        for c in _rows(GD, "d_cols", _DESCRIBE_COLUMNS, ["text[]"],
                       [[k.split(":", 1)[1] for k in gone if k.startswith("col:")]]):
            if c["rel"] in targets or c["rel"] in classes or c["relkind"] not in ("r", "p"):
                continue
            raise _refuse(f"dropping {', '.join(names.values())} would also drop column {c['name']} of {c['table_name']}, "
                          "with its data", f"Drop or change column {c['table_name']}.{c['name']} first (ALTER TABLE ... "
                          "DROP COLUMN is recoverable too), then the table.")
        for d in _rows(GD, "d_defs", _DESCRIBE_DEFAULTS, ["text[]"],
                       [[k.split(":", 1)[1] for k in gone if k.startswith("def:")]]):
            if d["rel"] in targets or d["rel"] in classes:
                continue
            if d["generated"]:
                raise _refuse(f"dropping {', '.join(names.values())} would also drop generated column "
                              f"{d['table_name']}.{d['column_name']}", "Drop that column first.")
            dependents.append({"kind": "default", "name": f"{d['table_name']}.{d['column_name']}", "order": 0,
                               "create": [f"alter table {quote_ident(d['table_name'])} alter column "
                                          f"{quote_ident(d['column_name'])} set default {d['expr']}"]})
            drop.append(f"alter table {quote_ident(d['table_name'])} alter column {quote_ident(d['column_name'])} drop default")
        outgoing = []
        for k in _rows(GD, "d_cons", _DESCRIBE_CONSTRAINTS, ["int8[]"], [_oids(gone, "con")]):
            if k["rel"] in targets:
                continue
            if k["typ"]:
                raise _refuse(f"dropping {', '.join(names.values())} would also drop domain constraint {k['name']}",
                              "Drop it yourself first.")
            if k["rel"] in classes:
                continue
            dependents.append({"kind": "constraint", "name": f"{k['table_name']}.{k['name']}", "order": 1 << 40,
                               "create": [f"alter table {quote_ident(k['table_name'])} add constraint "
                                          f"{quote_ident(k['name'])} {k['def']}"]})
            drop.append(f"alter table {quote_ident(k['table_name'])} drop constraint if exists {quote_ident(k['name'])}")
        for p in _rows(GD, "d_pols", _DESCRIBE_POLICIES, ["int8[]"], [_oids(gone, "pol")]):
            if p["rel"] in targets or p["rel"] in classes:
                continue
            dependents.append({"kind": "policy", "name": f"{p['table_name']}.{p['name']}", "order": 1 << 41,
                               "create": [_policy_sql(p)]})
            drop.append(f"drop policy if exists {quote_ident(p['name'])} on {quote_ident(p['table_name'])}")
        for g in _rows(GD, "d_trgs", _DESCRIBE_TRIGGERS, ["int8[]"], [_oids(gone, "trg")]):
            if g["rel"] in targets or g["rel"] in classes:
                continue
            dependents.append({"kind": "trigger", "name": f"{g['table_name']}.{g['name']}", "order": 1 << 42,
                               "create": [g["def"]]})
            drop.append(f"drop trigger if exists {quote_ident(g['name'])} on {quote_ident(g['table_name'])}")
        for p in _rows(GD, "d_procs", _DESCRIBE_PROCS, ["int8[]"], [_oids(gone, "proc")]):
            what = f"{'procedure' if p['kind'] == 'p' else 'function'} {quote_ident(p['name'])}({p['args']})"
            dependents.append({"kind": "function", "name": p["name"], "order": p["oid"] + (1 << 30),
                               "create": [p["def"].rstrip()] + self._grants_of_proc(p["oid"], what)})
            drop.append(f"drop {what} cascade")
        if _oids(gone, "stx"):
            pass  # statistics objects of the tables themselves: they follow the table
        # the tables' own foreign keys to tables that stay
        outgoing = [
            {"table": names[k["rel"]], "name": k["name"], "def": k["def"]}
            for k in _rows(GD, "out_fks", "select k.conrelid::int8 as rel, k.conname::text as name, "
                           "pg_catalog.pg_get_constraintdef(k.oid) as def from pg_catalog.pg_constraint k "
                           "where k.conrelid = any($1::oid[]) and k.contype = 'f' and not (k.confrelid = any($1::oid[])) "
                           "order by k.oid", ["int8[]"], [sorted(targets)])]
        # drop views last-made first; re-create first-made first
        views = [d for d in drop if d.startswith("drop view")]
        others = [d for d in drop if not d.startswith("drop view")]
        dependents.sort(key=lambda d: d["order"])
        for d in dependents:
            d.pop("order", None)
        return {"drop": list(reversed(views)) + others, "dependents": dependents, "outgoing": outgoing}

    def _grants_of(self, oid: int) -> list[str]:
        from dbagent_plpy.image import _grants

        rows = _rows(self.GD, "relacl", "select c.relname::text as name, coalesce((select r.rolname::text "
                     "from pg_catalog.pg_roles r where r.oid = a.grantee), 'public') as role, a.privilege_type::text as privilege "
                     "from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a where c.oid = $1 and a.grantee <> c.relowner",
                     ["oid"], [oid])
        return _grants(rows, quote_ident(rows[0]["name"])) if rows else []

    def _grants_of_proc(self, oid: int, what: str) -> list[str]:
        from dbagent_plpy.image import _grants

        acl = _rows(self.GD, "procacl_raw", "select p.proacl is not null as has_acl from pg_catalog.pg_proc p where p.oid = $1",
                    ["oid"], [oid])
        rows = _rows(self.GD, "procacl", "select coalesce((select r.rolname::text from pg_catalog.pg_roles r "
                     "where r.oid = a.grantee), 'public') as role, a.privilege_type::text as privilege "
                     "from pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a where p.oid = $1 and a.grantee <> p.proowner",
                     ["oid"], [oid])
        out = []
        if acl and acl[0]["has_acl"] and not any(r["role"] == "public" for r in rows):
            out.append(f"revoke execute on {what} from public")
        return out + _grants(rows, what, include_public=False)

    def _count_rows(self, oids: list[int], facts: dict[int, dict[str, Any]]) -> dict[int, tuple[int, bool]]:
        """Rows per table: counted (as dbagent_keeper, every row) up to ~8 MB of table, else the estimate."""
        out = {}
        for oid in oids:
            f = facts[oid]
            if f["pages"] > 1000 and f["estimate"] > 0:
                out[oid] = (int(f["estimate"]), True)
                continue
            r = _rows(self.GD, "count", "select agent_exec.count_rows($1::oid) as n", ["int8"], [oid])
            out[oid] = (int(r[0]["n"]), False)
        return out

    def _register(self, item_id: str, kind: str, operation: str, table: str, table_oid: int | None, statement: int,
                  rows: int, size: int, details: dict[str, Any]) -> None:
        plpy.execute(prepared(
            self.GD, "rec_register",
            "insert into agent.recoverable (item_id, base_id, kind, operation, table_name, table_oid, call_id, statement, "
            "row_count, bytes, details, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, "
            "pg_catalog.now() + pg_catalog.make_interval(days => $12))",
            ["uuid", "uuid", "text", "text", "text", "oid", "uuid", "int4", "int8", "int8", "text", "int4"]),
            [item_id, self.base["base_id"], kind, operation, table, table_oid, self.call_id, statement, rows, size,
             json.dumps(details), int(self.base.get("retention_days", 7))])

    # -- DROP COLUMN / ALTER COLUMN TYPE
    def _column_changes(self, call: Any, st: Any, changes: list[tuple[str, str, bool]], run_one: Any) -> dict[str, Any]:
        GD, schema = self.GD, self.base["schema_name"]
        oid = self._table_oid(st.node.relation)
        if oid is None or oid not in self.preexisting:
            return run_one()
        before, after = self._probe(call, st)
        gone = before - after
        cols = {r["name"]: r for r in _rows(
            GD, "col_facts",
            "select a.attname::text as name, a.attnum as num, pg_catalog.format_type(a.atttypid, a.atttypmod) as type, "
            "a.attnotnull as not_null, a.attgenerated::text as generated, a.attidentity::text as identity, "
            "case when a.attcollation <> 0 and a.attcollation <> t.typcollation then (select pg_catalog.quote_ident(co.collname) "
            "from pg_catalog.pg_collation co where co.oid = a.attcollation) end as collation, "
            "pg_catalog.pg_get_expr(d.adbin, d.adrelid) as expr, pg_catalog.col_description(a.attrelid, a.attnum) as comment "
            "from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid "
            "left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum "
            "where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped", ["oid"], [oid])}
        table = _rows(GD, "relname", "select c.relname::text as name from pg_catalog.pg_class c where c.oid = $1",
                      ["oid"], [oid])[0]["name"]
        key = ["id"] if "id" in cols else [r["name"] for r in _rows(
            GD, "pk_cols", "select a.attname::text as name from pg_catalog.pg_constraint k "
            "cross join lateral pg_catalog.unnest(k.conkey) with ordinality u(n, i) "
            "join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n "
            "where k.conrelid = $1 and k.contype = 'p' order by u.i", ["oid"], [oid])]
        affected = [(sub, name) for sub, name, _missing in changes if name in cols]
        if not affected:
            return run_one()
        if not key:
            raise _refuse(f"{table} has no id and no primary key: the values of {affected[0][1]} could not be matched "
                          "back to their rows", f"Add a primary key to {table} first.")
        with _search_path(GD, schema):
            dependents = self._column_dependents(gone, oid, table)
        item_id = str(uuid.uuid4())
        self._register(item_id, "column", "drop" if affected[0][0] == "AT_DropColumn" else "alter type", table, oid,
                       st.index, 0, 0, {})
        kept = []
        total_rows = total_bytes = 0
        for sub, name in affected:
            c = cols[name]
            n = size = 0
            if not c["generated"]:
                r = _rows(GD, "keep_col", "select kept, bytes from agent_exec.keep_column($1, $2, $3, $4, $5, $6)",
                          ["uuid", "text", "text", "text", "text[]", "bool"],
                          [item_id, schema, table, name, key, self.measuring])[0]
                n, size = int(r["kept"]), int(r["bytes"])
            total_rows += n
            total_bytes += size
            kept.append({"name": name, "change": "drop" if sub == "AT_DropColumn" else "type", "type": c["type"],
                         "not_null": c["not_null"], "default": c["expr"] if not c["generated"] else None,
                         "generated": c["expr"] if c["generated"] else None, "identity": c["identity"] or None,
                         "collation": c["collation"], "comment": c["comment"], "values": n})
        details = {"table": table, "key": key, "columns": kept, "dependents": dependents, "sql": audit.normalize(st.sql)}
        plpy.execute(prepared(GD, "rec_update", "update agent.recoverable set row_count = $2, bytes = $3, details = $4::jsonb, "
                              "table_name = $5 where item_id = $1", ["uuid", "int8", "int8", "text", "text"]),
                     [item_id, total_rows, total_bytes, json.dumps(details), table])
        self.items.append({"item": item_id})
        item = run_one()
        item["recoverable"] = item_id
        item.setdefault("notices", []).append(
            f"the values of {', '.join(n for _s, n in affected)} ({total_rows} non-null) are kept: "
            f"agent.restore(base_id, '{item_id}') brings them back")
        return item

    def _column_dependents(self, gone: set[str], oid: int, table: str) -> list[dict[str, Any]]:
        """What dropping or retyping the columns takes along (indexes, constraints, views): to re-create."""
        GD = self.GD
        out = []
        classes = {r["oid"]: r for r in _rows(GD, "d_classes", _DESCRIBE_CLASSES, ["int8[]"], [_oids(gone, "class")])}
        for o, c in sorted(classes.items()):
            if c["kind"] == "i" and c["index_of"] == oid:
                idx = _rows(GD, "idxdef", "select pg_catalog.pg_get_indexdef($1::oid) as def", ["int8"], [o])[0]["def"]
                if not _rows(GD, "is_con_idx", "select exists (select from pg_catalog.pg_constraint k where k.conindid = $1 "
                             "and k.contype in ('p', 'u', 'x')) as c", ["oid"], [o])[0]["c"]:
                    out.append({"kind": "index", "name": c["name"], "create": [idx]})
            elif c["kind"] == "v":
                opts = f" with ({', '.join(c['reloptions'])})" if c["reloptions"] else ""
                out.append({"kind": "view", "name": c["name"],
                            "create": [f"create view {quote_ident(c['name'])}{opts} as {c['viewdef'].strip().rstrip(';')}"]
                            + self._grants_of(o)})
            elif c["index_of"] != oid:
                raise _refuse(f"this change would also drop {c['name']}, which dbagent cannot keep",
                              f"Drop {c['name']} yourself first.")
        for k in _rows(GD, "d_cons", _DESCRIBE_CONSTRAINTS, ["int8[]"], [_oids(gone, "con")]):
            out.append({"kind": "constraint", "name": k["name"],
                        "create": [f"alter table {quote_ident(k['table_name'])} add constraint {quote_ident(k['name'])} "
                                   f"{k['def']}"]})
        for p in _rows(GD, "d_pols", _DESCRIBE_POLICIES, ["int8[]"], [_oids(gone, "pol")]):
            out.append({"kind": "policy", "name": p["name"], "create": [_policy_sql(p)]})
        for g in _rows(GD, "d_trgs", _DESCRIBE_TRIGGERS, ["int8[]"], [_oids(gone, "trg")]):
            out.append({"kind": "trigger", "name": g["name"], "create": [g["def"]]})
        for c in _rows(GD, "d_cols", _DESCRIBE_COLUMNS, ["text[]"],
                       [[k.split(":", 1)[1] for k in gone if k.startswith("col:")]]):
            if c["rel"] != oid and c["relkind"] in ("r", "p"):
                raise _refuse(f"this change would also drop column {c['name']} of {c['table_name']}, with its data",
                              "Change that column first.")
        if _oids(gone, "proc") or _oids(gone, "type"):
            raise _refuse("this change would also drop functions or types, which dbagent cannot keep with a column",
                          "Drop them yourself first.")
        # views are re-created after the constraints and indexes
        return sorted(out, key=lambda d: d["kind"] == "view")

    # -- after the statements
    def finish(self) -> None:
        """Measure what the call destroyed; raise ConfirmationRequired when it needs confirming first."""
        self.measured = self.impact()
        if self.measured.pop("provisional", False):
            self._settle_provisional()
            self.measured = self.impact()
        if (self.confirm_on and not self.confirmed and not self.opts.dry_run and self.atomic
                and self.measured.get("destroys_data")):
            raise ConfirmationRequired(self.measured)
        if self.measuring and not self.opts.dry_run and self.measured.get("destroys_data"):
            # only counted, never kept: such a call must not commit
            raise ToolError("XX000", "internal error: a measured call would commit what it destroyed",
                            hint="Nothing was changed. Report this to the admin.")

    def _settle_provisional(self) -> None:
        """Deletes kept only because they might cascade: keep those that did, drop the others."""
        prov = _rows(self.GD, "provisional", "select r.item_id::text as item, r.table_oid::int8 as rel, "
                     "exists (select from agent.recoverable c where c.call_id = r.call_id and c.item_id <> r.item_id "
                     "and c.table_oid in (select k.conrelid from pg_catalog.pg_constraint k where k.contype = 'f' "
                     "and k.confrelid = r.table_oid)) as cascaded "
                     "from agent.recoverable r where r.call_id = $1 and r.details ? 'provisional'", ["uuid"], [self.call_id])
        for p in prov:
            if p["cascaded"]:
                plpy.execute(prepared(self.GD, "prov_keep", "update agent.recoverable set details = details - 'provisional' "
                                      "where item_id = $1", ["uuid"]), [p["item"]])
            else:
                plpy.execute(prepared(self.GD, "prov_rows:" + self.recycle, f"delete from {quote_ident(self.recycle)}.kept_rows "
                                      "where item_id = $1", ["uuid"]), [p["item"]])
                plpy.execute(prepared(self.GD, "prov_drop", "delete from agent.recoverable where item_id = $1", ["uuid"]),
                             [p["item"]])

    def impact(self) -> dict[str, Any]:
        rows = _rows(self.GD, "call_items",
                     "select r.item_id::text as item, r.kind, r.operation, r.table_name, r.row_count, r.bytes, r.details, "
                     "r.statement from agent.recoverable r where r.call_id = $1 order by r.created_at, r.item_id",
                     ["uuid"], [self.call_id])
        out: dict[str, Any] = {}
        destroyed = False
        for r in rows:
            details = json.loads(r["details"]) if isinstance(r["details"], str) else (r["details"] or {})
            entry: dict[str, Any] = {"item": r["item"], "statement": r["statement"], "table": r["table_name"]}
            if r["kind"] == "table":
                for t in details.get("tables", []):
                    out.setdefault("tables_dropped", []).append(
                        {"item": r["item"], "statement": r["statement"], "table": t["name"], "rows": t["rows"],
                         "rows_estimated": t.get("rows_estimated", False), "bytes": t["bytes"]})
                for d in details.get("dependents", []):
                    out.setdefault("also_dropped", []).append({"statement": r["statement"], "kind": d["kind"],
                                                               "name": d["name"]})
                destroyed = destroyed or r["row_count"] > 0
                continue
            if r["kind"] == "column":
                for c in details.get("columns", []):
                    out.setdefault("columns_dropped" if c["change"] == "drop" else "columns_retyped", []).append(
                        {**entry, "column": c["name"], "values": c["values"]})
                destroyed = destroyed or r["row_count"] > 0
                continue
            key = {"delete": "rows_deleted", "update": "rows_changed", "truncate": "tables_truncated"}.get(
                r["operation"], "rows_changed")
            out.setdefault(key, []).append({**entry, "rows": r["row_count"]})
            destroyed = destroyed or r["row_count"] > 0
        if self.warnings:
            out["warnings"] = self.warnings
        out["destroys_data"] = destroyed
        if any('"provisional"' in str(r["details"]) for r in rows):
            out["provisional"] = True
        if rows:
            out["recoverable_for_days"] = int(self.base.get("retention_days", 7))
        return out

    def confirmation(self, measured: dict[str, Any], *, ran: bool) -> dict[str, Any]:
        """The answer to a call that needs confirming (after the rollback, or before running)."""
        token, expires = impact.make_token(self._secret(), base_id=str(self.base["base_id"]), sql=self.sql,
                                           as_user=self.opts.as_user, fingerprint=self.fingerprint())
        measured = {k: v for k, v in measured.items() if k != "destroys_data"}
        for lst in measured.values():
            if isinstance(lst, list):
                for e in lst:
                    if isinstance(e, dict):
                        e.pop("item", None)
        import datetime

        return {
            "ok": True,
            "confirmation_required": True,
            "impact": measured,
            "measured": ran,
            "confirm": token,
            "confirm_expires_at": datetime.datetime.fromtimestamp(expires, datetime.timezone.utc).isoformat(),
            "statements": [],
            "hint": ("Nothing was changed. Show the impact to whoever asked for this change; to run it, send the same "
                     "call again (the same SQL, byte for byte) with options {\"confirm\": \"" + token + "\"}. "
                     "What it destroys stays recoverable (agent.recoverable) for "
                     f"{int(self.base.get('retention_days', 7))} days."),
        }

    def decorate(self, result: dict[str, Any]) -> dict[str, Any]:
        """Add what the call made recoverable (or, in a dry run, its impact) to its result."""
        measured = getattr(self, "measured", None)
        if measured is None:
            return result
        if self.opts.dry_run:
            result["impact"] = {k: v for k, v in measured.items()}
            return result
        kept = []
        for key in ("tables_dropped", "columns_dropped", "columns_retyped", "rows_deleted", "rows_changed",
                    "tables_truncated"):
            for e in measured.get(key, []):
                kept.append({"what": key, **e})
        if kept:
            result["recoverable"] = kept
            result["recoverable_for_days"] = measured.get("recoverable_for_days")
        if self.warnings:
            result["warnings"] = self.warnings
        if self.follow_up:
            result["follow_up"] = self.follow_up
        return result

    def end(self) -> None:
        try:
            plpy.execute(prepared(self.GD, "rec_end", "select pg_catalog.set_config('dbagent.call', '', true), "
                                  "pg_catalog.set_config('dbagent.keep_all', '', true), "
                                  "pg_catalog.set_config('dbagent.measure', '', true)", []))
        except plpy.SPIError:
            pass

    def audit_details(self, result: dict[str, Any] | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"call_id": self.call_id}
        if result is not None and result.get("confirmation_required"):
            out["confirmation_required"] = True
        if result is not None and result.get("recoverable"):
            out["recoverable"] = sorted({e["item"] for e in result["recoverable"] if e.get("item")})
        if self.confirmed:
            out["confirmed"] = True
        return out

    # -- tokens
    def _secret(self) -> str:
        s = self.GD.get("dbagent_confirm_secret")
        if s is None:
            rows = plpy.execute("select value #>> '{}' as v from agent.setting where key = 'confirm_secret'")
            if not rows or not rows[0]["v"]:
                raise ToolError("XX000", "dbagent's confirmation key is missing", hint="Run `dbagent install` again.")
            s = self.GD["dbagent_confirm_secret"] = rows[0]["v"]
        return s

    def fingerprint(self) -> str:
        return _rows(self.GD, "fingerprint", impact.FINGERPRINT_QUERY, ["oid"], [self._ns()])[0]["fp"]


# ----------------------------------------------------------------------------------- restore
_ITEM_COLUMNS = ("r.item_id::text as item_id, r.kind, r.operation, r.table_name, r.table_oid::int8 as table_oid, "
                 "r.call_id::text as call_id, r.statement, r.row_count, r.bytes, r.details, r.created_at::text as created_at, "
                 "r.created_by, r.expires_at::text as expires_at, r.expires_at < pg_catalog.now() as expired")


def _base(GD: dict[str, Any], base_id: Any) -> dict[str, Any]:
    try:
        return dict(plpy.execute(prepared(GD, "rec_base", "select b.* from agent._base($1) b", ["uuid"]), [base_id])[0])
    except plpy.SPIError as e:
        raise ToolError(e.sqlstate or "42501", str(e.args[0]) if e.args else str(e), detail=getattr(e, "detail", None),
                        hint=getattr(e, "hint", None)) from None


def _details(item: dict[str, Any]) -> dict[str, Any]:
    d = item.get("details")
    return json.loads(d) if isinstance(d, str) else (d or {})


class _Tenant:
    """Statements run as the base's owner role, through its executor (dbagent's own SQL)."""

    def __init__(self, GD: dict[str, Any], base: dict[str, Any]) -> None:
        self.GD = GD
        self.fn = executor_name(base["base_id"])

    def run(self, sql: str, mode: str = "command", max_rows: int = 0) -> dict[str, Any]:
        return run_statement(self.GD, self.fn, sql, mode=mode, max_rows=max_rows)

    def attempt(self, sql: str) -> dict[str, Any] | None:
        """Run SQL in a savepoint; its error (or None)."""
        try:
            with plpy.subtransaction():
                self.run(sql)
            return None
        except StatementFailed as e:
            return e.error


def _relation(GD: dict[str, Any], ns: int, name: str) -> dict[str, Any] | None:
    r = _rows(GD, "relation", _RELATION, ["oid", "text"], [ns, name])
    return r[0] if r else None


def _type_taken(GD: dict[str, Any], ns: int, name: str) -> bool:
    return bool(_rows(GD, "type_taken", "select 1 as x from pg_catalog.pg_type t where t.typnamespace = $1 and t.typname = $2",
                      ["oid", "text"], [ns, name]))


def _free_name(GD: dict[str, Any], ns: int, name: str, taken: set[str]) -> str:
    def used(n: str) -> bool:
        return n in taken or _relation(GD, ns, n) is not None or _type_taken(GD, ns, n)

    if not used(name):
        return name
    stem = name[:54]
    for i in range(1, 1000):
        cand = f"{stem}_restored" + ("" if i == 1 else f"_{i}")
        if not used(cand):
            return cand
    raise ToolError("42P07", f'no free name for "{name}"', hint="Rename or drop the objects named like it, then restore.")


def _table_of(GD: dict[str, Any], ns: int, item: dict[str, Any]) -> str:
    rows = _rows(GD, "table_by_oid", "select c.relname::text as name from pg_catalog.pg_class c "
                 "where c.oid = $1 and c.relnamespace = $2 and c.relkind in ('r', 'p')", ["oid", "oid"],
                 [item["table_oid"], ns]) if item.get("table_oid") else []
    if rows:
        return rows[0]["name"]
    name = item["table_name"]
    rel = _relation(GD, ns, name)
    if rel is None or rel["kind"] not in ("r", "p"):
        raise ToolError("42P01", f'table "{name}" no longer exists',
                        hint="If it was dropped, restore that DROP first (agent.recoverable lists it), then this item.")
    return name


@contextmanager
def _triggers_off(GD: dict[str, Any], tenant: _Tenant, table_oid: int, table: str, *, keep: bool):
    """Switch off the table's enabled triggers (dbagent's and the tenant's) while rows come back exactly.

    With KEEP, dbagent's keep triggers stay on: what a restore overwrites is kept in turn.
    """
    names = [r["name"] for r in _rows(
        GD, "enabled_triggers", "select g.tgname::text as name from pg_catalog.pg_trigger g "
        "where g.tgrelid = $1 and not g.tgisinternal and g.tgenabled <> 'D' order by g.tgname", ["oid"], [table_oid])]
    if keep:
        names = [n for n in names if not n.startswith("dbagent_keep_")]
    for n in names:
        tenant.run(f"alter table {quote_ident(table)} disable trigger {quote_ident(n)}")
    yield
    for n in names:
        tenant.run(f"alter table {quote_ident(table)} enable trigger {quote_ident(n)}")


def _columns(GD: dict[str, Any], table_oid: int) -> list[dict[str, Any]]:
    return _rows(GD, "columns_of", "select a.attname::text as name, a.attgenerated::text as generated, "
                 "a.attidentity::text as identity from pg_catalog.pg_attribute a "
                 "where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum", ["oid"], [table_oid])


def _key_columns(GD: dict[str, Any], table_oid: int) -> list[str]:
    cols = {c["name"] for c in _columns(GD, table_oid)}
    if "id" in cols:
        return ["id"]
    return [r["name"] for r in _rows(
        GD, "pk_cols", "select a.attname::text as name from pg_catalog.pg_constraint k "
        "cross join lateral pg_catalog.unnest(k.conkey) with ordinality u(n, i) "
        "join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n "
        "where k.conrelid = $1 and k.contype = 'p' order by u.i", ["oid"], [table_oid])]


def restore(GD: dict[str, Any], base_id: Any, item: Any, options: Any) -> str:
    """agent.restore: bring back one recoverable item (or every item of one call)."""
    import time

    started = time.monotonic()
    row: dict[str, Any] = {"tool": "restore", "base_id": base_id, "statement_kinds": []}
    try:
        base = _base(GD, base_id)
        opts = json.loads(options) if isinstance(options, str) else dict(options or {})
        if not isinstance(opts, dict) or set(opts) - {"name", "on_conflict"}:
            raise ToolError("22023", "options of restore are name and on_conflict",
                            hint='Pass e.g. {"name": "todos_old"} or {"on_conflict": "skip"}.')
        if opts.get("on_conflict", "error") not in ("error", "skip"):
            raise ToolError("22023", 'on_conflict must be "error" or "skip"')
        if not isinstance(item, str) or not re.fullmatch(r"[0-9a-fA-F-]{36}", item or ""):
            raise ToolError("22023", "item must be the id of a recoverable item (or of the call that made it)",
                            hint="agent.recoverable(base_id) lists them.")
        row["details"] = {"item": item}
        items = _rows(GD, "items_for_restore",
                      f"select {_ITEM_COLUMNS} from agent.recoverable r where r.base_id = $1 "
                      "and (r.item_id = $2::uuid or r.call_id = $2::uuid) and r.restored_at is null and r.purged_at is null "
                      "order by r.created_at desc, r.item_id desc", ["uuid", "text"], [base["base_id"], item])
        if not items:
            raise ToolError("22023", f"there is no recoverable item {item} in base {base['name']}",
                            detail="It may have been restored, purged, or have expired.",
                            hint="agent.recoverable(base_id) lists what can be restored.")
        if any(i["expired"] for i in items):
            raise ToolError("22023", f"item {item} has expired (kept until {items[0]['expires_at']})",
                            hint="Items are kept for the base's retention period; an admin can change it.")
        items = _restore_order(GD, items)
        recycle = ensure_recycle(GD, base)
        ns = _rows(GD, "ns", "select n.oid::int8 as oid from pg_catalog.pg_namespace n where n.nspname = $1",
                   ["text"], [base["schema_name"]])[0]["oid"]
        call_id = str(uuid.uuid4())
        _set(GD, "dbagent.call", call_id)
        _set(GD, "dbagent.keep_all", "")
        tenant = _Tenant(GD, base)
        results = []
        history: list[str] = []
        try:
            with plpy.subtransaction(), timer(GD, base):
                for it in items:
                    kind = it["kind"]
                    if kind == "table":
                        res = _restore_table(GD, base, recycle, ns, tenant, it, opts, history)
                    elif kind == "column":
                        res = _restore_column(GD, base, recycle, ns, tenant, it, opts, history)
                    elif it["operation"] == "update":
                        res = _restore_updated(GD, base, recycle, ns, tenant, it)
                    else:
                        res = _restore_deleted(GD, base, recycle, ns, tenant, it, opts)
                    plpy.execute(prepared(GD, "rec_restored", "update agent.recoverable set restored_at = pg_catalog.now(), "
                                          "restored_by = session_user where item_id = $1", ["uuid"]), [it["item_id"]])
                    plpy.execute(prepared(GD, "rec_drop_rows:" + recycle, f"delete from {quote_ident(recycle)}.kept_rows "
                                          "where item_id = $1", ["uuid"]), [it["item_id"]])
                    results.append({"item": it["item_id"], "kind": kind, "operation": it["operation"], **res})
        except (StatementFailed, plpy.SPIError) as e:
            err = e.error if isinstance(e, StatementFailed) else {
                "sqlstate": e.sqlstate, "message": str(e.args[0]) if e.args else str(e), "hint": getattr(e, "hint", None)}
            if err.get("sqlstate") == "57014":
                err = {"sqlstate": "57014", "message": "canceling the restore due to the base's statement timeout",
                       "hint": "Nothing was restored. Ask the admin for a longer statement timeout, or restore it there."}
            raise ToolError(err.get("sqlstate") or "XX000", err.get("message") or "restore failed",
                            detail="\n".join(x for x in (err.get("detail"), "while restoring item " + item) if x),
                            hint=err.get("hint") or "Nothing was restored.") from None
        finally:
            _set(GD, "dbagent.call", "")
        if history:
            plpy.execute(prepared(GD, "rec_history", "insert into agent.base_migration (base_id, role_name, statements, "
                                  "rules, source) values ($1, session_user, $2, '{}', 'restore')", ["uuid", "text[]"]),
                         [base["base_id"], history])
        out = {"ok": True, "restored": results}
        kept = _rows(GD, "restore_kept", "select r.item_id::text as item, r.table_name, r.operation, r.row_count "
                     "from agent.recoverable r where r.call_id = $1", ["uuid"], [call_id])
        if kept:
            out["recoverable"] = [{"item": k["item"], "table": k["table_name"], "what": "rows_changed",
                                   "rows": k["row_count"]} for k in kept]
        row.update(outcome="ok", duration_ms=(time.monotonic() - started) * 1000,
                   details={"item": item, "call_id": call_id,
                            "restored": [{k: r[k] for k in ("item", "kind", "operation") if k in r} for r in results]})
        audit.record(plpy, plan_cache(GD), row, autonomous=False)
        return json.dumps(out, default=str)
    except ToolError as e:
        row.update(outcome=e.outcome, sqlstate=e.sqlstate, rule=e.rule, message=e.message,
                   duration_ms=(time.monotonic() - started) * 1000)
        audit.record(plpy, plan_cache(GD), row, autonomous=True)
        return json.dumps({"error": e.fields()})


def _restore_order(GD: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Undo the last statement first; within one statement, rows of referenced tables first."""
    oids = sorted({i["table_oid"] for i in items if i.get("table_oid")})
    refs: dict[int, set[int]] = {o: set() for o in oids}
    for r in _rows(GD, "fk_pairs", "select k.conrelid::int8 as rel, k.confrelid::int8 as ref from pg_catalog.pg_constraint k "
                   "where k.contype = 'f' and k.conrelid = any($1::oid[]) and k.confrelid = any($1::oid[]) "
                   "and k.conrelid <> k.confrelid", ["int8[]"], [oids]) if oids else []:
        refs[r["rel"]].add(r["ref"])
    depth: dict[int, int] = {}

    def d(o: int, seen: frozenset[int] = frozenset()) -> int:
        if o not in depth:
            depth[o] = 1 + max((d(r, seen | {o}) for r in refs.get(o, ()) if r not in seen), default=-1)
        return depth[o]

    kind_rank = {"table": 0, "column": 1, "rows": 2}
    return sorted(items, key=lambda i: (kind_rank[i["kind"]], -(i["statement"] or 0),
                                        d(i["table_oid"]) if i.get("table_oid") else 0, i["created_at"]))


def _restore_table(GD: dict[str, Any], base: dict[str, Any], recycle: str, ns: int, tenant: _Tenant,
                   it: dict[str, Any], opts: dict[str, Any], history: list[str]) -> dict[str, Any]:
    details = _details(it)
    tables = details.get("tables", [])
    warnings: list[str] = []
    taken: set[str] = set()
    plan = []
    for t in tables:
        exists = _rows(GD, "rc_exists", "select pg_catalog.to_regclass(pg_catalog.quote_ident($1) || '.' || "
                       "pg_catalog.quote_ident($2)) is not null as e", ["text", "text"], [recycle, t["rc"]])[0]["e"]
        if not exists:
            raise ToolError("XX000", f'the kept table of "{t["name"]}" is missing', hint="It may have been purged.")
        wanted = opts.get("name") if opts.get("name") and len(tables) == 1 else t["name"]
        if opts.get("name"):
            from dbagent_plpy.rules import NAME_RE

            if not NAME_RE.match(wanted) or wanted.startswith("dbagent_"):
                raise ToolError("22023", f'"{wanted}" is not a snake_case name', hint="Pick a lower-case snake_case name.")
        name = _free_name(GD, ns, wanted, taken)
        taken.add(name)
        plan.append((t, name))
    with _lend_usage(GD, recycle, base["owner_role"]):
        for t, _name in plan:
            tenant.run(f"alter table {quote_ident(recycle)}.{quote_ident(t['rc'])} set schema {quote_ident(base['schema_name'])}")
    renamed = {}
    for t, name in plan:
        tenant.run(f"alter table {quote_ident(t['rc'])} rename to {quote_ident(name)}")
        renamed[t["name"]] = name
        for p in t.get("parts", []):
            pname = _free_name(GD, ns, p["name"], taken)
            taken.add(pname)
            tenant.run(f"alter {p['kind']} {quote_ident(p['rc'])} rename to {quote_ident(pname)}")
            if pname != p["name"]:
                warnings.append(f"{p['kind']} {p['name']} came back as {pname} (the name was taken)")
        if name != t["name"]:
            warnings.append(f"table {t['name']} came back as {name}" + ("" if opts.get("name") else " (the name was taken)"))
    for t, name in plan:
        if name != t["name"]:
            continue
        toid = _relation(GD, ns, name)["oid"]
        for part in t.get("own", []):
            if _part_exists(GD, toid, part):
                continue
            err = tenant.attempt(part["create"])
            if err is not None:
                warnings.append(f"{part['kind']} {part['name']} of {name} could not be re-created "
                                f"({err.get('message')}): {part['create']}")
    for fk in details.get("outgoing", []):
        table = renamed.get(fk["table"], fk["table"])
        sql = f"alter table {quote_ident(table)} add constraint {quote_ident(fk['name'])} {fk['def']}"
        err = tenant.attempt(sql)
        if err is not None:
            if tenant.attempt(sql + " not valid") is None:
                warnings.append(f"foreign key {fk['name']} of {table} came back NOT VALID: {err.get('message')}; "
                                f"fix the rows, then: alter table {quote_ident(table)} validate constraint {quote_ident(fk['name'])}")
            else:
                warnings.append(f"foreign key {fk['name']} of {table} could not come back ({err.get('message')}): {sql}")
    same_names = all(renamed[t["name"]] == t["name"] for t in tables)
    for d in details.get("dependents", []):
        for sql in d["create"]:
            if not same_names:
                warnings.append(f"{d['kind']} {d['name']} was not re-created (a table came back under another name): {sql}")
                continue
            err = tenant.attempt(sql)
            if err is not None:
                warnings.append(f"{d['kind']} {d['name']} could not be re-created ({err.get('message')}): {sql}")
    # the history gets the restored tables as an agent would create them
    from dbagent_plpy import image

    img = image.capture(plpy, base["schema_name"], tables=[n for _t, n in plan], dialect="agent")
    history.extend(image.target(img["pre"] + img["post"], base["schema_name"]))
    out: dict[str, Any] = {"tables": [{"table": n, "was": t["name"], "rows": t["rows"]} for t, n in plan]}
    if warnings:
        out["warnings"] = warnings
    return out


def _part_exists(GD: dict[str, Any], table_oid: int, part: dict[str, Any]) -> bool:
    q = {
        "trigger": "select exists (select from pg_catalog.pg_trigger g where g.tgrelid = $1 and g.tgname = $2) as e",
        "policy": "select exists (select from pg_catalog.pg_policy p where p.polrelid = $1 and p.polname = $2) as e",
        "constraint": "select exists (select from pg_catalog.pg_constraint k where k.conrelid = $1 and k.conname = $2) as e",
        "default": "select exists (select from pg_catalog.pg_attrdef d join pg_catalog.pg_attribute a on "
                   "a.attrelid = d.adrelid and a.attnum = d.adnum where d.adrelid = $1 and a.attname = $2) as e",
        "index": "select exists (select from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid "
                 "where i.indrelid = $1 and c.relname = $2) as e",
    }[part["kind"]]
    return _rows(GD, "part_exists_" + part["kind"], q, ["oid", "text"], [table_oid, part["name"]])[0]["e"]


@contextmanager
def _kept_row_type(GD: dict[str, Any], it: dict[str, Any], oid: int, table: str, recycle: str):
    """The row type that reads an item's kept rows (each its row type's text) back, and the kept
    column names: the table's own when its columns are still the kept ones, else a composite type
    of the kept columns made for the restore (then matched to the table's columns by name)."""
    kept = [list(c) for c in _details(it).get("columns") or []]
    current = [[r["name"], r["type"]] for r in _rows(
        GD, "col_types", "select a.attname::text as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type "
        "from pg_catalog.pg_attribute a where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum",
        ["oid"], [oid])]
    if not kept or kept == current:
        yield quote_ident(table), [c[0] for c in (kept or current)]
        return
    name = f"{quote_ident(recycle)}.{quote_ident('dbagent_kt_' + it['item_id'].replace('-', '')[:16])}"
    try:
        plpy.execute(f"create type {name} as ({', '.join(f'{quote_ident(n)} {t}' for n, t in kept)})")
    except plpy.SPIError as e:
        raise ToolError("0A000", f"the kept rows of {table} can no longer be read: {e.args[0] if e.args else e}",
                        detail="A type its columns had is gone.", hint="Create the type again, then restore.") from None
    try:
        yield name, [c[0] for c in kept]
    finally:
        plpy.execute(f"drop type if exists {name}")


def _restore_deleted(GD: dict[str, Any], base: dict[str, Any], recycle: str, ns: int, tenant: _Tenant,
                     it: dict[str, Any], opts: dict[str, Any]) -> dict[str, Any]:
    table = _table_of(GD, ns, it)
    oid = _relation(GD, ns, table)["oid"]
    current = _columns(GD, oid)
    with _kept_row_type(GD, it, oid, table, recycle) as (row_type, keys):
        cols = [c["name"] for c in current if not c["generated"] and c["name"] in keys]
        missing = sorted(set(keys) - {c["name"] for c in current})
        sql = (f"insert into {quote_ident(table)} ({', '.join(quote_ident(c) for c in cols)}) overriding system value "
               f"select {', '.join(f'(s.r).{quote_ident(c)}' for c in cols)} from (select k.data::{row_type} as r "
               f"from {quote_ident(recycle)}.kept_rows k where k.item_id = {quote_literal(it['item_id'])} "
               f"order by k.seq offset 0) s")
        if opts.get("on_conflict") == "skip":
            sql += " on conflict do nothing"
        with _lend_usage(GD, recycle, base["owner_role"]), _triggers_off(GD, tenant, oid, table, keep=False):
            res = tenant.run(sql)
    out: dict[str, Any] = {"table": table, "rows": res.get("nrows", 0)}
    if res.get("nrows", 0) != it["row_count"]:
        out["skipped"] = it["row_count"] - res.get("nrows", 0)
    if missing:
        out["warnings"] = [f"the table no longer has column(s) {', '.join(missing)}: their values were not restored"]
    return out


def _restore_updated(GD: dict[str, Any], base: dict[str, Any], recycle: str, ns: int, tenant: _Tenant,
                     it: dict[str, Any]) -> dict[str, Any]:
    table = _table_of(GD, ns, it)
    oid = _relation(GD, ns, table)["oid"]
    key = _key_columns(GD, oid)
    if not key:
        raise ToolError("0A000", f"{table} has no id and no primary key: the changed rows cannot be matched",
                        hint="Add a primary key, then restore.")
    with _kept_row_type(GD, it, oid, table, recycle) as (row_type, keys):
        if not set(key) <= set(keys):
            raise ToolError("0A000", f"the kept rows of {table} have no {', '.join(key)} to match them by")
        cols = [c["name"] for c in _columns(GD, oid) if not c["generated"] and c["identity"] != "a"
                and c["name"] in keys and c["name"] not in key]
        qkey = ", ".join(f"(q.r).{quote_ident(k)}" for k in key)
        match = " and ".join(f"t.{quote_ident(k)} = (s.r).{quote_ident(k)}" for k in key)
        sets = ", ".join(f"{quote_ident(c)} = (s.r).{quote_ident(c)}" for c in cols)
        # the oldest version of each row: a call that changed a row twice kept it twice
        src = (f"(select distinct on ({qkey}) q.r from (select k.data::{row_type} as r, k.seq from "
               f"{quote_ident(recycle)}.kept_rows k where k.item_id = {quote_literal(it['item_id'])} offset 0) q "
               f"order by {qkey}, q.seq)")
        with _lend_usage(GD, recycle, base["owner_role"]):
            total = tenant.run(f"select count(*) from {src} s", mode="rows", max_rows=1)["rows"][0][0]
            with _triggers_off(GD, tenant, oid, table, keep=True):
                res = tenant.run(f"update {quote_ident(table)} t set {sets} from {src} s where {match}")
    out: dict[str, Any] = {"table": table, "rows": res.get("nrows", 0)}
    if res.get("nrows", 0) < total:
        out["warnings"] = [f"{total - res.get('nrows', 0)} changed rows no longer exist and were not restored "
                           "(if they were deleted later, restore that item too)"]
    return out


def _restore_column(GD: dict[str, Any], base: dict[str, Any], recycle: str, ns: int, tenant: _Tenant,
                    it: dict[str, Any], opts: dict[str, Any], history: list[str]) -> dict[str, Any]:
    details = _details(it)
    table = _table_of(GD, ns, it)
    oid = _relation(GD, ns, table)["oid"]
    key = details.get("key") or ["id"]
    current = {c["name"] for c in _columns(GD, oid)}
    if not set(key) <= current:
        raise ToolError("0A000", f"{table} no longer has its key column(s) {', '.join(key)}",
                        hint="The values are matched to rows by that key.")
    warnings: list[str] = []
    done = []
    qt = quote_ident(table)
    for c in details.get("columns", []):
        name = c["name"]
        if c["change"] == "drop":
            if name in current:
                name = next(n for n in (f"{c['name'][:54]}_restored" + ("" if i == 1 else f"_{i}") for i in range(1, 1000))
                            if n not in current)
                warnings.append(f"column {c['name']} came back as {name} (the name was taken)")
            ddl = f"alter table {qt} add column {quote_ident(name)} {c['type']}"
            if c.get("collation"):
                ddl += f" collate {c['collation']}"
            if c.get("generated"):
                ddl += f" generated always as ({c['generated']}) stored"
            tenant.run(ddl)
            history.append(ddl)
            current.add(name)
        else:
            if name not in current:
                raise ToolError("42703", f'column "{name}" of {table} no longer exists', hint="It cannot take its old values back.")
            for ddl in (f"alter table {qt} alter column {quote_ident(name)} drop default",
                        f"alter table {qt} alter column {quote_ident(name)} drop not null",
                        f"alter table {qt} alter column {quote_ident(name)} type {c['type']} using null"):
                tenant.run(ddl)
                history.append(ddl)
        if not c.get("generated") and c.get("values"):
            data = "k.data::jsonb" if name == c["name"] else (
                f"(k.data::jsonb - {quote_literal(c['name'])}) || pg_catalog.jsonb_build_object("
                f"{quote_literal(name)}, k.data::jsonb -> {quote_literal(c['name'])})")
            match = " and ".join(f"t.{quote_ident(k)} = r.{quote_ident(k)}" for k in key)
            sql = (f"update {qt} t set {quote_ident(name)} = r.{quote_ident(name)} from (select r.* from "
                   f"{quote_ident(recycle)}.kept_rows k cross join lateral pg_catalog.jsonb_populate_record(null::{qt}, {data}) r "
                   f"where k.item_id = {quote_literal(it['item_id'])} and k.data::jsonb ? {quote_literal(c['name'])}) r where {match}")
            with _lend_usage(GD, recycle, base["owner_role"]), _triggers_off(GD, tenant, oid, table, keep=False):
                res = tenant.run(sql)
            if res.get("nrows", 0) < c["values"]:
                warnings.append(f"{c['values'] - res.get('nrows', 0)} values of {c['name']} belong to rows that no longer "
                                "exist and were not restored")
        for ddl in ([f"alter table {qt} alter column {quote_ident(name)} set default {c['default']}"] if c.get("default") else []) + \
                   ([f"alter table {qt} alter column {quote_ident(name)} set not null"] if c.get("not_null") else []) + \
                   ([f"comment on column {qt}.{quote_ident(name)} is {quote_literal(c['comment'])}"] if c.get("comment") else []):
            tenant.run(ddl)
            history.append(ddl)
        if c.get("identity") in ("a", "d"):
            warnings.append(f"column {name} was an identity column; it came back as a plain column with its values")
        done.append({"column": name, "was": c["name"], "values": c.get("values", 0)})
    for d in details.get("dependents", []):
        for sql in d["create"]:
            if any(x["column"] != x["was"] for x in done):
                warnings.append(f"{d['kind']} {d['name']} was not re-created (a column came back under another name): {sql}")
                continue
            # a type change made PostgreSQL rebuild the column's indexes and constraints for the new
            # type: the kept definitions replace them
            if d["kind"] == "constraint":
                tenant.run(f"alter table {qt} drop constraint if exists {quote_ident(d['name'])}")
            elif d["kind"] == "index":
                tenant.run(f"drop index if exists {quote_ident(d['name'])}")
            err = tenant.attempt(sql)
            if err is not None:
                warnings.append(f"{d['kind']} {d['name']} could not be re-created ({err.get('message')}): {sql}")
            else:
                history.append(sql)
    out: dict[str, Any] = {"table": table, "columns": done}
    if warnings:
        out["warnings"] = warnings
    return out


# ----------------------------------------------------------------------------------- list and purge
def listing(GD: dict[str, Any], base_id: Any) -> str:
    """agent.recoverable: the base's items (expired ones are purged first)."""
    import time

    started = time.monotonic()
    row: dict[str, Any] = {"tool": "recoverable", "base_id": base_id, "statement_kinds": []}
    try:
        base = _base(GD, base_id)
        purge(GD, base, expired_only=True)
        items = _rows(GD, "list_items",
                      f"select {_ITEM_COLUMNS}, (select a.sql_normalized from agent.audit a where a.base_id = r.base_id "
                      "and a.details ->> 'call_id' = r.call_id::text and a.at >= r.created_at - interval '1 minute' "
                      "order by a.at limit 1) as call_sql "
                      "from agent.recoverable r where r.base_id = $1 and r.restored_at is null and r.purged_at is null "
                      "order by r.created_at desc, r.item_id", ["uuid"], [base["base_id"]])
        out = []
        for it in items:
            d = _details(it)
            e: dict[str, Any] = {"item": it["item_id"], "kind": it["kind"], "operation": it["operation"],
                                 "table": it["table_name"], "rows": it["row_count"], "bytes": it["bytes"],
                                 "at": it["created_at"], "by": it["created_by"], "call": it["call_id"],
                                 "statement": it["statement"], "call_sql": it["call_sql"], "expires_at": it["expires_at"]}
            if it["kind"] == "column":
                e["columns"] = [c["name"] for c in d.get("columns", [])]
            if it["kind"] == "table" and d.get("dependents"):
                e["also"] = [f"{x['kind']} {x['name']}" for x in d["dependents"]]
            out.append(e)
        row.update(outcome="ok", duration_ms=(time.monotonic() - started) * 1000, details={"items": len(out)})
        audit.record(plpy, plan_cache(GD), row, autonomous=False)
        return json.dumps({"base_id": str(base["base_id"]), "items": out,
                           "retention_days": base.get("retention_days")}, default=str)
    except ToolError as e:
        row.update(outcome=e.outcome, sqlstate=e.sqlstate, message=e.message, duration_ms=(time.monotonic() - started) * 1000)
        audit.record(plpy, plan_cache(GD), row, autonomous=True)
        return json.dumps({"error": e.fields()})


def purge(GD: dict[str, Any], base: dict[str, Any], *, expired_only: bool = True, item: str | None = None) -> dict[str, int]:
    """Remove kept items (and expired automatic snapshots) of BASE: the expired ones, one ITEM, or all."""
    recycle = recycle_name(base["base_id"])
    if not _rows(GD, "recycle_exists", "select pg_catalog.to_regnamespace(pg_catalog.quote_ident($1)) is not null as e",
                 ["text"], [recycle])[0]["e"]:
        return {"items": 0, "snapshots": 0}
    cond = "r.expires_at < pg_catalog.now()" if expired_only else "true"
    items = _rows(GD, "purge_items_" + ("exp" if expired_only else "all"),
                  f"select {_ITEM_COLUMNS} from agent.recoverable r where r.base_id = $1 and r.restored_at is null "
                  f"and r.purged_at is null and ({cond}) and ($2::uuid is null or r.item_id = $2::uuid)",
                  ["uuid", "uuid"], [base["base_id"], item])
    tenant = _Tenant(GD, base)
    for it in items:
        if it["kind"] == "table":
            with _lend_usage(GD, recycle, base["owner_role"]):
                for t in _details(it).get("tables", []):
                    tenant.run(f"drop table if exists {quote_ident(recycle)}.{quote_ident(t['rc'])} cascade")
        plpy.execute(prepared(GD, "purge_rows:" + recycle, f"delete from {quote_ident(recycle)}.kept_rows where item_id = $1",
                              ["uuid"]), [it["item_id"]])
        plpy.execute(prepared(GD, "purge_mark", "update agent.recoverable set purged_at = pg_catalog.now() where item_id = $1",
                              ["uuid"]), [it["item_id"]])
    snaps = _rows(GD, "purge_snaps", "select s.snapshot_id::text as id from agent.snapshot s where s.base_id = $1 "
                  "and s.dropped_at is null and s.expires_at < pg_catalog.now()", ["uuid"], [base["base_id"]]) \
        if expired_only and item is None else []
    for s in snaps:
        plpy.execute(prepared(GD, "purge_snap_rows:" + recycle, f"delete from {quote_ident(recycle)}.snapshot_rows where snapshot_id = $1",
                              ["uuid"]), [s["id"]])
        plpy.execute(prepared(GD, "purge_snap_mark", "update agent.snapshot set dropped_at = pg_catalog.now() "
                              "where snapshot_id = $1", ["uuid"]), [s["id"]])
    return {"items": len(items), "snapshots": len(snaps)}


def admin_purge(GD: dict[str, Any], base_id: Any, item: str | None, options: Any) -> str:
    """The purge of agent.admin_purge for one base (the admin check is the caller's)."""
    opts = json.loads(options) if isinstance(options, str) else dict(options or {})
    base = dict(plpy.execute(prepared(GD, "purge_base", "select b.* from agent.base b where b.base_id = $1", ["uuid"]),
                             [base_id])[0])
    try:
        counts = purge(GD, base, expired_only=not (opts.get("all") or item), item=item)
    except (ToolError, StatementFailed) as e:
        msg = e.message if isinstance(e, ToolError) else e.error.get("message")
        return json.dumps({"error": {"sqlstate": "XX000", "message": f"purge failed: {msg}"}})
    return json.dumps({"base_id": str(base["base_id"]), **counts})
