"""A throwaway Redis server from Debian's packages (Rasa's lock store in the replica tests).

Installs `redis-server` with apt-get when it is missing and we may (root, CI machines) and
starts a private one on a free loopback port, nothing saved to disk. Where this is impossible
the tests that need it are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.local_telegram import free_port


class RedisUnavailable(RuntimeError):
    pass


def _install() -> None:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise RedisUnavailable(
            "Redis yok ve kurulamıyor (root ve apt-get gerekir): apt-get install redis-server"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "redis-server"]
    for command in (install, ["apt-get", "update", "-q"], install):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if result.returncode == 0 and command is install:
            return
    raise RedisUnavailable(f"apt-get install redis-server başarısız: {result.stderr[-500:]}")


@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 1.0) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextlib.contextmanager
def running_redis() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        _install()
    executable = shutil.which("redis-server")
    if executable is None:
        raise RedisUnavailable("redis-server kuruldu ama bulunamadı")
    workdir = Path(tempfile.mkdtemp(prefix="staj-redis-"))
    port = free_port()
    command = [
        executable, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir),
        "--save", "", "--appendonly", "no", "--daemonize", "no",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not _answers_ping(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RedisUnavailable("Redis sunucusu başlamadı")
            time.sleep(0.1)
        yield RedisServer(port, process)
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
