"""DuckLake for the tests (marker `lake`): a throwaway PostgreSQL server on localhost for its catalog,
the ducklake and postgres extensions loaded from their wheels, and the schema without what DuckLake refuses.

`lake_postgres` (session) starts Debian's PostgreSQL from a temporary data directory on a free port of
127.0.0.1, with its unix socket in that directory, and yields a libpq connection string; at the end it
stops the server and removes the directory. `lake_catalog` gives each test a database of its own on that
server, so one test's DuckLake catalog never meets another's.

initdb and postgres refuse to run as root: as root they run as the `postgres` user (`runuser`), the
temporary directory then belonging to that user. Where no PostgreSQL is installed the tests skip, unless
DX_REQUIRE_SHARED=1 (CI), where they fail: `scripts/system-packages.sh` installs it.

Nothing is downloaded: DuckDB's automatic install and load of extensions are off, and the extension files
come from the PyPI wheels `duckdb-extension-ducklake` and `duckdb-extension-postgres` (built for one
DuckDB version each: the same as `duckdb`'s). DuckDB derives an extension's entry point from its file
name, so the postgres one is loaded through a link named `postgres_scanner.duckdb_extension`.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from warehouse.engine import OFFLINE, LakeUnavailable, extension_files

SERVER_USER = "postgres"  # the Debian package's account, used when the tests run as root
START_SECONDS = 60


def postgres_bin() -> Path | None:
    """The directory of initdb/pg_ctl/psql: $DX_PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin,
    else initdb on PATH; None when there is none."""
    named = os.environ.get("DX_PG_BIN")
    candidates = [Path(named)] if named else []
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(
        (Path(p) for p in versions), key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, reverse=True
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    return next((c for c in candidates if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class PostgresServer:
    bin: Path
    root: Path  # temporary: data/, the socket, the log
    port: int
    password: str
    as_user: str | None  # run the server's programs as this user (when we are root)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def dsn(self, dbname: str = "postgres") -> str:
        """A libpq connection string, as DX_WAREHOUSE=ducklake:postgres:<it> takes it."""
        return f"host=127.0.0.1 port={self.port} user={SERVER_USER} password={self.password} dbname={dbname}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """One of the server's programs (initdb, pg_ctl), as its user."""
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=START_SECONDS)

    def sql(self, statement: str, dbname: str = "postgres") -> str:
        """A statement through psql over TCP (psql is a client: it runs as anyone)."""
        done = subprocess.run(
            [
                str(self.bin / "psql"),
                "-X",
                "-q",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                self.dsn(dbname),
                "-c",
                statement,
            ],
            capture_output=True,
            text=True,
            timeout=START_SECONDS,
        )
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def start(self) -> None:
        (self.root / "password").write_text(self.password + "\n")
        self._own(self.root / "password")
        self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SERVER_USER,
            "-E",
            "UTF8",
            "--locale=C",
            "--auth=scram-sha-256",
            f"--pwfile={self.root / 'password'}",
            "--no-sync",
        )
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c port={self.port}",
                f"-c unix_socket_directories={self.root}",
                "-c fsync=off",  # a throwaway: nothing to keep after a crash
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=100",
            ]
        )
        started = self.run(
            "pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options, check=False
        )
        if started.returncode != 0:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr.strip()}\n{tail}")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", check=False)

    def _own(self, path: Path) -> None:
        if self.as_user:
            account = pwd.getpwnam(self.as_user)
            os.chown(path, account.pw_uid, account.pw_gid)


def _missing(reason: str, remedy: str = "scripts/system-packages.sh installs postgresql") -> None:
    """Skip a test for want of PostgreSQL or the extension wheels; fail it in CI (DX_REQUIRE_SHARED=1)."""
    if os.environ.get("DX_REQUIRE_SHARED") == "1":
        pytest.fail(f"{reason}: the DuckLake tests (marker lake) are required in CI ({remedy})")
    pytest.skip(reason)


@contextmanager
def throwaway_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the block, stopped and removed when it ends. RuntimeError when none is
    installed or it does not start."""
    binaries = postgres_bin()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL is not installed (no initdb found)")
    as_user = SERVER_USER if os.geteuid() == 0 else None
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as `postgres`.
    root = Path(tempfile.mkdtemp(prefix="dx-lake-pg-"))
    server = PostgresServer(binaries, root, free_port(), secrets.token_hex(16), as_user)
    try:
        server._own(root)
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (see the module's docstring)."""
    if postgres_bin() is None:
        _missing("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH)")
    with throwaway_postgres() as server:
        yield server


@pytest.fixture(scope="session")
def lake_postgres(postgres_server: PostgresServer) -> str:
    """The libpq connection string of the session's server (its database `postgres`)."""
    return postgres_server.dsn()


@pytest.fixture
def lake_catalog(postgres_server: PostgresServer) -> str:
    """A fresh, empty database on the session's server for one test; its libpq connection string."""
    name = f"lake_{secrets.token_hex(6)}"
    postgres_server.sql(f"CREATE DATABASE {name}")
    return postgres_server.dsn(name)


# --- DuckLake: the extensions from their wheels, offline ---------------------------------------------------


def lake_connect(dsn: str, data_path: str | os.PathLike[str], alias: str = "lake") -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the DuckLake whose catalog is the PostgreSQL database `dsn` and whose files
    are under `data_path` attached as `alias` and made the default (`USE`): the project's SQL runs as is."""
    files = extension_files()
    con = duckdb.connect(config=OFFLINE)
    try:
        for file in files:
            con.execute(f"LOAD '{_quoted(file)}'")
        con.execute(f"ATTACH 'ducklake:postgres:{_quoted(dsn)}' AS {alias} (DATA_PATH '{_quoted(data_path)}')")
        con.execute(f"USE {alias}")
    except BaseException:
        con.close()
        raise
    return con


def _quoted(text: object) -> str:
    return str(text).replace("'", "''")


@pytest.fixture(scope="session")
def lake_extensions() -> tuple[Path, Path]:
    """The extension files (see `extension_files`); skipped without the wheels, failed in CI."""
    try:
        return extension_files()
    except LakeUnavailable:
        _missing(
            f"the duckdb-extension-ducklake/-postgres wheels for DuckDB {duckdb.__version__} are not installed",
            "requirements.txt pins them",
        )
        raise
