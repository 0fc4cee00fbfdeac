"""Usage statistics for a period, counted from the pseudonymous logs, and a chart of them
(PNG) for admins."""

from __future__ import annotations

import io
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from staj.clock import LOCAL

# How one question turn ended, as the usage log records it.
ANSWERED, FALLBACK, OUT_OF_SCOPE = "answered", "fallback", "out_of_scope"


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


def period_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """The period's first and last local day as a half-open span of moments."""
    start = datetime.combine(first_day, time.min, tzinfo=LOCAL)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=LOCAL)
    return start, end


def _local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


def tally(
    first_day: date,
    last_day: date,
    messages: Iterable[tuple[datetime, str]],
    questions: Iterable[tuple[datetime, str, str | None]],
    handoffs: Iterable[tuple[datetime, datetime | None]],
    top: int = 10,
) -> Stats:
    """The figures from log rows: messages (at, student key), questions (at, outcome,
    entry id), handoffs (created, first reply); every moment timezone-aware."""
    stats = Stats(first_day, last_day)
    day = first_day
    while day <= last_day:
        stats.messages_per_day[day] = 0
        stats.fallbacks_per_day[day] = 0
        day += timedelta(days=1)
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
    handoff_rows = list(handoffs)
    stats.handoffs = len(handoff_rows)
    waits = [reply - created for created, reply in handoff_rows if reply is not None]
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
