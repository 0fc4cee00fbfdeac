"""Admins keep the FAQ current from Telegram: search and view entries, edit an answer (live
at once), add phrasings, set an answer's programme year, see an entry's history and roll it
back; and work through the unanswered-questions inbox. Edits go to data/faq/ through
staj.faq.editing, which validates them like the hand-written files."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.bridge import keyboard_for
from bot.formatting import to_html
from bot.services import BotServices, services
from bot.texts import text
from staj.clock import LOCAL
from staj.faq import editing
from staj.faq.lexical import LexicalIndex, normalise
from staj.faq.loader import MIN_PHRASINGS, load_knowledge_base
from staj.faq.model import FaqEntry
from staj.faq.sources import answer_years, source_documents
from staj.model.retrainer import Notify, RetrainingOutcome
from staj.store import faq_changes, inbox
from staj.store import staff as staff_store
from staj.store.models import aware
from staj.text.numbers import decimal
from staj.text.turkish import fold_turkish

PREFIX = "bot:faq:"
INBOX_PREFIX = "bot:inbox:"
PENDING = "faq_pending"
INBOX_SHOWN = 5


async def _admin(svc: BotServices, user_id: int) -> staff_store.Staff | None:
    member = await staff_store.get_staff(svc.db.sessions, user_id)
    return member if member is not None and member.is_admin else None


async def _say(
    bot: Bot,
    chat_id: int,
    body: str,
    buttons: list[dict[str, str]] | None = None,
    svc: BotServices | None = None,
    user_id: int = 0,
) -> None:
    markup = await keyboard_for(svc, user_id, buttons) if buttons and svc else None
    await bot.send_message(chat_id, to_html(body), parse_mode=ParseMode.HTML, reply_markup=markup)


def _search(query: str) -> list[FaqEntry]:
    kb = load_knowledge_base(editing.FAQ_DIR)
    wanted = normalise(query)
    exact = [e for e in kb if wanted in normalise(e.id) or wanted in normalise(e.title)]
    if len(exact) >= 5:
        return exact[:8]
    index = LexicalIndex(kb)
    ranked = [kb.get(n.label) for n in index.candidates(query, 8) if n.similarity > 0.2]
    found = exact + [e for e in ranked if e is not None and e not in exact]
    return found[:8]


async def search_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sss <kelimeler>: find entries to view and edit."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    if await _admin(svc, user.id) is None:
        await message.reply_text(text("staff.refused"))
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_text(text("admin.search_usage"))
        return
    found = await asyncio.to_thread(_search, query)
    if not found:
        await message.reply_text(text("admin.search_none", query=query))
        return
    buttons = [{"title": e.title, "payload": f"{PREFIX}view:{e.id}"} for e in found]
    await _say(
        context.bot, message.chat_id, text("admin.search_found", query=query), buttons, svc, user.id
    )


def _entry_view(entry: FaqEntry) -> tuple[str, list[dict[str, str]]]:
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
        scope = answer.scope_label
        year = text("admin.entry_year", year=answer.year) if answer.year else ""
        lines.append(
            text("admin.entry_answer", number=number, scope=scope, year=year, text=answer.text)
        )
        buttons.append(
            {
                "title": text("admin.button_edit", number=number),
                "payload": f"{PREFIX}edit:{entry.id}:{number - 1}",
            }
        )
        buttons.append(
            {
                "title": text("admin.button_year", number=number),
                "payload": f"{PREFIX}year:{entry.id}:{number - 1}",
            }
        )
    buttons.append(
        {"title": text("admin.button_add_question"), "payload": f"{PREFIX}addq:{entry.id}"}
    )
    buttons.append(
        {"title": text("admin.button_history"), "payload": f"{PREFIX}history:{entry.id}"}
    )
    return "\n\n".join(lines), buttons


def _entry(entry_id: str) -> FaqEntry | None:
    return load_knowledge_base(editing.FAQ_DIR).get(entry_id)


async def faq_button(
    svc: BotServices, bot: Bot, user_id: int, chat_id: int, payload: str, user_data: dict[str, Any]
) -> None:
    """A press on an admin button (the token was ours; the role is checked again here)."""
    member = await _admin(svc, user_id)
    if member is None:
        await _say(bot, chat_id, text("staff.refused"))
        return
    action, _, rest = payload.removeprefix(PREFIX).partition(":")
    entry_id, _, argument = rest.partition(":")
    if action == "rollback":
        await _rollback(svc, bot, chat_id, int(entry_id), member)
        return
    entry = await asyncio.to_thread(_entry, entry_id)
    if entry is None:
        await _say(bot, chat_id, text("admin.search_none", query=entry_id))
        return
    if action == "view":
        body, buttons = _entry_view(entry)
        await _say(bot, chat_id, body, buttons, svc, user_id)
    elif action == "edit":
        index = int(argument)
        user_data[PENDING] = {"action": "answer", "entry": entry.id, "index": index}
        await _say(
            bot, chat_id, text("admin.ask_answer", number=index + 1, text=entry.answers[index].text)
        )
    elif action == "addq":
        user_data[PENDING] = {"action": "questions", "entry": entry.id}
        await _say(bot, chat_id, text("admin.ask_question", title=entry.title))
    elif action == "year":
        answer_index, _, year = argument.partition(":")
        if not year:
            buttons = [
                {"title": str(y), "payload": f"{PREFIX}year:{entry.id}:{answer_index}:{y}"}
                for y in answer_years(svc.clock.now().astimezone(LOCAL).date())
            ]
            buttons.append(
                {
                    "title": text("admin.no_year"),
                    "payload": f"{PREFIX}year:{entry.id}:{answer_index}:none",
                }
            )
            await _say(
                bot,
                chat_id,
                text("admin.ask_year", number=int(answer_index) + 1),
                buttons,
                svc,
                user_id,
            )
            return
        value = None if year == "none" else int(year)
        await _apply(
            svc,
            bot,
            chat_id,
            member,
            lambda: editing.set_year(entry.id, int(answer_index), value),
            text("admin.year_saved", year=value or text("admin.no_year")),
        )
    elif action == "history":
        await _history(svc, bot, chat_id, user_id, entry.id)


async def _apply(
    svc: BotServices,
    bot: Bot,
    chat_id: int,
    member: staff_store.Staff,
    edit: Any,
    done: str | Callable[[editing.Edit], str],
) -> editing.Edit | None:
    """Run the edit in a thread, record it, tell the admin; retrain when phrasings changed."""
    try:
        result: editing.Edit = await asyncio.to_thread(edit)
    except editing.EditError as exc:
        await _say(bot, chat_id, text("admin.refused_edit", reason=str(exc)))
        return None
    await faq_changes.record(svc.db.sessions, result, f"telegram:{member.display_name}")
    await _say(bot, chat_id, done(result) if callable(done) else done)
    if result.needs_training:
        if svc.settings.retrain_after_edits:
            await start_training(svc, bot, chat_id)
        else:
            await _say(bot, chat_id, text("retrain.manual"))
    return result


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
        await _say(bot, chat_id, body)

    return tell


async def start_training(svc: BotServices, bot: Bot, chat_id: int) -> None:
    assert svc.retrainer is not None
    started = svc.retrainer.request(chat_id)
    await _say(bot, chat_id, text("retrain.started" if started else "retrain.queued"))


async def train_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/egit: retrain now, behind the accuracy gate (admins only)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    if await _admin(svc, user.id) is None:
        await message.reply_text(text("staff.refused"))
        return
    await start_training(svc, context.bot, message.chat_id)


async def _history(svc: BotServices, bot: Bot, chat_id: int, user_id: int, entry_id: str) -> None:
    changes = await faq_changes.history(svc.db.sessions, entry_id)
    if not changes:
        await _say(bot, chat_id, text("admin.history_none"))
        return
    lines = [text("admin.history_title", id=entry_id)]
    buttons = []
    for change in changes:
        at = aware(change.at).astimezone(LOCAL).strftime("%d.%m.%Y %H:%M")
        lines.append(
            text(
                "admin.history_line",
                change=change.id,
                at=at,
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
    await _say(bot, chat_id, "\n".join(lines), buttons, svc, user_id)


async def _rollback(
    svc: BotServices, bot: Bot, chat_id: int, change_id: int, member: staff_store.Staff
) -> None:
    change = await faq_changes.get(svc.db.sessions, change_id)
    if change is None:
        await _say(bot, chat_id, text("admin.search_none", query=f"#{change_id}"))
        return
    await _apply(
        svc, bot, chat_id, member,
        lambda: editing.restore(change.entry_id, change.file, change.before),
        lambda edit: text(
            "admin.rolled_back",
            change=change_id,
            training=" " + text("admin.needs_training") if edit.needs_training else "",
        ),
    )  # fmt: skip


async def pending_input(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """An admin's text that answers a question we asked (new answer, phrasings). True when
    it was taken here."""
    message, user = update.effective_message, update.effective_user
    user_data = context.user_data
    if message is None or user is None or user_data is None or PENDING not in user_data:
        return False
    svc = services(context)
    member = await _admin(svc, user.id)
    pending = user_data.pop(PENDING)
    if member is None:
        return False
    body = (message.text or "").strip()
    action = pending["action"]
    if action == "answer":
        await _apply(
            svc,
            context.bot,
            message.chat_id,
            member,
            lambda: editing.set_answer_text(pending["entry"], pending["index"], body),
            text("admin.answer_saved"),
        )
    elif action == "questions":
        questions = [line.strip(" -•\t") for line in body.splitlines() if line.strip(" -•\t")]
        await _apply(
            svc,
            context.bot,
            message.chat_id,
            member,
            lambda: editing.add_questions(pending["entry"], questions),
            lambda edit: text("admin.questions_saved", count=len(questions), file=edit.file),
        )
    elif action == "new_answer":
        user_data[PENDING] = {**pending, "action": "new_questions", "answer": body}
        await _ask_phrasings(context.bot, message.chat_id, pending["questions"])
    elif action == "new_questions":
        lines = [line.strip(" -•\t") for line in body.splitlines() if line.strip(" -•\t")]
        questions = list(dict.fromkeys([*pending["questions"], *lines]))
        user_data[PENDING] = {**pending, "questions": questions}
        if len(questions) < MIN_PHRASINGS:
            await _ask_phrasings(context.bot, message.chat_id, questions)
            return True
        user_data[PENDING]["action"] = "new_source"
        buttons = [
            {"title": document.title[:60], "payload": f"{INBOX_PREFIX}source:{seed}"}
            for seed, document in source_documents().items()
        ]
        await _say(
            context.bot, message.chat_id, text("admin.ask_new_source"), buttons, svc, user.id
        )
    return True


async def _ask_phrasings(bot: Bot, chat_id: int, questions: list[str]) -> None:
    """The model needs several phrasings of a question (as the files do)."""
    missing = MIN_PHRASINGS - len(questions)
    await _say(bot, chat_id, text("admin.ask_new_questions", have=len(questions), missing=missing))


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or context.user_data is None:
        return
    had = context.user_data.pop(PENDING, None)
    await message.reply_text(text("admin.cancelled" if had else "admin.nothing_to_cancel"))


# ---- the inbox -------------------------------------------------------------------------------


def _candidates(question: str) -> list[FaqEntry]:
    kb = load_knowledge_base(editing.FAQ_DIR)
    index = LexicalIndex(kb)
    return [e for e in (kb.get(n.label) for n in index.candidates(question, 2)) if e is not None]


async def inbox_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/gelen_kutusu: unanswered and 👎 questions, similar ones grouped, with actions."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    svc = services(context)
    if await _admin(svc, user.id) is None:
        await message.reply_text(text("staff.refused"))
        return
    groups = await inbox.open_groups(svc.db.sessions)
    if not groups:
        await message.reply_text(text("admin.inbox_empty"))
        return
    shown = groups[:INBOX_SHOWN]
    total = sum(g.count for g in groups)
    await _say(
        context.bot,
        message.chat_id,
        text("admin.inbox_title", groups=len(groups), items=total, shown=len(shown)),
    )
    for group in shown:
        ids = ",".join(str(i) for i in group.item_ids)
        sources = text("admin.inbox_downvoted") if inbox.DOWNVOTE in group.sources else ""
        candidates = await asyncio.to_thread(_candidates, group.question)
        buttons = [
            {
                "title": text("admin.button_inbox_add", title=e.title[:40]),
                "payload": f"{INBOX_PREFIX}add:{ids}:{e.id}",
            }
            for e in candidates
        ]
        buttons.append(
            {"title": text("admin.button_inbox_new"), "payload": f"{INBOX_PREFIX}new:{ids}"}
        )
        buttons.append(
            {"title": text("admin.button_inbox_dismiss"), "payload": f"{INBOX_PREFIX}dismiss:{ids}"}
        )
        body = text(
            "admin.inbox_group", question=group.question, count=group.count, sources=sources
        )
        await _say(context.bot, message.chat_id, body, buttons, svc, user.id)


def _slug(question: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", fold_turkish(question)).split()
    return "-".join(words)[:40].strip("-") or "soru"


async def inbox_button(
    svc: BotServices, bot: Bot, user_id: int, chat_id: int, payload: str, user_data: dict[str, Any]
) -> None:
    member = await _admin(svc, user_id)
    if member is None:
        await _say(bot, chat_id, text("staff.refused"))
        return
    action, _, rest = payload.removeprefix(INBOX_PREFIX).partition(":")
    if action == "source":
        await _create_entry(svc, bot, chat_id, member, user_data, rest)
        return
    ids_text, _, entry_id = rest.partition(":")
    ids = [int(i) for i in ids_text.split(",") if i.isdigit()]
    groups = [g for g in await inbox.open_groups(svc.db.sessions) if set(g.item_ids) & set(ids)]
    if not groups:
        await _say(bot, chat_id, text("admin.inbox_gone"))
        return
    group = groups[0]
    if action == "dismiss":
        count = await inbox.close_items(svc.db.sessions, ids, inbox.DISMISSED)
        await _say(bot, chat_id, text("admin.inbox_dismissed", count=count))
    elif action == "add":
        entry = await asyncio.to_thread(_entry, entry_id)
        if entry is None:
            return
        added = await _apply(
            svc,
            bot,
            chat_id,
            member,
            lambda: editing.add_questions(entry_id, [group.question]),
            lambda edit: text(
                "admin.inbox_added", question=group.question, count=group.count, title=entry.title
            ),
        )
        if added is not None:
            await inbox.close_items(svc.db.sessions, list(group.item_ids), inbox.ADDED)
    elif action == "new":
        user_data[PENDING] = {
            "action": "new_answer",
            "question": group.question,
            "questions": list(group.questions),
            "ids": list(group.item_ids),
        }
        await _say(bot, chat_id, text("admin.ask_new_answer", question=group.question))


async def _create_entry(
    svc: BotServices,
    bot: Bot,
    chat_id: int,
    member: staff_store.Staff,
    user_data: dict[str, Any],
    seed: str,
) -> None:
    pending = user_data.pop(PENDING, None)
    if not pending or pending.get("action") != "new_source" or seed not in source_documents():
        await _say(bot, chat_id, text("admin.nothing_to_cancel"))
        return
    question = pending["question"]
    entry_id = f"yonetici-{_slug(question)}"
    title = question[:1].upper() + question[1:]
    result = await _apply(
        svc, bot, chat_id, member,
        lambda: editing.add_entry(
            editing.ADMIN_FILE, entry_id, "yonetici", title, pending["questions"], pending["answer"],
            seed, question[:120],
        ),
        lambda edit: text("admin.new_saved", id=entry_id, file=edit.file),
    )  # fmt: skip
    if result is not None:
        await inbox.close_items(svc.db.sessions, pending["ids"], inbox.NEW)


async def new_entry_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/yeni_kayit <soru>: a whole new entry (then its answer and its source are asked)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or context.user_data is None:
        return
    svc = services(context)
    if await _admin(svc, user.id) is None:
        await message.reply_text(text("staff.refused"))
        return
    question = " ".join(context.args or []).strip()
    if not question:
        await message.reply_text(text("admin.new_usage"))
        return
    context.user_data[PENDING] = {
        "action": "new_answer",
        "question": question,
        "questions": [question],
        "ids": [],
    }
    await message.reply_text(text("admin.ask_new_answer", question=question))
