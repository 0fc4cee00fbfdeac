"""FAQ pages: find entries by words, topic, university and year; edit an answer with a
preview of the student's message; add and remove phrasings; set a programme year; see an
entry's history with a diff and roll a change back; write a new entry with its source.
Every change goes through staj.services.faq_editing, the desk the Telegram flow uses."""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from panel.auth import admins_only, notice, page
from panel.inbox_ids import item_ids
from panel.services import PanelServices, services_of
from panel.texts import text
from staj.clock import LOCAL, local_day_and_time
from staj.faq.editing import MAX_ANSWER, MAX_QUESTION
from staj.faq.model import NATIONAL, FaqEntry
from staj.faq.presentation import answer_message
from staj.faq.sources import answer_years, source_documents
from staj.institutions import all_institutions, short_name
from staj.services.faq_editing import Applied, EditOutcome, Refused
from staj.services.panel_access import PanelUser, actor
from staj.store.models import FaqChange, aware
from staj.text.telegram_html import to_html

STUDENT_BUTTONS = ("👍 Evet", "👎 Hayır")


@dataclass(frozen=True)
class Preview:
    """The student's message for one answer: HTML as Telegram shows it, and who sees it."""

    html: str
    audience: str


def preview(svc: PanelServices, entry: FaqEntry, index: int, draft: str | None = None) -> Preview:
    """Answer ``index`` as a student of its own scope reads it (with ``draft`` as its text)."""
    if draft is not None:
        answers = list(entry.answers)
        answers[index] = dataclasses.replace(answers[index], text=draft)
        entry = dataclasses.replace(entry, answers=tuple(answers))
    answer = entry.answers[index]
    institution = None if answer.institution == NATIONAL else answer.institution
    today = svc.clock.now().astimezone(LOCAL).date()
    body = answer_message(entry, institution, today).body
    audience = (
        text("faq.audience_national")
        if institution is None
        else text("faq.audience_institution", name=short_name(institution))
    )
    return Preview(to_html(body), audience)


def diff(change: FaqChange) -> str:
    lines = difflib.unified_diff(
        (change.before or "").splitlines(),
        change.after.splitlines(),
        fromfile="önce",
        tofile="sonra",
        lineterm="",
    )
    return "\n".join(lines)


def _filters(request: web.Request) -> dict[str, str]:
    return {k: request.query.get(k, "").strip() for k in ("q", "konu", "universite", "yil")}


def _matches(entry: FaqEntry, wanted: dict[str, str]) -> bool:
    if wanted["konu"] and entry.topic != wanted["konu"]:
        return False
    if wanted["universite"] and wanted["universite"] not in {a.institution for a in entry.answers}:
        return False
    return not (wanted["yil"] and wanted["yil"] not in {str(a.year) for a in entry.answers})


@admins_only
async def entry_list(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    wanted = _filters(request)
    everything = await svc.faq.entries()
    found = await svc.faq.search(wanted["q"]) if wanted["q"] else everything
    shown = [e for e in found if _matches(e, wanted)]
    return page(
        request,
        "faq_list.html",
        entries=shown,
        total=len(everything),
        wanted=wanted,
        topics=sorted({e.topic for e in everything}),
        institutions=[(NATIONAL, text("faq.national"))]
        + [(code, i.short) for code, i in all_institutions().items()],
        years=sorted({a.year for e in everything for a in e.answers if a.year}, reverse=True),
    )


async def _entry_or_404(svc: PanelServices, entry_id: str) -> FaqEntry:
    entry = await svc.faq.entry(entry_id)
    if entry is None:
        raise web.HTTPNotFound(text=text("faq.no_entry", id=entry_id))
    return entry


async def entry_page(
    request: web.Request,
    user: PanelUser,
    entry_id: str,
    *,
    status: int = 200,
    error: str | None = None,
    drafts: dict[int, str] | None = None,
    draft_phrasings: str = "",
) -> web.StreamResponse:
    svc = services_of(request)
    entry = await _entry_or_404(svc, entry_id)
    drafts = drafts or {}
    today = svc.clock.now().astimezone(LOCAL).date()
    answers: list[dict[str, Any]] = []
    for index, answer in enumerate(entry.answers):
        answers.append(
            {
                "index": index,
                "answer": answer,
                "draft": drafts.get(index, answer.text),
                "preview": preview(svc, entry, index, drafts.get(index)),
                "source": source_documents().get(answer.source.seed),
            }
        )
    changes = await svc.faq.history(entry.id)
    history = [
        {
            "change": change,
            "at": local_day_and_time(aware(change.at)),
            "kind": text(f"faq.kinds.{change.kind}"),
            "diff": diff(change),
        }
        for change in changes
    ]
    return page(
        request,
        "faq_entry.html",
        status=status,
        entry=entry,
        version=await svc.faq.version(entry.id),
        answers=answers,
        years=answer_years(today),
        history=history,
        error=error,
        done=text(f"faq.done.{request.query['ok']}") if request.query.get("ok") in _DONE else None,
        training=_TRAINING.get(request.query.get("egitim", "")),
        draft_phrasings=draft_phrasings,
        max_answer=MAX_ANSWER,
        max_question=MAX_QUESTION,
    )


_DONE = ("answer", "year", "added", "removed", "rolled_back", "created")
_TRAINING = {"basladi": text("faq.training_started"), "elle": text("faq.training_manual")}


@admins_only
async def show_entry(request: web.Request, user: PanelUser) -> web.StreamResponse:
    return await entry_page(request, user, request.match_info["entry_id"])


def after_edit(svc: PanelServices, user: PanelUser, outcome: Applied) -> str:
    """Phrasings changed: start the gated retraining as the Telegram flow does; say so."""
    if not outcome.needs_training:
        return ""
    if svc.settings.retrain_after_edits and svc.retrainer is not None:
        svc.retrainer.request(user.member.telegram_user_id)
        return "&egitim=basladi"
    return "&egitim=elle"


async def _outcome(
    request: web.Request,
    user: PanelUser,
    entry_id: str,
    outcome: EditOutcome,
    done: str,
    **kept: Any,
) -> web.StreamResponse:
    if isinstance(outcome, Refused):
        return await entry_page(request, user, entry_id, status=409, error=outcome.reason, **kept)
    training = after_edit(services_of(request), user, outcome)
    raise web.HTTPSeeOther(f"/sss/{outcome.edit.entry_id}?ok={done}{training}")


def _index(raw: str, entry: FaqEntry) -> int:
    if not raw.isdigit() or int(raw) >= len(entry.answers):
        raise web.HTTPBadRequest(text=text("faq.no_answer"))
    return int(raw)


@admins_only
async def save_answer(request: web.Request, user: PanelUser) -> web.StreamResponse:
    """POST /sss/{id}/cevap/{n}: preview the draft, or save it (live at once)."""
    svc = services_of(request)
    entry = await _entry_or_404(svc, request.match_info["entry_id"])
    index = _index(request.match_info["index"], entry)
    form = await request.post()
    draft = str(form.get("text", "")).replace("\r\n", "\n").strip()
    if form.get("do") != "save":
        return await entry_page(request, user, entry.id, drafts={index: draft})
    outcome = await svc.faq.set_answer(
        entry.id, index, draft, actor(user.member), base=str(form.get("version") or "") or None
    )
    return await _outcome(request, user, entry.id, outcome, "answer", drafts={index: draft})


@admins_only
async def save_year(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    entry = await _entry_or_404(svc, request.match_info["entry_id"])
    index = _index(request.match_info["index"], entry)
    form = await request.post()
    raw = str(form.get("year", ""))
    if raw and not raw.isdigit():
        raise web.HTTPBadRequest(text=text("faq.bad_year"))
    outcome = await svc.faq.set_year(
        entry.id, index, int(raw) if raw else None, actor(user.member),
        base=str(form.get("version") or "") or None,
    )  # fmt: skip
    return await _outcome(request, user, entry.id, outcome, "year")


def phrasings_in(body: str) -> list[str]:
    """One phrasing a line; list marks dropped."""
    return [line.strip(" -•\t") for line in body.splitlines() if line.strip(" -•\t")]


@admins_only
async def add_phrasings(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    entry = await _entry_or_404(svc, request.match_info["entry_id"])
    form = await request.post()
    body = str(form.get("questions", ""))
    outcome = await svc.faq.add_phrasings(
        entry.id, phrasings_in(body), actor(user.member),
        base=str(form.get("version") or "") or None,
    )  # fmt: skip
    return await _outcome(request, user, entry.id, outcome, "added", draft_phrasings=body)


@admins_only
async def remove_phrasing(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    entry = await _entry_or_404(svc, request.match_info["entry_id"])
    form = await request.post()
    outcome = await svc.faq.remove_phrasing(
        entry.id, str(form.get("question", "")), actor(user.member),
        base=str(form.get("version") or "") or None,
    )  # fmt: skip
    return await _outcome(request, user, entry.id, outcome, "removed")


@admins_only
async def rollback(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    raw = request.match_info["change_id"]
    outcome = await svc.faq.rollback(int(raw), actor(user.member)) if raw.isdigit() else None
    if outcome is None:
        return notice(request, text("faq.title"), text("faq.no_change"), 404)
    if isinstance(outcome, Refused):
        return notice(request, text("faq.title"), outcome.reason, 409)
    training = after_edit(svc, user, outcome)
    if outcome.edit.after is None:  # the change undone was the entry's creation
        raise web.HTTPSeeOther(f"/sss?ok=rolled_back{training}")
    raise web.HTTPSeeOther(f"/sss/{outcome.edit.entry_id}?ok=rolled_back{training}")


def _sources() -> list[tuple[str, str]]:
    return [(seed, document.title) for seed, document in source_documents().items()]


@admins_only
async def new_entry_form(request: web.Request, user: PanelUser) -> web.StreamResponse:
    """The form, empty, or filled from an inbox group (?gelen=ids) that the entry settles."""
    form: dict[str, str] = {}
    raw = request.query.get("gelen", "")
    if raw:
        group = await services_of(request).faq.inbox_group(item_ids(raw))
        if group is None:
            return notice(request, text("inbox.title"), text("inbox.gone"), 409)
        others = [q for q in group.questions if q != group.question]
        form = {"question": group.question, "phrasings": "\n".join(others), "settles": raw}
    return page(request, "faq_new.html", sources=_sources(), form=form, error=None)


@admins_only
async def create_entry(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    form = await request.post()
    values = {k: str(form.get(k, "")).replace("\r\n", "\n").strip() for k in
              ("question", "phrasings", "answer", "seed", "part", "settles")}  # fmt: skip
    group = await svc.faq.inbox_group(item_ids(values["settles"])) if values["settles"] else None
    outcome: EditOutcome
    if not values["question"]:
        outcome = Refused(text("faq.question_missing"))
    else:
        outcome = await svc.faq.new_entry(
            values["question"],
            [values["question"], *phrasings_in(values["phrasings"])],
            values["answer"],
            values["seed"],
            actor(user.member),
            settles=list(group.item_ids) if group else None,
            part=values["part"] or None,
        )
    if isinstance(outcome, Refused):
        return page(request, "faq_new.html", status=409, sources=_sources(), form=values,
                    error=outcome.reason)  # fmt: skip
    training = after_edit(svc, user, outcome)
    raise web.HTTPSeeOther(f"/sss/{outcome.edit.entry_id}?ok=created{training}")
