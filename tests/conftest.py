"""The one shared conftest: the spaCy model, the reference-data location, markers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", ROOT.parent / "shared")).resolve()
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False, help="run slow tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip_slow = pytest.mark.skip(reason="slow test: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The real English spaCy pipeline, loaded once for the whole test session."""
    from claimgraph.nlp.model import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (or $CLAIMGRAPH_SHARED); tests that need it skip with a reason if absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"reference data not found at {SHARED} (set CLAIMGRAPH_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    path = shared_dir / "seed" / "000_de0b9b7ed96f8993.txt"
    if not path.is_file():
        pytest.skip(f"seed article not found at {path}")
    return path


@pytest.fixture()
def fixtures_dir() -> Path:
    return FIXTURES
