"""The built-in allow-list, checked against a snapshot of PostgreSQL 15's pg_catalog (no server)."""

from __future__ import annotations

import pytest

from dbagent_plpy import builtins as b
from dbagent_plpy.pg15_functions import PG15_FUNCTION_NAMES, PG15_SIGNATURES, PG15_TS_CONFIGS, PG15_TYPE_NAMES

# Functions the brief and DESIGN.md name as dangerous: every one must be refused.
KNOWN_DANGEROUS = [
    "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "lo_import", "lo_export",
    "lo_open", "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_advisory_lock",
    "pg_advisory_lock_shared", "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared",
    "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_advisory_unlock_all",
    "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_try_advisory_xact_lock",
    "pg_try_advisory_xact_lock_shared", "set_config", "current_setting", "pg_filenode_relation",
    "pg_get_viewdef", "pg_get_functiondef", "pg_get_triggerdef", "pg_get_indexdef",
    "has_table_privilege", "has_schema_privilege", "pg_has_role", "pg_stat_get_activity",
    "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
    "query_to_xml", "table_to_xml", "schema_to_xml", "database_to_xml", "cursor_to_xml", "ts_stat",
    "pg_notify", "to_regclass", "pg_relation_filepath", "pg_current_logfile", "pg_ls_logdir",
    "pg_ls_waldir", "pg_switch_wal", "pg_create_restore_point", "pg_logical_emit_message",
    "pg_import_system_collations", "obj_description", "col_description", "format_type", "version",
    "inet_server_addr", "txid_current", "ts_rewrite", "setseed", "pg_backend_pid", "current_query",
    "regclass", "regclassin", "textin", "lo_get", "lo_put", "lo_from_bytea", "loread", "lowrite",
]
# Not in PostgreSQL 15 (extensions or later versions), refused all the same.
KNOWN_DANGEROUS_ELSEWHERE = ["dblink", "dblink_exec", "dblink_connect", "pg_input_is_valid", "pg_input_error_info"]

TYPICAL = {
    "math": ["abs", "round", "trunc", "ceil", "floor", "power", "sqrt", "mod", "random", "width_bucket", "sin"],
    "text": ["lower", "upper", "length", "substring", "position", "btrim", "ltrim", "rtrim", "concat",
             "concat_ws", "replace", "split_part", "regexp_replace", "regexp_matches", "md5", "sha256",
             "encode", "decode", "quote_ident", "quote_literal", "quote_nullable", "left", "right",
             "initcap", "lpad", "rpad", "translate", "starts_with", "overlay", "similar_to_escape",
             "like_escape", "normalize", "is_normalized", "pg_collation_for"],
    "formatting": ["to_char", "format", "to_number", "to_date", "to_timestamp"],
    "datetime": ["now", "date_trunc", "date_part", "extract", "age", "make_date", "make_time",
                 "make_timestamp", "make_timestamptz", "make_interval", "clock_timestamp",
                 "statement_timestamp", "transaction_timestamp", "timeofday", "date_bin", "timezone",
                 "overlaps", "justify_interval", "isfinite"],
    "json": ["jsonb_build_object", "json_build_object", "jsonb_agg", "json_agg", "jsonb_object_agg",
             "jsonb_set", "jsonb_insert", "jsonb_path_query", "jsonb_path_exists", "jsonb_each",
             "jsonb_each_text", "jsonb_array_elements", "jsonb_to_record", "jsonb_to_recordset",
             "jsonb_populate_record", "jsonb_populate_recordset", "json_populate_record", "to_jsonb",
             "to_json", "row_to_json", "jsonb_strip_nulls", "jsonb_typeof", "jsonb_pretty",
             "jsonb_extract_path_text", "jsonb_object_keys", "json_to_recordset"],
    "uuid": ["gen_random_uuid"],
    "aggregate": ["count", "sum", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or",
                  "every", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
                  "percentile_cont", "percentile_disc", "mode", "regr_slope", "regr_intercept", "corr",
                  "covar_pop", "bit_and", "bit_or"],
    "window": ["row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
               "first_value", "last_value", "nth_value"],
    "array": ["array_append", "array_prepend", "array_cat", "array_remove", "array_replace",
              "array_position", "array_positions", "array_length", "array_to_string", "string_to_array",
              "unnest", "cardinality", "generate_series", "generate_subscripts", "array_fill", "trim_array"],
    "range": ["int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange", "lower", "upper",
              "isempty", "lower_inc", "upper_inc", "lower_inf", "upper_inf", "range_merge", "range_agg",
              "range_intersect_agg", "datemultirange", "tstzmultirange", "multirange"],
    "full_text": ["to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery",
                  "ts_rank", "ts_rank_cd", "ts_headline", "setweight", "strip", "tsvector_to_array",
                  "array_to_tsvector", "numnode", "querytree", "ts_delete", "ts_filter"],
    "geometric": ["point", "box", "circle", "area", "center", "polygon"],
    "network": ["host", "masklen", "network", "broadcast", "family", "set_masklen"],
    "cast": ["int2", "int4", "int8", "numeric", "text", "date", "timestamptz", "timestamp", "bool",
             "float4", "float8", "varchar", "interval", "time", "money"],
    "trigger": ["suppress_redundant_updates_trigger", "tsvector_update_trigger", "tsvector_update_trigger_column"],
    "sequence": ["nextval", "currval", "setval"],
    "misc": ["lastval", "num_nulls", "num_nonnulls", "pg_typeof", "pg_column_size", "pg_trigger_depth",
             "enum_range", "current_user", "current_schema"],
}

# Argument types that name or point at catalog objects. An allowed function may take one only
# where the wall checks the argument (SEQUENCE_FUNCTIONS, REGCONFIG_ARG_FUNCTIONS) or where it is
# harmless (the oid/xid/name overloads listed here were reviewed one by one).
CATALOG_ARG_TYPES = {"regclass", "regproc", "regprocedure", "regoper", "regoperator", "regtype",
                     "regnamespace", "regrole", "regcollation", "regconfig", "regdictionary", "oid",
                     "internal", "cstring", "aclitem", "aclitem[]", "oid[]", "xid", "xid8", "pg_lsn"}
REVIEWED_OVERLOADS = {
    ("age", ("xid",)),  # distance between transaction ids; the date overloads are why age is allowed
    ("int8", ("oid",)),  # a number conversion
    ("max", ("oid",)), ("min", ("oid",)), ("max", ("pg_lsn",)), ("min", ("pg_lsn",)),
    ("max", ("xid8",)), ("min", ("xid8",)),  # aggregates over values the query already has
}


def test_every_allowed_name_exists_in_pg15():
    missing = sorted(b.ALLOWED_FUNCTIONS - PG15_FUNCTION_NAMES)
    assert not missing, missing


def test_every_denied_name_exists_in_pg15():
    missing = sorted(set(b.DENIED_FUNCTIONS) - PG15_FUNCTION_NAMES)
    assert not missing, missing


def test_later_denied_names_are_not_in_pg15():
    assert not set(b.DENIED_LATER_FUNCTIONS) & PG15_FUNCTION_NAMES


def test_allowed_and_denied_are_disjoint():
    assert not b.ALLOWED_FUNCTIONS & set(b.DENIED_FUNCTIONS)
    assert not b.ALLOWED_FUNCTIONS & set(b.DENIED_LATER_FUNCTIONS)


def test_allowed_names_are_lower_case():
    assert all(n == n.lower() for n in b.ALLOWED_FUNCTIONS)


def test_allowed_is_the_union_of_its_categories():
    union = frozenset().union(*b.ALLOWED_CATEGORIES.values())
    assert union == b.ALLOWED_FUNCTIONS


@pytest.mark.parametrize("category", sorted(TYPICAL))
def test_typical_members_of_each_category_are_allowed(category):
    missing = [n for n in TYPICAL[category] if not b.is_allowed_function(n)]
    assert not missing, missing
    assert set(TYPICAL[category]) <= b.ALLOWED_CATEGORIES[category] | b.ALLOWED_FUNCTIONS


@pytest.mark.parametrize("name", KNOWN_DANGEROUS + KNOWN_DANGEROUS_ELSEWHERE)
def test_known_dangerous_names_are_denied(name):
    assert not b.is_allowed_function(name)
    assert b.deny_reason(name) != b.GENERIC_DENY_REASON, f"{name} should have a specific reason"


def test_known_dangerous_pg15_names_are_in_the_snapshot():
    assert set(KNOWN_DANGEROUS) <= PG15_FUNCTION_NAMES


@pytest.mark.parametrize("prefix", ["pg_stat_", "pg_ls_", "lo_", "pg_read_", "has_", "pg_get_",
                                    "pg_advisory", "pg_try_advisory", "txid_", "to_reg", "pg_replication_",
                                    "pg_logical_", "pg_wal_", "xml"])
def test_every_pg15_name_with_a_dangerous_prefix_is_denied(prefix):
    names = sorted(n for n in PG15_FUNCTION_NAMES if n.startswith(prefix))
    assert names, prefix
    allowed = [n for n in names if b.is_allowed_function(n)]
    assert not allowed, allowed
    generic = [n for n in names if b.deny_reason(n) == b.GENERIC_DENY_REASON]
    assert not generic, generic


def test_deny_reason_by_prefix_and_generic():
    assert b.deny_reason("pg_stat_get_numscans") == b.deny_reason("pg_stat_get_activity") or \
        "statistics" in b.deny_reason("pg_stat_get_numscans")
    assert "files" in b.deny_reason("pg_ls_tmpdir")
    assert "large objects" in b.deny_reason("lo_unlink")
    assert "other databases" in b.deny_reason("dblink_connect_u")
    assert b.deny_reason("some_unknown_function") == b.GENERIC_DENY_REASON
    assert "spoof" in b.deny_reason("set_config")
    assert b.deny_reason("SET_CONFIG") == b.deny_reason("set_config")


def test_quoted_upper_case_names_are_not_allowed():
    # "NOW"() names a different function than now(): the parser folds only unquoted names.
    assert b.is_allowed_function("now")
    assert not b.is_allowed_function("NOW")


def test_no_allowed_overload_takes_catalog_object_arguments():
    checked = set(b.SEQUENCE_FUNCTIONS) | set(b.REGCONFIG_ARG_FUNCTIONS)
    bad = []
    for name in sorted(b.ALLOWED_FUNCTIONS):
        for o in PG15_SIGNATURES[name]:
            if not set(o.argtypes) & CATALOG_ARG_TYPES:
                continue
            if name in checked and set(o.argtypes) & CATALOG_ARG_TYPES <= {"regclass", "regconfig"}:
                continue
            if (name, o.argtypes) in REVIEWED_OVERLOADS:
                continue
            bad.append(f"{name}({', '.join(o.argtypes)})")
    assert not bad, bad


def test_no_allowed_name_is_a_procedure_or_returns_internal():
    bad = [f"{o.name}({','.join(o.argtypes)})" for n in b.ALLOWED_FUNCTIONS for o in PG15_SIGNATURES[n]
           if o.kind == "p" or o.rettype in ("internal", "cstring", "event_trigger")]
    assert not bad, bad


def test_only_the_listed_trigger_functions_return_trigger():
    returns_trigger = {n for n in b.ALLOWED_FUNCTIONS for o in PG15_SIGNATURES[n] if o.rettype == "trigger"}
    assert returns_trigger == b.ALLOWED_TRIGGER_FUNCTIONS


def test_regconfig_functions_really_take_a_regconfig_first():
    for name, counts in b.REGCONFIG_ARG_FUNCTIONS.items():
        assert name in b.ALLOWED_FUNCTIONS
        for n in counts:
            assert any(len(o.argtypes) == n and o.argtypes[0] == "regconfig" for o in PG15_SIGNATURES[name]), name
    # ...and every allowed overload with a regconfig argument is covered
    for name in b.ALLOWED_FUNCTIONS:
        for o in PG15_SIGNATURES[name]:
            if "regconfig" in o.argtypes:
                assert o.argtypes[0] == "regconfig" and len(o.argtypes) in b.REGCONFIG_ARG_FUNCTIONS[name], o


def test_sequence_functions_take_a_regclass_at_the_given_position():
    for name, pos in b.SEQUENCE_FUNCTIONS.items():
        assert all(o.argtypes[pos] == "regclass" for o in PG15_SIGNATURES[name]), name


def test_sql_syntax_functions():
    # Every name the grammar emits exists in PG 15 (system_user only from 16) and, except
    # the XML and login-identity ones, is allowed.
    assert b.SQL_SYNTAX_FUNCTIONS - {"system_user"} <= PG15_FUNCTION_NAMES
    assert b.SQL_SYNTAX_FUNCTIONS - {"xmlexists", "system_user"} <= b.ALLOWED_FUNCTIONS
    assert not b.is_allowed_function("xmlexists") and not b.is_allowed_function("system_user")


def test_sql_syntax_functions_match_the_parser():
    from pglast.parser import parse_sql_json
    import json

    sql = ("select extract(year from now()), overlay('abc' placing 'x' from 1), position('b' in 'abc'), "
           "substring('abc' from 2), trim(both from ' a '), trim(leading from ' a'), trim(trailing 'x' from 'ax'), "
           "collation for ('a'), "
           "normalize('a'), 'a' is normalized, now() at time zone 'UTC', "
           "(now(), now()) overlaps (now(), now()), 'a' like 'b' escape '!', 'a' similar to 'b', "
           "xmlexists('//x' passing '<x/>'), system_user")
    found = set()

    def walk(node):
        if isinstance(node, dict):
            fc = node.get("FuncCall")
            if fc:  # the sample calls nothing explicitly except now(): the rest comes from the grammar
                names = [n["String"]["sval"] for n in fc["funcname"]]
                if names != ["now"]:
                    assert names[0] == "pg_catalog", names
                    found.add(names[-1])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(parse_sql_json(sql)))
    assert found <= b.SQL_SYNTAX_FUNCTIONS, found - b.SQL_SYNTAX_FUNCTIONS
    assert found == b.SQL_SYNTAX_FUNCTIONS, b.SQL_SYNTAX_FUNCTIONS - found


def test_builtin_ts_configs_match_pg15():
    assert b.BUILTIN_TS_CONFIGS == PG15_TS_CONFIGS


@pytest.mark.parametrize("literal,ok", [
    ("english", True), ("pg_catalog.english", True), ("acme.my_config", True), ("simple", True),
    ("globex.cfg", False), (' "globex" . cfg', False), ("auth.x", False), ('"Acme".x', False),
    ("a.b.c", False), ("The end. Next", True), ("", True),
])
def test_regconfig_literal_allowed(literal, ok):
    assert b.regconfig_literal_allowed(literal, "acme") is ok


@pytest.mark.parametrize("text,parts", [
    ("a", ["a"]), ("A.B", ["a", "b"]), ('"A".b', ["A", "b"]), ('"a""b".c', ['a"b', "c"]),
    (" a . b ", ["a", "b"]), ("a b", None), ("a.", None), ('"a', None), (".a", None),
])
def test_split_qualified_name(text, parts):
    assert b.split_qualified_name(text) == parts


# ---------------------------------------------------------------------- types
REG_TYPES = ["regclass", "regproc", "regprocedure", "regoper", "regoperator", "regtype", "regconfig",
             "regdictionary", "regnamespace", "regrole", "regcollation"]


def test_denied_types_exist_in_pg15():
    missing = sorted(set(b.DENIED_TYPES) - PG15_TYPE_NAMES)
    assert not missing, missing
    assert not set(b.DENIED_LATER_TYPES) & PG15_TYPE_NAMES


@pytest.mark.parametrize("name", REG_TYPES)
def test_every_reg_type_is_denied_also_as_array(name):
    assert b.type_deny_reason(name)
    assert b.type_deny_reason("_" + name)


def test_every_pg15_reg_type_is_covered():
    regs = {t for t in PG15_TYPE_NAMES if t.startswith("reg")}
    assert regs == set(REG_TYPES)


@pytest.mark.parametrize("name", ["pg_node_tree", "pg_authid", "pg_class", "pg_settings", "pg_roles",
                                  "pg_lsn", "pg_snapshot", "_pg_authid", "txid_snapshot", "internal",
                                  "cstring", "language_handler", "aclitem", "event_trigger"])
def test_system_types_are_denied(name):
    assert b.type_deny_reason(name)


@pytest.mark.parametrize("name", ["int4", "int8", "numeric", "text", "varchar", "bool", "uuid", "jsonb", "json",
                                  "timestamptz", "date", "interval", "tsvector", "tsquery", "int4range",
                                  "tstzrange", "datemultirange", "inet", "bytea", "point", "_text", "_int4",
                                  "trigger", "record", "void", "anyelement", "oid", "tid", "xml", "money",
                                  "serial", "bigserial", "region", "register_entry"])
def test_ordinary_types_are_allowed(name):
    assert b.type_deny_reason(name) is None


def test_every_pg15_composite_catalog_type_is_denied():
    # The row types of catalogs and system views all start with pg_.
    allowed_pg = sorted(t for t in PG15_TYPE_NAMES if t.lstrip("_").startswith("pg_") and b.type_deny_reason(t) is None)
    assert not allowed_pg, allowed_pg


# ---------------------------------------------------------------------- small sets
def test_small_sets():
    assert b.SET_ALLOWED == {"statement_timeout", "lock_timeout"}
    assert b.FUNCTION_SET_ALLOWED == {"search_path"}
    assert b.ALLOWED_LANGUAGES == {"sql", "plpgsql"}
    assert b.AUTH_FUNCTIONS == {"uid", "role", "jwt"}
    assert b.GRANTEE_ROLES == {"anon", "authenticated"}
    assert b.ALLOWED_TRIGGER_FUNCTIONS <= b.ALLOWED_FUNCTIONS


def test_module_is_pure():
    import ast as pyast
    import inspect

    tree = pyast.parse(inspect.getsource(b))
    imported = {a.name.split(".")[0] for n in pyast.walk(tree) if isinstance(n, pyast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in pyast.walk(tree) if isinstance(n, pyast.ImportFrom) and n.module}
    assert imported <= {"__future__"}, imported
