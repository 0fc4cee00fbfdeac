"""Conversations are durable: a student in the middle of a guided conversation continues
where they were after Rasa restarts and after a model swap (the SQL tracker store); old
history is pruned."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.local_telegram import LocalTelegram, free_port
from cli.processes import ManagedProcess, assistant_stack
from staj.clock import ManualClock
from staj.config import Settings
from staj.dialogue.rasa_client import RasaClient
from staj.model.training import ensure_model
from staj.store.conversations import prune_conversations
from tests.e2e.conftest import Conversation, running_bot

pytestmark = pytest.mark.e2e


def _texts(replies: list[dict[str, object]]) -> str:
    return "\n".join(str(r.get("text") or "") for r in replies)


async def test_a_form_survives_a_restart_of_rasa_and_a_model_swap(settings: Settings) -> None:
    rasa_port = free_port()
    own = dataclasses.replace(
        settings,
        rasa_port=rasa_port,
        rasa_url=f"http://127.0.0.1:{rasa_port}",
        action_server_port=free_port(),
    )
    model = ensure_model(settings.faq_dir)
    rasa = RasaClient(own.rasa_url, 30.0, own.internal_secret)
    await rasa.start()
    sender = "durable-student-1"
    try:
        with assistant_stack(own, model):
            assert "programda" in _texts(await rasa.send(sender, "başvurabilir miyim"))
            assert "Kaçıncı sınıf" in _texts(await rasa.send(sender, "lisans"))
        # Rasa and the action server are gone (a deploy, a crash) and come back.
        with assistant_stack(own, model):
            asked = _texts(await rasa.send(sender, "3. sınıf"))
            assert "ortalama" in asked, asked
            await rasa.replace_model(str(model))  # as the retraining gate swaps a model
            verdict = _texts(await rasa.send(sender, "2,5"))
            assert verdict.startswith("✅") and "3. sınıf" in verdict, verdict
        # The retention job prunes Rasa's own table: everything is "old" a day from now.
        assert prune_conversations(own.tracker_store_url, datetime.now(UTC) + timedelta(days=1))
        assert (
            prune_conversations(own.tracker_store_url, datetime.now(UTC) + timedelta(days=1)) == 0
        )
    finally:
        await rasa.close()


async def _back_up(process: ManagedProcess, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not process.healthy():
        assert time.monotonic() < deadline, f"{process.name} was not started again"
        await asyncio.sleep(0.5)


async def test_a_crashed_rasa_or_action_server_is_started_again(
    settings: Settings, clock: ManualClock
) -> None:
    rasa_port = free_port()
    own = dataclasses.replace(
        settings,
        rasa_port=rasa_port,
        rasa_url=f"http://127.0.0.1:{rasa_port}",
        action_server_port=free_port(),
    )
    telegram = LocalTelegram()
    await telegram.start()
    question = "stajda sigortam yapılıyor mu"
    try:
        with assistant_stack(own, ensure_model(settings.faq_dir)) as stack:
            async with running_bot(own, telegram, clock):
                student = Conversation(telegram, 939_000_001)
                [answer] = await student.say(question)
                assert "Kaynak" in answer.plain
                for process in list(stack.started):  # the action server, then Rasa
                    assert process.process is not None
                    os.killpg(process.process.pid, signal.SIGKILL)  # a crash, no goodbye
                    process.process.wait()
                    asked = time.monotonic()
                    [meanwhile] = await student.say(question, timeout=10)
                    assert time.monotonic() - asked < 5, process.name  # a reply, not silence
                    await _back_up(process)
                    [again] = await student.say(question)
                    assert "Kaynak" in again.plain, (process.name, meanwhile.plain, again.plain)
    finally:
        await telegram.stop()
