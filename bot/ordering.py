"""Many students at once, each one's updates in the order they arrived: a quick second
answer in a form must not reach Rasa before the first. Locks of idle users are dropped."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field

from telegram import Update
from telegram.ext import BaseUpdateProcessor


@dataclass
class _Turn:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    holders: int = 0  # the update being handled and those waiting behind it


class PerUserOrder(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._turns: dict[int, _Turn] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        user = update.effective_user if isinstance(update, Update) else None
        if user is None:
            await coroutine
            return
        turn = self._turns.setdefault(user.id, _Turn())
        turn.holders += 1
        try:
            async with turn.lock:
                await coroutine
        finally:
            turn.holders -= 1
            if turn.holders == 0:
                del self._turns[user.id]

    @property
    def users_in_flight(self) -> int:
        return len(self._turns)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
