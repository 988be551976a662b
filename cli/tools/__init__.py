"""The one tool-calling core of dbagent's clients.

Three clients offer the agent tools over it: the LLM driver (``dbagent.llm``), the MCP server
over stdio (``dbagent.mcp_server``) and the HTTP server (``dbagent.serve``: MCP over streamable
HTTP and a JSON API). The core reads the catalogue from the database (``catalogue``), checks a
call's arguments and runs it as one ``select agent.<fn>(...)`` with bound values (``calls``),
and shapes results for agents (``results``). It decides nothing about security: the database
does, for every client alike.
"""

from __future__ import annotations

from dbagent.tools.calls import (
    CallError,
    Prepared,
    acall_tool,
    arun,
    base_from_project,
    call_tool,
    is_base_id,
    prepare,
    report_of,
    rule_of,
    run,
    unknown_base,
)
from dbagent.tools.catalogue import (
    EFFECTS,
    TOOL_FUNCTIONS,
    Effects,
    Param,
    Tool,
    aload_tools,
    documented_options,
    load_tools,
)
from dbagent.tools.results import compact, shaped, with_notices

__all__ = [
    "EFFECTS",
    "TOOL_FUNCTIONS",
    "CallError",
    "Effects",
    "Param",
    "Prepared",
    "Tool",
    "acall_tool",
    "aload_tools",
    "arun",
    "base_from_project",
    "call_tool",
    "compact",
    "documented_options",
    "is_base_id",
    "load_tools",
    "prepare",
    "report_of",
    "rule_of",
    "run",
    "shaped",
    "unknown_base",
    "with_notices",
]
