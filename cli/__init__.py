"""dbagent: a tool layer for AI agents that create and manage application databases on PostgreSQL.

The tools live inside PostgreSQL (schema ``agent``); this package is the thin client side:
the ``dbagent`` CLI, the installer, the embedded server, the LLM driver and the MCP server.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.2.0"

# Where sql/, migrations/ and plpy/ live: the repository this package is installed from
# (``pip install -e .``). The installer reads them from here.
SOURCE_ROOT = Path(__file__).resolve().parent.parent
