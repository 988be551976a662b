"""Profile a CSV file with DuckDB and propose the exact PostgreSQL table for it.

``profile(path, dialect)`` streams the whole file through DuckDB (multi-threaded) with every
column read as VARCHAR (``all_varchar``), ``allow_quoted_nulls = false`` (a quoted ``""`` stays
an empty string; an unquoted empty field is NULL) and ``strict_mode`` on, rejecting ragged rows
into a rejects table (they are reported, not guessed around). Non-UTF-8 input DuckDB cannot read
(anything but UTF-8, Latin-1 and UTF-16-LE) is first transcoded, streaming, into ``work_dir``.

Types are inferred in two steps: the first rows (a sample read in Python) propose a type and
format per column; one pass over the whole file then verifies it with one regular expression
per column plus the aggregates the type needs (digits, scale, day/month maxima), and widens or
falls back to text when any value disagrees (a second pass, for those columns only, fetches
what the widened type needs). When the sample holds the whole file, the same statistics are
computed exactly in Python and DuckDB does not scan again. Secrets are looked for in every
sampled value, and over the whole file (by their published shapes) in text columns whose
sampled values reach 20 characters. The rules are exact, never lossy:

* integers with a leading zero (``007``, zip codes) or a ``+`` stay text; ``-0`` stays text;
* integers within int4 → ``integer``, within int8 → ``bigint``, larger → ``numeric``;
* decimals → ``numeric(p,s)`` with p and s from the data (never float; money included). No
  exponent, no thousands separator, no currency sign: those stay text;
* ``uuid`` for hyphenated UUIDs; ``jsonb`` for JSON objects/arrays (whitespace and key order
  are normalised by jsonb; use text to keep the bytes);
* boolean only for one unambiguous family (true/false, t/f, yes/no, y/n, on/off; not 0/1),
  with both values present unless the family is spelled out in words;
* dates, timestamps (with an offset → ``timestamptz``) and times, with the format reported as
  a PostgreSQL template; DD/MM/YYYY vs MM/DD/YYYY is decided by a part greater than 12 and
  stays text (with a note) when every value fits both; more than 6 fractional digits or a
  two-digit year stay text;
* a mix of shapes → text.

NULL handling (decided, documented): an unquoted empty field is NULL; a quoted ``""`` is an
empty string, and an empty string is a value a non-text type cannot hold, so a column with
empty strings is text. The note then says which type the column would have if empty strings
were loaded as NULL.

Names: ``suggested_name`` is snake_case ASCII (accents transliterated, other scripts dropped),
never a PostgreSQL reserved word, at most 63 bytes, unique, and never one of the system fields
``id, created_at, updated_at, created_by, updated_by`` (those become ``source_id`` ...).
Columns that hold secrets (by name or because most values are secrets) are flagged, their
samples and min/max redacted, and left out of ``create_table_sql``. ``create_table_sql`` declares
no system field and no constraint: the keys the data supports are listed in ``candidate_keys``
and in the notes (one snapshot of data is not a schema rule).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from . import secrets
from .csv_engine import duckdb_error
from .csv_prepare import duckdb_encoding, normalise_encoding, read_csv_sql
from .csv_sniff import CsvError

__all__ = ["profile", "snake_name", "suggest_names", "infer_type", "SYSTEM_FIELDS", "RESERVED_WORDS"]

SYSTEM_FIELDS: Final = ("id", "created_at", "updated_at", "created_by", "updated_by")
REDACTED: Final = "«redacted»"
PG_MAX_COLUMNS: Final = 1600
_MAX_IDENT: Final = 63
_MAX_AGGREGATES: Final = 600
_KEY_KINDS: Final = frozenset({"integer", "bigint", "numeric", "uuid", "text"})
_EXACT_DISTINCT_BYTES: Final = 64 << 20
_MAX_BAD_LINES: Final = 20

#: PostgreSQL 15 keywords that cannot be a column name unquoted (reserved, and reserved but
#: allowed as function or type names).
RESERVED_WORDS: Final = frozenset(
    """
    all analyse analyze and any array as asc asymmetric both case cast check collate column
    constraint create current_catalog current_date current_role current_time current_timestamp
    current_user default deferrable desc distinct do else end except false fetch for foreign
    from grant group having in initially intersect into lateral leading limit localtime
    localtimestamp not null offset on only or order placing primary references returning select
    session_user some symmetric table then to trailing true union unique user using variadic
    when where window with authorization binary collation concurrently cross current_schema
    freeze full ilike inner is isnull join left like natural notnull outer overlaps right
    similar tablesample verbose
    """.split()
)

_TRANSLIT: Final = MappingProxyType(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
        "ı": "i",
        "&": " and ",
        "%": " pct ",
        "#": " num ",
        "@": " at ",
        "€": " eur ",
        "$": " usd ",
        "£": " gbp ",
    }
)

# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


def snake_name(name: str) -> str:
    """snake_case ASCII form of ``name`` ("Order ID" → "order_id", "CamelCase" → "camel_case").

    May return "" (nothing usable) or a reserved word; ``suggest_names`` fixes those.
    """
    s = "".join(_TRANSLIT.get(ch, ch) for ch in name)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()
    s = re.sub(r"_+", "_", s)
    return s


def _fit(name: str, suffix: str = "") -> str:
    room = _MAX_IDENT - len(suffix)
    return name[:room].rstrip("_") + suffix


def suggest_names(names: list[str], *, avoid: tuple[str, ...] = SYSTEM_FIELDS) -> list[str]:
    """Unique, valid, non-reserved snake_case names for ``names``; system fields get ``source_``."""
    out: list[str] = []
    taken: set[str] = set()
    for i, raw in enumerate(names):
        s = snake_name(raw)
        if not s:
            s = f"column_{i + 1}"
        if s[0].isdigit():
            s = "col_" + s
        if s in avoid:
            s = "source_" + s
        if s in RESERVED_WORDS:
            s = s + "_col"
        s = _fit(s)
        base = s
        n = 2
        while s in taken or s in avoid:
            s = _fit(base, f"_{n}")
            n += 1
        taken.add(s)
        out.append(s)
    return out


def _table_name(path: str, given: str | None, existing: set[str]) -> tuple[str, list[str]]:
    notes: list[str] = []
    if given:
        base = snake_name(given)
    else:
        stem = os.path.basename(path)
        for ext in (".gz", ".csv", ".tsv", ".txt", ".dat", ".psv"):
            if stem.lower().endswith(ext):
                stem = stem[: -len(ext)]
        base = snake_name(stem)
    if not base:
        base = "imported_csv"
    if base[0].isdigit():
        base = "t_" + base
    if base in RESERVED_WORDS:
        base += "_data"
    base = _fit(base)
    name = base
    n = 2
    while name in existing:
        name = _fit(base, f"_{n}")
        n += 1
    if name != base:
        notes.append(f'a table "{base}" already exists; suggested "{name}" instead')
    return name, notes


# --------------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------------

# Plain decimal numbers as PostgreSQL prints them back: no "+", no leading zeros, no
# exponent, no bare ".5", and no negative zero ("-0", "-0.00": PostgreSQL drops the sign).
NUMERIC_RE: Final = r"-?[1-9][0-9]*(?:\.[0-9]+)?|-?0\.[0-9]*[1-9][0-9]*|0(?:\.[0-9]+)?"
UUID_RE: Final = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
ISO_DATE_RE: Final = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
YMD_SLASH_RE: Final = r"[0-9]{4}/[0-9]{2}/[0-9]{2}"
ISO_TS_RE: Final = r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
ISO_TSTZ_RE: Final = ISO_TS_RE + r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)"
TIME_RE: Final = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
_BOOL_FAMILIES: Final = (
    ("true", "false"),
    ("t", "f"),
    ("yes", "no"),
    ("y", "n"),
    ("on", "off"),
)
_WORDY_BOOLS: Final = frozenset({("true", "false"), ("yes", "no")})
INT4: Final = (-(2**31), 2**31 - 1)
INT8: Final = (-(2**63), 2**63 - 1)
# Strong secret shapes, in RE2 syntax, for a full-file scan of text columns in DuckDB; a hit is
# confirmed in Python with secrets.sensitive_value.
SECRET_SCAN_RE: Final = (
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY|\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}|whsec_[0-9A-Za-z+/=]{20,}"
    r"|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}"
    r"|\bxox[abprse]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35}|\bsk-[A-Za-z0-9_-]{20,}"
    r"|\bgl(?:pat|dt|rt|ptt|cbt|oas)-[A-Za-z0-9_-]{20,}|\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}"
    r"|\bnpm_[A-Za-z0-9]{36}|\bpypi-[A-Za-z0-9_-]{50,}|\bhf_[A-Za-z0-9]{30,}|\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"
    r"|\bsbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,}|AccountKey=[A-Za-z0-9+/=]{40,}"
    r"|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.|[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@]+:[^\s/@]+@"
)


def _dmy_re(sep: str, time: str = "") -> str:
    s = re.escape(sep)
    t = {"": "", "hm": r" [0-9]{1,2}:[0-9]{2}", "hms": r" [0-9]{1,2}:[0-9]{2}:[0-9]{2}"}[time]
    return r"[0-9]{1,2}" + s + r"[0-9]{1,2}" + s + r"[0-9]{4}" + t


@dataclass
class TypeGuess:
    """A column's type as inferred from values (see the module docstring for the rules)."""

    kind: str  # integer bigint numeric boolean date timestamp timestamptz time uuid json text
    pg_type: str
    fmt: str | None = None
    cls: str = "text"  # the shape verified over the whole file
    sep: str | None = None
    order: str | None = None  # dmy / mdy / ambiguous for day-month dates
    time: str = ""  # "", "hm", "hms" for day-month timestamps
    family: tuple[str, str] | None = None
    direct_cast: bool = True  # PostgreSQL reads the text with a plain cast, whatever DateStyle
    notes: list[str] = field(default_factory=list)


def _text(*notes: str) -> TypeGuess:
    return TypeGuess("text", "text", notes=list(notes))


def _int_guess(lo: int, hi: int, digits: int) -> TypeGuess:
    if INT4[0] <= lo and hi <= INT4[1]:
        return TypeGuess("integer", "integer", cls="number")
    if INT8[0] <= lo and hi <= INT8[1]:
        return TypeGuess("bigint", "bigint", cls="number")
    return TypeGuess(
        "numeric", "numeric", cls="number", notes=[f"integers of up to {digits} digits exceed bigint"]
    )


def _numeric_guess(int_digits: int, scale: int) -> TypeGuess:
    p = max(int_digits + scale, 1)
    if p > 1000:
        return TypeGuess("numeric", "numeric", cls="number")
    return TypeGuess("numeric", f"numeric({p},{scale})", cls="number")


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        _dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _valid_time(s: str) -> bool:
    parts = s.split(":")
    h, mi = int(parts[0]), int(parts[1])
    sec = float(parts[2]) if len(parts) > 2 else 0.0
    if h == 24:
        return mi == 0 and sec == 0
    return 0 <= h <= 23 and 0 <= mi <= 59 and 0 <= sec < 61


def _all(pattern: str, vals: list[str]) -> bool:
    rx = re.compile(pattern)
    return all(rx.fullmatch(v) is not None for v in vals)


def infer_type(values: list[str], *, final: bool = True) -> TypeGuess:
    """Infer the exact type of a column from its non-empty, non-NULL values.

    With ``final=False`` (a sample of a bigger file), a day/month date whose order the sample
    cannot tell stays a date candidate, for the whole-file pass to decide.
    """
    if not values:
        return _text("no values")
    # numbers
    if _all(NUMERIC_RE, values):
        scale = max((len(v.split(".", 1)[1]) for v in values if "." in v), default=0)
        int_digits = max(len(v.lstrip("-").split(".", 1)[0].lstrip("0")) for v in values)
        if scale == 0:
            ints = [int(v) for v in values]
            return _int_guess(min(ints), max(ints), int_digits)
        return _numeric_guess(int_digits, scale)
    lowered = {v.lower() for v in values}
    for fam in _BOOL_FAMILIES:
        if lowered <= set(fam) and (len(lowered) == 2 or fam in _WORDY_BOOLS):
            return TypeGuess("boolean", "boolean", cls="boolean", family=fam)
    if _all(UUID_RE, values):
        return TypeGuess("uuid", "uuid", cls="uuid")
    # dates
    if _all(ISO_DATE_RE, values) and all(_valid_date(int(v[:4]), int(v[5:7]), int(v[8:10])) for v in values):
        return TypeGuess("date", "date", fmt="YYYY-MM-DD", cls="iso_date")
    if _all(YMD_SLASH_RE, values) and all(_valid_date(int(v[:4]), int(v[5:7]), int(v[8:10])) for v in values):
        return TypeGuess("date", "date", fmt="YYYY/MM/DD", cls="ymd_slash", direct_cast=False)
    for sep in ("/", ".", "-"):
        for tm in ("", "hm", "hms"):
            if _all(_dmy_re(sep, tm), values):
                g = _day_month_guess(values, sep, tm)
                if final and g.order == "ambiguous":
                    return _text(
                        f"every value fits both DD{sep}MM and MM{sep}DD: day/month order is ambiguous"
                    )
                return g
    # timestamps
    if _all(ISO_TSTZ_RE, values):
        if all(_iso_ok(v) for v in values):
            return TypeGuess("timestamptz", "timestamptz", fmt=_iso_format(values, tz=True), cls="iso_tstz")
    if _all(ISO_TS_RE, values):
        if all(_iso_ok(v) for v in values):
            return TypeGuess("timestamp", "timestamp", fmt=_iso_format(values, tz=False), cls="iso_ts")
    if _all(TIME_RE, values) and all(_valid_time(v) for v in values):
        fmt = "HH24:MI:SS" if any(v.count(":") == 2 for v in values) else "HH24:MI"
        if any("." in v for v in values):
            fmt += ".US"
        return TypeGuess("time", "time", fmt=fmt, cls="time")
    if all(v[:1] in "{[" for v in values):
        try:
            for v in values:
                json.loads(v)
        except ValueError:
            pass
        else:
            return TypeGuess(
                "json",
                "jsonb",
                cls="json",
                notes=[
                    "jsonb normalises whitespace and key order (and keeps the last of duplicate keys); "
                    "use text to keep the bytes"
                ],
            )
    return _text()


def _iso_ok(v: str) -> bool:
    s = v[:-1] + "+00:00" if v.endswith("Z") else v
    try:
        _dt.datetime.fromisoformat(s)
    except ValueError:
        return False
    return True


def _iso_format(values: list[str], *, tz: bool) -> str:
    t = '"T"' if any("T" in v for v in values) else " "
    secs = any(v[10:].count(":") >= 2 for v in values)
    fmt = "YYYY-MM-DD" + t + "HH24:MI" + (":SS" if secs else "")
    if any("." in v[10:] for v in values):
        fmt += ".US"
    if tz:
        fmt += "TZH:TZM"
    return fmt


def _day_month_guess(values: list[str], sep: str, tm: str) -> TypeGuess:
    p1 = p2 = 0
    for v in values:
        a, b = v.split(" ", 1)[0].split(sep)[:2]
        p1, p2 = max(p1, int(a)), max(p2, int(b))
    return _day_month_from_parts(values, sep, tm, p1, p2)


def _day_month_from_parts(values: list[str] | None, sep: str, tm: str, p1: int, p2: int) -> TypeGuess:
    time_fmt = {"": "", "hm": " HH24:MI", "hms": " HH24:MI:SS"}[tm]
    kind = "timestamp" if tm else "date"
    if p1 > 12 and p2 > 12 or p1 > 31 or p2 > 31:
        return _text("day and month cannot be told apart: values exceed 12 in both positions")
    if p1 > 12:
        order = "dmy"
    elif p2 > 12:
        order = "mdy"
    else:
        order = "ambiguous"
    fmt = ("DD" + sep + "MM" if order != "mdy" else "MM" + sep + "DD") + sep + "YYYY" + time_fmt
    if values is not None and order != "ambiguous":
        for v in values:
            d_part = v.split(" ", 1)[0].split(sep)
            a, b, y = int(d_part[0]), int(d_part[1]), int(d_part[2])
            day, month = (a, b) if order == "dmy" else (b, a)
            if not _valid_date(y, month, day):
                return _text(f"a value is not a valid date as {fmt}")
    return TypeGuess(kind, kind, fmt=fmt, cls="day_month", sep=sep, order=order, time=tm, direct_cast=False)


# --------------------------------------------------------------------------------------------
# DuckDB passes
# --------------------------------------------------------------------------------------------


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _duck_fmt(sep: str, order: str, tm: str) -> str:
    d = ("%d" + sep + "%m" if order == "dmy" else "%m" + sep + "%d") + sep + "%Y"
    return d + {"": "", "hm": " %H:%M", "hms": " %H:%M:%S"}[tm]


def _column_exprs(
    i: int, g: TypeGuess, exact_distinct: bool, scan_secrets: bool, *, full: bool = False
) -> list[tuple[str, str]]:
    """The aggregates of the whole-file pass for column ``i`` guessed as ``g`` (see _column_derived
    for the per-row values they read: each regular expression runs once per value).

    Lean by default (each aggregate costs a share of a full scan): only what confirms the
    guess. ``full`` adds what a widened or failed guess needs (a follow-up pass, rarely).
    """
    c = f"c{i + 1}"
    a = f"k{i + 1}_"
    o = f"o{i + 1}"  # the value has the guessed shape
    p = f"p{i + 1}"  # the value parsed as the guessed type
    ex: list[tuple[str, str]] = [
        (a + "nn", f"count({c})"),
        (a + "ne", f"count_if({c} = '')"),
        (a + "nd", f"count(distinct {c})" if exact_distinct else f"approx_count_distinct({c})"),
    ]
    if full or g.cls in ("text", "boolean", "uuid", "json"):  # the others have typed min/max
        ex += [(a + "ml", f"max(length({c}))"), (a + "mn", f"min({c})"), (a + "mx", f"max({c})")]
    else:
        pass  # no length for a typed column: its values' text has the type's shape
    nonempty = f"{c} <> ''"
    if g.cls == "number":
        is_int = g.kind in ("integer", "bigint")
        ex.append((a + "bad", f"count_if({nonempty} and not {o})"))
        if is_int or full or g.pg_type == "numeric":
            ex.append((a + "dots", f"count_if({c} like '%.%')"))  # a decimal further on widens it
        if full or not is_int:
            dpos = f"d{i + 1}"  # strpos of the decimal point (0: none)
            # digits before the point of a plain decimal (no leading zero but a lone 0, which counts none)
            idig = (f"case when {c} like '0%' or {c} like '-0%' then 0 else "
                    f"(case when {dpos} > 0 then {dpos} - 1 else strlen({c}) end) - (case when {c} like '-%' then 1 else 0 end) end")
            ex += [
                (a + "idig", f"max({idig}) filter (where {o})"),
                (a + "scale", f"max(case when {dpos} > 0 then strlen({c}) - {dpos} else 0 end) filter (where {o})"),
                (a + "vmin", f"arg_min({c}, try_cast({c} as double)) filter (where {o})"),
                (a + "vmax", f"arg_max({c}, try_cast({c} as double)) filter (where {o})"),
            ]
        if full or is_int or g.pg_type == "numeric":
            ex += [
                (a + "lo", f"min(try_cast({c} as hugeint)) filter (where {o})"),
                (a + "hi", f"max(try_cast({c} as hugeint)) filter (where {o})"),
            ]
    elif g.cls in ("boolean", "uuid", "json") and (g.cls != "boolean" or g.family is not None):
        ex.append((a + "bad", f"count_if({nonempty} and not {o})"))
    elif g.cls in ("iso_date", "ymd_slash", "iso_ts", "iso_tstz", "time"):
        ex += [
            (a + "bad", f"count_if({nonempty} and not ({o} and {p} is not null))"),
            (a + "vmin", f"arg_min({c}, {p}) filter (where {o})"),
            (a + "vmax", f"arg_max({c}, {p}) filter (where {o})"),
        ]
    elif g.cls == "day_month" and g.sep is not None:
        date_part = f"split_part({c}, ' ', 1)"
        sep = _lit(g.sep)
        ex.append((a + "bad", f"count_if({nonempty} and not {o})"))
        orders = ("dmy", "mdy") if full or g.order not in ("dmy", "mdy") else (g.order,)
        if len(orders) == 2:
            ex += [
                (a + "p1", f"max(try_cast(split_part({date_part}, {sep}, 1) as integer)) filter (where {o})"),
                (a + "p2", f"max(try_cast(split_part({date_part}, {sep}, 2) as integer)) filter (where {o})"),
            ]
        for order in orders:
            po = f"{p}_{order}"
            ex += [
                (a + "bad_" + order, f"count_if({nonempty} and {po} is null)"),
                (a + "vmin_" + order, f"arg_min({c}, {po})"),
                (a + "vmax_" + order, f"arg_max({c}, {po})"),
            ]
    if scan_secrets:
        sflag = f"s{i + 1}"
        ex += [
            (a + "sec", f"count_if({sflag})"),
            (a + "secx", f"any_value({c}) filter (where {sflag})"),
        ]
    return ex


def _column_derived(i: int, g: TypeGuess, scan_secrets: bool, *, full: bool = False) -> list[tuple[str, str]]:
    """Per-row values the aggregates of column ``i`` read, computed once per row."""
    c = f"c{i + 1}"
    o = f"o{i + 1}"
    p = f"p{i + 1}"
    out: list[tuple[str, str]] = []
    if g.cls == "number":
        out.append((o, f"regexp_full_match({c}, {_lit(NUMERIC_RE)})"))
        if full or g.kind not in ("integer", "bigint"):
            out.append((f"d{i + 1}", f"strpos({c}, '.')"))
    elif g.cls == "boolean" and g.family is not None:
        out.append((o, f"regexp_full_match({c}, {_lit('(?i)(?:' + '|'.join(g.family) + ')')})"))
    elif g.cls == "uuid":
        out.append((o, f"regexp_full_match({c}, {_lit(UUID_RE)})"))
    elif g.cls == "json":
        out.append((o, f"json_valid({c}) and left({c}, 1) in ('{{', '[')"))
    elif g.cls in ("iso_date", "ymd_slash", "iso_ts", "iso_tstz", "time"):
        rx, parse = {
            "iso_date": (ISO_DATE_RE, f"try_cast({c} as date)"),
            "ymd_slash": (YMD_SLASH_RE, f"try_strptime({c}, '%Y/%m/%d')"),
            "iso_ts": (ISO_TS_RE, f"try_cast({c} as timestamp)"),
            "iso_tstz": (ISO_TSTZ_RE, f"try_cast({c} as timestamptz)"),
            "time": (TIME_RE, f"try_cast({c} as time)"),
        }[g.cls]
        out += [(o, f"regexp_full_match({c}, {_lit(rx)})"), (p, parse)]
    elif g.cls == "day_month" and g.sep is not None:
        out.append((o, f"regexp_full_match({c}, {_lit(_dmy_re(g.sep, g.time))})"))
        orders = ("dmy", "mdy") if full or g.order not in ("dmy", "mdy") else (g.order,)
        for order in orders:
            out.append((f"{p}_{order}", f"try_strptime({c}, {_lit(_duck_fmt(g.sep, order, g.time))})"))
    if scan_secrets:
        # every shape of SECRET_SCAN_RE is 8+ characters: a cheap length test first
        out.append((f"s{i + 1}", f"strlen({c}) >= 8 and regexp_matches({c}, {_lit(SECRET_SCAN_RE)})"))
    return out


def _parse_key(g: TypeGuess, v: str, order: str | None = None) -> Any:
    """The value of ``v`` as ``g`` reads it (for min/max), or None when it does not fit."""
    try:
        if g.cls == "iso_date":
            return _dt.date.fromisoformat(v) if re.fullmatch(ISO_DATE_RE, v) else None
        if g.cls == "ymd_slash":
            return _dt.date(int(v[:4]), int(v[5:7]), int(v[8:10])) if re.fullmatch(YMD_SLASH_RE, v) else None
        if g.cls == "iso_ts":
            return _dt.datetime.fromisoformat(v) if re.fullmatch(ISO_TS_RE, v) else None
        if g.cls == "iso_tstz":
            if not re.fullmatch(ISO_TSTZ_RE, v):
                return None
            return _dt.datetime.fromisoformat(v[:-1] + "+00:00" if v.endswith("Z") else v)
        if g.cls == "time":
            if not re.fullmatch(TIME_RE, v) or not _valid_time(v):
                return None
            parts = v.split(":")
            return (int(parts[0]), int(parts[1]), float(parts[2]) if len(parts) > 2 else 0.0)
        if g.cls == "day_month" and g.sep is not None:
            if not re.fullmatch(_dmy_re(g.sep, g.time), v):
                return None
            date_s, _, time_s = v.partition(" ")
            a, b, y = (int(x) for x in date_s.split(g.sep))
            day, month = (a, b) if order == "dmy" else (b, a)
            hms = [int(x) for x in time_s.split(":")] if time_s else []
            hms += [0] * (3 - len(hms))
            return _dt.datetime(y, month, day, hms[0], hms[1], hms[2])
    except ValueError:
        return None
    return None


def _python_stats(i: int, values: list[str | None], g: TypeGuess) -> dict[str, Any]:
    """The statistics the DuckDB pass computes, computed in Python when the sample is the file."""
    a = f"k{i + 1}_"
    nonnull = [v for v in values if v is not None]
    nonempty = [v for v in nonnull if v != ""]
    st: dict[str, Any] = {
        a + "nn": len(nonnull),
        a + "ne": len(nonnull) - len(nonempty),
        a + "nd": len(set(nonnull)),
        a + "ml": max((len(v) for v in nonnull), default=None),
        a + "mn": min(nonnull, default=None),
        a + "mx": max(nonnull, default=None),
    }
    if g.cls == "number":
        rx = re.compile(NUMERIC_RE)
        ok = [v for v in nonempty if rx.fullmatch(v)]
        ints = [int(v) for v in ok if "." not in v]
        st.update(
            {
                a + "bad": len(nonempty) - len(ok),
                a + "dots": sum(1 for v in nonnull if "." in v),
                a + "idig": max((len(v.lstrip("-").split(".", 1)[0].lstrip("0")) for v in ok), default=None),
                a + "scale": max((len(v.split(".", 1)[1]) if "." in v else 0 for v in ok), default=None),
                a + "lo": min(ints, default=None),
                a + "hi": max(ints, default=None),
                a + "vmin": min(ok, key=_decimal_key, default=None),
                a + "vmax": max(ok, key=_decimal_key, default=None),
            }
        )
    elif g.cls == "boolean" and g.family is not None:
        st[a + "bad"] = sum(1 for v in nonempty if v.lower() not in g.family)
    elif g.cls == "uuid":
        rx = re.compile(UUID_RE)
        st[a + "bad"] = sum(1 for v in nonempty if not rx.fullmatch(v))
    elif g.cls in ("iso_date", "ymd_slash", "iso_ts", "iso_tstz", "time"):
        keyed = [(k_, v) for v in nonempty if (k_ := _parse_key(g, v)) is not None]
        st[a + "bad"] = len(nonempty) - len(keyed)
        st[a + "vmin"] = min(keyed, key=lambda x: x[0])[1] if keyed else None
        st[a + "vmax"] = max(keyed, key=lambda x: x[0])[1] if keyed else None
    elif g.cls == "day_month" and g.sep is not None:
        rx = re.compile(_dmy_re(g.sep, g.time))
        shaped = [v for v in nonempty if rx.fullmatch(v)]
        st[a + "bad"] = len(nonempty) - len(shaped)
        st[a + "p1"] = max((int(v.split(" ", 1)[0].split(g.sep)[0]) for v in shaped), default=None)
        st[a + "p2"] = max((int(v.split(" ", 1)[0].split(g.sep)[1]) for v in shaped), default=None)
        for order in ("dmy", "mdy"):
            keyed = [(k_, v) for v in nonempty if (k_ := _parse_key(g, v, order)) is not None]
            st[a + "bad_" + order] = len(nonempty) - len(keyed)
            st[a + "vmin_" + order] = min(keyed, key=lambda x: x[0])[1] if keyed else None
            st[a + "vmax_" + order] = max(keyed, key=lambda x: x[0])[1] if keyed else None
    elif g.cls == "json":
        bad = 0
        for v in nonempty:
            try:
                json.loads(v)
            except ValueError:
                bad += 1
                continue
            if v[:1] not in "{[":
                bad += 1
        st[a + "bad"] = bad
    return st


def _decimal_key(v: str) -> Any:
    from decimal import Decimal

    return Decimal(v)


class _MixedNewlines(Exception):
    """Raised inside _profile when DuckDB's reader stops on mixed line-break styles."""


_STATE_MACHINE: Final = "state machine reached an invalid state"


@dataclass
class _Col:
    position: int
    name: str
    suggested: str
    guess: TypeGuess
    samples: list[str]
    sample_secret_kinds: dict[str, int]
    sample_nonempty: int
    sample_max_len: int = 0
    sample_unique: bool = False  # no NULL and no value twice in the sample: a key candidate
    sample_has_nl: bool = False  # a sampled value holds a line break
    sample_tokenish: bool = False  # a sampled value looks like a token, a key or a URL
    nl_counted: bool = False  # the pass counted this column's line breaks
    exact_nd: bool = False  # the distinct count is exact
    stats: dict[str, Any] = field(default_factory=dict)
    final: TypeGuess | None = None
    sensitive: dict[str, str] | None = None
    secret_values: int = 0
    notes: list[str] = field(default_factory=list)


def _finalise_type(col: _Col) -> TypeGuess | None:
    """Combine the sample's guess with the whole-file statistics (None: a full pass is needed)."""
    g = col.guess
    st = col.stats
    a = f"k{col.position + 1}_"

    def get(key: str) -> Any:
        return st.get(a + key)

    if g.kind == "text":
        return g
    bad = int(get("bad") or 0)
    if bad and a + "mn" not in st:
        return None  # it is text after all: its text min/max are still to compute
    if g.cls == "number":
        if bad:
            return _text(f"{bad} value(s) further in the file are not plain numbers")
        # a decimal guess (numeric(p,s)) does not count its points: the sample had some
        dots = int(get("dots") or 0) if a + "dots" in st else (1 if g.pg_type.startswith("numeric(") else 0)
        needs = ("idig", "vmin") if dots else ("lo",)
        if any(a + key not in st for key in needs):
            return None
        if dots == 0:
            lo, hi = get("lo"), get("hi")
            digits = int(get("idig") or 0) if get("idig") is not None else max(len(str(lo or "")), 0)
            if (lo is None or hi is None) and a + "idig" not in st:
                return None
            if lo is None or hi is None or digits > 38:
                return TypeGuess(
                    "numeric",
                    "numeric",
                    cls="number",
                    notes=[f"integers of up to {digits} digits exceed bigint"],
                )
            return _int_guess(int(lo), int(hi), digits)
        return _numeric_guess(int(get("idig") or 0), int(get("scale") or 0))
    if g.cls == "day_month":
        if bad:
            return _text(f"{bad} value(s) further in the file do not have the day/month shape")
        if g.order in ("dmy", "mdy") and a + "p1" not in st:
            nbad = int(get("bad_" + g.order) or 0)
            return _text(f"{nbad} value(s) are not valid dates as {g.fmt}") if nbad else g
        p1, p2 = int(get("p1") or 0), int(get("p2") or 0)
        ng = _day_month_from_parts(None, g.sep or "/", g.time, p1, p2)
        if ng.kind == "text":
            return ng
        if ng.order == "ambiguous":
            fmts = f"DD{g.sep}MM{g.sep}YYYY or MM{g.sep}DD{g.sep}YYYY"
            return _text(f"every value fits both {fmts}: day/month order is ambiguous; pass a format")
        nbad = int(get("bad_" + (ng.order or "dmy")) or 0)
        if nbad:
            return _text(f"{nbad} value(s) are not valid dates as {ng.fmt}")
        return ng
    if bad:
        return _text(f"{bad} value(s) further in the file do not fit {g.kind}")
    return g


def _min_max(col: _Col, g: TypeGuess) -> tuple[Any, Any]:
    a = f"k{col.position + 1}_"
    st = col.stats
    if g.cls == "number" and g.kind != "text":
        if a + "vmin" not in st:  # integers: their text is their value's
            lo, hi = st.get(a + "lo"), st.get(a + "hi")
            return (None if lo is None else str(lo)), (None if hi is None else str(hi))
        return st.get(a + "vmin"), st.get(a + "vmax")
    if g.cls == "day_month" and g.order in ("dmy", "mdy"):
        return st.get(a + "vmin_" + g.order), st.get(a + "vmax_" + g.order)
    if g.cls in ("iso_date", "ymd_slash", "iso_ts", "iso_tstz", "time") and g.kind != "text":
        return st.get(a + "vmin"), st.get(a + "vmax")
    return st.get(a + "mn"), st.get(a + "mx")


# --------------------------------------------------------------------------------------------
# Foreign keys
# --------------------------------------------------------------------------------------------

_FAMILY_PATTERNS: Final = (
    (re.compile(r"(?:small|big)?int(?:eger|[248])?|serial|bigserial|smallserial"), "int"),
    (re.compile(r"(?:numeric|decimal)(?:\s*\(.*\))?"), "numeric"),
    (re.compile(r"text|citext|(?:character varying|varchar|character|char|bpchar)(?:\s*\(\d+\))?"), "text"),
    (re.compile(r"uuid"), "uuid"),
    (re.compile(r"date"), "date"),
    (re.compile(r"timestamp(?:\s*\(\d\))?(?: without time zone)?"), "timestamp"),
    (re.compile(r"timestamptz|timestamp(?:\s*\(\d\))? with time zone"), "timestamptz"),
    (re.compile(r"bool(?:ean)?"), "boolean"),
)


def _family(pg_type: str) -> str:
    t = pg_type.strip().lower()
    for rx, fam in _FAMILY_PATTERNS:
        if rx.fullmatch(t):
            return fam
    return t


def _compatible(csv_type: str, table_type: str) -> bool:
    a, b = _family(csv_type), _family(table_type)
    if a == b:
        return True
    return {a, b} <= {"int", "numeric"} and a == "int"


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _fk_candidates(cols: list[_Col], existing: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for col in cols:
        if col.sensitive is not None or col.final is None:
            continue
        s = col.suggested
        for t in existing:
            table = str(t.get("table") or "")
            if not table:
                continue
            types = {str(c.get("name")): str(c.get("type") or "") for c in (t.get("columns") or [])}
            keys = [k[0] for k in (t.get("keys") or []) if isinstance(k, (list, tuple)) and len(k) == 1]
            if "id" not in keys:
                keys.append("id")
            types.setdefault("id", "uuid")
            stems = {table, _singular(table)}
            for kc in keys:
                names = {f"{st}_{kc}" for st in stems}
                if kc != "id":
                    names.add(kc)
                if s not in names and snake_name(col.name) not in names:
                    continue
                kt = types.get(kc, "")
                entry = {
                    "column": s,
                    "csv_column": col.name,
                    "table": table,
                    "table_column": kc,
                    "type_matches": _compatible(col.final.pg_type, kt) if kt else False,
                }
                if kt and not entry["type_matches"]:
                    entry["note"] = f"{col.final.pg_type} here, {kt} in {table}"
                out.append(entry)
    return out


# --------------------------------------------------------------------------------------------
# profile
# --------------------------------------------------------------------------------------------


def _redact_line(text: str) -> str:
    out = text[:200]
    if secrets.sensitive_value(text) is not None:
        return REDACTED
    return out


def profile(
    path: str,
    dialect: dict[str, Any],
    *,
    existing_tables: list[dict[str, Any]] | None = None,
    sample_values: int = 5,
    work_dir: str | None = None,
    table_name: str | None = None,
    sample_rows: int = 2000,
    threads: int | None = None,
    engine: Any = None,
    exact_distinct: bool | None = None,
    stats: bool = True,
) -> dict[str, Any]:
    """Profile the whole CSV file at ``path`` read with ``dialect`` (from ``csv_sniff.sniff``).

    Returns ``{"row_count", "columns": [...], "candidate_keys", "candidate_keys_exact",
    "foreign_key_candidates", "sensitive_findings", "suggested_table", "create_table_sql",
    "notes", "bad_lines", "bad_line_count", "blank_lines", "comment_lines", "line_accounting",
    "reading", "dialect"}``; see the module docstring for the rules. With ``stats=False`` only
    the reading is checked (records, bad lines, blank lines, accounting): import_csv's check of
    a file analyse_csv has not seen.
    """
    if "column_count" not in dialect or "delimiter" not in dialect:
        raise CsvError("dialect is incomplete", hint="Pass the dict csv_sniff.sniff() returned.")
    from .csv_engine import Engine, Limits

    own_dir = work_dir is None
    wd = tempfile.mkdtemp(prefix="dbagent_profile_") if own_dir else work_dir
    assert wd is not None
    os.makedirs(wd, exist_ok=True)
    eng = engine if engine is not None else Engine(Limits(threads=threads or 2), wd)
    try:
        current = dict(dialect)
        notes: list[str] = []
        # a header with a quote problem is read by Python (names only); DuckDB starts at the data
        from_offset = bool(dialect.get("header_problem"))
        if from_offset:
            hp = dialect["header_problem"]
            notes.append(f"line {hp['line']} (the header): {hp['reason']}; the column names were read leniently")
        for _attempt in range(4):
            try:
                result = _profile(path, current, existing_tables or [], sample_values, wd, table_name,
                                  sample_rows, eng, exact_distinct, stats, from_offset)
            except _MixedNewlines:
                if current.get("mixed_newlines"):
                    raise CsvError("could not read the csv file: its line breaks are inconsistent",
                                   sqlstate="22P04") from None
                current = dict(current, mixed_newlines=True)
                notes.append("the file mixes line-break styles outside quotes; each was read as one line break")
                continue
            except _Unaccounted as u:
                if from_offset:
                    raise CsvError(
                        "the file's lines and the records read from it do not add up; nothing can be loaded safely",
                        detail=u.detail,
                        hint="Check the file's quotes and line breaks around its header and its last lines, or set "
                             "the dialect (delimiter, quote, header, skip_rows) in the options.",
                        sqlstate="22P04",
                    ) from None
                from_offset = True  # read the data from its first byte, not with DuckDB's skip
                continue
            again = _encoding_second_look(path, current, result, engine=eng)
            if again is not None:
                current, why = again
                notes.append(why)
                continue
            result["reading"].pop("_high_sample", None)
            result["notes"][:0] = notes
            return result
        raise CsvError("could not read the csv file", hint="Check the encoding and the line breaks.")
    finally:
        if engine is None:
            eng.close_all()
        if own_dir:
            shutil.rmtree(wd, ignore_errors=True)


def _encoding_second_look(path: str, dialect: dict[str, Any], result: dict[str, Any], *,
                           engine: Any) -> tuple[dict[str, Any], str] | None:
    """The whole file may say more about the encoding than the sniffer's samples did.

    * UTF-8 was assumed but lines are not valid UTF-8: if no line holds valid multi-byte UTF-8,
      the file is in a legacy encoding: guess it from the lines with bytes above 0x7F and read the
      file again. (A file mixing valid UTF-8 and invalid bytes is damaged: its bad lines stay
      reported, and import_csv refuses them.)
    * A legacy encoding was guessed among readings that agreed on the sample: bytes further on
      may tell them apart: guess again from the lines that hold them.
    Returns (the dialect to read the file with, a note), or None.
    """
    from . import csv_encoding, csv_scan

    reading = result.get("reading") or {}
    declared = bool(dialect.get("encoding_declared"))
    enc = normalise_encoding(dialect.get("encoding") or "utf-8")
    if reading.get("invalid_encoding_lines") and enc == "utf-8" and not declared and not dialect.get("_reguessed"):
        scan = csv_scan.scan(path, dict(dialect, quote=None), collect_high=True, check=engine.check)
        sample = scan.high_sample
        valid_multibyte = 0
        for line in sample.split(b"\n"):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
                valid_multibyte += 1
            except UnicodeDecodeError:
                pass
        if valid_multibyte:
            return None  # damaged UTF-8: report, do not guess
        guess = csv_encoding.guess_legacy(sample)
        d = dict(dialect, encoding=guess.encoding, encoding_confidence=guess.confidence,
                 encoding_alternatives=guess.alternatives, encoding_equivalent=guess.equivalent, _reguessed=True)
        return d, (f"the file is not UTF-8 throughout (line {reading['invalid_encoding_lines'][0]} is not); "
                   f"it was read as {guess.encoding} ({guess.confidence} confidence)")
    high = reading.get("high_bytes")
    if high and dialect.get("encoding_equivalent") and not dialect.get("_reguessed"):
        guess = csv_encoding.EncodingGuess(enc, dialect.get("encoding_confidence", "high"),
                                           list(dialect.get("encoding_alternatives") or []),
                                           equivalent=list(dialect.get("encoding_equivalent") or []))
        again = csv_encoding.recheck(guess, set(high), reading.get("_high_sample") or b"")
        if again is guess:
            return None
        d = dict(dialect, encoding=again.encoding, encoding_confidence=again.confidence,
                 encoding_alternatives=again.alternatives, encoding_equivalent=again.equivalent, _reguessed=True)
        if again.encoding == enc and again.confidence == guess.confidence:
            return None
        return d, (f"bytes further in the file tell {enc} and {', '.join(guess.equivalent[:3])} apart: "
                   f"read as {again.encoding} ({again.confidence} confidence)")
    return None


class _Unaccounted(Exception):
    """DuckDB's records and the file's lines disagree: read the data again from its first byte."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass
class _Source:
    """The file DuckDB reads, and how its lines relate to the original's."""

    path: str
    skip: int  # records DuckDB skips before the data
    line_shift: int  # add to a line of ``path`` to get the original's line
    header_offset: int  # bytes: where the header (or the data, without one) starts in ``path``
    header_line: int  # its line in ``path``
    data_offset: int
    data_line: int
    copied: list[str]  # why ``path`` is a copy
    comment_blanked: bool = False
    comment_count: int = 0  # comment lines of the data region blanked in the copy
    comment_lines: list[int] = field(default_factory=list)
    collected: dict[str, Any] = field(default_factory=dict)  # high bytes seen while transcoding


def reading_source(path: str, dialect: dict[str, Any], wd: str, temps: list[str], *, from_offset: bool = False,
                   engine: Any = None) -> _Source:
    """The file DuckDB reads for ``path``: the original when DuckDB reads it as analysed, else a
    streamed UTF-8 copy whose lines are the original's (transcoded; line breaks outside quotes
    made one style; comment lines blanked; spaces before quoted fields dropped), or with
    ``from_offset`` a copy of the data region alone."""
    from .csv_prepare import _bom_len, _skip_lines_bytes, working_copy

    enc = normalise_encoding(dialect.get("encoding") or "utf-8")
    mixed = bool(dialect.get("mixed_newlines")) and dialect.get("escape") in (None, dialect.get("quote"))
    comment = dialect.get("comment")
    initial_space = bool(dialect.get("initial_space"))
    skip_rows = int(dialect.get("skip_rows") or 0)
    header = bool(dialect.get("header"))
    header_rows = int(dialect.get("header_rows") or (1 if header else 0)) if header else 0
    data_line = int(dialect.get("data_line") or (skip_rows + 1 + (1 if header else 0)))
    skip = int(dialect.get("duckdb_skip") if dialect.get("duckdb_skip") is not None else skip_rows + header_rows)
    reasons = []
    src = path
    if duckdb_encoding(enc) is None:
        reasons.append(f"{enc} transcoded to UTF-8")
    if mixed:
        reasons.append("line breaks made one style")
    comment_in_data = bool(comment) and (
        any(int(ln) >= data_line for ln in dialect.get("comment_lines") or [])
        or not dialect.get("sample_is_whole_file", False)
    )
    if comment_in_data:
        reasons.append(f"lines starting with {comment!r} blanked")
    else:
        comment = None
    if initial_space:
        reasons.append("spaces before quoted fields dropped")
    if reasons:
        fd, mid = tempfile.mkstemp(prefix="dbagent_csv_", suffix=".csv", dir=wd)
        os.close(fd)
        temps.append(mid)
        collected: dict[str, Any] = {}
        info = working_copy(path, dialect, mid, transcode=duckdb_encoding(enc) is None, normalise_newlines=mixed,
                            comment=comment, first_comment_line=data_line, initial_space=initial_space,
                            check=engine.check if engine is not None else None,
                            collect=collected if duckdb_encoding(enc) is None else None)
        info["collected"] = collected
        src = mid
    else:
        info = {}
    bom = _bom_len(src, enc) if src == path else 0
    with open(src, "rb") as fh:
        header_offset = _skip_lines_bytes(fh, bom, skip_rows)
        data_offset = _skip_lines_bytes(fh, bom, data_line - 1)
    source = _Source(src, skip, 0, header_offset, skip_rows + 1, data_offset, data_line, reasons,
                     comment_blanked=bool(comment), comment_count=int(info.get("comment_count", 0)),
                     comment_lines=list(info.get("comment_lines", [])), collected=info.get("collected") or {})
    if from_offset:
        fd, cut = tempfile.mkstemp(prefix="dbagent_csv_", suffix=".csv", dir=wd)
        os.close(fd)
        temps.append(cut)
        with open(src, "rb") as fi, open(cut, "wb") as fo:
            fi.seek(data_offset)
            while True:
                block = fi.read(8 << 20)
                if not block:
                    break
                fo.write(block)
        source = _Source(cut, 0, data_line - 1, 0, 1, 0, 1, reasons + ["read from the first data line"],
                         comment_blanked=bool(comment), comment_count=source.comment_count,
                         comment_lines=[ln - (data_line - 1) for ln in source.comment_lines],
                         collected=source.collected)
    return source


def _rel_factory(source: _Source, dialect: dict[str, Any], k: int) -> Any:
    d = dict(dialect)
    if d.get("initial_space") or normalise_encoding(d.get("encoding") or "utf-8") not in ("utf-8", "utf-8-sig"):
        d = dict(d)  # the copy is plain UTF-8 csv in the same dialect

    def rel(**kw: Any) -> tuple[str, list[Any]]:
        return read_csv_sql(source.path, d, column_count=k, skip=source.skip, header=False, encoding="utf-8", **kw)

    return rel


def _fetch(con: Any, sql: str, params: list[Any], dialect: dict[str, Any]) -> Any:
    """Run a DuckDB query; CSV and limit errors become CsvError, an interrupt passes through."""
    import duckdb

    try:
        cur = con.execute(sql, params)
        return cur, cur.fetchall()
    except duckdb.Error as e:
        if _STATE_MACHINE in str(e) and not dialect.get("mixed_newlines"):
            raise _MixedNewlines() from None
        raise duckdb_error(e, what="could not read the csv file") from None


def _profile(
    path: str,
    dialect: dict[str, Any],
    existing_tables: list[dict[str, Any]],
    sample_values: int,
    wd: str,
    table_name: str | None,
    sample_rows: int,
    engine: Any,
    exact_option: bool | None,
    want_stats: bool,
    from_offset: bool,
) -> dict[str, Any]:
    from concurrent.futures import ThreadPoolExecutor

    from . import csv_scan

    k = int(dialect["column_count"])
    if k < 1:
        raise CsvError("csv file has no columns")
    names = list(dialect.get("columns") or [])
    names = [str(n) for n in names[:k]] + [f"column{j + 1}" for j in range(len(names), k)]
    notes: list[str] = []
    temps: list[str] = []
    timings: dict[str, float] = {}
    clock = [time.monotonic()]

    def mark(name: str) -> None:
        now = time.monotonic()
        timings[name] = round((now - clock[0]) * 1000, 1)
        clock[0] = now

    con = engine.connect()
    mark("duckdb_connect_ms")
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        source = reading_source(path, dialect, wd, temps, from_offset=from_offset, engine=engine)
        rel = _rel_factory(source, dialect, k)
        comment = dialect.get("comment")
        # The byte scan (Python, one core) runs beside DuckDB's pass (its own threads).
        scan_dialect = dict(dialect, encoding="utf-8") if source.path != path else dialect
        scan_future = pool.submit(csv_scan.scan, source.path, scan_dialect, start=source.header_offset,
                                  start_line=source.header_line, check=engine.check,
                                  collect_high=False)
        sample_n = max(50, min(sample_rows, 50_000 // k)) if want_stats else 0
        rows: list[Any] = []
        parsed = dialect.get("_sample")
        if sample_n and parsed and not dialect.get("sample_is_whole_file") and not from_offset \
                and not source.copied and len(parsed) >= min(sample_n, 200):
            # a file bigger than the sniffer's sample: guess the types from the records it parsed
            # (every value is checked by the whole-file pass anyway); no DuckDB query for them
            rows = [tuple(None if v == "" else v for v in r) for r in parsed[:sample_n]]
            sample_n = 0
        if sample_n:
            r_sample, p_sample = rel(store_rejects=True, rejects_table="rj_sample", rejects_scan="rs_sample")
            con.execute("set preserve_insertion_order = true")
            # wide files in groups of columns: DuckDB then allocates vectors for those columns only
            parts: list[list[Any]] = []
            for g in range(0, k, _SAMPLE_GROUP):
                sel = ", ".join(f"c{j + 1}" for j in range(g, min(k, g + _SAMPLE_GROUP)))
                _cur, got = _fetch(con, f"select {sel} from {r_sample} limit {int(sample_n)}", p_sample, dialect)
                parts.append(got)
            con.execute("set preserve_insertion_order = false")
            n_rows = min(len(x) for x in parts) if parts else 0
            rows = [tuple(v for part in parts for v in part[i]) for i in range(n_rows)] if len(parts) > 1 \
                else (parts[0] if parts else [])
        mark("sample_ms")
        suggested = suggest_names(names)
        renamed = [(n, s_) for n, s_ in zip(names, suggested, strict=True) if snake_name(n) in SYSTEM_FIELDS]
        cols = _sample_columns(rows, k, names, suggested, sample_values)
        mark("guess_ms")
        size = os.path.getsize(source.path) - source.data_offset
        exact_distinct = bool(exact_option) if exact_option is not None else size <= engine.limits.exact_distinct_bytes
        nl_char = "\r" if (dialect.get("newline") == "\r") else "\n"
        rejects_table = "reject_errors"
        if sample_n and len(rows) < sample_n:
            # the sample is the whole file (DuckDB read it to the end): statistics in Python, exact
            exact_distinct = True
            row_count = len(rows)
            for col in cols:
                vals = [r[col.position] for r in rows]
                col.stats = _python_stats(col.position, vals, col.guess)
                col.exact_nd = True
                col.stats[f"k{col.position + 1}_nl"] = sum(v.count(nl_char) for v in vals if v)
                col.nl_counted = True
            rejects_table = "rj_sample"
        else:
            row_count = _run_pass(con, rel, dialect, cols, exact_distinct, full=False, rejects="reject_errors",
                                  lean=not want_stats, nl_char=nl_char)
        if want_stats and rejects_table == "reject_errors":
            pending = [
                c for c in cols
                if (f := _finalise_type(c)) is None or (f.kind == "text" and f"k{c.position + 1}_mn" not in c.stats)
            ]
            if pending:
                _run_pass(con, rel, dialect, pending, exact_distinct, full=True, rejects="rj_full", nl_char=nl_char)
        mark("pass_ms")
        scan = scan_future.result()
        mark("scan_wait_ms")
        # Bad records: DuckDB's rejects (line of the record's start), the scan's quote problems.
        rejects = con.execute(
            "select line, min(error_type::varchar), min(csv_line), min(line_byte_position), count(*) over () "
            f"from {rejects_table} group by line order by line"
        ).fetchall()
        bad_total = len(rejects)
        rejects_capped = bad_total >= _REJECTS_LIMIT
        enc_bad = [r for r in rejects if str(r[1]).startswith("INVALID")]
        e_total = sum(int(c.stats.get(f"k{c.position + 1}_nl") or 0) for c in cols)
        span_total = 0
        for r in rejects:
            text = str(r[2] or "")
            span_total += text.strip("\r\n").count(nl_char) + 1
        header_lines = max(0, source.data_line - source.header_line)
        residual = scan.lines - header_lines - row_count - e_total - span_total
        blank_count = comment_count = 0
        blank_lines: list[int] = []
        comment_lines: list[int] = []
        accounted = not rejects_capped
        tally = (f"{scan.lines} line(s) from the header on: {header_lines} header, {row_count} record(s), "
                 f"{e_total} line break(s) inside values, {span_total} line(s) of unreadable records")
        if not rejects_capped and residual > 0:
            uncounted = [c for c in cols if not c.nl_counted]
            if uncounted:
                _run_pass(con, rel, dialect, uncounted, False, full=False, rejects="rj_nl", lean=True, nl_char=nl_char)
                e_total = sum(int(c.stats.get(f"k{c.position + 1}_nl") or 0) for c in cols)
                residual = scan.lines - header_lines - row_count - e_total - span_total
        if not rejects_capped:
            if residual < 0:
                raise _Unaccounted(tally + f": {-residual} line(s) too many")
            if residual > 0:
                detail = csv_scan.scan(source.path, scan_dialect, start=source.data_offset, start_line=source.data_line,
                                       comment=None if source.comment_blanked else comment, detail=True,
                                       check=engine.check)
                blank_count, blank_lines = detail.blank_count, detail.blank_lines
                comment_count, comment_lines = detail.comment_count, detail.comment_lines
                if blank_count + comment_count != residual:
                    raise _Unaccounted(tally + f", {blank_count} blank and {comment_count} comment line(s): "
                                       f"{residual - blank_count - comment_count} line(s) unaccounted for")
            if source.comment_blanked:
                # the copy holds blank lines where the comment lines were: tell them apart
                comment_count = source.comment_count
                comment_lines = list(source.comment_lines)
                blank_count -= comment_count
                gone = set(comment_lines)
                blank_lines = [ln for ln in blank_lines if ln not in gone]
                if blank_count < 0:
                    raise _Unaccounted(tally + ": the comment lines do not add up")
        shift = source.line_shift
        bad_lines: list[dict[str, Any]] = []
        # DuckDB numbers reject lines by rows (a record of several lines counts once): map them to
        # the file's physical lines and record numbers
        listed = rejects[:_MAX_BAD_LINES]
        where = csv_scan.row_lines(source.path, dict(dialect, encoding="utf-8"), start=source.data_offset,
                                   start_line=source.data_line,
                                   rows=[int(r[0]) - source.skip for r in listed],
                                   check=engine.check) if listed and _parity_ok(dialect) else {}
        spans: dict[int, int] = {}
        for line, etype, csv_line, _pos, _n in listed:
            row = int(line) - source.skip
            phys, rec = where.get(row, (int(line), None))
            entry: dict[str, Any] = {"line": phys + shift, "reason": _REJECT_REASONS.get(str(etype), str(etype).lower()),
                                     "text": _redact_line(str(csv_line or "").strip("\r\n"))}
            if rec is not None:
                entry["record"] = rec
            bad_lines.append(entry)
            spans[phys] = str(csv_line or "").strip("\r\n").count(nl_char) + 1
        quote_error = scan.quote_error
        if quote_error is not None and int(quote_error["line"]) < source.data_line:
            quote_error = None  # in the header: reported by the sniffer, names read leniently
        if quote_error is not None and any(int(r[0]) == int(quote_error["line"]) for r in rejects):
            quote_error = None  # DuckDB rejected that record itself: it is listed already
        if quote_error is not None:
            entry = {"line": int(quote_error["line"]) + shift, "reason": quote_error["reason"], "quote": True}
            if quote_error.get("problem_line"):
                entry["problem_line"] = int(quote_error["problem_line"]) + shift
            bad_lines.append(entry)
            bad_lines.sort(key=lambda b: b["line"])
        _number_records(source, dialect, bad_lines, e_total, blank_count + comment_count, engine, spans)
        if enc_bad and normalise_encoding(dialect.get("encoding") or "utf-8") in ("utf-8", "utf-8-sig"):
            notes.append(
                f"{len(enc_bad)} line(s) are not valid UTF-8 (first: line {int(enc_bad[0][0]) + shift}); "
                "the file may be in another encoding: pass it as the encoding option"
            )
        if bad_total:
            notes.append(
                f"{bad_total}{'+' if rejects_capped else ''} line(s) do not fit the dialect and were left out of "
                "these statistics (see bad_lines); an all-or-nothing import stops at the first"
            )
        if quote_error is not None:
            notes.append(
                f"line {quote_error['line'] + shift}: {quote_error['reason']}; readers disagree on such "
                'lines, so import_csv refuses the file (fix the line, or pass {"quote": null} if quotes are data)'
            )
        if blank_count:
            notes.append(f"{blank_count} blank line(s) are skipped (e.g. line {blank_lines[0] + shift})"
                         if blank_lines else f"{blank_count} blank line(s) are skipped")
        if comment_count:
            notes.append(f"{comment_count} comment line(s) starting with {comment!r} are skipped")
        skip_rows = int(dialect.get("skip_rows") or 0)
        accounting = {
            "lines": scan.lines + (source.header_line - 1) + shift,
            "before_table": skip_rows,
            "header": source.data_line + shift - skip_rows - 1,
            "records": row_count,
            "line_breaks_in_values": e_total,
            "bad_records": bad_total,
            "bad_record_lines": span_total,
            "blank": blank_count,
            "comment": comment_count,
            "balanced": accounted,
        }
        reading = {
            "records": row_count,
            "bad_records": bad_total,
            "bad_records_capped": rejects_capped,
            "blank_lines": blank_count,
            "comment_lines": comment_count,
            "quote_error": None if quote_error is None else dict(quote_error, line=int(quote_error["line"]) + shift),
            "end_marker_lines": scan.end_marker_lines,
            "final_lone_cr": scan.final_lone_cr,
            "line_breaks_in_values": e_total,
            "copied": source.copied,
            "from_offset": from_offset,
            "mixed_newlines": bool(dialect.get("mixed_newlines")),
            "data_line": source.data_line + shift,
            "invalid_encoding_lines": [int(r[0]) + shift for r in enc_bad[:_MAX_BAD_LINES]],
            "bad_lines": [{k_: v_ for k_, v_ in b_.items() if k_ in ("line", "record", "reason")}
                          for b_ in bad_lines if not b_.get("quote")][:_MAX_BAD_LINES],
            "encoding": dialect.get("encoding"),
            "encoding_confidence": dialect.get("encoding_confidence", "high"),
            "encoding_alternatives": dialect.get("encoding_alternatives") or [],
        }
        if source.collected.get("high") and dialect.get("encoding_equivalent"):
            reading["high_bytes"] = sorted(source.collected["high"])
            reading["_high_sample"] = bytes(source.collected.get("sample") or b"")
        base = {
            "row_count": row_count,
            "bad_lines": bad_lines[:_MAX_BAD_LINES],
            "bad_line_count": bad_total + (1 if quote_error else 0),
            "blank_lines": {"count": blank_count, "lines": [ln + shift for ln in blank_lines]},
            "comment_lines": {"count": comment_count, "lines": [ln + shift for ln in comment_lines]},
            "line_accounting": accounting,
            "reading": reading,
        }
        mark("reading_ms")
        if not want_stats:
            base["notes"] = notes
            base["timings"] = timings
            return base
        fin = _finish(path, dialect, cols, con, rel, row_count, exact_distinct, size, existing_tables,
                      table_name, renamed, notes)
        mark("finish_ms")
        return {**base, **fin, "timings": timings}
    finally:
        pool.shutdown(wait=True)
        engine.close(con)
        for t in temps:
            if os.path.exists(t):
                os.unlink(t)


_REJECTS_LIMIT: Final = 1000
_SAMPLE_GROUP: Final = 1000
_REJECT_REASONS: Final = {
    "MISSING COLUMNS": "fewer fields than the header",
    "TOO MANY COLUMNS": "more fields than the header",
    "UNQUOTED VALUE": "a quoted field is followed by more characters before the delimiter (or never closed)",
    "LINE SIZE OVER MAXIMUM": "the record is longer than the reader accepts",
    "INVALID ENCODING": "the line is not valid UTF-8",
    "INVALID STATE": "the reader could not parse the line",
    "CAST": "a value could not be read",
}


def _parity_ok(dialect: dict[str, Any]) -> bool:
    return dialect.get("escape") in (None, dialect.get("quote"))


def _number_records(source: _Source, dialect: dict[str, Any], bad: list[dict[str, Any]], e_total: int,
                    skipped_lines: int, engine: Any, spans: dict[int, int]) -> None:
    """Give the scan's quote problems their data record number ("record")."""
    from . import csv_scan

    todo = [b for b in bad if "record" not in b and not b.get("header")]
    if not todo:
        return
    shift = source.line_shift
    first = source.data_line + shift
    if e_total == 0 and skipped_lines == 0:
        # one line per record (but the bad multi-line ones) and nothing skipped before
        for b in todo:
            extra = sum(n - 1 for ln, n in spans.items() if ln + shift < b["line"])
            b["record"] = b["line"] - first + 1 - extra
        return
    if not _parity_ok(dialect):
        return
    want: dict[int, dict[str, Any]] = {}
    for b in todo:
        off = csv_scan.line_offset(source.path, b["line"] - shift, check=engine.check)
        if off is not None:
            want[off] = b
    nums = csv_scan.record_numbers(source.path, dict(dialect, encoding="utf-8"), start=source.data_offset,
                                   offsets=list(want), comment=None, check=engine.check) if want else {}
    for off, entry in want.items():
        if off in nums:
            entry["record"] = nums[off]


def _sample_columns(rows: list[Any], k: int, names: list[str], suggested: list[str], sample_values: int) -> list[_Col]:
    """Propose each column's type from the first rows (DuckDB read them); secrets in them."""
    cols: list[_Col] = []
    for j in range(k):
        vals = [r[j] for r in rows]
        nonnull = [v for v in vals if v is not None]
        nonempty = [v for v in nonnull if v != ""]
        g = infer_type(nonempty, final=False)
        kinds = _secret_kinds(nonempty)
        seen: list[str] = []
        for v in nonnull:
            if v not in seen:
                seen.append(v)
                if len(seen) >= sample_values:
                    break
        col = _Col(j, names[j], suggested[j], g, seen, kinds, len(nonempty),
                   max((len(v) for v in nonempty), default=0))
        col.sample_unique = bool(vals) and len(nonnull) == len(vals) and len(set(nonnull)) == len(nonnull)
        col.sample_has_nl = any("\n" in v or "\r" in v for v in nonempty)
        col.sample_tokenish = any((len(v) >= 20 and " " not in v.strip()) or "-----BEGIN" in v or "://" in v
                                  for v in nonempty)
        cols.append(col)
    return cols


_SECRET_PREFILTER: Final = re.compile(
    r"-----BEGIN|eyJ|(?:sk|rk|pk)_(?:live|test)_|whsec_|AKIA|ASIA|gh[pousr]_|github_pat_|xox[abprse]-|AIza|sk-"
    r"|gl(?:pat|dt|rt|ptt|cbt|oas)-|SG\.|npm_|pypi-|hf_|shp(?:at|ss|ca|pa)_|sbp_|sb_secret_|AccountKey="
    r"|://[^/\s]*:[^/\s]*@|hooks\.slack"
    r"|(?<![0-9])(?<![0-9][.,])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])(?![.,][0-9])"  # a card-like run of digits
    r"|(?<![0-9])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9])"
)


def _secret_kinds(values: list[str]) -> dict[str, int]:
    """Secret kinds among VALUES: a regular expression finds the candidates, sensitive_value judges."""
    kinds: dict[str, int] = {}
    cands = [v for v in values if len(v) >= 9 and _SECRET_PREFILTER.search(v)]
    for v in cands:
        kind = secrets.sensitive_value(v)
        if kind is not None:
            kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def _finish(
    path: str,
    dialect: dict[str, Any],
    cols: list[_Col],
    con: Any,
    rel: Any,
    row_count: int,
    exact_distinct: bool,
    size: int,
    existing_tables: list[dict[str, Any]],
    table_name: str | None,
    renamed: list[tuple[str, str]],
    notes: list[str],
) -> dict[str, Any]:
    """Types, sensitivity, statistics, keys and the suggested table from the passes' statistics."""
    for col in cols:
        a = f"k{col.position + 1}_"
        st = col.stats
        nn = int(st.get(a + "nn") or 0)
        ne = int(st.get(a + "ne") or 0)
        g = _finalise_type(col) or _text("could not confirm the type over the whole file")
        if ne and g.kind != "text":
            notes.append(
                f'column "{col.name}": {ne} empty string(s) ("") keep it text; '
                f"as NULL it would be {g.pg_type}"
            )
            g = _text(f'{ne} empty string(s) ("") keep this column text; as NULL it would be {g.pg_type}')
        col.final = g
        col.notes.extend(col.guess.notes if g is col.guess else g.notes)
        by_name = secrets.sensitive_name(col.name) or secrets.sensitive_name(col.suggested)
        secret_full = int(st.get(a + "sec") or 0)
        example = st.get(a + "secx")
        full_kind = secrets.sensitive_value(example) if isinstance(example, str) else None
        if full_kind is None:
            secret_full = 0
        sample_hits = sum(col.sample_secret_kinds.values())
        nonempty_total = max(nn - ne, 0)
        value_kind = None
        if col.sample_secret_kinds:
            value_kind = max(col.sample_secret_kinds, key=lambda x: col.sample_secret_kinds[x])
        elif full_kind is not None:
            value_kind = full_kind
        share = max(
            sample_hits / col.sample_nonempty if col.sample_nonempty else 0.0,
            secret_full / nonempty_total if nonempty_total else 0.0,
        )
        col.secret_values = max(secret_full, sample_hits)
        if by_name is not None:
            col.sensitive = {"kind": by_name, "by": "name"}
        elif value_kind is not None and share >= 0.5:
            col.sensitive = {"kind": value_kind, "by": "value"}
        elif value_kind is not None:
            col.notes.append(
                f"{col.secret_values} value(s) look like a {value_kind}; the import refuses such values"
            )

    # Candidate keys: identifier-like columns without NULLs, unique on every row. Exact when the
    # distinct counts were (files within the memory budget); else estimated (HyperLogLog).
    keys: list[list[str]] = []
    keys_exact = exact_distinct
    if row_count > 1:
        eligible = [
            c for c in cols
            if c.sensitive is None and c.final is not None and c.final.kind in _KEY_KINDS
            and not c.final.pg_type.startswith("numeric(")
            and int(c.stats.get(f"k{c.position + 1}_nn") or 0) == row_count
        ]
        if exact_distinct:
            found = [[c.position] for c in eligible
                     if c.exact_nd and int(c.stats.get(f"k{c.position + 1}_nd") or 0) == row_count]
            if not found and len(eligible) >= 2:
                # pairs of the most varied columns, when their distinct counts could make a key
                def nd(c_: _Col) -> int:
                    return int(c_.stats.get(f"k{c_.position + 1}_nd") or 0)

                pool_ = sorted(eligible, key=nd, reverse=True)[:4]
                pairs = [[x.position, y.position] for n_, x in enumerate(pool_) for y in pool_[n_ + 1:]
                         if nd(x) * nd(y) >= row_count]
                found = _exact_unique(con, rel, pairs, row_count, dialect)
        else:
            found = [[c.position] for c in eligible
                     if int(c.stats.get(f"k{c.position + 1}_nd") or 0) >= 0.97 * row_count
                     and len(set(c.samples)) == len(c.samples)]
            if found:
                notes.append(
                    "candidate keys are estimated (distinct counts are approximate for a file this size); "
                    'pass {"exact_distinct": true} to count exactly (slower, spills to disk)'
                )
        keys = [[cols[p_].suggested for p_ in combo] for combo in found][:5]

    out_cols: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for col in cols:
        assert col.final is not None
        a = f"k{col.position + 1}_"
        st = col.stats
        nn = int(st.get(a + "nn") or 0)
        vmin, vmax = _min_max(col, col.final)
        samples = list(col.samples)
        if col.sensitive is not None:
            samples = [REDACTED for _ in samples]
            vmin = REDACTED if vmin is not None else None
            vmax = REDACTED if vmax is not None else None
        else:
            samples = [REDACTED if secrets.sensitive_value(v) else v for v in samples]
            if isinstance(vmin, str) and secrets.sensitive_value(vmin):
                vmin = REDACTED
            if isinstance(vmax, str) and secrets.sensitive_value(vmax):
                vmax = REDACTED
        entry = {
            "name": col.name,
            "suggested_name": col.suggested,
            "position": col.position + 1,
            "detected_type": col.final.kind,
            "pg_type": col.final.pg_type,
            "format": col.final.fmt,
            "direct_cast": col.final.direct_cast,
            "nullable": nn < row_count,
            "null_count": row_count - nn,
            "empty_count": int(st.get(a + "ne") or 0),
            "distinct_count": int(st.get(a + "nd") or 0),
            "distinct_exact": col.exact_nd,
            "min": vmin,
            "max": vmax,
            "max_length": (int(st.get(a + "ml") or 0) if st.get(a + "ml") is not None
                           and col.final.kind in ("text", "json", "boolean", "uuid") else None),
            "samples": samples,
            "sensitive": col.sensitive,
        }
        if col.notes:
            entry["notes"] = col.notes
        out_cols.append(entry)
        if col.sensitive is not None:
            findings.append({"column": col.name, "suggested_name": col.suggested, "kind": col.sensitive["kind"],
                             "by": col.sensitive["by"], "excluded": True})
            notes.append(
                f'column "{col.name}" holds secrets ({col.sensitive["kind"]}, by {col.sensitive["by"]}): '
                "left out of create_table_sql; dbagent refuses columns that hold secrets"
            )
        elif col.secret_values:
            findings.append({
                "column": col.name,
                "suggested_name": col.suggested,
                "kind": secrets.sensitive_value(col.stats.get(a + "secx") or "")
                or (max(col.sample_secret_kinds, key=lambda x: col.sample_secret_kinds[x])
                    if col.sample_secret_kinds else "secret"),
                "by": "value",
                "values": col.secret_values,
                "excluded": False,
            })
    if len(cols) == 1 and row_count and int(cols[0].stats.get("k1_nn") or 0) < row_count:
        nulls = row_count - int(cols[0].stats.get("k1_nn") or 0)
        lines = [int(x) for x in dialect.get("blank_lines") or []][:5]
        notes.append(
            f"{nulls} empty line(s) are NULL values: with one column an empty line is how CSV writes NULL"
            + (f" (e.g. line {', '.join(map(str, lines))})" if lines else "")
        )
    for orig, new in renamed:
        notes.append(f'column "{orig}" would collide with the system field; suggested "{new}"')
    for col in cols:
        if col.name != col.suggested and snake_name(col.name) in RESERVED_WORDS:
            notes.append(f'column "{col.name}" is a reserved word; suggested "{col.suggested}"')

    existing_names = {str(t.get("table")) for t in existing_tables if t.get("table")}
    table, tnotes = _table_name(path, table_name, existing_names)
    notes.extend(tnotes)
    kept = [c for c in cols if c.sensitive is None]
    if len(kept) + len(SYSTEM_FIELDS) > PG_MAX_COLUMNS:
        create_sql = None
        notes.append(
            f"{len(kept)} columns: PostgreSQL allows at most {PG_MAX_COLUMNS} per table "
            f"(dbagent adds {len(SYSTEM_FIELDS)}); split the file"
        )
    else:
        body = ",\n".join(f"    {c.suggested} {c.final.pg_type if c.final else 'text'}" for c in kept)
        create_sql = f"create table {table} (\n{body}\n)" if kept else f"create table {table} ()"
    for combo in keys[:3]:
        notes.append(
            ("unique and never NULL in this file: " if keys_exact else "probably unique and never NULL: ")
            + ", ".join(combo)
            + " (a candidate for a unique constraint; not added)"
        )
    fks = _fk_candidates(cols, existing_tables)
    formats = {c.name: {"position": c.position + 1, "format": c.final.fmt, "kind": c.final.kind}
               for c in cols if c.final is not None and not c.final.direct_cast and c.final.fmt}
    eff = dict(dialect)
    return {
        "columns": out_cols,
        "candidate_keys": keys,
        "candidate_keys_exact": keys_exact,
        "foreign_key_candidates": fks,
        "sensitive_findings": findings,
        "suggested_table": table,
        "create_table_sql": create_sql,
        "formats": formats,
        "notes": notes,
        "dialect": {
            kk: eff.get(kk)
            for kk in ("encoding", "delimiter", "quote", "escape", "header", "skip_rows", "newline",
                       "mixed_newlines", "column_count")
        },
    }


def _scans_secrets(col: _Col) -> bool:
    """Scan the whole file for secret shapes in text columns whose sample holds token-like values
    (20+ characters without spaces, a PEM block, a URL): where keys, tokens and passwords in URLs
    live. Prose columns are not scanned here; import_csv scans every value it loads."""
    return col.guess.kind == "text" and col.sample_tokenish


def _run_pass(
    con: Any,
    rel: Any,
    dialect: dict[str, Any],
    cols: list[_Col],
    exact_distinct: bool,
    *,
    full: bool,
    rejects: str,
    lean: bool = False,
    nl_char: str = "\n",
) -> int:
    """One DuckDB pass over the file for ``cols`` (batched: DuckDB compiles a query of thousands of
    aggregates slowly); merges the results into each column's stats and returns the row count.
    ``lean``: only what the reading needs (rows, line breaks inside values)."""
    batches: list[list[_Col]] = [[]]
    n_aggs = 0

    def exprs_of(col: _Col) -> list[tuple[str, str]]:
        c = f"c{col.position + 1}"
        nl = (f"k{col.position + 1}_nl",
              f"sum(strlen({c}) - strlen(replace({c}, {_lit(nl_char)}, ''))) filter (where contains({c}, {_lit(nl_char)}))")
        if lean:
            col.nl_counted = True
            return [nl]
        # exact distinct counts only where a key may hide (sample-unique identifier-like columns):
        # each exact count is a hash set of the column's values
        col.exact_nd = exact_distinct and col.sample_unique and col.guess.kind in _KEY_KINDS \
            and not col.guess.pg_type.startswith("numeric(")
        out = _column_exprs(col.position, col.guess, col.exact_nd, _scans_secrets(col), full=full)
        # a value of a typed shape (numbers, dates, booleans, uuids) holds no line break: when
        # the type holds (no bad value), the column has none; else a full pass counts them
        # line breaks only in columns whose sample holds some: a value of a typed shape has none, and
        # if a text column has some the sample did not show, the lines will not add up and the
        # other text columns are counted then (a rare second pass)
        if full or (col.guess.kind in ("text", "json") and col.sample_has_nl):
            col.nl_counted = True
            return out + [nl]
        return out

    def derived_of(col: _Col) -> list[tuple[str, str]]:
        return [] if lean else _column_derived(col.position, col.guess, _scans_secrets(col), full=full)

    for col in cols:
        n = len(exprs_of(col))
        if batches[-1] and n_aggs + n > _MAX_AGGREGATES:
            batches.append([])
            n_aggs = 0
        batches[-1].append(col)
        n_aggs += n
    row_count = 0
    for bi, batch in enumerate(batches):
        keep = bi == 0  # the first batch's rejects are the file's; later batches read the same
        table = rejects if keep else rejects + f"_{bi}"
        r_main, p_main = rel(store_rejects=True, rejects_table=table, rejects_scan=table + "_scans")
        exprs = [("n_rows", "count(*)")]
        inner = []
        for col in batch:
            exprs += exprs_of(col)
            inner.append(f"c{col.position + 1}")
            inner += [f"{e} as {n}" for n, e in derived_of(col)]
        sql = ("select " + ", ".join(f"{e} as {a}" for a, e in exprs)
               + f" from (select {', '.join(inner) or '1 as one'} from {r_main})")
        cur, fetched = _fetch(con, sql, p_main, dialect)
        desc = [d[0] for d in cur.description]
        values = fetched[0] if fetched else None
        stats = dict(zip(desc, values or [], strict=False))
        row_count = int(stats.get("n_rows") or 0)
        for col in batch:
            col.stats = {**col.stats, **stats}
        if not keep:
            con.execute(f"drop table if exists {table}; drop table if exists {table}_scans")
    return row_count


def _exact_unique(con: Any, rel: Any, combos: list[list[int]], row_count: int,
                  dialect: dict[str, Any]) -> list[list[int]]:
    """The column combinations whose values are distinct on every row (one scan for all)."""
    if not combos:
        return []
    r, p = rel(store_rejects=True, rejects_table="rj_keys", rejects_scan="rs_keys")
    exprs = []
    for n, combo in enumerate(combos):
        if len(combo) == 1:
            exprs.append(f"count(distinct c{combo[0] + 1}) as u{n}")
        else:
            cs = ", ".join(f"c{p_ + 1}" for p_ in combo)
            nn = " and ".join(f"c{p_ + 1} is not null" for p_ in combo)
            exprs.append(f"count(distinct ({cs})) filter (where {nn}) as u{n}")
    _cur, fetched = _fetch(con, f"select {', '.join(exprs)} from {r}", p, dialect)
    vals = fetched[0] if fetched else None
    return [combo for combo, v in zip(combos, vals or [], strict=False) if int(v or 0) == row_count]
