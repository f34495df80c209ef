"""`claimgraph eval TASK --data DIR`: score a stage (or the whole product) on gold data."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from claimgraph.cli._common import JsonOption, console
from claimgraph.errors import ClaimgraphError
from claimgraph.eval.report import TaskOutcome, fmt, render
from claimgraph.eval.runner import TASKS, run_task

#: Where the project's own claim gold lives (scored by `eval all` next to the shared one).
PROJECT_CLAIMS = Path("eval/claims")


def eval_(
    task: Annotated[str, typer.Argument(help=f"One of: {', '.join(TASKS)}, or 'all'.")],
    data: Annotated[
        Path,
        typer.Option(
            "--data",
            help="The task's gold folder (laid out like shared/data/<set>); for 'all', "
            "the shared data folder holding every set.",
        ),
    ],
    split: Annotated[str | None, typer.Option(help="Split, where the set has several.")] = None,
    peers: Annotated[bool, typer.Option("--peers", help="Also run the peer tools.")] = False,
    limit: Annotated[int | None, typer.Option(min=1, help="Score at most N items.")] = None,
    write_doc: Annotated[
        Path | None, typer.Option("--write-doc", help="With 'all': write the markdown report.")
    ] = None,
    notes: Annotated[
        Path | None,
        typer.Option("--notes", help="With --write-doc: a markdown file of analysis to append."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Score TASK on the gold set in --data; prints a table, or JSON with --json."""
    if task == "all":
        analysis = notes.read_text(encoding="utf-8") if notes is not None else ""
        _eval_all(
            data,
            peers=True if write_doc else peers,
            limit=limit,
            write_doc=write_doc,
            as_json=as_json,
            analysis=analysis,
        )
        return
    result = run_task(task, data, split=split, peers=peers, limit=limit)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{task} on {data} (split {result.split or '—'}, {result.n_items} items)")
    table.add_column("metric")
    table.add_column("claimgraph", justify="right")
    for peer in result.peers:
        table.add_column(peer, justify="right")
    for key, value in result.metrics.items():
        table.add_row(key, fmt(value), *(fmt(m.get(key)) for m in result.peers.values()))
    console.print(table)
    for note in result.notes:
        console.print(f"[dim]note: {note}")


def _eval_all(
    data: Path,
    *,
    peers: bool,
    limit: int | None,
    write_doc: Path | None,
    as_json: bool,
    analysis: str = "",
) -> None:
    outcomes: list[TaskOutcome] = []
    jobs: list[tuple[str, Path, str]] = []
    for name, spec in TASKS.items():
        folder = data / spec.shared_subdir
        jobs.append(
            (
                name,
                folder,
                f"claimgraph eval {name} --data {folder}" + (" --peers" if peers else ""),
            )
        )
    if PROJECT_CLAIMS.is_dir():
        jobs.append(("claims", PROJECT_CLAIMS, f"claimgraph eval claims --data {PROJECT_CLAIMS}"))
    for name, folder, command in jobs:
        spec = TASKS[name]
        console.print(f"[bold]eval {name}[/] on {folder} …")
        try:
            result = run_task(name, folder, peers=peers, limit=limit)
        except ClaimgraphError as err:
            outcomes.append(TaskOutcome(spec, command, error=err.message))
            console.print(f"[yellow]  not run: {err.message}")
            continue
        parts = {}
        if folder != PROJECT_CLAIMS:
            for part in spec.parts:
                console.print(f"[bold]eval {name}[/] --split {part} …")
                parts[part] = run_task(name, folder, split=part, limit=limit)
        if name == "claims" and folder == PROJECT_CLAIMS:
            spec = replace(spec, name="claims (project dev set)", shared_subdir=str(PROJECT_CLAIMS))
        outcomes.append(TaskOutcome(spec, command, result=result, parts=parts))
    if as_json:
        payload = [o.result.to_json() for o in outcomes if o.result is not None]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    if write_doc is not None:
        write_doc.parent.mkdir(parents=True, exist_ok=True)
        write_doc.write_text(render(outcomes, analysis=analysis), encoding="utf-8")
        console.print(f"wrote {write_doc}")
