"""`claimgraph query`, `show`, `stats` and `export`: reading the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.text import Text

from claimgraph.cli._common import DbOption, JsonOption, console, open_store
from claimgraph.cli.ingest_cmd import claims_table
from claimgraph.errors import UnknownComponentError
from claimgraph.vocab import PloverType, Status

#: The colour each status is shown in by `show` and the claims tables.
STATUS_STYLE: dict[Status, str] = {
    Status.ASSERTED: "bold green",
    Status.REPORTED: "green",
    Status.ALLEGED: "yellow",
    Status.HEDGED: "magenta",
    Status.DENIED: "bold red",
    Status.PREDICTED: "cyan",
}


def query(
    actor: Annotated[str | None, typer.Option(help="Actor id, name or alias, either side.")] = None,
    subject: Annotated[str | None, typer.Option(help="Subject actor id, name or alias.")] = None,
    object_: Annotated[
        str | None, typer.Option("--object", help="Object actor id, name or alias.")
    ] = None,
    type_: Annotated[PloverType | None, typer.Option("--type", help="PLOVER event type.")] = None,
    status: Annotated[Status | None, typer.Option(help="Evidential status.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many claims.")] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many claims first.")] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find claims by actor, side, type and status."""
    from claimgraph.serialize import claim_to_dict

    store = open_store(db, read_only=True)
    try:
        claims = store.query_claims(
            actor=actor,
            subject=subject,
            object=object_,
            type=type_.value if type_ else None,
            status=status.value if status else None,
            limit=limit,
            offset=offset,
        )
    finally:
        store.close()
    if as_json:
        sys.stdout.write(json.dumps([claim_to_dict(c) for c in claims], ensure_ascii=False) + "\n")
        return
    console.print(claims_table(claims, title=f"Claims ({len(claims)})"))


def show(
    doc: Annotated[str, typer.Argument(help="Document id (or a unique prefix of it).")],
    db: DbOption = None,
) -> None:
    """Print a stored article with its claims highlighted by status."""
    store = open_store(db, read_only=True)
    try:
        document = store.get_document(doc)
        claims = store.query_claims(doc_id=document.doc_id, limit=10_000)
    finally:
        store.close()
    header = Text()
    header.append(document.title or "(untitled)", style="bold underline")
    meta = " · ".join(
        str(x) for x in (document.author, document.outlet, document.published, document.source) if x
    )
    header.append(f"\n{meta}\n{document.doc_id}\n", style="dim")
    console.print(header)
    body = Text(document.text)
    for claim in sorted(claims, key=lambda c: c.char_span):
        start, end = claim.char_span
        body.stylize(STATUS_STYLE[claim.status], start, end)
        body.stylize("underline", claim.trigger_span[0], claim.trigger_span[1])
    console.print(body)
    legend = Text("\nstatus: ")
    for status, style in STATUS_STYLE.items():
        legend.append(f" {status.value} ", style=style)
    console.print(legend)
    console.print(claims_table(claims, title=f"Claims in this article ({len(claims)})"))


def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts of the store: documents stored/failed, claims by status, actors, relations."""
    from dataclasses import asdict

    store = open_store(db, read_only=True)
    try:
        result = store.stats()
    finally:
        store.close()
    data = asdict(result)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
        return
    from rich.table import Table

    table = Table(title="Store")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in data.items():
        if isinstance(value, dict):
            for sub, count in value.items():
                table.add_row(f"{key}: {sub}", str(count))
        else:
            table.add_row(key, str(value))
    console.print(table)


def export(
    output_format: Annotated[
        Literal["jsonl", "csv", "parquet", "plover", "graphml", "gexf"],
        typer.Option(
            "--format",
            "-f",
            help="claims: jsonl, csv, parquet, plover (PLOVER JSON events); "
            "the relation graph: graphml, gexf; relations: csv, parquet.",
        ),
    ] = "jsonl",
    what: Annotated[
        Literal["claims", "relations"],
        typer.Option("--what", help="Export claims (default) or aggregated relations."),
    ] = "claims",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    min_sources: Annotated[
        int, typer.Option("--min-sources", min=1, help="Relations with at least N sources.")
    ] = 1,
    db: DbOption = None,
) -> None:
    """Export claims (jsonl, csv, parquet, plover), the graph (graphml, gexf) or relations."""
    from claimgraph.graph.export import export_claims, export_relations

    binary = output_format in {"graphml", "gexf", "parquet"}
    store = open_store(db, read_only=True)
    try:
        target = output if output is not None else (sys.stdout.buffer if binary else sys.stdout)
        if what == "relations":
            if output_format == "csv" or output_format == "parquet":  # noqa: PLR1714 - narrows the Literal for the type checker
                export_relations(store, output_format, target, min_sources=min_sources)
            else:
                raise UnknownComponentError(
                    kind="relation export format", name=output_format, choices="csv, parquet"
                )
        else:
            export_claims(store, output_format, target, min_sources=min_sources)
    finally:
        store.close()
