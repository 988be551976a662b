"""The embedded PostgreSQL server: ``dbagent up`` / ``down`` / ``status``.

A local PostgreSQL 15+ cluster with PL/Python under a home directory:

    HOME/data       the cluster (PGDATA)
    HOME/run        the Unix socket directory (mode 0700: private to the server's OS user and root)
    HOME/log        the server log
    HOME/python     the server-side Python packages (pglast, duckdb), copied from this
                    installation so the server's OS user can read them; ``dbagent install``
                    records this path and PL/Python adds it to ``sys.path``
    HOME/dbagent_storage  uploaded and fetched CSV sources (``dbagent install``'s default: beside
                    the data directory, never inside it)
    HOME/server.json  what runs where (port, OS user, binaries)

PostgreSQL refuses to run as root, so when this runs as root the server runs as an
unprivileged OS user (``postgres`` by default, ``DBAGENT_SERVER_USER`` to choose). TCP
listens on 127.0.0.1 only, with SCRAM passwords; the bootstrap superuser may connect
only through the private socket, and agent logins only to databases other than postgres and
template1 (pg_hba.conf, rewritten by ``up`` while it is dbagent's own file).
"""

from __future__ import annotations

import compileall
import importlib.metadata
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

DEFAULT_PORT = 55432
DATABASE = "dbagent"
SUPERUSER = "postgres"
SERVER_PACKAGES = ("pglast", "duckdb")


class ServerError(RuntimeError):
    """A failure of the embedded server, with a hint saying what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass
class ServerInfo:
    home: str
    port: int
    os_user: str
    bindir: str
    version: int
    database: str = DATABASE
    superuser: str = SUPERUSER

    @property
    def socket_dir(self) -> str:
        return str(Path(self.home) / "run")

    @property
    def data_dir(self) -> str:
        return str(Path(self.home) / "data")

    @property
    def python_dir(self) -> str:
        return str(Path(self.home) / "python")

    @property
    def log_file(self) -> str:
        return str(Path(self.home) / "log" / "server.log")

    def uri(self, database: str | None = None) -> str:
        """The admin connection URI: the superuser over the private Unix socket."""
        return (
            f"postgresql://{self.superuser}@/{quote(database or self.database)}"
            f"?host={quote(self.socket_dir, safe='/')}&port={self.port}"
        )


def default_home() -> Path:
    """A per-user data folder; as root, one the unprivileged server user can reach."""
    env = os.environ.get("DBAGENT_HOME")
    if env:
        return Path(env)
    if os.geteuid() == 0:
        return Path("/var/lib/dbagent")
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dbagent"


def find_bindir() -> tuple[str, int]:
    """The directory holding initdb/pg_ctl of PostgreSQL 15 or newer, and its major version."""
    candidates: list[Path] = []
    env = os.environ.get("DBAGENT_PG_BIN")
    if env:
        candidates.append(Path(env))
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
        reverse=True,
    )
    candidates.extend(versions)
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            out = subprocess.run([str(c / "pg_ctl"), "--version"], capture_output=True, text=True)
            m = re.search(r"(\d+)(?:\.\d+)?", out.stdout)
            if m and int(m.group(1)) >= 15:
                return str(c), int(m.group(1))
    raise ServerError(
        "no PostgreSQL 15 or newer server binaries found",
        hint="Install them (Debian: apt-get install postgresql-15 postgresql-plpython3-15) "
        "or point DBAGENT_PG_BIN at the directory holding initdb and pg_ctl.",
    )


def check_plpython(bindir: str, version: int) -> None:
    libdirs = [Path(bindir).parent / "lib"]
    pg_config = Path(bindir) / "pg_config"
    if pg_config.exists():
        out = subprocess.run([str(pg_config), "--pkglibdir"], capture_output=True, text=True)
        if out.returncode == 0:
            libdirs.insert(0, Path(out.stdout.strip()))
    if not any(list(d.glob("plpython3*.so")) for d in libdirs):
        raise ServerError(
            f"PL/Python is not installed for the PostgreSQL {version} server in {bindir}",
            hint=f"Install it: apt-get update && apt-get install postgresql-plpython3-{version}",
        )


def server_os_user() -> str:
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid()).pw_name
    name = os.environ.get("DBAGENT_SERVER_USER", "postgres")
    try:
        pwd.getpwnam(name)
    except KeyError:
        raise ServerError(
            f"PostgreSQL refuses to run as root, and there is no OS user {name!r} to run it as",
            hint="Create an unprivileged user (useradd --system --no-create-home postgres) "
            "or set DBAGENT_SERVER_USER to an existing one.",
        ) from None
    return name


def _as_server_user(info_user: str, cmd: list[str], cwd: str, **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0 and info_user != "root":
        cmd = ["runuser", "-u", info_user, "--", *cmd]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kw)


def _chown_tree(path: Path, user: str) -> None:
    if os.geteuid() != 0:
        return
    pw = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        os.chown(root, pw.pw_uid, pw.pw_gid)
        for f in files:
            os.chown(os.path.join(root, f), pw.pw_uid, pw.pw_gid, follow_symlinks=False)


def _check_reachable(home: Path, user: str) -> None:
    """Every ancestor of HOME must be traversable by the server's OS user."""
    if os.geteuid() != 0:
        return
    probe = _as_server_user(user, ["test", "-x", str(home)], cwd="/")
    if probe.returncode != 0:
        raise ServerError(
            f"the server's OS user {user!r} cannot reach {home}",
            hint="Pick a home outside private directories such as /root, e.g. --home /var/lib/dbagent.",
        )


def copy_server_packages(dest: Path) -> None:
    """Copy pglast and duckdb (with their metadata) from this installation into DEST.

    The server runs PL/Python with the same Python ABI as this machine's Python 3.11, so the
    very files the client uses import in the server. A copy (not a path into a virtualenv)
    keeps them readable by the server's OS user wherever the client is installed.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in SERVER_PACKAGES:
        dist = importlib.metadata.distribution(name)
        root = Path(str(dist.locate_file("")))
        for f in dist.files or []:
            rel = Path(str(f))
            if rel.parts and rel.parts[0] == "..":
                continue  # console scripts and the like live outside site-packages
            src = root / rel
            if not src.is_file() or "__pycache__" in rel.parts:
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.stat().st_size != src.stat().st_size:
                shutil.copy2(src, target)
    # PL/Python does not write bytecode: without it every new session would compile pglast from
    # source (~50 ms). Compiled here by this Python; a server Python of another version ignores it.
    compileall.compile_dir(str(dest), quiet=1, workers=1)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def load_info(home: Path) -> ServerInfo | None:
    state = home / "server.json"
    if not state.exists():
        return None
    return ServerInfo(**json.loads(state.read_text()))


def is_running(info: ServerInfo) -> bool:
    out = _as_server_user(
        info.os_user, [str(Path(info.bindir) / "pg_ctl"), "status", "-D", info.data_dir], cwd=info.home
    )
    return out.returncode == 0


HBA_MARK = "# written by dbagent"


def _pg_hba(superuser: str) -> str:
    return (
        f"{HBA_MARK}: the bootstrap superuser only over the private socket;\n"
        "# agent logins (members of dbagent_agent) never reach the cluster's other databases: in\n"
        "# postgres or template1 an agent could create large objects and default privileges that\n"
        "# no dbagent drop sees, and whatever it put in template1 every new database would copy;\n"
        "# every other role with a SCRAM password, locally.\n"
        f"local   all   {superuser}   trust\n"
        "local   postgres,template1   +dbagent_agent   reject\n"
        "host    postgres,template1   +dbagent_agent   127.0.0.1/32   reject\n"
        "host    postgres,template1   +dbagent_agent   ::1/128        reject\n"
        "local   all   all           scram-sha-256\n"
        "host    all   all   127.0.0.1/32   scram-sha-256\n"
        "host    all   all   ::1/128        scram-sha-256\n"
    )


def ensure_hba(info: ServerInfo) -> bool:
    """Bring a pg_hba.conf dbagent wrote (an older release's) up to date and reload; True if it changed."""
    path = Path(info.data_dir) / "pg_hba.conf"
    try:
        text = path.read_text()
    except OSError:
        return False
    want = _pg_hba(info.superuser)
    if not text.startswith(HBA_MARK) or text == want:
        return False  # the operator's own file is theirs
    path.write_text(want)
    if os.geteuid() == 0:
        pw = pwd.getpwnam(info.os_user)
        os.chown(path, pw.pw_uid, pw.pw_gid)
    if is_running(info):
        _as_server_user(info.os_user, [str(Path(info.bindir) / "pg_ctl"), "reload", "-D", info.data_dir],
                        cwd=info.home)
    return True


def init_cluster(home: Path, port: int) -> ServerInfo:
    bindir, version = find_bindir()
    check_plpython(bindir, version)
    user = server_os_user()
    home.mkdir(parents=True, exist_ok=True)
    home = home.resolve()
    for sub in ("run", "log"):
        (home / sub).mkdir(exist_ok=True)
    os.chmod(home / "run", 0o700)
    info = ServerInfo(home=str(home), port=port, os_user=user, bindir=bindir, version=version)
    copy_server_packages(Path(info.python_dir))
    _chown_tree(home, user)
    _check_reachable(home, user)
    out = _as_server_user(
        user,
        [
            str(Path(bindir) / "initdb"),
            "-D", info.data_dir,
            "-U", SUPERUSER,
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ],
        cwd=str(home),
    )
    if out.returncode != 0:
        raise ServerError(f"initdb failed: {out.stderr.strip() or out.stdout.strip()}")
    (Path(info.data_dir) / "pg_hba.conf").write_text(_pg_hba(SUPERUSER))
    with open(Path(info.data_dir) / "postgresql.conf", "a") as conf:
        conf.write(
            "\n# dbagent embedded server\n"
            "listen_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{info.socket_dir}'\n"
            "unix_socket_permissions = 0700\n"
            "max_connections = 200\n"
            # headroom for admins and dbagent's own loopback connections: agent logins have
            # per-role connection limits (agent.admin_set_limits max_connections), superusers these
            "superuser_reserved_connections = 10\n"
            "shared_buffers = 128MB\n"
            "password_encryption = 'scram-sha-256'\n"
            "log_min_messages = warning\n"
        )
    _chown_tree(home, user)
    save_info(info)
    return info


def save_info(info: ServerInfo) -> None:
    state = Path(info.home) / "server.json"
    state.write_text(json.dumps(asdict(info), indent=2) + "\n")


def start(info: ServerInfo) -> None:
    out = _as_server_user(
        info.os_user,
        [
            str(Path(info.bindir) / "pg_ctl"),
            "start", "-w", "-t", "60",
            "-D", info.data_dir,
            "-l", info.log_file,
            "-o", f"-p {info.port}",
        ],
        cwd=info.home,
    )
    if out.returncode != 0:
        tail = ""
        try:
            tail = Path(info.log_file).read_text()[-2000:]
        except OSError:
            pass
        raise ServerError(
            f"the server did not start: {out.stderr.strip() or out.stdout.strip()}\n{tail}".strip(),
            hint=f"Is port {info.port} taken? Pass --port, or read {info.log_file}.",
        )


def stop(info: ServerInfo) -> bool:
    if not is_running(info):
        return False
    out = _as_server_user(
        info.os_user,
        [str(Path(info.bindir) / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", info.data_dir],
        cwd=info.home,
    )
    if out.returncode != 0:
        raise ServerError(f"pg_ctl stop failed: {out.stderr.strip()}")
    return True


def ensure_database(info: ServerInfo) -> None:
    import psycopg

    with psycopg.connect(info.uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [info.database]).fetchone()
        if not exists:
            conn.execute(f'create database "{info.database}"')


def up(home: Path | None = None, port: int | None = None) -> ServerInfo:
    """Initialize (first time) and start the embedded server; reuse it when it runs."""
    home = Path(home or default_home())
    info = load_info(home)
    if info is None:
        chosen = port or DEFAULT_PORT
        if not _port_free(chosen):
            raise ServerError(
                f"port {chosen} on 127.0.0.1 is taken", hint="Pass --port with a free port."
            )
        info = init_cluster(home, chosen)
    elif port and port != info.port and not is_running(info):
        info.port = port
        save_info(info)
    ensure_hba(info)
    if not is_running(info):
        if not _port_free(info.port):
            raise ServerError(
                f"port {info.port} on 127.0.0.1 is taken by another program",
                hint="Pass --port with a free port.",
            )
        copy_server_packages(Path(info.python_dir))
        _chown_tree(Path(info.python_dir), info.os_user)
        start(info)
    deadline = time.time() + 30
    while True:
        try:
            ensure_database(info)
            break
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.2)
    return info
