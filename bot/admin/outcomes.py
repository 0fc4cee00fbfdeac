"""How an admin hears the outcome of an edit of the knowledge base."""

from __future__ import annotations

from collections.abc import Callable

from bot.admin.training import after_edit
from bot.context import BotContext
from bot.sending import say
from bot.texts import text
from staj.faq.editing import Edit
from staj.services.faq_editing import EditOutcome, Refused


def actor(display_name: str) -> str:
    """Who made a change, as the history records it."""
    return f"telegram:{display_name}"


async def tell(
    context: BotContext, chat_id: int, outcome: EditOutcome, done: str | Callable[[Edit], str]
) -> bool:
    """Say what happened; start retraining when phrasings changed. True when applied."""
    if isinstance(outcome, Refused):
        await say(context.bot, chat_id, text("admin.refused_edit", reason=outcome.reason))
        return False
    await say(context.bot, chat_id, done(outcome.edit) if callable(done) else done)
    if outcome.needs_training:
        await after_edit(context.services, context.bot, chat_id)
    return True
