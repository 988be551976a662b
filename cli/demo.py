"""``dbagent demo``: the guided tour on the embedded server (README command 1).

No LLM involved: the tour sends what an agent would send, step by step, and shows what
dbagent does with it: a base; a small app's data model through execute_sql (system fields,
row level security, policies, foreign-key indexes appear); a bundled CSV analysed and
imported; get_schema and advise; a forbidden query refused with its hint; and two end users
who each see only their own rows.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
from rich.panel import Panel

from dbagent import render
from dbagent import server as embedded
from dbagent.csv_commands import upload
from dbagent.db import agent_dsn, call, connect, scrub
from dbagent.install import install
from dbagent.output import console, table, text

DATA = Path(__file__).resolve().parent / "demo_data"

DATA_MODEL = """
create table projects (
    code text not null unique,
    name text not null
);
create table categories (
    name text not null unique,
    description text
);
create table tasks (
    title text not null,
    project_code text not null references projects (code),
    category text references categories (name),
    due_on date,
    estimate_hours numeric(5,2),
    done boolean not null default false,
    notes text
);
comment on table tasks is 'Work items shown on the project board';
insert into projects (code, name) values ('WEB', 'Website'), ('BILL', 'Billing');
insert into categories (name, description) values
    ('bug', 'Something is broken'), ('docs', 'Writing'), ('design', 'Look and feel'), ('chore', 'Upkeep');
"""


def step(n: int, title: str, text: str = "") -> None:
    console.print()
    console.print(Panel(text or title, title=f"[bold]{n}. {title}[/bold]", title_align="left", expand=False))


def sql_call(conn: psycopg.Connection, base_id: str, sql: str, **options: Any) -> dict[str, Any]:
    return call(conn, "select agent.execute_sql(%s, %s, %s::jsonb)", [base_id, sql, json.dumps(options)])


def run_demo(home: Path | None, port: int | None, base_name: str = "demo") -> None:
    started = time.monotonic()
    step(1, "Start the embedded PostgreSQL", "PostgreSQL 15 with PL/Python; dbagent's tools are installed in it.")
    info = embedded.up(home, port)
    install(info.uri(), server_python_path=[info.python_dir])
    admin = info.uri()
    console.print(f"admin URI: {admin}")

    step(2, f"Create the base '{base_name}'",
         "One schema, its NOLOGIN owner role, and a login role for the agent that may EXECUTE agent.* only.")
    with connect(admin) as conn:
        call(conn, "select agent.admin_drop_base(%s)", [base_name])
        made = call(conn, "select agent.admin_create_base(%s)", [base_name])
    dsn = agent_dsn(admin, made["agent_role"], made["agent_password"])
    base_id = made["base_id"]
    console.print(f"base_id {base_id}   agent DSN {scrub(dsn)}")

    with connect(dsn) as conn:
        step(3, "get_project, as the agent", "The agent starts by asking which bases it may use.")
        project = call(conn, "select agent.get_project()")
        table(None, ["name", "base_id", "schema", "tables"],
              [[b["name"], b["base_id"], b["schema"], b["table_count"]] for b in project["bases"]])

        step(4, "The data model, through execute_sql",
             "Projects, categories and tasks, as an agent sends them: no system fields, no policies.\n"
             "dbagent rewrites each CREATE TABLE and applies its rules in the same transaction.")
        console.print(render.sql_text(DATA_MODEL.strip()))
        result = sql_call(conn, base_id, DATA_MODEL)
        render.execute_result(result, show_sql=False)

        step(5, "A CSV: analyse, then import",
             f"The bundled {DATA.name}/tasks.csv travels over the database connection. analyse_csv reads its\n"
             "dialect and exact types; import_csv loads it all-or-nothing, checking the project codes exist.")
        source = upload(conn, base_id, DATA / "tasks.csv", show=False)
        analysis = call(conn, "select agent.analyse_csv(%s, %s)", [base_id, source])
        table("tasks.csv", ["column", "snake_case", "type", "nulls", "samples"],
              [[c["name"], c["suggested_name"], c["pg_type"], c["null_count"], ", ".join(map(str, c["samples"][:2]))]
               for c in analysis["columns"]])
        mapping = {"Task": "title", "Project Code": "project_code", "Category": "category", "Due On": "due_on",
                   "Estimate (h)": "estimate_hours", "Done": "done", "Notes": "notes"}
        imported = call(conn, "select agent.import_csv(%s, %s, 'tasks', %s::jsonb)", [base_id, source, json.dumps(mapping)])
        console.print(f"imported {imported['rows_loaded']} rows into tasks; values read back exactly:")
        rows = sql_call(conn, base_id, "select title, project_code, due_on, estimate_hours, notes from tasks "
                                       "order by due_on limit 4")
        render.execute_result(rows, show_sql=False)

        step(6, "get_schema", "One call, built on pg_catalog: what an agent reads before it changes anything.")
        render.schema_tables(call(conn, "select agent.get_schema(%s, %s::jsonb)", [base_id, '{"tables": ["tasks"]}']))

        step(7, "advise", "dbagent's advisors over the base (splinter's lints and dbagent's own).")
        render.advisories(call(conn, "select agent.advise(%s)", [base_id]))

        step(8, "A forbidden query", "Reading another schema's catalog is refused before anything runs, with a hint.")
        forbidden = "select table_schema, table_name from information_schema.tables"
        console.print(render.sql_text(forbidden))
        try:
            sql_call(conn, base_id, forbidden)
        except psycopg.Error as e:
            d = e.diag
            console.print(f"[red]{text(e.sqlstate)} {text(d.message_primary)}[/red]\n{text(d.message_detail)}\n"
                          f"hint: {text(d.message_hint)}")

        step(9, "Row level security, as two end users",
             "execute_sql's as_user runs statements as a signed-in user (role authenticated, auth.uid()).\n"
             "The default policies let each user see and change only the rows they created.")
        alice, bob = str(uuid.UUID(int=0xA11CE)), str(uuid.UUID(int=0xB0B))
        sql_call(conn, base_id, "insert into tasks (title, project_code) values ('Alice: plan the sprint', 'WEB'), "
                                "('Alice: review PRs', 'WEB')", as_user=alice)
        sql_call(conn, base_id, "insert into tasks (title, project_code) values ('Bob: close the books', 'BILL')",
                 as_user=bob)
        for who, uid in (("alice", alice), ("bob", bob)):
            seen = sql_call(conn, base_id, "select title from tasks order by title", as_user=uid)
            titles = [r[0] for r in seen["statements"][0]["rows"]]
            console.print(f"as {who}: sees {len(titles)} task(s): {titles}")
        everyone = sql_call(conn, base_id, "select count(*) from tasks")["statements"][0]["rows"][0][0]
        console.print(f"as the agent (the base's owner): {everyone} tasks")
    console.print()
    console.print(f"[green]done in {time.monotonic() - started:.1f} s[/green] — try: "
                  f"DBAGENT_DSN='<agent dsn>' dbagent schema {base_name} --ddl")
