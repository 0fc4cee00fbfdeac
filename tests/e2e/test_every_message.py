"""Every message gets a meaningful reply: each training example of every intent that is not a
FAQ, and each held-out question, sent outside any guided conversation by a new student, gets
a non-empty answer that is not the "temporary problem" apology (which is for outages only)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml

from bot.local_telegram import LocalTelegram
from bot.texts import text
from staj.paths import NLU_DIR, REPO_ROOT
from tests.e2e.conftest import Conversation

pytestmark = pytest.mark.e2e

AT_ONCE = 8


def non_faq_examples() -> list[str]:
    found: list[str] = []
    for path in sorted((NLU_DIR / "data").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if block["intent"] == "faq":
                continue
            found += [
                line.strip()[2:]
                for line in block["examples"].splitlines()
                if line.strip().startswith("- ")
            ]
    return found


def heldout_questions() -> list[str]:
    data = yaml.safe_load(Path(REPO_ROOT / "benchmarks" / "heldout.yml").read_text("utf-8"))
    return [item["q"] for item in data["in_scope"]] + list(data["out_of_scope"])


async def test_every_message_outside_a_form_gets_a_real_reply(
    telegram: LocalTelegram,
    new_student,  # type: ignore[no-untyped-def]
) -> None:
    messages = list(dict.fromkeys(non_faq_examples() + heldout_questions()))
    assert len(messages) > 400
    apology = text("unavailable")
    failures: list[str] = []
    gate = asyncio.Semaphore(AT_ONCE)

    async def one(message: str) -> None:
        student: Conversation = new_student()
        async with gate:
            try:
                replies = await student.say(message, timeout=20)
            except TimeoutError:
                failures.append(f"{message!r}: no reply")
                return
        texts = [r.plain.strip() for r in replies]
        if not any(texts) or apology in texts:
            failures.append(f"{message!r}: {texts}")

    await asyncio.gather(*(one(m) for m in messages))
    assert failures == [], f"{len(failures)} of {len(messages)} without a real reply"
