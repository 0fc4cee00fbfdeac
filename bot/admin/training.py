"""Retraining from Telegram: /egit, the run an edit of phrasings starts, and the news of how
a run ended (the lifecycle itself is staj.model.retrainer)."""

from __future__ import annotations

from telegram import Bot, Update

from bot.context import BotContext, BotServices
from bot.roles import admins_only
from bot.sending import say
from bot.texts import text
from staj.model.retrainer import Notify, RetrainingOutcome
from staj.store.staff import Staff
from staj.text.numbers import decimal


def retraining_news(bot: Bot) -> Notify:
    """Tells an admin how a retraining run ended."""

    async def tell(chat_id: int, outcome: RetrainingOutcome) -> None:
        result = outcome.result
        if result is None:
            body = text("retrain.failed", reason=outcome.failure)
        elif result.accepted:
            body = text(
                "retrain.accepted",
                old=decimal((result.old_accuracy or 0) * 100),
                new=decimal((result.new_accuracy or 0) * 100),
                minutes=decimal(result.seconds / 60),
                how=text("retrain.finetuned" if result.finetuned else "retrain.full"),
            )
        else:
            body = text("retrain.refused", reason=result.reason)
        await say(bot, chat_id, body)

    return tell


async def start_training(svc: BotServices, bot: Bot, chat_id: int) -> None:
    assert svc.retrainer is not None, "post_init makes the retrainer"
    started = svc.retrainer.request(chat_id)
    await say(bot, chat_id, text("retrain.started" if started else "retrain.queued"))


async def after_edit(svc: BotServices, bot: Bot, chat_id: int) -> None:
    """Phrasings or entries changed: retrain (behind the gate) or say how to."""
    if svc.settings.retrain_after_edits:
        await start_training(svc, bot, chat_id)
    else:
        await say(bot, chat_id, text("retrain.manual"))


@admins_only
async def train_command(update: Update, context: BotContext, member: Staff) -> None:
    """/egit: retrain now, behind the accuracy gate."""
    if update.effective_chat is not None:
        await start_training(context.services, context.bot, update.effective_chat.id)
