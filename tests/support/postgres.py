"""A throwaway PostgreSQL server from Debian's packages for the store tests.

Installs `postgresql` with apt-get when it is missing and we may (root, CI machines), starts
a private cluster on a free loopback port under a temporary directory, and gives each test a
fresh database. Where none of this is possible the tests are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.local_telegram import free_port


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return candidates[0].parent if candidates else None


def _install() -> None:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise PostgresUnavailable(
            "PostgreSQL yok ve kurulamıyor (root ve apt-get gerekir): apt-get install postgresql"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
    ):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if result.returncode == 0 and command[1] == "install":
            return
    raise PostgresUnavailable(f"apt-get install postgresql başarısız: {result.stderr[-500:]}")


@dataclass
class PostgresServer:
    bin_dir: Path
    port: int
    process: subprocess.Popen[bytes]
    user: str

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def new_database(self) -> str:
        """A fresh empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = f"staj_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


def _as_user(user: str | None, command: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *command] if user else command


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    bin_dir = _bin_dir()
    if bin_dir is None:
        _install()
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise PostgresUnavailable("postgresql kuruldu ama initdb bulunamadı")
    # PostgreSQL refuses to run as root: use Debian's `postgres` account then.
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable(
                "root olarak çalışılıyor ve `postgres` kullanıcısı yok"
            ) from exc
        user = "postgres"
    workdir = Path(tempfile.mkdtemp(prefix="staj-pg-"))
    data, sockets = workdir / "data", workdir / "run"
    sockets.mkdir()
    if user:
        shutil.chown(workdir, user)
        shutil.chown(sockets, user)
    try:
        subprocess.run(
            _as_user(
                user,
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ],
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        port = free_port()
        process = subprocess.Popen(
            _as_user(
                user,
                [
                    str(bin_dir / "postgres"),
                    "-D", str(data),
                    "-p", str(port),
                    "-k", str(sockets),
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "fsync=off",
                    "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off",
                ],
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        server = PostgresServer(bin_dir, port, process, user or "")
        _wait_ready(server)
        yield server
    except subprocess.CalledProcessError as exc:
        raise PostgresUnavailable(f"initdb başarısız: {exc.stderr!r}") from exc
    finally:
        with contextlib.suppress(NameError):
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_ready(server: PostgresServer) -> None:
    import psycopg

    deadline = time.monotonic() + 60
    while True:
        try:
            with psycopg.connect(server.admin_url, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if server.process.poll() is not None or time.monotonic() > deadline:
                raise PostgresUnavailable("PostgreSQL sunucusu başlamadı") from None
            time.sleep(0.2)
