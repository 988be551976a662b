"""Which PostgreSQL built-ins tenant SQL may use: the data the parse wall consults.

PostgreSQL resolves an unqualified function name in ``pg_catalog`` before the tenant's
schema, so an unqualified (or ``pg_catalog.``-qualified) call is allowed only when its name is
in :data:`ALLOWED_FUNCTIONS`. A name is allowed only if *every* overload of it in PostgreSQL 15
is safe for tenant SQL: it reads no files, runs no SQL given as text, reveals no catalog
metadata of other objects by oid or by name, changes no settings, does not sleep, lock,
notify, or touch large objects. Everything not allowed is denied; :data:`DENIED_FUNCTIONS` and
:func:`deny_reason` only make the denial message specific.

Pure data and tiny helpers: no ``plpy``, no server. ``pg15_functions.py`` holds a snapshot of
PostgreSQL 15's catalog that the unit tests check these sets against.

Decisions on debatable names (each is tested):

* ``txid_*``, ``pg_current_xact_id``, ``pg_current_snapshot``, ``pg_snapshot_*``,
  ``pg_xact_*``: denied. Transaction ids and snapshots are database-wide: they show other
  tenants' activity (in-progress transactions, commit rates).
* ``age``: allowed. Its ``age(xid)`` overload only reports a distance between transaction ids
  (the ``xmin`` of the tenant's own rows is already readable); the date overloads are the
  reason it is here. ``mxid_age`` is denied.
* ``pg_typeof`` and ``pg_column_size``: allowed. They describe a value the query already
  holds, never another object.
* ``version``, ``inet_server_*``, ``inet_client_*``, ``pg_backend_pid``, ``current_query``:
  denied (server build, addresses, process ids, and the text of the calling statement).
* XML: every XML function is denied (``xpath``, ``xmlexists``, ``xml_is_well_formed*``,
  ``xmlagg``, ``xmlcomment``, ``xmlconcat2``, the ``xml`` cast), and the ``*_to_xml*``
  family because it runs SQL text or reads relations named by a ``regclass``. The ``xml``
  type itself is not in :data:`DENIED_TYPES`; use jsonb.
* ``random``: allowed. ``setseed``: denied (it changes per-backend state that outlives the
  call on a pooled connection and makes later ``random()`` values predictable).
* ``generate_series``, ``repeat``, ``array_fill``, regular expressions: allowed; their cost
  is bounded by the base's statement timeout and the result-row cap, not by this list.
* ``ts_rewrite`` is denied: its ``ts_rewrite(tsquery, text)`` overload runs a SELECT given as
  text. ``ts_stat`` likewise. ``ts_debug``/``ts_parse``/``ts_token_type``/``ts_lexize``
  (text-search debugging by parser/dictionary name or oid) are denied.
* ``current_user``, ``session_user``, ``current_schema``, ``current_schemas``,
  ``current_database``: allowed (the caller's own identity and search path). Note that the
  parser turns the keywords ``CURRENT_USER``/``SESSION_USER``/``CURRENT_SCHEMA`` into
  ``SQLValueFunction`` nodes, not function calls; these names cover the explicit call form.
* ``lastval``: allowed; PostgreSQL checks the privilege on whatever sequence it reports.
  ``nextval``/``currval``/``setval``: allowed, but the wall must check their ``regclass``
  argument (see :data:`SEQUENCE_FUNCTIONS`).
* The text-search functions that take a ``regconfig`` accept a string literal
  (``to_tsvector('english', body)``); the wall should check such a literal names one of
  :data:`BUILTIN_TS_CONFIGS` or an own configuration (see :data:`REGCONFIG_ARG_FUNCTIONS`).
  The ``regconfig`` *type name* is denied like every ``reg*`` type.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------
# Allowed built-in functions, by category (every name exists in PostgreSQL 15).
# --------------------------------------------------------------------------------------

MATH_FUNCTIONS: frozenset[str] = frozenset({
    "abs", "acos", "acosd", "acosh", "asin", "asind", "asinh", "atan", "atan2", "atan2d",
    "atand", "atanh", "cbrt", "ceil", "ceiling", "cos", "cosd", "cosh", "cot", "cotd",
    "degrees", "div", "exp", "factorial", "floor", "gcd", "lcm", "ln", "log", "log10",
    "min_scale", "mod", "pi", "pow", "power", "radians", "random", "round", "scale", "sign",
    "sin", "sind", "sinh", "sqrt", "tan", "tand", "tanh", "trim_scale", "trunc",
    "width_bucket",
})

TEXT_FUNCTIONS: frozenset[str] = frozenset({
    "ascii", "bit_count", "bit_length", "btrim", "char_length", "character_length", "chr",
    "concat", "concat_ws", "convert", "convert_from", "convert_to", "decode", "encode",
    "format", "get_bit", "get_byte", "initcap", "is_normalized", "left", "length",
    "like_escape", "lower", "lpad", "ltrim", "md5", "normalize", "octet_length", "overlay",
    "parse_ident", "position", "quote_ident", "quote_literal", "quote_nullable",
    "regexp_count", "regexp_instr", "regexp_like", "regexp_match", "regexp_matches",
    "regexp_replace", "regexp_split_to_array", "regexp_split_to_table", "regexp_substr",
    "repeat", "replace", "reverse", "right", "rpad", "rtrim", "set_bit", "set_byte",
    "sha224", "sha256", "sha384", "sha512", "similar_escape", "similar_to_escape",
    "split_part", "starts_with", "string_to_array", "string_to_table", "strpos", "substr",
    "substring", "to_ascii", "to_hex", "translate", "unistr", "upper",
    # COLLATION FOR (expr) is parsed into pg_catalog.pg_collation_for(expr)
    "pg_collation_for",
})

FORMATTING_FUNCTIONS: frozenset[str] = frozenset({
    "to_char", "to_date", "to_number", "to_timestamp", "format", "pg_size_pretty",
    "pg_size_bytes",
})

DATETIME_FUNCTIONS: frozenset[str] = frozenset({
    "age", "clock_timestamp", "date_bin", "date_part", "date_trunc", "extract", "isfinite",
    "justify_days", "justify_hours", "justify_interval", "make_date", "make_interval",
    "make_time", "make_timestamp", "make_timestamptz", "now", "overlaps",
    "statement_timestamp", "timeofday", "timezone", "transaction_timestamp", "to_timestamp",
})

JSON_FUNCTIONS: frozenset[str] = frozenset({
    "array_to_json", "row_to_json", "to_json", "to_jsonb",
    "json_agg", "json_array_element", "json_array_element_text", "json_array_elements",
    "json_array_elements_text", "json_array_length", "json_build_array",
    "json_build_object", "json_each", "json_each_text", "json_extract_path",
    "json_extract_path_text", "json_object", "json_object_agg", "json_object_field",
    "json_object_field_text", "json_object_keys", "json_populate_record",
    "json_populate_recordset", "json_strip_nulls", "json_to_record", "json_to_recordset",
    "json_to_tsvector", "json_typeof",
    "jsonb_agg", "jsonb_array_element", "jsonb_array_element_text", "jsonb_array_elements",
    "jsonb_array_elements_text", "jsonb_array_length", "jsonb_build_array",
    "jsonb_build_object", "jsonb_concat", "jsonb_contained", "jsonb_contains",
    "jsonb_delete", "jsonb_delete_path", "jsonb_each", "jsonb_each_text", "jsonb_exists",
    "jsonb_exists_all", "jsonb_exists_any", "jsonb_extract_path", "jsonb_extract_path_text",
    "jsonb_insert", "jsonb_object", "jsonb_object_agg", "jsonb_object_field",
    "jsonb_object_field_text", "jsonb_object_keys", "jsonb_path_exists",
    "jsonb_path_exists_tz", "jsonb_path_match", "jsonb_path_match_tz", "jsonb_path_query",
    "jsonb_path_query_array", "jsonb_path_query_array_tz", "jsonb_path_query_first",
    "jsonb_path_query_first_tz", "jsonb_path_query_tz", "jsonb_populate_record",
    "jsonb_populate_recordset", "jsonb_pretty", "jsonb_set", "jsonb_set_lax",
    "jsonb_strip_nulls", "jsonb_to_record", "jsonb_to_recordset", "jsonb_to_tsvector",
    "jsonb_typeof",
})

UUID_FUNCTIONS: frozenset[str] = frozenset({"gen_random_uuid"})

AGGREGATE_FUNCTIONS: frozenset[str] = frozenset({
    "array_agg", "avg", "bit_and", "bit_or", "bit_xor", "bool_and", "bool_or", "corr",
    "count", "covar_pop", "covar_samp", "every", "json_agg", "json_object_agg", "jsonb_agg",
    "jsonb_object_agg", "max", "min", "mode", "percentile_cont", "percentile_disc",
    "range_agg", "range_intersect_agg", "regr_avgx", "regr_avgy", "regr_count",
    "regr_intercept", "regr_r2", "regr_slope", "regr_sxx", "regr_sxy", "regr_syy", "stddev",
    "stddev_pop", "stddev_samp", "string_agg", "sum", "var_pop", "var_samp", "variance",
})

WINDOW_FUNCTIONS: frozenset[str] = frozenset({
    "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
    "first_value", "last_value", "nth_value",
})

ARRAY_FUNCTIONS: frozenset[str] = frozenset({
    "array_append", "array_cat", "array_dims", "array_fill", "array_length", "array_lower",
    "array_ndims", "array_position", "array_positions", "array_prepend", "array_remove",
    "array_replace", "array_to_string", "array_upper", "cardinality", "generate_series",
    "generate_subscripts", "string_to_array", "trim_array", "unnest",
})

RANGE_FUNCTIONS: frozenset[str] = frozenset({
    "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
    "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange",
    "datemultirange", "isempty", "lower", "lower_inc", "lower_inf", "multirange",
    "range_merge", "upper", "upper_inc", "upper_inf",
})

FULL_TEXT_FUNCTIONS: frozenset[str] = frozenset({
    "array_to_tsvector", "get_current_ts_config", "json_to_tsvector", "jsonb_to_tsvector",
    "numnode", "phraseto_tsquery", "plainto_tsquery", "querytree", "setweight", "strip",
    "to_tsquery", "to_tsvector", "ts_delete", "ts_filter", "ts_headline", "ts_rank",
    "ts_rank_cd", "tsquery_phrase", "tsvector_to_array", "websearch_to_tsquery",
})

GEOMETRIC_FUNCTIONS: frozenset[str] = frozenset({
    "area", "bound_box", "box", "center", "circle", "diagonal", "diameter", "height",
    "isclosed", "isopen", "line", "lseg", "npoints", "path", "pclose", "point", "polygon",
    "popen", "radius", "slope", "width",
})

NETWORK_FUNCTIONS: frozenset[str] = frozenset({
    "abbrev", "broadcast", "family", "host", "hostmask", "inet_merge", "inet_same_family",
    "macaddr8_set7bit", "masklen", "netmask", "network", "set_masklen",
})

# Functions named after a type: `int4(x)` is the same as `x::int4`.
CAST_FUNCTIONS: frozenset[str] = frozenset({
    "bit", "bool", "bpchar", "char", "cidr", "date", "float4", "float8", "int2",
    "int4", "int8", "interval", "macaddr", "macaddr8", "money", "name", "numeric", "text",
    "time", "timestamp", "timestamptz", "timetz", "varbit", "varchar",
})

# Trigger functions in pg_catalog a tenant trigger may EXECUTE.
ALLOWED_TRIGGER_FUNCTIONS: frozenset[str] = frozenset({
    "suppress_redundant_updates_trigger", "tsvector_update_trigger",
    "tsvector_update_trigger_column",
})

# nextval/currval/setval take a regclass: the wall checks that argument is a string literal
# naming one of the base's own sequences. The value is the index of that argument.
SEQUENCE_FUNCTIONS: dict[str, int] = {"nextval": 0, "currval": 0, "setval": 0}

MISC_FUNCTIONS: frozenset[str] = frozenset({
    "lastval", "num_nonnulls", "num_nulls", "pg_typeof", "pg_column_size",
    "pg_trigger_depth", "enum_first", "enum_last", "enum_range",
    "current_database", "current_schema", "current_schemas", "current_user", "session_user",
})

ALLOWED_FUNCTIONS: frozenset[str] = frozenset().union(
    MATH_FUNCTIONS, TEXT_FUNCTIONS, FORMATTING_FUNCTIONS, DATETIME_FUNCTIONS, JSON_FUNCTIONS,
    UUID_FUNCTIONS, AGGREGATE_FUNCTIONS, WINDOW_FUNCTIONS, ARRAY_FUNCTIONS, RANGE_FUNCTIONS,
    FULL_TEXT_FUNCTIONS, GEOMETRIC_FUNCTIONS, NETWORK_FUNCTIONS, CAST_FUNCTIONS,
    ALLOWED_TRIGGER_FUNCTIONS, frozenset(SEQUENCE_FUNCTIONS), MISC_FUNCTIONS,
)

ALLOWED_CATEGORIES: dict[str, frozenset[str]] = {
    "math": MATH_FUNCTIONS, "text": TEXT_FUNCTIONS, "formatting": FORMATTING_FUNCTIONS,
    "datetime": DATETIME_FUNCTIONS, "json": JSON_FUNCTIONS, "uuid": UUID_FUNCTIONS,
    "aggregate": AGGREGATE_FUNCTIONS, "window": WINDOW_FUNCTIONS, "array": ARRAY_FUNCTIONS,
    "range": RANGE_FUNCTIONS, "full_text": FULL_TEXT_FUNCTIONS,
    "geometric": GEOMETRIC_FUNCTIONS, "network": NETWORK_FUNCTIONS, "cast": CAST_FUNCTIONS,
    "trigger": ALLOWED_TRIGGER_FUNCTIONS, "sequence": frozenset(SEQUENCE_FUNCTIONS),
    "misc": MISC_FUNCTIONS,
}

# Functions whose first argument is a regconfig in calls with these argument counts, e.g.
# to_tsvector('english', body). An unqualified configuration name resolves through the
# search path (pg_catalog, then the base's schema), but a qualified one can probe another
# schema: the wall should pass such a literal to regconfig_literal_allowed(). (For
# ts_headline with three arguments the first may also be the document; the helper lets any
# text through that is not a qualified name.) tsvector_update_trigger takes the same kind of
# name as its second trigger argument.
REGCONFIG_ARG_FUNCTIONS: dict[str, frozenset[int]] = {
    "to_tsvector": frozenset({2}),
    "to_tsquery": frozenset({2}),
    "plainto_tsquery": frozenset({2}),
    "phraseto_tsquery": frozenset({2}),
    "websearch_to_tsquery": frozenset({2}),
    "json_to_tsvector": frozenset({3}),
    "jsonb_to_tsvector": frozenset({3}),
    "ts_headline": frozenset({3, 4}),
}


def _split_qualified_name(text: str) -> list[str] | None:
    """Split ``a.b`` / ``"A".b`` like PostgreSQL's name input; None if it is not a name."""
    parts: list[str] = []
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == '"':
            j, buf = i + 1, []
            while True:
                if j >= n:
                    return None
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(text[j])
                j += 1
            parts.append("".join(buf))
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '."':
                j += 1
            if j == i:
                return None
            parts.append(text[i:j].lower())
            i = j
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return parts
        if text[i] != ".":
            return None
        i += 1


split_qualified_name = _split_qualified_name


def regconfig_literal_allowed(literal: str, own_schema: str) -> bool:
    """May this string literal be used where a regconfig is expected?

    Unqualified names are fine (they resolve in pg_catalog or the base's own schema); a
    qualified name must be qualified by ``pg_catalog`` or ``own_schema``. Text that is not a
    name at all is let through: as a regconfig it fails without revealing anything.
    """
    parts = _split_qualified_name(literal)
    if parts is None or len(parts) == 1:
        return True
    return len(parts) == 2 and parts[0] in ("pg_catalog", own_schema)


# Text-search configurations shipped in pg_catalog (PostgreSQL 15, initdb defaults).
BUILTIN_TS_CONFIGS: frozenset[str] = frozenset({
    "arabic", "armenian", "basque", "catalan", "danish", "dutch", "english", "finnish",
    "french", "german", "greek", "hindi", "hungarian", "indonesian", "irish", "italian",
    "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian",
    "simple", "spanish", "swedish", "tamil", "turkish", "yiddish",
})

# Names the raw parser itself emits as pg_catalog.<name>(...) calls for SQL syntax
# (EXTRACT, OVERLAY, POSITION, SUBSTRING, TRIM, COLLATION FOR, NORMALIZE, IS NORMALIZED,
# AT TIME ZONE / AT LOCAL, OVERLAPS, LIKE ... ESCAPE, SIMILAR TO, XMLEXISTS, SYSTEM_USER).
# The wall sees them as FuncCall nodes with funcformat COERCE_SQL_SYNTAX.
SQL_SYNTAX_FUNCTIONS: frozenset[str] = frozenset({
    "extract", "overlay", "position", "substring", "btrim", "ltrim", "rtrim",
    "pg_collation_for", "normalize", "is_normalized", "timezone", "overlaps", "like_escape",
    "similar_to_escape", "xmlexists", "system_user",
})

# --------------------------------------------------------------------------------------
# Denied functions: specific reasons for the denial message (all exist in PostgreSQL 15).
# --------------------------------------------------------------------------------------

_FILES = "reads or writes server files"
_SQL_TEXT = "runs SQL given as text"
_LO = "large objects live outside the base (server files, no tenant ACL)"
_SETTINGS = "reads server settings"
_CATALOG_OID = "reveals catalog metadata of other objects by oid"
_CATALOG_NAME = "resolves other schemas' object names"
_OBJDEF = "prints the definition of any object by oid (other tenants' code)"
_PRIV = "reveals other objects' or roles' privileges"
_STATS = "reads server-wide statistics and activity"
_ADVISORY = "database-wide lock without an ACL (blocks or signals other tenants)"
_SLEEP = "holds a connection"
_XID = "exposes database-wide transaction ids (other tenants' activity)"
_REPL = "replication and WAL control"
_SERVER = "server administration"
_SIZE = "reveals the size of other relations named by regclass"
_XML = "XML processing is not offered; use jsonb"
_INTERNAL = "internal support function, not for SQL"

DENIED_FUNCTIONS: dict[str, str] = {
    # server files and programs
    "pg_read_file": _FILES, "pg_read_file_old": _FILES, "pg_read_binary_file": _FILES,
    "pg_stat_file": _FILES, "pg_ls_dir": _FILES, "pg_ls_logdir": _FILES,
    "pg_ls_waldir": _FILES, "pg_ls_tmpdir": _FILES, "pg_ls_archive_statusdir": _FILES,
    "pg_ls_logicalmapdir": _FILES, "pg_ls_logicalsnapdir": _FILES,
    "pg_ls_replslotdir": _FILES, "pg_current_logfile": _FILES,
    "pg_relation_filepath": "reveals server file paths",
    "pg_relation_filenode": "reveals server file names",
    "pg_tablespace_location": "reveals server file paths",
    "pg_hba_file_rules": _FILES, "pg_ident_file_mappings": _FILES,
    "pg_show_all_file_settings": _FILES, "pg_config": "reveals the server's build and paths",
    "pg_timezone_names": "reads the server's time zone files; use AT TIME ZONE",
    "pg_timezone_abbrevs": "reads the server's time zone files; use AT TIME ZONE",
    # large objects
    "lo_import": _LO + ": reads server files", "lo_export": _LO + ": writes server files",
    "lo_open": _LO, "lo_close": _LO, "lo_creat": _LO, "lo_create": _LO, "lo_unlink": _LO,
    "lo_get": _LO, "lo_put": _LO, "lo_from_bytea": _LO, "lo_lseek": _LO, "lo_lseek64": _LO,
    "lo_tell": _LO, "lo_tell64": _LO, "lo_truncate": _LO, "lo_truncate64": _LO,
    "loread": _LO, "lowrite": _LO,
    # SQL given as text
    "query_to_xml": _SQL_TEXT, "query_to_xmlschema": _SQL_TEXT,
    "query_to_xml_and_xmlschema": _SQL_TEXT, "cursor_to_xml": "reads a cursor by name",
    "cursor_to_xmlschema": "reads a cursor by name",
    "table_to_xml": "reads any relation named by regclass",
    "table_to_xmlschema": "reads any relation named by regclass",
    "table_to_xml_and_xmlschema": "reads any relation named by regclass",
    "schema_to_xml": "reads any schema by name", "schema_to_xmlschema": "reads any schema by name",
    "schema_to_xml_and_xmlschema": "reads any schema by name",
    "database_to_xml": "reads the whole database", "database_to_xmlschema": "reads the whole database",
    "database_to_xml_and_xmlschema": "reads the whole database",
    "ts_stat": _SQL_TEXT,
    "ts_rewrite": _SQL_TEXT + " (ts_rewrite(tsquery, text) overload)",
    # settings (claim spoofing)
    "set_config": "changes settings (it could spoof auth.uid())",
    "current_setting": _SETTINGS, "pg_show_all_settings": _SETTINGS,
    "pg_settings_get_flags": _SETTINGS, "pg_reload_conf": _SERVER,
    "setseed": "changes the backend's random seed, which outlives the call",
    "pg_conf_load_time": _SERVER,
    # sleeping and locks
    "pg_sleep": _SLEEP, "pg_sleep_for": _SLEEP, "pg_sleep_until": _SLEEP,
    "pg_advisory_lock": _ADVISORY, "pg_advisory_lock_shared": _ADVISORY,
    "pg_advisory_unlock": _ADVISORY, "pg_advisory_unlock_shared": _ADVISORY,
    "pg_advisory_unlock_all": _ADVISORY, "pg_advisory_xact_lock": _ADVISORY,
    "pg_advisory_xact_lock_shared": _ADVISORY, "pg_try_advisory_lock": _ADVISORY,
    "pg_try_advisory_lock_shared": _ADVISORY, "pg_try_advisory_xact_lock": _ADVISORY,
    "pg_try_advisory_xact_lock_shared": _ADVISORY,
    "pg_lock_status": _STATS, "pg_blocking_pids": _STATS,
    "pg_safe_snapshot_blocking_pids": _STATS,
    "pg_isolation_test_session_is_blocked": _STATS,
    # notify
    "pg_notify": "database-wide channel without an ACL",
    "pg_listening_channels": "database-wide channels",
    "pg_notification_queue_usage": "database-wide channels",
    # catalog metadata by oid or name
    "pg_filenode_relation": _CATALOG_OID,
    "pg_get_viewdef": _OBJDEF, "pg_get_functiondef": _OBJDEF, "pg_get_triggerdef": _OBJDEF,
    "pg_get_indexdef": _OBJDEF, "pg_get_ruledef": _OBJDEF, "pg_get_constraintdef": _OBJDEF,
    "pg_get_expr": _OBJDEF, "pg_get_partkeydef": _OBJDEF,
    "pg_get_partition_constraintdef": _OBJDEF, "pg_get_statisticsobjdef": _OBJDEF,
    "pg_get_statisticsobjdef_columns": _OBJDEF, "pg_get_statisticsobjdef_expressions": _OBJDEF,
    "pg_get_function_arguments": _OBJDEF, "pg_get_function_identity_arguments": _OBJDEF,
    "pg_get_function_result": _OBJDEF, "pg_get_function_arg_default": _OBJDEF,
    "pg_get_function_sqlbody": _OBJDEF, "pg_get_serial_sequence": _CATALOG_NAME,
    "pg_get_userbyid": "reveals role names by oid", "pg_get_keywords": _INTERNAL,
    "pg_get_object_address": _CATALOG_NAME, "pg_identify_object": _CATALOG_OID,
    "pg_identify_object_as_address": _CATALOG_OID, "pg_describe_object": _CATALOG_OID,
    "pg_get_replica_identity_index": _CATALOG_OID, "pg_get_catalog_foreign_keys": _CATALOG_OID,
    "pg_get_publication_tables": _CATALOG_OID,
    "obj_description": "reads other objects' comments by oid",
    "col_description": "reads other objects' comments by oid",
    "shobj_description": "reads shared objects' comments by oid",
    "format_type": "reveals type names by oid",
    "oidvectortypes": "reveals type names by oid",
    "to_regclass": _CATALOG_NAME, "to_regtype": _CATALOG_NAME, "to_regproc": _CATALOG_NAME,
    "to_regprocedure": _CATALOG_NAME, "to_regoper": _CATALOG_NAME,
    "to_regoperator": _CATALOG_NAME, "to_regnamespace": _CATALOG_NAME,
    "to_regrole": _CATALOG_NAME, "to_regcollation": _CATALOG_NAME,
    "regclass": "regclass resolves any relation name (use own table names directly)",
    "row_security_active": _CATALOG_NAME,
    "pg_table_is_visible": _CATALOG_OID, "pg_type_is_visible": _CATALOG_OID,
    "pg_function_is_visible": _CATALOG_OID, "pg_operator_is_visible": _CATALOG_OID,
    "pg_opclass_is_visible": _CATALOG_OID, "pg_opfamily_is_visible": _CATALOG_OID,
    "pg_collation_is_visible": _CATALOG_OID, "pg_conversion_is_visible": _CATALOG_OID,
    "pg_statistics_obj_is_visible": _CATALOG_OID, "pg_ts_config_is_visible": _CATALOG_OID,
    "pg_ts_dict_is_visible": _CATALOG_OID, "pg_ts_parser_is_visible": _CATALOG_OID,
    "pg_ts_template_is_visible": _CATALOG_OID,
    "pg_relation_is_updatable": _CATALOG_OID, "pg_column_is_updatable": _CATALOG_OID,
    "pg_relation_is_publishable": _CATALOG_OID, "pg_index_column_has_property": _CATALOG_OID,
    "pg_index_has_property": _CATALOG_OID, "pg_indexam_has_property": _CATALOG_OID,
    "pg_partition_tree": _CATALOG_OID, "pg_partition_ancestors": _CATALOG_OID,
    "pg_partition_root": _CATALOG_OID, "pg_sequence_parameters": _CATALOG_OID,
    "pg_sequence_last_value": _CATALOG_OID, "pg_my_temp_schema": _CATALOG_OID,
    "pg_is_other_temp_schema": _CATALOG_OID, "pg_mcv_list_items": _STATS,
    "pg_event_trigger_ddl_commands": _INTERNAL, "pg_event_trigger_dropped_objects": _INTERNAL,
    "pg_event_trigger_table_rewrite_oid": _INTERNAL,
    "pg_event_trigger_table_rewrite_reason": _INTERNAL,
    "pg_options_to_table": _INTERNAL,
    "ts_debug": "text-search debugging by configuration name",
    "ts_parse": "text-search debugging by parser name or oid",
    "ts_token_type": "text-search debugging by parser name or oid",
    "ts_lexize": "text-search debugging by dictionary name",
    "makeaclitem": _PRIV, "aclexplode": _PRIV, "acldefault": _PRIV,
    # privileges and roles
    "has_table_privilege": _PRIV, "has_column_privilege": _PRIV,
    "has_any_column_privilege": _PRIV, "has_schema_privilege": _PRIV,
    "has_sequence_privilege": _PRIV, "has_function_privilege": _PRIV,
    "has_database_privilege": _PRIV, "has_foreign_data_wrapper_privilege": _PRIV,
    "has_language_privilege": _PRIV, "has_parameter_privilege": _PRIV,
    "has_server_privilege": _PRIV, "has_tablespace_privilege": _PRIV,
    "has_type_privilege": _PRIV, "pg_has_role": _PRIV,
    # sizes of relations by regclass
    "pg_relation_size": _SIZE, "pg_table_size": _SIZE, "pg_total_relation_size": _SIZE,
    "pg_indexes_size": _SIZE, "pg_database_size": "reveals other databases' sizes",
    "pg_tablespace_size": "reveals tablespace sizes",
    "pg_tablespace_databases": "reveals other databases",
    # statistics and activity
    "pg_stat_get_activity": _STATS, "pg_stat_get_backend_activity": _STATS,
    "pg_stat_reset": _STATS, "pg_stat_clear_snapshot": _STATS,
    "pg_backend_pid": "identifies the server process",
    "pg_cursor": "lists the session's cursors (shared on a pooled connection)",
    "pg_prepared_statement": "lists the session's prepared statements (shared on a pooled connection)",
    "pg_prepared_xact": "lists database-wide prepared transactions",
    "pg_get_backend_memory_contexts": _STATS, "pg_log_backend_memory_contexts": _SERVER,
    "pg_get_shmem_allocations": _STATS,
    # server processes and administration
    "pg_terminate_backend": "ends other sessions", "pg_cancel_backend": "cancels other sessions",
    "pg_rotate_logfile": _SERVER, "pg_rotate_logfile_old": _SERVER, "pg_promote": _SERVER,
    "pg_postmaster_start_time": _SERVER, "pg_is_in_recovery": _SERVER,
    "pg_jit_available": _SERVER, "pg_import_system_collations": _SERVER,
    "pg_collation_actual_version": _SERVER, "pg_database_collation_actual_version": _SERVER,
    "pg_nextoid": _SERVER, "pg_stop_making_pinned_objects": _SERVER,
    "pg_extension_config_dump": _SERVER, "pg_available_extensions": _SERVER,
    "pg_available_extension_versions": _SERVER, "pg_extension_update_paths": _SERVER,
    "pg_control_checkpoint": _SERVER, "pg_control_init": _SERVER,
    "pg_control_recovery": _SERVER, "pg_control_system": _SERVER,
    "binary_upgrade_create_empty_extension": _SERVER,
    "binary_upgrade_set_record_init_privs": _SERVER,
    "version": "reveals the server build",
    "inet_server_addr": "reveals the server's address", "inet_server_port": "reveals the server's address",
    "inet_client_addr": "reveals connection details", "inet_client_port": "reveals connection details",
    "current_query": "reveals the text of the running client statement",
    "getpgusername": "use current_user", "pg_client_encoding": _SERVER,
    "getdatabaseencoding": _SERVER,
    # replication and WAL
    "pg_switch_wal": _REPL, "pg_create_restore_point": _REPL,
    "pg_logical_emit_message": _REPL, "pg_current_wal_lsn": _REPL,
    "pg_current_wal_insert_lsn": _REPL, "pg_current_wal_flush_lsn": _REPL,
    "pg_walfile_name": _REPL, "pg_walfile_name_offset": _REPL, "pg_wal_lsn_diff": _REPL,
    "pg_wal_replay_pause": _REPL, "pg_wal_replay_resume": _REPL,
    "pg_backup_start": _REPL, "pg_backup_stop": _REPL, "pg_export_snapshot": _REPL,
    "pg_create_physical_replication_slot": _REPL, "pg_create_logical_replication_slot": _REPL,
    "pg_drop_replication_slot": _REPL, "pg_copy_physical_replication_slot": _REPL,
    "pg_copy_logical_replication_slot": _REPL, "pg_replication_slot_advance": _REPL,
    "pg_logical_slot_get_changes": _REPL, "pg_logical_slot_peek_changes": _REPL,
    "pg_logical_slot_get_binary_changes": _REPL, "pg_logical_slot_peek_binary_changes": _REPL,
    "pg_replication_origin_create": _REPL, "pg_replication_origin_drop": _REPL,
    "pg_replication_origin_session_setup": _REPL, "pg_get_replication_slots": _REPL,
    # transaction ids and snapshots
    "txid_current": _XID, "txid_current_if_assigned": _XID, "txid_current_snapshot": _XID,
    "txid_snapshot_xip": _XID, "txid_snapshot_xmax": _XID, "txid_snapshot_xmin": _XID,
    "txid_status": _XID, "txid_visible_in_snapshot": _XID,
    "pg_current_xact_id": _XID, "pg_current_xact_id_if_assigned": _XID,
    "pg_current_snapshot": _XID, "pg_snapshot_xip": _XID, "pg_snapshot_xmax": _XID,
    "pg_snapshot_xmin": _XID, "pg_visible_in_snapshot": _XID, "pg_xact_status": _XID,
    "pg_xact_commit_timestamp": _XID, "pg_xact_commit_timestamp_origin": _XID,
    "pg_last_committed_xact": _XID, "mxid_age": _XID, "pg_get_multixact_members": _XID,
    # XML
    "xml": _XML, "xpath": _XML, "xpath_exists": _XML, "xmlexists": _XML, "xmlagg": _XML,
    "xmlcomment": _XML, "xmlconcat2": _XML, "xmlvalidate": _XML, "xml_is_well_formed": _XML,
    "xml_is_well_formed_content": _XML, "xml_is_well_formed_document": _XML,
    # internal trigger and handler functions
    "RI_FKey_check_ins": _INTERNAL, "RI_FKey_cascade_del": _INTERNAL,
    "unique_key_recheck": _INTERNAL, "plpgsql_call_handler": _INTERNAL,
    "plpgsql_validator": _INTERNAL, "fmgr_c_validator": _INTERNAL,
    "fmgr_internal_validator": _INTERNAL, "fmgr_sql_validator": _INTERNAL,
    "regclassin": "type input of regclass resolves any relation name",
    "textin": _INTERNAL,
    "brin_summarize_range": "index maintenance", "brin_summarize_new_values": "index maintenance",
    "brin_desummarize_range": "index maintenance", "gin_clean_pending_list": "index maintenance",
}

# Dangerous names PostgreSQL 16-18 added (the parser, pglast 8, knows newer syntax): not in
# the PostgreSQL 15 catalog, but named here so the message stays specific after an upgrade.
DENIED_LATER_FUNCTIONS: dict[str, str] = {
    "pg_input_is_valid": "reveals other schemas' type and object names (reg* input)",
    "pg_input_error_info": "reveals other schemas' type and object names (reg* input)",
    "pg_get_acl": _PRIV,
    "has_largeobject_privilege": _PRIV,
    "pg_basetype": _CATALOG_OID,
    "pg_column_toast_chunk_id": _CATALOG_OID,
    "pg_ls_summariesdir": _FILES,
    "pg_split_walfile_name": _REPL,
    "pg_log_standby_snapshot": _REPL,
    "pg_sync_replication_slots": _REPL,
    "pg_get_loaded_modules": _SERVER,
    "system_user": "reveals the authenticated login identity",
}

# Generic reasons by prefix, checked in order (the first match wins).
DENY_PREFIXES: tuple[tuple[str, str], ...] = (
    ("pg_read_", _FILES),
    ("pg_ls_", _FILES),
    ("pg_stat_", _STATS),
    ("pg_advisory", _ADVISORY),
    ("pg_try_advisory", _ADVISORY),
    ("pg_get_", _OBJDEF),
    ("pg_replication_", _REPL),
    ("pg_logical_", _REPL),
    ("pg_wal_", _REPL),
    ("pg_last_", _REPL),
    ("pg_control_", _SERVER),
    ("pg_sleep", _SLEEP),
    ("has_", _PRIV),
    ("lo_", _LO),
    ("dblink", "connects to other databases"),
    ("to_reg", _CATALOG_NAME),
    ("txid_", _XID),
    ("binary_upgrade_", _SERVER),
    ("xml", _XML),
    ("brin_", "index maintenance"),
    ("gin_", _INTERNAL),
    ("gist_", _INTERNAL),
    ("spg_", _INTERNAL),
)

GENERIC_DENY_REASON = "not on the allow-list of built-in functions"


def deny_reason(name: str) -> str:
    """Why a built-in function name is refused: specific, by prefix, or generic.

    ``name`` is the function's name as the parser gives it (already case-folded for an
    unquoted name). Returns ``GENERIC_DENY_REASON`` for any name without a better reason,
    including allowed names (callers ask only after :func:`is_allowed_function` said no).
    """
    key = name if name in DENIED_FUNCTIONS or name in DENIED_LATER_FUNCTIONS else name.lower()
    if key in DENIED_FUNCTIONS:
        return DENIED_FUNCTIONS[key]
    if key in DENIED_LATER_FUNCTIONS:
        return DENIED_LATER_FUNCTIONS[key]
    for prefix, reason in DENY_PREFIXES:
        if key.startswith(prefix):
            return reason
    return GENERIC_DENY_REASON


def is_allowed_function(name: str) -> bool:
    """True when an unqualified or ``pg_catalog.``-qualified call of ``name`` may pass.

    Exact match: the parser has already folded unquoted names to lower case, so a quoted
    ``"NOW"`` names a different (non-existent) function and is refused.
    """
    return name in ALLOWED_FUNCTIONS


# --------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------

_REG = "reg* types resolve object names and oids in every schema (other tenants' objects)"
_PSEUDO = "pseudo-type for C-language and internal functions"
_SYSTEM = "system/internal type"

DENIED_TYPES: dict[str, str] = {
    "regclass": _REG, "regproc": _REG, "regprocedure": _REG, "regoper": _REG,
    "regoperator": _REG, "regtype": _REG, "regnamespace": _REG, "regrole": _REG,
    "regcollation": _REG,
    "regconfig": _REG + "; pass the configuration name as a plain string: "
                 "to_tsvector('english', body)",
    "regdictionary": _REG,
    "pg_node_tree": _SYSTEM, "pg_ndistinct": _SYSTEM, "pg_dependencies": _SYSTEM,
    "pg_mcv_list": _SYSTEM, "pg_ddl_command": _PSEUDO, "pg_lsn": "WAL positions (replication)",
    "pg_snapshot": _XID, "txid_snapshot": _XID, "pg_brin_bloom_summary": _SYSTEM,
    "pg_brin_minmax_multi_summary": _SYSTEM,
    "aclitem": _PRIV, "int2vector": _SYSTEM, "oidvector": _SYSTEM, "gtsvector": _SYSTEM,
    "cstring": _PSEUDO, "internal": _PSEUDO, "language_handler": _PSEUDO,
    "fdw_handler": _PSEUDO, "index_am_handler": _PSEUDO, "table_am_handler": _PSEUDO,
    "tsm_handler": _PSEUDO, "event_trigger": "event triggers need a superuser",
}

# reg* types PostgreSQL 16-18 added (not in the PostgreSQL 15 catalog).
DENIED_LATER_TYPES: dict[str, str] = {"regdatabase": _REG}

_SYSTEM_PREFIX_REASON = "system catalog row types and internal pg_* types"


def type_deny_reason(name: str) -> str | None:
    """Why a pg_catalog (or unqualified) type name is refused, or None when it is allowed.

    Array type names (``_regclass``) are judged by their element type. Besides the names in
    :data:`DENIED_TYPES`, every ``pg_*`` name is refused: the row types of the system
    catalogs and views (``pg_authid``, ``pg_class``, ``pg_settings``...) and the internal
    ``pg_*`` types. Every other pg_catalog type is allowed.
    """
    base = name[1:] if name.startswith("_") else name
    if base in DENIED_TYPES:
        return DENIED_TYPES[base]
    if base in DENIED_LATER_TYPES:
        return DENIED_LATER_TYPES[base]
    if base.startswith("pg_"):
        return _SYSTEM_PREFIX_REASON
    return None


# --------------------------------------------------------------------------------------
# Other small sets the wall needs
# --------------------------------------------------------------------------------------

# SET LOCAL <name> is allowed only for these, and only to lower the base's limit.
SET_ALLOWED: frozenset[str] = frozenset({"statement_timeout", "lock_timeout"})

# A function's SET clause may only pin search_path, to '' or to the base's own schema.
FUNCTION_SET_ALLOWED: frozenset[str] = frozenset({"search_path"})

# Languages tenant functions, procedures and DO blocks may use.
ALLOWED_LANGUAGES: frozenset[str] = frozenset({"sql", "plpgsql"})

# auth.<name>() functions tenant SQL may call (the only references into schema auth).
AUTH_FUNCTIONS: frozenset[str] = frozenset({"uid", "role", "jwt"})

# Roles tenant SQL may GRANT to (besides nothing else); never WITH GRANT OPTION.
GRANTEE_ROLES: frozenset[str] = frozenset({"anon", "authenticated"})
