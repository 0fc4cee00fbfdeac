"""The scale-out deployment on one machine, as deploy/ describes it for several: N Rasa
servers sharing a tracker store on PostgreSQL and locks in Redis, N action servers (each
with a knowledge-base directory of its own, so that only the database can bring them an
admin's edit), and the settings a bot process needs to use them all.

Used by the replica tests and by `benchmarks/load.py --replicas`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.local_telegram import free_port
from cli.processes import ManagedProcess, Stack, action_server, rasa_server
from staj.config import Settings
from staj.store import upgrade_to_head


@dataclass
class Cluster:
    settings: Settings  # for a bot process: every Rasa server, the shared store
    rasa: list[ManagedProcess]
    actions: list[ManagedProcess]
    faq_dirs: list[Path]  # each action server's own copy of the knowledge base
    stack: Stack

    @property
    def rasa_urls(self) -> list[str]:
        return self.settings.rasa_url.split(",")

    def kill_rasa(self, index: int) -> None:
        """kill -9: the server vanishes with whatever it was doing."""
        process = self.rasa[index].process
        assert process is not None
        self.stack.started.remove(self.rasa[index])  # not started again by the supervisor
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def _plain_postgresql(url: str) -> str:
    return "postgresql://" + url.removeprefix("postgresql+psycopg://")


@contextlib.contextmanager
def running_cluster(
    base: Settings,
    model: Path,
    workdir: Path,
    postgres_url_factory,  # type: ignore[no-untyped-def]
    redis_url: str,
    replicas: int = 2,
) -> Iterator[Cluster]:
    """Start ``replicas`` Rasa servers and as many action servers on ``model``; the store
    and Rasa's tracker store are two fresh PostgreSQL databases."""
    store_url = postgres_url_factory()
    upgrade_to_head(store_url)
    shared = dataclasses.replace(
        base,
        database_url=store_url,
        tracker_store_url=_plain_postgresql(postgres_url_factory()),
        lock_store_url=redis_url,
    )
    rasa, actions, faq_dirs, urls = [], [], [], []
    for index in range(1, replicas + 1):
        faq_dir = workdir / f"faq-{index}"
        shutil.copytree(base.faq_dir, faq_dir)
        own = dataclasses.replace(
            shared,
            rasa_port=free_port(),
            action_server_port=free_port(),
            action_server_endpoint=None,
            faq_dir=faq_dir,
        )
        server = action_server(own)
        server.name = f"actions-{index}"
        server.env.update(DATABASE_URL=store_url, STAJ_FAQ_DIR=str(faq_dir))
        replica = rasa_server(own, model)
        replica.name = f"rasa-{index}"
        actions.append(server)
        rasa.append(replica)
        faq_dirs.append(faq_dir)
        urls.append(f"http://127.0.0.1:{own.rasa_port}")
    # The bot's own copy too: an edit made through it reaches the others through the store.
    bot_faq = workdir / "faq-bot"
    shutil.copytree(base.faq_dir, bot_faq)
    bot_settings = dataclasses.replace(shared, rasa_url=",".join(urls), faq_dir=bot_faq)
    stack = Stack([*actions, *rasa])
    with stack:
        yield Cluster(bot_settings, rasa, actions, faq_dirs, stack)
