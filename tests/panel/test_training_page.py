"""The retraining page: the runs with their figures and reasons; a run started from the
panel is recorded (here Rasa is unreachable, so the run fails and says why)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.local_telegram import free_port
from staj.dialogue.rasa_client import RasaClient
from staj.model.retrainer import Retrainer, RetrainingOutcome
from staj.services.retraining_history import recorder
from staj.store import retraining_runs
from tests.panel.conftest import ADMIN_ID, COUNSELOR_ID, Panel


async def test_runs_are_listed_with_their_figures_and_reasons(panel: Panel) -> None:
    sessions = panel.services.db.sessions
    start = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    await retraining_runs.add(
        sessions, start, start + timedelta(minutes=4), retraining_runs.ACCEPTED,
        old_accuracy=0.912, new_accuracy=0.915, finetuned=True, model="20260301.tar.gz",
    )  # fmt: skip
    await retraining_runs.add(
        sessions, start + timedelta(hours=1), start + timedelta(hours=1, minutes=5),
        retraining_runs.REFUSED, old_accuracy=0.915, new_accuracy=0.871,
        reason="yeni modelin doğruluğu %87,1, çalışan modelin %91,5: iki puandan fazla düşüş",
    )  # fmt: skip
    await panel.sign_in(ADMIN_ID)
    page = await (await panel.client.get("/egitim")).text()
    assert "%91,2" in page and "%91,5" in page and "%87,1" in page
    assert "reddedildi" in page and "iki puandan fazla düşüş" in page
    assert "kabul edildi" in page and "ince ayar" in page
    assert "Eğitimi şimdi başlat" not in page  # this panel has no retrainer
    await panel.sign_out()
    await panel.sign_in(COUNSELOR_ID)
    assert (await panel.client.get("/egitim")).status == 403


async def test_a_run_started_from_the_panel_is_recorded_and_its_requester_told(
    panel: Panel,
) -> None:
    told: list[tuple[int, RetrainingOutcome]] = []

    async def notify(chat_id: int, outcome: RetrainingOutcome) -> None:
        told.append((chat_id, outcome))

    rasa = RasaClient(f"http://127.0.0.1:{free_port()}", 2.0, "gizli-gizli-gizli")
    await rasa.start()
    try:
        panel.services.retrainer = Retrainer(
            rasa, notify, panel.services.faq.faq_dir,
            record=recorder(panel.services.db.sessions),
        )  # fmt: skip
        panel.services.rasa = rasa
        csrf = await panel.sign_in(ADMIN_ID)
        page = await (await panel.client.get("/egitim")).text()
        assert "bilinmiyor" in page and "Eğitimi şimdi başlat" in page
        response = await panel.client.post("/egitim/baslat", data={"csrf": csrf})
        assert response.status == 200 and "Eğitim başladı" in await response.text()
        await asyncio.wait_for(panel.services.retrainer.wait(), 10)
        [(chat_id, outcome)] = told
        assert chat_id == ADMIN_ID and outcome.result is None and outcome.failure
        page = await (await panel.client.get("/egitim")).text()
        assert "yarıda kaldı" in page
    finally:
        await rasa.close()
