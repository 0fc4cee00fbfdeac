"""The inbox: questions the assistant could not answer and answers students marked 👎,
similar ones grouped with a count. A group becomes phrasings of an entry, a new entry
(admins), or is dismissed. Counselors may work it too; every change names who made it."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from panel.auth import notice, page, staff_only
from panel.faq import after_edit
from panel.inbox_ids import item_ids
from panel.services import services_of
from panel.texts import text
from staj.faq.inbox_groups import Group
from staj.services.faq_editing import Refused
from staj.services.panel_access import PanelUser, actor
from staj.store import inbox as inbox_store

GROUPS_SHOWN = 30


def ids_text(group: Group) -> str:
    return ",".join(str(i) for i in group.item_ids)


@staff_only
async def inbox_page(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    groups = await svc.faq.open_inbox()
    # The largest groups first, a page's worth: the rest come up as these are handled.
    page_groups = groups[:GROUPS_SHOWN]
    candidates = await svc.faq.candidates_for([g.question for g in page_groups])
    shown: list[dict[str, Any]] = [
        {
            "group": group,
            "ids": ids_text(group),
            "phrasings": list(group.questions) or [group.question],
            "downvoted": inbox_store.DOWNVOTE in group.sources,
            "candidates": nearest,
        }
        for group, nearest in zip(page_groups, candidates, strict=True)
    ]
    done = request.query.get("ok")
    return page(
        request,
        "inbox.html",
        groups=shown,
        total_groups=len(groups),
        items=sum(g.count for g in groups),
        done=text(f"inbox.done.{done}") if done in ("added", "dismissed", "created") else None,
        training=text("faq.training_started") if request.query.get("egitim") == "basladi"
        else text("faq.training_manual") if request.query.get("egitim") == "elle" else None,
    )  # fmt: skip


async def _open_group(request: web.Request, raw: str) -> Group | None:
    return await services_of(request).faq.inbox_group(item_ids(raw))


@staff_only
async def add_to_entry(request: web.Request, user: PanelUser) -> web.StreamResponse:
    """POST: the chosen phrasings of a group become phrasings of an entry; the group closes."""
    svc = services_of(request)
    form = await request.post()
    group = await _open_group(request, str(form.get("items", "")))
    if group is None:
        return notice(request, text("inbox.title"), text("inbox.gone"), 409)
    entry_id = str(form.get("other_entry", "")).strip() or str(form.get("entry", "")).strip()
    chosen = [str(q) for q in form.getall("question", []) if str(q) in group.questions]
    if not chosen:
        chosen = [group.question]
    outcome = await svc.faq.add_phrasings(
        entry_id, chosen, actor(user.member), settles=list(group.item_ids)
    )
    if isinstance(outcome, Refused):
        return notice(request, text("inbox.title"), outcome.reason, 409)
    training = after_edit(svc, user, outcome)
    raise web.HTTPSeeOther(f"/gelen-kutusu?ok=added{training}")


@staff_only
async def dismiss(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    form = await request.post()
    group = await _open_group(request, str(form.get("items", "")))
    if group is None:
        return notice(request, text("inbox.title"), text("inbox.gone"), 409)
    await svc.faq.dismiss(list(group.item_ids))
    await svc.access.record(user.member, "inbox_dismissed", f"inbox:{group.item_ids[0]}")
    raise web.HTTPSeeOther("/gelen-kutusu?ok=dismissed")
