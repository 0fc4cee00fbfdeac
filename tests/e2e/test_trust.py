"""What the assistant says rests on its sources: whose duty a deadline is, what a status
means, and the verdict for a student who will have graduated, through the real stack."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from staj.clock import ManualClock
from staj.store import Database
from tests.e2e.conftest import Conversation
from tests.e2e.test_application import enrol, link, office, set_status

pytestmark = pytest.mark.e2e
__all__ = ["office"]  # the store fixture, shared with test_application


async def test_ksu_late_documents_are_a_day_to_ask_the_employer_and_employer_duties_are_theirs(
    student: Conversation,
) -> None:
    await student.say("KSÜ öğrencisiyim")
    start = date(date.today().year + 1, 7, 16)
    [answer] = await student.say(f"stajım {start:%d.%m.%Y} tarihinde başlıyor, son tarihler neler?")
    own, expected = answer.plain.split("İşverenin yapması gerekenler")
    assert "Senin yapman gerekenler" in own
    # Seed 001: the last day to ask the employer to send late documents, not an arrival day.
    ask_employer = start - timedelta(days=7)
    assert f"{ask_employer:%d.%m.%Y} (KSÜ)" in own and "işveren staj sorumlundan" in own
    assert "ulaşması gereken" not in answer.plain
    # Seed 004: the offer (15 days) and sharing the dates with the university (7 days) are
    # the employer's, and that document is a 2026 workflow.
    offer_day = start - timedelta(days=15)
    assert f"{offer_day:%d.%m.%Y} (Ulusal Staj Programı, 2026 iş akışı)" in expected
    assert "İşverenin staj teklifini en geç göndermesi" in expected and "SGK" in expected
    assert "takvim günüyle" in answer.plain

    # The checklist shows the offer step's own duty and the employer's deadline apart.
    [step] = await student.say("/kontrol_listesi")
    [step] = await student.press(step, "✅ Yaptım")
    [step] = await student.press(step, "✅ Yaptım")
    assert "Teklifleri takip et" in step.plain and "geçerlilik süresi" in step.plain
    assert "🏢 İşverenden beklenen" in step.plain and f"{offer_day:%d.%m.%Y}" in step.plain
    assert "⏰" not in step.plain  # no day of the student's own on this step


async def test_a_student_who_will_have_graduated_may_apply_on_a_condition(
    student: Conversation,
) -> None:
    await student.say("başvurabilir miyim")
    [verdict] = await student.say("lisans 4. sınıf, ortalamam 3,2, bu yıl mezun olacağım")
    assert "⚠️" in verdict.plain and "başvurabilirsin, ama" in verdict.plain
    assert "❌" not in verdict.plain and "başvuramıyorsun" not in verdict.plain
    assert "aktif öğrenci" in verdict.plain and "iptal edilir" in verdict.plain
    assert "gölgeleme" in verdict.plain  # no insurance needed there (seed 003)


async def test_employer_approval_does_not_claim_the_dates_are_final(
    office: Database,
    new_student,
    clock: ManualClock,  # type: ignore[no-untyped-def]
) -> None:
    number = await enrol(office, "Zeynep Kaya")
    start = (clock.now() + timedelta(days=60)).date()
    await set_status(office, number, "isveren_onayi", clock.now(), start_date=start)
    student: Conversation = new_student()
    await link(office, student, number, clock)
    [status] = await student.say("/durum")
    assert "İşveren son onayı verdi" in status.plain
    assert "kesin tarihleri göstermeyebilir" in status.plain and "kesinleşti" not in status.plain
    assert "işveren staj sorumlunla netleştir" in status.plain
    # The employer's SGK day is something to check; the BYS application is the student's.
    assert "İşverenin staj tarihlerini ve yerini" in status.plain
    assert "işverenin görevi" in status.plain
    assert "BYS" in status.plain and "takvim günüyle" in status.plain
