"""Admins keep entries current from Telegram: /sss finds them; an entry's buttons edit an
answer (live at once), add phrasings, set an answer's programme year, show the entry's
history and roll a change back. Edits go through staj.services.faq_editing."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.admin.outcomes import actor, tell
from bot.admin.steps import Step
from bot.buttons import chat_of, pressed
from bot.context import BotContext, EntryEdit
from bot.roles import admins_only
from bot.sending import say, say_with_buttons
from bot.texts import text
from staj.clock import LOCAL, local_day_and_time
from staj.faq.model import FaqEntry
from staj.faq.sources import answer_years
from staj.store.models import aware
from staj.store.staff import Staff

PREFIX = "bot:faq:"
END = ConversationHandler.END


def phrasings_in(body: str) -> list[str]:
    """One phrasing a line; list marks dropped."""
    return [line.strip(" -•\t") for line in body.splitlines() if line.strip(" -•\t")]


@admins_only
async def search_command(update: Update, context: BotContext, member: Staff) -> None:
    """/sss <kelimeler>: find entries to view and edit."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_text(text("admin.search_usage"))
        return
    found = await context.services.faq.search(query)
    if not found:
        await message.reply_text(text("admin.search_none", query=query))
        return
    buttons = [{"title": e.title, "payload": f"{PREFIX}view:{e.id}"} for e in found]
    await say_with_buttons(
        context.services, context.bot, message.chat_id, user.id,
        text("admin.search_found", query=query), buttons,
    )  # fmt: skip


def entry_view(entry: FaqEntry) -> tuple[str, list[dict[str, str]]]:
    lines = [
        text(
            "admin.entry",
            title=entry.title,
            id=entry.id,
            file=entry.file.rsplit("/", 1)[-1],
            count=len(entry.questions),
            questions=" · ".join(entry.questions[:4]) + (" …" if len(entry.questions) > 4 else ""),
        )
    ]
    buttons = []
    for number, answer in enumerate(entry.answers, 1):
        year = text("admin.entry_year", year=answer.year) if answer.year else ""
        lines.append(
            text(
                "admin.entry_answer",
                number=number,
                scope=answer.scope_label,
                year=year,
                text=answer.text,
            )
        )
        for action, label in (("edit", "admin.button_edit"), ("year", "admin.button_year")):
            buttons.append(
                {
                    "title": text(label, number=number),
                    "payload": f"{PREFIX}{action}:{entry.id}:{number - 1}",
                }
            )
    buttons.append(
        {"title": text("admin.button_add_question"), "payload": f"{PREFIX}addq:{entry.id}"}
    )
    buttons.append(
        {"title": text("admin.button_history"), "payload": f"{PREFIX}history:{entry.id}"}
    )
    return "\n\n".join(lines), buttons


@admins_only
async def entry_button(update: Update, context: BotContext, member: Staff) -> int:
    """A press on an entry's button; editing an answer or adding phrasings waits for text."""
    button = await pressed(update, context)
    if button is None:
        return END
    chat_id, svc = chat_of(update), context.services
    action, _, rest = button.payload.removeprefix(PREFIX).partition(":")
    target, _, argument = rest.partition(":")
    if action == "rollback":
        await _rollback(context, chat_id, int(target), member)
        return END
    entry = await svc.faq.entry(target)
    if entry is None:
        await say(context.bot, chat_id, text("admin.search_none", query=target))
        return END
    if action == "view":
        body, buttons = entry_view(entry)
        await say_with_buttons(svc, context.bot, chat_id, member.telegram_user_id, body, buttons)
    elif action == "edit":
        index = int(argument)
        context.drafts.entry_edit = EntryEdit(entry.id, index)
        current = entry.answers[index].text
        await say(context.bot, chat_id, text("admin.ask_answer", number=index + 1, text=current))
        return Step.ANSWER_TEXT
    elif action == "addq":
        context.drafts.entry_edit = EntryEdit(entry.id)
        await say(context.bot, chat_id, text("admin.ask_question", title=entry.title))
        return Step.PHRASINGS
    elif action == "year":
        await _year(context, chat_id, member, entry, argument)
    elif action == "history":
        await _history(context, chat_id, member, entry.id)
    return END


async def _year(
    context: BotContext, chat_id: int, member: Staff, entry: FaqEntry, argument: str
) -> None:
    """Offer the years (first press), or set the chosen one (second press)."""
    answer_index, _, year = argument.partition(":")
    if not year:
        today = context.services.clock.now().astimezone(LOCAL).date()
        payload = f"{PREFIX}year:{entry.id}:{answer_index}"
        buttons = [{"title": str(y), "payload": f"{payload}:{y}"} for y in answer_years(today)]
        buttons.append({"title": text("admin.no_year"), "payload": f"{payload}:none"})
        body = text("admin.ask_year", number=int(answer_index) + 1)
        await say_with_buttons(
            context.services, context.bot, chat_id, member.telegram_user_id, body, buttons
        )
        return
    value = None if year == "none" else int(year)
    outcome = await context.services.faq.set_year(
        entry.id, int(answer_index), value, actor(member.display_name)
    )
    await tell(
        context, chat_id, outcome, text("admin.year_saved", year=value or text("admin.no_year"))
    )


async def _history(context: BotContext, chat_id: int, member: Staff, entry_id: str) -> None:
    changes = await context.services.faq.history(entry_id)
    if not changes:
        await say(context.bot, chat_id, text("admin.history_none"))
        return
    lines = [text("admin.history_title", id=entry_id)]
    buttons = []
    for change in changes:
        lines.append(
            text(
                "admin.history_line",
                change=change.id,
                at=local_day_and_time(aware(change.at)),
                actor=change.actor,
                kind=text(f"admin.kinds.{change.kind}"),
            )
        )
        buttons.append(
            {
                "title": text("admin.button_rollback", change=change.id),
                "payload": f"{PREFIX}rollback:{change.id}",
            }
        )
    await say_with_buttons(
        context.services, context.bot, chat_id, member.telegram_user_id, "\n".join(lines), buttons
    )


async def _rollback(context: BotContext, chat_id: int, change_id: int, member: Staff) -> None:
    outcome = await context.services.faq.rollback(change_id, actor(member.display_name))
    if outcome is None:
        await say(context.bot, chat_id, text("admin.search_none", query=f"#{change_id}"))
        return
    await tell(
        context, chat_id, outcome,
        lambda edit: text(
            "admin.rolled_back",
            change=change_id,
            training=" " + text("admin.needs_training") if edit.needs_training else "",
        ),
    )  # fmt: skip


@admins_only
async def answer_text_received(update: Update, context: BotContext, member: Staff) -> int:
    """The new text of the answer being edited."""
    message, draft = update.effective_message, context.drafts.entry_edit
    context.drafts.entry_edit = None
    if message is None or draft is None or draft.answer_index is None:
        return END
    outcome = await context.services.faq.set_answer(
        draft.entry_id, draft.answer_index, (message.text or "").strip(), actor(member.display_name)
    )
    await tell(context, message.chat_id, outcome, text("admin.answer_saved"))
    return END


@admins_only
async def phrasings_received(update: Update, context: BotContext, member: Staff) -> int:
    """Phrasings to add to the entry being edited."""
    message, draft = update.effective_message, context.drafts.entry_edit
    context.drafts.entry_edit = None
    if message is None or draft is None:
        return END
    questions = phrasings_in(message.text or "")
    outcome = await context.services.faq.add_phrasings(
        draft.entry_id, questions, actor(member.display_name)
    )
    await tell(
        context, message.chat_id, outcome,
        lambda edit: text("admin.questions_saved", count=len(questions), file=edit.file),
    )  # fmt: skip
    return END
