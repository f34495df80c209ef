"""Write docs/cli.md from the CLI's own --help texts (a test checks it is current).

Usage: python scripts/gen_cli_docs.py [--check]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"

INTRO = """# Command line reference

Generated from `claimgraph --help` by `python scripts/gen_cli_docs.py`; a test fails when this
file is out of date. Every command that uses the store takes `--db URL` (an SQLAlchemy URL),
falling back to `$CLAIMGRAPH_DB`, then to `sqlite:///claimgraph.db` in the working directory.

Exit codes: 0 success (also a run in which some documents were rejected, unless `--strict`),
1 a failed run, 2 a usage or configuration error.
"""


def render() -> str:
    os.environ["COLUMNS"] = "100"
    os.environ["TERMINAL_WIDTH"] = "100"
    os.environ["NO_COLOR"] = "1"
    from typer.testing import CliRunner

    from claimgraph.cli.main import app

    runner = CliRunner()
    parts = [INTRO]
    top = runner.invoke(app, ["--help"], terminal_width=100)
    parts += ["## claimgraph", "", "```text", top.output.rstrip(), "```", ""]
    commands = [[c.name or ""] for c in app.registered_commands]
    for group in app.registered_groups:
        sub = group.typer_instance
        commands += [[group.name or "", c.name or ""] for c in sub.registered_commands]
    for words in sorted(commands):
        result = runner.invoke(app, [*words, "--help"], terminal_width=100)
        title = " ".join(words)
        parts += [f"## claimgraph {title}", "", "```text", result.output.rstrip(), "```", ""]
    return "\n".join(line.rstrip() for line in "\n".join(parts).splitlines()) + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            sys.stderr.write("docs/cli.md is out of date: run python scripts/gen_cli_docs.py\n")
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
