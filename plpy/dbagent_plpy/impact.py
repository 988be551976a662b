"""Confirm before destroy, and online-safe schema changes (issue 15).

* **Confirmation tokens.** A call that would destroy data (or lock or rewrite a big table) is
  answered with its impact and a token instead of being run. The token is an HMAC-SHA256 (key:
  ``agent.setting`` ``confirm_secret``, readable by dbagent's owner role only) over the base, the
  exact SQL text, the ``as_user`` option, a fingerprint of the base's schema and an expiry; the
  same call with ``{"confirm": "<token>"}`` runs. Other SQL, another base, a changed schema or an
  expired token fail the check.
* **Schema fingerprint.** The catalog rows of the base's objects (tables, columns, defaults,
  constraints, indexes, triggers, policies, functions, types, views) with their oids and
  ``xmin``: any DDL writes new row versions; ANALYZE and VACUUM write in place and leave it.
* **Online-safety warnings.** From the statements' syntax trees and the tables' sizes: an index
  built on a big table (writes wait; CONCURRENTLY cannot run in a call), a column added with a
  volatile default or a type change (the table is rewritten under an ACCESS EXCLUSIVE lock), a
  foreign key, CHECK or NOT NULL that scans the table. Each says the safe form; a foreign key or
  CHECK on a big table is rewritten by dbagent itself to ``NOT VALID``, with the ``VALIDATE
  CONSTRAINT`` to run in a later call (which takes only a SHARE UPDATE EXCLUSIVE lock).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterable
from typing import Any

from pglast import ast
from pglast.stream import RawStream

TOKEN_TTL_S = 15 * 60
TOKEN_VERSION = "c1"


# ----------------------------------------------------------------------------------- tokens
def mac(secret: str, *, base_id: str, sql: str, as_user: str | None, fingerprint: str, expires: int) -> str:
    msg = "\n".join([TOKEN_VERSION, str(base_id), str(expires), fingerprint, as_user or "",
                     hashlib.sha256(sql.encode("utf-8")).hexdigest()])
    return hmac.new(secret.encode("utf-8"), msg.encode("utf-8"), hashlib.sha256).hexdigest()[:40]


def make_token(secret: str, *, base_id: str, sql: str, as_user: str | None, fingerprint: str,
               now: float | None = None) -> tuple[str, int]:
    expires = int((now if now is not None else time.time()) + TOKEN_TTL_S)
    digest = mac(secret, base_id=base_id, sql=sql, as_user=as_user, fingerprint=fingerprint, expires=expires)
    return f"{TOKEN_VERSION}.{expires}.{digest}", expires


def check_token(token: str, secret: str, *, base_id: str, sql: str, as_user: str | None, fingerprint: str,
                now: float | None = None) -> str | None:
    """None when TOKEN confirms this call; else why not ("malformed", "expired", "mismatch")."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3 or parts[0] != TOKEN_VERSION or not parts[1].isdigit():
        return "malformed"
    expires = int(parts[1])
    expected = mac(secret, base_id=base_id, sql=sql, as_user=as_user, fingerprint=fingerprint, expires=expires)
    if not hmac.compare_digest(expected, parts[2]):
        return "mismatch"
    if expires < (now if now is not None else time.time()):
        return "expired"
    return None


FINGERPRINT_QUERY = """
    with rels as (select pg_catalog.unnest(agent._schema_objects($1, 'pg_catalog.pg_class')) as oid)
    select pg_catalog.md5(coalesce(pg_catalog.string_agg(x, ',' order by x), '')) as fp from (
        select 'c' || c.oid || ':' || c.xmin || ':' || c.relname from pg_catalog.pg_class c
        where c.oid in (select oid from rels)
        union all select 'p' || p.oid || ':' || p.xmin from pg_catalog.pg_proc p
        where p.oid = any(agent._schema_objects($1, 'pg_catalog.pg_proc'))
        union all select 't' || t.oid || ':' || t.xmin from pg_catalog.pg_type t
        where t.oid = any(agent._schema_objects($1, 'pg_catalog.pg_type'))
        union all select 'a' || a.attrelid || '.' || a.attnum || ':' || a.xmin from pg_catalog.pg_attribute a
        where a.attrelid in (select oid from rels) and a.attnum > 0
        union all select 'd' || d.oid || ':' || d.xmin from pg_catalog.pg_attrdef d where d.adrelid in (select oid from rels)
        union all select 'k' || k.oid || ':' || k.xmin from pg_catalog.pg_constraint k where k.conrelid in (select oid from rels)
        union all select 'g' || g.oid || ':' || g.xmin || ':' || g.tgenabled::text from pg_catalog.pg_trigger g
        where g.tgrelid in (select oid from rels)
        union all select 'o' || o.oid || ':' || o.xmin from pg_catalog.pg_policy o where o.polrelid in (select oid from rels)
        union all select 'i' || i.indexrelid || ':' || i.xmin from pg_catalog.pg_index i where i.indrelid in (select oid from rels)
        union all select 'r' || w.oid || ':' || w.xmin from pg_catalog.pg_rewrite w where w.ev_class in (select oid from rels)
    ) s(x)
"""


# ----------------------------------------------------------------------------------- statements
def _enum(v: Any) -> str:
    return getattr(v, "name", None) or str(v)


def relation_name(rel: Any) -> str | None:
    return getattr(rel, "relname", None) if rel is not None else None


def dropped_tables(node: ast.Node) -> list[str]:
    """The table names a DROP TABLE names (last part of each)."""
    if not isinstance(node, ast.DropStmt) or _enum(node.removeType) != "OBJECT_TABLE":
        return []
    out = []
    for obj in node.objects or ():
        names = [s.sval for s in obj if isinstance(s, ast.String)] if isinstance(obj, (tuple, list)) else []
        if names:
            out.append(names[-1])
    return out


def cascading_drop(node: ast.Node) -> bool:
    """A DROP ... CASCADE of something other than tables (a type, function, sequence, view...)."""
    return isinstance(node, ast.DropStmt) and _enum(node.removeType) != "OBJECT_TABLE" \
        and _enum(node.behavior) == "DROP_CASCADE"


def column_changes(node: ast.Node) -> list[tuple[str, str, bool]]:
    """(subcommand, column, missing_ok) for each DROP COLUMN / ALTER COLUMN TYPE of an ALTER TABLE."""
    if not isinstance(node, ast.AlterTableStmt) or _enum(node.objtype) != "OBJECT_TABLE":
        return []
    out = []
    for cmd in node.cmds or ():
        sub = _enum(cmd.subtype)
        if sub in ("AT_DropColumn", "AT_AlterColumnType") and cmd.name:
            out.append((sub, cmd.name, bool(cmd.missing_ok)))
    return out


def without_where(node: ast.Node) -> str | None:
    """The table of a top-level DELETE or UPDATE that has no WHERE clause."""
    if isinstance(node, (ast.DeleteStmt, ast.UpdateStmt)) and node.whereClause is None:
        return relation_name(node.relation)
    return None


_VOLATILE_HINT = frozenset({"random", "gen_random_uuid", "clock_timestamp", "timeofday", "nextval", "uuid_generate_v4",
                            "statement_timestamp", "setseed", "random_normal"})


def _calls(node: Any) -> Iterable[str]:
    from dbagent_plpy.guard import nodes

    for n in nodes(node):
        if isinstance(n, ast.FuncCall):
            names = [s.sval for s in n.funcname or () if isinstance(s, ast.String)]
            if names:
                yield names[-1]


def warnings(statements: list[Any], sizes: dict[str, int], big: int, volatile: set[str]) -> list[dict[str, Any]]:
    """Lock and rewrite warnings for statements on tables of at least BIG rows (SIZES: name -> rows).

    VOLATILE: the names of volatile functions the base may call (its own and pg_catalog's).
    """
    out: list[dict[str, Any]] = []

    def warn(st: Any, table: str, what: str, lock: str, safe: str) -> None:
        out.append({"statement": st.index, "table": table, "rows": sizes[table], "warning": what, "lock": lock,
                    "safe_form": safe})

    for st in statements:
        node = st.node
        if isinstance(node, ast.IndexStmt):
            table = relation_name(node.relation)
            if table in sizes and sizes[table] >= big:
                warn(st, table, f"building index {node.idxname or ''} reads all of {table} while writes to it wait".replace("  ", " "),
                     "SHARE", "CREATE INDEX CONCURRENTLY (outside a transaction, so not through execute_sql: ask the "
                              "admin), or build it when writes can wait")
        elif isinstance(node, ast.AlterTableStmt):
            table = relation_name(node.relation)
            if table not in sizes or sizes[table] < big:
                continue
            for cmd in node.cmds or ():
                sub = _enum(cmd.subtype)
                if sub == "AT_AddColumn" and isinstance(cmd.def_, ast.ColumnDef):
                    for c in cmd.def_.constraints or ():
                        if _enum(c.contype) == "CONSTR_DEFAULT" and c.raw_expr is not None and \
                                any(f in volatile for f in _calls(c.raw_expr)):
                            warn(st, table, f"column {cmd.def_.colname} gets a volatile default: every row of {table} is "
                                 "rewritten", "ACCESS EXCLUSIVE",
                                 "add the column without a default (or with a constant one), set the default, then fill "
                                 "existing rows in batches of UPDATEs")
                        if _enum(c.contype) in ("CONSTR_PRIMARY", "CONSTR_UNIQUE"):
                            warn(st, table, f"column {cmd.def_.colname} gets a unique index built over {table}",
                                 "ACCESS EXCLUSIVE", "add the column, then the index when writes can wait")
                    if cmd.def_.identity in ("a", "d") or any(_enum(c.contype) == "CONSTR_IDENTITY"
                                                             for c in cmd.def_.constraints or ()):
                        warn(st, table, f"identity column {cmd.def_.colname}: every row of {table} is rewritten",
                             "ACCESS EXCLUSIVE", "add a nullable column and fill it in batches")
                elif sub == "AT_AlterColumnType":
                    warn(st, table, f"changing the type of {cmd.name} rewrites {table} and its indexes (unless the "
                         "types are binary compatible)", "ACCESS EXCLUSIVE",
                         "add a column of the new type, fill it in batches, then swap the columns")
                elif sub == "AT_SetNotNull":
                    warn(st, table, f"SET NOT NULL on {cmd.name} reads all of {table}", "ACCESS EXCLUSIVE",
                         f"add CHECK ({cmd.name} IS NOT NULL) NOT VALID, VALIDATE it in a later call, then SET NOT NULL "
                         "(PostgreSQL skips the scan when a valid CHECK proves it)")
                elif sub == "AT_AddConstraint" and isinstance(cmd.def_, ast.Constraint):
                    kind = _enum(cmd.def_.contype)
                    if kind in ("CONSTR_PRIMARY", "CONSTR_UNIQUE", "CONSTR_EXCLUSION"):
                        warn(st, table, f"adding a {kind.removeprefix('CONSTR_').lower()} constraint builds an index "
                             f"over {table}", "ACCESS EXCLUSIVE",
                             "build a unique index when writes can wait, then ADD CONSTRAINT ... USING INDEX")
                    elif kind in ("CONSTR_FOREIGN", "CONSTR_CHECK") and not cmd.def_.skip_validation:
                        warn(st, table, f"adding a {'foreign key' if kind == 'CONSTR_FOREIGN' else 'CHECK'} reads all "
                             f"of {table}", "SHARE ROW EXCLUSIVE" if kind == "CONSTR_FOREIGN" else "ACCESS EXCLUSIVE",
                             "ADD CONSTRAINT ... NOT VALID now, then ALTER TABLE ... VALIDATE CONSTRAINT in a later call")
                        out[-1]["constraint"] = cmd.def_
    return out


def make_not_valid(st: Any, table: str, constraint: ast.Constraint, taken: set[str]) -> str | None:
    """Rewrite ST's ADD CONSTRAINT as NOT VALID (naming it when unnamed); return its name, or None."""
    name = constraint.conname
    if not name:
        cols = [s.sval for s in (constraint.fk_attrs or constraint.keys or ()) if isinstance(s, ast.String)]
        if not cols:
            return None
        suffix = "fkey" if _enum(constraint.contype) == "CONSTR_FOREIGN" else "check"
        name = f"{table}_{'_'.join(cols)}_{suffix}"
        if len(name.encode("utf-8")) > 63:
            return None
        n = 1
        while name in taken:
            n += 1
            name = f"{table}_{'_'.join(cols)}_{suffix}{n}"
        constraint.conname = name
    constraint.skip_validation = True
    constraint.initially_valid = False
    st.sql = RawStream()(st.node)
    st.rewritten = True
    return name
