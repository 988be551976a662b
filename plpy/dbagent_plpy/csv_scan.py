"""Whole-file checks of a CSV file's bytes, streaming, in bounded memory, at memchr speed.

The profile (DuckDB) reads every record; this module reads every byte, independently, and
answers what DuckDB does not say or says differently from PostgreSQL:

* physical lines and line breaks of each style (a file mixing CRLF/LF/CR outside quotes);
* blank lines and comment lines outside quoted fields (DuckDB skips blank lines silently;
  a comment line would be read as data): their count and first line numbers;
* a quote character inside an unquoted field, or a quoted field followed by more characters
  (DuckDB keeps a mid-field quote as a literal, PostgreSQL's COPY toggles quoting there);
  a quoted field never closed;
* NUL bytes (PostgreSQL text cannot hold them); lines holding only ``\\.`` (PostgreSQL 15's
  end-of-data marker);
* for legacy encodings, the bytes above 0x7F (to confirm the encoding over the whole file).

Quote state is the parity of quote bytes since the start of the data: exact when the escape
is the quote itself (``""``) or when there is no quoting. Files escaping with another byte
(``\\"``) are scanned record by record with Python's csv module instead (slower, rare).

``locate`` maps data record numbers or byte offsets back to the file's line numbers (where a
record starts), for reports of bad records: it is the error path and reads the file up to
the last record asked for.

Memory: one chunk (8 MiB) and a carry of at most one record (``MAX_RECORD`` bytes) at a time.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from .csv_sniff import CsvError

__all__ = ["ScanResult", "scan", "locate", "MAX_RECORD", "CHUNK"]

CHUNK: Final = 8 << 20
MAX_RECORD: Final = 64 << 20
_MAX_LISTED: Final = 20
_MAX_POSITIONS: Final = 100_000  # beyond this many odd line breaks, the file counts as mixed
_HIGH_SAMPLE: Final = 256 << 10
_ASCII: Final = bytes(range(128))


@dataclass
class ScanResult:
    """What the byte scan found in the data region (after the preamble and header)."""

    bytes: int = 0
    lines: int = 0  # physical lines in the data region (a last line without a line break counts)
    crlf: int = 0
    lone_lf: int = 0
    lone_cr: int = 0
    mixed_outside_quotes: bool = False
    ends_with_newline: bool = True
    blank_count: int = 0
    blank_lines: list[int] = field(default_factory=list)
    comment_count: int = 0
    comment_lines: list[int] = field(default_factory=list)
    end_marker_lines: list[int] = field(default_factory=list)
    quote_bytes: int = 0
    quote_error: dict[str, Any] | None = None
    nul_line: int | None = None
    high_bytes: set[int] = field(default_factory=set)
    high_sample: bytes = b""
    careful: bool = False  # scanned record by record (escape other than the quote)
    final_lone_cr: bool = False  # a CRLF file whose last line ends with CR alone (COPY refuses it)

    def as_dict(self) -> dict[str, Any]:
        return {
            "bytes": self.bytes,
            "lines": self.lines,
            "crlf": self.crlf,
            "lone_lf": self.lone_lf,
            "lone_cr": self.lone_cr,
            "mixed_outside_quotes": self.mixed_outside_quotes,
            "blank_count": self.blank_count,
            "blank_lines": self.blank_lines,
            "comment_count": self.comment_count,
            "comment_lines": self.comment_lines,
            "end_marker_lines": self.end_marker_lines,
            "quote_error": self.quote_error,
            "nul_line": self.nul_line,
        }


def _terminator(newline: str) -> bytes:
    return b"\r" if newline == "\r" else b"\n"


def _quote_pattern(delim: bytes, quote: bytes, escape: bytes | None) -> re.Pattern[bytes]:
    """Pairs of quotes as RFC 4180 allows them: an opening quote only at the start of a field
    (after a delimiter, a line break or another quote: ``""`` inside a quoted field is a close
    and a reopen), a closing quote only before a delimiter, a line break or a quote.

    No possessive quantifiers: the server's Python 3.11.2 mishandles them (fixed in later
    3.11 releases). None is needed: the runs are of disjoint classes, and the pattern always
    succeeds (the outer repetition may stop anywhere), so nothing backtracks."""
    d = re.escape(delim)
    q = re.escape(quote)
    ends = d + rb"\r\n"
    if escape is None or escape == quote:
        return re.compile(rb"(?:[^" + q + rb"]*(?<![^" + ends + q + rb"])" + q + rb"[^" + q + rb"]*" + q
                          + rb"(?![^" + ends + q + rb"]))*")
    e = re.escape(escape)
    inside = rb"(?:[^" + q + e + rb"]|" + e + rb"[\s\S])*"
    return re.compile(rb"(?:[^" + q + rb"]*(?<![^" + ends + rb"])" + q + inside + q + rb"(?![^" + ends + rb"]))*")


def scan(
    path: str,
    dialect: dict[str, Any],
    *,
    start: int = 0,
    start_line: int = 1,
    comment: str | None = None,
    collect_high: bool = False,
    detail: bool = False,
    check: Callable[[], None] | None = None,
) -> ScanResult:
    """Scan the data region of ``path`` (from byte ``start``, which is line ``start_line``).

    ``dialect`` gives delimiter, quote, escape and newline. Raises CsvError for a NUL byte
    (22P05, naming the line). Quote problems are reported, not raised. The quick scan (the
    default, about 0.4 GB/s) counts lines and checks NULs, quotes and ``\\.`` lines; with
    ``detail`` it also finds blank lines, comment lines (``comment``) and line breaks of another
    style outside quotes (about half as fast): the profile asks for it only when DuckDB's count
    of records leaves lines unaccounted for.
    """
    quote_s = dialect.get("quote")
    escape_s = dialect.get("escape")
    if quote_s and escape_s not in (None, quote_s):
        return _scan_careful(path, dialect, start=start, start_line=start_line, comment=comment, check=check)
    res = ScanResult()
    delim = str(dialect.get("delimiter") or ",").encode("utf-8")
    newline = dialect.get("newline") or "\n"
    term = _terminator(newline)
    quote = quote_s.encode("utf-8") if quote_s else None
    if quote is not None and (len(quote) != 1 or len(delim) != 1):
        quote = None
    pattern = _quote_pattern(delim, quote, None) if quote is not None else None
    blank_marker = {"\n": b"\n\n", "\r\n": b"\n\r\n", "\r": b"\r\r"}[newline]
    comment_b = comment.encode("utf-8") if comment else None
    base_line = start_line  # line number of the first byte of the current chunk
    parity = 0  # quote bytes before the current chunk, mod 2
    qs = _QuoteState()
    prev = b""  # the last byte of the previous chunk
    total_cr = total_lf = total_crlf = 0
    odd_breaks = 0
    with open(path, "rb") as fh:
        fh.seek(start)
        while True:
            if check is not None:
                check()
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            first = res.bytes == 0
            res.bytes += len(chunk)
            if b"\x00" in chunk:
                res.nul_line = base_line + chunk.count(term, 0, chunk.index(b"\x00"))
                raise nul_error(res.nul_line)
            nterm = chunk.count(term)
            if detail:
                has_cr = b"\r" in chunk
                total_lf += nterm if term == b"\n" else chunk.count(b"\n")
                if has_cr:
                    total_cr += chunk.count(b"\r")
                    total_crlf += chunk.count(b"\r\n")
                if prev[-1:] == b"\r" and chunk[:1] == b"\n":
                    total_crlf += 1
                nq = chunk.count(quote) if quote is not None else 0
                res.quote_bytes += nq
            else:
                has_cr = False
                nq = 1 if quote is not None and quote in chunk else 0
            buf = prev + chunk  # one byte of context before the chunk
            shift = len(prev)
            buf_parity = (parity - (prev.count(quote) if quote is not None else 0)) % 2
            buf_line = base_line - prev.count(term)

            def outside(positions: list[int]) -> list[int]:
                """Those of ``positions`` (sorted indexes into buf) that lie outside quotes (the quick
                scan keeps no quote parity: all of them, a conservative answer)."""
                if not detail:
                    return positions
                if quote is None or (nq == 0 and quote not in prev):
                    return positions if parity == 0 else []
                out = []
                q_before = buf_parity
                last = 0
                for p in positions:
                    if p > last:
                        q_before += buf.count(quote, last, p)
                        last = p
                    if q_before % 2 == 0:
                        out.append(p)
                return out

            def line_at(p: int) -> int:
                return buf_line + buf.count(term, 0, p)

            def starts(marker: bytes, offset: int, at_start: tuple[bytes, ...] = ()) -> list[int]:
                """Line starts where MARKER (found OFFSET bytes before the line start) completes in
                this chunk, and the data's first line if it starts with one of AT_START."""
                out = [shift] if first and any(chunk.startswith(x) for x in at_start) else []
                i = buf.find(marker)
                while i >= 0 and len(out) < _MAX_POSITIONS:
                    if i + len(marker) > shift:
                        out.append(i + offset)
                    i = buf.find(marker, i + 1)
                return sorted(set(out))

            # blank lines: an empty physical line starts right after a terminator
            for p in [] if not detail else outside(starts(blank_marker, 1, (b"\r\n" if newline == "\r\n" else term,))):
                res.blank_count += 1
                if len(res.blank_lines) < _MAX_LISTED:
                    res.blank_lines.append(line_at(p))
            if comment_b is not None and detail:
                for p in outside(starts(term + comment_b, len(term), (comment_b,))):
                    res.comment_count += 1
                    if len(res.comment_lines) < _MAX_LISTED:
                        res.comment_lines.append(line_at(p))
            if b"\\" in buf and b"\\." in buf:
                ends = (b"\\." + term, b"\\.\r\n") if newline != "\r" else (b"\\.\r",)
                cands = sorted(set(p for mk in ends for p in starts(term + mk, len(term), (mk,))))
                for p in outside(cands):
                    if len(res.end_marker_lines) < _MAX_LISTED:
                        res.end_marker_lines.append(line_at(p))
            # line breaks of another style outside quotes make the file "mixed"
            if detail and not res.mixed_outside_quotes and (has_cr or newline != "\n"):
                odd = _odd_breaks(buf, shift, newline)
                if odd:
                    odd_breaks += len(odd)
                    if odd_breaks > _MAX_POSITIONS or outside(odd):
                        res.mixed_outside_quotes = True
            if pattern is not None and res.quote_error is None and (nq or qs.carry or qs.close_pending):
                res.quote_error = qs.feed(pattern, chunk, prev[-1:], base_line, term, delim, quote, chunk_lines=nterm)
            elif pattern is not None and not qs.carry and nterm:
                # outside quotes all through: the last record starting here starts after its last break
                qs.record_line = base_line + nterm
            parity = (parity + nq) % 2
            base_line += nterm
            prev = (prev + chunk)[-3:]
            if collect_high and not chunk.isascii():
                high = chunk.translate(None, _ASCII)
                res.high_bytes.update(set(high[: 1 << 20]))
                if len(res.high_sample) < _HIGH_SAMPLE:
                    res.high_sample += _lines_with_high_bytes(chunk, term, _HIGH_SAMPLE - len(res.high_sample))
    res.ends_with_newline = prev[-1:] == term if res.bytes else True
    res.final_lone_cr = newline == "\r\n" and prev[-1:] == b"\r"
    res.lines = base_line - start_line + (0 if res.ends_with_newline else 1)
    res.crlf = total_crlf
    res.lone_cr = total_cr - total_crlf
    res.lone_lf = total_lf - total_crlf
    if pattern is not None and res.quote_error is None:
        res.quote_error = qs.finish(pattern, term, delim, quote)
    return res


class _QuoteState:
    """The quote check across chunks: RFC 4180 pairs by regular expression (C speed), and a carry
    from a quoted field still open at the end of a chunk."""

    def __init__(self) -> None:
        self.carry = b""
        self.carry_line = 0
        self.close_pending = False  # the last chunk ended right after a closing quote
        self.record_line = 1  # where the last record that started before the current chunk starts

    def feed(self, pattern: re.Pattern[bytes], chunk: bytes, prev: bytes, base_line: int, term: bytes,
             delim: bytes, quote: bytes, *, final: bool = False, chunk_lines: int | None = None) -> dict[str, Any] | None:
        ends = (delim, b"\r", b"\n")
        if self.close_pending:
            self.close_pending = False
            if chunk[:1] not in ends + (quote,):
                return {"line": base_line,
                        "reason": "a quoted field is followed by more characters before the delimiter"}
        if self.carry:
            work, line0 = self.carry + chunk, self.carry_line
            prefix_lines = self.carry.count(term)
        elif prev and prev != quote:
            work, line0 = prev + chunk, base_line - (1 if prev == term else 0)
            prefix_lines = 1 if prev == term else 0
        else:
            work, line0 = chunk, base_line
            prefix_lines = 0
        work_lines = prefix_lines + chunk_lines if chunk_lines is not None else None
        self.carry = b""
        pos = 0
        n = len(work)
        while True:
            m = pattern.match(work, pos)
            end = m.end() if m else pos
            qi = work.find(quote, end)
            if qi < 0:
                self.close_pending = not final and end == n and end > 0 and work[n - 1:n] == quote
                last = _record_start(work, n, quote, term)
                if last is not None:
                    # count the few breaks after it, not the many before it
                    self.record_line = line0 + (work_lines if work_lines is not None else work.count(term)) \
                        - work.count(term, last)
                return None
            if qi > 0 and work[qi - 1:qi] not in ends + (quote,):
                return self._error(work, qi, qi, line0, term, quote, "a quote character inside an unquoted field")
            j = qi + 1
            while True:
                k = work.find(quote, j)
                if k < 0 or (k + 1 == n and not final):
                    if final:
                        return self._error(work, qi, qi, line0, term, quote, "a quoted field is never closed")
                    if n - qi > MAX_RECORD:
                        return self._error(work, qi, qi, line0, term, quote,
                                           f"a quoted field runs over {MAX_RECORD >> 20} MB (a quote never closed?)")
                    self.carry = work[qi:]
                    self.carry_line = line0 + (work_lines if work_lines is not None else work.count(term)) \
                        - work.count(term, qi)
                    return None
                if work[k + 1:k + 2] == quote:
                    j = k + 2
                    continue
                break
            if k + 1 == n or work[k + 1:k + 2] in ends:
                pos = k + 1
                continue
            return self._error(work, qi, k, line0, term, quote,
                               "a quoted field is followed by more characters before the delimiter")

    def _error(self, work: bytes, opened: int, at: int, line0: int, term: bytes, quote: bytes,
               reason: str) -> dict[str, Any]:
        """The problem at ``at``, reported at the line where its record starts (``opened``: a
        position outside quotes in that record)."""
        line = line0 + work.count(term, 0, at)
        start = _record_start(work, opened, quote, term)
        if start is None:
            start_line = self.record_line
        else:
            start_line = line0 + work.count(term, 0, start)
        out: dict[str, Any] = {"line": start_line, "reason": reason}
        if start_line != line:
            out["problem_line"] = line
        return out

    def finish(self, pattern: re.Pattern[bytes], term: bytes, delim: bytes, quote: bytes) -> dict[str, Any] | None:
        if not self.carry:
            return None
        return self.feed(pattern, b"", b"", self.carry_line, term, delim, quote, final=True)


def _odd_breaks(buf: bytes, shift: int, newline: str) -> list[int]:
    """Positions of line breaks not of the file's style (cheap when there are none)."""
    out: list[int] = []
    if newline == "\n":
        if b"\r" not in buf:
            return out
        for m in re.finditer(rb"\r\n?", buf):
            if m.start() >= shift:
                out.append(m.start())
            if len(out) > _MAX_POSITIONS:
                break
    elif newline == "\r\n":
        for m in re.finditer(rb"(?<!\r)\n|\r(?!\n)", buf):
            if m.start() >= shift and not (m.group() == b"\r" and m.end() == len(buf)):
                out.append(m.start())
            if len(out) > _MAX_POSITIONS:
                break
    else:
        if b"\n" not in buf:
            return out
        for m in re.finditer(rb"\r?\n", buf):
            if m.start() >= shift:
                out.append(m.start())
            if len(out) > _MAX_POSITIONS:
                break
    return out


def _record_start(work: bytes, p: int, quote: bytes, term: bytes) -> int | None:
    """Index in ``work`` where the record holding position ``p`` (outside quotes) starts, or None
    when it starts before ``work``. Walks back: quotes toggle between outside and inside."""
    i = p
    inside = False
    while True:
        q = work.rfind(quote, 0, i)
        if not inside:
            j = work.rfind(term, q + 1 if q >= 0 else 0, i)
            if j >= 0:
                return j + 1
        if q < 0:
            return 0 if p == 0 else None
        inside = not inside
        i = q


def nul_error(line: int) -> CsvError:
    return CsvError(
        f"csv file contains a NUL byte at line {line}",
        detail=f"line {line}: a NUL byte (0x00); PostgreSQL text cannot hold it.",
        hint="Remove the NUL bytes from the file; if it is UTF-16 (full of NUL bytes), pass its encoding "
             '(e.g. {"encoding": "utf-16-le"}).',
        sqlstate="22P05",
    )


def _lines_with_high_bytes(chunk: bytes, term: bytes, room: int) -> bytes:
    out = bytearray()
    pos = 0
    limit = len(chunk)
    while len(out) < room and pos < limit:
        m = re.search(rb"[\x80-\xff]", chunk[pos:pos + (1 << 20)])
        if m is None:
            pos += 1 << 20
            continue
        at = pos + m.start()
        ls = chunk.rfind(term, 0, at) + 1
        le = chunk.find(term, at)
        le = limit if le < 0 else le + 1
        out += chunk[ls:le]
        pos = le
    return bytes(out[:room])


# --------------------------------------------------------------------------------------------
# The careful scan (an escape other than the quote): Python's csv module, record by record
# --------------------------------------------------------------------------------------------


class _PhysicalLines:
    """Decoded physical lines (terminator kept) of a byte stream, counting them."""

    def __init__(self, fh: Any, encoding: str, check: Callable[[], None] | None) -> None:
        self.reader = io.TextIOWrapper(fh, encoding=encoding, errors="surrogateescape", newline="")
        self.line = 0
        self.check = check

    def __iter__(self) -> _PhysicalLines:
        return self

    def __next__(self) -> str:
        s = self.reader.readline()
        if not s:
            raise StopIteration
        self.line += 1
        if self.check is not None and self.line % 100_000 == 0:
            self.check()
        return s


def _csv_kwargs(dialect: dict[str, Any]) -> dict[str, Any]:
    q = dialect.get("quote")
    e = dialect.get("escape")
    kw: dict[str, Any] = {"delimiter": dialect.get("delimiter") or ",", "strict": True}
    if q is None:
        kw.update(quoting=csv.QUOTE_NONE, quotechar=None, escapechar=None)
    else:
        kw.update(quotechar=q, doublequote=e in (None, q), escapechar=None if e in (None, q) else e)
    return kw


class _FieldLimit:
    def __enter__(self) -> None:
        self.old = csv.field_size_limit()
        csv.field_size_limit(sys.maxsize if sys.maxsize < 2**63 else 2**62)

    def __exit__(self, *exc: object) -> None:
        csv.field_size_limit(self.old)


def _scan_careful(
    path: str,
    dialect: dict[str, Any],
    *,
    start: int,
    start_line: int,
    comment: str | None,
    check: Callable[[], None] | None,
) -> ScanResult:
    res = ScanResult(careful=True)
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(CHUNK)
        if b"\x00" in data:
            raise nul_error(start_line + data.count(b"\n", 0, data.index(b"\x00")))
        fh.seek(start)
        feed = _PhysicalLines(fh, "latin-1", check)
        reader = csv.reader(feed, **_csv_kwargs(dialect))
        prev_line = 0
        with _FieldLimit():
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error:
                    if res.quote_error is None:
                        res.quote_error = {"line": start_line + prev_line,
                                           "reason": "the record does not parse with the dialect's quote and escape"}
                    break
                first = start_line + prev_line
                prev_line = feed.line
                if not row:
                    res.blank_count += 1
                    if len(res.blank_lines) < _MAX_LISTED:
                        res.blank_lines.append(first)
                elif comment and row[0].startswith(comment):
                    res.comment_count += 1
                    if len(res.comment_lines) < _MAX_LISTED:
                        res.comment_lines.append(first)
                if "\x00" in "".join(row):
                    raise nul_error(first)
        res.lines = feed.line
    res.bytes = max(0, _size(path) - start)
    return res


def _size(path: str) -> int:
    import os

    return os.path.getsize(path)


# --------------------------------------------------------------------------------------------
# locate: record numbers <-> line numbers
# --------------------------------------------------------------------------------------------


def locate(
    path: str,
    dialect: dict[str, Any],
    *,
    start: int,
    start_line: int,
    records: list[int] | None = None,
    offsets: list[int] | None = None,
    skip_lines: set[int] | None = None,
    comment: str | None = None,
    check: Callable[[], None] | None = None,
) -> dict[str, dict[int, Any]]:
    """Where data records start in the file.

    ``records``: 1-based data record numbers (blank lines, comment lines and records starting
    on a line of ``skip_lines`` are not counted) -> the line where each starts. ``offsets``: byte
    offsets of record starts (as DuckDB reports them) -> (record number, line). Reads the file
    from ``start`` up to the last record asked for, record by record with Python's csv module
    over physical lines (the error path: a few hundred MB/s is not needed here).
    """
    want_r = sorted(set(records or []))
    want_o = sorted(set(offsets or []))
    out: dict[str, dict[int, Any]] = {"records": {}, "offsets": {}}
    if not want_r and not want_o:
        return out
    last_r = want_r[-1] if want_r else 0
    last_o = want_o[-1] if want_o else -1
    skip = skip_lines or set()
    enc = "latin-1"  # byte-transparent for the ASCII structure; values are not looked at
    with open(path, "rb") as fh:
        fh.seek(start)
        feed = _ByteTrackingLines(fh, enc, check)
        kw = _csv_kwargs(dialect)
        kw["strict"] = False
        reader = csv.reader(feed, **kw)
        record = 0
        ri = oi = 0
        with _FieldLimit():
            while ri < len(want_r) or oi < len(want_o):
                line_before = feed.line
                offset_before = start + feed.offset
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error:
                    reader = csv.reader(feed, **kw)
                    row = ["?"]
                first = start_line + line_before
                while oi < len(want_o) and want_o[oi] < offset_before:
                    oi += 1
                counted = bool(row) and not (comment and row[0].startswith(comment)) and first not in skip
                if counted:
                    record += 1
                if oi < len(want_o) and want_o[oi] == offset_before:
                    out["offsets"][want_o[oi]] = (record if counted else None, first)
                    oi += 1
                while ri < len(want_r) and want_r[ri] == record and counted:
                    out["records"][record] = first
                    ri += 1
                if record > last_r and offset_before > last_o:
                    break
    return out


class _ByteTrackingLines:
    """Physical lines decoded as Latin-1 (byte-transparent), with their byte offsets."""

    def __init__(self, fh: Any, encoding: str, check: Callable[[], None] | None) -> None:
        self.fh = fh
        self.line = 0
        self.offset = 0
        self.check = check
        self.buf = b""
        self.eof = False

    def __iter__(self) -> _ByteTrackingLines:
        return self

    def __next__(self) -> str:
        while True:
            m = re.search(rb"\r\n|\r|\n", self.buf)
            if m is not None and (m.end() < len(self.buf) or self.eof or m.group() != b"\r"):
                line = self.buf[:m.end()]
                self.buf = self.buf[m.end():]
                break
            if self.eof:
                if not self.buf:
                    raise StopIteration
                line, self.buf = self.buf, b""
                break
            more = self.fh.read(1 << 20)
            if not more:
                self.eof = True
            self.buf += more
            if len(self.buf) > MAX_RECORD + (1 << 20):
                raise CsvError("a line is too long to read", sqlstate="54000")
        self.line += 1
        self.offset += len(line)
        if self.check is not None and self.line % 100_000 == 0:
            self.check()
        return line.decode("latin-1")


# --------------------------------------------------------------------------------------------
# record numbers of byte offsets, at C speed
# --------------------------------------------------------------------------------------------


def line_offset(path: str, line: int, *, newline: str = "\n", check: Callable[[], None] | None = None) -> int | None:
    """Byte offset where physical line ``line`` (1-based) starts, or None past the end."""
    term = _terminator(newline)
    if line <= 1:
        return 0
    need = line - 1  # terminators before it
    pos = 0
    with open(path, "rb") as fh:
        while True:
            if check is not None:
                check()
            chunk = fh.read(CHUNK)
            if not chunk:
                return None
            n = chunk.count(term)
            if n < need:
                need -= n
                pos += len(chunk)
                continue
            i = -1
            for _ in range(need):
                i = chunk.find(term, i + 1)
            return pos + i + 1


def _line_chunks(fh: Any, term: bytes, check: Callable[[], None] | None) -> Any:
    """Chunks of the file that end with a line break (the last may not): every chunk starts a line."""
    carry = b""
    while True:
        if check is not None:
            check()
        block = fh.read(CHUNK)
        if not block:
            if carry:
                yield carry
            return
        data = carry + block
        cut = data.rfind(term) + 1
        if cut == 0:
            carry = data
            if len(carry) > MAX_RECORD + CHUNK:
                raise CsvError("a line is too long to read", sqlstate="54000")
            continue
        carry = data[cut:]
        yield data[:cut]


def record_numbers(
    path: str,
    dialect: dict[str, Any],
    *,
    start: int,
    offsets: list[int],
    comment: str | None = None,
    check: Callable[[], None] | None = None,
) -> dict[int, int]:
    """The data record number (1-based) of the record starting at each of ``offsets``.

    Records are counted from ``start`` (the first data byte): line breaks outside quotes, less
    blank lines and comment lines. Quote state by parity (doubled quotes), so only for dialects
    whose escape is the quote; reads up to the last offset asked for, chunk by chunk, with
    bytes.split/join/count (a few hundred MB/s).
    """
    want = sorted(o for o in set(offsets) if o >= start)
    out: dict[int, int] = {}
    if not want:
        return out
    quote_s = dialect.get("quote")
    quote = quote_s.encode("utf-8") if quote_s else None
    newline = dialect.get("newline") or "\n"
    term = _terminator(newline)
    blank = b"\r" if newline == "\r\n" else b""
    comment_b = comment.encode("utf-8") if comment else None
    records = 0
    inside = False
    pos = start
    wi = 0
    with open(path, "rb") as fh:
        fh.seek(start)
        for chunk in _line_chunks(fh, term, check):
            end = pos + len(chunk)
            while wi < len(want) and want[wi] < end:
                upto = want[wi] - pos
                out[want[wi]] = records + _records_in(chunk[:upto], quote, term, blank, comment_b, inside, not inside) + 1
                wi += 1
            if wi >= len(want):
                break
            records += _records_in(chunk, quote, term, blank, comment_b, inside, not inside)
            if quote is not None:
                inside ^= chunk.count(quote) % 2 == 1
            pos = end
    return out


def _records_in(data: bytes, quote: bytes | None, term: bytes, blank: bytes, comment: bytes | None,
                inside: bool, at_line_start: bool) -> int:
    """Records that end (with a line break outside quotes) in ``data``, not counting blank lines
    and comment lines. ``data`` starts at a line start (outside quotes unless ``inside``)."""
    if quote is not None and quote in data:
        parts = data.split(quote)
        outs = parts[1::2] if inside else parts[0::2]
        text = b"\x01".join(outs)  # a placeholder for each quoted stretch: not a line break
    else:
        if inside:
            return 0
        text = data
    pieces = text.split(term)
    ends = len(pieces) - 1  # line breaks outside quotes
    if ends <= 0:
        return 0
    done = pieces[:-1]
    empty = done.count(b"") + (done.count(blank) if blank else 0)
    if not at_line_start and done and done[0] in (b"", blank):
        empty -= 1  # the end of a line that began inside a quoted field
    n = ends - empty
    if comment is not None:
        n -= sum(1 for i, p in enumerate(done) if p.startswith(comment) and (i > 0 or at_line_start))
    return n


def record_lines(
    path: str,
    dialect: dict[str, Any],
    *,
    start: int,
    start_line: int,
    records: list[int],
    comment: str | None = None,
    check: Callable[[], None] | None = None,
) -> dict[int, int]:
    """The line where each data record of ``records`` (1-based, counted from ``start``, which is
    line ``start_line``) starts. The inverse of record_numbers; same counting rules."""
    want = sorted(set(r for r in records if r >= 1))
    out: dict[int, int] = {}
    if not want:
        return out
    quote_s = dialect.get("quote")
    quote = quote_s.encode("utf-8") if quote_s else None
    newline = dialect.get("newline") or "\n"
    term = _terminator(newline)
    blank = b"\r" if newline == "\r\n" else b""
    comment_b = comment.encode("utf-8") if comment else None
    done = 0  # records that ended before the current chunk
    inside = False
    base_line = start_line
    wi = 0
    with open(path, "rb") as fh:
        fh.seek(start)
        for chunk in _line_chunks(fh, term, check):
            n = _records_in(chunk, quote, term, blank, comment_b, inside, not inside)
            while wi < len(want) and want[wi] <= done + n + 1:
                r = want[wi]
                pos = _after_records(chunk, r - 1 - done, quote, term, blank, comment_b, inside)
                if pos is None:
                    break
                if pos == 0 and inside:
                    break
                pos = _skip_empty(chunk, pos, term, blank, comment_b)
                if pos >= len(chunk):
                    break  # it starts in the next chunk
                out[r] = base_line + chunk.count(term, 0, pos)
                wi += 1
            if wi >= len(want):
                break
            done += n
            if quote is not None:
                inside ^= chunk.count(quote) % 2 == 1
            base_line += chunk.count(term)
    return out


def _after_records(data: bytes, count: int, quote: bytes | None, term: bytes, blank: bytes,
                   comment: bytes | None, inside: bool) -> int | None:
    """Index just after the line break that ends the ``count``-th record of ``data`` (0: its start)."""
    if count <= 0:
        return 0
    if _records_in(data, quote, term, blank, comment, inside, not inside) < count:
        return None
    lo, hi = 0, len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        if _records_in(data[:mid], quote, term, blank, comment, inside, not inside) >= count:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _skip_empty(data: bytes, pos: int, term: bytes, blank: bytes, comment: bytes | None) -> int:
    """Skip blank lines and comment lines starting at ``pos`` (a line start outside quotes)."""
    while pos < len(data):
        if data.startswith(term, pos) or (blank and data.startswith(blank + term, pos)):
            pos = data.index(term, pos) + len(term)
            continue
        if comment is not None and data.startswith(comment, pos):
            nxt = data.find(term, pos)
            pos = len(data) if nxt < 0 else nxt + len(term)
            continue
        break
    return pos


def _rows_in(data: bytes, quote: bytes | None, term: bytes, inside: bool) -> int:
    """Rows (records and blank lines, as DuckDB numbers its lines) that end in ``data``."""
    if quote is not None and quote in data:
        parts = data.split(quote)
        outs = parts[1::2] if inside else parts[0::2]
        return sum(p.count(term) for p in outs)
    return 0 if inside else data.count(term)


def row_lines(
    path: str,
    dialect: dict[str, Any],
    *,
    start: int,
    start_line: int,
    rows: list[int],
    check: Callable[[], None] | None = None,
) -> dict[int, tuple[int, int]]:
    """DuckDB numbers the lines of its rejects by rows (records and blank lines, a record of
    several lines counting once). For each of ``rows`` (1-based, counted from ``start``, which is
    line ``start_line``): (the physical line where it starts, its data record number)."""
    want = sorted(set(r for r in rows if r >= 1))
    out: dict[int, tuple[int, int]] = {}
    if not want:
        return out
    quote_s = dialect.get("quote")
    quote = quote_s.encode("utf-8") if quote_s else None
    newline = dialect.get("newline") or "\n"
    term = _terminator(newline)
    blank = b"\r" if newline == "\r\n" else b""
    done_rows = done_records = 0
    inside = False
    base_line = start_line
    wi = 0
    with open(path, "rb") as fh:
        fh.seek(start)
        for chunk in _line_chunks(fh, term, check):
            n = _rows_in(chunk, quote, term, inside)
            while wi < len(want) and want[wi] <= done_rows + n + 1:
                r = want[wi]
                need = r - 1 - done_rows
                if need <= 0:
                    pos = 0
                else:
                    lo, hi = 0, len(chunk)
                    while lo < hi:
                        mid = (lo + hi) // 2
                        if _rows_in(chunk[:mid], quote, term, inside) >= need:
                            hi = mid
                        else:
                            lo = mid + 1
                    pos = lo
                if pos >= len(chunk) or (pos == 0 and inside):
                    break  # it starts in the next chunk
                rec = done_records + _records_in(chunk[:pos], quote, term, blank, None, inside, not inside) + 1
                out[r] = (base_line + chunk.count(term, 0, pos), rec)
                wi += 1
            if wi >= len(want):
                break
            done_rows += n
            done_records += _records_in(chunk, quote, term, blank, None, inside, not inside)
            if quote is not None:
                inside ^= chunk.count(quote) % 2 == 1
            base_line += chunk.count(term)
    return out
