"""Guided conversations end to end: eligibility, dates and deadlines, the checklist."""

from __future__ import annotations

from datetime import date

import pytest

from bot.app import build_application, polling
from bot.local_telegram import LocalTelegram
from cli.processes import Stack
from staj.config import Settings
from tests.e2e.conftest import Conversation

pytestmark = pytest.mark.e2e


async def test_eligibility_in_one_message(student: Conversation) -> None:
    [verdict] = await student.say(
        "Lisans 3. sınıf öğrencisiyim, ortalamam 2.45, başvurabilir miyim?"
    )
    assert "✅ Evet" in verdict.plain and "Ulusal Staj Programı 2024" in verdict.plain
    assert "lisans, 3. sınıf, ortalama 2,45" in verdict.plain
    assert "Kaynak:" in verdict.plain


async def test_eligibility_asks_only_for_what_is_missing(student: Conversation) -> None:
    [ask_level] = await student.say("başvurabilir miyim")
    assert "Hangi programda" in ask_level.plain and "Lisans (4 yıllık)" in ask_level.button_titles
    [ask_year] = await student.press(ask_level, "Lisans")
    assert "Kaçıncı sınıf" in ask_year.plain
    [ask_gpa] = await student.press(ask_year, "2. sınıf")
    assert "ortalaman" in ask_gpa.plain
    [verdict] = await student.say("2,10")
    assert "✅ Evet" in verdict.plain and "3. sınıfa geçmiş" in verdict.plain


async def test_associate_first_year_is_not_asked_for_an_average(student: Conversation) -> None:
    [verdict] = await student.say("ön lisans 1. sınıf öğrencisiyim başvurabilir miyim")
    assert "✅ Evet" in verdict.plain and "2'nin üzerinde" in verdict.plain


async def test_a_question_about_the_rule_is_not_asked_back(student: Conversation) -> None:
    """ "Which classes can apply" gets the class rule, not "Hangi programda okuyorsun?"."""
    [answer] = await student.say(
        "hocam ben önlisans öğrencisiyim acaba bu programa hangi sınıfta başvurabiliyorum"
    )
    assert "ön lisansta 1. ve 2. sınıf" in answer.plain and "Hangi programda" not in answer.plain


async def test_a_no_names_the_rule(student: Conversation) -> None:
    [verdict] = await student.say("tıp fakültesi 3. sınıftayım ortalamam 3.5 başvurabilir miyim")
    assert "❌" in verdict.plain and "tıp fakültesi" in verdict.plain.lower()


async def test_bad_answers_get_a_clear_re_ask(student: Conversation) -> None:
    await student.say("başvurabilir miyim")
    # The explanation and the question again come as one message.
    [reask] = await student.say("sınıfım 9 lisans")
    assert "geçerli bir sınıf değil" in reask.plain and "1-4" in reask.plain
    assert "Kaçıncı sınıf" in reask.plain
    await student.say("3. sınıf")
    [reask] = await student.say("ortalamam abc")
    assert "geçerli bir ortalama değil" in reask.plain and "0 ile 4" in reask.plain
    [reask] = await student.say("5.2")
    assert "geçerli bir ortalama değil" in reask.plain
    [reask] = await student.say("ortalamam 75")
    assert "100'lük" in reask.plain
    [verdict] = await student.say("1.5")
    assert "❌" in verdict.plain and "en az 2,00" in verdict.plain


async def test_a_faq_in_the_middle_of_the_form_then_it_continues(student: Conversation) -> None:
    await student.say("başvurabilir miyim")
    await student.say("lisans 4. sınıf")
    replies = await student.say("stajda sigorta yapılıyor mu", count=2)
    assert "5510" in replies[0].plain and "ortalaman" in replies[-1].plain
    [verdict] = await student.say("3.1")
    assert "✅ Evet" in verdict.plain and "mezun olmamış" in verdict.plain


async def test_leaving_a_form(student: Conversation) -> None:
    await student.say("başvurabilir miyim")
    [stopped] = await student.say("vazgeç")
    assert "bıraktık" in stopped.plain
    [answer] = await student.say("staj ücreti ne kadar")
    assert "3308" in answer.plain


async def test_end_date_in_one_message(student: Conversation) -> None:
    [answer] = await student.say(
        "16.07.2024'te başlayan 20 iş günlük haftada 5 gün staj ne zaman biter?"
    )
    assert "12 Ağustos 2024 Pazartesi" in answer.plain


async def test_end_date_asks_for_missing_facts_and_refuses_impossible_dates(
    student: Conversation,
) -> None:
    [ask_start] = await student.say("stajım ne zaman biter")
    assert "hangi gün başlıyor" in ask_start.plain
    [reask] = await student.say("31.02.2025")
    assert "diye bir tarih yok" in reask.plain and "hangi gün başlıyor" in reask.plain
    [ask_days] = await student.say("5 Ağustos 2024")
    assert "kaç iş günü" in ask_days.plain
    [ask_week] = await student.press(ask_days, "30 iş günü")
    assert "Haftada kaç gün" in ask_week.plain
    [reask] = await student.say("haftada 7")
    assert "5 ya da 6" in reask.plain
    [answer] = await student.press(reask, "Haftada 6")
    assert "9 Eylül 2024" in answer.plain and "Zafer Bayramı" in answer.plain


async def test_the_working_week_in_words_and_a_date_given_for_the_length(
    student: Conversation,
) -> None:
    [answer] = await student.say(
        "15 temmuz 2025 te başlarsam 20 iş günü cumartesi dahil ne zaman biter"
    )
    assert "haftada 6 gün" in answer.plain and "7 Ağustos 2025" in answer.plain
    await student.say("stajım ne zaman biter")
    [ask_days] = await student.say("01.09.2025")
    assert "kaç iş günü" in ask_days.plain
    # A date typed here is the new start, not a bad length.
    [ask_again] = await student.say("02.09.2025")
    assert "kaç iş günü" in ask_again.plain and "geçerli bir süre değil" not in ask_again.plain
    await student.say("20")
    [end] = await student.say("hafta içi her gün")
    assert "2 Eylül 2025" in end.plain and "haftada 5 gün" in end.plain


async def test_deadlines_say_whose_rule_and_warn_when_passed(student: Conversation) -> None:
    [saved] = await student.say("KTÜ öğrencisiyim")
    assert "KTÜ" in saved.plain
    [answer] = await student.say("stajım 16 Temmuz 2024'te başlıyor, son tarihler neler?")
    assert "26.06.2024 (KTÜ)" in answer.plain and "BYS" in answer.plain
    assert "01.07.2024 (Ulusal Staj Programı, 2026 iş akışı)" in answer.plain
    assert "geçti" in answer.plain
    assert "KSÜ" not in answer.plain


async def test_future_deadlines_count_days_left(student: Conversation) -> None:
    start = date(date.today().year + 1, 7, 16)
    [answer] = await student.say(
        f"stajım {start:%d.%m.%Y} tarihinde başlıyor son tarihleri hesaplar mısın"
    )
    assert "gün kaldı" in answer.plain and "geçti" not in answer.plain


async def test_checklist_step_by_step_survives_a_restart_of_everything(
    telegram: LocalTelegram, student: Conversation, stack: Stack, settings: Settings
) -> None:
    [step1] = await student.say("/kontrol_listesi")
    assert "Adım 1/9" in step1.plain and "e-Devlet" in step1.plain
    [step2] = await student.press(step1, "✅ Yaptım")
    assert "tamam" in step2.plain and "Adım 2/9" in step2.plain
    [back] = await student.press(step2, "⬅️ Önceki adım")
    assert "Adım 1/9" in back.plain and "↩️ Yapılmadı say" in back.button_titles
    [step2] = await student.say("sıradaki adım ne?")
    assert "Adım 2/9" in step2.plain

    # Restart the action server, Rasa and (below) the bot: progress lives in the store.
    stack.down()
    stack.up()
    fresh = LocalTelegram()
    await fresh.start()
    try:
        async with polling(build_application(settings, fresh.token, fresh.base_url)):
            again = Conversation(fresh, student.user_id)
            [resumed] = await again.say("/kontrol_listesi")
            assert "Adım 2/9" in resumed.plain and "(1/9 tamam)" in resumed.plain
            [listing] = await again.press(resumed, "📋 Tüm liste")
            assert "✅ 1." in listing.plain and "⬜ 2." in listing.plain
    finally:
        await fresh.stop()


async def test_forged_checklist_step_is_refused(
    telegram: LocalTelegram, student: Conversation
) -> None:
    [step1] = await student.say("/kontrol_listesi")
    # Typed payloads never reach Rasa; a made-up callback is refused by the bot.
    [reply] = await student.say('/checklist{"do":"done","step":"usp-tamamlama"}')
    assert "komutu tanımıyorum" in reply.plain
    await telegram.press_callback(student.user_id, step1, "not-a-token")
    [again] = await student.say("/kontrol_listesi")
    assert "Adım 1/9" in again.plain
