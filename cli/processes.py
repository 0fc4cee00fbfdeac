"""Start, health-check and stop the Rasa server and the action server."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import yaml

from staj.config import Settings
from staj.model.training import rasa_env, rasa_executable
from staj.paths import NLU_DIR, REPO_ROOT, var_dir

log = logging.getLogger(__name__)


def http_ok(url: str, timeout: float = 2.0) -> dict[str, object] | None:
    """GET ``url``; the JSON body if it answered 200, else None."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            if response.status != 200:
                return None
            body = response.read()
    except (urllib.error.URLError, OSError, TimeoutError):
        return None
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def port_in_use(url: str) -> bool:
    """Something accepts connections where ``url`` points."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), 1.0):
            return True
    except OSError:
        return False


@dataclass
class ManagedProcess:
    name: str
    command: list[str]
    cwd: Path
    env: dict[str, str]
    health_url: str  # answers 200 only to us (it carries the internal secret)
    # What the health answer must say for the server to be ours (Rasa: the expected model).
    identity: Callable[[dict[str, object]], bool] = lambda _: True
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def log_path(self) -> Path:
        path = var_dir() / "logs" / f"{self.name}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def healthy(self) -> bool:
        answer = http_ok(self.health_url)
        return answer is not None and self.identity(answer)

    def port_taken_by_another(self) -> bool:
        """Something answers on our port that is not ours (another program, another
        installation's server, or ours with an old model)."""
        return not self.healthy() and port_in_use(self.health_url)

    def start(self) -> None:
        log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: Ctrl-C is ours to pass on
        )
        log_file.close()

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"{self.name} başlamadan kapandı.\n{self.log_tail()}")
            if self.healthy():
                return
            time.sleep(0.5)
        raise RuntimeError(f"{self.name} {timeout:.0f} saniyede hazır olmadı.\n{self.log_tail()}")

    def log_tail(self, lines: int = 25) -> str:
        try:
            return "".join(
                self.log_path.read_text(errors="replace").splitlines(keepends=True)[-lines:]
            )
        except OSError:
            return ""

    def stop(self, timeout: float = 15.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)


def action_server(settings: Settings) -> ManagedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.setdefault("PYTHONWARNINGS", "ignore")
    env["STAJ_INTERNAL_SECRET"] = settings.internal_secret  # from the environment, not argv
    port = settings.action_server_port
    token = urlencode({"token": settings.internal_secret})
    return ManagedProcess(
        name="actions",
        command=[
            sys.executable,
            "-m",
            "actions.server",
            "--port",
            str(port),
            "--host",
            settings.bind_host,
        ],
        cwd=REPO_ROOT,
        env=env,
        health_url=f"http://127.0.0.1:{port}/health?{token}",
    )


def rasa_endpoints(settings: Settings) -> dict[str, Any]:
    """Rasa's endpoints from the settings: the action server, the tracker store that keeps
    conversations across restarts and model swaps, and Redis locks when configured."""
    endpoints: dict[str, Any] = {
        # Rasa sends the token with every action call; the action server checks it.
        "action_endpoint": {"url": settings.action_server_url, "token": settings.internal_secret},
        "tracker_store": {"type": "SQL", "url": settings.tracker_store_url},
    }
    if settings.lock_store_url:
        redis = urlsplit(settings.lock_store_url)
        endpoints["lock_store"] = {
            "type": "redis",
            "url": redis.hostname,
            "port": redis.port or 6379,
            "db": int(redis.path.strip("/") or 0),
            "password": redis.password,
            "use_ssl": redis.scheme == "rediss",
        }
    return endpoints


def lock_lifetime_seconds(settings: Settings) -> int:
    """Two thirds of the time the bot waits for a turn (20 s by default): well above a turn
    under load (p95 8 s with 200 students on one server), and short enough that a message
    resent after a crash is still answered before the bot gives up waiting."""
    return max(5, int(settings.rasa_timeout_seconds * 2 / 3))


def rasa_server(settings: Settings, model: Path) -> ManagedProcess:
    # Written per port: two stacks (a test's own, say) never share one file.
    endpoints = var_dir() / f"rasa-endpoints-{settings.rasa_port}.yml"
    endpoints.write_text(yaml.safe_dump(rasa_endpoints(settings)), encoding="utf-8")
    endpoints.chmod(0o600)  # it holds the internal secret, maybe database and Redis passwords
    command = [
        str(rasa_executable().parent / "python"), "-m", "nlu.serve",  # `rasa run`, token from env
        "--enable-api", "--interface", settings.bind_host, "--port", str(settings.rasa_port),
        "--model", str(model), "--endpoints", str(endpoints), "--credentials", "credentials.yml",
    ]  # fmt: skip
    env = rasa_env()
    env["STAJ_INTERNAL_SECRET"] = settings.internal_secret
    if settings.lock_store_url:
        # A conversation's lock in Redis outlives the server that took it only this long
        # (Rasa's default is 60 s): when a server dies mid-turn, the bot sends the message
        # to another, which waits for the lock; within RASA_TIMEOUT_SECONDS, not after it.
        env["TICKET_LOCK_LIFETIME"] = str(lock_lifetime_seconds(settings))
    token = urlencode({"token": settings.internal_secret})
    return ManagedProcess(
        name="rasa",
        command=command,
        cwd=NLU_DIR,
        env=env,
        health_url=f"http://127.0.0.1:{settings.rasa_port}/status?{token}",
        # A Rasa of ours still serving another model (a stale one) is not the one wanted.
        identity=lambda status: Path(str(status.get("model_file") or "")).name == model.name,
    )


# A crashed server is started again after 1, 2, 4, ... seconds, at most this long.
MAX_BACKOFF_SECONDS = 60.0


@dataclass
class Stack:
    """The servers one command needs; starts only those not already running, and while it
    runs, starts again any of its own that crashed (with backoff)."""

    processes: list[ManagedProcess]
    started: list[ManagedProcess] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event, repr=False)
    _supervisor: threading.Thread | None = field(default=None, repr=False)

    def up(self, timeout: float = 180.0) -> None:
        for process in self.processes:
            if process.port_taken_by_another():
                port = urlsplit(process.health_url).port
                raise RuntimeError(
                    f"{port} numaralı portta {process.name} için başka bir sunucu çalışıyor "
                    "(başka bir program ya da eski modelle kalmış bir sunucu). Onu durdurun ya "
                    "da RASA_PORT / ACTION_SERVER_PORT ile başka bir port seçin."
                )
        pending = [p for p in self.processes if not p.healthy()]
        for process in pending:
            log.info("%s başlatılıyor...", process.name)
            process.start()
            self.started.append(process)
        for process in pending:
            process.wait_healthy(timeout)
            log.info("%s hazır.", process.name)
        self._stopping.clear()
        self._supervisor = threading.Thread(target=self._supervise, name="supervisor", daemon=True)
        self._supervisor.start()

    def _supervise(self, every: float = 1.0) -> None:
        """Start a crashed server again; wait longer after each crash in a row, and forget
        them once it has run healthily for a minute."""
        crashes: dict[str, int] = {}
        due: dict[str, float] = {}
        healthy_since: dict[str, float] = {}
        while not self._stopping.wait(every):
            now = time.monotonic()
            for process in list(self.started):
                running = process.process is not None and process.process.poll() is None
                if running:
                    if now - healthy_since.setdefault(process.name, now) > 60:
                        crashes.pop(process.name, None)
                    continue
                healthy_since.pop(process.name, None)
                if process.name not in due:
                    crashes[process.name] = crashes.get(process.name, 0) + 1
                    delay = min(2.0 ** (crashes[process.name] - 1), MAX_BACKOFF_SECONDS)
                    code = process.process.returncode if process.process else None
                    log.warning("%s kapandı (çıkış kodu %s); %.0f sn sonra yeniden başlatılıyor.",
                                process.name, code, delay)  # fmt: skip
                    due[process.name] = now + delay
                elif now >= due[process.name] and not self._stopping.is_set():
                    del due[process.name]
                    process.start()
                    log.info("%s yeniden başlatıldı.", process.name)

    def down(self) -> None:
        self._stopping.set()
        if self._supervisor is not None:
            self._supervisor.join(timeout=5)
            self._supervisor = None
        for process in reversed(self.started):
            log.info("%s durduruluyor...", process.name)
            process.stop()
        self.started.clear()

    def __enter__(self) -> Stack:
        try:
            self.up()
        except BaseException:
            self.down()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.down()


def assistant_stack(settings: Settings, model: Path) -> Stack:
    return Stack([action_server(settings), rasa_server(settings, model)])
