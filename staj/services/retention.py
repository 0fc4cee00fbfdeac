"""The retention policy as one workflow: the store's rules (staj/store/retention.py) in one
transaction, then Rasa's conversation history; run daily by the bot and on demand by
`stajbot retention --dry-run/--apply`."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.clock import Clock
from staj.config import Settings
from staj.store import retention as store
from staj.store.conversations import count_old_events, prune_conversations

CONVERSATIONS = "conversation events (Rasa)"


def ages_of(settings: Settings) -> store.Ages:
    return store.Ages(
        handoff_texts=timedelta(days=settings.handoff_text_retention_days),
        unanswered_texts=timedelta(days=settings.unanswered_text_retention_days),
        usage_logs=timedelta(days=settings.usage_log_retention_days),
    )


class RetentionDesk:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], settings: Settings, clock: Clock
    ) -> None:
        self._sessions = sessions
        self._settings = settings
        self._clock = clock

    async def run(self, dry_run: bool = False) -> dict[str, int]:
        """What was removed (or, on a dry run, would be), by kind."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            removed = await store.apply(session, now, ages_of(self._settings), dry_run)
        cutoff = now - timedelta(days=self._settings.conversation_retention_days)
        url = self._settings.tracker_store_url
        work = count_old_events if dry_run else prune_conversations
        removed[CONVERSATIONS] = await asyncio.to_thread(work, url, cutoff)
        return removed
