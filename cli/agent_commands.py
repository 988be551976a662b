"""``dbagent chat`` (the LLM driver) and ``dbagent mcp`` (the MCP server).

``register(cli)`` adds both commands to the ``dbagent`` group. Until the group does that
itself, ``python -m dbagent.agent_commands [--dsn URI] chat|mcp ...`` runs them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from dbagent import extras
from dbagent.db import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, CliError, connect, db_errors
from dbagent.output import console, emit_json, say

if TYPE_CHECKING:
    from dbagent.main import Ctx


@click.command("chat")
@click.argument("base")
@click.argument("task", required=False)
@click.option(
    "--provider", type=click.Choice(["openai", "anthropic"]), help="The API to speak ($DBAGENT_LLM_PROVIDER)."
)
@click.option("--model", help="The model name ($DBAGENT_LLM_MODEL).")
@click.option(
    "--base-url",
    help="The API's base URL, e.g. http://localhost:11434/v1 for Ollama ($DBAGENT_LLM_BASE_URL).",
)
@click.option("--max-steps", type=click.IntRange(1), help="Model turns per task (default 40).")
@click.option(
    "--max-result-chars", type=click.IntRange(500), help="Longest tool result the model sees (default 20000)."
)
@click.option(
    "--max-tokens", type=click.IntRange(1), help="Output tokens per model turn (Anthropic; default 8192)."
)
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A local CSV file for the task: uploaded to BASE, the model gets its source (repeatable).",
)
@click.option(
    "--transcript",
    type=click.Path(dir_okay=False, writable=True),
    help="Write every step to this JSONL file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the final summary as JSON.")
@click.pass_obj
def chat(
    obj: Ctx,
    base: str,
    task: str | None,
    provider: str | None,
    model: str | None,
    base_url: str | None,
    max_steps: int | None,
    max_result_chars: int | None,
    max_tokens: int | None,
    files: tuple[str, ...],
    transcript: str | None,
    as_json: bool,
) -> None:
    """Let a model do TASK in BASE through the agent tools; without TASK, read tasks from the terminal.

    The model (any OpenAI-compatible chat-completions endpoint, or Anthropic's Messages API) sees
    get_project, get_database_schema, execute_sql, analyse_csv, import_csv and advise, described
    from the database. The database decides what is allowed. The summary at the end (tables,
    policies, imports, open advisories) is built from the tool calls and a final look at the base.
    The API key comes from $DBAGENT_LLM_API_KEY (or the SDK's own variable). Exit codes: 0 done,
    1 done with open advisories, 2 error or step limit reached.

    \b
    Example:
      DBAGENT_DSN=<agent_dsn> dbagent chat acme "a todo app: projects, tasks with due dates, tags" \\
          --provider openai --base-url http://localhost:11434/v1 --model qwen2.5:14b
      dbagent chat acme --provider anthropic --model claude-sonnet-4-5 --transcript run.jsonl
      dbagent chat acme "import the customers" --file customers.csv --json
    """
    from dbagent.llm import LlmError, Session, Transcript, resolve_config

    as_json = as_json or obj.as_json
    worst = EXIT_OK
    with db_errors(as_json):
        extras.require("llm", "chat", any_of=True)
        cfg = resolve_config(
            provider,
            model,
            base_url,
            max_steps=max_steps,
            max_result_chars=max_result_chars,
            max_tokens=max_tokens,
        )
        extras.require("llm", "chat", (cfg.provider,))  # the provider's SDK: openai or anthropic
        log = say
        tr = Transcript(transcript)
        try:
            with connect(obj.dsn()) as conn:
                try:
                    session = Session(conn, cfg, base, transcript=tr, log=log)
                except LlmError as e:
                    raise CliError(str(e), hint=e.hint) from e
                uploads = session.upload_files([Path(f) for f in files], show=not as_json) if files else ""
                for t in _tasks(task):
                    summary = session.run_task(t + uploads)
                    uploads = ""
                    if as_json:
                        emit_json(summary)
                    else:
                        render_summary(summary)
                    worst = max(worst, exit_code(summary))
        finally:
            tr.close()
    sys.exit(worst)


def _tasks(task: str | None) -> Iterator[str]:
    if task is not None:
        yield task
        return
    say("Type a task for the model; an empty line (or end of input) ends the session.")
    while True:
        try:
            line = click.prompt("task", default="", show_default=False, prompt_suffix="> ", err=True)
        except click.Abort:
            return
        if not line.strip() or line.strip().lower() in ("exit", "quit"):
            return
        yield line


def exit_code(summary: dict[str, Any]) -> int:
    if summary["status"] != "done":
        return EXIT_ERROR
    if any(b.get("advisories", {}).get("findings") for b in summary["bases"]):
        return EXIT_FINDINGS
    return EXIT_OK


def render_summary(s: dict[str, Any]) -> None:
    """The summary for people (stdout). Text from the model or the base is shown, never parsed as markup."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    from dbagent import render

    status = {
        "done": "[green]done[/green]",
        "max_steps": "[yellow]stopped: step limit reached[/yellow]",
        "error": "[red]stopped by an error[/red]",
    }.get(s["status"], escape(str(s["status"])))
    console.print(f"[bold]task[/bold] {status} · {s['steps']} model turns · {s['tool_calls']} tool calls")
    if s.get("error"):
        console.print(
            Text(
                s["error"]["message"] + (f"\nhint: {s['error']['hint']}" if s["error"].get("hint") else ""),
                style="red",
            )
        )
    for b in s["bases"]:
        console.print(
            Text.assemble(
                "\n",
                (f"base {b['name']}", "bold"),
                f" ({b['schema']}, {b['base_id']})",
                (" created" if b.get("created") else "", "green"),
            )
        )
        if b.get("error"):
            console.print(
                Text(f"could not read the base at the end: {b['error'].get('message')}", style="red")
            )
            continue
        _table(
            "tables created",
            ["table", "columns", "foreign keys", "rls"],
            [
                [t["name"], ", ".join(t["columns"]), ", ".join(t["foreign_keys"]), t["rls"]]
                for t in b.get("tables_created", [])
            ],
        )
        _table(
            "tables changed",
            ["table", "change"],
            [
                [
                    t["name"],
                    "; ".join(f"{k.replace('_', ' ')}: {', '.join(v)}" for k, v in t.items() if k != "name"),
                ]
                for t in b.get("tables_changed", [])
            ],
        )
        for key in (
            "tables_dropped",
            "views_created",
            "views_dropped",
            "functions_created",
            "functions_dropped",
            "enums_created",
            "enums_dropped",
        ):
            if b.get(key):
                console.print(Text(f"{key.replace('_', ' ')}: {', '.join(b[key])}"))
        own = [p for p in b.get("policies", []) if p["by"] == "agent"]
        defaults = sorted({p["table"] for p in b.get("policies", []) if p["by"] == "dbagent"})
        _table(
            "policies written by the agent",
            ["table", "policy", "command", "roles", "using", "with check"],
            [
                [
                    p["table"],
                    p["name"],
                    p["command"],
                    ", ".join(p["roles"] or []),
                    p["using"] or "",
                    p["with_check"] or "",
                ]
                for p in own
            ],
        )
        if defaults:
            console.print(
                Text(
                    f"dbagent's default policies (signed-in users: their own rows) on: {', '.join(defaults)}"
                )
            )
        if "advisories" in b:
            render.advisories({**b["advisories"], "schema": b["schema"]})
    if s["statements"]:
        console.print(Text("statements: " + ", ".join(f"{n}× {tag}" for tag, n in s["statements"].items())))
    if s["rows_written"]:
        console.print(
            Text("rows written: " + ", ".join(f"{n} by {tag}" for tag, n in s["rows_written"].items()))
        )
    keys = sorted({k for i in s["imports"] for k in i})
    _table("imports", keys, [[i.get(k) for k in keys] for i in s["imports"]])
    _table(
        "failed tool calls",
        ["tool", "sqlstate", "message", "hint"],
        [[f["tool"], f.get("sqlstate"), f.get("message"), f.get("hint")] for f in s["failed_calls"]],
    )
    if s.get("answer"):
        console.print(
            Panel(Text(s["answer"]), title="the model's own words", title_align="left", expand=False)
        )
    if s.get("transcript"):
        console.print(Text(f"transcript: {s['transcript']}", style="dim"))


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.table import Table
    from rich.text import Text

    if not rows:
        return
    t = Table(title=title, title_justify="left")
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*(Text("" if v is None else str(v)) for v in r))
    console.print(t)


@click.command("mcp")
@click.option(
    "--base", required=True, help="The base to serve (a name or a base_id); the server is scoped to it."
)
@click.option(
    "--dsn",
    "dsn",
    help="Connection URI of the base's agent role (default: the dbagent --dsn / $DBAGENT_DSN).",
)
@click.option("--transport", type=click.Choice(["stdio", "http"]), default="stdio", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="HTTP: address to listen on.")
@click.option("--port", type=int, default=8765, show_default=True, help="HTTP: port to listen on.")
@click.pass_obj
def mcp(obj: Ctx, base: str, dsn: str | None, transport: str, host: str, port: int) -> None:
    """Serve the agent tools of BASE over MCP (stdio, or streamable HTTP at /mcp).

    Tools: get_project, get_database_schema, execute_sql, advise, and analyse_csv / import_csv
    where installed. The server fills in base_id; results are compact unless a call passes
    verbose=true; refusals come back as tool errors with the database's hint.

    \b
    Example (an MCP client's server entry):
      {"command": "dbagent", "args": ["mcp", "--base", "acme"], "env": {"DBAGENT_DSN": "<agent_dsn>"}}
      dbagent mcp --base acme --transport http --port 8765
    """
    with db_errors(obj.as_json):
        extras.require("mcp", "mcp")
        from dbagent.mcp_server import serve_http, serve_stdio

        uri = dsn or obj.dsn()
        if transport == "http":
            say(f"serving base {base} over MCP at http://{host}:{port}/mcp")
            serve_http(uri, base, host, port)
        else:
            serve_stdio(uri, base)


def register(cli: click.Group) -> None:
    """Add `chat` and `mcp` to the dbagent command group."""
    cli.add_command(chat)
    cli.add_command(mcp)


def standalone(args: list[str]) -> None:
    """Run the dbagent group with these commands on it (``python -m dbagent.agent_commands``)."""
    from dbagent.main import cli

    register(cli)
    try:
        cli.main(args=args, prog_name="dbagent")
    except KeyboardInterrupt:
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    standalone(sys.argv[1:])
