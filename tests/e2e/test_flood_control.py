"""Telegram's flood control: with one send in seven refused (429, retry after 1 s), every
student still gets their answer, once."""

from __future__ import annotations

import asyncio

import pytest

from bot.local_telegram import LocalTelegram
from tests.e2e.conftest import Conversation

pytestmark = pytest.mark.e2e
STUDENTS = 50


async def test_every_student_is_answered_once_despite_429s(telegram: LocalTelegram) -> None:
    telegram.too_many_requests_every = 7
    try:
        students = [Conversation(telegram, 960_000_001 + n) for n in range(STUDENTS)]
        for student in students:  # all at once, as a class asking after an announcement
            await telegram.send_text(student.user_id, "sigorta yapılıyor mu")
        answers = await asyncio.gather(
            *(telegram.wait_for_messages(s.user_id, 1, timeout=90, settle=1.5) for s in students)
        )
    finally:
        telegram.too_many_requests_every = 0
    assert telegram.refused_sends >= STUDENTS // 7  # the limit really bit
    for answer in answers:
        assert len(answer) == 1 and "5510" in answer[0].plain  # right, and not twice
