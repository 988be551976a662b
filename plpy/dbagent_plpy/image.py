"""Schema images: a base's objects as DDL that rebuilds them in another schema (issue 15).

An image is what snapshots, clones, dumps and the history of restores are made of. It is read
from pg_catalog with the search path set to the source schema, so PostgreSQL's own deparsing
functions (``pg_get_expr``, ``pg_get_viewdef``, ``pg_get_constraintdef``) name the schema's
objects unqualified; the few that always qualify (``pg_get_functiondef``'s header,
``pg_get_indexdef``, ``pg_get_triggerdef``) and the agent's own function bodies are
re-qualified token by token with the scanner (:func:`requalify`). Building an image runs each
statement through the parse wall and then as the target base's owner role, with the search path
of the target schema: the same walls as an agent's own SQL.

The statements come in two phases, like pg_dump's: ``pre`` (types, sequences, tables with their
columns, functions, views, in dependency order from pg_depend) before the rows are loaded, and
``post`` (defaults, constraints, indexes, triggers, policies, row level security, grants,
comments, sequence values) after, so that no trigger or constraint of the copy runs on the rows
being copied and foreign keys are added once every table holds its rows.

What dbagent itself maintains and names after the base (the ``dbagent_agent_all`` policy for the
base's owner role, the triggers calling agent_exec functions, dbagent_keeper's grants) is left
out: the data-model rules re-create it for the target base.

``dialect="agent"`` gives the statements an agent would send through execute_sql (system fields
and dbagent's objects left to the data-model rules): the history of a restore, replayable
through the walls.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from pglast import parser
from pglast.parser import ParseError

# Stands for the target schema in an image's statements until :func:`target` fills it in (the
# reserved prefix: no name of an agent's object can be it).
PLACEHOLDER = "dbagent_target_schema_7f3c"
SYSTEM_FIELDS = ("id", "created_at", "updated_at", "created_by", "updated_by")
# dbagent's objects the data-model rules re-create for the target base (see _model_fixes)
_RULE_TRIGGERS = re.compile(r"^dbagent_(system_fields|keep_\w+)$")
_RULE_POLICY = "dbagent_agent_all"
END_USER_ROLES = ("anon", "authenticated")

_PRIVILEGES = {
    "SELECT": "select", "INSERT": "insert", "UPDATE": "update", "DELETE": "delete", "REFERENCES": "references",
    "USAGE": "usage", "EXECUTE": "execute", "TRUNCATE": "truncate", "TRIGGER": "trigger",
}


class ImageError(Exception):
    def __init__(self, message: str, hint: str | None = None, sqlstate: str = "0A000") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.sqlstate = sqlstate


# ----------------------------------------------------------------------------------- tokens
def quote_ident(name: str) -> str:
    if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) and name not in _RESERVED:
        return name
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    if "\\" in value:
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
    return "'" + value.replace("'", "''") + "'"


# Keywords that must be quoted as identifiers (a safe superset is fine: quoting is harmless).
_RESERVED = frozenset({
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
    "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
    "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
    "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
    "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
    "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
    "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user",
    "using", "variadic", "when", "where", "window", "with", "authorization", "binary", "collation",
    "concurrently", "cross", "current_schema", "freeze", "full", "ilike", "inner", "is", "isnull", "join",
    "left", "like", "natural", "notnull", "outer", "overlaps", "right", "similar", "tablesample", "verbose",
    "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists",
    "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval", "least", "national",
    "nchar", "none", "normalize", "nullif", "numeric", "out", "overlay", "position", "precision", "real",
    "row", "setof", "smallint", "substring", "time", "timestamp", "treat", "trim", "values", "varchar",
    "xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse",
    "xmlpi", "xmlroot", "xmlserialize", "xmltable",
})


def _ident_value(token_text: str) -> str:
    if token_text.startswith('"'):
        return token_text[1:-1].replace('""', '"')
    return token_text.lower()


def _dollar_body(text: str) -> tuple[str, str, str] | None:
    """A dollar-quoted string as (opening tag, body, closing tag), else None."""
    m = re.fullmatch(r"(\$[A-Za-z_0-9]*\$)(.*)(\1)", text, re.S)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def requalify(sql: str, old: str, new: str, *, depth: int = 0) -> str:
    """SQL with every ``old.`` schema qualifier replaced by ``new.``, bodies included.

    Token-based: an identifier equal to OLD followed by a dot, inside the statement and inside
    dollar-quoted bodies (scanned again, one level down); a string literal that is exactly a
    qualified name (``'old.seq'`` for nextval or a regclass) too. Text that does not scan is
    returned unchanged.
    """
    try:
        tokens = parser.scan(sql)
    except ParseError:
        return sql
    out: list[str] = []
    pos = 0
    qnew = quote_ident(new)
    in_path = False  # inside "search_path = a, b" / "search_path TO 'a', 'b'" (a function's SET clause)
    for i, t in enumerate(tokens):
        text = sql[t.start:t.end + 1]
        repl = None
        if t.name == "IDENT" and text.lower() == "search_path" and i + 1 < len(tokens) \
                and tokens[i + 1].name in ("ASCII_61", "TO"):
            in_path = True
        elif in_path and t.name in ("ASCII_61", "TO", "ASCII_44"):
            pass
        elif in_path and t.name in ("IDENT", "SCONST"):
            value = _ident_value(text) if t.name == "IDENT" else text[1:-1].replace("''", "'")
            if value.startswith('"') and value.endswith('"'):
                value = value[1:-1]
            if value == old:
                repl = qnew if t.name == "IDENT" else quote_literal(new)
            continue_path = i + 1 < len(tokens) and tokens[i + 1].name == "ASCII_44"
            in_path = continue_path
        else:
            in_path = False
        if repl is not None:
            pass
        elif t.name == "IDENT" and _ident_value(text) == old and i + 1 < len(tokens) and tokens[i + 1].name == "ASCII_46":
            repl = qnew
        elif t.name == "SCONST":
            body = _dollar_body(text)
            if body is not None and depth < 2:
                inner = requalify(body[1], old, new, depth=depth + 1)
                if inner != body[1]:
                    repl = body[0] + inner + body[2]
            elif body is None and _names_relation(tokens, i, sql):
                m = re.fullmatch(r"'(\"?)([^'\".]+)\1\.([^']+)'", text)
                if m and (m.group(2) if m.group(1) else m.group(2).lower()) == old:
                    repl = quote_literal(new + "." + m.group(3)) if not m.group(1) else \
                        quote_literal(quote_ident(new) + "." + m.group(3))
        if repl is not None:
            out.append(sql[pos:t.start])
            out.append(repl)
            pos = t.end + 1
    out.append(sql[pos:])
    return "".join(out)


def _names_relation(tokens: Any, i: int, sql: str) -> bool:
    """Whether string literal I names a relation: nextval('s'), currval, setval, or 'x'::regclass."""
    if i >= 2 and tokens[i - 1].name == "ASCII_40" and tokens[i - 2].name == "IDENT" and \
            sql[tokens[i - 2].start:tokens[i - 2].end + 1].lower() in ("nextval", "currval", "setval"):
        return True
    return i + 2 < len(tokens) and tokens[i + 1].name == "TYPECAST" and tokens[i + 2].name == "IDENT" and \
        sql[tokens[i + 2].start:tokens[i + 2].end + 1].lower() == "regclass"


def set_search_path_clause(sql: str, old: str, new: str) -> str:
    """pg_get_functiondef's ``SET search_path TO 'old', 'pg_temp'`` with OLD renamed to NEW."""
    def fix(m: re.Match[str]) -> str:
        parts = [p.strip() for p in m.group(2).split(",")]
        fixed = []
        for p in parts:
            v = p[1:-1].replace("''", "'") if p.startswith("'") else p
            bare = v[1:-1] if v.startswith('"') else v
            fixed.append(quote_literal(new) if bare == old else p)
        return m.group(1) + ", ".join(fixed)

    return re.sub(r"(\n SET search_path TO )([^\n]*)", fix, sql)


# ----------------------------------------------------------------------------------- catalog
class _Catalog:
    """Queries over one schema's catalog rows (through plpy)."""

    def __init__(self, plpy: Any) -> None:
        self.plpy = plpy

    def rows(self, query: str, types: list[str] | None = None, args: list[Any] | None = None) -> list[dict[str, Any]]:
        plan = self.plpy.prepare(query, types or [])
        return [dict(r) for r in self.plpy.execute(plan, args or [])]


_Q_NS = "select n.oid::int8 as oid from pg_catalog.pg_namespace n where n.nspname = $1"

_Q_RELS = """
    select c.oid::int8 as oid, c.relname::text as name, c.relkind::text as kind, c.relpersistence::text as persistence,
           c.reloptions, c.relrowsecurity as rls, c.relforcerowsecurity as force_rls,
           pg_catalog.obj_description(c.oid, 'pg_class') as comment,
           (select d.refobjid::int8 from pg_catalog.pg_depend d
            where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid
              and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.deptype in ('a', 'i')
            limit 1) as owned_by_rel,
           (select d.refobjsubid from pg_catalog.pg_depend d
            where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid
              and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.deptype in ('a', 'i')
            limit 1) as owned_by_col,
           (select d.deptype::text from pg_catalog.pg_depend d
            where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid
              and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.deptype in ('a', 'i')
            limit 1) as owned_deptype,
           case when c.relkind = 'v' then pg_catalog.pg_get_viewdef(c.oid, true) end as viewdef
    from pg_catalog.pg_class c
    where c.oid = any(agent._schema_objects($1::oid, 'pg_catalog.pg_class')) and c.relnamespace = $1::oid
      and c.relkind in ('r', 'p', 'S', 'v', 'c')
    order by c.oid
"""

_Q_COLUMNS = """
    select a.attrelid::int8 as rel, a.attnum as num, a.attname::text as name,
           pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
           a.attidentity::text as identity, a.attgenerated::text as generated,
           case when a.attcollation <> 0 and a.attcollation <> t.typcollation then
               (select case when cn.nspname = 'pg_catalog' then pg_catalog.quote_ident(co.collname)
                            else pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname) end
                from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
                where co.oid = a.attcollation) end as collation,
           pg_catalog.pg_get_expr(d.adbin, d.adrelid) as expr,
           pg_catalog.col_description(a.attrelid, a.attnum) as comment,
           a.attacl::text[] as acl,
           (select s.seqrelid::int8 from pg_catalog.pg_depend dd join pg_catalog.pg_sequence s on s.seqrelid = dd.objid
            where dd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and dd.refobjid = a.attrelid
              and dd.refobjsubid = a.attnum and dd.deptype = 'i'
              and dd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass limit 1) as identity_seq
    from pg_catalog.pg_attribute a
    join pg_catalog.pg_type t on t.oid = a.atttypid
    left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = any($1::oid[]) and a.attnum > 0 and not a.attisdropped
    order by a.attrelid, a.attnum
"""

_Q_SEQS = """
    select s.seqrelid::int8 as oid, c.relname::text as name, pg_catalog.format_type(s.seqtypid, null) as type,
           s.seqstart::text as start, s.seqincrement::text as increment, s.seqmax::text as max,
           s.seqmin::text as min, s.seqcache::text as cache, s.seqcycle as cycle
    from pg_catalog.pg_sequence s join pg_catalog.pg_class c on c.oid = s.seqrelid
    where s.seqrelid = any($1::oid[])
"""

_Q_TYPES = """
    select t.oid::int8 as oid, t.typname::text as name, t.typtype::text as kind,
           pg_catalog.format_type(t.typbasetype, t.typtypmod) as base_type, t.typnotnull as not_null,
           t.typdefault as default_expr,
           case when t.typcollation <> 0 and t.typtype = 'd'
                     and t.typcollation <> (select b.typcollation from pg_catalog.pg_type b where b.oid = t.typbasetype) then
               (select pg_catalog.quote_ident(co.collname) from pg_catalog.pg_collation co where co.oid = t.typcollation) end
               as collation,
           (select pg_catalog.array_agg(e.enumlabel::text order by e.enumsortorder) from pg_catalog.pg_enum e
            where e.enumtypid = t.oid) as labels,
           (select pg_catalog.format_type(r.rngsubtype, null) from pg_catalog.pg_range r where r.rngtypid = t.oid) as subtype,
           (select case when r.rngsubdiff <> 0 then r.rngsubdiff::pg_catalog.regproc::text end
            from pg_catalog.pg_range r where r.rngtypid = t.oid) as subtype_diff,
           (select m.typname::text from pg_catalog.pg_range r join pg_catalog.pg_type m on m.oid = r.rngmultitypid
            where r.rngtypid = t.oid) as multirange,
           pg_catalog.obj_description(t.oid, 'pg_type') as comment,
           t.typacl::text[] as acl
    from pg_catalog.pg_type t
    where t.oid = any(agent._schema_objects($1::oid, 'pg_catalog.pg_type')) and t.typnamespace = $1::oid
      and t.typtype in ('e', 'd', 'r')
    order by t.oid
"""

_Q_DOMAIN_CONSTRAINTS = """
    select k.contypid::int8 as type, k.conname::text as name, pg_catalog.pg_get_constraintdef(k.oid) as def
    from pg_catalog.pg_constraint k where k.contypid = any($1::oid[]) order by k.oid
"""

_Q_PROCS = """
    select p.oid::int8 as oid, p.proname::text as name, p.prokind::text as kind,
           pg_catalog.pg_get_function_identity_arguments(p.oid) as args,
           pg_catalog.pg_get_functiondef(p.oid) as def,
           pg_catalog.obj_description(p.oid, 'pg_proc') as comment, p.proacl::text[] as acl
    from pg_catalog.pg_proc p
    where p.oid = any(agent._schema_objects($1::oid, 'pg_catalog.pg_proc')) and p.pronamespace = $1::oid
      and p.prokind in ('f', 'p')
    order by p.oid
"""

_Q_CONSTRAINTS = """
    select k.oid::int8 as oid, k.conrelid::int8 as rel, k.conname::text as name, k.contype::text as type,
           pg_catalog.pg_get_constraintdef(k.oid) as def, k.confrelid::int8 as ref,
           pg_catalog.obj_description(k.oid, 'pg_constraint') as comment,
           (select pg_catalog.array_agg(a.attname::text order by u.i)
            from pg_catalog.unnest(k.conkey) with ordinality u(n, i)
            join pg_catalog.pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n) as columns
    from pg_catalog.pg_constraint k
    where k.conrelid = any($1::oid[]) and k.contype in ('p', 'u', 'x', 'c', 'f')
    order by k.oid
"""

_Q_INDEXES = """
    select i.indexrelid::int8 as oid, i.indrelid::int8 as rel, c.relname::text as name,
           pg_catalog.pg_get_indexdef(i.indexrelid) as def,
           pg_catalog.obj_description(i.indexrelid, 'pg_class') as comment,
           (select pg_catalog.array_agg(a.attname::text) from pg_catalog.pg_attribute a
            where a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])) as columns
    from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid
    where i.indrelid = any($1::oid[])
      and not exists (select from pg_catalog.pg_constraint k where k.conindid = i.indexrelid
                      and k.conrelid = i.indrelid and k.contype in ('p', 'u', 'x'))
    order by i.indexrelid
"""

_Q_TRIGGERS = """
    select g.oid::int8 as oid, g.tgrelid::int8 as rel, g.tgname::text as name, pg_catalog.pg_get_triggerdef(g.oid) as def,
           g.tgenabled::text as enabled, pg_catalog.obj_description(g.oid, 'pg_trigger') as comment
    from pg_catalog.pg_trigger g where g.tgrelid = any($1::oid[]) and not g.tgisinternal
    order by g.oid
"""

_Q_POLICIES = """
    select p.oid::int8 as oid, p.polrelid::int8 as rel, p.polname::text as name, p.polpermissive as permissive,
           p.polcmd::text as cmd,
           case when p.polroles = '{0}' then array['public']
                else (select pg_catalog.array_agg(r.rolname::text order by r.rolname) from pg_catalog.pg_roles r
                      where r.oid = any(p.polroles) and r.rolname !~ '^dbagent_u_') end as roles,  -- the base's end-user role mirrors authenticated
           pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using_expr,
           pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as check_expr,
           pg_catalog.obj_description(p.oid, 'pg_policy') as comment
    from pg_catalog.pg_policy p where p.polrelid = any($1::oid[])
    order by p.oid
"""

_Q_RELACL = """
    select c.oid::int8 as oid, a.grantee::int8 as grantee,
           coalesce((select r.rolname::text from pg_catalog.pg_roles r where r.oid = a.grantee), 'public') as role,
           a.privilege_type::text as privilege
    from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
    where c.oid = any($1::oid[]) and a.grantee <> c.relowner
"""

_Q_PROCACL = """
    select p.oid::int8 as oid,
           coalesce((select r.rolname::text from pg_catalog.pg_roles r where r.oid = a.grantee), 'public') as role,
           a.privilege_type::text as privilege
    from pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a
    where p.oid = any($1::oid[]) and a.grantee <> p.proowner
"""

_Q_TYPEACL = """
    select t.oid::int8 as oid,
           coalesce((select r.rolname::text from pg_catalog.pg_roles r where r.oid = a.grantee), 'public') as role,
           a.privilege_type::text as privilege
    from pg_catalog.pg_type t, pg_catalog.aclexplode(t.typacl) a
    where t.oid = any($1::oid[]) and a.grantee <> t.typowner
"""

_Q_COLACL = """
    select a.attrelid::int8 as rel, a.attname::text as col,
           coalesce((select r.rolname::text from pg_catalog.pg_roles r where r.oid = x.grantee), 'public') as role,
           x.privilege_type::text as privilege
    from pg_catalog.pg_attribute a, pg_catalog.aclexplode(a.attacl) x
    where a.attrelid = any($1::oid[]) and a.attacl is not null and a.attnum > 0 and not a.attisdropped
    order by a.attrelid, a.attnum
"""

_Q_DEFACL = """
    select d.defaclobjtype::text as objtype,
           coalesce((select r.rolname::text from pg_catalog.pg_roles r where r.oid = a.grantee), 'public') as role,
           a.privilege_type::text as privilege
    from pg_catalog.pg_default_acl d, pg_catalog.aclexplode(d.defaclacl) a
    where d.defaclnamespace = $1::oid
"""

_Q_STATS = """
    select s.oid::int8 as oid, s.stxname::text as name, s.stxrelid::int8 as rel,
           pg_catalog.pg_get_statisticsobjdef(s.oid) as def
    from pg_catalog.pg_statistic_ext s where s.stxrelid = any($1::oid[]) order by s.oid
"""

# Normal dependencies between the schema's objects, as (object, referenced object) pairs of
# pg_class/pg_type/pg_proc oids; a column default or a view's rewrite rule stands for its table.
_Q_DEPS = """
    with objs as (select pg_catalog.unnest($1::oid[]) as oid)
    select case d.classid
               when 'pg_catalog.pg_rewrite'::pg_catalog.regclass then
                   (select w.ev_class from pg_catalog.pg_rewrite w where w.oid = d.objid)
               when 'pg_catalog.pg_attrdef'::pg_catalog.regclass then
                   (select ad.adrelid from pg_catalog.pg_attrdef ad
                    join pg_catalog.pg_attribute a on a.attrelid = ad.adrelid and a.attnum = ad.adnum
                    where ad.oid = d.objid and a.attgenerated <> '')
               else d.objid end::int8 as obj,
           case when d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass then
                   coalesce((select nullif(t.typrelid, 0) from pg_catalog.pg_type t where t.oid = d.refobjid),
                            (select coalesce(nullif(e.typrelid, 0), e.oid) from pg_catalog.pg_type t
                             join pg_catalog.pg_type e on e.oid = t.typelem
                             where t.oid = d.refobjid and t.typcategory = 'A'),
                            d.refobjid)
                else d.refobjid end::int8 as ref
    from pg_catalog.pg_depend d
    where d.deptype = 'n'
      and d.classid in ('pg_catalog.pg_class'::pg_catalog.regclass, 'pg_catalog.pg_type'::pg_catalog.regclass,
                        'pg_catalog.pg_proc'::pg_catalog.regclass, 'pg_catalog.pg_rewrite'::pg_catalog.regclass,
                        'pg_catalog.pg_attrdef'::pg_catalog.regclass)
      and d.refclassid in ('pg_catalog.pg_class'::pg_catalog.regclass, 'pg_catalog.pg_type'::pg_catalog.regclass,
                           'pg_catalog.pg_proc'::pg_catalog.regclass)
"""


def _grants(entries: Iterable[dict[str, Any]], what: str, include_public: bool = True) -> list[str]:
    """GRANT statements for the end-user roles (and PUBLIC) in ACL entries of one object."""
    by_role: dict[str, list[str]] = {}
    for e in entries:
        role = e["role"]
        if role not in END_USER_ROLES and not (include_public and role == "public"):
            continue
        priv = _PRIVILEGES.get(e["privilege"])
        if priv and priv not in by_role.setdefault(role, []):
            by_role[role].append(priv)
    out = []
    for role in sorted(by_role):
        grantee = "public" if role == "public" else quote_ident(role)
        out.append(f"grant {', '.join(sorted(by_role[role]))} on {what} to {grantee}")
    return out


def capture(plpy: Any, schema: str, *, tables: Iterable[str] | None = None, dialect: str = "exact") -> dict[str, Any]:
    """The image of SCHEMA: ``pre`` and ``post`` DDL, the tables' columns, the sequences' values.

    With TABLES, only those tables and what hangs off them (constraints, indexes, triggers,
    policies, grants, comments, owned sequences). DIALECT "agent" leaves out what the
    data-model rules make (system fields, dbagent's own objects, RLS flags).
    """
    cat = _Catalog(plpy)
    saved_path = plpy.execute("select pg_catalog.current_setting('search_path') as p")[0]["p"]
    plpy.execute(plpy.prepare("select pg_catalog.set_config('search_path', $1, true)", ["text"]),
                 [quote_ident(schema)])
    try:
        return _capture(cat, schema, set(tables) if tables is not None else None, dialect)
    finally:
        plpy.execute(plpy.prepare("select pg_catalog.set_config('search_path', $1, true)", ["text"]), [saved_path])


def _capture(cat: _Catalog, schema: str, only: set[str] | None, dialect: str) -> dict[str, Any]:
    agent = dialect == "agent"
    ns_rows = cat.rows(_Q_NS, ["text"], [schema])
    if not ns_rows:
        raise ImageError(f'schema "{schema}" does not exist', sqlstate="3F000")
    ns = ns_rows[0]["oid"]
    rels = cat.rows(_Q_RELS, ["int8"], [ns])
    rel_by_oid = {r["oid"]: r for r in rels}
    tables = [r for r in rels if r["kind"] in ("r", "p") and (only is None or r["name"] in only)]
    if only is not None:
        missing = only - {t["name"] for t in tables}
        if missing:
            raise ImageError(f'table "{sorted(missing)[0]}" does not exist in schema "{schema}"', sqlstate="42P01")
    table_oids = {t["oid"] for t in tables}
    seqs_all = [r for r in rels if r["kind"] == "S"]
    # identity sequences are made by their column; serial ones are created, then owned
    seqs = [s for s in seqs_all if s["owned_deptype"] != "i"
            and (only is None or s["owned_by_rel"] in table_oids)]
    views = [r for r in rels if r["kind"] == "v"] if only is None else []
    composites = [r for r in rels if r["kind"] == "c"] if only is None else []
    types = cat.rows(_Q_TYPES, ["int8"], [ns]) if only is None else []
    procs = cat.rows(_Q_PROCS, ["int8"], [ns]) if only is None else []

    col_rels = [t["oid"] for t in tables] + [c["oid"] for c in composites] + [v["oid"] for v in views]
    columns: dict[int, list[dict[str, Any]]] = {}
    for c in cat.rows(_Q_COLUMNS, ["int8[]"], [col_rels]):
        columns.setdefault(c["rel"], []).append(c)
    seq_info = {s["oid"]: s for s in cat.rows(_Q_SEQS, ["int8[]"], [[s["oid"] for s in seqs_all]])}

    pre_items: dict[int, list[str]] = {}
    kind_rank: dict[int, int] = {}
    post: list[str] = []
    comments: list[str] = []
    grants: list[str] = []

    # ---- types
    domain_oids = []
    for t in types:
        q = quote_ident(t["name"])
        if t["kind"] == "e":
            labels = ", ".join(quote_literal(x) for x in (t["labels"] or []))
            pre_items[t["oid"]] = [f"create type {q} as enum ({labels})"]
        elif t["kind"] == "d":
            domain_oids.append(t["oid"])
            sql = f"create domain {q} as {t['base_type']}"
            if t["collation"]:
                sql += f" collate {t['collation']}"
            if t["default_expr"] is not None:
                sql += f" default {t['default_expr']}"
            if t["not_null"]:
                sql += " not null"
            pre_items[t["oid"]] = [sql]
        elif t["kind"] == "r":
            opts = [f"subtype = {t['subtype']}"]
            if t["subtype_diff"]:
                opts.append(f"subtype_diff = {t['subtype_diff']}")
            if t["multirange"]:
                opts.append(f"multirange_type_name = {quote_ident(t['multirange'])}")
            pre_items[t["oid"]] = [f"create type {q} as range ({', '.join(opts)})"]
        kind_rank[t["oid"]] = 0
        if t["comment"] is not None:
            comments.append(f"comment on {'domain' if t['kind'] == 'd' else 'type'} {q} is {quote_literal(t['comment'])}")
    if domain_oids:
        for k in cat.rows(_Q_DOMAIN_CONSTRAINTS, ["int8[]"], [domain_oids]):
            name = next(t["name"] for t in types if t["oid"] == k["type"])
            if k["def"].startswith("NOT NULL"):
                continue
            post.append(f"alter domain {quote_ident(name)} add constraint {quote_ident(k['name'])} {k['def']}")
    for c in composites:
        cols = ", ".join(f"{quote_ident(a['name'])} {a['type']}" + (f" collate {a['collation']}" if a["collation"] else "")
                         for a in columns.get(c["oid"], []))
        pre_items[c["oid"]] = [f"create type {quote_ident(c['name'])} as ({cols})"]
        kind_rank[c["oid"]] = 0
        if c["comment"] is not None:
            comments.append(f"comment on type {quote_ident(c['name'])} is {quote_literal(c['comment'])}")

    # ---- sequences (standalone and serial; identity ones come with their column)
    setvals: list[dict[str, Any]] = []
    for s in seqs:
        info = seq_info[s["oid"]]
        q = quote_ident(s["name"])
        pre_items[s["oid"]] = [
            f"create sequence {q} as {info['type']} increment by {info['increment']} minvalue {info['min']} "
            f"maxvalue {info['max']} start with {info['start']} cache {info['cache']}"
            + (" cycle" if info["cycle"] else "")
        ]
        kind_rank[s["oid"]] = 1
        setvals.append({"name": s["name"], "oid": s["oid"]})
        if s["owned_by_rel"] in rel_by_oid and s["owned_deptype"] == "a":
            owner = rel_by_oid[s["owned_by_rel"]]
            col = next((a["name"] for a in columns.get(owner["oid"], []) if a["num"] == s["owned_by_col"]), None)
            if col is not None:
                post.append(f"alter sequence {q} owned by {quote_ident(owner['name'])}.{quote_ident(col)}")
        if s["comment"] is not None:
            comments.append(f"comment on sequence {q} is {quote_literal(s['comment'])}")

    # ---- tables
    toids = [t["oid"] for t in tables]
    name_of = {t["oid"]: t["name"] for t in tables}
    cons = cat.rows(_Q_CONSTRAINTS, ["int8[]"], [toids]) if toids else []
    inline: dict[int, list[dict[str, Any]]] = {}  # agent dialect: keys and CHECKs inside CREATE TABLE
    table_meta = []
    for t in tables:
        q = quote_ident(t["name"])
        cols = columns.get(t["oid"], [])
        names = [a["name"] for a in cols]
        has_system = all(f in names for f in SYSTEM_FIELDS)
        defs = []
        trailing = []  # agent dialect: user columns after the system fields, added by ALTER TABLE
        sys_end = max((a["num"] for a in cols if a["name"] in SYSTEM_FIELDS[1:]), default=0)
        for a in cols:
            if agent and has_system and a["name"] in SYSTEM_FIELDS:
                continue
            d = f"{quote_ident(a['name'])} {a['type']}"
            if a["collation"]:
                d += f" collate {a['collation']}"
            if a["identity"] in ("a", "d"):
                info = seq_info.get(a["identity_seq"])
                d += " generated " + ("always" if a["identity"] == "a" else "by default") + " as identity"
                if info:
                    seqname = rel_by_oid[a["identity_seq"]]["name"] if a["identity_seq"] in rel_by_oid else None
                    opts = []
                    if seqname:
                        opts.append(f"sequence name {quote_ident(seqname)}")
                    opts += [f"increment by {info['increment']}", f"minvalue {info['min']}", f"maxvalue {info['max']}",
                             f"start with {info['start']}", f"cache {info['cache']}"]
                    if info["cycle"]:
                        opts.append("cycle")
                    d += " (" + " ".join(opts) + ")"
                    setvals.append({"name": seqname, "oid": a["identity_seq"]})
            if a["generated"] == "s":
                d += f" generated always as ({a['expr']}) stored"
            if a["not_null"]:
                d += " not null"
            if agent and a["generated"] != "s" and a["expr"] is not None:
                d += f" default {a['expr']}"
            if agent and has_system and a["num"] > sys_end:
                trailing.append(d)
            else:
                defs.append(d)
            if not agent and a["generated"] != "s" and a["expr"] is not None and a["identity"] == "":
                post.append(f"alter table {q} alter column {quote_ident(a['name'])} set default {a['expr']}")
            if a["comment"] is not None:
                comments.append(f"comment on column {q}.{quote_ident(a['name'])} is {quote_literal(a['comment'])}")
        if agent:
            leading = {a["name"] for a in cols if not (has_system and a["num"] > sys_end)}
            for k in cons:
                if (k["rel"] == t["oid"] and k["type"] in ("p", "u", "x", "c") and not k["name"].startswith("dbagent_")
                        and set(k["columns"] or ()) <= leading):
                    inline.setdefault(t["oid"], []).append(k)
                    defs.append(f"constraint {quote_ident(k['name'])} {k['def']}")
        sql = ("create unlogged table " if t["persistence"] == "u" else "create table ") + f"{q} ({', '.join(defs)})"
        if t["reloptions"]:
            sql += f" with ({', '.join(t['reloptions'])})"
        stmts = [sql] + [f"alter table {q} add column {d}" for d in trailing]
        pre_items[t["oid"]] = stmts
        kind_rank[t["oid"]] = 2
        table_meta.append({
            "name": t["name"],
            "columns": names,
            "insert_columns": [a["name"] for a in cols if a["generated"] != "s"],
            "identity_always": any(a["identity"] == "a" for a in cols),
        })
        if not agent:
            if t["rls"]:
                post.append(f"alter table {q} enable row level security")
            if t["force_rls"]:
                post.append(f"alter table {q} force row level security")
        if t["comment"] is not None:
            comments.append(f"comment on table {q} is {quote_literal(t['comment'])}")

    # ---- functions (bodies are not checked at creation: tables may come later)
    for p in procs:
        sql = requalify(set_search_path_clause(p["def"].rstrip(), schema, PLACEHOLDER), schema, PLACEHOLDER)
        pre_items[p["oid"]] = [sql]
        kind_rank[p["oid"]] = 3
        what = f"{'procedure' if p['kind'] == 'p' else 'function'} {quote_ident(p['name'])}({p['args']})"
        if p["comment"] is not None:
            comments.append(f"comment on {what} is {quote_literal(p['comment'])}")
    # ---- views
    for v in views:
        opts = [o for o in (v["reloptions"] or [])]
        sql = f"create view {quote_ident(v['name'])}"
        if opts:
            sql += f" with ({', '.join(opts)})"
        sql += f" as {v['viewdef'].strip().rstrip(';')}"
        pre_items[v["oid"]] = [sql]
        kind_rank[v["oid"]] = 4
        if v["comment"] is not None:
            comments.append(f"comment on view {quote_ident(v['name'])} is {quote_literal(v['comment'])}")
        for a in columns.get(v["oid"], []):
            if a["comment"] is not None:
                comments.append(f"comment on column {quote_ident(v['name'])}.{quote_ident(a['name'])} is "
                                f"{quote_literal(a['comment'])}")

    # ---- dependency order of the pre phase
    order = _topo_order(pre_items, kind_rank, cat.rows(_Q_DEPS, ["int8[]"], [list(pre_items)]), rel_by_oid, procs, types)
    pre = [s for oid in order for s in pre_items[oid]]

    # ---- post: constraints, indexes, triggers, policies
    rank = {"p": 0, "u": 1, "x": 2, "c": 3, "f": 4}
    inlined = {k["oid"] for ks in inline.values() for k in ks}
    for k in sorted(cons, key=lambda k: (rank[k["type"]], k["oid"])):
        if agent and (k["name"].startswith("dbagent_") or k["oid"] in inlined):
            continue
        qt = quote_ident(name_of[k["rel"]])
        post.append(f"alter table {qt} add constraint {quote_ident(k['name'])} {k['def']}")
        if k["comment"] is not None:
            comments.append(f"comment on constraint {quote_ident(k['name'])} on {qt} is {quote_literal(k['comment'])}")
    for i in cat.rows(_Q_INDEXES, ["int8[]"], [toids]) if toids else []:
        if agent and i["name"].startswith("dbagent_"):
            continue
        post.append(requalify(i["def"], schema, PLACEHOLDER))
        if i["comment"] is not None:
            comments.append(f"comment on index {quote_ident(i['name'])} is {quote_literal(i['comment'])}")
    for s in cat.rows(_Q_STATS, ["int8[]"], [toids]) if toids else []:
        post.append(requalify(s["def"], schema, PLACEHOLDER))
    for g in cat.rows(_Q_TRIGGERS, ["int8[]"], [toids]) if toids else []:
        if _RULE_TRIGGERS.match(g["name"]):
            continue
        qt = quote_ident(name_of[g["rel"]])
        post.append(requalify(g["def"], schema, PLACEHOLDER))
        if g["enabled"] == "D":
            post.append(f"alter table {qt} disable trigger {quote_ident(g['name'])}")
        if g["comment"] is not None:
            comments.append(f"comment on trigger {quote_ident(g['name'])} on {qt} is {quote_literal(g['comment'])}")
    cmds = {"r": "select", "a": "insert", "w": "update", "d": "delete", "*": "all"}
    for p in cat.rows(_Q_POLICIES, ["int8[]"], [toids]) if toids else []:
        if p["name"] == _RULE_POLICY or any(r not in (*END_USER_ROLES, "public") for r in p["roles"]):
            continue  # the base owner's policy: the data-model rules make it for the target's owner
        if agent and p["name"].startswith("dbagent_"):
            continue
        qt = quote_ident(name_of[p["rel"]])
        sql = (f"create policy {quote_ident(p['name'])} on {qt} as {'permissive' if p['permissive'] else 'restrictive'} "
               f"for {cmds[p['cmd']]} to {', '.join('public' if r == 'public' else quote_ident(r) for r in p['roles'])}")
        if p["using_expr"] is not None:
            sql += f" using ({p['using_expr']})"
        if p["check_expr"] is not None:
            sql += f" with check ({p['check_expr']})"
        post.append(sql)
        if p["comment"] is not None:
            comments.append(f"comment on policy {quote_ident(p['name'])} on {qt} is {quote_literal(p['comment'])}")

    # ---- grants to the end-user roles
    acl_rels = toids + [s["oid"] for s in seqs] + [v["oid"] for v in views]
    rel_acl: dict[int, list[dict[str, Any]]] = {}
    for e in cat.rows(_Q_RELACL, ["int8[]"], [acl_rels]) if acl_rels else []:
        rel_acl.setdefault(e["oid"], []).append(e)
    for oid in acl_rels:
        r = rel_by_oid[oid]
        what = ("sequence " if r["kind"] == "S" else "") + quote_ident(r["name"])
        grants += _grants(rel_acl.get(oid, []), what)
    for (rel, col), entries in _group(cat.rows(_Q_COLACL, ["int8[]"], [toids]) if toids else [], ("rel", "col")).items():
        for g in _grants(entries, quote_ident(name_of[rel])):
            privs, rest = g[len("grant "):].split(" on ", 1)
            grants.append(f"grant {privs} ({quote_ident(col)}) on {rest}")
    if procs:
        proc_acl = _group(cat.rows(_Q_PROCACL, ["int8[]"], [[p["oid"] for p in procs]]), ("oid",))
        for p in procs:
            entries = proc_acl.get((p["oid"],), [])
            what = f"{'procedure' if p['kind'] == 'p' else 'function'} {quote_ident(p['name'])}({p['args']})"
            if p["acl"] is not None and not any(e["role"] == "public" for e in entries):
                grants.append(f"revoke execute on {what} from public")
            grants += _grants(entries, what, include_public=False)
    if types:
        type_acl = _group(cat.rows(_Q_TYPEACL, ["int8[]"], [[t["oid"] for t in types]]), ("oid",))
        for t in types:
            entries = type_acl.get((t["oid"],), [])
            what = f"{'domain' if t['kind'] == 'd' else 'type'} {quote_ident(t['name'])}"
            if t["acl"] is not None and not any(e["role"] == "public" for e in entries):
                grants.append(f"revoke usage on {what} from public")
            grants += _grants(entries, what, include_public=False)
    default_privileges = []
    if only is None:
        objtypes = {"r": "tables", "S": "sequences", "f": "functions", "T": "types"}
        for (objtype, role), entries in _group(cat.rows(_Q_DEFACL, ["int8"], [ns]), ("objtype", "role")).items():
            if role not in END_USER_ROLES or objtype not in objtypes:
                continue
            privs = sorted({_PRIVILEGES[e["privilege"]] for e in entries if e["privilege"] in _PRIVILEGES})
            default_privileges.append({"objects": objtypes[objtype], "privileges": privs, "grantee": role})

    return {
        "version": 1,
        "dialect": dialect,
        "source_schema": schema,
        "pre": pre,
        "post": post + grants + comments,
        "tables": table_meta,
        "sequences": setvals,
        "default_privileges": default_privileges,
    }


def _group(rows: Iterable[dict[str, Any]], keys: tuple[str, ...]) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
    out: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(tuple(r[k] for k in keys), []).append(r)
    return out


def _topo_order(items: dict[int, list[str]], rank: dict[int, int], deps: list[dict[str, Any]],
                rels: dict[int, dict[str, Any]], procs: list[dict[str, Any]], types: list[dict[str, Any]]) -> list[int]:
    """The objects in an order where each comes after what it depends on (ties: kind, then oid)."""
    import heapq

    edges: dict[int, set[int]] = {o: set() for o in items}
    for d in deps:
        o, r = d["obj"], d["ref"]
        if o in items and r in items and o != r:
            edges[o].add(r)
    indegree = {o: len(refs) for o, refs in edges.items()}
    users: dict[int, list[int]] = {o: [] for o in items}
    for o, refs in edges.items():
        for r in refs:
            users[r].append(o)
    ready = [(rank[o], o) for o, n in indegree.items() if n == 0]
    heapq.heapify(ready)
    out = []
    while ready:
        _, o = heapq.heappop(ready)
        out.append(o)
        for u in users[o]:
            indegree[u] -= 1
            if indegree[u] == 0:
                heapq.heappush(ready, (rank[u], u))
    if len(out) != len(items):
        stuck = sorted(set(items) - set(out))
        names = []
        for o in stuck[:5]:
            if o in rels:
                names.append(rels[o]["name"])
            else:
                names.extend(p["name"] for p in procs if p["oid"] == o)
                names.extend(t["name"] for t in types if t["oid"] == o)
        raise ImageError("the schema's objects depend on each other in a circle: " + ", ".join(names),
                         hint="Break the cycle (e.g. a column default calling a function that returns the "
                              "table's rows) and try again.")
    return out


def target(statements: Iterable[str], schema: str) -> list[str]:
    """An image's statements for target SCHEMA (the placeholder of requalified names filled in)."""
    return [s.replace(quote_literal(PLACEHOLDER), quote_literal(schema)).replace(PLACEHOLDER, quote_ident(schema))
            for s in statements]


def default_privilege_statements(image: dict[str, Any], schema: str) -> list[str]:
    out = []
    for d in image.get("default_privileges") or ():
        out.append(f"alter default privileges in schema {quote_ident(schema)} grant {', '.join(d['privileges'])} "
                   f"on {d['objects']} to {quote_ident(d['grantee'])}")
    return out


def dumps(image: dict[str, Any]) -> str:
    return json.dumps(image, separators=(",", ":"))
