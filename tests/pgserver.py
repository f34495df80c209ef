"""A throw-away PostgreSQL server for tests and benchmarks, from the Debian package binaries.

``postgres_server()`` is a context manager: it runs ``initdb`` into a fresh temporary
directory, starts ``postgres`` on a free port of 127.0.0.1 (trust authentication, no fsync:
a test server, not a durable one), yields a SQLAlchemy URL, and stops and removes the server
on exit. PostgreSQL refuses to run as root, so under root the server runs as the ``postgres``
system user (or ``nobody``) through ``runuser``.

``find_pg_bin()`` returns the binaries' folder or ``None``; ``pg_skip_reason()`` says why the
server cannot start (for ``pytest.skip``). ``scripts/ci_postgres.sh`` installs the binaries.

``shared_server()`` starts one server per process on first use (stopped at exit), so every
test module shares it; ``fresh_database()`` gives a new database on it, copied from a template
that already holds the store schema (``CREATE DATABASE ... TEMPLATE``: ~0.1 s instead of
running the migrations), and ``drop_database()`` removes one.

Run as a script it starts a server and prints its URL until interrupted (for benchmarks).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# Where the Debian/Ubuntu ``postgresql-NN`` packages put their server binaries.
PG_GLOB = "/usr/lib/postgresql/*/bin"
# Accounts the server may run as when the caller is root, in order of preference.
SERVICE_USERS = ("postgres", "nobody")
# Seconds to wait for the server to accept connections (initdb + start take ~3 s here).
START_TIMEOUT_S = 60.0
DATABASE = "claimgraph"
SUPERUSER = "postgres"


def find_pg_bin() -> Path | None:
    """The newest installed PostgreSQL server's ``bin`` folder (env ``PG_BIN`` wins)."""
    override = os.environ.get("PG_BIN")
    if override:
        path = Path(override)
        return path if (path / "initdb").is_file() else None
    candidates = sorted(
        Path("/").glob(PG_GLOB.lstrip("/")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    for path in reversed(candidates):
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            return path
    return None


def _service_user() -> str | None:
    """The account to run the server as: ``None`` when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in SERVICE_USERS:
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    return None


def _has_driver() -> bool:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return False
    return True


def pg_skip_reason() -> str | None:
    """Why a server cannot be started here, or ``None`` when it can."""
    if find_pg_bin() is None:
        return (
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
            "(run scripts/ci_postgres.sh or apt-get install postgresql)"
        )
    if os.geteuid() == 0 and (_service_user() is None or shutil.which("runuser") is None):
        return "running as root without a 'postgres'/'nobody' account or runuser"
    if not _has_driver():
        return "the psycopg driver is not installed (pip install 'psycopg[binary]')"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(cmd: list[str], user: str | None) -> subprocess.CompletedProcess[str]:
    if user is not None:
        cmd = ["runuser", "-u", user, "--", *cmd]
    return subprocess.run(cmd, check=False, capture_output=True, text=True)


def _wait_ready(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"PostgreSQL did not accept connections on port {port}")


def _create_database(port: int, deadline: float) -> None:
    import psycopg

    while True:
        try:
            with psycopg.connect(
                host="127.0.0.1", port=port, user=SUPERUSER, dbname="postgres", autocommit=True
            ) as conn:
                conn.execute(f'CREATE DATABASE "{DATABASE}"')
                return
        except psycopg.OperationalError:
            # The port opens a moment before the server leaves recovery mode.
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def postgres_server(*, max_connections: int = 50) -> Iterator[str]:
    """Start a private PostgreSQL server and yield its SQLAlchemy URL (psycopg 3 driver)."""
    reason = pg_skip_reason()
    if reason is not None:
        raise RuntimeError(reason)
    bin_dir = find_pg_bin()
    if bin_dir is None:  # pragma: no cover - pg_skip_reason checked it
        raise RuntimeError("PostgreSQL binaries vanished")
    user = _service_user()
    root = Path(tempfile.mkdtemp(prefix="claimgraph-pg-"))
    data = root / "data"
    if user is not None:
        info = pwd.getpwnam(user)
        os.chown(root, info.pw_uid, info.pw_gid)
    root.chmod(0o700)
    port = free_port()
    started = False
    try:
        init = _run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
             "--encoding=UTF8", "--locale=C", "--no-sync"],
            user,
        )  # fmt: skip
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr.strip()}")
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off "
            f"-c max_connections={max_connections} -c shared_buffers=128MB"
        )
        start = _run(
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
             "-l", str(root / "server.log"), "-w", "-t", str(int(START_TIMEOUT_S)), "start"],
            user,
        )  # fmt: skip
        if start.returncode != 0:
            log = (root / "server.log").read_text(errors="replace") if user is None else ""
            raise RuntimeError(f"pg_ctl start failed: {start.stderr.strip()} {log}")
        started = True
        deadline = time.monotonic() + START_TIMEOUT_S
        _wait_ready(port, deadline)
        _create_database(port, deadline)
        yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{DATABASE}"
    finally:
        if started:
            _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], user)
        shutil.rmtree(root, ignore_errors=True)


def create_database(url: str, name: str) -> str:
    """Create database ``name`` on the server behind ``url``; returns its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname="postgres",
        autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(database=name).render_as_string(hide_password=False)


_SHARED: contextlib.ExitStack | None = None
_SHARED_URL: str | None = None
_TEMPLATE = "claimgraph_template"
_COUNTER = itertools.count()


def _stop_shared() -> None:
    global _SHARED, _SHARED_URL  # noqa: PLW0603 - the one server of this process
    if _SHARED is not None:
        _SHARED.close()
    _SHARED = None
    _SHARED_URL = None


def shared_server() -> str:
    """The URL of this process's shared server (started on first call, stopped at exit)."""
    global _SHARED, _SHARED_URL
    if _SHARED_URL is not None:
        return _SHARED_URL
    stack = contextlib.ExitStack()
    url = stack.enter_context(postgres_server(max_connections=100))
    _SHARED, _SHARED_URL = stack, url
    atexit.register(_stop_shared)
    try:
        _build_template(url)
    except BaseException:
        _stop_shared()
        raise
    return url


def _build_template(url: str) -> None:
    """A database holding the store schema at head, the template of ``fresh_database``."""
    from claimgraph.store import Store

    Store(create_database(url, _TEMPLATE)).close()


def fresh_database(prefix: str = "t") -> str:
    """A new database with the store schema, on the shared server; returns its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(shared_server())
    name = f"{prefix}_{os.getpid()}_{next(_COUNTER)}"
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname="postgres",
        autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_TEMPLATE}"')
    return parsed.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the database behind ``url``, closing its leftover connections."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    with psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, dbname="postgres",
        autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Start a server, print its URL, and keep it until Ctrl-C or SIGTERM (then stop it)."""
    signal.signal(signal.SIGTERM, _interrupt)  # a background job ignores SIGINT
    with postgres_server() as url:
        print(url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
