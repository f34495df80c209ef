"""The ``claimgraph`` command line: a thin layer over the library.

Exit codes: 0 success (also a run with rejected documents, unless ``--strict``), 1 a failed
run, 2 a usage or configuration error.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from claimgraph.cli import db_cmd, eval_cmd, ingest_cmd, query_cmd, serve_cmd, train_cmd
from claimgraph.cli._common import err_console, setup_logging
from claimgraph.errors import ClaimgraphError, ConfigError

logger = logging.getLogger(__name__)

app = typer.Typer(
    name="claimgraph",
    help=(
        "Turn news articles into a sourced, evidence-graded graph of who does what to whom, "
        "who says so, and how sure it is."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state = {"verbose": 0}


@app.callback()
def _root(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More logging (-vv: debug).")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
) -> None:
    _state["verbose"] = verbose
    setup_logging(verbose, quiet)


app.command("run")(ingest_cmd.run)
app.command("ingest")(ingest_cmd.ingest)
app.command("extract")(ingest_cmd.extract)
app.command("query")(query_cmd.query)
app.command("show")(query_cmd.show)
app.command("stats")(query_cmd.stats)
app.command("export")(query_cmd.export)
app.command("eval")(eval_cmd.eval_)
app.command("serve")(serve_cmd.serve)
app.command("train")(train_cmd.train)
app.add_typer(db_cmd.app, name="db")


def main() -> None:
    """Entry point: run the app and turn claimgraph errors into a message and an exit code."""
    try:
        app(standalone_mode=False)
    except ClaimgraphError as err:
        err_console.print(f"[bold red]error[/] [dim]{err.code}[/]: {err.message}")
        if _state["verbose"]:
            logger.exception("details")
        raise SystemExit(2 if isinstance(err, ConfigError) else 1) from None
    except typer.Exit as exit_:
        raise SystemExit(exit_.exit_code) from None
    except typer.Abort:
        err_console.print("aborted")
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        err_console.print("interrupted: rerun the same command to continue where it stopped")
        raise SystemExit(130) from None
    except Exception as err:  # click usage errors carry their own exit code
        import click

        if isinstance(err, click.ClickException):
            err.show()
            raise SystemExit(err.exit_code) from None
        raise


if __name__ == "__main__":
    main()
