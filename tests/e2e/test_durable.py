"""Conversations are durable: crashed servers are started again, and a student in the middle
of a guided conversation continues where they were after Rasa restarts and after a model
swap (the SQL tracker store); old history is pruned."""

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
from staj.store.conversations import prune_conversations
from tests.conftest import session_model
from tests.e2e.conftest import Conversation, running_bot

pytestmark = pytest.mark.e2e


async def _back_up(process: ManagedProcess, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not process.healthy():
        assert time.monotonic() < deadline, f"{process.name} was not started again"
        await asyncio.sleep(0.5)


async def test_crashes_restarts_and_a_model_swap_lose_no_conversation(
    settings: Settings, clock: ManualClock
) -> None:
    """One stack of its own: the action server and then Rasa are killed (a crash, no
    goodbye); a student asking meanwhile gets a reply within 5 s, the supervisor starts each
    again, and a student in the middle of a guided conversation continues where they were,
    after the restart of Rasa and after a model swap (the SQL tracker store)."""
    rasa_port = free_port()
    own = dataclasses.replace(
        settings,
        rasa_port=rasa_port,
        rasa_url=f"http://127.0.0.1:{rasa_port}",
        action_server_port=free_port(),
    )
    model = session_model()
    telegram = LocalTelegram()
    await telegram.start()
    question = "stajda sigortam yapılıyor mu"
    try:
        with assistant_stack(own, model) as stack:
            async with running_bot(own, telegram, clock):
                in_form = Conversation(telegram, 939_000_002)
                [asked] = await in_form.say("başvurabilir miyim")
                assert "programda" in asked.plain
                [asked] = await in_form.say("lisans")
                assert "Kaçıncı sınıf" in asked.plain

                student = Conversation(telegram, 939_000_001)
                [answer] = await student.say(question)
                assert "Kaynak" in answer.plain
                for process in list(stack.started):  # the action server, then Rasa
                    assert process.process is not None
                    os.killpg(process.process.pid, signal.SIGKILL)
                    process.process.wait()
                    asked_at = time.monotonic()
                    [meanwhile] = await student.say(question, timeout=10)
                    assert time.monotonic() - asked_at < 5, process.name  # a reply, not silence
                    await _back_up(process)
                    [again] = await student.say(question)
                    assert "Kaynak" in again.plain, (process.name, meanwhile.plain, again.plain)

                # Rasa was started again: the guided conversation goes on where it stopped.
                [asked] = await in_form.say("3. sınıf")
                assert "ortalama" in asked.plain, asked.plain
                rasa = RasaClient(own.rasa_url, 30.0, own.internal_secret)
                await rasa.start()
                try:
                    await rasa.replace_model(str(model))  # as the retraining gate swaps a model
                finally:
                    await rasa.close()
                [verdict] = await in_form.say("2,5")
                assert verdict.plain.startswith("✅") and "3. sınıf" in verdict.plain, verdict.plain
        # The retention job prunes Rasa's own table: everything is "old" a day from now.
        assert prune_conversations(own.tracker_store_url, datetime.now(UTC) + timedelta(days=1))
        assert (
            prune_conversations(own.tracker_store_url, datetime.now(UTC) + timedelta(days=1)) == 0
        )
    finally:
        await telegram.stop()
