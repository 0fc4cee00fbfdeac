"""Admins' edits reach every host's copy of the knowledge base through the store (two
copies of data/faq/ stand for two hosts); a deploy made after an edit wins."""

from __future__ import annotations

import asyncio
import logging
import shutil
import threading
from datetime import datetime
from pathlib import Path

import pytest

from staj.faq.live import LiveKnowledgeBase
from staj.paths import FAQ_DIR
from staj.services import faq_sync
from staj.services.faq_editing import Applied, FaqDesk
from staj.services.faq_sync import FaqSync
from staj.store import Database, faq_files


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


async def test_a_pull_racing_an_edit_on_the_same_host_never_leaves_the_older_file(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot and the action server share one data/faq/: an edit and its rollback there, while
    the other process is pulling the edit, must end with the rolled-back file on disk."""
    shared = host(tmp_path, "one-host")
    desk, puller = FaqDesk(db.sessions, shared), FaqSync(db.sessions, shared)
    added = await desk.add_phrasings("usp-sigorta", ["aynı makinede eklenip geri alınan"], "a")
    assert isinstance(added, Applied)
    path = shared / added.edit.file
    fetch = faq_files.content

    async def fetched_before_the_rollback(sessions, name):  # type: ignore[no-untyped-def]
        stale = await fetch(sessions, name)
        await desk.rollback(added.change_id, "a")  # lands between the fetch and the write
        return stale

    monkeypatch.setattr(faq_sync.faq_files, "content", fetched_before_the_rollback)
    assert await puller.pull() == []
    monkeypatch.setattr(faq_sync.faq_files, "content", fetch)
    rolled_back = path.read_text(encoding="utf-8")
    assert "aynı makinede eklenip geri alınan" not in rolled_back
    assert await puller.pull() == []
    assert path.read_text(encoding="utf-8") == rolled_back


async def test_a_stale_write_that_slipped_in_is_repaired_by_the_next_pull(
    db: Database, tmp_path: Path
) -> None:
    shared = host(tmp_path, "one-host")
    desk, puller = FaqDesk(db.sessions, shared), FaqSync(db.sessions, shared)
    added = await desk.add_phrasings("usp-sigorta", ["kısa süre yaşayan bir soru kalıbı"], "a")
    assert isinstance(added, Applied)
    path = shared / added.edit.file
    stale = await faq_files.content(db.sessions, added.edit.file)
    assert stale is not None
    assert await puller.pull() == []  # the editing host has it already
    await asyncio.sleep(0.01)
    await desk.rollback(added.change_id, "a")
    # The other process checked before the rollback and writes the older version after it.
    faq_sync._write(path, stale[0], stale[2])
    assert await puller.pull() == [added.edit.file]
    assert "kısa süre yaşayan bir soru kalıbı" not in path.read_text(encoding="utf-8")


async def test_an_edit_waits_for_a_pull_between_its_check_and_its_write(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other process checked the file (not newer than the edit it fetched) and the admin
    rolls the edit back before it writes: the rollback waits, and its file stays."""
    shared = host(tmp_path, "one-host")
    desk, puller = FaqDesk(db.sessions, shared), FaqSync(db.sessions, shared)
    added = await desk.add_phrasings("usp-sigorta", ["kontrol ile yazma arasına düşen"], "a")
    assert isinstance(added, Applied)
    path = shared / added.edit.file
    checked, go_on = threading.Event(), threading.Event()
    check = faq_sync._changed_after

    def check_then_wait(file: Path, moment: datetime) -> bool:
        changed = check(file, moment)
        checked.set()
        go_on.wait(10)
        return changed

    monkeypatch.setattr(faq_sync, "_changed_after", check_then_wait)
    pulling = asyncio.create_task(puller.pull())
    await asyncio.to_thread(checked.wait, 10)
    rolling_back = asyncio.create_task(desk.rollback(added.change_id, "a"))
    # Without the lock the rollback is written meanwhile (in about a second).
    await asyncio.wait({rolling_back}, timeout=2)
    go_on.set()
    await asyncio.gather(pulling, rolling_back)
    assert "kontrol ile yazma arasına düşen" not in path.read_text(encoding="utf-8")


async def test_a_lasting_pull_failure_is_logged_once_and_so_is_its_end(
    db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outcome = await FaqDesk(db.sessions, host(tmp_path, "bot-host")).set_answer(
        "usp-sigorta", 0, "Başka bir makinede düzeltilen cevap.", "panel:A"
    )
    assert isinstance(outcome, Applied)
    there = tmp_path / "not-yet"  # no folder yet: every pull fails
    caplog.set_level(logging.INFO, logger=faq_sync.__name__)
    pulling = asyncio.create_task(FaqSync(db.sessions, there).keep_pulling(every=0.01))
    try:
        await asyncio.sleep(0.5)
        assert sum("failed" in r.getMessage() for r in caplog.records) == 1
        shutil.copytree(FAQ_DIR, there)
        for _ in range(500):
            if "düzeltilen cevap" in (there / outcome.edit.file).read_text(encoding="utf-8"):
                break
            await asyncio.sleep(0.01)
        else:
            pytest.fail("the pull never worked again")
        await asyncio.sleep(0.1)
    finally:
        pulling.cancel()
    messages = [r.getMessage() for r in caplog.records]
    assert sum("failed" in m for m in messages) == 1
    assert sum("works again" in m for m in messages) == 1
