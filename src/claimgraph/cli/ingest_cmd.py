"""`claimgraph run`, `claimgraph ingest` and `claimgraph extract`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimgraph.cli._common import DbOption, JsonOption, console, open_store
from claimgraph.engine.gpu import AUTO, GpuRequest, parse_gpu_request
from claimgraph.engine.journal import RunJournal
from claimgraph.engine.local import RunSummary, run_local
from claimgraph.ingest import ReaderOptions, ReadStats, iter_documents
from claimgraph.pipeline import Pipeline, PipelineConfig
from claimgraph.records import Claim, RawDocument, Rejected
from claimgraph.store import RelationRow, Store, StoreStats
from claimgraph.store.journal import forget_run

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Files, directories, globs, or - for stdin.", show_default=False),
]
WorkersOption = Annotated[
    int, typer.Option("--workers", "-w", min=1, help="Parser processes (1 = this process).")
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Exit 1 when any document was rejected.")
]
EngineOption = Annotated[
    Literal["local", "ray"],
    typer.Option("--engine", help="local processes, or Ray Data (pip install 'claimgraph[ray]')."),
]
AddressOption = Annotated[
    str | None,
    typer.Option("--address", help="Ray cluster address (ray://host:port or auto); default local."),
]
ParquetOption = Annotated[
    Path | None,
    typer.Option("--parquet-dir", help="Ray engine: also write partitioned Parquet here."),
]
DedupOption = Annotated[
    bool,
    typer.Option("--dedup/--no-dedup", help="Cluster near-duplicate (syndicated) documents."),
]
OutletLinesOption = Annotated[
    bool,
    typer.Option(
        "--outlet-lines/--no-outlet-lines",
        help="Learn lines that recur across an outlet's pages and remove them.",
    ),
]
FreshOption = Annotated[
    bool,
    typer.Option("--fresh", help="Forget this run's journal: re-read inputs already done."),
]
GpuOption = Annotated[
    str,
    typer.Option(
        "--num-gpus",
        help="Ray engine: GPUs per worker; auto shares the cluster's GPUs (none: CPU), 0 = CPU.",
    ),
]
MaxBytesOption = Annotated[
    int,
    typer.Option("--max-bytes", min=1, help="Reject documents larger than this many bytes."),
]


def bundled_samples() -> Path:
    """The sample corpus shipped with the package (articles written for claimgraph)."""
    return Path(str(resources.files("claimgraph") / "samples"))


def _read(
    paths: list[str], max_bytes: int, stats: ReadStats | None = None
) -> Iterator[RawDocument | Rejected]:
    return iter_documents(paths, options=ReaderOptions(max_bytes=max_bytes), stats=stats)


@dataclass(frozen=True, slots=True)
class EngineChoice:
    """Which engine runs an ingest, and its options."""

    name: Literal["local", "ray"] = "local"
    address: str | None = None
    parquet_dir: Path | None = None
    num_gpus: GpuRequest = AUTO
    dedup: bool = True  # near-duplicate (syndication) clustering
    outlet_lines: bool = True  # learn and remove per-outlet boilerplate lines
    fresh: bool = False  # forget the run journal: re-read every input


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    summary: RunSummary
    relations: list[RelationRow]
    stats: StoreStats


def _journal(store: Store, paths: list[str], max_bytes: int, engine: EngineChoice) -> RunJournal:
    """The run journal keyed by what changes the store (not the worker count)."""
    options = {
        "max_bytes": max_bytes,
        "model": PipelineConfig().model,
        "dedup": engine.dedup,
        "outlet_lines": engine.outlet_lines,
    }
    journal = RunJournal(store, inputs=paths, options=options)
    if engine.fresh:
        with store.transaction() as session:
            forget_run(session, journal.run_key)
        journal = RunJournal(store, inputs=paths, options=options)
    return journal


def _ingest(
    paths: list[str],
    db: str | None,
    workers: int,
    max_bytes: int,
    *,
    engine: EngineChoice | None = None,
    show_progress: bool = True,
) -> IngestOutcome:
    engine = engine or EngineChoice()
    store = open_store(db)
    with ExitStack() as stack:
        stack.callback(store.close)
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(bar_width=None),
            TextColumn(
                "{task.fields[docs]} docs · {task.fields[rate]:.1f} docs/s · "
                "{task.fields[claims]} claims · {task.fields[failed]} failed"
            ),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=not show_progress,
        )
        stack.enter_context(progress)
        task = progress.add_task("ingesting", total=None, docs=0, rate=0.0, claims=0, failed=0)
        started = progress.get_time()

        def update(summary: RunSummary) -> None:
            elapsed = max(progress.get_time() - started, 1e-6)
            done = summary.stored + summary.failed
            progress.update(
                task, docs=done, rate=done / elapsed, claims=summary.claims, failed=summary.failed
            )

        run_id = store.record_run(inputs=paths)
        read_stats = ReadStats()
        if engine.name == "ray":
            from claimgraph.engine.ray import run_ray

            summary = run_ray(
                paths,
                store,
                workers=workers,
                address=engine.address,
                parquet_dir=engine.parquet_dir,
                config=PipelineConfig(),
                num_gpus=engine.num_gpus,
                options=ReaderOptions(max_bytes=max_bytes),
                progress=update,
                journal=_journal(store, paths, max_bytes, engine),
                dedup=engine.dedup,
                outlet_lines=engine.outlet_lines,
            )
        else:
            reader_options = ReaderOptions(max_bytes=max_bytes)
            journal = _journal(store, paths, max_bytes, engine)
            summary = run_local(
                journal.iter_documents(options=reader_options, stats=read_stats),
                store,
                config=PipelineConfig(),
                workers=workers,
                progress=update,
                journal=journal,
                dedup=engine.dedup,
                outlet_lines=engine.outlet_lines,
            )
            summary.inputs_already_done = journal.skipped_inputs
        summary.skipped.update(read_stats.skipped)
        store.finish_run(run_id, summary.as_dict())
        progress.update(task, description="done")
        top, _total = store.find_relations(order="score", limit=10)
        return IngestOutcome(summary, top, store.stats())


def _print_summary(outcome: IngestOutcome) -> None:
    summary, relations, stats = outcome.summary, outcome.relations, outcome.stats
    docs = Table(title="Documents", show_header=True)
    docs.add_column("read", justify="right")
    docs.add_column("stored", justify="right")
    docs.add_column("already stored", justify="right")
    docs.add_column("inputs already done", justify="right")
    docs.add_column("not parsed", justify="right")
    docs.add_column("failed", justify="right")
    docs.add_row(
        str(summary.read),
        str(summary.stored),
        str(summary.already_stored),
        str(summary.inputs_already_done),
        str(summary.not_parsed),
        str(summary.failed),
    )
    console.print(docs)
    if summary.skipped:
        console.print(
            "skipped (not articles): "
            + ", ".join(f"{reason} {count}" for reason, count in summary.skipped.most_common())
        )
    if summary.rejected:
        rej = Table(title="Rejected documents")
        rej.add_column("code")
        rej.add_column("source")
        rej.add_column("reason")
        for example in summary.reject_examples[:20]:
            rej.add_row(example.code, example.source, example.detail)
        console.print(rej)
    status = Table(title="Claims by status (this run)")
    status.add_column("status")
    status.add_column("claims", justify="right")
    for name, count in summary.claims_by_status.most_common():
        status.add_row(name, str(count))
    status.add_row("[bold]total", f"[bold]{summary.claims}")
    console.print(status)
    rel = Table(title="Top relations in the store (by corroboration score)")
    for name in ("subject", "type", "object"):
        rel.add_column(name)
    for name in ("claims", "indep. sources", "score"):
        rel.add_column(name, justify="right")
    rel.add_column("statuses")
    for row in relations:
        mix = ", ".join(f"{k.value} {v}" for k, v in sorted(row.status_counts.items()) if v)
        if row.contradicted:
            mix = f"[bold red]contradicted[/] · {mix}"
        rel.add_row(
            row.subject.name,
            row.type.value,
            row.object.name,
            str(row.n_claims),
            str(row.n_sources),
            f"{row.score:.2f}",
            mix,
        )
    console.print(rel)
    console.print(
        f"store: {stats.documents} documents, {stats.claims} claims, "
        f"{stats.relations} relations, {stats.failed} rejected inputs · "
        f"{summary.words} words in {summary.elapsed:.1f}s"
    )
    if summary.devices:
        workers = ", ".join(f"{n} on {device}" for device, n in sorted(summary.devices.items()))
        console.print(f"parse workers: {workers}")


def run(
    paths: PathsArg = None,
    db: DbOption = None,
    workers: WorkersOption = 1,
    max_bytes: MaxBytesOption = 20_000_000,
    strict: StrictOption = False,
    engine: EngineOption = "local",
    address: AddressOption = None,
    parquet_dir: ParquetOption = None,
    num_gpus: GpuOption = AUTO,
    dedup: DedupOption = True,
    outlet_lines: OutletLinesOption = True,
    fresh: FreshOption = False,
) -> None:
    """The main job: ingest PATHS (default: the bundled sample corpus) and print a summary.

    Interrupted? Run the same command again: finished inputs are skipped, stored documents
    are never stored twice.
    """
    inputs = paths or [str(bundled_samples())]
    gpus = parse_gpu_request(num_gpus)
    choice = EngineChoice(engine, address, parquet_dir, gpus, dedup, outlet_lines, fresh)
    outcome = _ingest(inputs, db, workers, max_bytes, engine=choice)
    _print_summary(outcome)
    if strict and outcome.summary.failed:
        raise typer.Exit(1)


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    db: DbOption = None,
    workers: WorkersOption = 1,
    max_bytes: MaxBytesOption = 20_000_000,
    strict: StrictOption = False,
    as_json: JsonOption = False,
    engine: EngineOption = "local",
    address: AddressOption = None,
    parquet_dir: ParquetOption = None,
    num_gpus: GpuOption = AUTO,
    dedup: DedupOption = True,
    outlet_lines: OutletLinesOption = True,
    fresh: FreshOption = False,
) -> None:
    """Ingest documents into the store (idempotent: stored documents are skipped).

    Resumable: the same command after an interruption continues where it stopped.
    """
    gpus = parse_gpu_request(num_gpus)
    choice = EngineChoice(engine, address, parquet_dir, gpus, dedup, outlet_lines, fresh)
    outcome = _ingest(paths, db, workers, max_bytes, engine=choice, show_progress=not as_json)
    if as_json:
        sys.stdout.write(json.dumps(outcome.summary.as_dict()) + "\n")
    else:
        _print_summary(outcome)
    if strict and outcome.summary.failed:
        raise typer.Exit(1)


def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, globs, or - for stdin.")],
    output_format: Annotated[
        Literal["jsonl", "table"], typer.Option("--format", "-f", help="Output format.")
    ] = "jsonl",
    max_bytes: MaxBytesOption = 20_000_000,
) -> None:
    """Print the claim records of PATHS (one JSON per line), without a database."""
    from claimgraph.serialize import claim_to_dict

    pipeline = Pipeline()
    claims: list[Claim] = []
    failed = 0
    for item in pipeline.run(_read(paths, max_bytes)):
        if isinstance(item, Rejected):
            failed += 1
            typer.echo(f"rejected {item.code}: {item.detail}", err=True)
            continue
        if item.error is not None:
            failed += 1
            typer.echo(f"rejected {item.error.code}: {item.error.detail}", err=True)
        for warning in item.article.warnings:
            typer.echo(f"warning: {item.article.source}: {warning}", err=True)
        if output_format == "jsonl":
            for claim in item.claims:
                sys.stdout.write(json.dumps(claim_to_dict(claim), ensure_ascii=False) + "\n")
        else:
            claims.extend(item.claims)
    if output_format == "table":
        console.print(claims_table(claims))


def claims_table(claims: list[Claim], *, title: str = "Claims") -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("subject")
    table.add_column("type")
    table.add_column("object")
    table.add_column("status")
    table.add_column("source")
    table.add_column("trigger")
    table.add_column("conf", justify="right")
    for claim in claims:
        chain = " ← ".join(link.source or link.kind.value for link in claim.attribution) or "author"
        type_ = claim.type.value + (f"/{claim.mode}" if claim.mode else "")
        table.add_row(
            claim.subject.name,
            type_,
            claim.object.name,
            claim.status.value,
            chain,
            claim.trigger,
            f"{claim.confidence:.2f}",
        )
    return table
