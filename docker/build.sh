#!/usr/bin/env bash
# The build steps of Dockerfile.postgres. The image runs exactly this script, and
# docker/ci-check.sh runs it on a Debian 12 host (CI has no Docker engine), so the image's
# recipe is exercised on every submission. Run it as root; running it again changes nothing
# unless an input changed.
#
#   1. apt: PL/Python for the PostgreSQL server (postgresql-plpython3-$PG_MAJOR, pinned to the
#      installed server's exact version), Debian's Python 3.11 (the interpreter PL/Python
#      embeds) with venv, and the server itself when a bare host lacks it.
#   2. dbagent's client: the sources under $DBAGENT_PREFIX/src (copied there unless the
#      Dockerfile already put them there), an editable install in $DBAGENT_PREFIX/venv (the
#      client finds sql/, migrations/ and plpy/ beside its package, so it must be editable),
#      and /usr/local/bin/dbagent. The client is what runs `dbagent install` on first start.
#   3. the server-side packages (pglast, duckdb, pinned as cli/install.py's
#      REQUIRED_SERVER_PACKAGES) for that Python 3.11, with `pip install --target` into
#      $DBAGENT_SERVER_PYTHON_PATH; docker/initdb.sh passes that directory to
#      `dbagent install --server-python-path`, which records it in agent.setting.
#
# Why a --target directory and not `pip install --break-system-packages`:
#   - Debian marks its Python as externally managed (PEP 668); a directory of our own leaves
#     every apt-owned file and /usr/local/lib/python3.11 untouched, and is replaced whole.
#   - on a host, packages installed system-wide would reach every PL/Python of every cluster,
#     the test harness's servers included: the test that an install without the packages is
#     refused with a clear hint would then fail. The directory reaches only the databases
#     that record it.
#   - the cost: `dbagent install` into another database of the same server needs
#     `--server-python-path /usr/local/lib/dbagent/python` once (upgrades reuse the recorded path).
#
# Options: --image  also drop apt lists and pip caches (for a small image layer).
# Environment (defaults in brackets):
#   PG_MAJOR                     the server's major version [set by the official image; else 15]
#   DBAGENT_SERVER_PACKAGES      [pglast==8.8 duckdb==2.0.1]
#   DBAGENT_SERVER_PYTHON_PATH   [/usr/local/lib/dbagent/python]
#   DBAGENT_PREFIX               [/opt/dbagent]
#   DBAGENT_SRC                  the dbagent checkout to install [the one holding this script]
set -Eeuo pipefail

image=0
for arg in "$@"; do
    case "$arg" in
        --image) image=1 ;;
        *) echo "build.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

say() { printf 'build.sh: %s\n' "$*" >&2; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }
trap 'die "failed at line $LINENO: $BASH_COMMAND"' ERR

[ "$(id -u)" -eq 0 ] || die "run as root: it installs Debian packages and writes under /opt and /usr/local"

PG_MAJOR="${PG_MAJOR:-15}"
DBAGENT_SERVER_PACKAGES="${DBAGENT_SERVER_PACKAGES:-pglast==8.8 duckdb==2.0.1}"
DBAGENT_SERVER_PYTHON_PATH="${DBAGENT_SERVER_PYTHON_PATH:-/usr/local/lib/dbagent/python}"
DBAGENT_PREFIX="${DBAGENT_PREFIX:-/opt/dbagent}"
DBAGENT_SRC="${DBAGENT_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
PY=/usr/bin/python3   # Debian's interpreter: the one PL/Python embeds (not a pyenv or venv python)
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

[ -f "$DBAGENT_SRC/pyproject.toml" ] && [ -d "$DBAGENT_SRC/sql" ] \
    || die "DBAGENT_SRC=$DBAGENT_SRC is not a dbagent checkout (no pyproject.toml and sql/)"

# --- 1. Debian packages --------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then
        apt-get update -qq
        apt_updated=1
    fi
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! installed "postgresql-$PG_MAJOR"; then
    say "installing postgresql-$PG_MAJOR"
    apt_install "postgresql-$PG_MAJOR"
fi
plpython="postgresql-plpython3-$PG_MAJOR"
if ! installed "$plpython"; then
    # The official image pins its server (PG_VERSION); PL/Python must be the very same build.
    server_version="$(dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR")"
    say "installing $plpython=$server_version"
    apt_install "$plpython=$server_version" || {
        say "$plpython $server_version is not in the archive; installing the archive's version"
        apt_install "$plpython"
    }
fi
missing=()
for pkg in python3 python3-venv ca-certificates; do
    installed "$pkg" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]}"
    apt_install "${missing[@]}"
fi

libdir="$(/usr/lib/postgresql/"$PG_MAJOR"/bin/pg_config --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/"$PG_MAJOR"/lib)"
[ -e "$libdir/plpython3.so" ] || die "PL/Python is not installed for PostgreSQL $PG_MAJOR (no $libdir/plpython3.so)"
embedded="$(grep -ao 'libpython3\.[0-9]*' "$libdir/plpython3.so" | head -n 1 || true)"
py_version="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
[ "$py_version" = "3.11" ] || die "$PY is Python $py_version; dbagent's server side needs Debian's Python 3.11"
[ -z "$embedded" ] || [ "$embedded" = "libpython$py_version" ] \
    || die "PL/Python embeds $embedded but $PY is Python $py_version: packages would not import in the server"

# --- 2. dbagent's client -------------------------------------------------------------------
src="$DBAGENT_PREFIX/src"
venv="$DBAGENT_PREFIX/venv"
mkdir -p "$DBAGENT_PREFIX"
chmod 0755 "$DBAGENT_PREFIX"
if [ "$(realpath "$DBAGENT_SRC")" != "$(realpath -m "$src")" ]; then
    # A fresh copy of what the client reads (replaced whole, so deleted files disappear too).
    staging="$(mktemp -d "$DBAGENT_PREFIX/.src.XXXXXX")"
    for part in pyproject.toml README.md cli plpy sql migrations docker; do
        cp -a "$DBAGENT_SRC/$part" "$staging/"
    done
    find "$staging" -name __pycache__ -prune -exec rm -rf {} +
    chmod -R u=rwX,go=rX "$staging"
    rm -rf "$src.old"
    if [ -e "$src" ]; then mv "$src" "$src.old"; fi
    mv "$staging" "$src"
    rm -rf "$src.old"
    say "dbagent sources copied to $src"
fi
chmod -R go+rX "$src"

if [ -x "$venv/bin/python" ] && [ "$("$venv/bin/python" -c 'import sys; print(sys.base_prefix)' 2>/dev/null)" != "/usr" ]; then
    say "replacing $venv: it was not made from $PY"
    rm -rf "$venv"
fi
if [ ! -x "$venv/bin/python" ]; then
    say "creating $venv"
    "$PY" -m venv "$venv"
fi
stamp="$venv/.dbagent-installed"
want="$(cat "$src/pyproject.toml" <(printf '%s' "$src") | sha256sum | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ] || ! "$venv/bin/python" -c 'import dbagent.install' 2>/dev/null; then
    say "installing dbagent's client into $venv"
    "$venv/bin/python" -m pip install -q -e "$src"
    echo "$want" > "$stamp"
fi
root="$("$venv/bin/python" -c 'from dbagent import SOURCE_ROOT; print(SOURCE_ROOT)')"
[ "$(realpath "$root")" = "$(realpath "$src")" ] || die "the client reads its SQL from $root, not $src"
chmod -R go+rX "$venv"
ln -sfn "$venv/bin/dbagent" /usr/local/bin/dbagent

# --- 3. the server-side packages for PL/Python's Python 3.11 ---------------------------------
target="$DBAGENT_SERVER_PYTHON_PATH"
complete=1
for spec in $DBAGENT_SERVER_PACKAGES; do
    name="${spec%%==*}"; version="${spec#*==}"
    [ "$name" != "$spec" ] || die "DBAGENT_SERVER_PACKAGES must pin exact versions (name==version): $spec"
    [ -d "$target/$name-$version.dist-info" ] || complete=0
done
if [ "$complete" -eq 0 ]; then
    say "installing $DBAGENT_SERVER_PACKAGES into $target"
    mkdir -p "$(dirname "$target")"
    staging="$(mktemp -d "$target.new.XXXXXX")"
    # The venv's pip runs on the same /usr/bin/python3.11, so it picks the wheels PL/Python loads.
    # shellcheck disable=SC2086  # one word per requirement
    "$venv/bin/python" -m pip install -q --target "$staging" $DBAGENT_SERVER_PACKAGES
    chmod -R u=rwX,go=rX "$staging"
    rm -rf "$target.old"
    if [ -e "$target" ]; then mv "$target" "$target.old"; fi
    mv "$staging" "$target"
    rm -rf "$target.old"
fi
chmod 0755 "$(dirname "$target")"

# The server's OS user must be able to import them (as PL/Python will).
if id postgres >/dev/null 2>&1; then
    check_user=(runuser -u postgres --)
else
    check_user=()
fi
cd /
"${check_user[@]}" "$PY" -c '
import os, sys
sys.path.insert(0, sys.argv[1])
sys.setdlopenflags(os.RTLD_NOW | os.RTLD_DEEPBIND)
import importlib.metadata as md
for spec in sys.argv[2:]:
    name, version = spec.split("==")
    __import__(name)
    got = md.version(name)
    assert got == version, "%s %s installed, %s wanted" % (name, got, version)
' "$target" $DBAGENT_SERVER_PACKAGES \
    || die "the server's Python cannot import $DBAGENT_SERVER_PACKAGES from $target"

if [ "$image" -eq 1 ]; then
    rm -rf /var/lib/apt/lists/* /root/.cache/pip
fi
say "done: dbagent $("$venv/bin/dbagent" --version | awk '{print $NF}'), server packages in $target"
