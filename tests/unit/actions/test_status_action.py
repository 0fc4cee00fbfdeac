"""A student's own application status: only their own record, only once linked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from rasa_sdk import Tracker

from actions.application import ActionApplicationStatus
from actions.resources import ActionResources
from staj.store import links, records
from staj.students.importing import parse_applications, parse_students
from staj.students.texts import text as student_text
from tests.unit.actions.conftest import STUDENT, run, tracker

OTHER = "7002"


STUDENTS = """ogrenci_no;ad_soyad;universite;fakulte;bolum;program;sinif
1001;Ayşe Yılmaz;ktu;Mühendislik;Bilgisayar;lisans;3
2002;Mehmet Kaya;ktu;;;lisans;4
"""
APPLICATIONS = """ogrenci_no,universite,program,yil,durum,teklif_turu,isveren,sehir,baslangic,bitis,cevap_son_gun,isveren_iletisim,red_nedeni
1001,ktu,usp,2031,yetenek_havuzu,,,,,,,,
2002,ktu,usp,2031,teklif,asil,Gizli İşveren A.Ş.,Rize,05.07.2031,13.08.2031,10.06.2031,,
"""


async def _link_both(resources: ActionResources, tmp_path: Path) -> None:
    sessions, now = resources.database.sessions, datetime.now(UTC)
    (tmp_path / "s.csv").write_text(STUDENTS, encoding="utf-8")
    (tmp_path / "a.csv").write_text(APPLICATIONS, encoding="utf-8")
    await records.apply_students(sessions, parse_students(tmp_path / "s.csv").rows, "test")
    await records.apply_applications(
        sessions, parse_applications(tmp_path / "a.csv").rows, "test", now
    )
    issued, _ = await links.issue_codes(
        sessions, "ktu", ["1001", "2002"], timedelta(days=1), now, "test"
    )
    for user_id, code in zip((STUDENT, OTHER), issued, strict=True):
        result = await links.redeem(sessions, int(user_id), code.code, now)
        assert result.outcome is links.LinkOutcome.LINKED


async def test_a_linked_student_sees_only_their_own_record(
    resources: ActionResources, tmp_path: Path
) -> None:
    await _link_both(resources, tmp_path)
    messages, _ = await run(
        ActionApplicationStatus(), tracker("başvurum ne durumda", intent="ask_application_status")
    )
    assert "Yetenek Havuzu" in messages[0]["text"]
    assert "Gizli İşveren" not in messages[0]["text"] and "Rize" not in messages[0]["text"]


async def test_an_unlinked_student_is_told_how_to_link(resources: ActionResources) -> None:
    messages, _ = await run(
        ActionApplicationStatus(), tracker("başvurum ne durumda", intent="ask_application_status")
    )
    assert messages[0]["text"] == student_text("status.not_linked")


async def test_off_topic_words_from_an_unlinked_student_are_no_status_question(
    resources: ActionResources,
) -> None:
    messages, _ = await run(
        ActionApplicationStatus(),
        tracker("bana bir şiir yaz", intent="ask_application_status", faq={"usp-sigorta": 0.2}),
    )
    assert messages[0]["text"] != student_text("status.not_linked")


def _bys_stage_question() -> Tracker:
    """A status question that is also a FAQ question (where BYS shows the stage)."""
    return tracker(
        "bys başvurumun hangi aşamada olduğunu nereden görürüm",
        intent="ask_application_status",
        faq={"ktu-bys-basvuru-takip": 0.9, "usp-basvuru-durumu": 0.05},
    )


async def test_an_unlinked_students_faq_question_about_their_application_is_answered(
    resources: ActionResources,
) -> None:
    messages, _ = await run(ActionApplicationStatus(), _bys_stage_question())
    assert messages[0]["text"] != student_text("status.not_linked")
    assert "BYS" in messages[0]["text"]


async def test_a_linked_student_asking_about_their_application_sees_it(
    resources: ActionResources, tmp_path: Path
) -> None:
    await _link_both(resources, tmp_path)
    messages, _ = await run(ActionApplicationStatus(), _bys_stage_question())
    assert "Yetenek Havuzu" in messages[0]["text"]
