"""Who may use a staff command or button: one decorator instead of a check in each handler.
Anyone else is refused politely, and learns nothing about what the command would do."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.texts import text
from staj.store import staff as staff_store
from staj.store.staff import Staff

Result = TypeVar("Result")
StaffHandler = Callable[[Update, BotContext, Staff], Coroutine[Any, Any, Result]]
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, Result | int]]


async def refuse(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(text("staff.refused"), show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text("staff.refused"))


def staff_only(*, admin: bool) -> Callable[[StaffHandler[Result]], Handler[Result]]:
    """The handler runs for staff (only admins with ``admin``) and gets the member; in a
    conversation a refusal ends it."""

    def decorate(handler: StaffHandler[Result]) -> Handler[Result]:
        @functools.wraps(handler)
        async def checked(update: Update, context: BotContext) -> Result | int:
            user = update.effective_user
            member = (
                await staff_store.get_staff(context.services.db.sessions, user.id)
                if user is not None
                else None
            )
            if member is None or (admin and not member.is_admin):
                await refuse(update)
                return ConversationHandler.END
            return await handler(update, context, member)

        return checked

    return decorate


admins_only = staff_only(admin=True)
staff_members = staff_only(admin=False)
