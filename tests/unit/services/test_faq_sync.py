"""Admins' edits reach every host's copy of the knowledge base through the store (two
copies of data/faq/ stand for two hosts); a deploy made after an edit wins."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from staj.faq.live import LiveKnowledgeBase
from staj.paths import FAQ_DIR
from staj.services.faq_editing import Applied, FaqDesk
from staj.services.faq_sync import FaqSync
from staj.store import Database


def host(tmp_path: Path, name: str) -> Path:
    directory = tmp_path / name
    shutil.copytree(FAQ_DIR, directory)
    return directory


async def test_an_edit_on_one_host_reaches_the_other(db: Database, tmp_path: Path) -> None:
    here, there = host(tmp_path, "bot-host"), host(tmp_path, "actions-host")
    answers_there = LiveKnowledgeBase(there)
    before = answers_there.get().get("usp-sigorta")
    assert before is not None
    sync_here, sync_there = FaqSync(db.sessions, here), FaqSync(db.sessions, there)
    await sync_there.pull()  # nothing edited yet: nothing to do

    outcome = await FaqDesk(db.sessions, here).set_answer(
        "usp-sigorta", 0, "Başka bir makinede düzeltilen cevap.", "panel:A"
    )
    assert isinstance(outcome, Applied)
    assert await sync_here.pull() == []  # the editing host has it already
    assert await sync_there.pull() == [outcome.edit.file]
    after = answers_there.get().get("usp-sigorta")
    assert after is not None and after.answers[0].text == "Başka bir makinede düzeltilen cevap."
    assert await sync_there.pull() == []  # once

    # A later edit on the other host comes back the same way.
    outcome = await FaqDesk(db.sessions, there).add_phrasings(
        "usp-sigorta", ["ikinci makinede eklenen soru kalibi"], "panel:B"
    )
    assert isinstance(outcome, Applied)
    assert await sync_here.pull() == [outcome.edit.file]
    assert "ikinci makinede eklenen soru kalibi" in (here / outcome.edit.file).read_text(
        encoding="utf-8"
    )


async def test_a_deploy_after_the_edit_wins(db: Database, tmp_path: Path) -> None:
    here, there = host(tmp_path, "bot-host"), host(tmp_path, "actions-host")
    outcome = await FaqDesk(db.sessions, here).set_answer(
        "usp-ucret", 0, "Eski bir düzenleme.", "panel:A"
    )
    assert isinstance(outcome, Applied)
    await asyncio.sleep(0.01)
    # The repository is deployed on the other host after the edit (a fresh file).
    deployed = (FAQ_DIR / outcome.edit.file).read_text(encoding="utf-8")
    (there / outcome.edit.file).write_text(deployed, encoding="utf-8")
    assert await FaqSync(db.sessions, there).pull() == []
    assert (there / outcome.edit.file).read_text(encoding="utf-8") == deployed
