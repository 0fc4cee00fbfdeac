"""The real stack for end-to-end tests: a trained Rasa model, the Rasa server, the action
server, and the unmodified bot talking HTTP to a local fake Telegram Bot API server."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import pytest

from bot.app import build_application, polling
from bot.local_telegram import LocalTelegram, free_port
from cli.processes import Stack, assistant_stack
from staj.clock import ManualClock
from staj.config import Settings, load_settings
from staj.store import open_database, upgrade_to_head
from staj.store.staff import ADMIN, add_staff, remove_staff
from tests.conftest import session_model


@pytest.fixture(scope="session")
def settings() -> Settings:
    os.environ["RASA_PORT"] = str(free_port())
    os.environ["ACTION_SERVER_PORT"] = str(free_port())
    # Reminder passes every 0.2 s: tests move the clock and then wait for messages.
    os.environ["REMINDER_INTERVAL_SECONDS"] = "0.2"
    # Retraining runs only where a test asks for it (/egit): it takes minutes.
    os.environ["RETRAIN_AFTER_EDITS"] = "0"
    # A real fine-tuning, evaluation and swap, in a twentieth of the epochs a deployment runs
    # (2 of DIET's, 3 of the ResponseSelector's): 0.15 took a minute and a half longer.
    os.environ["RETRAIN_EPOCH_FRACTION"] = "0.05"
    # Many bots start in one session: only the panel's own tests serve it (on a free port).
    os.environ["PANEL_ENABLED"] = "0"
    return load_settings()


@pytest.fixture(scope="session")
def stack(settings: Settings) -> Iterator[Stack]:
    """Rasa and the action server, started once for the session (model trained if needed)."""
    upgrade_to_head(settings.database_url)
    with assistant_stack(settings, session_model()) as running:
        yield running


class Conversation:
    """One student talking to the bot through the fake Telegram."""

    def __init__(self, telegram: LocalTelegram, user_id: int) -> None:
        self.telegram = telegram
        self.user_id = user_id

    async def say(self, text: str, count: int = 1, timeout: float = 30.0) -> list:
        before = len(self.telegram.messages_to(self.user_id))
        await self.telegram.send_text(self.user_id, text)
        return await self.telegram.wait_for_messages(
            self.user_id, count, after=before, timeout=timeout
        )

    async def press(self, message, title: str, count: int = 1, timeout: float = 30.0) -> list:  # type: ignore[no-untyped-def]
        before = len(self.telegram.messages_to(self.user_id))
        await self.telegram.press_button(self.user_id, message, title)
        return await self.telegram.wait_for_messages(
            self.user_id, count, after=before, timeout=timeout
        )


@pytest.fixture
def clock() -> ManualClock:
    """The bot's clock for this test: now, until the test moves it."""
    return ManualClock(datetime.now(UTC))


def running_bot(settings: Settings, server: LocalTelegram, clock: ManualClock):  # type: ignore[no-untyped-def]
    """The real bot polling ``server`` (a test may stop and start it again: a restart)."""
    return polling(build_application(settings, server.token, server.base_url, clock=clock))


@pytest.fixture
async def telegram(
    stack: Stack, settings: Settings, clock: ManualClock
) -> AsyncIterator[LocalTelegram]:
    """A fake Telegram with the real bot polling it."""
    server = LocalTelegram()
    await server.start()
    try:
        async with running_bot(settings, server, clock):
            yield server
    finally:
        await server.stop()


_next_user = iter(range(910_000_001, 919_999_999))


@pytest.fixture
def student(telegram: LocalTelegram) -> Conversation:
    return Conversation(telegram, next(_next_user))


@pytest.fixture
def new_student(telegram: LocalTelegram):  # type: ignore[no-untyped-def]
    return lambda: Conversation(telegram, next(_next_user))


# ---- the web panel, served by a bot of its own --------------------------------------------

PANEL_ADMIN_ID = 930_000_001


@dataclasses.dataclass
class ServedPanel:
    telegram: LocalTelegram
    settings: Settings


@pytest.fixture
async def served(
    stack, settings: Settings, clock: ManualClock, tmp_path
) -> AsyncIterator[ServedPanel]:  # type: ignore[no-untyped-def]
    """A bot that serves the panel, with a store of its own (the inbox and history it shows
    are this test's alone); Rasa and the action server are the session's."""
    own = dataclasses.replace(
        settings,
        panel_enabled=True,
        panel_port=free_port(),
        database_url=f"sqlite:///{tmp_path / 'panel-e2e.db'}",
    )
    upgrade_to_head(own.database_url)
    db = open_database(own.database_url)
    await add_staff(db.sessions, PANEL_ADMIN_ID, ADMIN, "Panel Yöneticisi", None, [], "test")
    server = LocalTelegram()
    await server.start()
    try:
        async with polling(build_application(own, server.token, server.base_url, clock=clock)):
            yield ServedPanel(server, own)
    finally:
        await server.stop()
        await remove_staff(db.sessions, PANEL_ADMIN_ID, "test")
        await db.close()


LINK = re.compile(r"(http://127\.0\.0\.1:\d+/giris/[A-Za-z0-9_-]+)")


async def panel_login_link(telegram: LocalTelegram) -> str:
    [reply] = await Conversation(telegram, PANEL_ADMIN_ID).say("/panel")
    found = LINK.search(reply.plain)
    assert found, reply.plain
    assert "bir kez" in reply.plain and "10 dakika" in reply.plain
    return found.group(1)
