"""A snapshot of PostgreSQL 15's ``pg_catalog``: every function overload and type name.

Generated from a scratch PostgreSQL 15.20 (Debian 15.20-0+deb12u1) (``initdb`` defaults) by the query in
``_QUERY`` below; regenerate with::

    python -m dbagent_plpy.pg15_functions "host=... dbname=postgres" > plpy/dbagent_plpy/pg15_functions.py

It is test data: the built-in allow-list in ``builtins.py`` is checked against it without a
server (every allowed or specially denied name exists; no allowed overload takes an argument
that names catalog objects). Nothing in the parse wall imports it at run time.

Each line of ``_SIGNATURES`` is ``name(argtype,...) kind rettype``: input argument types as
``format_type`` prints them, ``kind`` is ``pg_proc.prokind`` (f function, a aggregate,
w window, p procedure), ``rettype`` is prefixed by ``setof`` for set-returning functions.
"""

from __future__ import annotations

from typing import NamedTuple

SERVER_VERSION = '15.20 (Debian 15.20-0+deb12u1)'

_QUERY = """
select p.proname,
       coalesce((select string_agg(format_type(t, null), ',' order by i)
                 from unnest(p.proargtypes) with ordinality u(t, i)), ''),
       format_type(p.prorettype, null), p.proretset, p.prokind
from pg_proc p where p.pronamespace = 'pg_catalog'::regnamespace
order by 1, 2
"""
_TYPES_QUERY = "select typname from pg_type where typnamespace = 'pg_catalog'::regnamespace order by 1"
_TS_CONFIGS_QUERY = (
    "select cfgname from pg_ts_config where cfgnamespace = 'pg_catalog'::regnamespace order by 1"
)


class Overload(NamedTuple):
    name: str
    argtypes: tuple[str, ...]
    kind: str
    rettype: str


def _parse(text: str) -> dict[str, tuple[Overload, ...]]:
    out: dict[str, list[Overload]] = {}
    for line in text.strip().splitlines():
        head, _, rest = line.partition(")")
        name, _, args = head.partition("(")
        kind, _, ret = rest.strip().partition(" ")
        argtypes = tuple(args.split(",")) if args else ()
        out.setdefault(name, []).append(Overload(name, argtypes, kind, ret))
    return {k: tuple(v) for k, v in out.items()}


def _generate(dsn: str) -> str:  # pragma: no cover - run by hand against a PG 15 server
    import psycopg

    with psycopg.connect(dsn) as conn:
        version = conn.execute("show server_version").fetchone()[0]
        rows = conn.execute(_QUERY).fetchall()
        types = [r[0] for r in conn.execute(_TYPES_QUERY)]
        configs = [r[0] for r in conn.execute(_TS_CONFIGS_QUERY)]
    sigs = "\n".join(
        f"{n}({a}) {k} {'setof ' if s else ''}{r}" for n, a, r, s, k in rows
    )
    src = open(__file__, encoding="utf-8").read()
    head = src[: src.index("\n# --- generated data below") + 1]
    head = head.replace(repr(SERVER_VERSION), repr(version), 1)

    def words(ws: list[str]) -> str:
        return "".join(f"    {w!r},\n" for w in ws)

    return (
        head
        + "# --- generated data below (do not edit by hand) ---\n\n"
        + f"PG15_TYPE_NAMES: frozenset[str] = frozenset((\n{words(types)}))\n\n"
        + f"PG15_TS_CONFIGS: frozenset[str] = frozenset((\n{words(configs)}))\n\n"
        + f'_SIGNATURES = """\n{sigs}\n"""\n\n'
        + _TAIL
    )


_TAIL = """\
PG15_SIGNATURES: dict[str, tuple[Overload, ...]] = _parse(_SIGNATURES)
PG15_FUNCTION_NAMES: frozenset[str] = frozenset(PG15_SIGNATURES)

if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(_generate(sys.argv[1]))
"""

# --- generated data below (do not edit by hand) ---

PG15_TYPE_NAMES: frozenset[str] = frozenset((
    '_aclitem',
    '_bit',
    '_bool',
    '_box',
    '_bpchar',
    '_bytea',
    '_char',
    '_cid',
    '_cidr',
    '_circle',
    '_cstring',
    '_date',
    '_datemultirange',
    '_daterange',
    '_float4',
    '_float8',
    '_gtsvector',
    '_inet',
    '_int2',
    '_int2vector',
    '_int4',
    '_int4multirange',
    '_int4range',
    '_int8',
    '_int8multirange',
    '_int8range',
    '_interval',
    '_json',
    '_jsonb',
    '_jsonpath',
    '_line',
    '_lseg',
    '_macaddr',
    '_macaddr8',
    '_money',
    '_name',
    '_numeric',
    '_nummultirange',
    '_numrange',
    '_oid',
    '_oidvector',
    '_path',
    '_pg_aggregate',
    '_pg_am',
    '_pg_amop',
    '_pg_amproc',
    '_pg_attrdef',
    '_pg_attribute',
    '_pg_auth_members',
    '_pg_authid',
    '_pg_available_extension_versions',
    '_pg_available_extensions',
    '_pg_backend_memory_contexts',
    '_pg_cast',
    '_pg_class',
    '_pg_collation',
    '_pg_config',
    '_pg_constraint',
    '_pg_conversion',
    '_pg_cursors',
    '_pg_database',
    '_pg_db_role_setting',
    '_pg_default_acl',
    '_pg_depend',
    '_pg_description',
    '_pg_enum',
    '_pg_event_trigger',
    '_pg_extension',
    '_pg_file_settings',
    '_pg_foreign_data_wrapper',
    '_pg_foreign_server',
    '_pg_foreign_table',
    '_pg_group',
    '_pg_hba_file_rules',
    '_pg_ident_file_mappings',
    '_pg_index',
    '_pg_indexes',
    '_pg_inherits',
    '_pg_init_privs',
    '_pg_language',
    '_pg_largeobject',
    '_pg_largeobject_metadata',
    '_pg_locks',
    '_pg_lsn',
    '_pg_matviews',
    '_pg_namespace',
    '_pg_opclass',
    '_pg_operator',
    '_pg_opfamily',
    '_pg_parameter_acl',
    '_pg_partitioned_table',
    '_pg_policies',
    '_pg_policy',
    '_pg_prepared_statements',
    '_pg_prepared_xacts',
    '_pg_proc',
    '_pg_publication',
    '_pg_publication_namespace',
    '_pg_publication_rel',
    '_pg_publication_tables',
    '_pg_range',
    '_pg_replication_origin',
    '_pg_replication_origin_status',
    '_pg_replication_slots',
    '_pg_rewrite',
    '_pg_roles',
    '_pg_rules',
    '_pg_seclabel',
    '_pg_seclabels',
    '_pg_sequence',
    '_pg_sequences',
    '_pg_settings',
    '_pg_shadow',
    '_pg_shdepend',
    '_pg_shdescription',
    '_pg_shmem_allocations',
    '_pg_shseclabel',
    '_pg_snapshot',
    '_pg_stat_activity',
    '_pg_stat_all_indexes',
    '_pg_stat_all_tables',
    '_pg_stat_archiver',
    '_pg_stat_bgwriter',
    '_pg_stat_database',
    '_pg_stat_database_conflicts',
    '_pg_stat_gssapi',
    '_pg_stat_progress_analyze',
    '_pg_stat_progress_basebackup',
    '_pg_stat_progress_cluster',
    '_pg_stat_progress_copy',
    '_pg_stat_progress_create_index',
    '_pg_stat_progress_vacuum',
    '_pg_stat_recovery_prefetch',
    '_pg_stat_replication',
    '_pg_stat_replication_slots',
    '_pg_stat_slru',
    '_pg_stat_ssl',
    '_pg_stat_subscription',
    '_pg_stat_subscription_stats',
    '_pg_stat_sys_indexes',
    '_pg_stat_sys_tables',
    '_pg_stat_user_functions',
    '_pg_stat_user_indexes',
    '_pg_stat_user_tables',
    '_pg_stat_wal',
    '_pg_stat_wal_receiver',
    '_pg_stat_xact_all_tables',
    '_pg_stat_xact_sys_tables',
    '_pg_stat_xact_user_functions',
    '_pg_stat_xact_user_tables',
    '_pg_statio_all_indexes',
    '_pg_statio_all_sequences',
    '_pg_statio_all_tables',
    '_pg_statio_sys_indexes',
    '_pg_statio_sys_sequences',
    '_pg_statio_sys_tables',
    '_pg_statio_user_indexes',
    '_pg_statio_user_sequences',
    '_pg_statio_user_tables',
    '_pg_statistic',
    '_pg_statistic_ext',
    '_pg_statistic_ext_data',
    '_pg_stats',
    '_pg_stats_ext',
    '_pg_stats_ext_exprs',
    '_pg_subscription',
    '_pg_subscription_rel',
    '_pg_tables',
    '_pg_tablespace',
    '_pg_timezone_abbrevs',
    '_pg_timezone_names',
    '_pg_transform',
    '_pg_trigger',
    '_pg_ts_config',
    '_pg_ts_config_map',
    '_pg_ts_dict',
    '_pg_ts_parser',
    '_pg_ts_template',
    '_pg_type',
    '_pg_user',
    '_pg_user_mapping',
    '_pg_user_mappings',
    '_pg_views',
    '_point',
    '_polygon',
    '_record',
    '_refcursor',
    '_regclass',
    '_regcollation',
    '_regconfig',
    '_regdictionary',
    '_regnamespace',
    '_regoper',
    '_regoperator',
    '_regproc',
    '_regprocedure',
    '_regrole',
    '_regtype',
    '_text',
    '_tid',
    '_time',
    '_timestamp',
    '_timestamptz',
    '_timetz',
    '_tsmultirange',
    '_tsquery',
    '_tsrange',
    '_tstzmultirange',
    '_tstzrange',
    '_tsvector',
    '_txid_snapshot',
    '_uuid',
    '_varbit',
    '_varchar',
    '_xid',
    '_xid8',
    '_xml',
    'aclitem',
    'any',
    'anyarray',
    'anycompatible',
    'anycompatiblearray',
    'anycompatiblemultirange',
    'anycompatiblenonarray',
    'anycompatiblerange',
    'anyelement',
    'anyenum',
    'anymultirange',
    'anynonarray',
    'anyrange',
    'bit',
    'bool',
    'box',
    'bpchar',
    'bytea',
    'char',
    'cid',
    'cidr',
    'circle',
    'cstring',
    'date',
    'datemultirange',
    'daterange',
    'event_trigger',
    'fdw_handler',
    'float4',
    'float8',
    'gtsvector',
    'index_am_handler',
    'inet',
    'int2',
    'int2vector',
    'int4',
    'int4multirange',
    'int4range',
    'int8',
    'int8multirange',
    'int8range',
    'internal',
    'interval',
    'json',
    'jsonb',
    'jsonpath',
    'language_handler',
    'line',
    'lseg',
    'macaddr',
    'macaddr8',
    'money',
    'name',
    'numeric',
    'nummultirange',
    'numrange',
    'oid',
    'oidvector',
    'path',
    'pg_aggregate',
    'pg_am',
    'pg_amop',
    'pg_amproc',
    'pg_attrdef',
    'pg_attribute',
    'pg_auth_members',
    'pg_authid',
    'pg_available_extension_versions',
    'pg_available_extensions',
    'pg_backend_memory_contexts',
    'pg_brin_bloom_summary',
    'pg_brin_minmax_multi_summary',
    'pg_cast',
    'pg_class',
    'pg_collation',
    'pg_config',
    'pg_constraint',
    'pg_conversion',
    'pg_cursors',
    'pg_database',
    'pg_db_role_setting',
    'pg_ddl_command',
    'pg_default_acl',
    'pg_depend',
    'pg_dependencies',
    'pg_description',
    'pg_enum',
    'pg_event_trigger',
    'pg_extension',
    'pg_file_settings',
    'pg_foreign_data_wrapper',
    'pg_foreign_server',
    'pg_foreign_table',
    'pg_group',
    'pg_hba_file_rules',
    'pg_ident_file_mappings',
    'pg_index',
    'pg_indexes',
    'pg_inherits',
    'pg_init_privs',
    'pg_language',
    'pg_largeobject',
    'pg_largeobject_metadata',
    'pg_locks',
    'pg_lsn',
    'pg_matviews',
    'pg_mcv_list',
    'pg_namespace',
    'pg_ndistinct',
    'pg_node_tree',
    'pg_opclass',
    'pg_operator',
    'pg_opfamily',
    'pg_parameter_acl',
    'pg_partitioned_table',
    'pg_policies',
    'pg_policy',
    'pg_prepared_statements',
    'pg_prepared_xacts',
    'pg_proc',
    'pg_publication',
    'pg_publication_namespace',
    'pg_publication_rel',
    'pg_publication_tables',
    'pg_range',
    'pg_replication_origin',
    'pg_replication_origin_status',
    'pg_replication_slots',
    'pg_rewrite',
    'pg_roles',
    'pg_rules',
    'pg_seclabel',
    'pg_seclabels',
    'pg_sequence',
    'pg_sequences',
    'pg_settings',
    'pg_shadow',
    'pg_shdepend',
    'pg_shdescription',
    'pg_shmem_allocations',
    'pg_shseclabel',
    'pg_snapshot',
    'pg_stat_activity',
    'pg_stat_all_indexes',
    'pg_stat_all_tables',
    'pg_stat_archiver',
    'pg_stat_bgwriter',
    'pg_stat_database',
    'pg_stat_database_conflicts',
    'pg_stat_gssapi',
    'pg_stat_progress_analyze',
    'pg_stat_progress_basebackup',
    'pg_stat_progress_cluster',
    'pg_stat_progress_copy',
    'pg_stat_progress_create_index',
    'pg_stat_progress_vacuum',
    'pg_stat_recovery_prefetch',
    'pg_stat_replication',
    'pg_stat_replication_slots',
    'pg_stat_slru',
    'pg_stat_ssl',
    'pg_stat_subscription',
    'pg_stat_subscription_stats',
    'pg_stat_sys_indexes',
    'pg_stat_sys_tables',
    'pg_stat_user_functions',
    'pg_stat_user_indexes',
    'pg_stat_user_tables',
    'pg_stat_wal',
    'pg_stat_wal_receiver',
    'pg_stat_xact_all_tables',
    'pg_stat_xact_sys_tables',
    'pg_stat_xact_user_functions',
    'pg_stat_xact_user_tables',
    'pg_statio_all_indexes',
    'pg_statio_all_sequences',
    'pg_statio_all_tables',
    'pg_statio_sys_indexes',
    'pg_statio_sys_sequences',
    'pg_statio_sys_tables',
    'pg_statio_user_indexes',
    'pg_statio_user_sequences',
    'pg_statio_user_tables',
    'pg_statistic',
    'pg_statistic_ext',
    'pg_statistic_ext_data',
    'pg_stats',
    'pg_stats_ext',
    'pg_stats_ext_exprs',
    'pg_subscription',
    'pg_subscription_rel',
    'pg_tables',
    'pg_tablespace',
    'pg_timezone_abbrevs',
    'pg_timezone_names',
    'pg_transform',
    'pg_trigger',
    'pg_ts_config',
    'pg_ts_config_map',
    'pg_ts_dict',
    'pg_ts_parser',
    'pg_ts_template',
    'pg_type',
    'pg_user',
    'pg_user_mapping',
    'pg_user_mappings',
    'pg_views',
    'point',
    'polygon',
    'record',
    'refcursor',
    'regclass',
    'regcollation',
    'regconfig',
    'regdictionary',
    'regnamespace',
    'regoper',
    'regoperator',
    'regproc',
    'regprocedure',
    'regrole',
    'regtype',
    'table_am_handler',
    'text',
    'tid',
    'time',
    'timestamp',
    'timestamptz',
    'timetz',
    'trigger',
    'tsm_handler',
    'tsmultirange',
    'tsquery',
    'tsrange',
    'tstzmultirange',
    'tstzrange',
    'tsvector',
    'txid_snapshot',
    'unknown',
    'uuid',
    'varbit',
    'varchar',
    'void',
    'xid',
    'xid8',
    'xml',
))

PG15_TS_CONFIGS: frozenset[str] = frozenset((
    'arabic',
    'armenian',
    'basque',
    'catalan',
    'danish',
    'dutch',
    'english',
    'finnish',
    'french',
    'german',
    'greek',
    'hindi',
    'hungarian',
    'indonesian',
    'irish',
    'italian',
    'lithuanian',
    'nepali',
    'norwegian',
    'portuguese',
    'romanian',
    'russian',
    'serbian',
    'simple',
    'spanish',
    'swedish',
    'tamil',
    'turkish',
    'yiddish',
))

_SIGNATURES = """
RI_FKey_cascade_del() f trigger
RI_FKey_cascade_upd() f trigger
RI_FKey_check_ins() f trigger
RI_FKey_check_upd() f trigger
RI_FKey_noaction_del() f trigger
RI_FKey_noaction_upd() f trigger
RI_FKey_restrict_del() f trigger
RI_FKey_restrict_upd() f trigger
RI_FKey_setdefault_del() f trigger
RI_FKey_setdefault_upd() f trigger
RI_FKey_setnull_del() f trigger
RI_FKey_setnull_upd() f trigger
abbrev(cidr) f text
abbrev(inet) f text
abs(bigint) f bigint
abs(double precision) f double precision
abs(integer) f integer
abs(numeric) f numeric
abs(real) f real
abs(smallint) f smallint
aclcontains(aclitem[],aclitem) f boolean
acldefault("char",oid) f aclitem[]
aclexplode(aclitem[]) f setof record
aclinsert(aclitem[],aclitem) f aclitem[]
aclitemeq(aclitem,aclitem) f boolean
aclitemin(cstring) f aclitem
aclitemout(aclitem) f cstring
aclremove(aclitem[],aclitem) f aclitem[]
acos(double precision) f double precision
acosd(double precision) f double precision
acosh(double precision) f double precision
age(timestamp with time zone) f interval
age(timestamp with time zone,timestamp with time zone) f interval
age(timestamp without time zone) f interval
age(timestamp without time zone,timestamp without time zone) f interval
age(xid) f integer
amvalidate(oid) f boolean
any_in(cstring) f "any"
any_out("any") f cstring
anyarray_in(cstring) f anyarray
anyarray_out(anyarray) f cstring
anyarray_recv(internal) f anyarray
anyarray_send(anyarray) f bytea
anycompatible_in(cstring) f anycompatible
anycompatible_out(anycompatible) f cstring
anycompatiblearray_in(cstring) f anycompatiblearray
anycompatiblearray_out(anycompatiblearray) f cstring
anycompatiblearray_recv(internal) f anycompatiblearray
anycompatiblearray_send(anycompatiblearray) f bytea
anycompatiblemultirange_in(cstring,oid,integer) f anycompatiblemultirange
anycompatiblemultirange_out(anycompatiblemultirange) f cstring
anycompatiblenonarray_in(cstring) f anycompatiblenonarray
anycompatiblenonarray_out(anycompatiblenonarray) f cstring
anycompatiblerange_in(cstring,oid,integer) f anycompatiblerange
anycompatiblerange_out(anycompatiblerange) f cstring
anyelement_in(cstring) f anyelement
anyelement_out(anyelement) f cstring
anyenum_in(cstring) f anyenum
anyenum_out(anyenum) f cstring
anymultirange_in(cstring,oid,integer) f anymultirange
anymultirange_out(anymultirange) f cstring
anynonarray_in(cstring) f anynonarray
anynonarray_out(anynonarray) f cstring
anyrange_in(cstring,oid,integer) f anyrange
anyrange_out(anyrange) f cstring
anytextcat(anynonarray,text) f text
area(box) f double precision
area(circle) f double precision
area(path) f double precision
areajoinsel(internal,oid,internal,smallint,internal) f double precision
areasel(internal,oid,internal,integer) f double precision
array_agg(anyarray) a anyarray
array_agg(anynonarray) a anyarray
array_agg_array_finalfn(internal,anyarray) f anyarray
array_agg_array_transfn(internal,anyarray) f internal
array_agg_finalfn(internal,anynonarray) f anyarray
array_agg_transfn(internal,anynonarray) f internal
array_append(anycompatiblearray,anycompatible) f anycompatiblearray
array_cat(anycompatiblearray,anycompatiblearray) f anycompatiblearray
array_dims(anyarray) f text
array_eq(anyarray,anyarray) f boolean
array_fill(anyelement,integer[]) f anyarray
array_fill(anyelement,integer[],integer[]) f anyarray
array_ge(anyarray,anyarray) f boolean
array_gt(anyarray,anyarray) f boolean
array_in(cstring,oid,integer) f anyarray
array_larger(anyarray,anyarray) f anyarray
array_le(anyarray,anyarray) f boolean
array_length(anyarray,integer) f integer
array_lower(anyarray,integer) f integer
array_lt(anyarray,anyarray) f boolean
array_ndims(anyarray) f integer
array_ne(anyarray,anyarray) f boolean
array_out(anyarray) f cstring
array_position(anycompatiblearray,anycompatible) f integer
array_position(anycompatiblearray,anycompatible,integer) f integer
array_positions(anycompatiblearray,anycompatible) f integer[]
array_prepend(anycompatible,anycompatiblearray) f anycompatiblearray
array_recv(internal,oid,integer) f anyarray
array_remove(anycompatiblearray,anycompatible) f anycompatiblearray
array_replace(anycompatiblearray,anycompatible,anycompatible) f anycompatiblearray
array_send(anyarray) f bytea
array_smaller(anyarray,anyarray) f anyarray
array_subscript_handler(internal) f internal
array_to_json(anyarray) f json
array_to_json(anyarray,boolean) f json
array_to_string(anyarray,text) f text
array_to_string(anyarray,text,text) f text
array_to_tsvector(text[]) f tsvector
array_typanalyze(internal) f boolean
array_unnest_support(internal) f internal
array_upper(anyarray,integer) f integer
arraycontained(anyarray,anyarray) f boolean
arraycontains(anyarray,anyarray) f boolean
arraycontjoinsel(internal,oid,internal,smallint,internal) f double precision
arraycontsel(internal,oid,internal,integer) f double precision
arrayoverlap(anyarray,anyarray) f boolean
ascii(text) f integer
asin(double precision) f double precision
asind(double precision) f double precision
asinh(double precision) f double precision
atan(double precision) f double precision
atan2(double precision,double precision) f double precision
atan2d(double precision,double precision) f double precision
atand(double precision) f double precision
atanh(double precision) f double precision
avg(bigint) a numeric
avg(double precision) a double precision
avg(integer) a numeric
avg(interval) a interval
avg(numeric) a numeric
avg(real) a double precision
avg(smallint) a numeric
bernoulli(internal) f tsm_handler
big5_to_euc_tw(integer,integer,cstring,internal,integer,boolean) f integer
big5_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
big5_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
binary_upgrade_create_empty_extension(text,text,boolean,text,oid[],text[],text[]) f void
binary_upgrade_set_missing_value(oid,text,text) f void
binary_upgrade_set_next_array_pg_type_oid(oid) f void
binary_upgrade_set_next_attribute_versions(pg_lsn[]) f void
binary_upgrade_set_next_heap_pg_class_oid(oid) f void
binary_upgrade_set_next_heap_relfilenode(oid) f void
binary_upgrade_set_next_index_pg_class_oid(oid) f void
binary_upgrade_set_next_index_relfilenode(oid) f void
binary_upgrade_set_next_multirange_array_pg_type_oid(oid) f void
binary_upgrade_set_next_multirange_pg_type_oid(oid) f void
binary_upgrade_set_next_pg_authid_oid(oid) f void
binary_upgrade_set_next_pg_enum_oid(oid) f void
binary_upgrade_set_next_pg_tablespace_oid(oid) f void
binary_upgrade_set_next_pg_type_oid(oid) f void
binary_upgrade_set_next_toast_pg_class_oid(oid) f void
binary_upgrade_set_next_toast_relfilenode(oid) f void
binary_upgrade_set_record_init_privs(boolean) f void
bit(bigint,integer) f bit
bit(bit,integer,boolean) f bit
bit(integer,integer) f bit
bit_and(bigint) a bigint
bit_and(bit) a bit
bit_and(integer) a integer
bit_and(smallint) a smallint
bit_count(bit) f bigint
bit_count(bytea) f bigint
bit_in(cstring,oid,integer) f bit
bit_length(bit) f integer
bit_length(bytea) f integer
bit_length(text) f integer
bit_or(bigint) a bigint
bit_or(bit) a bit
bit_or(integer) a integer
bit_or(smallint) a smallint
bit_out(bit) f cstring
bit_recv(internal,oid,integer) f bit
bit_send(bit) f bytea
bit_xor(bigint) a bigint
bit_xor(bit) a bit
bit_xor(integer) a integer
bit_xor(smallint) a smallint
bitand(bit,bit) f bit
bitcat(bit varying,bit varying) f bit varying
bitcmp(bit,bit) f integer
biteq(bit,bit) f boolean
bitge(bit,bit) f boolean
bitgt(bit,bit) f boolean
bitle(bit,bit) f boolean
bitlt(bit,bit) f boolean
bitne(bit,bit) f boolean
bitnot(bit) f bit
bitor(bit,bit) f bit
bitshiftleft(bit,integer) f bit
bitshiftright(bit,integer) f bit
bittypmodin(cstring[]) f integer
bittypmodout(integer) f cstring
bitxor(bit,bit) f bit
bool(integer) f boolean
bool(jsonb) f boolean
bool_accum(internal,boolean) f internal
bool_accum_inv(internal,boolean) f internal
bool_alltrue(internal) f boolean
bool_and(boolean) a boolean
bool_anytrue(internal) f boolean
bool_or(boolean) a boolean
booland_statefunc(boolean,boolean) f boolean
booleq(boolean,boolean) f boolean
boolge(boolean,boolean) f boolean
boolgt(boolean,boolean) f boolean
boolin(cstring) f boolean
boolle(boolean,boolean) f boolean
boollt(boolean,boolean) f boolean
boolne(boolean,boolean) f boolean
boolor_statefunc(boolean,boolean) f boolean
boolout(boolean) f cstring
boolrecv(internal) f boolean
boolsend(boolean) f bytea
bound_box(box,box) f box
box(circle) f box
box(point) f box
box(point,point) f box
box(polygon) f box
box_above(box,box) f boolean
box_above_eq(box,box) f boolean
box_add(box,point) f box
box_below(box,box) f boolean
box_below_eq(box,box) f boolean
box_center(box) f point
box_contain(box,box) f boolean
box_contain_pt(box,point) f boolean
box_contained(box,box) f boolean
box_distance(box,box) f double precision
box_div(box,point) f box
box_eq(box,box) f boolean
box_ge(box,box) f boolean
box_gt(box,box) f boolean
box_in(cstring) f box
box_intersect(box,box) f box
box_le(box,box) f boolean
box_left(box,box) f boolean
box_lt(box,box) f boolean
box_mul(box,point) f box
box_out(box) f cstring
box_overabove(box,box) f boolean
box_overbelow(box,box) f boolean
box_overlap(box,box) f boolean
box_overleft(box,box) f boolean
box_overright(box,box) f boolean
box_recv(internal) f box
box_right(box,box) f boolean
box_same(box,box) f boolean
box_send(box) f bytea
box_sub(box,point) f box
bpchar("char") f character
bpchar(character,integer,boolean) f character
bpchar(name) f character
bpchar_larger(character,character) f character
bpchar_pattern_ge(character,character) f boolean
bpchar_pattern_gt(character,character) f boolean
bpchar_pattern_le(character,character) f boolean
bpchar_pattern_lt(character,character) f boolean
bpchar_smaller(character,character) f character
bpchar_sortsupport(internal) f void
bpcharcmp(character,character) f integer
bpchareq(character,character) f boolean
bpcharge(character,character) f boolean
bpchargt(character,character) f boolean
bpchariclike(character,text) f boolean
bpcharicnlike(character,text) f boolean
bpcharicregexeq(character,text) f boolean
bpcharicregexne(character,text) f boolean
bpcharin(cstring,oid,integer) f character
bpcharle(character,character) f boolean
bpcharlike(character,text) f boolean
bpcharlt(character,character) f boolean
bpcharne(character,character) f boolean
bpcharnlike(character,text) f boolean
bpcharout(character) f cstring
bpcharrecv(internal,oid,integer) f character
bpcharregexeq(character,text) f boolean
bpcharregexne(character,text) f boolean
bpcharsend(character) f bytea
bpchartypmodin(cstring[]) f integer
bpchartypmodout(integer) f cstring
brin_bloom_add_value(internal,internal,internal,internal) f boolean
brin_bloom_consistent(internal,internal,internal,integer) f boolean
brin_bloom_opcinfo(internal) f internal
brin_bloom_options(internal) f void
brin_bloom_summary_in(cstring) f pg_brin_bloom_summary
brin_bloom_summary_out(pg_brin_bloom_summary) f cstring
brin_bloom_summary_recv(internal) f pg_brin_bloom_summary
brin_bloom_summary_send(pg_brin_bloom_summary) f bytea
brin_bloom_union(internal,internal,internal) f boolean
brin_desummarize_range(regclass,bigint) f void
brin_inclusion_add_value(internal,internal,internal,internal) f boolean
brin_inclusion_consistent(internal,internal,internal) f boolean
brin_inclusion_opcinfo(internal) f internal
brin_inclusion_union(internal,internal,internal) f boolean
brin_minmax_add_value(internal,internal,internal,internal) f boolean
brin_minmax_consistent(internal,internal,internal) f boolean
brin_minmax_multi_add_value(internal,internal,internal,internal) f boolean
brin_minmax_multi_consistent(internal,internal,internal,integer) f boolean
brin_minmax_multi_distance_date(internal,internal) f double precision
brin_minmax_multi_distance_float4(internal,internal) f double precision
brin_minmax_multi_distance_float8(internal,internal) f double precision
brin_minmax_multi_distance_inet(internal,internal) f double precision
brin_minmax_multi_distance_int2(internal,internal) f double precision
brin_minmax_multi_distance_int4(internal,internal) f double precision
brin_minmax_multi_distance_int8(internal,internal) f double precision
brin_minmax_multi_distance_interval(internal,internal) f double precision
brin_minmax_multi_distance_macaddr(internal,internal) f double precision
brin_minmax_multi_distance_macaddr8(internal,internal) f double precision
brin_minmax_multi_distance_numeric(internal,internal) f double precision
brin_minmax_multi_distance_pg_lsn(internal,internal) f double precision
brin_minmax_multi_distance_tid(internal,internal) f double precision
brin_minmax_multi_distance_time(internal,internal) f double precision
brin_minmax_multi_distance_timestamp(internal,internal) f double precision
brin_minmax_multi_distance_timetz(internal,internal) f double precision
brin_minmax_multi_distance_uuid(internal,internal) f double precision
brin_minmax_multi_opcinfo(internal) f internal
brin_minmax_multi_options(internal) f void
brin_minmax_multi_summary_in(cstring) f pg_brin_minmax_multi_summary
brin_minmax_multi_summary_out(pg_brin_minmax_multi_summary) f cstring
brin_minmax_multi_summary_recv(internal) f pg_brin_minmax_multi_summary
brin_minmax_multi_summary_send(pg_brin_minmax_multi_summary) f bytea
brin_minmax_multi_union(internal,internal,internal) f boolean
brin_minmax_opcinfo(internal) f internal
brin_minmax_union(internal,internal,internal) f boolean
brin_summarize_new_values(regclass) f integer
brin_summarize_range(regclass,bigint) f integer
brinhandler(internal) f index_am_handler
broadcast(inet) f inet
btarraycmp(anyarray,anyarray) f integer
btboolcmp(boolean,boolean) f integer
btbpchar_pattern_cmp(character,character) f integer
btbpchar_pattern_sortsupport(internal) f void
btcharcmp("char","char") f integer
btequalimage(oid) f boolean
btfloat48cmp(real,double precision) f integer
btfloat4cmp(real,real) f integer
btfloat4sortsupport(internal) f void
btfloat84cmp(double precision,real) f integer
btfloat8cmp(double precision,double precision) f integer
btfloat8sortsupport(internal) f void
bthandler(internal) f index_am_handler
btint24cmp(smallint,integer) f integer
btint28cmp(smallint,bigint) f integer
btint2cmp(smallint,smallint) f integer
btint2sortsupport(internal) f void
btint42cmp(integer,smallint) f integer
btint48cmp(integer,bigint) f integer
btint4cmp(integer,integer) f integer
btint4sortsupport(internal) f void
btint82cmp(bigint,smallint) f integer
btint84cmp(bigint,integer) f integer
btint8cmp(bigint,bigint) f integer
btint8sortsupport(internal) f void
btnamecmp(name,name) f integer
btnamesortsupport(internal) f void
btnametextcmp(name,text) f integer
btoidcmp(oid,oid) f integer
btoidsortsupport(internal) f void
btoidvectorcmp(oidvector,oidvector) f integer
btrecordcmp(record,record) f integer
btrecordimagecmp(record,record) f integer
btrim(bytea,bytea) f bytea
btrim(text) f text
btrim(text,text) f text
bttext_pattern_cmp(text,text) f integer
bttext_pattern_sortsupport(internal) f void
bttextcmp(text,text) f integer
bttextnamecmp(text,name) f integer
bttextsortsupport(internal) f void
bttidcmp(tid,tid) f integer
btvarstrequalimage(oid) f boolean
bytea_sortsupport(internal) f void
bytea_string_agg_finalfn(internal) f bytea
bytea_string_agg_transfn(internal,bytea,bytea) f internal
byteacat(bytea,bytea) f bytea
byteacmp(bytea,bytea) f integer
byteaeq(bytea,bytea) f boolean
byteage(bytea,bytea) f boolean
byteagt(bytea,bytea) f boolean
byteain(cstring) f bytea
byteale(bytea,bytea) f boolean
bytealike(bytea,bytea) f boolean
bytealt(bytea,bytea) f boolean
byteane(bytea,bytea) f boolean
byteanlike(bytea,bytea) f boolean
byteaout(bytea) f cstring
bytearecv(internal) f bytea
byteasend(bytea) f bytea
cardinality(anyarray) f integer
cash_cmp(money,money) f integer
cash_div_cash(money,money) f double precision
cash_div_flt4(money,real) f money
cash_div_flt8(money,double precision) f money
cash_div_int2(money,smallint) f money
cash_div_int4(money,integer) f money
cash_div_int8(money,bigint) f money
cash_eq(money,money) f boolean
cash_ge(money,money) f boolean
cash_gt(money,money) f boolean
cash_in(cstring) f money
cash_le(money,money) f boolean
cash_lt(money,money) f boolean
cash_mi(money,money) f money
cash_mul_flt4(money,real) f money
cash_mul_flt8(money,double precision) f money
cash_mul_int2(money,smallint) f money
cash_mul_int4(money,integer) f money
cash_mul_int8(money,bigint) f money
cash_ne(money,money) f boolean
cash_out(money) f cstring
cash_pl(money,money) f money
cash_recv(internal) f money
cash_send(money) f bytea
cash_words(money) f text
cashlarger(money,money) f money
cashsmaller(money,money) f money
cbrt(double precision) f double precision
ceil(double precision) f double precision
ceil(numeric) f numeric
ceiling(double precision) f double precision
ceiling(numeric) f numeric
center(box) f point
center(circle) f point
char(integer) f "char"
char(text) f "char"
char_length(character) f integer
char_length(text) f integer
character_length(character) f integer
character_length(text) f integer
chareq("char","char") f boolean
charge("char","char") f boolean
chargt("char","char") f boolean
charin(cstring) f "char"
charle("char","char") f boolean
charlt("char","char") f boolean
charne("char","char") f boolean
charout("char") f cstring
charrecv(internal) f "char"
charsend("char") f bytea
chr(integer) f text
cideq(cid,cid) f boolean
cidin(cstring) f cid
cidout(cid) f cstring
cidr(inet) f cidr
cidr_in(cstring) f cidr
cidr_out(cidr) f cstring
cidr_recv(internal) f cidr
cidr_send(cidr) f bytea
cidrecv(internal) f cid
cidsend(cid) f bytea
circle(box) f circle
circle(point,double precision) f circle
circle(polygon) f circle
circle_above(circle,circle) f boolean
circle_add_pt(circle,point) f circle
circle_below(circle,circle) f boolean
circle_center(circle) f point
circle_contain(circle,circle) f boolean
circle_contain_pt(circle,point) f boolean
circle_contained(circle,circle) f boolean
circle_distance(circle,circle) f double precision
circle_div_pt(circle,point) f circle
circle_eq(circle,circle) f boolean
circle_ge(circle,circle) f boolean
circle_gt(circle,circle) f boolean
circle_in(cstring) f circle
circle_le(circle,circle) f boolean
circle_left(circle,circle) f boolean
circle_lt(circle,circle) f boolean
circle_mul_pt(circle,point) f circle
circle_ne(circle,circle) f boolean
circle_out(circle) f cstring
circle_overabove(circle,circle) f boolean
circle_overbelow(circle,circle) f boolean
circle_overlap(circle,circle) f boolean
circle_overleft(circle,circle) f boolean
circle_overright(circle,circle) f boolean
circle_recv(internal) f circle
circle_right(circle,circle) f boolean
circle_same(circle,circle) f boolean
circle_send(circle) f bytea
circle_sub_pt(circle,point) f circle
clock_timestamp() f timestamp with time zone
close_ls(line,lseg) f point
close_lseg(lseg,lseg) f point
close_pb(point,box) f point
close_pl(point,line) f point
close_ps(point,lseg) f point
close_sb(lseg,box) f point
col_description(oid,integer) f text
concat("any") f text
concat_ws(text,"any") f text
contjoinsel(internal,oid,internal,smallint,internal) f double precision
contsel(internal,oid,internal,integer) f double precision
convert(bytea,name,name) f bytea
convert_from(bytea,name) f text
convert_to(text,name) f bytea
corr(double precision,double precision) a double precision
cos(double precision) f double precision
cosd(double precision) f double precision
cosh(double precision) f double precision
cot(double precision) f double precision
cotd(double precision) f double precision
count() a bigint
count("any") a bigint
covar_pop(double precision,double precision) a double precision
covar_samp(double precision,double precision) a double precision
cstring_in(cstring) f cstring
cstring_out(cstring) f cstring
cstring_recv(internal) f cstring
cstring_send(cstring) f bytea
cume_dist() w double precision
cume_dist("any") a double precision
cume_dist_final(internal,"any") f double precision
current_database() f name
current_query() f text
current_schema() f name
current_schemas(boolean) f name[]
current_setting(text) f text
current_setting(text,boolean) f text
current_user() f name
currtid2(text,tid) f tid
currval(regclass) f bigint
cursor_to_xml(refcursor,integer,boolean,boolean,text) f xml
cursor_to_xmlschema(refcursor,boolean,boolean,text) f xml
database_to_xml(boolean,boolean,text) f xml
database_to_xml_and_xmlschema(boolean,boolean,text) f xml
database_to_xmlschema(boolean,boolean,text) f xml
date(timestamp with time zone) f date
date(timestamp without time zone) f date
date_bin(interval,timestamp with time zone,timestamp with time zone) f timestamp with time zone
date_bin(interval,timestamp without time zone,timestamp without time zone) f timestamp without time zone
date_cmp(date,date) f integer
date_cmp_timestamp(date,timestamp without time zone) f integer
date_cmp_timestamptz(date,timestamp with time zone) f integer
date_eq(date,date) f boolean
date_eq_timestamp(date,timestamp without time zone) f boolean
date_eq_timestamptz(date,timestamp with time zone) f boolean
date_ge(date,date) f boolean
date_ge_timestamp(date,timestamp without time zone) f boolean
date_ge_timestamptz(date,timestamp with time zone) f boolean
date_gt(date,date) f boolean
date_gt_timestamp(date,timestamp without time zone) f boolean
date_gt_timestamptz(date,timestamp with time zone) f boolean
date_in(cstring) f date
date_larger(date,date) f date
date_le(date,date) f boolean
date_le_timestamp(date,timestamp without time zone) f boolean
date_le_timestamptz(date,timestamp with time zone) f boolean
date_lt(date,date) f boolean
date_lt_timestamp(date,timestamp without time zone) f boolean
date_lt_timestamptz(date,timestamp with time zone) f boolean
date_mi(date,date) f integer
date_mi_interval(date,interval) f timestamp without time zone
date_mii(date,integer) f date
date_ne(date,date) f boolean
date_ne_timestamp(date,timestamp without time zone) f boolean
date_ne_timestamptz(date,timestamp with time zone) f boolean
date_out(date) f cstring
date_part(text,date) f double precision
date_part(text,interval) f double precision
date_part(text,time with time zone) f double precision
date_part(text,time without time zone) f double precision
date_part(text,timestamp with time zone) f double precision
date_part(text,timestamp without time zone) f double precision
date_pl_interval(date,interval) f timestamp without time zone
date_pli(date,integer) f date
date_recv(internal) f date
date_send(date) f bytea
date_smaller(date,date) f date
date_sortsupport(internal) f void
date_trunc(text,interval) f interval
date_trunc(text,timestamp with time zone) f timestamp with time zone
date_trunc(text,timestamp with time zone,text) f timestamp with time zone
date_trunc(text,timestamp without time zone) f timestamp without time zone
datemultirange() f datemultirange
datemultirange(daterange) f datemultirange
datemultirange(daterange[]) f datemultirange
daterange(date,date) f daterange
daterange(date,date,text) f daterange
daterange_canonical(daterange) f daterange
daterange_subdiff(date,date) f double precision
datetime_pl(date,time without time zone) f timestamp without time zone
datetimetz_pl(date,time with time zone) f timestamp with time zone
dcbrt(double precision) f double precision
decode(text,text) f bytea
degrees(double precision) f double precision
dense_rank() w bigint
dense_rank("any") a bigint
dense_rank_final(internal,"any") f bigint
dexp(double precision) f double precision
diagonal(box) f lseg
diameter(circle) f double precision
dispell_init(internal) f internal
dispell_lexize(internal,internal,internal,internal) f internal
dist_bp(box,point) f double precision
dist_bs(box,lseg) f double precision
dist_cpoint(circle,point) f double precision
dist_cpoly(circle,polygon) f double precision
dist_lp(line,point) f double precision
dist_ls(line,lseg) f double precision
dist_pathp(path,point) f double precision
dist_pb(point,box) f double precision
dist_pc(point,circle) f double precision
dist_pl(point,line) f double precision
dist_polyc(polygon,circle) f double precision
dist_polyp(polygon,point) f double precision
dist_ppath(point,path) f double precision
dist_ppoly(point,polygon) f double precision
dist_ps(point,lseg) f double precision
dist_sb(lseg,box) f double precision
dist_sl(lseg,line) f double precision
dist_sp(lseg,point) f double precision
div(numeric,numeric) f numeric
dlog1(double precision) f double precision
dlog10(double precision) f double precision
domain_in(cstring,oid,integer) f "any"
domain_recv(internal,oid,integer) f "any"
dpow(double precision,double precision) f double precision
dround(double precision) f double precision
dsimple_init(internal) f internal
dsimple_lexize(internal,internal,internal,internal) f internal
dsnowball_init(internal) f internal
dsnowball_lexize(internal,internal,internal,internal) f internal
dsqrt(double precision) f double precision
dsynonym_init(internal) f internal
dsynonym_lexize(internal,internal,internal,internal) f internal
dtrunc(double precision) f double precision
elem_contained_by_multirange(anyelement,anymultirange) f boolean
elem_contained_by_range(anyelement,anyrange) f boolean
encode(bytea,text) f text
enum_cmp(anyenum,anyenum) f integer
enum_eq(anyenum,anyenum) f boolean
enum_first(anyenum) f anyenum
enum_ge(anyenum,anyenum) f boolean
enum_gt(anyenum,anyenum) f boolean
enum_in(cstring,oid) f anyenum
enum_larger(anyenum,anyenum) f anyenum
enum_last(anyenum) f anyenum
enum_le(anyenum,anyenum) f boolean
enum_lt(anyenum,anyenum) f boolean
enum_ne(anyenum,anyenum) f boolean
enum_out(anyenum) f cstring
enum_range(anyenum) f anyarray
enum_range(anyenum,anyenum) f anyarray
enum_recv(internal,oid) f anyenum
enum_send(anyenum) f bytea
enum_smaller(anyenum,anyenum) f anyenum
eqjoinsel(internal,oid,internal,smallint,internal) f double precision
eqsel(internal,oid,internal,integer) f double precision
euc_cn_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
euc_cn_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
euc_jis_2004_to_shift_jis_2004(integer,integer,cstring,internal,integer,boolean) f integer
euc_jis_2004_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
euc_jp_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
euc_jp_to_sjis(integer,integer,cstring,internal,integer,boolean) f integer
euc_jp_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
euc_kr_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
euc_kr_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
euc_tw_to_big5(integer,integer,cstring,internal,integer,boolean) f integer
euc_tw_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
euc_tw_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
event_trigger_in(cstring) f event_trigger
event_trigger_out(event_trigger) f cstring
every(boolean) a boolean
exp(double precision) f double precision
exp(numeric) f numeric
extract(text,date) f numeric
extract(text,interval) f numeric
extract(text,time with time zone) f numeric
extract(text,time without time zone) f numeric
extract(text,timestamp with time zone) f numeric
extract(text,timestamp without time zone) f numeric
factorial(bigint) f numeric
family(inet) f integer
fdw_handler_in(cstring) f fdw_handler
fdw_handler_out(fdw_handler) f cstring
first_value(anyelement) w anyelement
float4(bigint) f real
float4(double precision) f real
float4(integer) f real
float4(jsonb) f real
float4(numeric) f real
float4(smallint) f real
float48div(real,double precision) f double precision
float48eq(real,double precision) f boolean
float48ge(real,double precision) f boolean
float48gt(real,double precision) f boolean
float48le(real,double precision) f boolean
float48lt(real,double precision) f boolean
float48mi(real,double precision) f double precision
float48mul(real,double precision) f double precision
float48ne(real,double precision) f boolean
float48pl(real,double precision) f double precision
float4_accum(double precision[],real) f double precision[]
float4abs(real) f real
float4div(real,real) f real
float4eq(real,real) f boolean
float4ge(real,real) f boolean
float4gt(real,real) f boolean
float4in(cstring) f real
float4larger(real,real) f real
float4le(real,real) f boolean
float4lt(real,real) f boolean
float4mi(real,real) f real
float4mul(real,real) f real
float4ne(real,real) f boolean
float4out(real) f cstring
float4pl(real,real) f real
float4recv(internal) f real
float4send(real) f bytea
float4smaller(real,real) f real
float4um(real) f real
float4up(real) f real
float8(bigint) f double precision
float8(integer) f double precision
float8(jsonb) f double precision
float8(numeric) f double precision
float8(real) f double precision
float8(smallint) f double precision
float84div(double precision,real) f double precision
float84eq(double precision,real) f boolean
float84ge(double precision,real) f boolean
float84gt(double precision,real) f boolean
float84le(double precision,real) f boolean
float84lt(double precision,real) f boolean
float84mi(double precision,real) f double precision
float84mul(double precision,real) f double precision
float84ne(double precision,real) f boolean
float84pl(double precision,real) f double precision
float8_accum(double precision[],double precision) f double precision[]
float8_avg(double precision[]) f double precision
float8_combine(double precision[],double precision[]) f double precision[]
float8_corr(double precision[]) f double precision
float8_covar_pop(double precision[]) f double precision
float8_covar_samp(double precision[]) f double precision
float8_regr_accum(double precision[],double precision,double precision) f double precision[]
float8_regr_avgx(double precision[]) f double precision
float8_regr_avgy(double precision[]) f double precision
float8_regr_combine(double precision[],double precision[]) f double precision[]
float8_regr_intercept(double precision[]) f double precision
float8_regr_r2(double precision[]) f double precision
float8_regr_slope(double precision[]) f double precision
float8_regr_sxx(double precision[]) f double precision
float8_regr_sxy(double precision[]) f double precision
float8_regr_syy(double precision[]) f double precision
float8_stddev_pop(double precision[]) f double precision
float8_stddev_samp(double precision[]) f double precision
float8_var_pop(double precision[]) f double precision
float8_var_samp(double precision[]) f double precision
float8abs(double precision) f double precision
float8div(double precision,double precision) f double precision
float8eq(double precision,double precision) f boolean
float8ge(double precision,double precision) f boolean
float8gt(double precision,double precision) f boolean
float8in(cstring) f double precision
float8larger(double precision,double precision) f double precision
float8le(double precision,double precision) f boolean
float8lt(double precision,double precision) f boolean
float8mi(double precision,double precision) f double precision
float8mul(double precision,double precision) f double precision
float8ne(double precision,double precision) f boolean
float8out(double precision) f cstring
float8pl(double precision,double precision) f double precision
float8recv(internal) f double precision
float8send(double precision) f bytea
float8smaller(double precision,double precision) f double precision
float8um(double precision) f double precision
float8up(double precision) f double precision
floor(double precision) f double precision
floor(numeric) f numeric
flt4_mul_cash(real,money) f money
flt8_mul_cash(double precision,money) f money
fmgr_c_validator(oid) f void
fmgr_internal_validator(oid) f void
fmgr_sql_validator(oid) f void
format(text) f text
format(text,"any") f text
format_type(oid,integer) f text
gb18030_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
gbk_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
gcd(bigint,bigint) f bigint
gcd(integer,integer) f integer
gcd(numeric,numeric) f numeric
gen_random_uuid() f uuid
generate_series(bigint,bigint) f setof bigint
generate_series(bigint,bigint,bigint) f setof bigint
generate_series(integer,integer) f setof integer
generate_series(integer,integer,integer) f setof integer
generate_series(numeric,numeric) f setof numeric
generate_series(numeric,numeric,numeric) f setof numeric
generate_series(timestamp with time zone,timestamp with time zone,interval) f setof timestamp with time zone
generate_series(timestamp without time zone,timestamp without time zone,interval) f setof timestamp without time zone
generate_series_int4_support(internal) f internal
generate_series_int8_support(internal) f internal
generate_subscripts(anyarray,integer) f setof integer
generate_subscripts(anyarray,integer,boolean) f setof integer
get_bit(bit,integer) f integer
get_bit(bytea,bigint) f integer
get_byte(bytea,integer) f integer
get_current_ts_config() f regconfig
getdatabaseencoding() f name
getpgusername() f name
gin_clean_pending_list(regclass) f bigint
gin_cmp_prefix(text,text,smallint,internal) f integer
gin_cmp_tslexeme(text,text) f integer
gin_compare_jsonb(text,text) f integer
gin_consistent_jsonb(internal,smallint,jsonb,integer,internal,internal,internal,internal) f boolean
gin_consistent_jsonb_path(internal,smallint,jsonb,integer,internal,internal,internal,internal) f boolean
gin_extract_jsonb(jsonb,internal,internal) f internal
gin_extract_jsonb_path(jsonb,internal,internal) f internal
gin_extract_jsonb_query(jsonb,internal,smallint,internal,internal,internal,internal) f internal
gin_extract_jsonb_query_path(jsonb,internal,smallint,internal,internal,internal,internal) f internal
gin_extract_tsquery(tsquery,internal,smallint,internal,internal) f internal
gin_extract_tsquery(tsquery,internal,smallint,internal,internal,internal,internal) f internal
gin_extract_tsquery(tsvector,internal,smallint,internal,internal,internal,internal) f internal
gin_extract_tsvector(tsvector,internal) f internal
gin_extract_tsvector(tsvector,internal,internal) f internal
gin_triconsistent_jsonb(internal,smallint,jsonb,integer,internal,internal,internal) f "char"
gin_triconsistent_jsonb_path(internal,smallint,jsonb,integer,internal,internal,internal) f "char"
gin_tsquery_consistent(internal,smallint,tsquery,integer,internal,internal) f boolean
gin_tsquery_consistent(internal,smallint,tsquery,integer,internal,internal,internal,internal) f boolean
gin_tsquery_consistent(internal,smallint,tsvector,integer,internal,internal,internal,internal) f boolean
gin_tsquery_triconsistent(internal,smallint,tsvector,integer,internal,internal,internal) f "char"
ginarrayconsistent(internal,smallint,anyarray,integer,internal,internal,internal,internal) f boolean
ginarrayextract(anyarray,internal) f internal
ginarrayextract(anyarray,internal,internal) f internal
ginarraytriconsistent(internal,smallint,anyarray,integer,internal,internal,internal) f "char"
ginhandler(internal) f index_am_handler
ginqueryarrayextract(anyarray,internal,smallint,internal,internal,internal,internal) f internal
gist_box_consistent(internal,box,smallint,oid,internal) f boolean
gist_box_distance(internal,box,smallint,oid,internal) f double precision
gist_box_penalty(internal,internal,internal) f internal
gist_box_picksplit(internal,internal) f internal
gist_box_same(box,box,internal) f internal
gist_box_union(internal,internal) f box
gist_circle_compress(internal) f internal
gist_circle_consistent(internal,circle,smallint,oid,internal) f boolean
gist_circle_distance(internal,circle,smallint,oid,internal) f double precision
gist_point_compress(internal) f internal
gist_point_consistent(internal,point,smallint,oid,internal) f boolean
gist_point_distance(internal,point,smallint,oid,internal) f double precision
gist_point_fetch(internal) f internal
gist_point_sortsupport(internal) f void
gist_poly_compress(internal) f internal
gist_poly_consistent(internal,polygon,smallint,oid,internal) f boolean
gist_poly_distance(internal,polygon,smallint,oid,internal) f double precision
gisthandler(internal) f index_am_handler
gtsquery_compress(internal) f internal
gtsquery_consistent(internal,internal,integer,oid,internal) f boolean
gtsquery_consistent(internal,tsquery,smallint,oid,internal) f boolean
gtsquery_penalty(internal,internal,internal) f internal
gtsquery_picksplit(internal,internal) f internal
gtsquery_same(bigint,bigint,internal) f internal
gtsquery_union(internal,internal) f bigint
gtsvector_compress(internal) f internal
gtsvector_consistent(internal,gtsvector,integer,oid,internal) f boolean
gtsvector_consistent(internal,tsvector,smallint,oid,internal) f boolean
gtsvector_decompress(internal) f internal
gtsvector_options(internal) f void
gtsvector_penalty(internal,internal,internal) f internal
gtsvector_picksplit(internal,internal) f internal
gtsvector_same(gtsvector,gtsvector,internal) f internal
gtsvector_union(internal,internal) f gtsvector
gtsvectorin(cstring) f gtsvector
gtsvectorout(gtsvector) f cstring
has_any_column_privilege(name,oid,text) f boolean
has_any_column_privilege(name,text,text) f boolean
has_any_column_privilege(oid,oid,text) f boolean
has_any_column_privilege(oid,text) f boolean
has_any_column_privilege(oid,text,text) f boolean
has_any_column_privilege(text,text) f boolean
has_column_privilege(name,oid,smallint,text) f boolean
has_column_privilege(name,oid,text,text) f boolean
has_column_privilege(name,text,smallint,text) f boolean
has_column_privilege(name,text,text,text) f boolean
has_column_privilege(oid,oid,smallint,text) f boolean
has_column_privilege(oid,oid,text,text) f boolean
has_column_privilege(oid,smallint,text) f boolean
has_column_privilege(oid,text,smallint,text) f boolean
has_column_privilege(oid,text,text) f boolean
has_column_privilege(oid,text,text,text) f boolean
has_column_privilege(text,smallint,text) f boolean
has_column_privilege(text,text,text) f boolean
has_database_privilege(name,oid,text) f boolean
has_database_privilege(name,text,text) f boolean
has_database_privilege(oid,oid,text) f boolean
has_database_privilege(oid,text) f boolean
has_database_privilege(oid,text,text) f boolean
has_database_privilege(text,text) f boolean
has_foreign_data_wrapper_privilege(name,oid,text) f boolean
has_foreign_data_wrapper_privilege(name,text,text) f boolean
has_foreign_data_wrapper_privilege(oid,oid,text) f boolean
has_foreign_data_wrapper_privilege(oid,text) f boolean
has_foreign_data_wrapper_privilege(oid,text,text) f boolean
has_foreign_data_wrapper_privilege(text,text) f boolean
has_function_privilege(name,oid,text) f boolean
has_function_privilege(name,text,text) f boolean
has_function_privilege(oid,oid,text) f boolean
has_function_privilege(oid,text) f boolean
has_function_privilege(oid,text,text) f boolean
has_function_privilege(text,text) f boolean
has_language_privilege(name,oid,text) f boolean
has_language_privilege(name,text,text) f boolean
has_language_privilege(oid,oid,text) f boolean
has_language_privilege(oid,text) f boolean
has_language_privilege(oid,text,text) f boolean
has_language_privilege(text,text) f boolean
has_parameter_privilege(name,text,text) f boolean
has_parameter_privilege(oid,text,text) f boolean
has_parameter_privilege(text,text) f boolean
has_schema_privilege(name,oid,text) f boolean
has_schema_privilege(name,text,text) f boolean
has_schema_privilege(oid,oid,text) f boolean
has_schema_privilege(oid,text) f boolean
has_schema_privilege(oid,text,text) f boolean
has_schema_privilege(text,text) f boolean
has_sequence_privilege(name,oid,text) f boolean
has_sequence_privilege(name,text,text) f boolean
has_sequence_privilege(oid,oid,text) f boolean
has_sequence_privilege(oid,text) f boolean
has_sequence_privilege(oid,text,text) f boolean
has_sequence_privilege(text,text) f boolean
has_server_privilege(name,oid,text) f boolean
has_server_privilege(name,text,text) f boolean
has_server_privilege(oid,oid,text) f boolean
has_server_privilege(oid,text) f boolean
has_server_privilege(oid,text,text) f boolean
has_server_privilege(text,text) f boolean
has_table_privilege(name,oid,text) f boolean
has_table_privilege(name,text,text) f boolean
has_table_privilege(oid,oid,text) f boolean
has_table_privilege(oid,text) f boolean
has_table_privilege(oid,text,text) f boolean
has_table_privilege(text,text) f boolean
has_tablespace_privilege(name,oid,text) f boolean
has_tablespace_privilege(name,text,text) f boolean
has_tablespace_privilege(oid,oid,text) f boolean
has_tablespace_privilege(oid,text) f boolean
has_tablespace_privilege(oid,text,text) f boolean
has_tablespace_privilege(text,text) f boolean
has_type_privilege(name,oid,text) f boolean
has_type_privilege(name,text,text) f boolean
has_type_privilege(oid,oid,text) f boolean
has_type_privilege(oid,text) f boolean
has_type_privilege(oid,text,text) f boolean
has_type_privilege(text,text) f boolean
hash_aclitem(aclitem) f integer
hash_aclitem_extended(aclitem,bigint) f bigint
hash_array(anyarray) f integer
hash_array_extended(anyarray,bigint) f bigint
hash_multirange(anymultirange) f integer
hash_multirange_extended(anymultirange,bigint) f bigint
hash_numeric(numeric) f integer
hash_numeric_extended(numeric,bigint) f bigint
hash_range(anyrange) f integer
hash_range_extended(anyrange,bigint) f bigint
hash_record(record) f integer
hash_record_extended(record,bigint) f bigint
hashbpchar(character) f integer
hashbpcharextended(character,bigint) f bigint
hashchar("char") f integer
hashcharextended("char",bigint) f bigint
hashenum(anyenum) f integer
hashenumextended(anyenum,bigint) f bigint
hashfloat4(real) f integer
hashfloat4extended(real,bigint) f bigint
hashfloat8(double precision) f integer
hashfloat8extended(double precision,bigint) f bigint
hashhandler(internal) f index_am_handler
hashinet(inet) f integer
hashinetextended(inet,bigint) f bigint
hashint2(smallint) f integer
hashint2extended(smallint,bigint) f bigint
hashint4(integer) f integer
hashint4extended(integer,bigint) f bigint
hashint8(bigint) f integer
hashint8extended(bigint,bigint) f bigint
hashmacaddr(macaddr) f integer
hashmacaddr8(macaddr8) f integer
hashmacaddr8extended(macaddr8,bigint) f bigint
hashmacaddrextended(macaddr,bigint) f bigint
hashname(name) f integer
hashnameextended(name,bigint) f bigint
hashoid(oid) f integer
hashoidextended(oid,bigint) f bigint
hashoidvector(oidvector) f integer
hashoidvectorextended(oidvector,bigint) f bigint
hashtext(text) f integer
hashtextextended(text,bigint) f bigint
hashtid(tid) f integer
hashtidextended(tid,bigint) f bigint
hashvarlena(internal) f integer
hashvarlenaextended(internal,bigint) f bigint
heap_tableam_handler(internal) f table_am_handler
height(box) f double precision
host(inet) f text
hostmask(inet) f inet
iclikejoinsel(internal,oid,internal,smallint,internal) f double precision
iclikesel(internal,oid,internal,integer) f double precision
icnlikejoinsel(internal,oid,internal,smallint,internal) f double precision
icnlikesel(internal,oid,internal,integer) f double precision
icregexeqjoinsel(internal,oid,internal,smallint,internal) f double precision
icregexeqsel(internal,oid,internal,integer) f double precision
icregexnejoinsel(internal,oid,internal,smallint,internal) f double precision
icregexnesel(internal,oid,internal,integer) f double precision
in_range(bigint,bigint,bigint,boolean,boolean) f boolean
in_range(date,date,interval,boolean,boolean) f boolean
in_range(double precision,double precision,double precision,boolean,boolean) f boolean
in_range(integer,integer,bigint,boolean,boolean) f boolean
in_range(integer,integer,integer,boolean,boolean) f boolean
in_range(integer,integer,smallint,boolean,boolean) f boolean
in_range(interval,interval,interval,boolean,boolean) f boolean
in_range(numeric,numeric,numeric,boolean,boolean) f boolean
in_range(real,real,double precision,boolean,boolean) f boolean
in_range(smallint,smallint,bigint,boolean,boolean) f boolean
in_range(smallint,smallint,integer,boolean,boolean) f boolean
in_range(smallint,smallint,smallint,boolean,boolean) f boolean
in_range(time with time zone,time with time zone,interval,boolean,boolean) f boolean
in_range(time without time zone,time without time zone,interval,boolean,boolean) f boolean
in_range(timestamp with time zone,timestamp with time zone,interval,boolean,boolean) f boolean
in_range(timestamp without time zone,timestamp without time zone,interval,boolean,boolean) f boolean
index_am_handler_in(cstring) f index_am_handler
index_am_handler_out(index_am_handler) f cstring
inet_client_addr() f inet
inet_client_port() f integer
inet_gist_compress(internal) f internal
inet_gist_consistent(internal,inet,smallint,oid,internal) f boolean
inet_gist_fetch(internal) f internal
inet_gist_penalty(internal,internal,internal) f internal
inet_gist_picksplit(internal,internal) f internal
inet_gist_same(inet,inet,internal) f internal
inet_gist_union(internal,internal) f inet
inet_in(cstring) f inet
inet_merge(inet,inet) f cidr
inet_out(inet) f cstring
inet_recv(internal) f inet
inet_same_family(inet,inet) f boolean
inet_send(inet) f bytea
inet_server_addr() f inet
inet_server_port() f integer
inet_spg_choose(internal,internal) f void
inet_spg_config(internal,internal) f void
inet_spg_inner_consistent(internal,internal) f void
inet_spg_leaf_consistent(internal,internal) f boolean
inet_spg_picksplit(internal,internal) f void
inetand(inet,inet) f inet
inetmi(inet,inet) f bigint
inetmi_int8(inet,bigint) f inet
inetnot(inet) f inet
inetor(inet,inet) f inet
inetpl(inet,bigint) f inet
initcap(text) f text
int2(bigint) f smallint
int2(double precision) f smallint
int2(integer) f smallint
int2(jsonb) f smallint
int2(numeric) f smallint
int2(real) f smallint
int24div(smallint,integer) f integer
int24eq(smallint,integer) f boolean
int24ge(smallint,integer) f boolean
int24gt(smallint,integer) f boolean
int24le(smallint,integer) f boolean
int24lt(smallint,integer) f boolean
int24mi(smallint,integer) f integer
int24mul(smallint,integer) f integer
int24ne(smallint,integer) f boolean
int24pl(smallint,integer) f integer
int28div(smallint,bigint) f bigint
int28eq(smallint,bigint) f boolean
int28ge(smallint,bigint) f boolean
int28gt(smallint,bigint) f boolean
int28le(smallint,bigint) f boolean
int28lt(smallint,bigint) f boolean
int28mi(smallint,bigint) f bigint
int28mul(smallint,bigint) f bigint
int28ne(smallint,bigint) f boolean
int28pl(smallint,bigint) f bigint
int2_accum(internal,smallint) f internal
int2_accum_inv(internal,smallint) f internal
int2_avg_accum(bigint[],smallint) f bigint[]
int2_avg_accum_inv(bigint[],smallint) f bigint[]
int2_mul_cash(smallint,money) f money
int2_sum(bigint,smallint) f bigint
int2abs(smallint) f smallint
int2and(smallint,smallint) f smallint
int2div(smallint,smallint) f smallint
int2eq(smallint,smallint) f boolean
int2ge(smallint,smallint) f boolean
int2gt(smallint,smallint) f boolean
int2in(cstring) f smallint
int2int4_sum(bigint[]) f bigint
int2larger(smallint,smallint) f smallint
int2le(smallint,smallint) f boolean
int2lt(smallint,smallint) f boolean
int2mi(smallint,smallint) f smallint
int2mod(smallint,smallint) f smallint
int2mul(smallint,smallint) f smallint
int2ne(smallint,smallint) f boolean
int2not(smallint) f smallint
int2or(smallint,smallint) f smallint
int2out(smallint) f cstring
int2pl(smallint,smallint) f smallint
int2recv(internal) f smallint
int2send(smallint) f bytea
int2shl(smallint,integer) f smallint
int2shr(smallint,integer) f smallint
int2smaller(smallint,smallint) f smallint
int2um(smallint) f smallint
int2up(smallint) f smallint
int2vectorin(cstring) f int2vector
int2vectorout(int2vector) f cstring
int2vectorrecv(internal) f int2vector
int2vectorsend(int2vector) f bytea
int2xor(smallint,smallint) f smallint
int4("char") f integer
int4(bigint) f integer
int4(bit) f integer
int4(boolean) f integer
int4(double precision) f integer
int4(jsonb) f integer
int4(numeric) f integer
int4(real) f integer
int4(smallint) f integer
int42div(integer,smallint) f integer
int42eq(integer,smallint) f boolean
int42ge(integer,smallint) f boolean
int42gt(integer,smallint) f boolean
int42le(integer,smallint) f boolean
int42lt(integer,smallint) f boolean
int42mi(integer,smallint) f integer
int42mul(integer,smallint) f integer
int42ne(integer,smallint) f boolean
int42pl(integer,smallint) f integer
int48div(integer,bigint) f bigint
int48eq(integer,bigint) f boolean
int48ge(integer,bigint) f boolean
int48gt(integer,bigint) f boolean
int48le(integer,bigint) f boolean
int48lt(integer,bigint) f boolean
int48mi(integer,bigint) f bigint
int48mul(integer,bigint) f bigint
int48ne(integer,bigint) f boolean
int48pl(integer,bigint) f bigint
int4_accum(internal,integer) f internal
int4_accum_inv(internal,integer) f internal
int4_avg_accum(bigint[],integer) f bigint[]
int4_avg_accum_inv(bigint[],integer) f bigint[]
int4_avg_combine(bigint[],bigint[]) f bigint[]
int4_mul_cash(integer,money) f money
int4_sum(bigint,integer) f bigint
int4abs(integer) f integer
int4and(integer,integer) f integer
int4div(integer,integer) f integer
int4eq(integer,integer) f boolean
int4ge(integer,integer) f boolean
int4gt(integer,integer) f boolean
int4in(cstring) f integer
int4inc(integer) f integer
int4larger(integer,integer) f integer
int4le(integer,integer) f boolean
int4lt(integer,integer) f boolean
int4mi(integer,integer) f integer
int4mod(integer,integer) f integer
int4mul(integer,integer) f integer
int4multirange() f int4multirange
int4multirange(int4range) f int4multirange
int4multirange(int4range[]) f int4multirange
int4ne(integer,integer) f boolean
int4not(integer) f integer
int4or(integer,integer) f integer
int4out(integer) f cstring
int4pl(integer,integer) f integer
int4range(integer,integer) f int4range
int4range(integer,integer,text) f int4range
int4range_canonical(int4range) f int4range
int4range_subdiff(integer,integer) f double precision
int4recv(internal) f integer
int4send(integer) f bytea
int4shl(integer,integer) f integer
int4shr(integer,integer) f integer
int4smaller(integer,integer) f integer
int4um(integer) f integer
int4up(integer) f integer
int4xor(integer,integer) f integer
int8(bit) f bigint
int8(double precision) f bigint
int8(integer) f bigint
int8(jsonb) f bigint
int8(numeric) f bigint
int8(oid) f bigint
int8(real) f bigint
int8(smallint) f bigint
int82div(bigint,smallint) f bigint
int82eq(bigint,smallint) f boolean
int82ge(bigint,smallint) f boolean
int82gt(bigint,smallint) f boolean
int82le(bigint,smallint) f boolean
int82lt(bigint,smallint) f boolean
int82mi(bigint,smallint) f bigint
int82mul(bigint,smallint) f bigint
int82ne(bigint,smallint) f boolean
int82pl(bigint,smallint) f bigint
int84div(bigint,integer) f bigint
int84eq(bigint,integer) f boolean
int84ge(bigint,integer) f boolean
int84gt(bigint,integer) f boolean
int84le(bigint,integer) f boolean
int84lt(bigint,integer) f boolean
int84mi(bigint,integer) f bigint
int84mul(bigint,integer) f bigint
int84ne(bigint,integer) f boolean
int84pl(bigint,integer) f bigint
int8_accum(internal,bigint) f internal
int8_accum_inv(internal,bigint) f internal
int8_avg(bigint[]) f numeric
int8_avg_accum(internal,bigint) f internal
int8_avg_accum_inv(internal,bigint) f internal
int8_avg_combine(internal,internal) f internal
int8_avg_deserialize(bytea,internal) f internal
int8_avg_serialize(internal) f bytea
int8_mul_cash(bigint,money) f money
int8_sum(numeric,bigint) f numeric
int8abs(bigint) f bigint
int8and(bigint,bigint) f bigint
int8dec(bigint) f bigint
int8dec_any(bigint,"any") f bigint
int8div(bigint,bigint) f bigint
int8eq(bigint,bigint) f boolean
int8ge(bigint,bigint) f boolean
int8gt(bigint,bigint) f boolean
int8in(cstring) f bigint
int8inc(bigint) f bigint
int8inc_any(bigint,"any") f bigint
int8inc_float8_float8(bigint,double precision,double precision) f bigint
int8inc_support(internal) f internal
int8larger(bigint,bigint) f bigint
int8le(bigint,bigint) f boolean
int8lt(bigint,bigint) f boolean
int8mi(bigint,bigint) f bigint
int8mod(bigint,bigint) f bigint
int8mul(bigint,bigint) f bigint
int8multirange() f int8multirange
int8multirange(int8range) f int8multirange
int8multirange(int8range[]) f int8multirange
int8ne(bigint,bigint) f boolean
int8not(bigint) f bigint
int8or(bigint,bigint) f bigint
int8out(bigint) f cstring
int8pl(bigint,bigint) f bigint
int8pl_inet(bigint,inet) f inet
int8range(bigint,bigint) f int8range
int8range(bigint,bigint,text) f int8range
int8range_canonical(int8range) f int8range
int8range_subdiff(bigint,bigint) f double precision
int8recv(internal) f bigint
int8send(bigint) f bytea
int8shl(bigint,integer) f bigint
int8shr(bigint,integer) f bigint
int8smaller(bigint,bigint) f bigint
int8um(bigint) f bigint
int8up(bigint) f bigint
int8xor(bigint,bigint) f bigint
integer_pl_date(integer,date) f date
inter_lb(line,box) f boolean
inter_sb(lseg,box) f boolean
inter_sl(lseg,line) f boolean
internal_in(cstring) f internal
internal_out(internal) f cstring
interval(interval,integer) f interval
interval(time without time zone) f interval
interval_accum(interval[],interval) f interval[]
interval_accum_inv(interval[],interval) f interval[]
interval_avg(interval[]) f interval
interval_cmp(interval,interval) f integer
interval_combine(interval[],interval[]) f interval[]
interval_div(interval,double precision) f interval
interval_eq(interval,interval) f boolean
interval_ge(interval,interval) f boolean
interval_gt(interval,interval) f boolean
interval_hash(interval) f integer
interval_hash_extended(interval,bigint) f bigint
interval_in(cstring,oid,integer) f interval
interval_larger(interval,interval) f interval
interval_le(interval,interval) f boolean
interval_lt(interval,interval) f boolean
interval_mi(interval,interval) f interval
interval_mul(interval,double precision) f interval
interval_ne(interval,interval) f boolean
interval_out(interval) f cstring
interval_pl(interval,interval) f interval
interval_pl_date(interval,date) f timestamp without time zone
interval_pl_time(interval,time without time zone) f time without time zone
interval_pl_timestamp(interval,timestamp without time zone) f timestamp without time zone
interval_pl_timestamptz(interval,timestamp with time zone) f timestamp with time zone
interval_pl_timetz(interval,time with time zone) f time with time zone
interval_recv(internal,oid,integer) f interval
interval_send(interval) f bytea
interval_smaller(interval,interval) f interval
interval_support(internal) f internal
interval_um(interval) f interval
intervaltypmodin(cstring[]) f integer
intervaltypmodout(integer) f cstring
is_normalized(text,text) f boolean
isclosed(path) f boolean
isempty(anymultirange) f boolean
isempty(anyrange) f boolean
isfinite(date) f boolean
isfinite(interval) f boolean
isfinite(timestamp with time zone) f boolean
isfinite(timestamp without time zone) f boolean
ishorizontal(line) f boolean
ishorizontal(lseg) f boolean
ishorizontal(point,point) f boolean
iso8859_1_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
iso8859_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
iso_to_koi8r(integer,integer,cstring,internal,integer,boolean) f integer
iso_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
iso_to_win1251(integer,integer,cstring,internal,integer,boolean) f integer
iso_to_win866(integer,integer,cstring,internal,integer,boolean) f integer
isopen(path) f boolean
isparallel(line,line) f boolean
isparallel(lseg,lseg) f boolean
isperp(line,line) f boolean
isperp(lseg,lseg) f boolean
isvertical(line) f boolean
isvertical(lseg) f boolean
isvertical(point,point) f boolean
johab_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
json_agg(anyelement) a json
json_agg_finalfn(internal) f json
json_agg_transfn(internal,anyelement) f internal
json_array_element(json,integer) f json
json_array_element_text(json,integer) f text
json_array_elements(json) f setof json
json_array_elements_text(json) f setof text
json_array_length(json) f integer
json_build_array() f json
json_build_array("any") f json
json_build_object() f json
json_build_object("any") f json
json_each(json) f setof record
json_each_text(json) f setof record
json_extract_path(json,text[]) f json
json_extract_path_text(json,text[]) f text
json_in(cstring) f json
json_object(text[]) f json
json_object(text[],text[]) f json
json_object_agg("any","any") a json
json_object_agg_finalfn(internal) f json
json_object_agg_transfn(internal,"any","any") f internal
json_object_field(json,text) f json
json_object_field_text(json,text) f text
json_object_keys(json) f setof text
json_out(json) f cstring
json_populate_record(anyelement,json,boolean) f anyelement
json_populate_recordset(anyelement,json,boolean) f setof anyelement
json_recv(internal) f json
json_send(json) f bytea
json_strip_nulls(json) f json
json_to_record(json) f record
json_to_recordset(json) f setof record
json_to_tsvector(json,jsonb) f tsvector
json_to_tsvector(regconfig,json,jsonb) f tsvector
json_typeof(json) f text
jsonb_agg(anyelement) a jsonb
jsonb_agg_finalfn(internal) f jsonb
jsonb_agg_transfn(internal,anyelement) f internal
jsonb_array_element(jsonb,integer) f jsonb
jsonb_array_element_text(jsonb,integer) f text
jsonb_array_elements(jsonb) f setof jsonb
jsonb_array_elements_text(jsonb) f setof text
jsonb_array_length(jsonb) f integer
jsonb_build_array() f jsonb
jsonb_build_array("any") f jsonb
jsonb_build_object() f jsonb
jsonb_build_object("any") f jsonb
jsonb_cmp(jsonb,jsonb) f integer
jsonb_concat(jsonb,jsonb) f jsonb
jsonb_contained(jsonb,jsonb) f boolean
jsonb_contains(jsonb,jsonb) f boolean
jsonb_delete(jsonb,integer) f jsonb
jsonb_delete(jsonb,text) f jsonb
jsonb_delete(jsonb,text[]) f jsonb
jsonb_delete_path(jsonb,text[]) f jsonb
jsonb_each(jsonb) f setof record
jsonb_each_text(jsonb) f setof record
jsonb_eq(jsonb,jsonb) f boolean
jsonb_exists(jsonb,text) f boolean
jsonb_exists_all(jsonb,text[]) f boolean
jsonb_exists_any(jsonb,text[]) f boolean
jsonb_extract_path(jsonb,text[]) f jsonb
jsonb_extract_path_text(jsonb,text[]) f text
jsonb_ge(jsonb,jsonb) f boolean
jsonb_gt(jsonb,jsonb) f boolean
jsonb_hash(jsonb) f integer
jsonb_hash_extended(jsonb,bigint) f bigint
jsonb_in(cstring) f jsonb
jsonb_insert(jsonb,text[],jsonb,boolean) f jsonb
jsonb_le(jsonb,jsonb) f boolean
jsonb_lt(jsonb,jsonb) f boolean
jsonb_ne(jsonb,jsonb) f boolean
jsonb_object(text[]) f jsonb
jsonb_object(text[],text[]) f jsonb
jsonb_object_agg("any","any") a jsonb
jsonb_object_agg_finalfn(internal) f jsonb
jsonb_object_agg_transfn(internal,"any","any") f internal
jsonb_object_field(jsonb,text) f jsonb
jsonb_object_field_text(jsonb,text) f text
jsonb_object_keys(jsonb) f setof text
jsonb_out(jsonb) f cstring
jsonb_path_exists(jsonb,jsonpath,jsonb,boolean) f boolean
jsonb_path_exists_opr(jsonb,jsonpath) f boolean
jsonb_path_exists_tz(jsonb,jsonpath,jsonb,boolean) f boolean
jsonb_path_match(jsonb,jsonpath,jsonb,boolean) f boolean
jsonb_path_match_opr(jsonb,jsonpath) f boolean
jsonb_path_match_tz(jsonb,jsonpath,jsonb,boolean) f boolean
jsonb_path_query(jsonb,jsonpath,jsonb,boolean) f setof jsonb
jsonb_path_query_array(jsonb,jsonpath,jsonb,boolean) f jsonb
jsonb_path_query_array_tz(jsonb,jsonpath,jsonb,boolean) f jsonb
jsonb_path_query_first(jsonb,jsonpath,jsonb,boolean) f jsonb
jsonb_path_query_first_tz(jsonb,jsonpath,jsonb,boolean) f jsonb
jsonb_path_query_tz(jsonb,jsonpath,jsonb,boolean) f setof jsonb
jsonb_populate_record(anyelement,jsonb) f anyelement
jsonb_populate_recordset(anyelement,jsonb) f setof anyelement
jsonb_pretty(jsonb) f text
jsonb_recv(internal) f jsonb
jsonb_send(jsonb) f bytea
jsonb_set(jsonb,text[],jsonb,boolean) f jsonb
jsonb_set_lax(jsonb,text[],jsonb,boolean,text) f jsonb
jsonb_strip_nulls(jsonb) f jsonb
jsonb_subscript_handler(internal) f internal
jsonb_to_record(jsonb) f record
jsonb_to_recordset(jsonb) f setof record
jsonb_to_tsvector(jsonb,jsonb) f tsvector
jsonb_to_tsvector(regconfig,jsonb,jsonb) f tsvector
jsonb_typeof(jsonb) f text
jsonpath_in(cstring) f jsonpath
jsonpath_out(jsonpath) f cstring
jsonpath_recv(internal) f jsonpath
jsonpath_send(jsonpath) f bytea
justify_days(interval) f interval
justify_hours(interval) f interval
justify_interval(interval) f interval
koi8r_to_iso(integer,integer,cstring,internal,integer,boolean) f integer
koi8r_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
koi8r_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
koi8r_to_win1251(integer,integer,cstring,internal,integer,boolean) f integer
koi8r_to_win866(integer,integer,cstring,internal,integer,boolean) f integer
koi8u_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
lag(anycompatible,integer,anycompatible) w anycompatible
lag(anyelement) w anyelement
lag(anyelement,integer) w anyelement
language_handler_in(cstring) f language_handler
language_handler_out(language_handler) f cstring
last_value(anyelement) w anyelement
lastval() f bigint
latin1_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
latin2_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
latin2_to_win1250(integer,integer,cstring,internal,integer,boolean) f integer
latin3_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
latin4_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
lcm(bigint,bigint) f bigint
lcm(integer,integer) f integer
lcm(numeric,numeric) f numeric
lead(anycompatible,integer,anycompatible) w anycompatible
lead(anyelement) w anyelement
lead(anyelement,integer) w anyelement
left(text,integer) f text
length(bit) f integer
length(bytea) f integer
length(bytea,name) f integer
length(character) f integer
length(lseg) f double precision
length(path) f double precision
length(text) f integer
length(tsvector) f integer
like(bytea,bytea) f boolean
like(name,text) f boolean
like(text,text) f boolean
like_escape(bytea,bytea) f bytea
like_escape(text,text) f text
likejoinsel(internal,oid,internal,smallint,internal) f double precision
likesel(internal,oid,internal,integer) f double precision
line(point,point) f line
line_distance(line,line) f double precision
line_eq(line,line) f boolean
line_horizontal(line) f boolean
line_in(cstring) f line
line_interpt(line,line) f point
line_intersect(line,line) f boolean
line_out(line) f cstring
line_parallel(line,line) f boolean
line_perp(line,line) f boolean
line_recv(internal) f line
line_send(line) f bytea
line_vertical(line) f boolean
ln(double precision) f double precision
ln(numeric) f numeric
lo_close(integer) f integer
lo_creat(integer) f oid
lo_create(oid) f oid
lo_export(oid,text) f integer
lo_from_bytea(oid,bytea) f oid
lo_get(oid) f bytea
lo_get(oid,bigint,integer) f bytea
lo_import(text) f oid
lo_import(text,oid) f oid
lo_lseek(integer,integer,integer) f integer
lo_lseek64(integer,bigint,integer) f bigint
lo_open(oid,integer) f integer
lo_put(oid,bigint,bytea) f void
lo_tell(integer) f integer
lo_tell64(integer) f bigint
lo_truncate(integer,integer) f integer
lo_truncate64(integer,bigint) f integer
lo_unlink(oid) f integer
log(double precision) f double precision
log(numeric) f numeric
log(numeric,numeric) f numeric
log10(double precision) f double precision
log10(numeric) f numeric
loread(integer,integer) f bytea
lower(anymultirange) f anyelement
lower(anyrange) f anyelement
lower(text) f text
lower_inc(anymultirange) f boolean
lower_inc(anyrange) f boolean
lower_inf(anymultirange) f boolean
lower_inf(anyrange) f boolean
lowrite(integer,bytea) f integer
lpad(text,integer) f text
lpad(text,integer,text) f text
lseg(box) f lseg
lseg(point,point) f lseg
lseg_center(lseg) f point
lseg_distance(lseg,lseg) f double precision
lseg_eq(lseg,lseg) f boolean
lseg_ge(lseg,lseg) f boolean
lseg_gt(lseg,lseg) f boolean
lseg_horizontal(lseg) f boolean
lseg_in(cstring) f lseg
lseg_interpt(lseg,lseg) f point
lseg_intersect(lseg,lseg) f boolean
lseg_le(lseg,lseg) f boolean
lseg_length(lseg) f double precision
lseg_lt(lseg,lseg) f boolean
lseg_ne(lseg,lseg) f boolean
lseg_out(lseg) f cstring
lseg_parallel(lseg,lseg) f boolean
lseg_perp(lseg,lseg) f boolean
lseg_recv(internal) f lseg
lseg_send(lseg) f bytea
lseg_vertical(lseg) f boolean
ltrim(bytea,bytea) f bytea
ltrim(text) f text
ltrim(text,text) f text
macaddr(macaddr8) f macaddr
macaddr8(macaddr) f macaddr8
macaddr8_and(macaddr8,macaddr8) f macaddr8
macaddr8_cmp(macaddr8,macaddr8) f integer
macaddr8_eq(macaddr8,macaddr8) f boolean
macaddr8_ge(macaddr8,macaddr8) f boolean
macaddr8_gt(macaddr8,macaddr8) f boolean
macaddr8_in(cstring) f macaddr8
macaddr8_le(macaddr8,macaddr8) f boolean
macaddr8_lt(macaddr8,macaddr8) f boolean
macaddr8_ne(macaddr8,macaddr8) f boolean
macaddr8_not(macaddr8) f macaddr8
macaddr8_or(macaddr8,macaddr8) f macaddr8
macaddr8_out(macaddr8) f cstring
macaddr8_recv(internal) f macaddr8
macaddr8_send(macaddr8) f bytea
macaddr8_set7bit(macaddr8) f macaddr8
macaddr_and(macaddr,macaddr) f macaddr
macaddr_cmp(macaddr,macaddr) f integer
macaddr_eq(macaddr,macaddr) f boolean
macaddr_ge(macaddr,macaddr) f boolean
macaddr_gt(macaddr,macaddr) f boolean
macaddr_in(cstring) f macaddr
macaddr_le(macaddr,macaddr) f boolean
macaddr_lt(macaddr,macaddr) f boolean
macaddr_ne(macaddr,macaddr) f boolean
macaddr_not(macaddr) f macaddr
macaddr_or(macaddr,macaddr) f macaddr
macaddr_out(macaddr) f cstring
macaddr_recv(internal) f macaddr
macaddr_send(macaddr) f bytea
macaddr_sortsupport(internal) f void
make_date(integer,integer,integer) f date
make_interval(integer,integer,integer,integer,integer,integer,double precision) f interval
make_time(integer,integer,double precision) f time without time zone
make_timestamp(integer,integer,integer,integer,integer,double precision) f timestamp without time zone
make_timestamptz(integer,integer,integer,integer,integer,double precision) f timestamp with time zone
make_timestamptz(integer,integer,integer,integer,integer,double precision,text) f timestamp with time zone
makeaclitem(oid,oid,text,boolean) f aclitem
masklen(inet) f integer
matchingjoinsel(internal,oid,internal,smallint,internal) f double precision
matchingsel(internal,oid,internal,integer) f double precision
max(anyarray) a anyarray
max(anyenum) a anyenum
max(bigint) a bigint
max(character) a character
max(date) a date
max(double precision) a double precision
max(inet) a inet
max(integer) a integer
max(interval) a interval
max(money) a money
max(numeric) a numeric
max(oid) a oid
max(pg_lsn) a pg_lsn
max(real) a real
max(smallint) a smallint
max(text) a text
max(tid) a tid
max(time with time zone) a time with time zone
max(time without time zone) a time without time zone
max(timestamp with time zone) a timestamp with time zone
max(timestamp without time zone) a timestamp without time zone
max(xid8) a xid8
md5(bytea) f text
md5(text) f text
mic_to_big5(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_euc_cn(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_euc_jp(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_euc_kr(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_euc_tw(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_iso(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_koi8r(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_latin1(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_latin2(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_latin3(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_latin4(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_sjis(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_win1250(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_win1251(integer,integer,cstring,internal,integer,boolean) f integer
mic_to_win866(integer,integer,cstring,internal,integer,boolean) f integer
min(anyarray) a anyarray
min(anyenum) a anyenum
min(bigint) a bigint
min(character) a character
min(date) a date
min(double precision) a double precision
min(inet) a inet
min(integer) a integer
min(interval) a interval
min(money) a money
min(numeric) a numeric
min(oid) a oid
min(pg_lsn) a pg_lsn
min(real) a real
min(smallint) a smallint
min(text) a text
min(tid) a tid
min(time with time zone) a time with time zone
min(time without time zone) a time without time zone
min(timestamp with time zone) a timestamp with time zone
min(timestamp without time zone) a timestamp without time zone
min(xid8) a xid8
min_scale(numeric) f integer
mod(bigint,bigint) f bigint
mod(integer,integer) f integer
mod(numeric,numeric) f numeric
mod(smallint,smallint) f smallint
mode(anyelement) a anyelement
mode_final(internal,anyelement) f anyelement
money(bigint) f money
money(integer) f money
money(numeric) f money
mul_d_interval(double precision,interval) f interval
multirange(anyrange) f anymultirange
multirange_adjacent_multirange(anymultirange,anymultirange) f boolean
multirange_adjacent_range(anymultirange,anyrange) f boolean
multirange_after_multirange(anymultirange,anymultirange) f boolean
multirange_after_range(anymultirange,anyrange) f boolean
multirange_agg_finalfn(internal,anymultirange) f anymultirange
multirange_agg_transfn(internal,anymultirange) f internal
multirange_before_multirange(anymultirange,anymultirange) f boolean
multirange_before_range(anymultirange,anyrange) f boolean
multirange_cmp(anymultirange,anymultirange) f integer
multirange_contained_by_multirange(anymultirange,anymultirange) f boolean
multirange_contained_by_range(anymultirange,anyrange) f boolean
multirange_contains_elem(anymultirange,anyelement) f boolean
multirange_contains_multirange(anymultirange,anymultirange) f boolean
multirange_contains_range(anymultirange,anyrange) f boolean
multirange_eq(anymultirange,anymultirange) f boolean
multirange_ge(anymultirange,anymultirange) f boolean
multirange_gist_compress(internal) f internal
multirange_gist_consistent(internal,anymultirange,smallint,oid,internal) f boolean
multirange_gt(anymultirange,anymultirange) f boolean
multirange_in(cstring,oid,integer) f anymultirange
multirange_intersect(anymultirange,anymultirange) f anymultirange
multirange_intersect_agg_transfn(anymultirange,anymultirange) f anymultirange
multirange_le(anymultirange,anymultirange) f boolean
multirange_lt(anymultirange,anymultirange) f boolean
multirange_minus(anymultirange,anymultirange) f anymultirange
multirange_ne(anymultirange,anymultirange) f boolean
multirange_out(anymultirange) f cstring
multirange_overlaps_multirange(anymultirange,anymultirange) f boolean
multirange_overlaps_range(anymultirange,anyrange) f boolean
multirange_overleft_multirange(anymultirange,anymultirange) f boolean
multirange_overleft_range(anymultirange,anyrange) f boolean
multirange_overright_multirange(anymultirange,anymultirange) f boolean
multirange_overright_range(anymultirange,anyrange) f boolean
multirange_recv(internal,oid,integer) f anymultirange
multirange_send(anymultirange) f bytea
multirange_typanalyze(internal) f boolean
multirange_union(anymultirange,anymultirange) f anymultirange
multirangesel(internal,oid,internal,integer) f double precision
mxid_age(xid) f integer
name(character) f name
name(character varying) f name
name(text) f name
nameconcatoid(name,oid) f name
nameeq(name,name) f boolean
nameeqtext(name,text) f boolean
namege(name,name) f boolean
namegetext(name,text) f boolean
namegt(name,name) f boolean
namegttext(name,text) f boolean
nameiclike(name,text) f boolean
nameicnlike(name,text) f boolean
nameicregexeq(name,text) f boolean
nameicregexne(name,text) f boolean
namein(cstring) f name
namele(name,name) f boolean
nameletext(name,text) f boolean
namelike(name,text) f boolean
namelt(name,name) f boolean
namelttext(name,text) f boolean
namene(name,name) f boolean
namenetext(name,text) f boolean
namenlike(name,text) f boolean
nameout(name) f cstring
namerecv(internal) f name
nameregexeq(name,text) f boolean
nameregexne(name,text) f boolean
namesend(name) f bytea
neqjoinsel(internal,oid,internal,smallint,internal) f double precision
neqsel(internal,oid,internal,integer) f double precision
netmask(inet) f inet
network(inet) f cidr
network_cmp(inet,inet) f integer
network_eq(inet,inet) f boolean
network_ge(inet,inet) f boolean
network_gt(inet,inet) f boolean
network_larger(inet,inet) f inet
network_le(inet,inet) f boolean
network_lt(inet,inet) f boolean
network_ne(inet,inet) f boolean
network_overlap(inet,inet) f boolean
network_smaller(inet,inet) f inet
network_sortsupport(internal) f void
network_sub(inet,inet) f boolean
network_subeq(inet,inet) f boolean
network_subset_support(internal) f internal
network_sup(inet,inet) f boolean
network_supeq(inet,inet) f boolean
networkjoinsel(internal,oid,internal,smallint,internal) f double precision
networksel(internal,oid,internal,integer) f double precision
nextval(regclass) f bigint
nlikejoinsel(internal,oid,internal,smallint,internal) f double precision
nlikesel(internal,oid,internal,integer) f double precision
normalize(text,text) f text
notlike(bytea,bytea) f boolean
notlike(name,text) f boolean
notlike(text,text) f boolean
now() f timestamp with time zone
npoints(path) f integer
npoints(polygon) f integer
nth_value(anyelement,integer) w anyelement
ntile(integer) w integer
num_nonnulls("any") f integer
num_nulls("any") f integer
numeric(bigint) f numeric
numeric(double precision) f numeric
numeric(integer) f numeric
numeric(jsonb) f numeric
numeric(money) f numeric
numeric(numeric,integer) f numeric
numeric(real) f numeric
numeric(smallint) f numeric
numeric_abs(numeric) f numeric
numeric_accum(internal,numeric) f internal
numeric_accum_inv(internal,numeric) f internal
numeric_add(numeric,numeric) f numeric
numeric_avg(internal) f numeric
numeric_avg_accum(internal,numeric) f internal
numeric_avg_combine(internal,internal) f internal
numeric_avg_deserialize(bytea,internal) f internal
numeric_avg_serialize(internal) f bytea
numeric_cmp(numeric,numeric) f integer
numeric_combine(internal,internal) f internal
numeric_deserialize(bytea,internal) f internal
numeric_div(numeric,numeric) f numeric
numeric_div_trunc(numeric,numeric) f numeric
numeric_eq(numeric,numeric) f boolean
numeric_exp(numeric) f numeric
numeric_ge(numeric,numeric) f boolean
numeric_gt(numeric,numeric) f boolean
numeric_in(cstring,oid,integer) f numeric
numeric_inc(numeric) f numeric
numeric_larger(numeric,numeric) f numeric
numeric_le(numeric,numeric) f boolean
numeric_ln(numeric) f numeric
numeric_log(numeric,numeric) f numeric
numeric_lt(numeric,numeric) f boolean
numeric_mod(numeric,numeric) f numeric
numeric_mul(numeric,numeric) f numeric
numeric_ne(numeric,numeric) f boolean
numeric_out(numeric) f cstring
numeric_pl_pg_lsn(numeric,pg_lsn) f pg_lsn
numeric_poly_avg(internal) f numeric
numeric_poly_combine(internal,internal) f internal
numeric_poly_deserialize(bytea,internal) f internal
numeric_poly_serialize(internal) f bytea
numeric_poly_stddev_pop(internal) f numeric
numeric_poly_stddev_samp(internal) f numeric
numeric_poly_sum(internal) f numeric
numeric_poly_var_pop(internal) f numeric
numeric_poly_var_samp(internal) f numeric
numeric_power(numeric,numeric) f numeric
numeric_recv(internal,oid,integer) f numeric
numeric_send(numeric) f bytea
numeric_serialize(internal) f bytea
numeric_smaller(numeric,numeric) f numeric
numeric_sortsupport(internal) f void
numeric_sqrt(numeric) f numeric
numeric_stddev_pop(internal) f numeric
numeric_stddev_samp(internal) f numeric
numeric_sub(numeric,numeric) f numeric
numeric_sum(internal) f numeric
numeric_support(internal) f internal
numeric_uminus(numeric) f numeric
numeric_uplus(numeric) f numeric
numeric_var_pop(internal) f numeric
numeric_var_samp(internal) f numeric
numerictypmodin(cstring[]) f integer
numerictypmodout(integer) f cstring
nummultirange() f nummultirange
nummultirange(numrange) f nummultirange
nummultirange(numrange[]) f nummultirange
numnode(tsquery) f integer
numrange(numeric,numeric) f numrange
numrange(numeric,numeric,text) f numrange
numrange_subdiff(numeric,numeric) f double precision
obj_description(oid) f text
obj_description(oid,name) f text
octet_length(bit) f integer
octet_length(bytea) f integer
octet_length(character) f integer
octet_length(text) f integer
oid(bigint) f oid
oideq(oid,oid) f boolean
oidge(oid,oid) f boolean
oidgt(oid,oid) f boolean
oidin(cstring) f oid
oidlarger(oid,oid) f oid
oidle(oid,oid) f boolean
oidlt(oid,oid) f boolean
oidne(oid,oid) f boolean
oidout(oid) f cstring
oidrecv(internal) f oid
oidsend(oid) f bytea
oidsmaller(oid,oid) f oid
oidvectoreq(oidvector,oidvector) f boolean
oidvectorge(oidvector,oidvector) f boolean
oidvectorgt(oidvector,oidvector) f boolean
oidvectorin(cstring) f oidvector
oidvectorle(oidvector,oidvector) f boolean
oidvectorlt(oidvector,oidvector) f boolean
oidvectorne(oidvector,oidvector) f boolean
oidvectorout(oidvector) f cstring
oidvectorrecv(internal) f oidvector
oidvectorsend(oidvector) f bytea
oidvectortypes(oidvector) f text
on_pb(point,box) f boolean
on_pl(point,line) f boolean
on_ppath(point,path) f boolean
on_ps(point,lseg) f boolean
on_sb(lseg,box) f boolean
on_sl(lseg,line) f boolean
ordered_set_transition(internal,"any") f internal
ordered_set_transition_multi(internal,"any") f internal
overlaps(time with time zone,time with time zone,time with time zone,time with time zone) f boolean
overlaps(time without time zone,interval,time without time zone,interval) f boolean
overlaps(time without time zone,interval,time without time zone,time without time zone) f boolean
overlaps(time without time zone,time without time zone,time without time zone,interval) f boolean
overlaps(time without time zone,time without time zone,time without time zone,time without time zone) f boolean
overlaps(timestamp with time zone,interval,timestamp with time zone,interval) f boolean
overlaps(timestamp with time zone,interval,timestamp with time zone,timestamp with time zone) f boolean
overlaps(timestamp with time zone,timestamp with time zone,timestamp with time zone,interval) f boolean
overlaps(timestamp with time zone,timestamp with time zone,timestamp with time zone,timestamp with time zone) f boolean
overlaps(timestamp without time zone,interval,timestamp without time zone,interval) f boolean
overlaps(timestamp without time zone,interval,timestamp without time zone,timestamp without time zone) f boolean
overlaps(timestamp without time zone,timestamp without time zone,timestamp without time zone,interval) f boolean
overlaps(timestamp without time zone,timestamp without time zone,timestamp without time zone,timestamp without time zone) f boolean
overlay(bit,bit,integer) f bit
overlay(bit,bit,integer,integer) f bit
overlay(bytea,bytea,integer) f bytea
overlay(bytea,bytea,integer,integer) f bytea
overlay(text,text,integer) f text
overlay(text,text,integer,integer) f text
parse_ident(text,boolean) f text[]
path(polygon) f path
path_add(path,path) f path
path_add_pt(path,point) f path
path_contain_pt(path,point) f boolean
path_distance(path,path) f double precision
path_div_pt(path,point) f path
path_in(cstring) f path
path_inter(path,path) f boolean
path_length(path) f double precision
path_mul_pt(path,point) f path
path_n_eq(path,path) f boolean
path_n_ge(path,path) f boolean
path_n_gt(path,path) f boolean
path_n_le(path,path) f boolean
path_n_lt(path,path) f boolean
path_npoints(path) f integer
path_out(path) f cstring
path_recv(internal) f path
path_send(path) f bytea
path_sub_pt(path,point) f path
pclose(path) f path
percent_rank() w double precision
percent_rank("any") a double precision
percent_rank_final(internal,"any") f double precision
percentile_cont(double precision,double precision) a double precision
percentile_cont(double precision,interval) a interval
percentile_cont(double precision[],double precision) a double precision[]
percentile_cont(double precision[],interval) a interval[]
percentile_cont_float8_final(internal,double precision) f double precision
percentile_cont_float8_multi_final(internal,double precision[]) f double precision[]
percentile_cont_interval_final(internal,double precision) f interval
percentile_cont_interval_multi_final(internal,double precision[]) f interval[]
percentile_disc(double precision,anyelement) a anyelement
percentile_disc(double precision[],anyelement) a anyarray
percentile_disc_final(internal,double precision,anyelement) f anyelement
percentile_disc_multi_final(internal,double precision[],anyelement) f anyarray
pg_advisory_lock(bigint) f void
pg_advisory_lock(integer,integer) f void
pg_advisory_lock_shared(bigint) f void
pg_advisory_lock_shared(integer,integer) f void
pg_advisory_unlock(bigint) f boolean
pg_advisory_unlock(integer,integer) f boolean
pg_advisory_unlock_all() f void
pg_advisory_unlock_shared(bigint) f boolean
pg_advisory_unlock_shared(integer,integer) f boolean
pg_advisory_xact_lock(bigint) f void
pg_advisory_xact_lock(integer,integer) f void
pg_advisory_xact_lock_shared(bigint) f void
pg_advisory_xact_lock_shared(integer,integer) f void
pg_available_extension_versions() f setof record
pg_available_extensions() f setof record
pg_backend_pid() f integer
pg_backup_start(text,boolean) f pg_lsn
pg_backup_stop(boolean) f record
pg_blocking_pids(integer) f integer[]
pg_cancel_backend(integer) f boolean
pg_char_to_encoding(name) f integer
pg_client_encoding() f name
pg_collation_actual_version(oid) f text
pg_collation_for("any") f text
pg_collation_is_visible(oid) f boolean
pg_column_compression("any") f text
pg_column_is_updatable(regclass,smallint,boolean) f boolean
pg_column_size("any") f integer
pg_conf_load_time() f timestamp with time zone
pg_config() f setof record
pg_control_checkpoint() f record
pg_control_init() f record
pg_control_recovery() f record
pg_control_system() f record
pg_conversion_is_visible(oid) f boolean
pg_copy_logical_replication_slot(name,name) f record
pg_copy_logical_replication_slot(name,name,boolean) f record
pg_copy_logical_replication_slot(name,name,boolean,name) f record
pg_copy_physical_replication_slot(name,name) f record
pg_copy_physical_replication_slot(name,name,boolean) f record
pg_create_logical_replication_slot(name,name,boolean,boolean) f record
pg_create_physical_replication_slot(name,boolean,boolean) f record
pg_create_restore_point(text) f pg_lsn
pg_current_logfile() f text
pg_current_logfile(text) f text
pg_current_snapshot() f pg_snapshot
pg_current_wal_flush_lsn() f pg_lsn
pg_current_wal_insert_lsn() f pg_lsn
pg_current_wal_lsn() f pg_lsn
pg_current_xact_id() f xid8
pg_current_xact_id_if_assigned() f xid8
pg_cursor() f setof record
pg_database_collation_actual_version(oid) f text
pg_database_size(name) f bigint
pg_database_size(oid) f bigint
pg_ddl_command_in(cstring) f pg_ddl_command
pg_ddl_command_out(pg_ddl_command) f cstring
pg_ddl_command_recv(internal) f pg_ddl_command
pg_ddl_command_send(pg_ddl_command) f bytea
pg_dependencies_in(cstring) f pg_dependencies
pg_dependencies_out(pg_dependencies) f cstring
pg_dependencies_recv(internal) f pg_dependencies
pg_dependencies_send(pg_dependencies) f bytea
pg_describe_object(oid,oid,integer) f text
pg_drop_replication_slot(name) f void
pg_encoding_max_length(integer) f integer
pg_encoding_to_char(integer) f name
pg_event_trigger_ddl_commands() f setof record
pg_event_trigger_dropped_objects() f setof record
pg_event_trigger_table_rewrite_oid() f oid
pg_event_trigger_table_rewrite_reason() f integer
pg_export_snapshot() f text
pg_extension_config_dump(regclass,text) f void
pg_extension_update_paths(name) f setof record
pg_filenode_relation(oid,oid) f regclass
pg_function_is_visible(oid) f boolean
pg_get_backend_memory_contexts() f setof record
pg_get_catalog_foreign_keys() f setof record
pg_get_constraintdef(oid) f text
pg_get_constraintdef(oid,boolean) f text
pg_get_expr(pg_node_tree,oid) f text
pg_get_expr(pg_node_tree,oid,boolean) f text
pg_get_function_arg_default(oid,integer) f text
pg_get_function_arguments(oid) f text
pg_get_function_identity_arguments(oid) f text
pg_get_function_result(oid) f text
pg_get_function_sqlbody(oid) f text
pg_get_functiondef(oid) f text
pg_get_indexdef(oid) f text
pg_get_indexdef(oid,integer,boolean) f text
pg_get_keywords() f setof record
pg_get_multixact_members(xid) f setof record
pg_get_object_address(text,text[],text[]) f record
pg_get_partition_constraintdef(oid) f text
pg_get_partkeydef(oid) f text
pg_get_publication_tables(text) f setof record
pg_get_replica_identity_index(regclass) f regclass
pg_get_replication_slots() f setof record
pg_get_ruledef(oid) f text
pg_get_ruledef(oid,boolean) f text
pg_get_serial_sequence(text,text) f text
pg_get_shmem_allocations() f setof record
pg_get_statisticsobjdef(oid) f text
pg_get_statisticsobjdef_columns(oid) f text
pg_get_statisticsobjdef_expressions(oid) f text[]
pg_get_triggerdef(oid) f text
pg_get_triggerdef(oid,boolean) f text
pg_get_userbyid(oid) f name
pg_get_viewdef(oid) f text
pg_get_viewdef(oid,boolean) f text
pg_get_viewdef(oid,integer) f text
pg_get_viewdef(text) f text
pg_get_viewdef(text,boolean) f text
pg_get_wal_replay_pause_state() f text
pg_get_wal_resource_managers() f setof record
pg_has_role(name,name,text) f boolean
pg_has_role(name,oid,text) f boolean
pg_has_role(name,text) f boolean
pg_has_role(oid,name,text) f boolean
pg_has_role(oid,oid,text) f boolean
pg_has_role(oid,text) f boolean
pg_hba_file_rules() f setof record
pg_ident_file_mappings() f setof record
pg_identify_object(oid,oid,integer) f record
pg_identify_object_as_address(oid,oid,integer) f record
pg_import_system_collations(regnamespace) f integer
pg_index_column_has_property(regclass,integer,text) f boolean
pg_index_has_property(regclass,text) f boolean
pg_indexam_has_property(oid,text) f boolean
pg_indexam_progress_phasename(oid,bigint) f text
pg_indexes_size(regclass) f bigint
pg_is_in_recovery() f boolean
pg_is_other_temp_schema(oid) f boolean
pg_is_wal_replay_paused() f boolean
pg_isolation_test_session_is_blocked(integer,integer[]) f boolean
pg_jit_available() f boolean
pg_last_committed_xact() f record
pg_last_wal_receive_lsn() f pg_lsn
pg_last_wal_replay_lsn() f pg_lsn
pg_last_xact_replay_timestamp() f timestamp with time zone
pg_listening_channels() f setof text
pg_lock_status() f setof record
pg_log_backend_memory_contexts(integer) f boolean
pg_logical_emit_message(boolean,text,bytea) f pg_lsn
pg_logical_emit_message(boolean,text,text) f pg_lsn
pg_logical_slot_get_binary_changes(name,pg_lsn,integer,text[]) f setof record
pg_logical_slot_get_changes(name,pg_lsn,integer,text[]) f setof record
pg_logical_slot_peek_binary_changes(name,pg_lsn,integer,text[]) f setof record
pg_logical_slot_peek_changes(name,pg_lsn,integer,text[]) f setof record
pg_ls_archive_statusdir() f setof record
pg_ls_dir(text) f setof text
pg_ls_dir(text,boolean,boolean) f setof text
pg_ls_logdir() f setof record
pg_ls_logicalmapdir() f setof record
pg_ls_logicalsnapdir() f setof record
pg_ls_replslotdir(text) f setof record
pg_ls_tmpdir() f setof record
pg_ls_tmpdir(oid) f setof record
pg_ls_waldir() f setof record
pg_lsn(numeric) f pg_lsn
pg_lsn_cmp(pg_lsn,pg_lsn) f integer
pg_lsn_eq(pg_lsn,pg_lsn) f boolean
pg_lsn_ge(pg_lsn,pg_lsn) f boolean
pg_lsn_gt(pg_lsn,pg_lsn) f boolean
pg_lsn_hash(pg_lsn) f integer
pg_lsn_hash_extended(pg_lsn,bigint) f bigint
pg_lsn_in(cstring) f pg_lsn
pg_lsn_larger(pg_lsn,pg_lsn) f pg_lsn
pg_lsn_le(pg_lsn,pg_lsn) f boolean
pg_lsn_lt(pg_lsn,pg_lsn) f boolean
pg_lsn_mi(pg_lsn,pg_lsn) f numeric
pg_lsn_mii(pg_lsn,numeric) f pg_lsn
pg_lsn_ne(pg_lsn,pg_lsn) f boolean
pg_lsn_out(pg_lsn) f cstring
pg_lsn_pli(pg_lsn,numeric) f pg_lsn
pg_lsn_recv(internal) f pg_lsn
pg_lsn_send(pg_lsn) f bytea
pg_lsn_smaller(pg_lsn,pg_lsn) f pg_lsn
pg_mcv_list_in(cstring) f pg_mcv_list
pg_mcv_list_items(pg_mcv_list) f setof record
pg_mcv_list_out(pg_mcv_list) f cstring
pg_mcv_list_recv(internal) f pg_mcv_list
pg_mcv_list_send(pg_mcv_list) f bytea
pg_my_temp_schema() f oid
pg_ndistinct_in(cstring) f pg_ndistinct
pg_ndistinct_out(pg_ndistinct) f cstring
pg_ndistinct_recv(internal) f pg_ndistinct
pg_ndistinct_send(pg_ndistinct) f bytea
pg_nextoid(regclass,name,regclass) f oid
pg_node_tree_in(cstring) f pg_node_tree
pg_node_tree_out(pg_node_tree) f cstring
pg_node_tree_recv(internal) f pg_node_tree
pg_node_tree_send(pg_node_tree) f bytea
pg_notification_queue_usage() f double precision
pg_notify(text,text) f void
pg_opclass_is_visible(oid) f boolean
pg_operator_is_visible(oid) f boolean
pg_opfamily_is_visible(oid) f boolean
pg_options_to_table(text[]) f setof record
pg_partition_ancestors(regclass) f setof regclass
pg_partition_root(regclass) f regclass
pg_partition_tree(regclass) f setof record
pg_postmaster_start_time() f timestamp with time zone
pg_prepared_statement() f setof record
pg_prepared_xact() f setof record
pg_promote(boolean,integer) f boolean
pg_read_binary_file(text) f bytea
pg_read_binary_file(text,bigint,bigint) f bytea
pg_read_binary_file(text,bigint,bigint,boolean) f bytea
pg_read_file(text) f text
pg_read_file(text,bigint,bigint) f text
pg_read_file(text,bigint,bigint,boolean) f text
pg_read_file_old(text,bigint,bigint) f text
pg_relation_filenode(regclass) f oid
pg_relation_filepath(regclass) f text
pg_relation_is_publishable(regclass) f boolean
pg_relation_is_updatable(regclass,boolean) f integer
pg_relation_size(regclass) f bigint
pg_relation_size(regclass,text) f bigint
pg_reload_conf() f boolean
pg_replication_origin_advance(text,pg_lsn) f void
pg_replication_origin_create(text) f oid
pg_replication_origin_drop(text) f void
pg_replication_origin_oid(text) f oid
pg_replication_origin_progress(text,boolean) f pg_lsn
pg_replication_origin_session_is_setup() f boolean
pg_replication_origin_session_progress(boolean) f pg_lsn
pg_replication_origin_session_reset() f void
pg_replication_origin_session_setup(text) f void
pg_replication_origin_xact_reset() f void
pg_replication_origin_xact_setup(pg_lsn,timestamp with time zone) f void
pg_replication_slot_advance(name,pg_lsn) f record
pg_rotate_logfile() f boolean
pg_rotate_logfile_old() f boolean
pg_safe_snapshot_blocking_pids(integer) f integer[]
pg_sequence_last_value(regclass) f bigint
pg_sequence_parameters(oid) f record
pg_settings_get_flags(text) f text[]
pg_show_all_file_settings() f setof record
pg_show_all_settings() f setof record
pg_show_replication_origin_status() f setof record
pg_size_bytes(text) f bigint
pg_size_pretty(bigint) f text
pg_size_pretty(numeric) f text
pg_sleep(double precision) f void
pg_sleep_for(interval) f void
pg_sleep_until(timestamp with time zone) f void
pg_snapshot_in(cstring) f pg_snapshot
pg_snapshot_out(pg_snapshot) f cstring
pg_snapshot_recv(internal) f pg_snapshot
pg_snapshot_send(pg_snapshot) f bytea
pg_snapshot_xip(pg_snapshot) f setof xid8
pg_snapshot_xmax(pg_snapshot) f xid8
pg_snapshot_xmin(pg_snapshot) f xid8
pg_stat_clear_snapshot() f void
pg_stat_file(text) f record
pg_stat_file(text,boolean) f record
pg_stat_force_next_flush() f void
pg_stat_get_activity(integer) f setof record
pg_stat_get_analyze_count(oid) f bigint
pg_stat_get_archiver() f record
pg_stat_get_autoanalyze_count(oid) f bigint
pg_stat_get_autovacuum_count(oid) f bigint
pg_stat_get_backend_activity(integer) f text
pg_stat_get_backend_activity_start(integer) f timestamp with time zone
pg_stat_get_backend_client_addr(integer) f inet
pg_stat_get_backend_client_port(integer) f integer
pg_stat_get_backend_dbid(integer) f oid
pg_stat_get_backend_idset() f setof integer
pg_stat_get_backend_pid(integer) f integer
pg_stat_get_backend_start(integer) f timestamp with time zone
pg_stat_get_backend_userid(integer) f oid
pg_stat_get_backend_wait_event(integer) f text
pg_stat_get_backend_wait_event_type(integer) f text
pg_stat_get_backend_xact_start(integer) f timestamp with time zone
pg_stat_get_bgwriter_buf_written_checkpoints() f bigint
pg_stat_get_bgwriter_buf_written_clean() f bigint
pg_stat_get_bgwriter_maxwritten_clean() f bigint
pg_stat_get_bgwriter_requested_checkpoints() f bigint
pg_stat_get_bgwriter_stat_reset_time() f timestamp with time zone
pg_stat_get_bgwriter_timed_checkpoints() f bigint
pg_stat_get_blocks_fetched(oid) f bigint
pg_stat_get_blocks_hit(oid) f bigint
pg_stat_get_buf_alloc() f bigint
pg_stat_get_buf_fsync_backend() f bigint
pg_stat_get_buf_written_backend() f bigint
pg_stat_get_checkpoint_sync_time() f double precision
pg_stat_get_checkpoint_write_time() f double precision
pg_stat_get_db_active_time(oid) f double precision
pg_stat_get_db_blk_read_time(oid) f double precision
pg_stat_get_db_blk_write_time(oid) f double precision
pg_stat_get_db_blocks_fetched(oid) f bigint
pg_stat_get_db_blocks_hit(oid) f bigint
pg_stat_get_db_checksum_failures(oid) f bigint
pg_stat_get_db_checksum_last_failure(oid) f timestamp with time zone
pg_stat_get_db_conflict_all(oid) f bigint
pg_stat_get_db_conflict_bufferpin(oid) f bigint
pg_stat_get_db_conflict_lock(oid) f bigint
pg_stat_get_db_conflict_snapshot(oid) f bigint
pg_stat_get_db_conflict_startup_deadlock(oid) f bigint
pg_stat_get_db_conflict_tablespace(oid) f bigint
pg_stat_get_db_deadlocks(oid) f bigint
pg_stat_get_db_idle_in_transaction_time(oid) f double precision
pg_stat_get_db_numbackends(oid) f integer
pg_stat_get_db_session_time(oid) f double precision
pg_stat_get_db_sessions(oid) f bigint
pg_stat_get_db_sessions_abandoned(oid) f bigint
pg_stat_get_db_sessions_fatal(oid) f bigint
pg_stat_get_db_sessions_killed(oid) f bigint
pg_stat_get_db_stat_reset_time(oid) f timestamp with time zone
pg_stat_get_db_temp_bytes(oid) f bigint
pg_stat_get_db_temp_files(oid) f bigint
pg_stat_get_db_tuples_deleted(oid) f bigint
pg_stat_get_db_tuples_fetched(oid) f bigint
pg_stat_get_db_tuples_inserted(oid) f bigint
pg_stat_get_db_tuples_returned(oid) f bigint
pg_stat_get_db_tuples_updated(oid) f bigint
pg_stat_get_db_xact_commit(oid) f bigint
pg_stat_get_db_xact_rollback(oid) f bigint
pg_stat_get_dead_tuples(oid) f bigint
pg_stat_get_function_calls(oid) f bigint
pg_stat_get_function_self_time(oid) f double precision
pg_stat_get_function_total_time(oid) f double precision
pg_stat_get_ins_since_vacuum(oid) f bigint
pg_stat_get_last_analyze_time(oid) f timestamp with time zone
pg_stat_get_last_autoanalyze_time(oid) f timestamp with time zone
pg_stat_get_last_autovacuum_time(oid) f timestamp with time zone
pg_stat_get_last_vacuum_time(oid) f timestamp with time zone
pg_stat_get_live_tuples(oid) f bigint
pg_stat_get_mod_since_analyze(oid) f bigint
pg_stat_get_numscans(oid) f bigint
pg_stat_get_progress_info(text) f setof record
pg_stat_get_recovery_prefetch() f setof record
pg_stat_get_replication_slot(text) f record
pg_stat_get_slru() f setof record
pg_stat_get_snapshot_timestamp() f timestamp with time zone
pg_stat_get_subscription(oid) f setof record
pg_stat_get_subscription_stats(oid) f record
pg_stat_get_tuples_deleted(oid) f bigint
pg_stat_get_tuples_fetched(oid) f bigint
pg_stat_get_tuples_hot_updated(oid) f bigint
pg_stat_get_tuples_inserted(oid) f bigint
pg_stat_get_tuples_returned(oid) f bigint
pg_stat_get_tuples_updated(oid) f bigint
pg_stat_get_vacuum_count(oid) f bigint
pg_stat_get_wal() f record
pg_stat_get_wal_receiver() f record
pg_stat_get_wal_senders() f setof record
pg_stat_get_xact_blocks_fetched(oid) f bigint
pg_stat_get_xact_blocks_hit(oid) f bigint
pg_stat_get_xact_function_calls(oid) f bigint
pg_stat_get_xact_function_self_time(oid) f double precision
pg_stat_get_xact_function_total_time(oid) f double precision
pg_stat_get_xact_numscans(oid) f bigint
pg_stat_get_xact_tuples_deleted(oid) f bigint
pg_stat_get_xact_tuples_fetched(oid) f bigint
pg_stat_get_xact_tuples_hot_updated(oid) f bigint
pg_stat_get_xact_tuples_inserted(oid) f bigint
pg_stat_get_xact_tuples_returned(oid) f bigint
pg_stat_get_xact_tuples_updated(oid) f bigint
pg_stat_have_stats(text,oid,oid) f boolean
pg_stat_reset() f void
pg_stat_reset_replication_slot(text) f void
pg_stat_reset_shared(text) f void
pg_stat_reset_single_function_counters(oid) f void
pg_stat_reset_single_table_counters(oid) f void
pg_stat_reset_slru(text) f void
pg_stat_reset_subscription_stats(oid) f void
pg_statistics_obj_is_visible(oid) f boolean
pg_stop_making_pinned_objects() f void
pg_switch_wal() f pg_lsn
pg_table_is_visible(oid) f boolean
pg_table_size(regclass) f bigint
pg_tablespace_databases(oid) f setof oid
pg_tablespace_location(oid) f text
pg_tablespace_size(name) f bigint
pg_tablespace_size(oid) f bigint
pg_terminate_backend(integer,bigint) f boolean
pg_timezone_abbrevs() f setof record
pg_timezone_names() f setof record
pg_total_relation_size(regclass) f bigint
pg_trigger_depth() f integer
pg_try_advisory_lock(bigint) f boolean
pg_try_advisory_lock(integer,integer) f boolean
pg_try_advisory_lock_shared(bigint) f boolean
pg_try_advisory_lock_shared(integer,integer) f boolean
pg_try_advisory_xact_lock(bigint) f boolean
pg_try_advisory_xact_lock(integer,integer) f boolean
pg_try_advisory_xact_lock_shared(bigint) f boolean
pg_try_advisory_xact_lock_shared(integer,integer) f boolean
pg_ts_config_is_visible(oid) f boolean
pg_ts_dict_is_visible(oid) f boolean
pg_ts_parser_is_visible(oid) f boolean
pg_ts_template_is_visible(oid) f boolean
pg_type_is_visible(oid) f boolean
pg_typeof("any") f regtype
pg_visible_in_snapshot(xid8,pg_snapshot) f boolean
pg_wal_lsn_diff(pg_lsn,pg_lsn) f numeric
pg_wal_replay_pause() f void
pg_wal_replay_resume() f void
pg_walfile_name(pg_lsn) f text
pg_walfile_name_offset(pg_lsn) f record
pg_xact_commit_timestamp(xid) f timestamp with time zone
pg_xact_commit_timestamp_origin(xid) f record
pg_xact_status(xid8) f text
phraseto_tsquery(regconfig,text) f tsquery
phraseto_tsquery(text) f tsquery
pi() f double precision
plainto_tsquery(regconfig,text) f tsquery
plainto_tsquery(text) f tsquery
plpgsql_call_handler() f language_handler
plpgsql_inline_handler(internal) f void
plpgsql_validator(oid) f void
point(box) f point
point(circle) f point
point(double precision,double precision) f point
point(lseg) f point
point(polygon) f point
point_above(point,point) f boolean
point_add(point,point) f point
point_below(point,point) f boolean
point_distance(point,point) f double precision
point_div(point,point) f point
point_eq(point,point) f boolean
point_horiz(point,point) f boolean
point_in(cstring) f point
point_left(point,point) f boolean
point_mul(point,point) f point
point_ne(point,point) f boolean
point_out(point) f cstring
point_recv(internal) f point
point_right(point,point) f boolean
point_send(point) f bytea
point_sub(point,point) f point
point_vert(point,point) f boolean
poly_above(polygon,polygon) f boolean
poly_below(polygon,polygon) f boolean
poly_center(polygon) f point
poly_contain(polygon,polygon) f boolean
poly_contain_pt(polygon,point) f boolean
poly_contained(polygon,polygon) f boolean
poly_distance(polygon,polygon) f double precision
poly_in(cstring) f polygon
poly_left(polygon,polygon) f boolean
poly_npoints(polygon) f integer
poly_out(polygon) f cstring
poly_overabove(polygon,polygon) f boolean
poly_overbelow(polygon,polygon) f boolean
poly_overlap(polygon,polygon) f boolean
poly_overleft(polygon,polygon) f boolean
poly_overright(polygon,polygon) f boolean
poly_recv(internal) f polygon
poly_right(polygon,polygon) f boolean
poly_same(polygon,polygon) f boolean
poly_send(polygon) f bytea
polygon(box) f polygon
polygon(circle) f polygon
polygon(integer,circle) f polygon
polygon(path) f polygon
popen(path) f path
position(bit,bit) f integer
position(bytea,bytea) f integer
position(text,text) f integer
positionjoinsel(internal,oid,internal,smallint,internal) f double precision
positionsel(internal,oid,internal,integer) f double precision
postgresql_fdw_validator(text[],oid) f boolean
pow(double precision,double precision) f double precision
pow(numeric,numeric) f numeric
power(double precision,double precision) f double precision
power(numeric,numeric) f numeric
prefixjoinsel(internal,oid,internal,smallint,internal) f double precision
prefixsel(internal,oid,internal,integer) f double precision
prsd_end(internal) f void
prsd_headline(internal,internal,tsquery) f internal
prsd_lextype(internal) f internal
prsd_nexttoken(internal,internal,internal) f internal
prsd_start(internal,integer) f internal
pt_contained_circle(point,circle) f boolean
pt_contained_poly(point,polygon) f boolean
query_to_xml(text,boolean,boolean,text) f xml
query_to_xml_and_xmlschema(text,boolean,boolean,text) f xml
query_to_xmlschema(text,boolean,boolean,text) f xml
querytree(tsquery) f text
quote_ident(text) f text
quote_literal(anyelement) f text
quote_literal(text) f text
quote_nullable(anyelement) f text
quote_nullable(text) f text
radians(double precision) f double precision
radius(circle) f double precision
random() f double precision
range_adjacent(anyrange,anyrange) f boolean
range_adjacent_multirange(anyrange,anymultirange) f boolean
range_after(anyrange,anyrange) f boolean
range_after_multirange(anyrange,anymultirange) f boolean
range_agg(anymultirange) a anymultirange
range_agg(anyrange) a anymultirange
range_agg_finalfn(internal,anyrange) f anymultirange
range_agg_transfn(internal,anyrange) f internal
range_before(anyrange,anyrange) f boolean
range_before_multirange(anyrange,anymultirange) f boolean
range_cmp(anyrange,anyrange) f integer
range_contained_by(anyrange,anyrange) f boolean
range_contained_by_multirange(anyrange,anymultirange) f boolean
range_contains(anyrange,anyrange) f boolean
range_contains_elem(anyrange,anyelement) f boolean
range_contains_multirange(anyrange,anymultirange) f boolean
range_eq(anyrange,anyrange) f boolean
range_ge(anyrange,anyrange) f boolean
range_gist_consistent(internal,anyrange,smallint,oid,internal) f boolean
range_gist_penalty(internal,internal,internal) f internal
range_gist_picksplit(internal,internal) f internal
range_gist_same(anyrange,anyrange,internal) f internal
range_gist_union(internal,internal) f anyrange
range_gt(anyrange,anyrange) f boolean
range_in(cstring,oid,integer) f anyrange
range_intersect(anyrange,anyrange) f anyrange
range_intersect_agg(anymultirange) a anymultirange
range_intersect_agg(anyrange) a anyrange
range_intersect_agg_transfn(anyrange,anyrange) f anyrange
range_le(anyrange,anyrange) f boolean
range_lt(anyrange,anyrange) f boolean
range_merge(anymultirange) f anyrange
range_merge(anyrange,anyrange) f anyrange
range_minus(anyrange,anyrange) f anyrange
range_ne(anyrange,anyrange) f boolean
range_out(anyrange) f cstring
range_overlaps(anyrange,anyrange) f boolean
range_overlaps_multirange(anyrange,anymultirange) f boolean
range_overleft(anyrange,anyrange) f boolean
range_overleft_multirange(anyrange,anymultirange) f boolean
range_overright(anyrange,anyrange) f boolean
range_overright_multirange(anyrange,anymultirange) f boolean
range_recv(internal,oid,integer) f anyrange
range_send(anyrange) f bytea
range_typanalyze(internal) f boolean
range_union(anyrange,anyrange) f anyrange
rangesel(internal,oid,internal,integer) f double precision
rank() w bigint
rank("any") a bigint
rank_final(internal,"any") f bigint
raw_array_subscript_handler(internal) f internal
record_eq(record,record) f boolean
record_ge(record,record) f boolean
record_gt(record,record) f boolean
record_image_eq(record,record) f boolean
record_image_ge(record,record) f boolean
record_image_gt(record,record) f boolean
record_image_le(record,record) f boolean
record_image_lt(record,record) f boolean
record_image_ne(record,record) f boolean
record_in(cstring,oid,integer) f record
record_le(record,record) f boolean
record_lt(record,record) f boolean
record_ne(record,record) f boolean
record_out(record) f cstring
record_recv(internal,oid,integer) f record
record_send(record) f bytea
regclass(text) f regclass
regclassin(cstring) f regclass
regclassout(regclass) f cstring
regclassrecv(internal) f regclass
regclasssend(regclass) f bytea
regcollationin(cstring) f regcollation
regcollationout(regcollation) f cstring
regcollationrecv(internal) f regcollation
regcollationsend(regcollation) f bytea
regconfigin(cstring) f regconfig
regconfigout(regconfig) f cstring
regconfigrecv(internal) f regconfig
regconfigsend(regconfig) f bytea
regdictionaryin(cstring) f regdictionary
regdictionaryout(regdictionary) f cstring
regdictionaryrecv(internal) f regdictionary
regdictionarysend(regdictionary) f bytea
regexeqjoinsel(internal,oid,internal,smallint,internal) f double precision
regexeqsel(internal,oid,internal,integer) f double precision
regexnejoinsel(internal,oid,internal,smallint,internal) f double precision
regexnesel(internal,oid,internal,integer) f double precision
regexp_count(text,text) f integer
regexp_count(text,text,integer) f integer
regexp_count(text,text,integer,text) f integer
regexp_instr(text,text) f integer
regexp_instr(text,text,integer) f integer
regexp_instr(text,text,integer,integer) f integer
regexp_instr(text,text,integer,integer,integer) f integer
regexp_instr(text,text,integer,integer,integer,text) f integer
regexp_instr(text,text,integer,integer,integer,text,integer) f integer
regexp_like(text,text) f boolean
regexp_like(text,text,text) f boolean
regexp_match(text,text) f text[]
regexp_match(text,text,text) f text[]
regexp_matches(text,text) f setof text[]
regexp_matches(text,text,text) f setof text[]
regexp_replace(text,text,text) f text
regexp_replace(text,text,text,integer) f text
regexp_replace(text,text,text,integer,integer) f text
regexp_replace(text,text,text,integer,integer,text) f text
regexp_replace(text,text,text,text) f text
regexp_split_to_array(text,text) f text[]
regexp_split_to_array(text,text,text) f text[]
regexp_split_to_table(text,text) f setof text
regexp_split_to_table(text,text,text) f setof text
regexp_substr(text,text) f text
regexp_substr(text,text,integer) f text
regexp_substr(text,text,integer,integer) f text
regexp_substr(text,text,integer,integer,text) f text
regexp_substr(text,text,integer,integer,text,integer) f text
regnamespacein(cstring) f regnamespace
regnamespaceout(regnamespace) f cstring
regnamespacerecv(internal) f regnamespace
regnamespacesend(regnamespace) f bytea
regoperatorin(cstring) f regoperator
regoperatorout(regoperator) f cstring
regoperatorrecv(internal) f regoperator
regoperatorsend(regoperator) f bytea
regoperin(cstring) f regoper
regoperout(regoper) f cstring
regoperrecv(internal) f regoper
regopersend(regoper) f bytea
regprocedurein(cstring) f regprocedure
regprocedureout(regprocedure) f cstring
regprocedurerecv(internal) f regprocedure
regproceduresend(regprocedure) f bytea
regprocin(cstring) f regproc
regprocout(regproc) f cstring
regprocrecv(internal) f regproc
regprocsend(regproc) f bytea
regr_avgx(double precision,double precision) a double precision
regr_avgy(double precision,double precision) a double precision
regr_count(double precision,double precision) a bigint
regr_intercept(double precision,double precision) a double precision
regr_r2(double precision,double precision) a double precision
regr_slope(double precision,double precision) a double precision
regr_sxx(double precision,double precision) a double precision
regr_sxy(double precision,double precision) a double precision
regr_syy(double precision,double precision) a double precision
regrolein(cstring) f regrole
regroleout(regrole) f cstring
regrolerecv(internal) f regrole
regrolesend(regrole) f bytea
regtypein(cstring) f regtype
regtypeout(regtype) f cstring
regtyperecv(internal) f regtype
regtypesend(regtype) f bytea
repeat(text,integer) f text
replace(text,text,text) f text
reverse(text) f text
right(text,integer) f text
round(double precision) f double precision
round(numeric) f numeric
round(numeric,integer) f numeric
row_number() w bigint
row_security_active(oid) f boolean
row_security_active(text) f boolean
row_to_json(record) f json
row_to_json(record,boolean) f json
rpad(text,integer) f text
rpad(text,integer,text) f text
rtrim(bytea,bytea) f bytea
rtrim(text) f text
rtrim(text,text) f text
satisfies_hash_partition(oid,integer,integer,"any") f boolean
scalargejoinsel(internal,oid,internal,smallint,internal) f double precision
scalargesel(internal,oid,internal,integer) f double precision
scalargtjoinsel(internal,oid,internal,smallint,internal) f double precision
scalargtsel(internal,oid,internal,integer) f double precision
scalarlejoinsel(internal,oid,internal,smallint,internal) f double precision
scalarlesel(internal,oid,internal,integer) f double precision
scalarltjoinsel(internal,oid,internal,smallint,internal) f double precision
scalarltsel(internal,oid,internal,integer) f double precision
scale(numeric) f integer
schema_to_xml(name,boolean,boolean,text) f xml
schema_to_xml_and_xmlschema(name,boolean,boolean,text) f xml
schema_to_xmlschema(name,boolean,boolean,text) f xml
session_user() f name
set_bit(bit,integer,integer) f bit
set_bit(bytea,bigint,integer) f bytea
set_byte(bytea,integer,integer) f bytea
set_config(text,text,boolean) f text
set_masklen(cidr,integer) f cidr
set_masklen(inet,integer) f inet
setseed(double precision) f void
setval(regclass,bigint) f bigint
setval(regclass,bigint,boolean) f bigint
setweight(tsvector,"char") f tsvector
setweight(tsvector,"char",text[]) f tsvector
sha224(bytea) f bytea
sha256(bytea) f bytea
sha384(bytea) f bytea
sha512(bytea) f bytea
shell_in(cstring) f void
shell_out(void) f cstring
shift_jis_2004_to_euc_jis_2004(integer,integer,cstring,internal,integer,boolean) f integer
shift_jis_2004_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
shobj_description(oid,name) f text
sign(double precision) f double precision
sign(numeric) f numeric
similar_escape(text,text) f text
similar_to_escape(text) f text
similar_to_escape(text,text) f text
sin(double precision) f double precision
sind(double precision) f double precision
sinh(double precision) f double precision
sjis_to_euc_jp(integer,integer,cstring,internal,integer,boolean) f integer
sjis_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
sjis_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
slope(point,point) f double precision
spg_bbox_quad_config(internal,internal) f void
spg_box_quad_choose(internal,internal) f void
spg_box_quad_config(internal,internal) f void
spg_box_quad_inner_consistent(internal,internal) f void
spg_box_quad_leaf_consistent(internal,internal) f boolean
spg_box_quad_picksplit(internal,internal) f void
spg_kd_choose(internal,internal) f void
spg_kd_config(internal,internal) f void
spg_kd_inner_consistent(internal,internal) f void
spg_kd_picksplit(internal,internal) f void
spg_poly_quad_compress(polygon) f box
spg_quad_choose(internal,internal) f void
spg_quad_config(internal,internal) f void
spg_quad_inner_consistent(internal,internal) f void
spg_quad_leaf_consistent(internal,internal) f boolean
spg_quad_picksplit(internal,internal) f void
spg_range_quad_choose(internal,internal) f void
spg_range_quad_config(internal,internal) f void
spg_range_quad_inner_consistent(internal,internal) f void
spg_range_quad_leaf_consistent(internal,internal) f boolean
spg_range_quad_picksplit(internal,internal) f void
spg_text_choose(internal,internal) f void
spg_text_config(internal,internal) f void
spg_text_inner_consistent(internal,internal) f void
spg_text_leaf_consistent(internal,internal) f boolean
spg_text_picksplit(internal,internal) f void
spghandler(internal) f index_am_handler
split_part(text,text,integer) f text
sqrt(double precision) f double precision
sqrt(numeric) f numeric
starts_with(text,text) f boolean
statement_timestamp() f timestamp with time zone
stddev(bigint) a numeric
stddev(double precision) a double precision
stddev(integer) a numeric
stddev(numeric) a numeric
stddev(real) a double precision
stddev(smallint) a numeric
stddev_pop(bigint) a numeric
stddev_pop(double precision) a double precision
stddev_pop(integer) a numeric
stddev_pop(numeric) a numeric
stddev_pop(real) a double precision
stddev_pop(smallint) a numeric
stddev_samp(bigint) a numeric
stddev_samp(double precision) a double precision
stddev_samp(integer) a numeric
stddev_samp(numeric) a numeric
stddev_samp(real) a double precision
stddev_samp(smallint) a numeric
string_agg(bytea,bytea) a bytea
string_agg(text,text) a text
string_agg_finalfn(internal) f text
string_agg_transfn(internal,text,text) f internal
string_to_array(text,text) f text[]
string_to_array(text,text,text) f text[]
string_to_table(text,text) f setof text
string_to_table(text,text,text) f setof text
strip(tsvector) f tsvector
strpos(text,text) f integer
substr(bytea,integer) f bytea
substr(bytea,integer,integer) f bytea
substr(text,integer) f text
substr(text,integer,integer) f text
substring(bit,integer) f bit
substring(bit,integer,integer) f bit
substring(bytea,integer) f bytea
substring(bytea,integer,integer) f bytea
substring(text,integer) f text
substring(text,integer,integer) f text
substring(text,text) f text
substring(text,text,text) f text
sum(bigint) a numeric
sum(double precision) a double precision
sum(integer) a bigint
sum(interval) a interval
sum(money) a money
sum(numeric) a numeric
sum(real) a real
sum(smallint) a bigint
suppress_redundant_updates_trigger() f trigger
system(internal) f tsm_handler
table_am_handler_in(cstring) f table_am_handler
table_am_handler_out(table_am_handler) f cstring
table_to_xml(regclass,boolean,boolean,text) f xml
table_to_xml_and_xmlschema(regclass,boolean,boolean,text) f xml
table_to_xmlschema(regclass,boolean,boolean,text) f xml
tan(double precision) f double precision
tand(double precision) f double precision
tanh(double precision) f double precision
text("char") f text
text(boolean) f text
text(character) f text
text(inet) f text
text(name) f text
text(xml) f text
text_ge(text,text) f boolean
text_gt(text,text) f boolean
text_larger(text,text) f text
text_le(text,text) f boolean
text_lt(text,text) f boolean
text_pattern_ge(text,text) f boolean
text_pattern_gt(text,text) f boolean
text_pattern_le(text,text) f boolean
text_pattern_lt(text,text) f boolean
text_smaller(text,text) f text
text_starts_with_support(internal) f internal
textanycat(text,anynonarray) f text
textcat(text,text) f text
texteq(text,text) f boolean
texteqname(text,name) f boolean
textgename(text,name) f boolean
textgtname(text,name) f boolean
texticlike(text,text) f boolean
texticlike_support(internal) f internal
texticnlike(text,text) f boolean
texticregexeq(text,text) f boolean
texticregexeq_support(internal) f internal
texticregexne(text,text) f boolean
textin(cstring) f text
textlen(text) f integer
textlename(text,name) f boolean
textlike(text,text) f boolean
textlike_support(internal) f internal
textltname(text,name) f boolean
textne(text,text) f boolean
textnename(text,name) f boolean
textnlike(text,text) f boolean
textout(text) f cstring
textrecv(internal) f text
textregexeq(text,text) f boolean
textregexeq_support(internal) f internal
textregexne(text,text) f boolean
textsend(text) f bytea
thesaurus_init(internal) f internal
thesaurus_lexize(internal,internal,internal,internal) f internal
tideq(tid,tid) f boolean
tidge(tid,tid) f boolean
tidgt(tid,tid) f boolean
tidin(cstring) f tid
tidlarger(tid,tid) f tid
tidle(tid,tid) f boolean
tidlt(tid,tid) f boolean
tidne(tid,tid) f boolean
tidout(tid) f cstring
tidrecv(internal) f tid
tidsend(tid) f bytea
tidsmaller(tid,tid) f tid
time(interval) f time without time zone
time(time with time zone) f time without time zone
time(time without time zone,integer) f time without time zone
time(timestamp with time zone) f time without time zone
time(timestamp without time zone) f time without time zone
time_cmp(time without time zone,time without time zone) f integer
time_eq(time without time zone,time without time zone) f boolean
time_ge(time without time zone,time without time zone) f boolean
time_gt(time without time zone,time without time zone) f boolean
time_hash(time without time zone) f integer
time_hash_extended(time without time zone,bigint) f bigint
time_in(cstring,oid,integer) f time without time zone
time_larger(time without time zone,time without time zone) f time without time zone
time_le(time without time zone,time without time zone) f boolean
time_lt(time without time zone,time without time zone) f boolean
time_mi_interval(time without time zone,interval) f time without time zone
time_mi_time(time without time zone,time without time zone) f interval
time_ne(time without time zone,time without time zone) f boolean
time_out(time without time zone) f cstring
time_pl_interval(time without time zone,interval) f time without time zone
time_recv(internal,oid,integer) f time without time zone
time_send(time without time zone) f bytea
time_smaller(time without time zone,time without time zone) f time without time zone
time_support(internal) f internal
timedate_pl(time without time zone,date) f timestamp without time zone
timeofday() f text
timestamp(date) f timestamp without time zone
timestamp(date,time without time zone) f timestamp without time zone
timestamp(timestamp with time zone) f timestamp without time zone
timestamp(timestamp without time zone,integer) f timestamp without time zone
timestamp_cmp(timestamp without time zone,timestamp without time zone) f integer
timestamp_cmp_date(timestamp without time zone,date) f integer
timestamp_cmp_timestamptz(timestamp without time zone,timestamp with time zone) f integer
timestamp_eq(timestamp without time zone,timestamp without time zone) f boolean
timestamp_eq_date(timestamp without time zone,date) f boolean
timestamp_eq_timestamptz(timestamp without time zone,timestamp with time zone) f boolean
timestamp_ge(timestamp without time zone,timestamp without time zone) f boolean
timestamp_ge_date(timestamp without time zone,date) f boolean
timestamp_ge_timestamptz(timestamp without time zone,timestamp with time zone) f boolean
timestamp_gt(timestamp without time zone,timestamp without time zone) f boolean
timestamp_gt_date(timestamp without time zone,date) f boolean
timestamp_gt_timestamptz(timestamp without time zone,timestamp with time zone) f boolean
timestamp_hash(timestamp without time zone) f integer
timestamp_hash_extended(timestamp without time zone,bigint) f bigint
timestamp_in(cstring,oid,integer) f timestamp without time zone
timestamp_larger(timestamp without time zone,timestamp without time zone) f timestamp without time zone
timestamp_le(timestamp without time zone,timestamp without time zone) f boolean
timestamp_le_date(timestamp without time zone,date) f boolean
timestamp_le_timestamptz(timestamp without time zone,timestamp with time zone) f boolean
timestamp_lt(timestamp without time zone,timestamp without time zone) f boolean
timestamp_lt_date(timestamp without time zone,date) f boolean
timestamp_lt_timestamptz(timestamp without time zone,timestamp with time zone) f boolean
timestamp_mi(timestamp without time zone,timestamp without time zone) f interval
timestamp_mi_interval(timestamp without time zone,interval) f timestamp without time zone
timestamp_ne(timestamp without time zone,timestamp without time zone) f boolean
timestamp_ne_date(timestamp without time zone,date) f boolean
timestamp_ne_timestamptz(timestamp without time zone,timestamp with time zone) f boolean
timestamp_out(timestamp without time zone) f cstring
timestamp_pl_interval(timestamp without time zone,interval) f timestamp without time zone
timestamp_recv(internal,oid,integer) f timestamp without time zone
timestamp_send(timestamp without time zone) f bytea
timestamp_smaller(timestamp without time zone,timestamp without time zone) f timestamp without time zone
timestamp_sortsupport(internal) f void
timestamp_support(internal) f internal
timestamptypmodin(cstring[]) f integer
timestamptypmodout(integer) f cstring
timestamptz(date) f timestamp with time zone
timestamptz(date,time with time zone) f timestamp with time zone
timestamptz(date,time without time zone) f timestamp with time zone
timestamptz(timestamp with time zone,integer) f timestamp with time zone
timestamptz(timestamp without time zone) f timestamp with time zone
timestamptz_cmp(timestamp with time zone,timestamp with time zone) f integer
timestamptz_cmp_date(timestamp with time zone,date) f integer
timestamptz_cmp_timestamp(timestamp with time zone,timestamp without time zone) f integer
timestamptz_eq(timestamp with time zone,timestamp with time zone) f boolean
timestamptz_eq_date(timestamp with time zone,date) f boolean
timestamptz_eq_timestamp(timestamp with time zone,timestamp without time zone) f boolean
timestamptz_ge(timestamp with time zone,timestamp with time zone) f boolean
timestamptz_ge_date(timestamp with time zone,date) f boolean
timestamptz_ge_timestamp(timestamp with time zone,timestamp without time zone) f boolean
timestamptz_gt(timestamp with time zone,timestamp with time zone) f boolean
timestamptz_gt_date(timestamp with time zone,date) f boolean
timestamptz_gt_timestamp(timestamp with time zone,timestamp without time zone) f boolean
timestamptz_in(cstring,oid,integer) f timestamp with time zone
timestamptz_larger(timestamp with time zone,timestamp with time zone) f timestamp with time zone
timestamptz_le(timestamp with time zone,timestamp with time zone) f boolean
timestamptz_le_date(timestamp with time zone,date) f boolean
timestamptz_le_timestamp(timestamp with time zone,timestamp without time zone) f boolean
timestamptz_lt(timestamp with time zone,timestamp with time zone) f boolean
timestamptz_lt_date(timestamp with time zone,date) f boolean
timestamptz_lt_timestamp(timestamp with time zone,timestamp without time zone) f boolean
timestamptz_mi(timestamp with time zone,timestamp with time zone) f interval
timestamptz_mi_interval(timestamp with time zone,interval) f timestamp with time zone
timestamptz_ne(timestamp with time zone,timestamp with time zone) f boolean
timestamptz_ne_date(timestamp with time zone,date) f boolean
timestamptz_ne_timestamp(timestamp with time zone,timestamp without time zone) f boolean
timestamptz_out(timestamp with time zone) f cstring
timestamptz_pl_interval(timestamp with time zone,interval) f timestamp with time zone
timestamptz_recv(internal,oid,integer) f timestamp with time zone
timestamptz_send(timestamp with time zone) f bytea
timestamptz_smaller(timestamp with time zone,timestamp with time zone) f timestamp with time zone
timestamptztypmodin(cstring[]) f integer
timestamptztypmodout(integer) f cstring
timetypmodin(cstring[]) f integer
timetypmodout(integer) f cstring
timetz(time with time zone,integer) f time with time zone
timetz(time without time zone) f time with time zone
timetz(timestamp with time zone) f time with time zone
timetz_cmp(time with time zone,time with time zone) f integer
timetz_eq(time with time zone,time with time zone) f boolean
timetz_ge(time with time zone,time with time zone) f boolean
timetz_gt(time with time zone,time with time zone) f boolean
timetz_hash(time with time zone) f integer
timetz_hash_extended(time with time zone,bigint) f bigint
timetz_in(cstring,oid,integer) f time with time zone
timetz_larger(time with time zone,time with time zone) f time with time zone
timetz_le(time with time zone,time with time zone) f boolean
timetz_lt(time with time zone,time with time zone) f boolean
timetz_mi_interval(time with time zone,interval) f time with time zone
timetz_ne(time with time zone,time with time zone) f boolean
timetz_out(time with time zone) f cstring
timetz_pl_interval(time with time zone,interval) f time with time zone
timetz_recv(internal,oid,integer) f time with time zone
timetz_send(time with time zone) f bytea
timetz_smaller(time with time zone,time with time zone) f time with time zone
timetzdate_pl(time with time zone,date) f timestamp with time zone
timetztypmodin(cstring[]) f integer
timetztypmodout(integer) f cstring
timezone(interval,time with time zone) f time with time zone
timezone(interval,timestamp with time zone) f timestamp without time zone
timezone(interval,timestamp without time zone) f timestamp with time zone
timezone(text,time with time zone) f time with time zone
timezone(text,timestamp with time zone) f timestamp without time zone
timezone(text,timestamp without time zone) f timestamp with time zone
to_ascii(text) f text
to_ascii(text,integer) f text
to_ascii(text,name) f text
to_char(bigint,text) f text
to_char(double precision,text) f text
to_char(integer,text) f text
to_char(interval,text) f text
to_char(numeric,text) f text
to_char(real,text) f text
to_char(timestamp with time zone,text) f text
to_char(timestamp without time zone,text) f text
to_date(text,text) f date
to_hex(bigint) f text
to_hex(integer) f text
to_json(anyelement) f json
to_jsonb(anyelement) f jsonb
to_number(text,text) f numeric
to_regclass(text) f regclass
to_regcollation(text) f regcollation
to_regnamespace(text) f regnamespace
to_regoper(text) f regoper
to_regoperator(text) f regoperator
to_regproc(text) f regproc
to_regprocedure(text) f regprocedure
to_regrole(text) f regrole
to_regtype(text) f regtype
to_timestamp(double precision) f timestamp with time zone
to_timestamp(text,text) f timestamp with time zone
to_tsquery(regconfig,text) f tsquery
to_tsquery(text) f tsquery
to_tsvector(json) f tsvector
to_tsvector(jsonb) f tsvector
to_tsvector(regconfig,json) f tsvector
to_tsvector(regconfig,jsonb) f tsvector
to_tsvector(regconfig,text) f tsvector
to_tsvector(text) f tsvector
transaction_timestamp() f timestamp with time zone
translate(text,text,text) f text
trigger_in(cstring) f trigger
trigger_out(trigger) f cstring
trim_array(anyarray,integer) f anyarray
trim_scale(numeric) f numeric
trunc(double precision) f double precision
trunc(macaddr) f macaddr
trunc(macaddr8) f macaddr8
trunc(numeric) f numeric
trunc(numeric,integer) f numeric
ts_debug(regconfig,text) f setof record
ts_debug(text) f setof record
ts_delete(tsvector,text) f tsvector
ts_delete(tsvector,text[]) f tsvector
ts_filter(tsvector,"char"[]) f tsvector
ts_headline(json,tsquery) f json
ts_headline(json,tsquery,text) f json
ts_headline(jsonb,tsquery) f jsonb
ts_headline(jsonb,tsquery,text) f jsonb
ts_headline(regconfig,json,tsquery) f json
ts_headline(regconfig,json,tsquery,text) f json
ts_headline(regconfig,jsonb,tsquery) f jsonb
ts_headline(regconfig,jsonb,tsquery,text) f jsonb
ts_headline(regconfig,text,tsquery) f text
ts_headline(regconfig,text,tsquery,text) f text
ts_headline(text,tsquery) f text
ts_headline(text,tsquery,text) f text
ts_lexize(regdictionary,text) f text[]
ts_match_qv(tsquery,tsvector) f boolean
ts_match_tq(text,tsquery) f boolean
ts_match_tt(text,text) f boolean
ts_match_vq(tsvector,tsquery) f boolean
ts_parse(oid,text) f setof record
ts_parse(text,text) f setof record
ts_rank(real[],tsvector,tsquery) f real
ts_rank(real[],tsvector,tsquery,integer) f real
ts_rank(tsvector,tsquery) f real
ts_rank(tsvector,tsquery,integer) f real
ts_rank_cd(real[],tsvector,tsquery) f real
ts_rank_cd(real[],tsvector,tsquery,integer) f real
ts_rank_cd(tsvector,tsquery) f real
ts_rank_cd(tsvector,tsquery,integer) f real
ts_rewrite(tsquery,text) f tsquery
ts_rewrite(tsquery,tsquery,tsquery) f tsquery
ts_stat(text) f setof record
ts_stat(text,text) f setof record
ts_token_type(oid) f setof record
ts_token_type(text) f setof record
ts_typanalyze(internal) f boolean
tsm_handler_in(cstring) f tsm_handler
tsm_handler_out(tsm_handler) f cstring
tsmatchjoinsel(internal,oid,internal,smallint,internal) f double precision
tsmatchsel(internal,oid,internal,integer) f double precision
tsmultirange() f tsmultirange
tsmultirange(tsrange) f tsmultirange
tsmultirange(tsrange[]) f tsmultirange
tsq_mcontained(tsquery,tsquery) f boolean
tsq_mcontains(tsquery,tsquery) f boolean
tsquery_and(tsquery,tsquery) f tsquery
tsquery_cmp(tsquery,tsquery) f integer
tsquery_eq(tsquery,tsquery) f boolean
tsquery_ge(tsquery,tsquery) f boolean
tsquery_gt(tsquery,tsquery) f boolean
tsquery_le(tsquery,tsquery) f boolean
tsquery_lt(tsquery,tsquery) f boolean
tsquery_ne(tsquery,tsquery) f boolean
tsquery_not(tsquery) f tsquery
tsquery_or(tsquery,tsquery) f tsquery
tsquery_phrase(tsquery,tsquery) f tsquery
tsquery_phrase(tsquery,tsquery,integer) f tsquery
tsqueryin(cstring) f tsquery
tsqueryout(tsquery) f cstring
tsqueryrecv(internal) f tsquery
tsquerysend(tsquery) f bytea
tsrange(timestamp without time zone,timestamp without time zone) f tsrange
tsrange(timestamp without time zone,timestamp without time zone,text) f tsrange
tsrange_subdiff(timestamp without time zone,timestamp without time zone) f double precision
tstzmultirange() f tstzmultirange
tstzmultirange(tstzrange) f tstzmultirange
tstzmultirange(tstzrange[]) f tstzmultirange
tstzrange(timestamp with time zone,timestamp with time zone) f tstzrange
tstzrange(timestamp with time zone,timestamp with time zone,text) f tstzrange
tstzrange_subdiff(timestamp with time zone,timestamp with time zone) f double precision
tsvector_cmp(tsvector,tsvector) f integer
tsvector_concat(tsvector,tsvector) f tsvector
tsvector_eq(tsvector,tsvector) f boolean
tsvector_ge(tsvector,tsvector) f boolean
tsvector_gt(tsvector,tsvector) f boolean
tsvector_le(tsvector,tsvector) f boolean
tsvector_lt(tsvector,tsvector) f boolean
tsvector_ne(tsvector,tsvector) f boolean
tsvector_to_array(tsvector) f text[]
tsvector_update_trigger() f trigger
tsvector_update_trigger_column() f trigger
tsvectorin(cstring) f tsvector
tsvectorout(tsvector) f cstring
tsvectorrecv(internal) f tsvector
tsvectorsend(tsvector) f bytea
txid_current() f bigint
txid_current_if_assigned() f bigint
txid_current_snapshot() f txid_snapshot
txid_snapshot_in(cstring) f txid_snapshot
txid_snapshot_out(txid_snapshot) f cstring
txid_snapshot_recv(internal) f txid_snapshot
txid_snapshot_send(txid_snapshot) f bytea
txid_snapshot_xip(txid_snapshot) f setof bigint
txid_snapshot_xmax(txid_snapshot) f bigint
txid_snapshot_xmin(txid_snapshot) f bigint
txid_status(bigint) f text
txid_visible_in_snapshot(bigint,txid_snapshot) f boolean
uhc_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
unique_key_recheck() f trigger
unistr(text) f text
unknownin(cstring) f unknown
unknownout(unknown) f cstring
unknownrecv(internal) f unknown
unknownsend(unknown) f bytea
unnest(anyarray) f setof anyelement
unnest(anymultirange) f setof anyrange
unnest(tsvector) f setof record
upper(anymultirange) f anyelement
upper(anyrange) f anyelement
upper(text) f text
upper_inc(anymultirange) f boolean
upper_inc(anyrange) f boolean
upper_inf(anymultirange) f boolean
upper_inf(anyrange) f boolean
utf8_to_big5(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_euc_cn(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_euc_jis_2004(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_euc_jp(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_euc_kr(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_euc_tw(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_gb18030(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_gbk(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_iso8859(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_iso8859_1(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_johab(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_koi8r(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_koi8u(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_shift_jis_2004(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_sjis(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_uhc(integer,integer,cstring,internal,integer,boolean) f integer
utf8_to_win(integer,integer,cstring,internal,integer,boolean) f integer
uuid_cmp(uuid,uuid) f integer
uuid_eq(uuid,uuid) f boolean
uuid_ge(uuid,uuid) f boolean
uuid_gt(uuid,uuid) f boolean
uuid_hash(uuid) f integer
uuid_hash_extended(uuid,bigint) f bigint
uuid_in(cstring) f uuid
uuid_le(uuid,uuid) f boolean
uuid_lt(uuid,uuid) f boolean
uuid_ne(uuid,uuid) f boolean
uuid_out(uuid) f cstring
uuid_recv(internal) f uuid
uuid_send(uuid) f bytea
uuid_sortsupport(internal) f void
var_pop(bigint) a numeric
var_pop(double precision) a double precision
var_pop(integer) a numeric
var_pop(numeric) a numeric
var_pop(real) a double precision
var_pop(smallint) a numeric
var_samp(bigint) a numeric
var_samp(double precision) a double precision
var_samp(integer) a numeric
var_samp(numeric) a numeric
var_samp(real) a double precision
var_samp(smallint) a numeric
varbit(bit varying,integer,boolean) f bit varying
varbit_in(cstring,oid,integer) f bit varying
varbit_out(bit varying) f cstring
varbit_recv(internal,oid,integer) f bit varying
varbit_send(bit varying) f bytea
varbit_support(internal) f internal
varbitcmp(bit varying,bit varying) f integer
varbiteq(bit varying,bit varying) f boolean
varbitge(bit varying,bit varying) f boolean
varbitgt(bit varying,bit varying) f boolean
varbitle(bit varying,bit varying) f boolean
varbitlt(bit varying,bit varying) f boolean
varbitne(bit varying,bit varying) f boolean
varbittypmodin(cstring[]) f integer
varbittypmodout(integer) f cstring
varchar(character varying,integer,boolean) f character varying
varchar(name) f character varying
varchar_support(internal) f internal
varcharin(cstring,oid,integer) f character varying
varcharout(character varying) f cstring
varcharrecv(internal,oid,integer) f character varying
varcharsend(character varying) f bytea
varchartypmodin(cstring[]) f integer
varchartypmodout(integer) f cstring
variance(bigint) a numeric
variance(double precision) a double precision
variance(integer) a numeric
variance(numeric) a numeric
variance(real) a double precision
variance(smallint) a numeric
version() f text
void_in(cstring) f void
void_out(void) f cstring
void_recv(internal) f void
void_send(void) f bytea
websearch_to_tsquery(regconfig,text) f tsquery
websearch_to_tsquery(text) f tsquery
width(box) f double precision
width_bucket(anycompatible,anycompatiblearray) f integer
width_bucket(double precision,double precision,double precision,integer) f integer
width_bucket(numeric,numeric,numeric,integer) f integer
win1250_to_latin2(integer,integer,cstring,internal,integer,boolean) f integer
win1250_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
win1251_to_iso(integer,integer,cstring,internal,integer,boolean) f integer
win1251_to_koi8r(integer,integer,cstring,internal,integer,boolean) f integer
win1251_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
win1251_to_win866(integer,integer,cstring,internal,integer,boolean) f integer
win866_to_iso(integer,integer,cstring,internal,integer,boolean) f integer
win866_to_koi8r(integer,integer,cstring,internal,integer,boolean) f integer
win866_to_mic(integer,integer,cstring,internal,integer,boolean) f integer
win866_to_win1251(integer,integer,cstring,internal,integer,boolean) f integer
win_to_utf8(integer,integer,cstring,internal,integer,boolean) f integer
window_dense_rank_support(internal) f internal
window_rank_support(internal) f internal
window_row_number_support(internal) f internal
xid(xid8) f xid
xid8_larger(xid8,xid8) f xid8
xid8_smaller(xid8,xid8) f xid8
xid8cmp(xid8,xid8) f integer
xid8eq(xid8,xid8) f boolean
xid8ge(xid8,xid8) f boolean
xid8gt(xid8,xid8) f boolean
xid8in(cstring) f xid8
xid8le(xid8,xid8) f boolean
xid8lt(xid8,xid8) f boolean
xid8ne(xid8,xid8) f boolean
xid8out(xid8) f cstring
xid8recv(internal) f xid8
xid8send(xid8) f bytea
xideq(xid,xid) f boolean
xideqint4(xid,integer) f boolean
xidin(cstring) f xid
xidneq(xid,xid) f boolean
xidneqint4(xid,integer) f boolean
xidout(xid) f cstring
xidrecv(internal) f xid
xidsend(xid) f bytea
xml(text) f xml
xml_in(cstring) f xml
xml_is_well_formed(text) f boolean
xml_is_well_formed_content(text) f boolean
xml_is_well_formed_document(text) f boolean
xml_out(xml) f cstring
xml_recv(internal) f xml
xml_send(xml) f bytea
xmlagg(xml) a xml
xmlcomment(text) f xml
xmlconcat2(xml,xml) f xml
xmlexists(text,xml) f boolean
xmlvalidate(xml,text) f boolean
xpath(text,xml) f xml[]
xpath(text,xml,text[]) f xml[]
xpath_exists(text,xml) f boolean
xpath_exists(text,xml,text[]) f boolean
"""

PG15_SIGNATURES: dict[str, tuple[Overload, ...]] = _parse(_SIGNATURES)
PG15_FUNCTION_NAMES: frozenset[str] = frozenset(PG15_SIGNATURES)

if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(_generate(sys.argv[1]))
