"""One student's updates one after another in arrival order; other students meanwhile."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from bot.ordering import PerUserOrder


def _update(update_id: int, user_id: int) -> Update:
    message = Message(
        message_id=update_id,
        date=datetime.now(UTC),
        chat=Chat(user_id, Chat.PRIVATE),
        from_user=User(user_id, "Öğrenci", False),
        text="x",
    )
    return Update(update_id, message=message)


async def test_one_users_updates_keep_their_order_others_run_alongside() -> None:
    processor = PerUserOrder(64)
    done: list[str] = []
    other_ran_while_first_waited = asyncio.Event()

    async def slow_first() -> None:
        await asyncio.wait_for(other_ran_while_first_waited.wait(), 2)
        done.append("a1")

    async def quick_second() -> None:
        done.append("a2")

    async def other_student() -> None:
        done.append("b1")
        other_ran_while_first_waited.set()

    await asyncio.gather(
        processor.process_update(_update(1, 5), slow_first()),
        processor.process_update(_update(2, 5), quick_second()),
        processor.process_update(_update(3, 6), other_student()),
    )
    assert done == ["b1", "a1", "a2"]
    assert processor.users_in_flight == 0  # idle users' locks are gone
