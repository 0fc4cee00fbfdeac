"""`stajbot ask` and the terminal chat, through the real stack."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.local_telegram import LocalTelegram
from cli.chat import TerminalChat
from cli.processes import Stack
from staj.config import Settings
from staj.paths import var_dir

pytestmark = pytest.mark.e2e


def _stajbot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_ask_json_prints_one_object_per_question_in_order(stack: Stack, tmp_path: Path) -> None:
    questions = tmp_path / "sorular.txt"
    questions.write_text(
        "sigorta yapiliyo mu\n\nstaj ücreti ne kadar\nkyk yurdu ne zaman açılıyor\n",
        encoding="utf-8",
    )
    result = _stajbot("ask", "--json", "--file", str(questions))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["question"] for r in lines] == [
        "sigorta yapiliyo mu",
        "staj ücreti ne kadar",
        "kyk yurdu ne zaman açılıyor",
    ]
    assert set(lines[0]) == {"question", "replies", "intent", "confidence", "fallback", "answered"}
    assert lines[0]["intent"] == "faq/usp-sigorta" and lines[0]["fallback"] is False
    assert isinstance(lines[0]["confidence"], float)
    assert lines[0]["answered"] == "usp-sigorta"
    assert lines[1]["intent"] == "faq/usp-ucret" and lines[1]["answered"] == "usp-ucret"
    assert lines[2]["fallback"] is True and "staj dışında" in lines[2]["replies"][0]
    assert lines[2]["answered"] is None


def test_ask_plain_prints_replies_as_read(stack: Stack) -> None:
    result = _stajbot("ask", "staj ücreti ne kadar")
    assert result.returncode == 0, result.stderr
    assert "3308" in result.stdout and "[👍 Evet]" in result.stdout


def test_ask_needs_a_question() -> None:
    result = _stajbot("ask")
    assert result.returncode == 2 and "soru" in result.stderr


async def test_terminal_chat_goes_through_the_same_bot(stack: Stack, settings: Settings) -> None:
    async with TerminalChat(settings) as chat:
        replies = await chat.say("sigorta yapılıyor mu")
        shown = chat.show(replies)
        assert "5510" in shown and "[1] 👍 Evet" in shown
        thanks = await chat.say("1")
        assert "Teşekkürler" in chat.show(thanks)


async def test_at_debug_no_process_logs_a_students_message(
    stack: Stack, settings: Settings
) -> None:
    """KVKK: `stajbot run` at LOG_LEVEL=DEBUG against a (fake) Telegram, with Rasa and the
    action server of the session: the student's text appears in no log and no output."""
    telegram = LocalTelegram()
    await telegram.start()
    env = {**os.environ, "LOG_LEVEL": "DEBUG", "TELEGRAM_BOT_TOKEN": telegram.token,
           "TELEGRAM_API_BASE_URL": telegram.base_url}  # fmt: skip
    logs = var_dir() / "logs"
    sizes = {p: p.stat().st_size for p in logs.glob("*.log")}
    secret_text = "Zümrüt Anka stajda sigortam yapılıyor mu 7391"
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cli.main", "run", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        await telegram.send_text(990_001, secret_text)
        answers = await telegram.wait_for_messages(990_001, 1, timeout=120)
    finally:
        if bot.returncode is None:
            bot.terminate()
        output, _ = await asyncio.wait_for(bot.communicate(), 60)
        await telegram.stop()
    written = output.decode(errors="replace")
    assert "5510" in answers[0].plain, written[-3000:]
    assert "DEBUG" in written  # it did log at DEBUG...
    for path in logs.glob("*.log"):  # ...and neither it nor Rasa nor the actions logged the text
        with path.open("rb") as log:
            log.seek(sizes.get(path, 0))
            written += log.read().decode(errors="replace")
    for piece in ("Zümrüt Anka", "7391"):
        assert piece not in written
