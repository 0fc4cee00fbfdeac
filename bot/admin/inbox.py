"""The inbox of questions the assistant could not answer (and answers students marked 👎),
similar ones grouped: /gelen_kutusu shows them; a group becomes a phrasing of an entry, a new
entry (/yeni_kayit does the same for any question), or is dismissed."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.admin.entries import phrasings_in
from bot.admin.outcomes import actor, tell
from bot.admin.steps import Step
from bot.buttons import chat_of, pressed
from bot.context import BotContext, NewEntry
from bot.roles import admins_only
from bot.sending import say, say_with_buttons
from bot.texts import text
from staj.faq.loader import MIN_PHRASINGS
from staj.faq.sources import source_documents
from staj.store import inbox as inbox_store
from staj.store.staff import Staff

PREFIX = "bot:inbox:"
SOURCE_PREFIX = "bot:inbox:source:"
SHOWN = 5
END = ConversationHandler.END


@admins_only
async def inbox_command(update: Update, context: BotContext, member: Staff) -> None:
    """/gelen_kutusu: unanswered and 👎 questions, similar ones grouped, with actions."""
    message = update.effective_message
    if message is None:
        return
    svc = context.services
    groups = await svc.faq.open_inbox()
    if not groups:
        await message.reply_text(text("admin.inbox_empty"))
        return
    shown = groups[:SHOWN]
    total = sum(g.count for g in groups)
    await say(
        context.bot,
        message.chat_id,
        text("admin.inbox_title", groups=len(groups), items=total, shown=len(shown)),
    )
    nearest = await svc.faq.candidates_for([g.question for g in shown])
    for group, candidates in zip(shown, nearest, strict=True):
        ids = ",".join(str(i) for i in group.item_ids)
        buttons = [
            {
                "title": text("admin.button_inbox_add", title=e.title[:40]),
                "payload": f"{PREFIX}add:{ids}:{e.id}",
            }
            for e in candidates
        ]
        buttons.append({"title": text("admin.button_inbox_new"), "payload": f"{PREFIX}new:{ids}"})
        buttons.append(
            {"title": text("admin.button_inbox_dismiss"), "payload": f"{PREFIX}dismiss:{ids}"}
        )
        downvoted = text("admin.inbox_downvoted") if inbox_store.DOWNVOTE in group.sources else ""
        body = text(
            "admin.inbox_group", question=group.question, count=group.count, sources=downvoted
        )
        await say_with_buttons(
            svc, context.bot, message.chat_id, member.telegram_user_id, body, buttons
        )


@admins_only
async def inbox_button(update: Update, context: BotContext, member: Staff) -> int:
    """A group's button: add it to an entry, start a new entry from it, or dismiss it."""
    button = await pressed(update, context)
    if button is None:
        return END
    chat_id, svc = chat_of(update), context.services
    action, _, rest = button.payload.removeprefix(PREFIX).partition(":")
    ids_text, _, entry_id = rest.partition(":")
    ids = [int(i) for i in ids_text.split(",") if i.isdigit()]
    group = await svc.faq.inbox_group(ids)
    if group is None:
        await say(context.bot, chat_id, text("admin.inbox_gone"))
        return END
    if action == "dismiss":
        count = await svc.faq.dismiss(ids)
        await say(context.bot, chat_id, text("admin.inbox_dismissed", count=count))
    elif action == "add":
        entry = await svc.faq.entry(entry_id)
        if entry is None:
            await say(context.bot, chat_id, text("admin.search_none", query=entry_id))
            return END
        outcome = await svc.faq.add_phrasings(
            entry_id, [group.question], actor(member.display_name), settles=list(group.item_ids)
        )
        await tell(
            context, chat_id, outcome,
            text("admin.inbox_added", question=group.question, count=group.count, title=entry.title),
        )  # fmt: skip
    elif action == "new":
        context.drafts.new_entry = NewEntry(
            group.question, list(group.questions), settles=list(group.item_ids)
        )
        await say(context.bot, chat_id, text("admin.ask_new_answer", question=group.question))
        return Step.NEW_ANSWER
    return END


@admins_only
async def new_entry_command(update: Update, context: BotContext, member: Staff) -> int:
    """/yeni_kayit <soru>: a whole new entry (its answer, phrasings and source are asked)."""
    message = update.effective_message
    if message is None:
        return END
    question = " ".join(context.args or []).strip()
    if not question:
        await message.reply_text(text("admin.new_usage"))
        return END
    context.drafts.new_entry = NewEntry(question, [question])
    await message.reply_text(text("admin.ask_new_answer", question=question))
    return Step.NEW_ANSWER


async def _ask_phrasings(context: BotContext, chat_id: int, have: int) -> None:
    """The model needs several phrasings of a question (as the files do)."""
    body = text("admin.ask_new_questions", have=have, missing=MIN_PHRASINGS - have)
    await say(context.bot, chat_id, body)


@admins_only
async def new_answer_received(update: Update, context: BotContext, member: Staff) -> int:
    message, draft = update.effective_message, context.drafts.new_entry
    if message is None or draft is None:
        return END
    draft.answer = (message.text or "").strip()
    await _ask_phrasings(context, message.chat_id, len(draft.phrasings))
    return Step.NEW_PHRASINGS


@admins_only
async def new_phrasings_received(update: Update, context: BotContext, member: Staff) -> int:
    """More phrasings, until there are enough; then the source is asked."""
    message, draft = update.effective_message, context.drafts.new_entry
    if message is None or draft is None:
        return END
    draft.phrasings = list(dict.fromkeys([*draft.phrasings, *phrasings_in(message.text or "")]))
    if len(draft.phrasings) < MIN_PHRASINGS:
        await _ask_phrasings(context, message.chat_id, len(draft.phrasings))
        return Step.NEW_PHRASINGS
    buttons = [
        {"title": document.title[:60], "payload": f"{SOURCE_PREFIX}{seed}"}
        for seed, document in source_documents().items()
    ]
    await say_with_buttons(
        context.services, context.bot, message.chat_id, member.telegram_user_id,
        text("admin.ask_new_source"), buttons,
    )  # fmt: skip
    return Step.NEW_SOURCE


@admins_only
async def source_chosen(update: Update, context: BotContext, member: Staff) -> int:
    """The source the new entry cites: the entry is written."""
    button = await pressed(update, context)
    draft = context.drafts.new_entry
    if button is None or draft is None:
        return Step.NEW_SOURCE if draft is not None else END
    context.drafts.new_entry = None
    seed = button.payload.removeprefix(SOURCE_PREFIX)
    outcome = await context.services.faq.new_entry(
        draft.question, draft.phrasings, draft.answer, seed, actor(member.display_name),
        settles=draft.settles,
    )  # fmt: skip
    await tell(
        context, chat_of(update), outcome,
        lambda edit: text("admin.new_saved", id=edit.entry_id, file=edit.file),
    )  # fmt: skip
    return END


async def cancel_command(update: Update, context: BotContext) -> int:
    """/iptal inside the admin conversation: drop the draft."""
    context.drafts.entry_edit = context.drafts.new_entry = None
    if update.effective_message is not None:
        await update.effective_message.reply_text(text("admin.cancelled"))
    return END


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """/iptal when nothing waits for an answer."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(text("admin.nothing_to_cancel"))
