"""What the office's commands share: one database session per command, who did it."""

from __future__ import annotations

import asyncio
import getpass
from collections.abc import Awaitable, Callable
from typing import TypeVar

from staj.config import Settings
from staj.store import Database, open_database, upgrade_to_head

T = TypeVar("T")


def with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run ``work`` against the store (migrated first), then close it."""
    upgrade_to_head(settings.database_url)

    async def run() -> T:
        db = open_database(settings.database_url)
        try:
            return await work(db)
        finally:
            await db.close()

    return asyncio.run(run())


def default_actor() -> str:
    """Who a change is recorded as when --by is not given."""
    try:
        return f"komut satırı ({getpass.getuser()})"
    except (KeyError, OSError):
        return "komut satırı"
