"""A fuzz run through the real bot: 10,000 generated updates (texts of every length and
script, control characters, commands with junk arguments, forged callback data, media,
edits, group messages) end with no unhandled exception and a reply to every private text.
Rasa is a quick stand-in here: this is about what reaches the bot, not about answers."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import time
from typing import Any

import pytest
from aiohttp import web

from bot.local_telegram import LocalTelegram, free_port
from staj.config import Settings
from staj.dialogue.rasa_client import CHANNEL_WEBHOOK
from tests.e2e.test_bridge import bot_with_rasa_at

pytestmark = pytest.mark.e2e

UPDATES = 10_000
STUDENTS = 400
SCRIPTS = [
    "abcçdefgğhıijklmnoöprsştuüvyz ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ 0123456789",
    "абвгдежзийклмнопрстуфхцчшщъыьэюя",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "漢字かなカナ한국어ภาษาไทย",
    "😀🎓📄✅❌🙏🏽👩‍💼🇹🇷",
    "\u200b\u200d\u200e\u200f\u202e\ufeff",
    "\x00\x01\x07\x1b\x7f\t\r\n",
    "<b>&amp;</b> **__``[x](y)",
]
COMMANDS = ["/start", "/yardim", "/bagla", "/durum", "/universite", "/tarih", "/danisman",
            "/bitir", "/hatirlatmalar", "/verilerim", "/gizlilik", "/kontrol_listesi",
            "/baglantiyi_kaldir", "/sss", "/yetki_ver", "/istatistik", "/al", "/kapat", "/yok"]  # fmt: skip


def junk(rng: random.Random, longest: int = 5000) -> str:
    length = rng.choice([0, 1, 2, 5, 20, 200, 1000, 4096, longest])
    alphabet = rng.choice(SCRIPTS) + " "
    return "".join(rng.choices(alphabet, k=rng.randint(0, length)))


def updates(rng: random.Random, telegram: LocalTelegram) -> list[tuple[dict[str, Any], int | None]]:
    """(update, the private chat that must get a reply, if any)."""
    made: list[tuple[dict[str, Any], int | None]] = []
    for _ in range(UPDATES):
        user = 980_000_000 + rng.randrange(STUDENTS)
        sender = {"id": user, "is_bot": False, "first_name": junk(rng, 64)[:64] or "x",
                  "language_code": rng.choice(["tr", "en", "ar", "xx", ""])}  # fmt: skip
        chat = {"id": user, "type": "private"}
        message: dict[str, Any] = {"message_id": telegram.new_message_id(), "date": int(time.time()),
                                   "chat": chat, "from": sender}  # fmt: skip
        kind = rng.random()
        expects: int | None = None
        if kind < 0.55:
            body = junk(rng)
            if body:  # Telegram never sends an empty text
                message["text"] = body[:4096]
                expects = user
        elif kind < 0.7:
            command = rng.choice(COMMANDS)
            message["text"] = f"{command} {junk(rng, 300)}".strip()[:4096]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        elif kind < 0.78:
            message["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
            if rng.random() < 0.5:
                message["caption"] = junk(rng, 1024)[:1024]
        elif kind < 0.82:
            message["sticker"] = {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1,
                                  "is_animated": False, "is_video": False, "type": "regular"}  # fmt: skip
        elif kind < 0.86:
            message["text"] = junk(rng, 500) or "x"
            made.append(({"edited_message": {**message, "edit_date": int(time.time())}}, None))
            continue
        elif kind < 0.92:
            message["chat"] = {"id": -1_009_000_000 - rng.randrange(5), "type": "supergroup",
                               "title": "g", "is_forum": rng.random() < 0.5}  # fmt: skip
            message["text"] = rng.choice([junk(rng, 300) or "x", rng.choice(COMMANDS)])
            if rng.random() < 0.5:
                message["message_thread_id"] = rng.randrange(1, 50)
                message["is_topic_message"] = True
        else:
            data = rng.choice([junk(rng, 64)[:64], f"r:{junk(rng, 30)}", f"b:{junk(rng, 30)}",
                               f"a:{rng.randrange(99)}", "i:", "s:x", ""]) or "x"  # fmt: skip
            query = {"id": str(rng.randrange(10**9)), "from": sender, "chat_instance": "c",
                     "data": data[:64], "message": {**message, "text": "eski mesaj",
                                                   "from": {"id": 1, "is_bot": True, "first_name": "bot"}}}  # fmt: skip
            made.append(({"callback_query": query}, None))
            continue
        made.append(({"message": message}, expects))
    return made


async def test_ten_thousand_generated_updates(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    async def rasa(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response([{"recipient_id": body.get("sender"), "text": "Tamam."}])

    app = web.Application(client_max_size=16 * 1024 * 1024)
    app.router.add_post(CHANNEL_WEBHOOK, rasa)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    rng = random.Random(20261125)
    caplog.set_level(logging.ERROR)
    try:
        # The fake Telegram has no flood limit: the bot's own limiter need not wait here.
        fast = dataclasses.replace(settings, telegram_messages_per_second=2000.0)
        # The stand-in shares the test's event loop with the bot and the fake Telegram: under
        # 10,000 queued updates on a slow machine one request can wait seconds for its turn.
        # An outage is not what this test is about, so the bot waits as long as it needs.
        async with bot_with_rasa_at(fast, f"http://127.0.0.1:{port}", 120.0) as telegram:
            generated = updates(rng, telegram)
            expected: dict[int, int] = {}
            for update, chat in generated:
                await telegram.push_update(update)
                if chat is not None:
                    expected[chat] = expected.get(chat, 0) + 1
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                short = {c for c, n in expected.items() if len(telegram.messages_to(c)) < n}
                if not short:
                    break
                await asyncio.sleep(1)
            assert not short, f"{len(short)} chats got fewer replies than texts they sent"
    finally:
        await runner.cleanup()
    # The bot's own errors (the fake servers' "connection lost" at shutdown are not the bot's).
    errors = [
        r for r in caplog.records
        if r.levelno >= logging.ERROR and r.name.startswith(("bot", "telegram", "staj"))
    ]  # fmt: skip
    import traceback

    assert not errors, "\n".join(
        "".join(traceback.format_exception(*r.exc_info))[-1500:] if r.exc_info else r.getMessage()
        for r in errors[:2]
    )
