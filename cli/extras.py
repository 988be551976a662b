"""The optional extras: a command that needs one says so in one line (exit code 2), not a traceback.

``pip install dbagent`` gives every command that talks to the database; ``dbagent chat`` needs
``dbagent[llm]`` (the model SDKs), ``dbagent mcp`` ``dbagent[mcp]``, ``dbagent serve``
``dbagent[serve]``.
"""

from __future__ import annotations

import importlib.util

from dbagent.db import CliError

EXTRAS: dict[str, tuple[str, ...]] = {
    "llm": ("openai", "anthropic"),
    "mcp": ("mcp", "anyio", "uvicorn"),
    "serve": ("mcp", "starlette", "uvicorn", "psycopg_pool"),
}


def _missing(modules: tuple[str, ...]) -> list[str]:
    out = []
    for m in modules:
        try:
            if importlib.util.find_spec(m) is None:
                out.append(m)
        except (ImportError, ValueError):
            out.append(m)
    return out


def require(extra: str, command: str, modules: tuple[str, ...] | None = None, *, any_of: bool = False) -> None:
    """Raise a one-line CliError when MODULES (default: all of EXTRA's) are not installed
    (ANY_OF: when none of them is)."""
    wanted = modules or EXTRAS[extra]
    missing = _missing(wanted)
    if missing and (not any_of or len(missing) == len(wanted)):
        raise CliError(
            f"dbagent {command} needs the optional packages of dbagent[{extra}] (missing: {', '.join(missing)}); "
            f"install them with: pip install 'dbagent[{extra}]'"
        )
