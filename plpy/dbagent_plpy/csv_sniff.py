"""Detect a CSV file's dialect from samples of its bytes.

``sniff(path)`` reads the first ``sample_bytes`` of the file (and, for big files, a slice of the
middle and of the end), never the whole file, and returns a JSON-able dict describing the
encoding, delimiter, quote, escape, header, preamble and newline, with the ragged lines it saw
and what it is unsure about.

How the dialect is chosen (the idea of consistency plus type homogeneity, as in CleverCSV, but
written here from scratch):

1. Encoding: a BOM wins (UTF-8, UTF-16, UTF-32); otherwise UTF-16 without a BOM is recognised by
   its NUL bytes; otherwise UTF-8 if every sampled slice decodes; otherwise a single-byte
   encoding: ``cp1252`` unless a byte that CP-1252 leaves undefined occurs, then ``latin-1``.
   Non-UTF-8 input never fails.
2. Every candidate dialect (delimiters ``, ; TAB | space # :`` that occur in the sample, quote
   ``"`` / ``'`` / none, escape by doubling or by backslash) parses the first records. A
   candidate scores by the share of records that have its modal field count, by how "typed"
   its cells look (numbers, dates, empty cells, words; a cell holding another candidate's
   delimiter looks wrong), by its width, and loses a little for each preamble line it needs.
3. When several quote characters parse the sample identically, ``"`` is reported (it is what
   every reader assumes, and harmless when no quotes occur).
4. The chosen dialect then parses the whole sample: records whose field count differs from the
   table's are reported in ``bad_lines`` (at most 20, sensitive values redacted) and counted in
   ``uncertain``. A one-column reading is only accepted when no delimiter fits better.

``CsvError`` is the one exception the CSV modules raise; the SQL layer turns it into a
PostgreSQL error with the same message, detail, hint and SQLSTATE.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from . import secrets

__all__ = ["CsvError", "DELIMITERS", "sniff", "decode_sample", "detect_encoding", "cell_class"]


class CsvError(Exception):
    """An error about a CSV file, shaped like a PostgreSQL error report."""

    def __init__(
        self,
        message: str,
        *,
        detail: str | None = None,
        hint: str | None = None,
        sqlstate: str = "22023",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.hint = hint
        self.sqlstate = sqlstate

    def as_dict(self) -> dict[str, str | None]:
        return {"sqlstate": self.sqlstate, "message": self.message, "detail": self.detail, "hint": self.hint}


#: Candidate delimiters, in the order preferred when two fit equally well.
DELIMITERS: Final = (",", ";", "\t", "|", " ", "#", ":")
_TEXT_DELIMS: Final = frozenset(",;\t|")  # a cell holding one of these suggests a wrong split
_SCORE_RECORDS: Final = 1000
_SCORE_CHARS: Final = 1 << 20
_SCORE_CELLS: Final = 8000
_MAX_BAD_LINES: Final = 20
_STAGE1_RECORDS: Final = 100
_STAGE1_CELLS: Final = 1500
_PROBE_CHARS: Final = 256 << 10
_STAGE1_CHARS: Final = 64 << 10
_STAGE2_FITS: Final = 4
_QUOTE_MARGIN: Final = 0.03  # "'" must beat '"' by this much to win without quoting delimiters
_STRUCTURE_RECORDS: Final = 5000
_MAX_PREAMBLE: Final = 50
_EXTRA_SLICE: Final = 1 << 16
_CP1252_UNDEFINED: Final = frozenset(b"\x81\x8d\x8f\x90\x9d")

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# --------------------------------------------------------------------------------------------
# Loose cell classes, for scoring and header detection only (csv_profile infers exact types).
# --------------------------------------------------------------------------------------------
_RE_INT: Final = re.compile(r"[+-]?\d+")
_RE_NUM: Final = re.compile(r"[+-]?(?:\d{1,3}(?:[,. '\u00a0]\d{3})+|\d+)?(?:[.,]\d+)?(?:[eE][+-]?\d+)?%?")
_RE_MONEY: Final = re.compile(r"[-+]?[$€£¥]\s?[\d.,]+|[\d.,]+\s?[$€£¥]|[A-Z]{3}\s?[\d.,]+")
_RE_DATE: Final = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}[- ][A-Za-z]{3,9}[- ]\d{2,4}"
    r"|[A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{4}-\d{2}|\d{8}"
)
_RE_TIME: Final = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?[AaPp][Mm])?")
_RE_DATETIME: Final = re.compile(
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})"
    r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"(?:\s?[AaPp][Mm])?(?:\s?(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{3,4}))?"
)
_RE_UUID: Final = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_RE_EMAIL: Final = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}")
_RE_URL: Final = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")
_RE_WORDY: Final = re.compile(r"[\w .,'()&/+\-–—:!?\"]*", re.UNICODE)
_BOOL_NULL: Final = frozenset(
    {
        "true",
        "false",
        "t",
        "f",
        "yes",
        "no",
        "y",
        "n",
        "null",
        "none",
        "na",
        "n/a",
        "nan",
        "-",
        "--",
        "?",
        "nil",
    }
)


def cell_class(v: str) -> str:
    """A loose class of one cell: empty, int, num, date, time, datetime, bool, uuid or text."""
    c = _CLASS_MEMO.get(v)
    if c is None:
        c = _cell_class(v)
        if len(_CLASS_MEMO) > 50_000:
            _CLASS_MEMO.clear()
        _CLASS_MEMO[v] = c
    return c


_CLASS_MEMO: dict[str, str] = {}  # a cache of pure results, bounded


def _cell_class(v: str) -> str:
    if v == "":
        return "empty"
    s = v.strip()
    if s == "":
        return "empty"
    if _RE_INT.fullmatch(s):
        return "int"
    if _RE_NUM.fullmatch(s) and any(c.isdigit() for c in s):
        return "num"
    if s.lower() in _BOOL_NULL:
        return "bool"
    if _RE_DATETIME.fullmatch(s):
        return "datetime"
    if _RE_DATE.fullmatch(s):
        return "date"
    if _RE_TIME.fullmatch(s):
        return "time"
    if _RE_UUID.fullmatch(s):
        return "uuid"
    if _RE_MONEY.fullmatch(s):
        return "num"
    return "text"


def _cell_score(v: str, own_delim: str, quotes: str) -> float:
    """How plausible a cell looks as a value (1 = clearly typed, 0 = clearly a wrong split)."""
    key = (v, own_delim)
    sc = _SCORE_MEMO.get(key)
    if sc is None:
        sc = _cell_score_raw(v, own_delim, quotes)
        if len(_SCORE_MEMO) > 100_000:
            _SCORE_MEMO.clear()
        _SCORE_MEMO[key] = sc
    return sc


_SCORE_MEMO: dict[tuple[str, str], float] = {}  # a cache of pure results (quotes is fixed), bounded


def _cell_score_raw(v: str, own_delim: str, quotes: str) -> float:
    cls = cell_class(v)
    if cls != "text":
        return 1.0 if v == v.strip() or own_delim == " " else 0.8
    s = v.strip()
    if _RE_EMAIL.fullmatch(s) or _RE_URL.fullmatch(s):
        return 1.0
    for ch in _TEXT_DELIMS:
        if ch != own_delim and ch in v:
            return 0.0
    for q in quotes:
        if q in v:
            # A quote at the edge of a cell means the reading ignored real quoting.
            return 0.0 if (s[:1] == q or s[-1:] == q) else 0.3
    base = 0.7 if _RE_WORDY.fullmatch(s) else 0.5
    if s != v and own_delim != " ":
        base -= 0.2
    return base


# --------------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------------


_RE_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")
_RE_ESCAPED_BYTE: Final = re.compile(r"[\udc80-\udcff]")


def _utf8_ok(data: bytes, *, final: bool, from_middle: bool = False) -> tuple[bool, int, int]:
    """Whether ``data`` is valid UTF-8 (allowing a cut character at the end, and at the start
    when the slice comes from the middle of the file). Returns (ok, non-ASCII chars, bad bytes)."""
    if from_middle:
        i = 0
        while i < min(3, len(data)) and 0x80 <= data[i] < 0xC0:
            i += 1
        data = data[i:]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
        return True, 0, 0
    except UnicodeDecodeError:
        pass
    text = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape").decode(data, final=final)
    bad = len(_RE_ESCAPED_BYTE.findall(text))
    multi = len(_RE_NON_ASCII.findall(text)) - bad
    return bad == 0, multi, bad


def _looks_utf16(data: bytes) -> str | None:
    probe = data[:4096]
    if len(probe) < 4:
        return None
    even = probe[0::2]
    odd = probe[1::2]
    z_even = even.count(0) / max(1, len(even))
    z_odd = odd.count(0) / max(1, len(odd))
    if z_odd > 0.3 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.3 and z_odd < 0.05:
        return "utf-16-be"
    return None


def detect_encoding(
    head: bytes, extras: list[bytes], *, head_is_whole_file: bool
) -> tuple[str, int, list[str]]:
    """Return (python codec name, BOM length, notes) for the file whose first bytes are ``head``."""
    enc, bom, notes, _guess = detect_encoding_full(head, extras, head_is_whole_file=head_is_whole_file)
    return enc, bom, notes


def detect_encoding_full(
    head: bytes, extras: list[bytes], *, head_is_whole_file: bool
) -> tuple[str, int, list[str], dict[str, Any]]:
    """(codec, BOM length, notes, {"confidence", "alternatives", "equivalent", "declared"})."""
    from .csv_encoding import guess_legacy

    notes: list[str] = []
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom), notes, {"confidence": "high", "alternatives": [], "equivalent": [],
                                           "declared": "byte-order mark"}
    u16 = _looks_utf16(head)
    if u16 is not None:
        notes.append(f"no byte-order mark; the NUL bytes suggest {u16.upper()}")
        return u16, 0, notes, {"confidence": "high", "alternatives": [], "equivalent": [], "declared": None}
    ok, multi, bad = _utf8_ok(head, final=head_is_whole_file)
    extras_ok = all(_utf8_ok(x, final=False, from_middle=True)[0] for x in extras)
    if ok and extras_ok:
        return "utf-8", 0, notes, {"confidence": "high", "alternatives": [], "equivalent": [], "declared": None}
    if not ok and multi >= 20 and bad * 20 <= multi:
        notes.append(
            f"the sample is UTF-8 except for {bad} invalid byte(s): a damaged UTF-8 file? "
            "Those lines are refused unless an encoding is given"
        )
        return "utf-8", 0, notes, {"confidence": "low", "alternatives": [], "equivalent": [], "declared": None}
    if ok and not extras_ok and not head.isascii():
        # valid multi-byte UTF-8 at the start, invalid bytes further on: a damaged UTF-8 file
        notes.append(
            "the file is UTF-8 at the start but not in a later slice: a damaged UTF-8 file? "
            "Its invalid lines are refused unless an encoding is given"
        )
        return "utf-8", 0, notes, {"confidence": "low", "alternatives": [], "equivalent": [], "declared": None}
    guess = guess_legacy(head + b"\n" + b"\n".join(extras))
    notes.extend(guess.notes)
    if ok and not extras_ok:
        notes.append(f"the start of the file is plain ASCII but a later slice is not UTF-8; read as {guess.encoding}")
    return guess.encoding, 0, notes, {"confidence": guess.confidence, "alternatives": guess.alternatives,
                                      "equivalent": guess.equivalent, "declared": None}


def decode_sample(data: bytes, encoding: str, bom_len: int, *, final: bool) -> str:
    """Decode a sample of the file (dropping a character cut at the end when not ``final``)."""
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    dec = codecs.getincrementaldecoder(codec)(errors="replace")
    return dec.decode(data[bom_len:], final=final)


# --------------------------------------------------------------------------------------------
# Parsing a sample
# --------------------------------------------------------------------------------------------

_LINE_RE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _physical_lines(text: str) -> list[str]:
    lines = _LINE_RE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass(frozen=True)
class _Dialect:
    delimiter: str
    quote: str | None
    escape: str | None
    runs: bool = False  # score only: treat runs of the delimiter as one
    initial_space: bool = False  # score only: allow spaces between a delimiter and a quote


@dataclass
class _Record:
    fields: list[str]
    first_line: int  # 1-based physical line within the decoded sample
    last_line: int


class _LineFeed:
    """Feeds physical lines to csv.reader and remembers how many were consumed."""

    def __init__(self, lines: list[str], limit_chars: int) -> None:
        self.lines = lines
        self.pos = 0
        self.chars = 0
        self.limit_chars = limit_chars

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines) or self.chars > self.limit_chars:
            raise StopIteration
        line = self.lines[self.pos]
        self.pos += 1
        self.chars += len(line)
        return line


class _FieldLimit:
    """Lift csv's 128 KiB field limit for the duration of a parse, then put it back."""

    def __enter__(self) -> None:
        self.old = csv.field_size_limit()
        csv.field_size_limit(sys.maxsize if sys.maxsize < 2**63 else 2**62)

    def __exit__(self, *exc: object) -> None:
        csv.field_size_limit(self.old)


def _parse(lines: list[str], d: _Dialect, *, max_records: int, max_chars: int) -> list[_Record]:
    feed = _LineFeed(lines, max_chars)
    kwargs: dict[str, Any] = {"delimiter": d.delimiter, "strict": False, "skipinitialspace": d.initial_space}
    if d.quote is None:
        kwargs.update(quoting=csv.QUOTE_NONE, quotechar=None, escapechar=d.escape)
    else:
        kwargs.update(quotechar=d.quote, doublequote=d.escape is None, escapechar=d.escape)
    reader = csv.reader(feed, **kwargs)
    out: list[_Record] = []
    prev = 0
    with _FieldLimit():
        while len(out) < max_records:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:
                # An unparseable record counts as one odd record; carry on after it.
                out.append(_Record(["\x00bad"], prev + 1, feed.pos))
                prev = feed.pos
                reader = csv.reader(feed, **kwargs)
                continue
            if d.runs:
                joined = d.delimiter.join(row)
                row = [p for p in joined.split(d.delimiter) if p != ""] if joined.strip() else []
            out.append(_Record(row, prev + 1, feed.pos))
            prev = feed.pos
    return out


@dataclass
class _Fit:
    dialect: _Dialect
    records: list[_Record]
    k: int = 0
    preamble: int = 0  # records before the table
    consistency: float = 0.0
    typed: float = 0.0
    score: float = 0.0
    blank: int = 0
    notes: list[str] = field(default_factory=list)


def _modal_count(counts: list[int]) -> int:
    if not counts:
        return 0
    c = Counter(counts)
    best = max(c.values())
    return max(k for k, n in c.items() if n == best)


def _find_table_start(recs: list[_Record], k: int, delim: str) -> int:
    """Index of the first record of the table (header or data) after a preamble.

    Preamble records sit at the top, at most half of the records and leaving at least three
    to the table, and are either short (at
    most half as many fields as the table: a title, a note) or comment lines starting with
    ``#``. A header with one field less than the rows (rows ending in a delimiter) is not one.
    """
    limit = min(_MAX_PREAMBLE, len(recs) // 2, len(recs) - 3)  # a table has 3+ records
    i = 0
    while i < limit and i < len(recs):
        f = recs[i].fields
        n = len(f)
        comment = (
            delim != "#"
            and k > 1
            and bool(f)
            and f[0].lstrip().startswith("#")
            and (n < k or all(x == "" for x in f[1:]))
        )
        short = n <= max(1, k // 2) and n < k
        if not (comment or short):
            break
        i += 1
    if 0 < i < len(recs) and len(recs[i].fields) >= k - 1:
        return i
    return 0


def _evaluate(lines: list[str], d: _Dialect, quotes: str, *, records: int = _SCORE_RECORDS,
              cells_cap: int = _SCORE_CELLS) -> _Fit:
    recs = _parse(lines, d, max_records=records, max_chars=_SCORE_CHARS)
    fit = _Fit(d, recs)
    nonblank = [r for r in recs if r.fields]
    fit.blank = len(recs) - len(nonblank)
    if not nonblank:
        return fit
    counts = [len(r.fields) for r in nonblank]
    # The modal count of the body: ignore the first few records, which may be a preamble.
    skip_head = min(len(counts) // 4, 5) if len(counts) >= 8 else 0
    k = _modal_count(counts[skip_head:] or counts)
    fit.k = k
    start = _find_table_start(nonblank, k, d.delimiter)
    fit.preamble = start
    body = nonblank[start:]
    good = [r for r in body if len(r.fields) == k]
    fit.consistency = len(good) / len(body) if body else 0.0
    per = max(20, cells_cap // max(k, 1))  # score a bounded number of cells, however wide
    cells = [v for r in good[1 : per + 1] for v in r.fields] or [v for r in good[:per] for v in r.fields]
    if cells:
        fit.typed = sum(_cell_score(v, d.delimiter, quotes) for v in cells) / len(cells)
    width = 0.45 if k <= 1 else (1.0 if k >= 3 else 0.9)
    penalty = 0.97**start
    if len(body) == 1 and k > 1:
        # A single record cannot show consistency; lean on how its cells look.
        fit.consistency = 0.9
    fit.score = (fit.consistency**2) * (0.4 + 0.6 * fit.typed) * width * penalty
    if cells:
        # Cells that begin or end with a quote character: this reading ignores real quoting.
        other = [q for q in quotes if q != d.quote]
        edge = sum(1 for v in cells if (v[:1] != "" and v[:1] in other) or (v[-1:] != "" and v[-1:] in other))
        fit.score *= 1.0 - edge / len(cells)
    return fit


def _same_parse(a: _Fit, b: _Fit) -> bool:
    return [r.fields for r in a.records] == [r.fields for r in b.records]


_RE_COLON_TOKENS: Final = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?|[A-Za-z][A-Za-z0-9+.-]*://|\d{1,2}:\d{2}"
)


def _colon_is_plausible(probe: str) -> bool:
    """':' is a delimiter only if it survives removing times and URL schemes from the lines."""
    all_lines = probe.splitlines()[:_SCORE_RECORDS]
    lines = [ln for ln in (all_lines[1:] if len(all_lines) > 1 else all_lines) if ":" in ln]
    if not lines:
        return False
    kept = sum(1 for ln in lines if ":" in _RE_COLON_TOKENS.sub("", ln))
    return kept >= 0.5 * len(lines)


def _candidates(text: str) -> list[_Dialect]:
    probe = text[:_PROBE_CHARS]
    delims = [c for c in DELIMITERS if c in probe and (c != ":" or _colon_is_plausible(probe))]
    if "," not in delims:
        delims.insert(0, ",")
    quotes: list[str | None] = ['"']
    if "'" in probe:
        quotes.append("'")
    quotes.append(None)
    out: list[_Dialect] = []
    for dl in delims:
        for q in quotes:
            out.append(_Dialect(dl, q, None))
            if q is not None and ("\\" + q) in probe:
                out.append(_Dialect(dl, q, "\\"))
        if dl == " " and re.search(r"\S  +\S", probe):
            out.append(_Dialect(" ", '"', None, runs=True))
        for q in quotes:
            if dl != " " and q is not None and (dl + " " + q) in probe:
                out.append(_Dialect(dl, q, None, initial_space=True))
    return out


def _choose(lines: list[str], text: str, forced: dict[str, Any] | None = None) -> tuple[_Fit, list[_Fit]]:
    """The best reading of the sample. Every candidate is scored on the first records; the best
    few (and every reading with the leading delimiter) again on up to 1,000 records. ``forced``:
    the delimiter, quote and escape the caller set."""
    quote_chars = "\"'"
    cands = _candidates(text)
    if forced:
        def ok(d: _Dialect) -> bool:
            return all(getattr(d, k) == v for k, v in forced.items())
        cands = [d for d in cands if ok(d)] or [_Dialect(forced.get("delimiter", ","), forced.get("quote", '"'),
                                                        forced.get("escape"))]
    first = [_evaluate(lines, d, quote_chars, records=_STAGE1_RECORDS, cells_cap=_STAGE1_CELLS)
             for d in cands]
    order = {c: i for i, c in enumerate(DELIMITERS)}

    def rank(f: _Fit) -> tuple[float, int, int, int]:
        q = 0 if f.dialect.quote == '"' else (1 if f.dialect.quote == "'" else 2)
        return (-round(f.score, 6), order.get(f.dialect.delimiter, 99), q, 1 if f.dialect.escape else 0)

    first.sort(key=rank)
    top = first[0].score
    finalists = {f.dialect for f in first[:_STAGE2_FITS] if f.score >= top * 0.75}
    lead_delims = {f.dialect.delimiter for f in first[:2]}
    finalists |= {f.dialect for f in first if f.dialect.delimiter in lead_delims}
    lead = first[0]
    rival = next((f for f in first if f.dialect.delimiter != lead.dialect.delimiter), None)
    clear = lead.k > 1 and lead.consistency == 1.0 and (rival is None or rival.score < 0.7 * lead.score)
    if not clear and (len(lead.records) >= _STAGE1_RECORDS
                      or sum(len(ln) for ln in lines[:_STAGE1_RECORDS]) > _STAGE1_CHARS):
        fits = [_evaluate(lines, d, quote_chars) if d in finalists else f
                for f, d in ((f, f.dialect) for f in first)]
    else:
        fits = first  # the sample is small: stage one saw all of it
    fits.sort(key=rank)
    best = fits[0]
    if best.k <= 1:
        # A one-column reading: report ',' when it reads the sample the same way.
        for f in fits:
            if (
                f.dialect.delimiter == ","
                and f.dialect.quote == best.dialect.quote
                and f.dialect.escape == best.dialect.escape
                and not f.dialect.initial_space
                and _same_parse(f, best)
            ):
                best = f
                break
    # Among readings with the best delimiter, prefer '"', then "'", then no quoting, and
    # doubling over backslash, whenever the preferred one parses the sample just as well.
    same = [
        f
        for f in fits
        if f.dialect.delimiter == best.dialect.delimiter
        and f.dialect.runs == best.dialect.runs
        and f.dialect.initial_space == best.dialect.initial_space
    ]
    for pref in (('"', None), ("'", None), ('"', "\\"), ("'", "\\"), (None, None)):
        for f in same:
            if (f.dialect.quote, f.dialect.escape) == pref and (
                f is best or f.score >= best.score - 1e-9 or _same_parse(f, best)
            ):
                return _prefer_double_quote(f, same), fits
    return _prefer_double_quote(best, same), fits


def _prefer_double_quote(best: _Fit, same: list[_Fit]) -> _Fit:
    """'"' over "'" unless "'" really quotes: it wins clearly, or it encloses fields holding the
    delimiter or a line break (which only quoting explains) and '"' reads them worse."""
    if best.dialect.quote != "'":
        return best
    dq = next((f for f in same if f.dialect.quote == '"' and f.dialect.escape is None), None)
    if dq is None:
        return best
    d = best.dialect.delimiter
    quoted_needed = any(
        any(d in v or "\n" in v or "\r" in v for v in r.fields) for r in best.records if len(r.fields) == best.k
    ) or any(
        # read with '"', a field 'O''Brien' or '' (an empty string) shows "'" quoting with its escape
        any(len(v) >= 2 and v[0] == "'" and v[-1] == "'" and ("''" in v[1:-1] or v == "''") for v in r.fields)
        for r in dq.records
    )
    clearly = best.score - dq.score > _QUOTE_MARGIN
    if clearly or (quoted_needed and best.score >= dq.score):
        return best
    return dq


# --------------------------------------------------------------------------------------------
# Header
# --------------------------------------------------------------------------------------------

_COMPATIBLE: Final = {("int", "num"), ("num", "int"), ("date", "datetime"), ("datetime", "date")}


def _detect_header(first: list[str], data: list[list[str]], k: int) -> tuple[bool, str]:
    """Decide whether ``first`` names the columns of ``data``. Returns (header, reason)."""
    firsts = [first[j] if j < len(first) else "" for j in range(k)]
    classes = [cell_class(h) for h in firsts]
    nonempty = [h for h in firsts if h.strip()]
    looks_like_names = (
        bool(nonempty)
        and all(c in ("text", "empty") for c in classes)
        and len(set(nonempty)) == len(nonempty)
    )
    if not data:
        return looks_like_names and len(nonempty) == len(firsts), "only one record"
    votes = 0.0
    for j in range(k):
        col = [r[j] for r in data if j < len(r) and r[j].strip() != ""]
        if not col:
            continue
        kinds = Counter(cell_class(v) for v in col)
        dom, n = kinds.most_common(1)[0]
        hc = classes[j]
        if n < 0.8 * len(col):
            dom = "mixed"
        if dom not in ("text", "mixed"):
            if hc == "empty":
                continue
            if hc == "text":
                votes += 1
            elif hc == dom or (hc, dom) in _COMPATIBLE:
                votes -= 1
            else:
                votes += 0.5
        else:
            h = firsts[j]
            if hc not in ("text", "empty"):
                votes -= 0.25
            lengths = {len(v) for v in col}
            if len(lengths) == 1 and h and len(h) not in lengths:
                votes += 0.5
            if h and h in set(col):
                votes -= 0.5
    if len(set(nonempty)) != len(nonempty):
        votes -= 1
    if votes > 0:
        return True, "the first record differs in type from the rows below it"
    if votes < 0:
        return False, "the first record looks like data"
    return looks_like_names, "no typed column to compare with; decided by the look of the first record"


# --------------------------------------------------------------------------------------------
# sniff
# --------------------------------------------------------------------------------------------


def _newline(text: str) -> tuple[str, list[str]]:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    if text.endswith("\r") and crlf:
        cr -= 1  # a CRLF file whose last line break lost its LF
    lf = text.count("\n") - crlf
    counts = {"\r\n": crlf, "\n": lf, "\r": cr}
    best = max(counts, key=lambda k: (counts[k], k == "\n"))
    notes: list[str] = []
    if counts[best] == 0:
        return "\n", notes
    others = [k for k, n in counts.items() if k != best and n > 0]
    if others:
        names = {"\r\n": "CRLF", "\n": "LF", "\r": "CR"}
        notes.append(
            "mixed line endings: mostly "
            + names[best]
            + ", also "
            + ", ".join(f"{counts[o]} {names[o]}" for o in others)
            + " outside quotes"
        )
    return best, notes


def _redacted_text(fields: list[str], raw: str) -> str:
    out = raw
    for v in fields:
        if v and secrets.sensitive_value(v) is not None:
            out = out.replace(v, "«redacted»")
    if secrets.sensitive_value(out) is not None:
        return "«redacted»"
    return out[:200]


_HEADERISH_CLASSES: Final = frozenset({"text", "empty"})
_TYPED: Final = frozenset({"int", "num", "date", "datetime", "time", "bool", "uuid"})


def _nonempty(fields: list[str]) -> int:
    return sum(1 for v in fields if v.strip() != "")


def _looks_like_names(fields: list[str], k: int, filled_columns: int | None = None) -> bool:
    """A header candidate: distinct text in most cells (most of the columns the body fills, when
    known: tables with spacer columns leave some header cells empty)."""
    cells = [v.strip() for v in fields[:k]]
    filled = [v for v in cells if v]
    need = (3 * k + 3) // 4 if filled_columns is None else max(2, (filled_columns + 1) // 2)
    if len(filled) < max(1, need):
        return False
    if len(set(filled)) != len(filled):
        return False
    return all(cell_class(v) in _HEADERISH_CLASSES for v in filled)


def _table_start(recs: list[_Record], k: int, lines: list[str], comment: str | None) -> int:
    """Index of the header (or first data record) after a preamble: short records (a title, a
    note), comment lines, and records of the table's width that are all but empty
    (``Report 2024,,,,``) when a header follows them."""
    limit = min(_MAX_PREAMBLE, len(recs) // 2 + 1, max(len(recs) - 2, 0))
    i = 0
    sparse = False
    while i < limit and i < len(recs):
        r = recs[i]
        f = r.fields
        n = len(f)
        raw = lines[r.first_line - 1] if r.first_line - 1 < len(lines) else ""
        is_comment = comment is not None and raw.startswith(comment)
        short = n <= max(1, k // 2) and n < k
        thin = k >= 2 and n <= k and _nonempty(f) <= max(1, k // 4) and not _looks_like_names(f, k)
        if not (is_comment or short or thin):
            break
        sparse = sparse or (thin and not short)
        i += 1
    if i == 0 or i >= len(recs):
        return 0
    nxt = recs[i].fields
    if len(nxt) < k - 1:
        return 0
    body = [r.fields for r in recs[i + 1: i + 51] if len(r.fields) == k]
    filled_columns = sum(1 for j in range(k) if body and sum(1 for f in body if f[j].strip()) * 2 >= len(body))
    if sparse and not _looks_like_names(nxt, k, filled_columns or None):
        return 0
    if sparse and k < 3:
        # a two-column table: the record below the title must be a header by the types below it
        below = [r.fields for r in recs[i + 1: i + 201] if len(r.fields) == k]
        if not below or not _detect_header(nxt, below, k)[1].startswith("the first record differs"):
            return 0
    return i


def _comment_prefix(recs: list[_Record], lines: list[str], k: int, delim: str) -> str | None:
    """'#' when lines starting with it are comments: a block of them above the table, or a few
    lines in the body that read as prose ('# ...', or another number of fields than the table).
    A column of values that start with '#' (#1, #tag) is data."""
    if delim == "#":
        return None
    nonblank = [r for r in recs if r.fields]
    if not nonblank:
        return None

    def hashed(r: _Record) -> bool:
        return lines[r.first_line - 1].startswith("#")

    top = 0
    while top < len(nonblank) and hashed(nonblank[top]):
        top += 1
    if 0 < top < len(nonblank):
        return "#"  # comment lines above the table
    body = [r for r in nonblank if hashed(r)]
    if not body or len(body) * 10 >= len(nonblank) * 3:
        return None  # none, or too many to be notes: a column of values

    def prose(r: _Record) -> bool:
        raw = lines[r.first_line - 1]
        return len(r.fields) != k or raw[1:2] in ("", " ", "\t", "#", "-", "=", "*", "!", "\r", "\n")

    return "#" if all(prose(r) for r in body) else None


def _header_rows(recs: list[_Record], h: int, k: int) -> int:
    """How many records from index ``h`` form the header: the first, and up to three more whose
    cells are text where the body's columns hold numbers, dates, booleans."""
    body = [r.fields for r in recs[h + 1: h + 1 + 300] if len(r.fields) == k]
    if len(body) < 3:
        return 1
    typed: dict[int, str] = {}
    below = body[3:] if len(body) >= 6 else body[-2:]
    for j in range(k):
        col = [row[j] for row in below if row[j].strip() != ""]
        if len(col) < 2:
            continue
        kinds = Counter(cell_class(v) for v in col)
        dom, n = kinds.most_common(1)[0]
        if dom in _TYPED and n >= 0.9 * len(col):
            typed[j] = dom
    if not typed:
        return 1
    rows = 1
    for r in recs[h + 1: h + 4]:
        f = r.fields
        if len(f) != k:
            break
        texty = [j for j in typed if f[j].strip() != "" and cell_class(f[j]) == "text"]
        fits = [j for j in typed if f[j].strip() != "" and (cell_class(f[j]) == typed[j]
                                                             or {cell_class(f[j]), typed[j]} <= {"int", "num"})]
        filled = [v for v in f if v.strip() != ""]
        if fits or not texty or any(cell_class(v) != "text" for v in filled):
            break
        rows += 1
    return rows


def _combine_names(rows: list[list[str]], k: int) -> list[str]:
    """Column names from a header of several rows; an empty cell of an upper row takes the cell
    on its left (a merged cell)."""
    filled: list[list[str]] = []
    for ri, row in enumerate(rows):
        cells = [row[j].strip() if j < len(row) else "" for j in range(k)]
        if ri < len(rows) - 1:
            last = ""
            for j in range(k):
                if cells[j]:
                    last = cells[j]
                elif (last and all(not f[j] for f in filled)
                      and any((rows[x][j] if j < len(rows[x]) else "").strip() for x in range(ri + 1, len(rows)))):
                    cells[j] = last  # a merged cell: the label on its left spans this column
        filled.append(cells)
    return [" ".join(c[j] for c in filled if c[j]) for j in range(k)]


def sniff(path: str, *, sample_bytes: int = 1 << 20, encoding: str | None = None,
          overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Detect the dialect of the CSV file at ``path`` from samples of it. See the module doc.

    ``encoding`` (a codec name) skips the encoding detection: the caller said what it is.
    ``overrides``: what the caller set (delimiter, quote, escape, header, header_rows, skip_rows,
    comment); the rest is detected around it.
    """
    ov = dict(overrides or {})
    try:
        size = os.path.getsize(path)
    except OSError as e:
        raise CsvError("could not open csv file", detail=e.strerror, sqlstate="58030") from None
    if size == 0:
        raise CsvError("csv file is empty", hint="Check the source: it has no bytes.")
    sample_bytes = max(4096, sample_bytes)
    extras: list[bytes] = []
    with open(path, "rb") as fh:
        head = fh.read(sample_bytes)
        whole = len(head) >= size
        if size > 2 * sample_bytes:
            for pos in (size // 2, max(size - _EXTRA_SLICE, 0)):
                fh.seek(pos)
                extras.append(fh.read(_EXTRA_SLICE))
    if encoding is not None:
        bom_len = next((len(b) for b, n in _BOMS if n == encoding and head.startswith(b)), 0)
        if encoding == "utf-8" and head.startswith(codecs.BOM_UTF8):
            encoding, bom_len = "utf-8-sig", 3
        uncertain: list[str] = []
        enc_info: dict[str, Any] = {"confidence": "high", "alternatives": [], "equivalent": [],
                                    "declared": "the caller"}
    else:
        encoding, bom_len, uncertain, enc_info = detect_encoding_full(head, extras, head_is_whole_file=whole)
    text = decode_sample(head, encoding, bom_len, final=whole)
    if not whole:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[: cut + 1]
    if "\x00" in text:
        from .csv_scan import nul_error

        at = text.index("\x00")
        raise nul_error(len(_physical_lines(text[:at] + "x")))
    if text.strip() == "":
        raise CsvError("csv file has no data", detail="It holds only whitespace or line breaks.")
    lines = _physical_lines(text)

    forced = {k: ov[k] for k in ("delimiter", "quote", "escape") if k in ov}
    if "quote" in forced and forced["quote"] is None:
        forced["escape"] = None
    best, fits = _choose(lines, text, forced or None)
    d = best.dialect
    # Line breaks inside quoted fields are data: count only those outside quotes.
    outside = text
    if d.quote is not None and d.escape in (None, d.quote) and d.quote in text:
        outside = "\x00".join(text.split(d.quote)[0::2])
    newline, nl_notes = _newline(outside)
    uncertain.extend(nl_notes)
    initial_space = False
    if d.runs:
        uncertain.append(
            "columns are aligned with runs of spaces: with a single-space delimiter the rows are ragged"
        )
        d = _Dialect(" ", d.quote, d.escape)
    if d.initial_space:
        initial_space = True
        uncertain.append(
            "quoted fields follow spaces after the delimiter: the spaces are read as layout, not data"
        )
        d = _Dialect(d.delimiter, d.quote, d.escape, initial_space=True)
    # Parse the structure sample with the chosen dialect.
    recs = _parse(lines, d, max_records=_STRUCTURE_RECORDS, max_chars=10**12)
    complete = whole and len(recs) < _STRUCTURE_RECORDS
    if not complete and len(recs) > 1:
        recs = recs[:-1]  # the last record may be cut by the end of the sample
    nonblank = [r for r in recs if r.fields]
    counts = [len(r.fields) for r in nonblank]
    skip_head = min(len(counts) // 4, 5) if len(counts) >= 8 else 0
    k = best.k if not best.dialect.runs else _modal_count(counts[skip_head:] or counts)
    comment = ov["comment"] if "comment" in ov else _comment_prefix(recs, lines, k, d.delimiter)
    if comment is not None:
        k = _modal_count([len(r.fields) for r in nonblank if not lines[r.first_line - 1].startswith(comment)][skip_head:]
                         or counts)
    content = [r for r in nonblank if comment is None or not lines[r.first_line - 1].startswith(comment)]
    if "skip_rows" in ov:
        start = sum(1 for r in content if r.first_line <= int(ov["skip_rows"]))
    else:
        start = _table_start(content, k, lines, None)
    table = content[start:]
    first = table[0].fields if table else []
    # rows right below the first that hold text where the body holds numbers or dates continue a
    # header: the first record is judged against the body below them
    cont = _header_rows(table, 0, k) - 1 if table and "header_rows" not in ov else 0
    data_rows = [r.fields for r in table[1 + cont:] if len(r.fields) == k][: min(200, max(50, 4000 // max(k, 1)))]
    if "header" in ov:
        header, header_reason = bool(ov["header"]), "set by the caller"
    else:
        header, header_reason = _detect_header(first, data_rows, k)
    if "header_rows" in ov:
        header_rows = max(0, int(ov["header_rows"]))
        header = header_rows > 0
    else:
        header_rows = 1 + cont if header else 0
    if header:
        names = _combine_names([r.fields for r in table[:header_rows]], k)
        columns = [names[j] if j < len(names) else "" for j in range(k)]
    else:
        columns = [f"column{j + 1}" for j in range(k)]
    if header and len(first) != k:
        uncertain.append(f"the header has {len(first)} fields but the rows have {k}")
    head_recs = table[:header_rows]
    data_recs = table[header_rows:]
    header_problem = _header_problem(lines, head_recs, d) if head_recs else None
    if header_problem is not None:
        uncertain.append(f"line {header_problem['line']} (the header): {header_problem['reason']}; "
                         f"its names were read as {', '.join(repr(c) for c in columns[:5])}")
    skip_rows = (table[0].first_line - 1) if table else int(ov.get("skip_rows") or 0)
    data_line = data_recs[0].first_line if data_recs else (head_recs[-1].last_line + 1 if head_recs else skip_rows + 1)
    header_lines = (head_recs[-1].last_line - head_recs[0].first_line + 1) if head_recs else 0
    preamble_lines = [ln for ln in range(1, skip_rows + 1)]
    duckdb_skip = sum(1 for r in recs if r.first_line < data_line)
    if start and "skip_rows" not in ov:
        uncertain.append(f"{skip_rows} line(s) before the table are skipped (lines {_ranges(preamble_lines)}): "
                         "a title or notes, not data")
    if ov:
        uncertain.append("set by the caller: " + ", ".join(sorted(ov)))
    if header_rows > 1:
        uncertain.append(
            f"the header spans {header_rows} rows (lines {head_recs[0].first_line}-{head_recs[-1].last_line}): "
            "their cells are joined into the column names"
        )
    comment_lines = [r.first_line for r in recs if r.fields and comment is not None
                     and lines[r.first_line - 1].startswith(comment)]
    if comment_lines:
        uncertain.append(f"lines starting with {comment!r} are comments and are skipped "
                         f"({len(comment_lines)} in the sample, e.g. line {comment_lines[0]})")
    blank_lines = [r.first_line for r in recs if not r.fields and r.first_line >= data_line]

    bad: list[dict[str, Any]] = []
    nbad = 0
    for r in data_recs:
        if len(r.fields) != k:
            nbad += 1
            if len(bad) < _MAX_BAD_LINES:
                raw = "".join(lines[r.first_line - 1 : r.last_line]).rstrip("\r\n")
                bad.append(
                    {
                        "line": r.first_line,
                        "fields": len(r.fields),
                        "expected": k,
                        "text": _redacted_text(r.fields, raw),
                    }
                )
    if nbad:
        uncertain.append(
            f"{nbad} of {len(data_recs)} sampled records do not have {k} fields (see bad_lines); "
            "no dialect fits every row"
        )
    if blank_lines and k > 1:
        uncertain.append(f"{len(blank_lines)} blank line(s) in the sample are skipped (e.g. line {blank_lines[0]})")
    elif blank_lines:
        uncertain.append(f"{len(blank_lines)} empty line(s) in the sample: with one column they are NULL values "
                         f"(e.g. line {blank_lines[0]})")
    if k <= 1:
        uncertain.append("no delimiter splits the rows consistently; read as a single column")
    if d.quote is not None and "quote" not in ov and d.quote in text and not _quotes_open_fields(text, d):
        # no field of the sample is quoted, yet quote characters occur: they are data (5'11", 37°36'37.8"N)
        d = _Dialect(d.delimiter, None, None, initial_space=d.initial_space)
    quotes_literal = d.quote is None and any(q in text for q in "\"'")
    if quotes_literal:
        uncertain.append("quote characters in this file are data, not quoting (no field is quoted)")

    # Does the end of a big file agree?
    if extras and k > 1:
        tail = decode_sample(extras[-1], encoding, 0, final=True)
        nl = max(tail.find("\n"), tail.find("\r"))
        tail_lines = _physical_lines(tail[nl + 1 :]) if nl >= 0 else []
        tail_recs = [r for r in _parse(tail_lines, d, max_records=500, max_chars=_EXTRA_SLICE) if r.fields][
            :-1
        ]
        if tail_recs:
            share = sum(1 for r in tail_recs if len(r.fields) == k) / len(tail_recs)
            if share < 0.9:
                uncertain.append(
                    f"near the end of the file only {share:.0%} of the sampled rows have {k} fields"
                )

    # Confidence: how clear the choice was.
    runner = next((f for f in fits if f.dialect.delimiter != best.dialect.delimiter and f.score > 0), None)
    margin = best.score - (runner.score if runner else 0.0)
    if nbad == 0 and k > 1 and margin > 0.15 and not best.dialect.runs:
        confidence = "high"
    elif (nbad <= max(1, len(table) // 100) and k > 1 and margin > 0.05) or (k == 1 and runner is None):
        confidence = "medium"
    else:
        confidence = "low"
    if enc_info.get("declared") is None and encoding not in ("utf-8",):
        if confidence == "high":
            confidence = "medium"
        uncertain.append(f"encoding {encoding} was inferred, not declared by a byte-order mark")

    return {
        "encoding": encoding,
        "encoding_confidence": enc_info.get("confidence", "high"),
        "encoding_alternatives": enc_info.get("alternatives", []),
        "encoding_equivalent": enc_info.get("equivalent", []),
        "encoding_declared": enc_info.get("declared"),
        "delimiter": d.delimiter,
        "quote": d.quote,
        "escape": d.escape,
        "initial_space": initial_space,
        "quotes_literal": quotes_literal,
        "header": header,
        "header_rows": header_rows,
        "header_lines": header_lines,
        "header_problem": header_problem,
        "skip_rows": skip_rows,
        "preamble_lines": preamble_lines[:_MAX_BAD_LINES],
        "data_line": data_line,
        "duckdb_skip": duckdb_skip,
        "comment": comment,
        "comment_lines": comment_lines[:_MAX_BAD_LINES],
        "blank_lines": blank_lines[:_MAX_BAD_LINES],
        "newline": newline,
        "mixed_newlines": bool(nl_notes),
        "columns": columns,
        "column_count": k,
        "confidence": confidence,
        "uncertain": uncertain,
        "bad_lines": bad,
        "sample_records": len(data_recs),
        "sample_is_whole_file": complete,
        "header_reason": header_reason,
        # the first data records as parsed here, for the profile's type guesses (never stored)
        "_sample": [r.fields for r in data_recs[:2000] if len(r.fields) == k],
    }


def _quotes_open_fields(text: str, d: _Dialect) -> bool:
    """Does a quote character start a field anywhere in the sample (after a line break or a
    delimiter, spaces allowed when the dialect allows them)?"""
    q = re.escape(d.quote or '"')
    sp = " *" if d.initial_space else ""
    return re.search("(?:^|[\r\n" + re.escape(d.delimiter) + "])" + sp + q, text) is not None


def _header_problem(lines: list[str], head: list[_Record], d: _Dialect) -> dict[str, Any] | None:
    """A quote problem in the header's lines (the scan's rules), or None."""
    if d.quote is None or d.escape not in (None, d.quote) or len(d.delimiter) != 1:
        return None
    from .csv_scan import _QuoteState, _quote_pattern

    raw = "".join(lines[head[0].first_line - 1: head[-1].last_line]).encode("utf-8", "surrogateescape")
    q = d.quote.encode("utf-8")
    if q not in raw:
        return None
    st = _QuoteState()
    return st.feed(_quote_pattern(d.delimiter.encode("utf-8"), q, None), raw, b"", head[0].first_line, b"\n",
                   d.delimiter.encode("utf-8"), q, final=True)


def _ranges(lines: list[int]) -> str:
    if not lines:
        return ""
    if len(lines) == 1:
        return str(lines[0])
    if lines == list(range(lines[0], lines[-1] + 1)):
        return f"{lines[0]}-{lines[-1]}"
    return ", ".join(str(x) for x in lines[:10]) + (" ..." if len(lines) > 10 else "")
