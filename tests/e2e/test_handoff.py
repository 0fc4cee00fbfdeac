"""Handoff to a counselor end to end: a student, a counselor in a forum-topic group, a
group without topics, an admin, and people who are not staff; with a restart of the bot in
the middle of a handoff and the clock moved for office hours and timeouts."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from bot.local_telegram import LocalTelegram, SentMessage
from staj.clock import ManualClock
from staj.config import Settings
from staj.staff.office_hours import LOCAL
from staj.store import Database, open_database, preferences
from staj.store import staff as staff_store
from tests.e2e.conftest import Conversation, running_bot

pytestmark = pytest.mark.e2e

_ids = itertools.count(930_000_001)
_groups = itertools.count(-1_001_000_000_001, -1)


def _istanbul(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL)


class Bot:
    """The real bot on its own fake Telegram, restartable within a test."""

    def __init__(self, settings: Settings, clock: ManualClock) -> None:
        self.settings, self.clock = settings, clock
        self.telegram = LocalTelegram()
        self._running = None  # type: ignore[var-annotated]

    async def start(self) -> None:
        if not self.telegram.port:
            await self.telegram.start()
        self._running = running_bot(self.settings, self.telegram, self.clock)
        await self._running.__aenter__()

    async def stop(self) -> None:
        if self._running is not None:
            await self._running.__aexit__(None, None, None)
            self._running = None


@pytest.fixture
async def office(settings: Settings) -> AsyncIterator[Database]:
    db = open_database(settings.database_url)
    try:
        yield db
    finally:
        await db.close()


@pytest.fixture
async def bot(stack, settings: Settings, clock: ManualClock) -> AsyncIterator[Bot]:  # type: ignore[no-untyped-def]
    running = Bot(settings, clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
        await running.telegram.stop()


async def group_says(
    telegram: LocalTelegram,
    chat_id: int,
    user_id: int,
    text: str | None = None,
    **kwargs,  # type: ignore[no-untyped-def]
) -> None:
    await telegram.group_message(chat_id, user_id, text, **kwargs)


async def new_group(
    telegram: LocalTelegram,
    office: Database,
    counselor: int,
    *,
    forum: bool = True,
    institution: str = "",
) -> int:
    """A counselors' group: the counselor asks, an admin registers it (KVKK: who receives
    students' requests is an admin's decision)."""
    chat_id = next(_groups)
    command = f"/danisman_grubu {institution}".strip()
    await telegram.group_message(chat_id, counselor, command, forum=forum)
    [asked] = await telegram.wait_for_messages(chat_id, 1)
    assert "yalnızca yöneticiler" in asked.plain
    member = await staff_store.get_staff(office.sessions, counselor)
    assert member is not None
    admin = next(_ids)
    await staff_store.add_staff(office.sessions, admin, "admin", "Yönetici", None, [], "test")
    command = f"/danisman_grubu {institution or member.institution}"
    await telegram.group_message(chat_id, admin, command, forum=forum)
    [done] = await telegram.wait_for_messages(chat_id, 1, after=1)
    assert "danışman grubu olarak kaydedildi" in done.plain
    return chat_id


async def ask_for_counselor(student: Conversation, words: str = "/danisman") -> SentMessage:
    """The student asks for a person, is told what the counselors will see, and agrees."""
    [consent] = await student.say(words)
    assert "Bağlayayım mı?" in consent.plain, consent.plain
    [reply] = await student.press(consent, "✅ Evet")
    return reply


async def counselor(office: Database, name: str, institution: str = "ktu") -> int:
    user_id = next(_ids)
    await staff_store.add_staff(
        office.sessions, user_id, "counselor", name, institution, [], "test"
    )
    return user_id


def thread_messages(telegram: LocalTelegram, chat_id: int, thread_id: int) -> list[SentMessage]:
    return [m for m in telegram.messages_to(chat_id) if m.message_thread_id == thread_id]


async def test_a_full_handoff_round_trip_with_a_photo_and_a_restart(
    bot: Bot, office: Database, clock: ManualClock
) -> None:
    telegram = bot.telegram
    clock.set(_istanbul(2027, 6, 2, 10, 0))  # a Wednesday, office hours
    ayse = await counselor(office, "Ayşe Danışman")
    group = await new_group(telegram, office, ayse)
    student = Conversation(telegram, next(_ids))
    await preferences.set_institution(office.sessions, student.user_id, "ktu")

    await student.say("staj defterimi kime teslim edeceğim")
    queued = await ask_for_counselor(student, "bir danışmanla görüşmek istiyorum")
    assert "KTÜ kariyer danışmanlarına bağladım" in queued.plain and "Sıran: 1" in queued.plain
    [(chat_id, thread_id)] = [key for key in telegram.topics if key[0] == group]
    assert telegram.topics[(chat_id, thread_id)]["name"].endswith("· KTÜ")
    [summary] = thread_messages(telegram, group, thread_id)
    assert "Danışman talebi #" in summary.plain
    assert "Hesabı bağlı olmayan öğrenci" in summary.plain and "KTÜ" in summary.plain
    assert "staj defterimi kime teslim edeceğim" in summary.plain  # the question and history

    # What the student sends goes to the topic; the assistant stays silent.
    seen = len(telegram.messages_to(student.user_id))
    before_group = len(telegram.messages_to(group))
    await telegram.send_text(student.user_id, "defter teslim tarihi geçti mi acaba")
    await telegram.send_photo(student.user_id, caption="defterimin kapağı")
    relayed = await telegram.wait_for_messages(group, 2, after=before_group)
    in_topic = thread_messages(telegram, group, thread_id)
    assert any("defter teslim tarihi geçti mi" in m.plain for m in in_topic)
    assert any(m.photo == "photo-1" and "defterimin kapağı" in (m.caption or "") for m in in_topic)
    assert relayed and len(telegram.messages_to(student.user_id)) == seen

    # The counselor answers in the topic, with text and a photo.
    before = len(telegram.messages_to(student.user_id))
    await group_says(
        telegram,
        group,
        ayse,
        "Merhaba, bölüm sekreterliğine teslim edebilirsin.",
        thread_id=thread_id,
    )
    got = await telegram.wait_for_messages(student.user_id, 2, after=before)
    assert "Ayşe Danışman görüşmeyi devraldı" in got[0].plain
    assert "Ayşe Danışman (kariyer danışmanı):" in got[1].plain
    assert "bölüm sekreterliğine" in got[1].plain
    before = len(telegram.messages_to(student.user_id))
    await group_says(telegram, group, ayse, thread_id=thread_id, photo=True)
    [photo] = await telegram.wait_for_messages(student.user_id, 1, after=before)
    assert photo.photo == "group-photo-1" and "Ayşe Danışman" in (photo.caption or "")

    # A restart in the middle of the handoff loses nothing.
    await bot.stop()
    await bot.start()
    before_group = len(telegram.messages_to(group))
    await telegram.send_text(student.user_id, "tamam teşekkürler, bir sorum daha var")
    await telegram.wait_for_messages(group, 1, after=before_group)
    assert "bir sorum daha var" in thread_messages(telegram, group, thread_id)[-1].plain

    # Someone in the group who is not staff: not relayed, and commands refused.
    stranger = next(_ids)
    before = len(telegram.messages_to(student.user_id))
    await group_says(telegram, group, stranger, "ben de bir şey diyeyim", thread_id=thread_id)
    await group_says(telegram, group, stranger, "/kapat", thread_id=thread_id)
    [refused] = await telegram.wait_for_messages(group, 1, after=len(telegram.messages_to(group)))
    assert refused.plain == "Bu komut yalnızca yetkili personel içindir."
    assert len(telegram.messages_to(student.user_id)) == before

    # The counselor hands the student back: both are told, the assistant answers again.
    await group_says(telegram, group, ayse, "/devret", thread_id=thread_id)
    [back] = await telegram.wait_for_messages(student.user_id, 1, after=before)
    assert "geri verdi" in back.plain
    assert telegram.topics[(group, thread_id)]["closed"] is True
    [answer] = await student.say("sigorta yapılıyor mu")
    assert "5510" in answer.plain


async def test_a_group_without_topics_is_answered_by_replying(
    bot: Bot, office: Database, clock: ManualClock
) -> None:
    telegram = bot.telegram
    clock.set(_istanbul(2027, 6, 2, 11, 0))
    mehmet = await counselor(office, "Mehmet Hoca", "ksu")
    group = await new_group(telegram, office, mehmet, forum=False)
    student = Conversation(telegram, next(_ids))
    await preferences.set_institution(office.sessions, student.user_id, "ksu")
    before_group = len(telegram.messages_to(group))
    [consent] = await student.say("/danisman")  # told what counselors will see; declines
    assert "Telegram adın, sorun ve benimle son mesajların" in consent.plain
    assert "öğrenci kaydından" not in consent.plain  # not linked: no record goes
    [declined] = await student.press(consent, "Vazgeç")
    assert "bağlamadım" in declined.plain and len(telegram.messages_to(group)) == before_group
    queued = await ask_for_counselor(student)
    assert "KSÜ" in queued.plain
    [summary] = await telegram.wait_for_messages(group, 1, after=before_group)
    assert "bu mesajı yanıtlayarak yazın" in summary.plain
    before = len(telegram.messages_to(student.user_id))
    await group_says(
        telegram, group, mehmet, "Evraklarını EBYS ile gönder.", reply_to=summary, forum=False
    )
    got = await telegram.wait_for_messages(student.user_id, 2, after=before)
    assert "Evraklarını EBYS ile gönder." in got[-1].plain
    await group_says(telegram, group, mehmet, "/kapat", reply_to=summary, forum=False)
    [closed] = await telegram.wait_for_messages(student.user_id, 1, after=before + 2)
    assert "Danışman görüşmeyi kapattı" in closed.plain


async def test_the_relay_splits_long_messages_keeps_codes_and_buttons_out_and_answers_counselors(
    bot: Bot, office: Database, clock: ManualClock
) -> None:
    telegram = bot.telegram
    clock.set(_istanbul(2027, 6, 2, 11, 0))
    zeynep = await counselor(office, "Zeynep Hoca", "ksu")
    group = await new_group(telegram, office, zeynep, forum=False)
    student = Conversation(telegram, next(_ids))
    await preferences.set_institution(office.sessions, student.user_id, "ksu")
    [answer] = await student.say("stajda sigortam yapılıyor mu")
    assert answer.reply_markup  # an answer with feedback buttons, pressed later
    before_group = len(telegram.messages_to(group))
    await ask_for_counselor(student)
    [summary] = await telegram.wait_for_messages(group, 1, after=before_group)
    await group_says(telegram, group, zeynep, "/al", reply_to=summary, forum=False)
    [taken] = await telegram.wait_for_messages(group, 1, after=before_group + 1)
    assert "üstlenildi" in taken.plain

    # A counselor who answers the bot's own notice still reaches the student.
    before = len(telegram.messages_to(student.user_id))
    await group_says(telegram, group, zeynep, "Merhaba, dinliyorum.", reply_to=taken, forum=False)
    [hello] = await telegram.wait_for_messages(student.user_id, 1, after=before)
    assert "Merhaba, dinliyorum." in hello.plain

    # A message near Telegram's limit goes over whole, in two pieces.
    long = " ".join(f"cümle{n}" for n in range(700))[:4030]
    before_group = len(telegram.messages_to(group))
    await telegram.send_text(student.user_id, long)
    relayed = await telegram.wait_for_messages(group, 2, after=before_group)
    assert "".join(m.plain.split(": ", 1)[1] for m in relayed).replace(" ", "") == long.replace(" ", "")  # fmt: skip

    # A link code typed during the handoff is handled as one, never shown to the group.
    before_group = len(telegram.messages_to(group))
    [linking] = await student.say("STAJ-7KQ2M-9XDP4")
    assert "kod" in linking.plain.lower()
    assert all("7KQ2M" not in m.plain for m in telegram.messages_to(group))

    # An old answer's button does not reach the assistant while a counselor holds the chat.
    [held] = await student.press(answer, "👍")
    assert "danışmanla yazışıyorsun" in held.plain

    # A sticker cannot go to the student: the counselor is told, not ignored.
    before_group = len(telegram.messages_to(group))
    await group_says(telegram, group, zeynep, None, reply_to=summary, forum=False, sticker=True)
    [kind] = await telegram.wait_for_messages(group, 1, after=before_group)
    assert "iletilemiyor" in kind.plain

    # The student blocked the bot: the counselor hears the message did not arrive.
    telegram.unreachable.add(student.user_id)
    try:
        await group_says(telegram, group, zeynep, "Orada mısın?", reply_to=summary, forum=False)
        [undelivered] = await telegram.wait_for_messages(group, 1, after=before_group + 1)
        assert "iletilemedi" in undelivered.plain
    finally:
        telegram.unreachable.discard(student.user_id)


async def test_a_students_record_card_goes_only_to_its_own_universitys_counselors(
    bot: Bot, office: Database, clock: ManualClock
) -> None:
    from staj.store import links, records
    from staj.students.importing import StudentRow

    telegram = bot.telegram
    clock.set(_istanbul(2027, 6, 2, 11, 0))
    ksu_group = await new_group(telegram, office, await counselor(office, "KSÜ Hoca", "ksu"))
    number = str(next(_ids))
    row = StudentRow(1, "ktu", number, "Gizli Öğrenci", None, "Bilgisayar", "lisans", 3)
    await records.apply_students(office.sessions, [row], "test")
    [issued], _ = await links.issue_codes(office.sessions, "ktu", [number], timedelta(1), clock.now(), "t")  # fmt: skip
    student = Conversation(telegram, next(_ids))
    [linked] = await student.say(issued.code)
    assert "bağlandı" in linked.plain
    await preferences.set_institution(office.sessions, student.user_id, "ksu")  # asks KSÜ
    [consent] = await student.say("/danisman")
    assert "öğrenci kaydından" not in consent.plain  # KSÜ will not see the KTÜ record
    await student.press(consent, "✅ Evet")
    [summary] = await telegram.wait_for_messages(ksu_group, 1, after=2)
    assert "başka bir üniversitenin kaydına bağlı" in summary.plain
    assert "Gizli" not in summary.plain and number not in summary.plain


async def test_office_hours_queue_reannounce_and_idle_close(
    bot: Bot, office: Database, clock: ManualClock, settings: Settings
) -> None:
    telegram = bot.telegram
    clock.set(_istanbul(2027, 6, 5, 11, 0))  # Saturday
    zeynep = await counselor(office, "Zeynep Danışman", "bseu")
    group = await new_group(telegram, office, zeynep)
    first, second = Conversation(telegram, next(_ids)), Conversation(telegram, next(_ids))
    for student in (first, second):
        await preferences.set_institution(office.sessions, student.user_id, "bseu")
    queued = await ask_for_counselor(first, "canlı destek")
    assert "mesai dışında" in queued.plain and "07.06.2027 08:30" in queued.plain
    queued = await ask_for_counselor(second)
    assert "sıran: 2" in queued.plain
    [again] = await second.say("/danisman")
    assert "sıran: 2" in again.plain  # one request per student

    # Monday 08:45: counselors are back, the waiting requests are announced again.
    before = len(telegram.messages_to(group))
    clock.set(_istanbul(2027, 6, 7, 8, 45))
    notices = await telegram.wait_for_messages(group, 2, after=before)
    assert all("dakikadır bir danışman bekliyor" in m.plain for m in notices)

    # Taken, then left idle longer than the configured time: closed, both sides told.
    [(_, thread_id)] = [k for k in telegram.topics if k[0] == group][:1]
    await group_says(telegram, group, zeynep, "/al", thread_id=thread_id)
    [taken] = await telegram.wait_for_messages(
        first.user_id, 1, after=len(telegram.messages_to(first.user_id))
    )
    assert "devraldı" in taken.plain
    before = len(telegram.messages_to(first.user_id))
    clock.advance(timedelta(minutes=settings.handoff_idle_minutes + 1))
    [idle] = await telegram.wait_for_messages(first.user_id, 1, after=before)
    assert "Bir süredir yazışma olmadığı için" in idle.plain
    [ended] = await second.say("/bitir")
    assert "talebini kapattım" in ended.plain
    [nothing] = await second.say("/bitir")
    assert "açık bir danışman görüşmen yok" in nothing.plain


async def test_roles_are_checked_and_granted_by_an_admin(bot: Bot, office: Database) -> None:
    telegram = bot.telegram
    admin = next(_ids)
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "cli.main", "staff", "add", "--telegram-id", str(admin),
         "--role", "admin", "--name", "Yönetici Bey"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    outsider, newcomer = Conversation(telegram, next(_ids)), next(_ids)
    [refused] = await outsider.say(f"/yetki_ver {newcomer} danisman ktu Can")
    assert refused.plain == "Bu komut yalnızca yetkili personel içindir."
    admin_chat = Conversation(telegram, admin)
    [usage] = await admin_chat.say("/yetki_ver birisi")
    assert "Kullanım" in usage.plain
    [granted] = await admin_chat.say(f"/yetki_ver {newcomer} danisman ktu Can Yıldız")
    assert "danışman yetkisi verildi (KTÜ)" in granted.plain
    member = await staff_store.get_staff(office.sessions, newcomer)
    assert (
        member is not None and member.institution == "ktu" and member.display_name == "Can Yıldız"
    )
    group = next(_groups)
    await telegram.group_message(group, outsider.user_id, "/danisman_grubu ktu")
    [no] = await telegram.wait_for_messages(group, 1)
    assert no.plain == "Bu komut yalnızca yetkili personel içindir."


async def test_admin_gets_statistics_with_a_chart(
    bot: Bot, office: Database, clock: ManualClock
) -> None:
    telegram = bot.telegram
    admin = next(_ids)
    await staff_store.add_staff(office.sessions, admin, "admin", "Yönetici", None, [], "test")
    ayse = await counselor(office, "Ayşe İstatistik")
    admin_chat, counselor_chat = Conversation(telegram, admin), Conversation(telegram, ayse)
    [refused] = await counselor_chat.say("/istatistik")
    assert refused.plain == "Bu komut yalnızca yetkili personel içindir."

    clock.set(datetime.now(LOCAL))
    [before, chart] = await admin_chat.say("/istatistik 1", count=2)
    assert chart.photo == "uploaded:istatistik.png"
    messages_before = int(before.plain.split("Mesaj: ")[1].split(" ")[0])
    student = Conversation(telegram, next(_ids))
    await student.say("sigorta yapılıyor mu")
    await student.say("asdfgh qwerty")
    [after, _] = await admin_chat.say("/istatistik 1", count=2)
    assert int(after.plain.split("Mesaj: ")[1].split(" ")[0]) == messages_before + 2
    assert "En çok sorulanlar" in after.plain and "Cevaplanamayan soru oranı" in after.plain
    [usage] = await admin_chat.say("/istatistik dün")
    assert "Kullanım" in usage.plain


async def test_asking_for_a_counselor_in_the_middle_of_a_form_leaves_the_form(
    bot: Bot, office: Database, clock: ManualClock
) -> None:
    telegram = bot.telegram
    clock.set(_istanbul(2027, 6, 2, 14, 0))
    helper = await counselor(office, "Form Danışman")
    group = await new_group(telegram, office, helper)
    student = Conversation(telegram, next(_ids))
    await preferences.set_institution(office.sessions, student.user_id, "ktu")
    [question] = await student.say("/tarih")
    assert "hangi gün başlıyor" in question.plain
    queued = await ask_for_counselor(student, "bir danışmanla görüşmek istiyorum")  # no more
    assert "bağladım" in queued.plain
    [(_, thread_id)] = [k for k in telegram.topics if k[0] == group]
    before = len(telegram.messages_to(student.user_id))
    await group_says(telegram, group, helper, "/devret", thread_id=thread_id)
    await telegram.wait_for_messages(student.user_id, 1, after=before)
    [answer] = await student.say("sigorta yapılıyor mu")
    assert "5510" in answer.plain  # the half-asked date question is gone


async def test_an_unreachable_group_traps_no_student(
    bot: Bot, office: Database, clock: ManualClock
) -> None:
    """The bot was removed from the counselors' group: the request is not left waiting where
    nobody sees it; the student is told and is back with the assistant."""
    telegram = bot.telegram
    clock.set(_istanbul(2027, 6, 2, 11, 0))
    zeynep = await counselor(office, "Zeynep Hoca", "bseu")
    group = await new_group(telegram, office, zeynep, forum=False)
    student = Conversation(telegram, next(_ids))
    await preferences.set_institution(office.sessions, student.user_id, "bseu")
    telegram.unreachable.add(group)
    try:
        told = await ask_for_counselor(student)
        assert "ulaştıramadım" in told.plain
        [answer] = await student.say("sigorta yapılıyor mu")
        assert "5510" in answer.plain  # the assistant answers again, nothing is relayed
    finally:
        telegram.unreachable.discard(group)


async def test_a_deleted_topic_traps_no_student(
    bot: Bot, office: Database, clock: ManualClock
) -> None:
    telegram = bot.telegram
    clock.set(_istanbul(2027, 6, 2, 11, 0))
    group = await new_group(telegram, office, await counselor(office, "Konu Hoca", "ksu"))
    student = Conversation(telegram, next(_ids))
    await preferences.set_institution(office.sessions, student.user_id, "ksu")
    await ask_for_counselor(student)
    [(chat_id, thread_id)] = [key for key in telegram.topics if key[0] == group]
    telegram.deleted_topics.add((chat_id, thread_id))  # someone deleted the request's topic
    [told] = await student.say("orada kimse var mı?")
    assert "ulaştıramadım" in told.plain
    [answer] = await student.say("sigorta yapılıyor mu")
    assert "5510" in answer.plain  # back with the assistant


async def test_a_group_upgraded_to_a_supergroup_keeps_its_handoffs(
    bot: Bot, office: Database, clock: ManualClock
) -> None:
    telegram = bot.telegram
    clock.set(_istanbul(2027, 6, 2, 11, 0))
    emre = await counselor(office, "Emre Hoca", "ksu")
    old = await new_group(telegram, office, emre, forum=False)
    new = next(_groups)
    await telegram.group_migrated(old, new)
    student = Conversation(telegram, next(_ids))
    await preferences.set_institution(office.sessions, student.user_id, "ksu")
    queued = await ask_for_counselor(student)
    assert "KSÜ" in queued.plain
    [summary] = await telegram.wait_for_messages(new, 1)
    assert "Danışman talebi" in summary.plain
