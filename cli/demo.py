"""``dbagent demo``: the guided tour on the embedded server (README command 1)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.panel import Panel

from dbagent import server as embedded
from dbagent.db import agent_dsn, call, connect, scrub
from dbagent.install import install
from dbagent.output import console


def step(n: int, title: str, text: str = "") -> None:
    console.print()
    console.print(Panel(text or title, title=f"[bold]{n}. {title}[/bold]", title_align="left", expand=False))


def run_demo(home: Path | None, port: int | None, base_name: str = "demo") -> None:
    step(1, "Start the embedded PostgreSQL server", "PostgreSQL 15 with PL/Python, dbagent installed in it.")
    info = embedded.up(home, port)
    install(info.uri(), server_python_path=[info.python_dir])
    admin = info.uri()
    console.print(f"admin URI: {admin}")

    step(2, f"Create the base '{base_name}'", "One schema, a NOLOGIN owner role and a restricted agent login role.")
    with connect(admin) as conn:
        call(conn, "select agent.admin_drop_base(%s)", [base_name])
        made = call(conn, "select agent.admin_create_base(%s)", [base_name])
    dsn = agent_dsn(admin, made["agent_role"], made["agent_password"])
    console.print(f"base_id: {made['base_id']}   schema: {made['schema']}")
    console.print(f"agent DSN: {scrub(dsn)}")

    step(3, "get_project, as the agent", "The agent role may EXECUTE agent.* functions and nothing else.")
    with connect(dsn) as conn:
        project = call(conn, "select agent.get_project()")
        console.print_json(json.dumps(project, default=str))
        try:
            conn.execute(f"select * from {made['schema']}.anything")
        except Exception as e:  # noqa: BLE001 - shown to the reader
            console.print(f"direct table access is refused by PostgreSQL: [red]{str(e).splitlines()[0]}[/red]")
    console.print()
    console.print("[green]done[/green]")
