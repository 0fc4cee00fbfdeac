"""The retention job: conversation history older than the retention period is deleted from
Rasa's tracker store, and expired button tokens (who was shown which answer) from the
store (KVKK: students' data is kept no longer than needed)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from bot.context import BotContext
from staj.store import buttons as button_store
from staj.store.conversations import prune_conversations

log = logging.getLogger(__name__)
EVERY_SECONDS = 6 * 3600


async def retention_job(context: BotContext) -> None:
    services = context.services
    settings = services.settings
    try:
        await button_store.purge_expired(services.db.sessions)
    except Exception:  # the next pass tries again
        log.exception("Purging expired button tokens failed")
    cutoff = services.clock.now() - timedelta(days=settings.conversation_retention_days)
    try:
        deleted = await asyncio.to_thread(prune_conversations, settings.tracker_store_url, cutoff)
    except Exception:  # the next pass tries again
        log.exception("Pruning old conversations failed")
        return
    if deleted:
        log.info("Old conversation events deleted: %d", deleted)
