"""Dockerfile.postgres and the docker/ scripts stay in step (static: no Docker, no network).

CI cannot build the image, so docker/ci-check.sh runs the image's scripts on the host; these
checks make sure those scripts are what the image runs: every RUN is a docker/*.sh script,
the first-start script is the one COPYed into /docker-entrypoint-initdb.d/, and the pins,
paths and versions agree with cli/install.py.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest
from dbagent.doctor import SERVER_PYTHON_DIR
from dbagent.install import REQUIRED_SERVER_PACKAGES

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile.postgres"
DOCKER = ROOT / "docker"
SCRIPTS = ["build.sh", "initdb.sh", "ci-check.sh"]
INITDB_DIR = "/docker-entrypoint-initdb.d/"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        text = pending + stripped
        pending = ""
        word, _, rest = text.partition(" ")
        out.append((word.upper(), rest.strip()))
    assert not pending, "the Dockerfile ends in a continuation line"
    return out


def of(kind: str) -> list[str]:
    return [args for word, args in instructions() if word == kind]


def copies() -> list[tuple[list[str], list[str], str]]:
    """(flags, sources, destination) of every COPY."""
    out = []
    for args in of("COPY"):
        words = shlex.split(args)
        flags = [w for w in words if w.startswith("--")]
        paths = [w for w in words if not w.startswith("--")]
        assert len(paths) >= 2, args
        out.append((flags, paths[:-1], paths[-1]))
    return out


def image_to_repo(image_path: str) -> Path | None:
    """The repository file a path inside the image came from (through the COPYs), if any."""
    for _flags, sources, dest in copies():
        for src in sources:
            src_path = ROOT / src.rstrip("/")
            if src.endswith("/") and image_path == dest.rstrip("/"):
                return src_path
            if dest.endswith("/") and src.endswith("/") and image_path.startswith(dest):
                return src_path / image_path[len(dest):]
            if dest.endswith("/") and image_path == dest + src_path.name:
                return src_path
            if image_path == dest:
                return src_path
    return None


def env_value(name: str) -> str:
    """The value the Dockerfile gives NAME (ENV or ARG default)."""
    for word, args in instructions():
        if word not in ("ENV", "ARG"):
            continue
        for item in shlex.split(args):
            key, sep, value = item.partition("=")
            if key == name and sep:
                return value
    raise AssertionError(f"the Dockerfile sets no {name}")


def script_default(script: str, name: str) -> str:
    m = re.search(r'\$\{' + name + r':-([^}]*)\}', (DOCKER / script).read_text())
    assert m, f"docker/{script} has no default for {name}"
    return m.group(1)


def pins(text: str) -> dict[str, str]:
    out = {}
    for spec in text.split():
        name, sep, version = spec.partition("==")
        assert sep, f"not an exact pin: {spec}"
        out[name] = version
    return out


def test_from_the_official_postgres_15_bookworm_image():
    froms = of("FROM")
    assert froms == ["postgres:15-bookworm"]


def test_every_run_is_a_docker_script():
    runs = of("RUN")
    assert runs, "the Dockerfile runs nothing"
    for run in runs:
        words = shlex.split(run)
        assert not set(run) & set(";&|`$<>"), f"RUN must call a script, not inline shell: {run}"
        script = image_to_repo(words[0])
        assert script is not None, f"RUN {run}: {words[0]} was not COPYed from the repository"
        rel = script.relative_to(ROOT)
        assert rel.parent == Path("docker") and rel.suffix == ".sh", f"RUN {run} runs {rel}, not docker/*.sh"
        assert script.is_file() and os.access(script, os.X_OK), f"{rel} is missing or not executable"
        assert all(w.startswith("--") for w in words[1:]), run


def test_every_copy_source_exists():
    for _flags, sources, _dest in copies():
        for src in sources:
            assert (ROOT / src).exists(), f"COPY {src}: not in the repository"


def test_the_client_gets_everything_it_reads_in_one_editable_root():
    """The client finds sql/, migrations/ and plpy/ beside its package (SOURCE_ROOT), so the
    image must COPY them all under the one root that build.sh installs from."""
    prefix = env_value("DBAGENT_PREFIX")
    root = prefix + "/src/"
    for part in ("pyproject.toml", "README.md", "cli", "plpy", "sql", "migrations", "docker/build.sh"):
        got = image_to_repo(root + part)
        assert got is not None and got.resolve() == (ROOT / part).resolve(), f"{root + part} is not COPYed"
    assert script_default("build.sh", "DBAGENT_PREFIX") == prefix


def test_the_initdb_script_is_the_one_copied_into_the_entrypoint_directory():
    into_initdb = [(flags, sources, dest) for flags, sources, dest in copies() if dest.startswith(INITDB_DIR)]
    assert len(into_initdb) == 1, into_initdb
    flags, sources, dest = into_initdb[0]
    assert sources == ["docker/initdb.sh"]
    # The entrypoint runs an executable *.sh and sources any other: make it executable.
    assert dest.endswith(".sh") and "--chmod=0755" in flags
    assert os.access(DOCKER / "initdb.sh", os.X_OK)
    # ci-check.sh simulates the very same file name
    assert f'"$initdir/{Path(dest).name}"' in (DOCKER / "ci-check.sh").read_text()


def test_pins_match_the_installer():
    assert pins(env_value("DBAGENT_SERVER_PACKAGES")) == REQUIRED_SERVER_PACKAGES
    assert pins(script_default("build.sh", "DBAGENT_SERVER_PACKAGES")) == REQUIRED_SERVER_PACKAGES
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for name, version in REQUIRED_SERVER_PACKAGES.items():
        assert f"{name}=={version}" in deps, f"pyproject.toml does not pin {name}=={version}"


def test_one_server_python_directory_everywhere():
    path = env_value("DBAGENT_SERVER_PYTHON_PATH")
    assert script_default("build.sh", "DBAGENT_SERVER_PYTHON_PATH") == path
    assert script_default("initdb.sh", "DBAGENT_SERVER_PYTHON_PATH") == path
    assert f"SERVER_PYTHON_PATH={path}" in (DOCKER / "ci-check.sh").read_text()
    assert SERVER_PYTHON_DIR == path


def test_postgres_major_version_agrees():
    major = of("FROM")[0].split(":")[1].split("-")[0]
    assert script_default("build.sh", "PG_MAJOR") == major
    assert script_default("ci-check.sh", "PG_MAJOR") == major


def test_initdb_installs_with_the_recorded_python_path():
    text = (DOCKER / "initdb.sh").read_text()
    assert re.search(r"\binstall --server-python-path\b", text)
    for var in ("POSTGRES_USER", "POSTGRES_DB", "PGHOST", "PGPORT"):
        assert "${" + var in text, f"initdb.sh ignores {var}"


def test_ci_check_runs_the_image_scripts():
    text = (DOCKER / "ci-check.sh").read_text()
    assert '"$repo/docker/build.sh"' in text
    assert '"$repo/docker/initdb.sh"' in text
    assert "runuser -u postgres" in text


@pytest.mark.parametrize("script", SCRIPTS)
def test_scripts_are_strict_executable_bash(script):
    path = DOCKER / script
    text = path.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -Eeuo pipefail" in text
    assert os.access(path, os.X_OK), f"docker/{script} is not executable"
    out = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, timeout=30, check=False)
    assert out.returncode == 0, out.stderr
