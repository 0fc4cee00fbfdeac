"""The handoff queue: waiting and active requests (university, how long, who took it) and
the office hours. No student names and no message texts: the counselors' group has those.
Counselors see their own university's requests; admins see all."""

from __future__ import annotations

from aiohttp import web

from panel.auth import page, staff_only
from panel.services import services_of
from panel.texts import text
from staj.clock import LOCAL, local_day_and_time
from staj.institutions import all_institutions, short_name
from staj.services.panel_access import PanelUser
from staj.staff.office_hours import hours_for, is_open, next_opening
from staj.store.handoffs import WAITING

# The page reloads itself (no script needed) so a queue left open stays current.
REFRESH_SECONDS = 30


@staff_only
async def queue_page(request: web.Request, user: PanelUser) -> web.StreamResponse:
    svc = services_of(request)
    member = user.member
    own = None if member.is_admin else member.institution
    items = await svc.handoffs.queue(own)
    now = svc.clock.now()
    codes = list(all_institutions()) if member.is_admin else [member.institution or ""]
    hours = []
    for code in codes:
        office = hours_for(code)
        opening = next_opening(now, code)
        hours.append(
            {
                "name": short_name(code),
                "days": ", ".join(text(f"weekdays.{d}") for d in sorted(office.weekdays)),
                "from": office.opens.strftime("%H:%M"),
                "to": office.closes.strftime("%H:%M"),
                "open": is_open(now, code),
                "next": local_day_and_time(opening),
            }
        )
    return page(
        request,
        "queue.html",
        refresh=REFRESH_SECONDS,
        rows=[
            {
                "item": item,
                "university": short_name(item.institution) if item.institution else "–",
                "waiting": item.state == WAITING,
                "since": item.created_at.astimezone(LOCAL).strftime("%d.%m.%Y %H:%M"),
            }
            for item in items
        ],
        waiting=sum(i.state == WAITING for i in items),
        hours=hours,
        scope=short_name(own) if own else None,
    )
