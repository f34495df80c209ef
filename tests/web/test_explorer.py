"""End to end: ``claimgraph run`` + ``claimgraph serve``, driven in headless Chromium.

Needs /usr/bin/chromium (Debian ``chromium``) and node with ``playwright-core`` installed in
the web frontend folder (``scripts/ci_browser.sh`` installs both); skips with the reason
otherwise. Screenshots go to ``test-artifacts/web/``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "src" / "claimgraph" / "web" / "frontend"
PLAYWRIGHT = FRONTEND / "node_modules" / "playwright-core"
CHROMIUM = Path(os.environ.get("CLAIMGRAPH_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "test-artifacts" / "web"

# Seconds to wait for ``claimgraph serve`` to answer (it imports spaCy-free code only).
SERVE_TIMEOUT = 60

ARTICLES = [
    {
        "id": "hp-1",
        "title": "Kharkiv shelled overnight",
        "outlet": "Harbour Post",
        "author": "Lena Marsh",
        "published": "2024-06-03",
        "text": (
            "Russian forces shelled the Ukrainian city of Kharkiv on Monday, the regional "
            "governor said.\n\nRescue teams worked through the night to clear the rubble."
        ),
    },
    {
        "id": "nw-2",
        "title": "Strikes on Kharkiv continue",
        "outlet": "Nordic Wire",
        "author": "Piet Aalto",
        "published": "2024-06-04",
        "text": (
            "Russian troops shelled Kharkiv again on Tuesday, Ukrainian officials said.\n\n"
            "Russia denied that it shelled civilian areas."
        ),
    },
    {
        "id": "xss-3",
        "title": "<script>window.__pwned = 1</script>Air defence pledge",
        "outlet": "Evening Courier",
        "author": "Sam Rivers",
        "published": "2024-06-05",
        "text": (
            "Germany pledged new air defence systems to Ukraine, the defence minister said. "
            '<img src=x onerror="window.__pwned = 2"> Analysts called the pledge '
            '<b onmouseover="window.__pwned = 3">significant</b>.\n\n'
            "The systems are due to arrive before the winter."
        ),
    },
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + SERVE_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"claimgraph serve did not answer at {url} within {SERVE_TIMEOUT}s")


def test_explorer_end_to_end_in_chromium(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not found: run scripts/ci_browser.sh")
    if not CHROMIUM.is_file():
        pytest.skip(f"chromium not found at {CHROMIUM}: run scripts/ci_browser.sh")
    if not PLAYWRIGHT.is_dir():
        pytest.skip(f"playwright-core not installed under {FRONTEND}: run scripts/ci_browser.sh")
    corpus = tmp_path / "in"
    corpus.mkdir()
    with (corpus / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for article in ARTICLES:
            handle.write(json.dumps(article) + "\n")
    db = f"sqlite:///{tmp_path / 'e2e.db'}"
    cli = [sys.executable, "-m", "claimgraph.cli.main"]
    run = subprocess.run(
        [*cli, "run", str(corpus), "--db", db],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    port = _free_port()
    server = subprocess.Popen(  # our own CLI, fixed arguments
        [*cli, "serve", "--db", db, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        _wait_for(base + "api/v1/health")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "BASE_URL": base,
            "CHROMIUM": str(CHROMIUM),
            "PLAYWRIGHT_CORE": str(PLAYWRIGHT),
            "OUT_DIR": str(ARTIFACTS),
            "USER_DATA_DIR": str(tmp_path / "chromium-profile"),
            "XSS_ACTOR": "Germany",
        }
        script = Path(__file__).with_name("explorer.cjs")
        driven = subprocess.run(
            [node, str(script)], check=False, capture_output=True, text=True, timeout=180, env=env
        )
        assert driven.returncode == 0, driven.stderr + driven.stdout
        report = json.loads(driven.stdout.strip().splitlines()[-1])
        assert report["ok"] is True
        assert "←" in report["claim"]["chain"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
