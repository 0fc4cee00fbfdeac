"""Latency of one student message: fake Telegram → bot → Rasa → actions → reply.

    .venv/bin/python benchmarks/latency.py [--messages 60]

Starts the real stack (trained model, Rasa server, action server) and the unmodified bot
against the local Bot API server, then sends questions one at a time and measures the time
from the student's message to the bot's reply arriving at the fake Telegram. Prints p50/p95.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTIONS = [
    "sigorta yapılıyor mu",
    "staj ücreti ne kadar",
    "başvurular ne zaman bitiyor",
    "yedek stajyer ne demek",
    "staj dönemleri ne zaman",
    "kyk yurdu ne zaman açılıyor",
    "teklife cevap vermezsem ne olur",
    "bys başvurusu kaç gün önce yapılır",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


async def measure(count: int) -> list[float]:
    from bot.app import build_application, polling
    from bot.local_telegram import LocalTelegram
    from staj.config import load_settings

    settings = load_settings()
    telegram = LocalTelegram()
    await telegram.start()
    timings: list[float] = []
    try:
        async with polling(build_application(settings, telegram.token, telegram.base_url)):
            user = 31337
            for i in range(count + 3):
                before = len(telegram.messages_to(user))
                started = time.perf_counter()
                await telegram.send_text(user, QUESTIONS[i % len(QUESTIONS)])
                await telegram.wait_for_messages(user, 1, after=before, timeout=30, settle=0.0)
                if i >= 3:  # the first few warm the caches and connections up
                    timings.append(time.perf_counter() - started)
    finally:
        await telegram.stop()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=60)
    args = parser.parse_args()

    from bot.local_telegram import free_port

    tmp = tempfile.mkdtemp(prefix="staj-latency-")
    os.environ.update(
        STAJ_VAR_DIR=tmp,
        DATABASE_URL=f"sqlite:///{tmp}/staj.db",
        RASA_PORT=str(free_port()),
        ACTION_SERVER_PORT=str(free_port()),
    )
    from cli.processes import assistant_stack
    from staj.config import load_settings
    from staj.model.training import ensure_model
    from staj.store import upgrade_to_head

    settings = load_settings()
    upgrade_to_head(settings.database_url)
    with assistant_stack(settings, ensure_model(settings.faq_dir)):
        timings = asyncio.run(measure(args.messages))
    ms = [t * 1000 for t in timings]
    print(f"{len(ms)} messages, one at a time, fake Telegram → bot → Rasa → actions → reply")
    print(f"p50 {percentile(ms, 0.5):.0f} ms   p95 {percentile(ms, 0.95):.0f} ms   "
          f"mean {statistics.mean(ms):.0f} ms   max {max(ms):.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
