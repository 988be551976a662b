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
import unicodedata
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final

from . import secrets
from .csv_prepare import (
    duckdb_connect,
    duckdb_encoding,
    duckdb_error,
    normalise_encoding,
    read_csv_sql,
    transcode_to_utf8,
)
from .csv_sniff import CsvError

__all__ = ["profile", "snake_name", "suggest_names", "infer_type", "SYSTEM_FIELDS", "RESERVED_WORDS"]

SYSTEM_FIELDS: Final = ("id", "created_at", "updated_at", "created_by", "updated_by")
REDACTED: Final = "«redacted»"
PG_MAX_COLUMNS: Final = 1600
_MAX_IDENT: Final = 63
_MAX_AGGREGATES: Final = 300
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
    """The aggregates of the whole-file pass for column ``i`` guessed as ``g``.

    Lean by default (each aggregate costs a share of a full scan): only what confirms the
    guess. ``full`` adds what a widened or failed guess needs (a follow-up pass, rarely).
    """
    c = f"c{i + 1}"
    a = f"k{i + 1}_"
    ex: list[tuple[str, str]] = [
        (a + "nn", f"count({c})"),
        (a + "ne", f"count(*) filter (where {c} = '')"),
        (a + "nd", f"count(distinct {c})" if exact_distinct else f"approx_count_distinct({c})"),
        (a + "ml", f"max(length({c}))"),
    ]
    if full or g.cls in ("text", "boolean", "uuid", "json"):  # the others have typed min/max
        ex += [(a + "mn", f"min({c})"), (a + "mx", f"max({c})")]
    nonempty = f"{c} <> ''"
    if g.cls == "number":
        ok = f"regexp_full_match({c}, {_lit(NUMERIC_RE)})"
        is_int = g.kind in ("integer", "bigint")
        ex += [
            (a + "bad", f"count(*) filter (where {nonempty} and not {ok})"),
            (a + "dots", f"count(*) filter (where contains({c}, '.'))"),
        ]
        if full or not is_int:
            ex += [
                (
                    a + "idig",
                    f"max(length(ltrim(split_part(ltrim({c}, '-'), '.', 1), '0'))) filter (where {ok})",
                ),
                (a + "scale", f"max(length(split_part({c}, '.', 2))) filter (where {ok})"),
                (a + "vmin", f"arg_min({c}, try_cast({c} as double)) filter (where {ok})"),
                (a + "vmax", f"arg_max({c}, try_cast({c} as double)) filter (where {ok})"),
            ]
        if full or is_int or g.pg_type == "numeric":
            ex += [
                (a + "lo", f"min(try_cast({c} as hugeint)) filter (where {ok} and not contains({c}, '.'))"),
                (a + "hi", f"max(try_cast({c} as hugeint)) filter (where {ok} and not contains({c}, '.'))"),
            ]
    elif g.cls == "boolean" and g.family is not None:
        rx = "(?i)(?:" + "|".join(g.family) + ")"
        ex.append(
            (a + "bad", f"count(*) filter (where {nonempty} and not regexp_full_match({c}, {_lit(rx)}))")
        )
    elif g.cls == "uuid":
        ex.append(
            (a + "bad", f"count(*) filter (where {nonempty} and not regexp_full_match({c}, {_lit(UUID_RE)}))")
        )
    elif g.cls in ("iso_date", "ymd_slash", "iso_ts", "iso_tstz", "time"):
        rx, parse = {
            "iso_date": (ISO_DATE_RE, f"try_cast({c} as date)"),
            "ymd_slash": (YMD_SLASH_RE, f"try_strptime({c}, '%Y/%m/%d')"),
            "iso_ts": (ISO_TS_RE, f"try_cast({c} as timestamp)"),
            "iso_tstz": (ISO_TSTZ_RE, f"try_cast({c} as timestamptz)"),
            "time": (TIME_RE, f"try_cast({c} as time)"),
        }[g.cls]
        ok = f"regexp_full_match({c}, {_lit(rx)}) and {parse} is not null"
        ex += [
            (a + "bad", f"count(*) filter (where {nonempty} and not ({ok}))"),
            (a + "vmin", f"arg_min({c}, {parse}) filter (where {ok})"),
            (a + "vmax", f"arg_max({c}, {parse}) filter (where {ok})"),
        ]
    elif g.cls == "day_month" and g.sep is not None:
        rx = _dmy_re(g.sep, g.time)
        ok_shape = f"regexp_full_match({c}, {_lit(rx)})"
        date_part = f"split_part({c}, ' ', 1)"
        sep = _lit(g.sep)
        ex.append((a + "bad", f"count(*) filter (where {nonempty} and not {ok_shape})"))
        orders = ("dmy", "mdy") if full or g.order not in ("dmy", "mdy") else (g.order,)
        if len(orders) == 2:
            ex += [
                (
                    a + "p1",
                    f"max(try_cast(split_part({date_part}, {sep}, 1) as integer)) filter (where {ok_shape})",
                ),
                (
                    a + "p2",
                    f"max(try_cast(split_part({date_part}, {sep}, 2) as integer)) filter (where {ok_shape})",
                ),
            ]
        for order in orders:
            parse = f"try_strptime({c}, {_lit(_duck_fmt(g.sep, order, g.time))})"
            ex += [
                (a + "bad_" + order, f"count(*) filter (where {nonempty} and {parse} is null)"),
                (a + "vmin_" + order, f"arg_min({c}, {parse})"),
                (a + "vmax_" + order, f"arg_max({c}, {parse})"),
            ]
    elif g.cls == "json":
        ok = f"json_valid({c}) and left({c}, 1) in ('{{', '[')"
        ex.append((a + "bad", f"count(*) filter (where {nonempty} and not ({ok}))"))
    if scan_secrets:
        hit = f"regexp_matches({c}, {_lit(SECRET_SCAN_RE)})"
        ex += [
            (a + "sec", f"count(*) filter (where {hit})"),
            (a + "secx", f"any_value({c}) filter (where {hit})"),
        ]
    return ex


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


class _NotUtf8(Exception):
    """Raised inside _profile when DuckDB finds bytes that are not UTF-8."""


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
        needs = ("idig", "vmin") if int(get("dots") or 0) else ("lo",)
        if any(a + key not in st for key in needs):
            return None
        if int(get("dots") or 0) == 0:
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
    sample_rows: int = 20000,
    threads: int | None = None,
) -> dict[str, Any]:
    """Profile the whole CSV file at ``path`` read with ``dialect`` (from ``csv_sniff.sniff``).

    Returns ``{"row_count", "columns": [...], "candidate_keys", "foreign_key_candidates",
    "sensitive_findings", "suggested_table", "create_table_sql", "notes", "bad_lines",
    "bad_line_count", "dialect"}``; see the module docstring for the rules.
    """
    if "column_count" not in dialect or "delimiter" not in dialect:
        raise CsvError("dialect is incomplete", hint="Pass the dict csv_sniff.sniff() returned.")
    own_dir = work_dir is None
    wd = tempfile.mkdtemp(prefix="dbagent_profile_") if own_dir else work_dir
    assert wd is not None
    try:
        current = dict(dialect)
        notes: list[str] = []
        for _attempt in range(3):
            try:
                result = _profile(
                    path, current, existing_tables or [], sample_values, wd, table_name, sample_rows, threads
                )
            except _NotUtf8:
                # The sample said UTF-8 but the file is not, further on: read it as CP-1252 instead.
                current = dict(current, encoding="cp1252")
                notes.append("the file is not valid UTF-8 throughout; it was read as CP-1252")
                continue
            except _MixedNewlines:
                current = dict(current, mixed_newlines=True)
                notes.append("the file mixes line-break styles; they were read as one (quoted ones kept)")
                continue
            result["notes"][:0] = notes
            return result
        raise CsvError("could not read the csv file", hint="Check the encoding and the line breaks.")
    finally:
        if own_dir:
            shutil.rmtree(wd, ignore_errors=True)


def _source(path: str, dialect: dict[str, Any], wd: str, temps: list[str]) -> tuple[str, str, int]:
    """(file DuckDB reads, its DuckDB encoding, lines to skip before the header).

    DuckDB reads UTF-8 itself; anything else, and files mixing line-break styles (DuckDB's
    reader stops on them), is first streamed into a UTF-8 copy with LF line breaks.
    """
    enc = normalise_encoding(dialect.get("encoding") or "utf-8")
    dd = duckdb_encoding(enc)
    mixed = bool(dialect.get("mixed_newlines")) and (dialect.get("escape") in (None, dialect.get("quote")))
    if dd is not None and not mixed:
        return path, dd, int(dialect.get("skip_rows") or 0)
    fd, mid = tempfile.mkstemp(prefix="dbagent_csv_", suffix=".csv", dir=wd)
    os.close(fd)
    temps.append(mid)
    transcode_to_utf8(path, dialect, mid, normalise_newlines=mixed)
    return mid, "utf-8", 0


def _profile(
    path: str,
    dialect: dict[str, Any],
    existing_tables: list[dict[str, Any]],
    sample_values: int,
    wd: str,
    table_name: str | None,
    sample_rows: int,
    threads: int | None,
) -> dict[str, Any]:
    k = int(dialect["column_count"])
    if k < 1:
        raise CsvError("csv file has no columns")
    names = list(dialect.get("columns") or [])
    names = [str(n) for n in names[:k]] + [f"column{j + 1}" for j in range(len(names), k)]
    header = bool(dialect.get("header"))
    notes: list[str] = []
    temps: list[str] = []
    os.makedirs(wd, exist_ok=True)
    con = duckdb_connect(wd, threads=threads)
    try:
        src, dd_enc, skip = _source(path, dialect, wd, temps)
        sample_n = max(200, min(sample_rows, 2_000_000 // k))

        def rel(**kw: Any) -> tuple[str, list[Any]]:
            return read_csv_sql(src, dialect, column_count=k, skip=skip, header=header, encoding=dd_enc, **kw)

        r_sample, p_sample = rel(store_rejects=True, rejects_table="rj_sample", rejects_scan="rs_sample")
        try:
            rows = con.execute(f"select * from {r_sample} limit {int(sample_n)}", p_sample).fetchall()
        except Exception as e:
            if _STATE_MACHINE in str(e) and not dialect.get("mixed_newlines"):
                raise _MixedNewlines() from None
            raise duckdb_error(e, what="could not read the csv file") from None
        enc_errors = con.execute(
            "select count(*) from rj_sample where error_type::varchar like 'INVALID %'"
        ).fetchone()
        if (
            enc_errors
            and enc_errors[0]
            and normalise_encoding(dialect.get("encoding") or "utf-8") in ("utf-8", "utf-8-sig")
        ):
            raise _NotUtf8()

        suggested = suggest_names(names)
        renamed = [(n, s) for n, s in zip(names, suggested, strict=True) if snake_name(n) in SYSTEM_FIELDS]
        cols: list[_Col] = []
        for j in range(k):
            vals = [r[j] for r in rows]
            nonnull = [v for v in vals if v is not None]
            nonempty = [v for v in nonnull if v != ""]
            g = infer_type(nonempty, final=False)
            kinds: dict[str, int] = {}
            for v in nonempty:
                kind = secrets.sensitive_value(v)
                if kind is not None:
                    kinds[kind] = kinds.get(kind, 0) + 1
            seen: list[str] = []
            for v in nonnull:
                if v not in seen:
                    seen.append(v)
                    if len(seen) >= sample_values:
                        break
            cols.append(
                _Col(
                    j,
                    names[j],
                    suggested[j],
                    g,
                    seen,
                    kinds,
                    len(nonempty),
                    max((len(v) for v in nonempty), default=0),
                )
            )

        whole_in_sample = len(rows) < sample_n
        size = os.path.getsize(src)
        if whole_in_sample:
            # The sample is the whole file: the statistics are computed exactly in Python.
            exact_distinct = True
            row_count = len(rows)
            for col in cols:
                col.stats = _python_stats(col.position, [r[col.position] for r in rows], col.guess)
            main_rejects = "rj_sample"
        else:
            # The whole-file pass, lean, then a full pass for the few columns that need it.
            exact_distinct = size <= _EXACT_DISTINCT_BYTES
            main_rejects = "reject_errors"
            row_count = _run_pass(
                con, rel, dialect, cols, exact_distinct, full=False, rejects="reject_errors"
            )
            pending = [
                c
                for c in cols
                if (f := _finalise_type(c)) is None
                or (f.kind == "text" and f"k{c.position + 1}_mn" not in c.stats)
            ]
            if pending:
                _run_pass(con, rel, dialect, pending, exact_distinct, full=True, rejects="rj_full")
        enc_bad = con.execute(
            f"select count(*) from {main_rejects} where error_type::varchar like 'INVALID %'"
        ).fetchone()
        if (
            enc_bad
            and enc_bad[0]
            and normalise_encoding(dialect.get("encoding") or "utf-8") in ("utf-8", "utf-8-sig")
        ):
            raise _NotUtf8()
        bad_total_row = con.execute(f"select count(distinct line) from {main_rejects}").fetchone()
        bad_total = int(bad_total_row[0]) if bad_total_row else 0
        bad_lines: list[dict[str, Any]] = []
        for line, etype, csv_line in con.execute(
            f"select line, min(error_type::varchar), min(csv_line) from {main_rejects} group by line "
            f"order by line limit {_MAX_BAD_LINES}"
        ).fetchall():
            bad_lines.append(
                {
                    "line": int(line) + (int(dialect.get("skip_rows") or 0) if src != path else 0),
                    "error": str(etype).lower(),
                    "text": _redact_line(str(csv_line or "")),
                }
            )
        if bad_total:
            notes.append(
                f"{bad_total} line(s) do not fit the dialect and were left out of these statistics "
                "(see bad_lines); an all-or-nothing import stops at the first"
            )

        # Finalise types, sensitivity, statistics.
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

        # Candidate keys (exact): identifier-like columns without NULLs, unique on every row.
        keys: list[list[str]] = []
        if row_count > 1:
            eligible = [
                c
                for c in cols
                if c.sensitive is None
                and c.final is not None
                and c.final.kind in _KEY_KINDS
                and not c.final.pg_type.startswith("numeric(")
                and int(c.stats.get(f"k{c.position + 1}_nn") or 0) == row_count
            ]
            single = [
                c for c in eligible if int(c.stats.get(f"k{c.position + 1}_nd") or 0) >= 0.97 * row_count
            ]
            if exact_distinct:
                found = [
                    [c.position]
                    for c in single
                    if int(c.stats.get(f"k{c.position + 1}_nd") or 0) == row_count
                ]
            else:
                found = _exact_unique(con, rel, [[c.position] for c in single[:5]], row_count)
            if not found and len(eligible) >= 2:
                pool = eligible[:8]
                pairs = [[x.position, y.position] for n_, x in enumerate(pool) for y in pool[n_ + 1 :]][:15]
                if whole_in_sample:
                    found = [pr for pr in pairs if len({(r[pr[0]], r[pr[1]]) for r in rows}) == row_count]
                elif size <= _EXACT_DISTINCT_BYTES:
                    found = _exact_unique(con, rel, pairs, row_count)
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
                "distinct_exact": exact_distinct,
                "min": vmin,
                "max": vmax,
                "max_length": int(st.get(a + "ml") or 0) if st.get(a + "ml") is not None else None,
                "samples": samples,
                "sensitive": col.sensitive,
            }
            if col.notes:
                entry["notes"] = col.notes
            out_cols.append(entry)
            if col.sensitive is not None:
                findings.append(
                    {
                        "column": col.name,
                        "suggested_name": col.suggested,
                        "kind": col.sensitive["kind"],
                        "by": col.sensitive["by"],
                        "excluded": True,
                    }
                )
                notes.append(
                    f'column "{col.name}" holds secrets ({col.sensitive["kind"]}, by {col.sensitive["by"]}): '
                    "left out of create_table_sql; dbagent refuses columns that hold secrets"
                )
            elif col.secret_values:
                findings.append(
                    {
                        "column": col.name,
                        "suggested_name": col.suggested,
                        "kind": secrets.sensitive_value(col.stats.get(a + "secx") or "")
                        or (
                            max(col.sample_secret_kinds, key=lambda x: col.sample_secret_kinds[x])
                            if col.sample_secret_kinds
                            else "secret"
                        ),
                        "by": "value",
                        "values": col.secret_values,
                        "excluded": False,
                    }
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
                "unique and never NULL in this file: "
                + ", ".join(combo)
                + " (a candidate for a unique constraint; not added)"
            )
        fks = _fk_candidates(cols, existing_tables)

        eff = dict(dialect)
        return {
            "row_count": row_count,
            "columns": out_cols,
            "candidate_keys": keys,
            "foreign_key_candidates": fks,
            "sensitive_findings": findings,
            "suggested_table": table,
            "create_table_sql": create_sql,
            "notes": notes,
            "bad_lines": bad_lines,
            "bad_line_count": bad_total,
            "dialect": {
                kk: eff.get(kk)
                for kk in (
                    "encoding",
                    "delimiter",
                    "quote",
                    "escape",
                    "header",
                    "skip_rows",
                    "newline",
                    "mixed_newlines",
                    "column_count",
                )
            },
        }
    finally:
        con.close()
        for t in temps:
            if os.path.exists(t):
                os.unlink(t)


def _scans_secrets(col: _Col) -> bool:
    """Scan the whole file for secret shapes in text columns whose sample has long values."""
    return col.guess.kind == "text" and col.sample_max_len >= 20


def _run_pass(
    con: Any,
    rel: Any,
    dialect: dict[str, Any],
    cols: list[_Col],
    exact_distinct: bool,
    *,
    full: bool,
    rejects: str,
) -> int:
    """One DuckDB pass over the file for ``cols`` (batched: DuckDB compiles a query of thousands of
    aggregates slowly); merges the results into each column's stats and returns the row count."""
    batches: list[list[_Col]] = [[]]
    n_aggs = 0
    for col in cols:
        n = len(_column_exprs(col.position, col.guess, exact_distinct, _scans_secrets(col), full=full))
        if batches[-1] and n_aggs + n > _MAX_AGGREGATES:
            batches.append([])
            n_aggs = 0
        batches[-1].append(col)
        n_aggs += n
    row_count = 0
    for bi, batch in enumerate(batches):
        if bi:
            con.execute(f"drop table if exists {rejects}; drop table if exists {rejects}_scans")
        r_main, p_main = rel(store_rejects=True, rejects_table=rejects, rejects_scan=rejects + "_scans")
        exprs = [("n_rows", "count(*)")]
        for col in batch:
            exprs += _column_exprs(col.position, col.guess, exact_distinct, _scans_secrets(col), full=full)
        sql = "select " + ", ".join(f"{e} as {a}" for a, e in exprs) + f" from {r_main}"
        try:
            cur = con.execute(sql, p_main)
            desc = [d[0] for d in cur.description]
            fetched = cur.fetchall()  # fetch everything: DuckDB fills its rejects table at the end
            values = fetched[0] if fetched else None
        except Exception as e:
            if _STATE_MACHINE in str(e) and not dialect.get("mixed_newlines"):
                raise _MixedNewlines() from None
            raise duckdb_error(e, what="could not read the csv file") from None
        stats = dict(zip(desc, values or [], strict=False))
        row_count = int(stats.get("n_rows") or 0)
        for col in batch:
            col.stats = {**col.stats, **stats}
    return row_count


def _exact_unique(con: Any, rel: Any, combos: list[list[int]], row_count: int) -> list[list[int]]:
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
    try:
        fetched = con.execute(f"select {', '.join(exprs)} from {r}", p).fetchall()
        vals = fetched[0] if fetched else None
    except Exception as e:
        raise duckdb_error(e, what="could not read the csv file") from None
    return [combo for combo, v in zip(combos, vals or [], strict=False) if int(v or 0) == row_count]
