"""The queue page: open handoffs with university, waiting time and who took them, no
student and no message text; counselors see only their university's; office hours."""

from __future__ import annotations

from datetime import timedelta

from staj.services.handoffs import Requested
from staj.store import preferences
from staj.store.staff import register_group
from tests.panel.conftest import ADMIN_ID, COUNSELOR_ID, Panel

STUDENTS = {9101: "ktu", 9102: "ksu", 9103: "ktu"}


async def open_requests(panel: Panel) -> list[int]:
    sessions = panel.services.db.sessions
    for code, chat in (("ktu", -100101), ("ksu", -100102)):
        await register_group(sessions, code, chat, True, "test")
    ids = []
    for student, code in STUDENTS.items():
        await preferences.set_institution(sessions, student, code)
        outcome = await panel.services.handoffs.request(student)
        assert isinstance(outcome, Requested)
        await panel.services.handoffs.student_wrote(
            outcome.handoff.id, "text", "bu metin panelde görünmemeli", -100101, 1
        )
        ids.append(outcome.handoff.id)
        panel.clock.advance(timedelta(minutes=7))
    return ids


async def test_admins_see_every_open_request_without_texts(panel: Panel) -> None:
    first, second, third = await open_requests(panel)
    await panel.services.handoffs.take(first, COUNSELOR_ID)
    await panel.sign_in(ADMIN_ID)
    page = await (await panel.client.get("/kuyruk")).text()
    assert f"#{first}" in page and f"#{second}" in page and f"#{third}" in page
    assert "3 açık talep, 2 tanesi danışman bekliyor" in page
    assert "Danışman Ali" in page and "görüşmede" in page
    assert "bu metin panelde görünmemeli" not in page and "9101" not in page
    assert "KSÜ" in page and "Çalışma saatleri" in page
    assert 'http-equiv="refresh"' in page


async def test_counselors_see_only_their_universitys_requests(panel: Panel) -> None:
    first, second, third = await open_requests(panel)
    await panel.sign_in(COUNSELOR_ID)
    page = await (await panel.client.get("/kuyruk")).text()
    assert f"#{first}" in page and f"#{third}" in page and f"#{second}" not in page
    assert "2 açık talep" in page
