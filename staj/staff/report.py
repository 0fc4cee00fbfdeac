"""The statistics as staff read them."""

from __future__ import annotations

from datetime import timedelta

from staj.faq.model import KnowledgeBase
from staj.staff.stats import Stats
from staj.staff.texts import text
from staj.text.numbers import decimal

OWN_STATUS_ENTRY = "kendi-basvuru-durumu"


def _duration(value: timedelta) -> str:
    minutes = round(value.total_seconds() / 60)
    if minutes < 60:
        return f"{minutes} dk"
    return f"{minutes // 60} sa {minutes % 60} dk"


def report(stats: Stats, kb: KnowledgeBase) -> str:
    days = (stats.last_day - stats.first_day).days + 1
    lines = [
        text(
            "stats.title",
            first=stats.first_day.strftime("%d.%m.%Y"),
            last=stats.last_day.strftime("%d.%m.%Y"),
        ),
        text("stats.messages", count=stats.messages, per_day=decimal(stats.messages / days)),
        text("stats.students", count=stats.distinct_students),
    ]
    rate = stats.fallback_rate
    if rate is None:
        lines.append(text("stats.fallback_rate_none"))
    else:
        lines.append(
            text(
                "stats.fallback_rate",
                rate=decimal(rate * 100),
                fallbacks=stats.fallbacks,
                asked=stats.answered + stats.fallbacks,
            )
        )
    lines.append(text("stats.out_of_scope", count=stats.out_of_scope))
    lines.append(text("stats.handoffs", count=stats.handoffs))
    if stats.median_first_reply is None:
        lines.append(text("stats.first_reply_none"))
    else:
        lines.append(text("stats.first_reply", duration=_duration(stats.median_first_reply)))
    if not stats.top_questions:
        lines.append(text("stats.top_none"))
        return "\n".join(lines)
    lines.append(text("stats.top_title"))
    for rank, (entry_id, count) in enumerate(stats.top_questions, 1):
        entry = kb.get(entry_id)
        title = (
            entry.title
            if entry
            else (text("stats.own_status") if entry_id == OWN_STATUS_ENTRY else entry_id)
        )
        lines.append(text("stats.top_line", rank=rank, title=title, count=count))
    return "\n".join(lines)
