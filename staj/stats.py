"""Usage statistics for a period, and a chart of them (PNG) for admins."""

from __future__ import annotations

import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.staff.office_hours import LOCAL
from staj.store.models import Handoff, MessageLogEntry, QuestionLogEntry, aware
from staj.store.usage import ANSWERED, FALLBACK


@dataclass
class Stats:
    first_day: date
    last_day: date
    messages_per_day: dict[date, int] = field(default_factory=dict)
    fallbacks_per_day: dict[date, int] = field(default_factory=dict)
    distinct_students: int = 0
    top_questions: list[tuple[str, int]] = field(default_factory=list)  # entry id, count
    answered: int = 0
    fallbacks: int = 0
    out_of_scope: int = 0
    handoffs: int = 0
    median_first_reply: timedelta | None = None

    @property
    def messages(self) -> int:
        return sum(self.messages_per_day.values())

    @property
    def fallback_rate(self) -> float | None:
        asked = self.answered + self.fallbacks
        return self.fallbacks / asked if asked else None


def _bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first_day, time.min, tzinfo=LOCAL)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=LOCAL)
    return start, end


def _local_day(moment: datetime) -> date:
    return aware(moment).astimezone(LOCAL).date()


async def compute(
    sessions: async_sessionmaker[AsyncSession], first_day: date, last_day: date, top: int = 10
) -> Stats:
    start, end = _bounds(first_day, last_day)
    stats = Stats(first_day, last_day)
    day = first_day
    while day <= last_day:
        stats.messages_per_day[day] = 0
        stats.fallbacks_per_day[day] = 0
        day += timedelta(days=1)
    async with sessions() as session:
        messages = (
            await session.execute(
                select(MessageLogEntry.at, MessageLogEntry.student_key).where(
                    MessageLogEntry.at >= start, MessageLogEntry.at < end
                )
            )
        ).all()
        questions = (
            await session.execute(
                select(
                    QuestionLogEntry.at, QuestionLogEntry.outcome, QuestionLogEntry.entry_id
                ).where(QuestionLogEntry.at >= start, QuestionLogEntry.at < end)
            )
        ).all()
        handoffs = (
            await session.execute(
                select(Handoff.created_at, Handoff.first_reply_at).where(
                    Handoff.created_at >= start, Handoff.created_at < end
                )
            )
        ).all()
    students = set()
    for at, key in messages:
        stats.messages_per_day[_local_day(at)] = stats.messages_per_day.get(_local_day(at), 0) + 1
        students.add(key)
    stats.distinct_students = len(students)
    counts: Counter[str] = Counter()
    for at, outcome, entry_id in questions:
        if outcome == ANSWERED:
            stats.answered += 1
            if entry_id:
                counts[entry_id] += 1
        elif outcome == FALLBACK:
            stats.fallbacks += 1
            stats.fallbacks_per_day[_local_day(at)] = (
                stats.fallbacks_per_day.get(_local_day(at), 0) + 1
            )
        else:
            stats.out_of_scope += 1
    stats.top_questions = counts.most_common(top)
    stats.handoffs = len(handoffs)
    waits = [aware(reply) - aware(created) for created, reply in handoffs if reply is not None]
    if waits:
        stats.median_first_reply = timedelta(
            seconds=statistics.median(w.total_seconds() for w in waits)
        )
    return stats


def chart_png(stats: Stats) -> bytes:
    """Messages per day as bars with the unanswered ones marked, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    days = list(stats.messages_per_day)
    labels = [d.strftime("%d.%m") for d in days]
    messages = [stats.messages_per_day[d] for d in days]
    fallbacks = [stats.fallbacks_per_day.get(d, 0) for d in days]
    figure, axis = plt.subplots(figsize=(max(6.0, 0.45 * len(days) + 2), 3.6), dpi=120)
    positions = list(range(len(days)))
    axis.bar(positions, messages, color="#4C78A8", label="Mesajlar")
    axis.bar(positions, fallbacks, color="#E45756", label="Cevaplanamayan sorular")
    axis.set_xticks(positions, labels)
    axis.set_title(
        f"Staj Asistanı · {stats.first_day.strftime('%d.%m.%Y')} – {stats.last_day.strftime('%d.%m.%Y')}"
    )
    axis.set_ylabel("Günlük sayı")
    axis.legend(loc="upper left", frameon=False)
    axis.spines[["top", "right"]].set_visible(False)
    if len(labels) > 14:
        for index, label in enumerate(axis.get_xticklabels()):
            label.set_visible(index % max(1, len(labels) // 14) == 0)
    figure.autofmt_xdate(rotation=45)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()
