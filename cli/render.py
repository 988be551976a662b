"""Rendering tool results for people: statement results, schemas as tables or DDL, advisories."""

from __future__ import annotations

from typing import Any

from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table

from dbagent.output import cell, console, neutralise, text

LEVEL_STYLE = {"ERROR": "bold red", "WARN": "yellow", "INFO": "cyan"}


def sql_text(sql: str) -> Syntax:
    return Syntax(neutralise(sql), "sql", theme="ansi_dark", word_wrap=True, background_color="default")


def execute_result(result: dict[str, Any], *, show_sql: bool = True) -> None:
    if result.get("confirmation_required"):  # issue 15: nothing ran
        impact(result["impact"])
        console.print("[yellow]nothing was changed: this call needs confirming[/yellow] "
                      "(run it again with --yes, or pass the token as options {\"confirm\": ...})")
        return
    for st in result.get("statements", []):
        head = f"[bold]{st['index']}. {text(st['tag'])}[/bold]"
        if "rows_affected" in st:
            head += f"  ({st['rows_affected']} row{'s' if st['rows_affected'] != 1 else ''})"
        if st.get("rewritten"):
            head += "  [magenta]rewritten by dbagent[/magenta]"
        console.print(head)
        if show_sql and st.get("rewritten"):
            console.print(sql_text(st["sql"]))
        for n in st.get("notices", []):
            console.print(f"  [dim]notice:[/dim] {text(n)}")
        if "columns" in st:
            t = Table(show_edge=True, header_style="bold")
            for c in st["columns"]:
                t.add_column(f"{text(c['name'])}\n[dim]{text(c['type'])}[/dim]", overflow="fold")
            for r in st["rows"]:
                t.add_row(*(cell(v) for v in r))
            console.print(t)
            if st.get("truncated"):
                console.print(f"  [yellow]showing the first {st['row_count']} rows (truncated)[/yellow]")
    rules = result.get("rules_applied") or []
    if rules:
        console.print(f"[bold]dbagent's rules[/bold] ({len(rules)} statements)")
        for r in rules:
            console.print(f"  [green]✓[/green] {text(r['reason'])}")
            console.print(sql_text("    " + r["sql"]))
    if result.get("impact"):  # a dry run's impact (issue 15)
        impact(result["impact"])
    for k in result.get("recoverable") or []:
        console.print(f"  [green]recoverable[/green] {k['what'].replace('_', ' ')}: {k.get('table')} "
                      f"{k.get('column') or ''} ({k.get('rows', k.get('values', 0))} rows), item {k['item']}")
    for w in result.get("warnings") or []:
        console.print(f"  [yellow]warning[/yellow] statement {w['statement']}: {w['warning']} ({w['lock']}); "
                      f"safe form: {w['safe_form']}")
    for f in result.get("follow_up") or []:
        console.print(f"  [cyan]follow up in a later call:[/cyan] {f}")
    flags = []
    if result.get("dry_run"):
        flags.append("[yellow]dry run: everything was rolled back[/yellow]")
    if result.get("as_user"):
        flags.append(f"as end user {text(result['as_user'])}")
    if "duration_ms" in result:
        flags.append(f"{result['duration_ms']:.1f} ms")
    console.print("[dim]" + " · ".join(flags) + "[/dim]")


def impact(i: dict[str, Any]) -> None:
    """What a call destroys (issue 15): tables and columns dropped, rows deleted or changed, warnings."""
    labels = {"tables_dropped": "drops table", "columns_dropped": "drops column", "columns_retyped": "retypes column",
              "rows_deleted": "deletes rows of", "rows_changed": "changes rows of", "tables_truncated": "truncates"}
    for key, label in labels.items():
        for e in i.get(key) or []:
            n = e.get("rows", e.get("values"))
            console.print(f"  [red]{label}[/red] {e.get('table')}{'.' + e['column'] if e.get('column') else ''}"
                          f" ({'~' if e.get('rows_estimated') else ''}{n} rows, statement {e.get('statement')})")
    for e in i.get("also_dropped") or []:
        console.print(f"  [red]also drops[/red] {e['kind']} {e['name']}")
    for w in i.get("warnings") or []:
        console.print(f"  [yellow]{w['warning']}[/yellow] (~{w['rows']} rows, {w['lock']} lock); safe form: {w['safe_form']}")
    if i.get("recoverable_for_days"):
        console.print(f"  [dim]what it destroys stays recoverable for {i['recoverable_for_days']} days[/dim]")


def schema_tables(s: dict[str, Any]) -> None:
    if not s["tables"] and not s["views"]:
        console.print(f"base [bold]{text(s['name'])}[/bold] (schema {text(s['schema'])}) has no tables yet")
    for t in s["tables"]:
        rls = t.get("rls") or {}
        title = f"[bold]{text(t['name'])}[/bold]"
        if t.get("row_estimate") is not None:
            title += f"  ~{t['row_estimate']} rows"
        if rls:
            title += "  RLS " + ("forced" if rls.get("forced") else "on" if rls.get("enabled") else "[red]off[/red]")
        table = Table(title=title, title_justify="left", caption=cell(t["comment"]) if t.get("comment") else None,
                      caption_justify="left")
        for h in ("column", "type", "null", "default", "note"):
            table.add_column(h, overflow="fold")
        fks = {c: fk for fk in t.get("foreign_keys", []) for c in fk["columns"]}
        pk = set((t.get("primary_key") or {}).get("columns", []))
        for c in t["columns"]:
            notes = []
            if c["name"] in pk:
                notes.append("pk")
            if c["name"] in fks:
                ref = fks[c["name"]]["references"]
                notes.append(text(f"→ {ref['table']}({', '.join(ref['columns'])})"))
            if c.get("system"):
                notes.append("[dim]system[/dim]")
            if c.get("comment"):
                notes.append(text(c["comment"]))
            table.add_row(text(c["name"]), text(c["type"]), "" if c.get("nullable", True) else "not null",
                          text(c.get("default") or c.get("generated") or ""), " ".join(notes))
        console.print(table)
        pols = [p for p in t.get("policies", []) if p["name"] != "dbagent_agent_all"]
        for p in pols:
            cond = p.get("using") or p.get("with_check") or ""
            console.print(f"  policy [bold]{text(p['name'])}[/bold] {text(p['command'])} to "
                          f"{text(', '.join(p['roles']))}: {text(cond)}")
    for v in s.get("views", []):
        inv = "security_invoker" if v.get("security_invoker") else "[red]runs as owner[/red]"
        console.print(f"view [bold]{text(v['name'])}[/bold] ({inv}): " + text(", ".join(c["name"] for c in v["columns"])))
    for e in s.get("enums", []):
        console.print(f"enum [bold]{text(e['name'])}[/bold]: {text(', '.join(e['values']))}")
    for f in s.get("functions", []):
        console.print(f"{text(f['kind'])} [bold]{text(f['name'])}[/bold]({text(f['arguments'])})"
                      + (f" → {text(f['returns'])}" if f.get("returns") else "") + f" [dim]{text(f['language'])}[/dim]")


def schema_ddl(s: dict[str, Any]) -> str:
    """The base as readable DDL (what get_schema describes; dbagent's own objects marked)."""
    out: list[str] = [f"-- base {s['name']} (schema {s['schema']})"]
    for e in s.get("enums", []):
        values = ", ".join("'" + v.replace("'", "''") + "'" for v in e["values"])
        out.append(f"create type {e['name']} as enum ({values});")
    for d in s.get("domains", []):
        checks = " ".join(d.get("checks", []))
        out.append(f"create domain {d['name']} as {d['type']}{' not null' if d.get('not_null') else ''} {checks}".rstrip() + ";")
    for t in s.get("tables", []):
        lines = []
        for c in t["columns"]:
            line = f"    {c['name']} {c['type']}"
            if c.get("generated"):
                line += f" generated always as ({c['generated']}) stored"
            elif c.get("identity"):
                line += f" generated {c['identity']} as identity"
            elif c.get("default"):
                line += f" default {c['default']}"
            if not c.get("nullable", True):
                line += " not null"
            if c.get("system"):
                line += "  -- system field (dbagent)"
            lines.append(line)
        if t.get("primary_key"):
            pk = t["primary_key"]
            lines.append(f"    constraint {pk['name']} primary key ({', '.join(pk['columns'])})")
        for u in t.get("unique", []) or []:
            lines.append(f"    constraint {u['name']} unique ({', '.join(u['columns'])})")
        for ch in t.get("checks", []) or []:
            lines.append(f"    constraint {ch['name']} {ch['expression']}")
        for fk in t.get("foreign_keys", []) or []:
            ref = fk["references"]
            lines.append(f"    constraint {fk['name']} foreign key ({', '.join(fk['columns'])}) references "
                         f"{ref['table']} ({', '.join(ref['columns'])}) on delete {fk['on_delete']}")
        body = ",\n".join(_fix_commas(lines))
        out.append(f"\ncreate table {t['name']} (\n{body}\n);")
        if t.get("comment"):
            out.append(f"comment on table {t['name']} is '{t['comment'].replace(chr(39), chr(39) * 2)}';")
        for i in t.get("indexes", []) or []:
            if not i["primary"] and not any(u["name"] == i["name"] for u in t.get("unique", []) or []):
                out.append(i["definition"].replace(f" ON {s['schema']}.", " ON ") + ";")
        rls = t.get("rls") or {}
        if rls.get("enabled"):
            out.append(f"alter table {t['name']} enable row level security;")
        if rls.get("forced"):
            out.append(f"alter table {t['name']} force row level security;")
        for p in t.get("policies", []):
            sql = f"create policy {p['name']} on {t['name']}"
            if not p.get("permissive", True):
                sql += " as restrictive"
            sql += f" for {p['command']} to {', '.join(p['roles'])}"
            if p.get("using"):
                sql += f" using ({p['using']})"
            if p.get("with_check"):
                sql += f" with check ({p['with_check']})"
            out.append(sql + ";")
        for tr in t.get("triggers", []) or []:
            out.append(tr["definition"].replace(f" ON {s['schema']}.", " ON ") + ";")
    for v in s.get("views", []):
        out.append(f"\n-- view {v['name']}" + (" (security_invoker)" if v.get("security_invoker") else "") + ": "
                   + ", ".join(f"{c['name']} {c['type']}" for c in v["columns"]))
    for f in s.get("functions", []):
        out.append(f"-- {f['kind']} {f['name']}({f['arguments']})" + (f" returns {f['returns']}" if f.get("returns") else "")
                   + f" language {f['language']} {f['volatility']}")
    for q in s.get("sequences", []):
        out.append(f"-- sequence {q['name']}" + (f" owned by {q['owned_by']}" if q.get("owned_by") else ""))
    return "\n".join(out) + "\n"


def _fix_commas(lines: list[str]) -> list[str]:
    """Move trailing comments after the comma that joins the lines."""
    out = []
    for line in lines:
        if "  -- " in line:
            code, comment = line.split("  -- ", 1)
            out.append(f"{code}  /* {comment} */")
        else:
            out.append(line)
    return out


def advisories(r: dict[str, Any]) -> None:
    counts = r.get("counts", {})
    if not r["findings"]:
        console.print(f"[green]no findings[/green] for base schema {text(r['schema'])}")
        return
    for f in r["findings"]:
        style = LEVEL_STYLE.get(f["level"], "")
        console.print(Panel(f"{text(f['detail'])}\n[dim]fix:[/dim] {text(f['remediation'])}",
                            title=f"[{style}]{text(f['level'])}[/{style}] {text(f['name'])}: {text(f['title'])}",
                            title_align="left", expand=False))
    console.print(", ".join(f"{counts.get(k, 0)} {k}" for k in ("ERROR", "WARN", "INFO")))
