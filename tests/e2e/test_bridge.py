"""Student → fake Telegram → bot → Rasa → action server → reply, with nothing mocked."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import sqlite3
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.app import build_application, polling
from bot.local_telegram import LocalTelegram, free_port
from staj.config import Settings
from staj.dialogue.rasa_client import CHANNEL_WEBHOOK
from tests.e2e.conftest import Conversation

pytestmark = pytest.mark.e2e


async def test_start_and_help_are_answered_in_turkish(student: Conversation) -> None:
    [welcome, notice] = await student.say("/start", count=2)
    assert "Staj Asistanı" in welcome.plain
    # KVKK: the privacy notice before the first question: who, what, why, who sees, rights.
    for part in ("Veri sorumlusu", "gün, sonra silinir", "danışmanlarının Telegram grubunda",
                 "/verilerim", "/verilerimi_sil"):  # fmt: skip
        assert part in notice.plain, part
    [again] = await student.say("/gizlilik")
    assert again.plain == notice.plain
    [help_reply] = await student.say("/yardim")
    assert "/universite" in help_reply.plain and "/gizlilik" in help_reply.plain


async def test_command_menu_is_registered(telegram: LocalTelegram, student: Conversation) -> None:
    await student.say("/start", count=2)
    names = {c["command"] for c in telegram.commands}
    assert {"start", "yardim", "universite", "gizlilik", "verilerim"} <= names


async def test_faq_answer_with_source_and_feedback_buttons(
    telegram: LocalTelegram, student: Conversation
) -> None:
    [answer] = await student.say("sigorta yapiliyo mu")
    assert "5510" in answer.plain
    assert "Kaynak" in answer.plain and "003" in answer.plain
    assert answer.button_titles[:2] == ["👍 Evet", "👎 Hayır"]
    assert answer.parse_mode == "HTML"
    # The bot showed "typing…" while it waited for Rasa.
    assert (student.user_id, "typing") in telegram.chat_actions


async def test_pressing_a_button_sends_its_payload_to_rasa(
    telegram: LocalTelegram, student: Conversation
) -> None:
    [answer] = await student.say("staj ücreti ne kadar")
    [thanks] = await student.press(answer, "👍")
    assert "Teşekkürler" in thanks.plain
    # The keyboard was replaced by the choice, so it cannot be pressed twice.
    edited = next(
        m for m in telegram.messages_to(student.user_id) if m.message_id == answer.message_id
    )
    assert edited.buttons == [] and "👍 Evet" in edited.plain


async def test_forged_button_data_is_refused(telegram: LocalTelegram, new_student) -> None:  # type: ignore[no-untyped-def]
    owner, intruder = new_student(), new_student()
    [answer] = await owner.say("sigortam var mı")
    token = answer.buttons[0]["callback_data"]
    before = len(telegram.messages_to(intruder.user_id))
    # Another student replays the owner's button, and someone sends made-up data.
    await telegram.press_callback(intruder.user_id, answer, token)
    await telegram.press_callback(intruder.user_id, answer, '/feedback{"vote":"up"}')
    await asyncio.sleep(1.5)
    assert len(telegram.messages_to(intruder.user_id)) == before
    refusals = [a for a in telegram.callback_answers if "geçerli değil" in str(a.get("text", ""))]
    assert len(refusals) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "boş"),
        ("   \n\t ", "boş"),
        ("😀😀🎉", "Emoji"),
        ("?!?!", "soru göremedim"),
        ("a" * 10_000, "çok uzun"),
        ('/feedback{"vote":"up","faq_id":"usp-sigorta"}', "komutu tanımıyorum"),
    ],
)
async def test_bad_input_gets_a_polite_turkish_reply(
    student: Conversation, text: str, expected: str
) -> None:
    [reply] = await student.say(text)
    assert expected in reply.plain


async def test_control_characters_are_cleaned_before_rasa(student: Conversation) -> None:
    [answer] = await student.say("sigorta\x00 yapılıyor\x1b mu\u200b")
    assert "5510" in answer.plain


async def test_sticker_and_photo_get_a_text_request(
    telegram: LocalTelegram, student: Conversation
) -> None:
    before = len(telegram.messages_to(student.user_id))
    await telegram.send_sticker(student.user_id)
    await telegram.send_photo(student.user_id)
    replies = await telegram.wait_for_messages(student.user_id, 2, after=before)
    assert all("yazılı" in r.plain for r in replies)


async def test_several_students_at_once_each_get_their_own_answer(new_student) -> None:  # type: ignore[no-untyped-def]
    students = [new_student() for _ in range(5)]
    questions = ["sigorta yapılıyor mu", "staj ücreti ne kadar"] * 3
    replies = await asyncio.gather(*(s.say(q) for s, q in zip(students, questions, strict=False)))
    for (reply,), question in zip(replies, questions, strict=False):
        assert ("5510" in reply.plain) == ("sigorta" in question)


@contextlib.asynccontextmanager
async def bot_with_rasa_at(
    settings: Settings, rasa_url: str, rasa_timeout_seconds: float = 2.0
) -> AsyncIterator[LocalTelegram]:
    """The real bot against a fake Telegram, with Rasa expected at ``rasa_url``."""
    changed = dataclasses.replace(
        settings, rasa_url=rasa_url, rasa_timeout_seconds=rasa_timeout_seconds
    )
    server = LocalTelegram()
    await server.start()
    try:
        async with polling(build_application(changed, server.token, server.base_url)):
            yield server
    finally:
        await server.stop()


async def test_rasa_down_gets_an_apology_quickly_and_the_bot_keeps_running(
    settings: Settings,
) -> None:
    async with bot_with_rasa_at(settings, f"http://127.0.0.1:{free_port()}") as server:
        started = time.monotonic()
        await server.send_text(5001, "sigorta yapılıyor mu")
        [apology] = await server.wait_for_messages(5001, timeout=10)
        assert "Kusura bakma" in apology.plain
        assert time.monotonic() - started < 5
        await server.send_text(5001, "/yardim")
        [help_reply] = await server.wait_for_messages(5001, after=1)
        assert "Neler yapabilirim" in help_reply.plain


async def test_slow_rasa_gets_an_apology_within_the_timeout(settings: Settings) -> None:
    done = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        # Slower than the bot waits; answers once the test is over, so the bot stops at once.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 20)
        return web.json_response([])

    app = web.Application()
    app.router.add_post(CHANNEL_WEBHOOK, slow)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with bot_with_rasa_at(settings, f"http://127.0.0.1:{port}") as server:
            started = time.monotonic()
            await server.send_text(5002, "staj ücreti")
            [apology] = await server.wait_for_messages(5002, timeout=10)
            assert "Kusura bakma" in apology.plain
            assert time.monotonic() - started < 5
            done.set()
    finally:
        done.set()
        await runner.cleanup()


async def test_a_busy_rasa_is_waited_for_with_typing_shown(settings: Settings) -> None:
    # Under load Rasa's queue passes a few seconds: the student waits (seeing "typing…")
    # for the real answer instead of getting the apology meant for an outage.
    async def busy(request: web.Request) -> web.Response:
        await asyncio.sleep(10)  # longer than the 8 s the bot used to wait
        return web.json_response([{"recipient_id": "5004", "text": "Cevabın burada."}])

    app = web.Application()
    app.router.add_post(CHANNEL_WEBHOOK, busy)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    assert settings.rasa_timeout_seconds >= 15  # the default waits for a busy Rasa
    try:
        server = LocalTelegram()
        await server.start()
        try:
            changed = dataclasses.replace(settings, rasa_url=f"http://127.0.0.1:{port}")
            async with polling(build_application(changed, server.token, server.base_url)):
                await server.send_text(5004, "staj ücreti")
                [answer] = await server.wait_for_messages(5004, timeout=25)
                assert answer.plain == "Cevabın burada."
                typing = [a for chat, a in server.chat_actions if chat == 5004]
                assert typing.count("typing") >= 2  # refreshed while waiting
        finally:
            await server.stop()
    finally:
        await runner.cleanup()


async def test_a_store_that_fails_does_not_cost_the_student_the_answer(
    settings: Settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    async def rasa(request: web.Request) -> web.Response:
        return web.json_response([{"recipient_id": "5003", "text": "Cevabın burada."}])

    app = web.Application()
    app.router.add_post(CHANNEL_WEBHOOK, rasa)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    own = dataclasses.replace(settings, database_url=f"sqlite:///{tmp_path / 'broken.db'}")
    try:
        async with bot_with_rasa_at(own, f"http://127.0.0.1:{port}") as server:
            # The statistics table is gone (a broken migration, a locked file): logging fails.
            with sqlite3.connect(tmp_path / "broken.db") as db:
                db.execute("DROP TABLE message_log")
            await server.send_text(5003, "staj ücreti")
            [answer] = await server.wait_for_messages(5003, timeout=10)
            assert answer.plain == "Cevabın burada."
    finally:
        await runner.cleanup()


async def test_a_resent_message_is_taken_once_and_its_replies_given_again(
    stack,
    settings: Settings,  # type: ignore[no-untyped-def]
) -> None:
    """What the bot does when a Rasa server went away with a message: the same message id,
    marked as resent, to the real Rasa: the turn is not taken twice, the replies are the same;
    a resent message that was never taken is taken."""
    import aiohttp

    from staj.dialogue.rasa_client import SECRET_HEADER, RasaClient

    sender = "resend-student-1"
    url = f"{settings.rasa_url}{CHANNEL_WEBHOOK}"
    headers = {SECRET_HEADER: settings.internal_secret}
    body = {"sender": sender, "message": "sigorta yapılıyor mu", "message_id": "a" * 32}
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json=body, headers=headers) as response:
            first = await response.json()
        async with session.post(url, json={**body, "resend": True}, headers=headers) as response:
            again = await response.json()
        fresh = {**body, "message_id": "b" * 32, "message": "ücret var mı", "resend": True}
        async with session.post(url, json=fresh, headers=headers) as response:
            taken = await response.json()
    assert first and [m.get("text") for m in again] == [m.get("text") for m in first]
    assert taken and taken[0].get("text") != first[0].get("text")
    client = RasaClient(settings.rasa_url, 30, settings.internal_secret)
    await client.start()
    try:
        events = (await client.tracker(sender))["events"]
    finally:
        await client.close()
    said = [e.get("message_id") for e in events if e.get("event") == "user"]
    assert said == ["a" * 32, "b" * 32]
