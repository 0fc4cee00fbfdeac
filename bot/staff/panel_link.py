"""/panel: a staff member asks for a one-time login link to the web panel (panel/)."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.roles import staff_members
from bot.sending import say
from bot.texts import text
from staj.services.panel_access import LinkRefused
from staj.store.staff import Staff
from staj.text.numbers import number


@staff_members
async def panel_command(update: Update, context: BotContext, member: Staff) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    if chat.type != chat.PRIVATE:
        # A link in a group could be opened by anyone in it.
        await say(context.bot, chat.id, text("staff.panel_private"))
        return
    settings = context.services.settings
    if not settings.panel_enabled:
        await say(context.bot, chat.id, text("staff.panel_disabled"))
        return
    link = await context.services.panel_access.issue_link(member.telegram_user_id)
    if link is LinkRefused.TOO_MANY:
        await say(context.bot, chat.id, text("staff.panel_too_many"))
        return
    if isinstance(link, LinkRefused):  # not staff: the decorator already refused
        return
    await say(
        context.bot,
        chat.id,
        text(
            "staff.panel_link",
            url=f"{settings.panel_url}/giris/{link.token}",
            minutes=number(settings.panel_link_minutes),
            hours=number(settings.panel_session_hours),
        ),
    )
