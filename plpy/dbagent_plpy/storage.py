"""A base's storage: its quota, checked where a call would grow it, and the sweep of its files.

What a base stores (``agent._base_storage``): its tables with their indexes and TOAST, its
sequences and materialized views, in every schema of the base (``agent._base_schemas``: its own,
and the side schemas other parts of dbagent give it), plus the sources it uploaded or fetched
(files in dbagent's storage directory; an import-directory file is the admin's and not counted).
The quota is ``agent.base.max_storage_bytes`` (``admin_set_limits``, 10 GiB by default).

Checked:

* before an upload writes a chunk (:func:`before_chunk`), and when upload_begin announces a size;
* while a URL is fetched: the download stops at the room left (:func:`room`);
* after execute_sql's statements and after an import, before the call commits
  (:func:`after_write`), only when the call wrote: WAL records written by this backend during the
  call (``pgWalUsage``, read through ctypes), or a statement that writes. A call over quota
  fails (SQLSTATE 53400) and rolls back, unless it only frees space (DROP, TRUNCATE, DELETE); and
  a base over its quota refuses the next writes before they run (:func:`mark`).

What a measure costs, and how often it is taken: the sizes are stat() of the base's files (no
lock, exact); the list of files comes from the catalog (~0.3 ms) and is kept for the session two
seconds (or until the call's own DDL). A write call whose session measured the base less than two
seconds ago, and found it under half its quota even counting all the WAL the session wrote since,
is not measured again: one session's own writes are always seen; another session's writes of the
last two seconds may be seen two seconds late.

The sweep (:func:`sweep_base`, at most every few minutes per base and session, from the checks
above; and for every base by the housekeeping's install round): files of the base's folder with no
committed ``agent.source`` row (a call that wrote one rolled back), uploads left unfinished past
a day, and sources older than the retention (setting ``source_retention_days``, 7 by default) are
deleted; their rows say ``expired``. Work folders of calls that died (``tmp/``) go after a day.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import time
import uuid
from typing import Any

import plpy

from dbagent_plpy.errors import ToolError

READ_TAGS = frozenset({"SELECT", "EXPLAIN", "SET", "SET CONSTRAINTS"})
SWEEP_EVERY_S = 300.0
ORPHAN_AGE_S = 3600.0         # a file without its row is left this long (its call may still run)
UNFINISHED_UPLOAD_S = 86_400  # an upload that never finished
TMP_AGE_S = 86_400
DEFAULT_RETENTION_DAYS = 7


def _hint() -> str:
    return ("Free space in the base (drop or truncate tables you no longer need; stored sources expire after the "
            "retention period), or ask the admin to raise its max_storage_bytes (agent.admin_set_limits).")


def usage(base_id: str) -> dict[str, int]:
    """{"tables", "sources", "total", "quota"} in bytes (a failure is the call's error, audited as such)."""
    try:
        plan = plpy.prepare("select agent._base_storage($1)::text as u", ["uuid"])
        return json.loads(plpy.execute(plan, [base_id])[0]["u"])
    except plpy.SPIError as e:
        raise ToolError(getattr(e, "sqlstate", None) or "XX000",
                        f"could not measure the base's storage: {e}") from None


def check_room(base_id: str, extra: int, what: str) -> None:
    """Raise 53400 when EXTRA more bytes would take the base over its quota."""
    u = usage(base_id)
    if u["total"] + extra > u["quota"]:
        raise ToolError(
            "53400", f"{what} would take the base over its storage quota",
            detail=f"The base stores {u['total']} bytes (tables {u['tables']}, sources {u['sources']}); this adds "
                   f"{extra}; its quota is {u['quota']} bytes.",
            hint=_hint())


def room(base_id: str) -> int:
    """How many more bytes the base may store (for a download's size limit). The base's folder is
    swept first: a download whose call failed afterwards left its file behind (next to the
    seconds a download takes, the sweep's listing costs nothing)."""
    sweep_base(base_id)
    u = usage(base_id)
    return max(u["quota"] - u["total"], 0)


def before_chunk(GD: dict[str, Any], src: dict[str, Any], offset: int, size: int) -> None:
    """Before an upload writes SIZE bytes at OFFSET: the growth must fit in the quota."""
    try:
        have = os.path.getsize(src["path"])
    except OSError:
        have = 0
    grown = max(have, offset + size)
    if grown > have:
        sweep_if_due(GD, str(src["base_id"]))
        check_room(str(src["base_id"]), grown - int(src["bytes"] or 0), "this upload")
        plpy.execute(plpy.prepare("update agent.source set bytes = $2 where source_id = $1", ["uuid", "int8"]),
                     [src["source_id"], grown])


def _frees(tags: list[str]) -> bool:
    return bool(tags) and all(t.startswith("DROP ") or t in ("TRUNCATE TABLE", "DELETE") for t in tags)


def _wal_usage(GD: dict[str, Any]) -> Any:
    ref = GD.get("dbagent_wal_usage")
    if ref is None:
        try:  # struct WalUsage {int64 wal_records; int64 wal_fpi; uint64 wal_bytes;}
            ref = (ctypes.c_int64 * 3).in_dll(ctypes.CDLL(None), "pgWalUsage")
        except (OSError, ValueError):
            ref = False
        GD["dbagent_wal_usage"] = ref
    return ref


def wal_records(GD: dict[str, Any]) -> int | None:
    """The WAL records this backend has written so far (None where it cannot be read)."""
    ref = _wal_usage(GD)
    return None if ref is False else int(ref[0])


def wal_bytes(GD: dict[str, Any]) -> int | None:
    ref = _wal_usage(GD)
    return None if ref is False else int(ref[2])


FILES_FRESH_S = 2.0  # the list of a base's files is read again after this (other sessions' DDL)


def stat_paths(paths: list[str]) -> tuple[int, int]:
    """Bytes of the relation files PATHS (relative to the data directory, the backend's cwd): every
    fork and segment; and how many of them have no main file any more (rewritten or dropped)."""
    total = missing = 0
    for path in paths:
        for fork in ("", "_fsm", "_vm", "_init"):
            seg = 0
            while True:
                try:
                    total += os.stat(path + fork + (f".{seg}" if seg else "")).st_size
                except FileNotFoundError:
                    if not fork and not seg:
                        missing += 1
                    break
                seg += 1
    return total, missing


def _measure(GD: dict[str, Any], base_id: str, ddl: bool, quota: int | None = None) -> dict[str, int]:
    """The base's usage for the quota checks around execute_sql and imports.

    The sizes are exact (stat of every file); the list of files and the sources' bytes are kept for
    the session for FILES_FRESH_S seconds, or until this call's own DDL: reading the catalog is
    what costs (~0.3 ms). So another session's table made in the last two seconds is counted two
    seconds late."""
    cache = GD.setdefault("dbagent_base_files", {})
    hit = cache.get(base_id)
    now = time.monotonic()
    if hit is None or ddl or now - hit[0] > FILES_FRESH_S:
        plan = GD.get("dbagent_base_files_plan")
        if plan is None:
            plan = GD["dbagent_base_files_plan"] = plpy.prepare("select agent._base_files($1)::text as f",
                                                                ["uuid"])
        try:
            files = json.loads(plpy.execute(plan, [base_id])[0]["f"])
        except plpy.SPIError as e:
            raise ToolError(getattr(e, "sqlstate", None) or "XX000",
                            f"could not measure the base's storage: {e}") from None
        hit = cache[base_id] = (now, files)
    files = hit[1]
    tables, missing = stat_paths(files["paths"])
    if missing and not ddl:  # a relation rewritten (TRUNCATE, ALTER TYPE) or dropped since: read it again
        return _measure(GD, base_id, True, quota)
    u = {"tables": tables, "sources": int(files["sources"]), "total": tables + int(files["sources"]),
         "quota": int(quota if quota is not None else files["quota"])}  # the call's own read of the quota
    GD.setdefault("dbagent_quota_seen", {})[base_id] = u["total"] / max(u["quota"], 1)
    GD.setdefault("dbagent_quota_measured", {})[base_id] = (now, u["total"], u["quota"], wal_bytes(GD))
    return u


def _far_below(GD: dict[str, Any], base_id: str, quota: int | None) -> bool:
    """Whether this session measured the base less than FILES_FRESH_S ago and it stays under half
    its quota even with every byte of WAL this session wrote since (WAL carries every row written,
    and more): then a write call needs no measure. Rows of unlogged tables write no WAL: they are
    measured at the next call after FILES_FRESH_S."""
    m = (GD.get("dbagent_quota_measured") or {}).get(base_id)
    now_wal = wal_bytes(GD)
    if (m is None or now_wal is None or m[3] is None or quota is None
            or time.monotonic() - m[0] > FILES_FRESH_S):
        return False
    return m[1] + (now_wal - m[3]) <= int(quota) / 2  # the quota as the call read it (an admin may change it)


def _ddl(tags: list[str]) -> bool:
    return any(t.startswith(("CREATE", "ALTER", "DROP", "TRUNCATE")) for t in tags)


def mark(GD: dict[str, Any], base: dict[str, Any] | None = None, statements: Any = None) -> int | None:
    """Before a call's statements run: where the backend's WAL stands.

    A call that would write is refused before it writes when the base is over its quota already
    (a refused write's pages stay allocated until VACUUM: refusing only afterwards would let a
    table grow call after call)."""
    seen = GD.get("dbagent_quota_seen") or {}
    if base is not None and seen.get(str(base["base_id"]), 1.0) > 0.5:  # unknown, or more than half full
        tags = [getattr(s, "tag", "") for s in (statements or ())]
        if any(t not in READ_TAGS for t in tags) and not _frees(tags):
            u = _measure(GD, str(base["base_id"]), False, base.get("max_storage_bytes"))
            if u["total"] > u["quota"]:
                raise _over(u, "the base is over its storage quota; nothing was changed")
    return wal_records(GD)


def _over(u: dict[str, int], message: str) -> ToolError:
    return ToolError(
        "53400", message,
        detail=f"The base would store {u['total']} bytes (tables {u['tables']}, sources {u['sources']}); its quota "
               f"is {u['quota']} bytes.",
        hint=_hint())


def after_write(GD: dict[str, Any], base: dict[str, Any], result: dict[str, Any] | None, before: int | None,
                tags: list[str] | None = None) -> None:
    """After a call's statements (before it commits): fail the call if it wrote past the quota."""
    if result is not None and result.get("dry_run"):
        return
    tags = tags if tags is not None else [s.get("tag", "") for s in (result or {}).get("statements", ())]
    now = wal_records(GD)
    wrote = (now is None or before is None or now > before) or any(t not in READ_TAGS for t in tags)
    if not wrote or (not _ddl(tags) and _far_below(GD, str(base["base_id"]), base.get("max_storage_bytes"))):
        return
    u = _measure(GD, str(base["base_id"]), _ddl(tags), base.get("max_storage_bytes"))
    if u["total"] <= u["quota"] or _frees(tags):
        return  # within the quota, or freeing space (always allowed)
    raise _over(u, "the call would take the base over its storage quota; nothing was changed")


# ------------------------------------------------------------------------------------ sweep
def sweep_if_due(GD: dict[str, Any], base_id: str) -> None:
    due = GD.setdefault("dbagent_sweeps", {})
    if time.monotonic() >= due.get(base_id, 0.0):
        due[base_id] = time.monotonic() + SWEEP_EVERY_S
        sweep_base(base_id)


def _settings() -> tuple[str | None, float]:
    rows = {r["key"]: r["v"] for r in plpy.execute(
        "select s.key, s.value #>> '{}' as v from agent.setting s "
        "where s.key in ('storage_dir', 'source_retention_days')")}
    days = float(rows.get("source_retention_days") or DEFAULT_RETENTION_DAYS)
    return rows.get("storage_dir"), days


def sweep_base(base_id: str, *, storage: str | None = None, retention_days: float | None = None,
               orphan_age_s: float = ORPHAN_AGE_S) -> dict[str, int]:
    """Delete the base's orphaned, unfinished and expired source files; mark their rows expired.

    A file with no committed agent.source row is deleted once it is ORPHAN_AGE_S old: younger, its
    call may still be running (an analyse_csv of a large URL writes the file long before it commits)."""
    if storage is None or retention_days is None:
        storage, retention_days = _settings()
    out = {"orphans": 0, "expired": 0}
    if not storage:
        return out
    folder = os.path.join(storage, str(uuid.UUID(str(base_id))))
    rows = plpy.execute(plpy.prepare(
        "select s.source_id::text as id, s.path, s.status, s.kind, "
        "extract(epoch from pg_catalog.now() - s.created_at)::float8 as age "
        "from agent.source s where s.base_id = $1 and s.kind <> 'import'", ["uuid"]), [base_id])
    known = {r["path"] for r in rows}
    expire = [r for r in rows if r["status"] != "expired" and (
        r["age"] > retention_days * 86_400 or (r["status"] == "receiving" and r["age"] > UNFINISHED_UPLOAD_S))]
    for r in expire:
        try:
            os.unlink(r["path"])
        except FileNotFoundError:
            pass
        out["expired"] += 1
    if expire:
        plpy.execute(plpy.prepare(
            "update agent.source set status = 'expired', bytes = 0 where source_id = any($1::uuid[])", ["text[]"]),
            [[r["id"] for r in expire]])
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return out
    now = time.time()
    for n in names:
        path = os.path.join(folder, n)
        if path in known:
            continue
        try:
            if now - os.stat(path).st_mtime >= orphan_age_s:
                os.unlink(path)
                out["orphans"] += 1
        except FileNotFoundError:
            pass
    return out


def expire_all() -> dict[str, int]:
    """Every base's sources past the retention (or unfinished past a day): files deleted, rows expired;
    and old work folders in tmp/. Cheap enough for the housekeeping's periodic round."""
    storage, days = _settings()
    out = {"expired": 0, "tmp": 0}
    if not storage:
        return out
    rows = plpy.execute(plpy.prepare(
        "select s.source_id::text as id, s.path from agent.source s "
        "where s.kind <> 'import' and s.status <> 'expired' "
        "and (s.created_at < pg_catalog.now() - $1 * interval '1 day' "
        "     or (s.status = 'receiving' and s.created_at < pg_catalog.now() - $2 * interval '1 second'))",
        ["float8", "float8"]), [days, float(UNFINISHED_UPLOAD_S)])
    for r in rows:
        try:
            os.unlink(r["path"])
        except FileNotFoundError:
            pass
    if rows:
        plpy.execute(plpy.prepare(
            "update agent.source set status = 'expired', bytes = 0 where source_id = any($1::uuid[])", ["text[]"]),
            [[r["id"] for r in rows]])
        out["expired"] = len(rows)
    out["tmp"] = _sweep_tmp(os.path.join(storage, "tmp"))
    return out


def _sweep_tmp(path: str) -> int:
    n = 0
    now = time.time()
    try:
        names = os.listdir(path)
    except FileNotFoundError:
        return 0
    for w in names:
        p = os.path.join(path, w)
        try:
            if now - os.stat(p).st_mtime > TMP_AGE_S:
                shutil.rmtree(p, ignore_errors=True)
                n += 1
        except FileNotFoundError:
            pass
    return n


def sweep_all() -> dict[str, int]:
    """Every base's folder (and the dropped bases' leftovers), and old work folders in tmp/."""
    storage, days = _settings()
    out = {"bases": 0, "orphans": 0, "expired": 0, "tmp": 0}
    if not storage:
        return out
    live = {str(r["base_id"]) for r in plpy.execute("select base_id::text as base_id from agent.base "
                                                    "where dropped_at is null")}
    try:
        names = os.listdir(storage)
    except FileNotFoundError:
        return out
    for n in names:
        path = os.path.join(storage, n)
        if n == "tmp":
            out["tmp"] = _sweep_tmp(path)
            continue
        try:
            base_id = str(uuid.UUID(n))
        except ValueError:
            continue  # not a base's folder (journal/, an operator's file)
        if base_id in live:
            got = sweep_base(base_id, storage=storage, retention_days=days)
            out["orphans"] += got["orphans"]
            out["expired"] += got["expired"]
            out["bases"] += 1
        else:
            dropped = plpy.execute(plpy.prepare("select 1 from agent.base where base_id = $1", ["uuid"]),
                                   [base_id])
            if dropped:  # a dropped base's folder (its drop removes it; a failed removal is finished here)
                shutil.rmtree(path, ignore_errors=True)
    return out
