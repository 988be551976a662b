"""``dbagent install``: install or upgrade dbagent in a PostgreSQL 15+ database.

1. check the prerequisites (server version, superuser, plpython3u, and that the server's
   Python imports pglast and duckdb), each failure a clear error saying what to install;
2. yoyo migrations for state (roles, schemas, registry tables), bookkeeping in schema agent;
3. the server code, every time: the plpy modules into ``agent._python_module`` and every
   ``sql/**/*.sql`` file re-applied in sorted order (yoyo's post-apply hook runs only when
   migrations were pending, so this module runs it itself).

Running it twice changes nothing the second time.

How the server's PL/Python finds its code: dbagent's own modules are read from
``agent._python_module`` by ``agent._py_boot()``; the third-party packages must be importable
by the server's Python, either from its own ``sys.path`` (a Docker image or a Debian server
with them installed for the system Python 3.11) or from a directory recorded with
``--server-python-path`` (stored in ``agent.setting``, readable only by dbagent's owner).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import marshal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from dbagent import __version__


def source_root(package_dir: Path | None = None) -> Path:
    """The tree holding sql/, migrations/ and plpy/dbagent_plpy/ that `install` applies: the checkout
    an editable install runs from, else the copy a wheel carries in dbagent/_resources/ (same layout)."""
    here = package_dir or Path(__file__).resolve().parent
    candidates = (here.parent, here / "_resources")
    for root in candidates:
        if all((root / d).is_dir() for d in ("sql", "migrations", "plpy/dbagent_plpy")):
            return root
    return candidates[-1]  # nothing found: install() says so


SOURCE_ROOT = source_root()
SQL_DIR = SOURCE_ROOT / "sql"
MIGRATIONS_DIR = SOURCE_ROOT / "migrations"
PLPY_DIR = SOURCE_ROOT / "plpy" / "dbagent_plpy"
CODE_VERSION_MARK = "@CODE_VERSION@"
SESSION_WALL_MARK = "@SESSION_WALL_SOURCE@"  # agent._session_check carries dbagent_plpy.session's source
REQUIRED_SERVER_PACKAGES = {"pglast": "8.8", "duckdb": "2.0.1"}
INSTALL_APP = "dbagent-install"  # application_name of every connection of an install (see BlockerWatch)
LOCK_TIMEOUT_MS = 2000  # how long one try of the migrations waits for a lock
RETRY_LOCKS_S = 600     # how long an install keeps trying


class InstallError(RuntimeError):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass
class InstallReport:
    version: str
    code_version: str
    migrations_applied: list[str]
    server_python: dict[str, Any]
    first_install: bool


def plpy_sources(root: Path = SOURCE_ROOT) -> dict[str, tuple[bool, str]]:
    """Module name -> (is_package, source) for every module under plpy/dbagent_plpy."""
    out: dict[str, tuple[bool, str]] = {}
    plpy_dir = root / "plpy" / "dbagent_plpy"
    for path in sorted(plpy_dir.rglob("*.py")):
        rel = path.relative_to(plpy_dir.parent).with_suffix("")
        parts = list(rel.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (is_package, path.read_text())
    return out


def sql_files(root: Path = SOURCE_ROOT) -> list[Path]:
    sql_dir = root / "sql"
    return sorted(sql_dir.rglob("*.sql"), key=lambda p: str(p.relative_to(sql_dir)))


def code_version(root: Path = SOURCE_ROOT) -> str:
    """A hash of everything the server runs: sessions reload the Python when it changes."""
    h = hashlib.sha256()
    for name, (is_pkg, src) in sorted(plpy_sources(root).items()):
        h.update(f"{name}:{is_pkg}\n".encode())
        h.update(src.encode())
    for f in sql_files(root):
        h.update(str(f.relative_to(root / "sql")).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def reapply_server_code(conn: Any, root: Path = SOURCE_ROOT) -> None:
    """Store the plpy modules and re-apply every sql/ file (yoyo post-apply step)."""
    version = code_version(root)
    cur = conn.cursor()
    # Bodies may call functions defined by files applied later in the sorted order.
    cur.execute("set local check_function_bodies = off")
    cur.execute("delete from agent._python_module")
    # Every grant on agent.* functions comes from the files: revoke what is there first, so a
    # grant someone added by hand does not survive an install. (agent_exec's grants are per base,
    # made by agent._create_executors.)
    cur.execute("""
        do $$
        declare r record;
        begin
            for r in select p.oid::regprocedure::text as fn, a.grantee::regrole::text as grantee
                     from pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a
                     where p.pronamespace = 'agent'::regnamespace
                       and a.grantee <> 0 and a.grantee <> p.proowner
            loop
                execute format('revoke all on function %s from %I', r.fn, r.grantee);
            end loop;
        end
        $$
    """)
    cur.execute("select count(*) = 2 from pg_catalog.pg_attribute where attrelid = 'agent._python_module'::regclass "
                "and attname in ('code', 'magic') and not attisdropped")
    with_bytecode = cur.fetchone()[0]  # an older release's tree has no column for it
    for name, (is_pkg, src) in plpy_sources(root).items():
        if with_bytecode:
            # compiled by this Python; agent._py_boot() uses it only where the server's Python
            # has the same magic number (the filename is the one _py_boot gives the module)
            code = marshal.dumps(compile(src, "agent._python_module:" + name, "exec", dont_inherit=True))
            cur.execute(
                "insert into agent._python_module (name, is_package, source, code, magic) "
                "values (%s, %s, %s, %s, %s)",
                (name, is_pkg, src, code, importlib.util.MAGIC_NUMBER),
            )
        else:
            cur.execute(
                "insert into agent._python_module (name, is_package, source) values (%s, %s, %s)",
                (name, is_pkg, src),
            )
    wall = root / "plpy" / "dbagent_plpy" / "session.py"
    wall_source = repr(wall.read_text()) if wall.exists() else "''"
    for f in sql_files(root):
        text = f.read_text().replace(CODE_VERSION_MARK, version).replace(SESSION_WALL_MARK, wall_source)
        try:
            cur.execute(text)
        except psycopg.Error as e:
            raise InstallError(f"{f.relative_to(root)}: {e}") from e
    cur.execute("select agent._database_acl()")
    # the settings tool calls run under (SET clauses of the tools, which the files just re-created)
    cur.execute("select to_regprocedure('agent._pin_settings()') is not null")
    if cur.fetchone()[0]:  # an older release's tree has none
        cur.execute("select agent._pin_settings()")
    cur.execute(
        "insert into agent.setting (key, value) values ('code_version', %s), ('version', %s) "
        "on conflict (key) do update set value = excluded.value",
        (json.dumps(version), json.dumps(__version__)),
    )


EXECUTOR_BATCH = 200  # bases per transaction when their executors are re-created


def refresh_executors(dsn: str, root: Path = SOURCE_ROOT, log: Callable[[str], None] = lambda _m: None,
                      force: bool = False) -> int:
    """Re-create every base's executors when their definition changed or one is missing.

    Runs after the install's transaction committed, EXECUTOR_BATCH bases per transaction: one
    transaction for thousands of bases would need a lock on each of their executors at once,
    more than the shared lock table holds. The new definition is recorded only once every base
    has it, so an interrupted refresh is finished by the next install. (With thousands of bases,
    doing it on every install would make installs slow.) Returns how many bases were refreshed.
    """
    executors_sql = root / "sql" / "functions" / "_create_executors.sql"
    if not executors_sql.exists():  # a release from before the executors
        return 0
    executor_version = hashlib.sha256(executors_sql.read_bytes()).hexdigest()[:16]
    with psycopg.connect(dsn, autocommit=True, application_name=INSTALL_APP) as conn:
        row = conn.execute("select value #>> '{}' from agent.setting where key = 'executor_version'").fetchone()
        total, executors = conn.execute(
            "select (select count(*) from agent.base where dropped_at is null), "
            "(select count(*) from pg_catalog.pg_proc where pronamespace = 'agent_exec'::regnamespace "
            "    and proname ~ '^(run|as_user)_[0-9a-f]{32}$')").fetchone()
        if not force and row and row[0] == executor_version and executors == 2 * total:  # none missing
            return 0
        done, last = 0, None
        if total:
            log(f"re-creating the executors of {total} bases")
        batched = conn.execute(
            "select to_regprocedure('agent._refresh_executors_batch(uuid, integer)') is not null").fetchone()[0]
        if not batched:  # an older release's tree: all at once
            with conn.transaction():
                conn.execute("select agent._refresh_executors()")
        else:
            while True:
                with conn.transaction():
                    last = conn.execute("select agent._refresh_executors_batch(%s, %s)",
                                        (last, EXECUTOR_BATCH)).fetchone()[0]
                if last is None:
                    break
                before, done = done, min(total, done + EXECUTOR_BATCH)
                step = max(EXECUTOR_BATCH, total // 10)  # about ten lines, however many bases
                if total > EXECUTOR_BATCH and (done == total or done // step != before // step):
                    log(f"  executors: {done}/{total} bases")
        conn.execute(
            "insert into agent.setting (key, value) values ('executor_version', %s) "
            "on conflict (key) do update set value = excluded.value", (json.dumps(executor_version),))
        return total


def _yoyo_uri(dsn: str) -> str:
    params = conninfo_to_dict(dsn)
    from urllib.parse import quote, urlencode

    user = quote(str(params.pop("user", "") or ""), safe="")
    password = params.pop("password", None)
    dbname = quote(str(params.pop("dbname", "") or ""), safe="")
    host = params.pop("host", None)
    port = params.pop("port", None)
    auth = user + (":" + quote(str(password), safe="") if password else "")
    query: dict[str, str] = {k: str(v) for k, v in params.items() if v is not None}
    netloc = ""
    if host and not str(host).startswith("/"):
        netloc = str(host) + (f":{port}" if port else "")
    else:
        if host:
            query["host"] = str(host)
        if port:
            query["port"] = str(port)
    query["schema"] = "agent"
    query.setdefault("application_name", INSTALL_APP)
    query["options"] = (query.get("options", "") + f" -c lock_timeout={LOCK_TIMEOUT_MS}").strip()
    return f"postgresql+psycopg://{auth}@{netloc}/{dbname}?{urlencode(query)}"


def _probe_server_python(conn: psycopg.Connection, paths: list[str]) -> dict[str, Any]:
    """Ask the server's PL/Python which of the required packages it imports, and from where."""
    notices: list[str] = []
    conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
    body = r"""
import sys, os, json
paths = json.loads(%s)
for p in reversed(paths):
    if p not in sys.path:
        sys.path.insert(0, p)
out = {"python": sys.version.split()[0], "executable_prefix": sys.prefix, "packages": {}}
old = sys.getdlopenflags()
sys.setdlopenflags(os.RTLD_NOW | os.RTLD_DEEPBIND)
try:
    for name in ("pglast", "duckdb"):
        try:
            mod = __import__(name)
            import importlib.metadata as md
            try:
                ver = md.version(name)
            except Exception:
                ver = getattr(mod, "__version__", "?")
            out["packages"][name] = {"version": str(ver).lstrip("v"), "path": os.path.dirname(mod.__file__)}
        except Exception as e:
            out["packages"][name] = {"error": "%%s: %%s" %% (type(e).__name__, e)}
finally:
    sys.setdlopenflags(old)
plpy.notice("dbagent-probe:" + json.dumps(out))
""" % (repr(json.dumps(paths)),)
    conn.execute(sql.SQL("do {} language plpython3u").format(sql.Literal(body)))
    for n in notices:
        if n.startswith("dbagent-probe:"):
            return json.loads(n[len("dbagent-probe:"):])
    raise InstallError("the server's PL/Python did not answer the package probe")


def _ensure_storage(conn: psycopg.Connection, storage_dir: str | None, import_dir: str | None) -> None:
    """Record (and create, as the server's OS user) dbagent's storage directory; the import directory.

    The default is ``dbagent_storage`` beside the server's data directory, never inside it (a
    base backup or pg_upgrade of PGDATA would carry every upload, and the sources would share the
    database's disk quota unseen); inside it only when the server cannot create it there. A
    storage directory recorded at the old default inside PGDATA is moved out, with the paths of
    its sources. A directory given with --storage-dir is used as given (and moved to, if the
    recorded one differs)."""
    row = conn.execute("select value #>> '{}' from agent.setting where key = 'storage_dir'").fetchone()
    recorded = row[0] if row else None
    data = conn.execute("show data_directory").fetchone()[0]
    old_default = str(Path(data) / "dbagent_storage")
    outside = str(Path(data).parent / "dbagent_storage")
    if storage_dir is None:
        storage_dir = recorded if recorded and recorded != old_default else outside
    body = (
        "import os, shutil\n"
        f"want, fallback, old = {storage_dir!r}, {old_default!r}, {recorded!r}\n"
        "try:\n"
        "    os.makedirs(want, mode=0o700, exist_ok=True)\n"
        "except OSError:\n"
        "    if old is not None or want != " + repr(outside) + ":\n"
        "        raise\n"
        "    want = fallback\n"
        "    os.makedirs(want, mode=0o700, exist_ok=True)\n"
        "os.makedirs(os.path.join(want, 'tmp'), mode=0o700, exist_ok=True)\n"
        "moved = 0\n"
        "if old and os.path.realpath(old) != os.path.realpath(want) and os.path.isdir(old):\n"
        "    for name in os.listdir(old):\n"
        "        src, dst = os.path.join(old, name), os.path.join(want, name)\n"
        "        if name == 'tmp' or os.path.exists(dst):\n"
        "            continue\n"
        "        shutil.move(src, dst)\n"
        "        moved += 1\n"
        "    shutil.rmtree(old, ignore_errors=True)\n"
        "plpy.notice('dbagent-storage:' + want + ':' + str(moved))\n"
    )
    notices: list[str] = []
    conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
    conn.execute(sql.SQL("do {} language plpython3u").format(sql.Literal(body)))
    for n in notices:
        if n.startswith("dbagent-storage:"):
            storage_dir = n[len("dbagent-storage:"):].rsplit(":", 1)[0]
    if recorded and recorded != storage_dir:
        conn.execute("update agent.source set path = %s || substr(path, length(%s) + 1) where path like %s",
                     [storage_dir, recorded,
                      recorded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%"])
    conn.execute(
        "insert into agent.setting (key, value) values ('storage_dir', %s) "
        "on conflict (key) do update set value = excluded.value", (json.dumps(storage_dir),))
    if import_dir is not None:
        conn.execute(
            "insert into agent.setting (key, value) values ('import_dir', %s) "
            "on conflict (key) do update set value = excluded.value", (json.dumps(import_dir),))


def session_wall(conn: psycopg.Connection, public_catalog: bool | None, log: Callable[[str], None]) -> None:
    """The install's part of the session wall (an older release's tree lacks it: skipped).

    The catalog rights (agent._catalog_wall); every agent login role's session limits when their
    definition changed; objects agent roles came to own before the wall refused it (large
    objects, default privileges: nothing an agent may own) dropped; one housekeeping round."""
    if not conn.execute("select to_regprocedure('agent._catalog_wall(boolean)') is not null").fetchone()[0]:
        return
    if public_catalog is None:
        row = conn.execute("select value from agent.setting where key = 'public_catalog'").fetchone()
        public_catalog = bool(row[0]) if row else False
    done = conn.execute("select agent._catalog_wall(%s)", [public_catalog]).fetchone()[0]
    if done["relations"] or done["functions"]:
        log(("gave PUBLIC back" if public_catalog else "moved from PUBLIC to dbagent_catalog")
            + f" the catalog rights on {done['relations']} relations and {done['functions']} functions")
    conn.execute("select agent._refresh_agent_roles()")
    conn.execute("select agent._housekeeping(true)")


class BlockerWatch:
    """While an install runs: end the agent sessions that block it.

    An upgrade takes strong locks on dbagent's tables (ALTER TABLE), which queue behind any
    session holding a weaker one, and every other tool call then queues behind the upgrade. An
    agent session may hold such a lock for as long as it likes (a pipeline whose Sync never
    comes, with its idle timeout SET to 0). A thread with its own connection looks every 0.2 s
    at what blocks the install's connections (application_name dbagent-install) and ends the
    agent sessions among the blockers that wait for their client inside a transaction (idle in
    one, or a pipeline without Sync), or that have blocked it for more than GRACE seconds (a tool
    call that runs long finishes first). Other sessions (admins, other applications) are waited
    for, as before.
    """

    QUERY = """
        select distinct b.pid, a.state, a.usename::text,
               a.wait_event_type = 'Client' and a.wait_event = 'ClientRead' as reading
        from pg_catalog.pg_stat_activity w
        cross join lateral pg_catalog.unnest(pg_catalog.pg_blocking_pids(w.pid)) b(pid)
        join pg_catalog.pg_stat_activity a on a.pid = b.pid
        join pg_catalog.pg_roles r on r.oid = a.usesysid
        where w.application_name = %s and w.pid <> pg_catalog.pg_backend_pid()
          and not r.rolsuper and pg_catalog.pg_has_role(a.usesysid, 'dbagent_agent', 'MEMBER')
    """

    def __init__(self, dsn: str, log: Callable[[str], None] = lambda _m: None, grace: float = 30.0) -> None:
        import threading

        self.dsn, self.log, self.grace = dsn, log, grace
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True, name="dbagent-install-blockers")
        self.ended: list[tuple[int, str]] = []

    def __enter__(self) -> BlockerWatch:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        self.thread.join(timeout=5)

    def run(self) -> None:
        try:
            conn = psycopg.connect(self.dsn, autocommit=True, application_name="dbagent-install-watch")
        except psycopg.Error:
            return
        first_seen: dict[int, float] = {}
        with conn:
            try:
                if not conn.execute("select exists (select from pg_catalog.pg_roles where rolname = 'dbagent_agent')"
                                    ).fetchone()[0]:
                    return  # a first install: there is no agent yet
                while not self.stop.wait(0.2):
                    now = time.monotonic()
                    seen = set()
                    for pid, state, role, reading in conn.execute(self.QUERY, [INSTALL_APP]).fetchall():
                        seen.add(pid)
                        since = first_seen.setdefault(pid, now)
                        # waiting for its client inside a transaction (idle in one, or a pipeline with no
                        # Sync yet): it does nothing but hold; a tool call at work gets GRACE to finish
                        if (state or "").startswith("idle in transaction") or reading or now - since > self.grace:
                            if conn.execute("select pg_catalog.pg_terminate_backend(%s)", [pid]).fetchone()[0]:
                                self.ended.append((pid, role))
                                self.log(f"ended session {pid} of agent {role}: it blocked the install ({state})")
                    for pid in list(first_seen):
                        if pid not in seen:
                            del first_seen[pid]
            except psycopg.Error:
                return


def install(
    dsn: str,
    server_python_path: list[str] | None = None,
    log: Any = None,
    storage_dir: str | None = None,
    import_dir: str | None = None,
    source_root: Path | None = None,
    public_catalog: bool | None = None,
) -> InstallReport:
    """Install or upgrade. SOURCE_ROOT installs another release's migrations/, sql/ and plpy/
    (the upgrade test installs a recorded previous release this way).

    PUBLIC_CATALOG true leaves PUBLIC its catalog rights (agent logins can then read other bases'
    metadata on their own connection); false (the default on a first install) moves them to
    dbagent_catalog; None keeps the database's recorded choice."""
    root = Path(source_root) if source_root else SOURCE_ROOT
    say = log or (lambda _msg: None)
    if not (root / "migrations").is_dir() or not (root / "sql").is_dir():
        raise InstallError(f"dbagent's SQL and migrations are missing (looked in {root})",
                           hint="Reinstall dbagent from a wheel built from the repository, or `pip install -e .`.")
    try:
        conn = psycopg.connect(dsn, autocommit=True, application_name=INSTALL_APP)
    except psycopg.OperationalError as e:
        raise InstallError(f"cannot connect: {e}".strip()) from e
    with conn:
        version_num = int(conn.execute("show server_version_num").fetchone()[0])
        if version_num < 150000:
            raise InstallError(
                f"PostgreSQL {version_num // 10000} is too old: dbagent needs 15 or newer",
                hint="Install into a PostgreSQL 15+ server.",
            )
        is_super = conn.execute(
            "select pg_catalog.current_setting('is_superuser') = 'on'"
        ).fetchone()[0]
        installed = conn.execute(
            "select to_regclass('agent.setting') is not null"
        ).fetchone()[0]
        if not is_super:
            what = "upgrade" if installed else "install"
            raise InstallError(
                f"dbagent {what} needs a superuser: it creates roles and PL/Python functions",
                hint="Connect as a superuser (e.g. postgres) for `dbagent install`; agents and admins "
                "then use their own restricted roles.",
            )
        has_plpython = conn.execute(
            "select 1 from pg_catalog.pg_available_extensions where name = 'plpython3u'"
        ).fetchone()
        if not has_plpython:
            major = version_num // 10000
            raise InstallError(
                "the server has no PL/Python (extension plpython3u is not available)",
                hint=f"Install it on the server: apt-get update && apt-get install "
                f"postgresql-plpython3-{major} (or your platform's plpython3 package), then run "
                "dbagent install again.",
            )
        conn.execute("create extension if not exists plpython3u")
        if server_python_path is None and installed:
            row = conn.execute(
                "select value from agent.setting where key = 'server_python_path'"
            ).fetchone()
            server_python_path = list(row[0]) if row else []
        paths = [str(Path(p)) for p in (server_python_path or [])]
        probe = _probe_server_python(conn, paths)
        problems = []
        for name, want in REQUIRED_SERVER_PACKAGES.items():
            got = probe["packages"].get(name, {})
            if "error" in got:
                problems.append(f"{name}: {got['error']}")
            elif got.get("version") != want:
                problems.append(f"{name} {got.get('version')} (dbagent needs {want})")
        if problems:
            pins = " ".join(f"{k}=={v}" for k, v in REQUIRED_SERVER_PACKAGES.items())
            raise InstallError(
                f"the server's Python {probe.get('python')} cannot use the packages dbagent needs: "
                + "; ".join(problems),
                hint=f"On the server, install them for Python 3.11 into a directory the server's OS "
                f"user can read, e.g. `python3.11 -m pip install --target /usr/local/lib/dbagent/python "
                f"{pins}`, then run `dbagent install --server-python-path /usr/local/lib/dbagent/python`.",
            )
        conn.execute("create schema if not exists agent")

    from yoyo import get_backend, read_migrations

    backend = get_backend(_yoyo_uri(dsn))
    migrations = read_migrations(str(root / "migrations"))
    # The migrations and the code run with a lock timeout (the yoyo URI's options): an upgrade that
    # waits for a lock stops waiting after LOCK_TIMEOUT_MS (so the tool calls queued behind it go on),
    # and is tried again; agent sessions that merely hold a lock are ended meanwhile (BlockerWatch).
    deadline = time.monotonic() + RETRY_LOCKS_S
    names: list[str] = []
    while True:
        try:
            with BlockerWatch(dsn, log=say), backend.lock():
                pending = backend.to_apply(migrations)
                names += [m.id for m in pending if m.id not in names]
                if pending:
                    say(f"applying migrations: {', '.join(m.id for m in pending)}")
                    backend.apply_migrations_only(pending)
                # Always: yoyo runs post-apply only when something was pending. (Another release's
                # post-apply hook would import this installer; apply its code from its own root instead.)
                if root == SOURCE_ROOT:
                    backend.run_post_apply(migrations)
                else:
                    with backend.transaction():
                        reapply_server_code(backend.connection, root)
            break
        except psycopg.errors.LockNotAvailable as e:
            if time.monotonic() > deadline:
                raise InstallError(
                    f"the install waited {RETRY_LOCKS_S} s for locks other sessions keep holding: {e}".strip(),
                    hint="Look for long transactions in pg_stat_activity (an admin's, another application's) "
                    "and end them, then run dbagent install again.") from e
            say("another session holds a lock the install needs: trying again")
            time.sleep(0.5)
    with BlockerWatch(dsn, log=say):
        refresh_executors(dsn, root, log=say)
    with psycopg.connect(dsn, autocommit=True, application_name=INSTALL_APP) as conn:
        conn.execute(
            "insert into agent.setting (key, value) values ('server_python_path', %s) "
            "on conflict (key) do update set value = excluded.value",
            (json.dumps(paths),),
        )
        _ensure_storage(conn, storage_dir, import_dir)
        session_wall(conn, public_catalog, log=say)
    return InstallReport(
        version=__version__,
        code_version=code_version(root),
        migrations_applied=names,
        server_python=probe,
        first_install=not installed,
    )


def installed_packages() -> dict[str, str]:
    return {k: importlib.metadata.version(k) for k in REQUIRED_SERVER_PACKAGES}
