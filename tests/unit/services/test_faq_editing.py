"""The FAQ editing workflow over a copy of the knowledge base and a real store: an edit is
written, recorded with who made it, settles the inbox questions it answers, and rolls back."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from staj.faq.loader import load_knowledge_base
from staj.paths import FAQ_DIR
from staj.services.faq_editing import Applied, FaqDesk, Refused, entry_id_for
from staj.store import Database, inbox, open_database, upgrade_to_head

SEED = "003_e5248fd725775385.txt"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    url = f"sqlite:///{tmp_path / 'faq.db'}"
    upgrade_to_head(url)
    database = open_database(url)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
def desk(db: Database, tmp_path: Path) -> FaqDesk:
    faq = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, faq)
    return FaqDesk(db.sessions, faq)


async def test_an_answer_edit_is_recorded_and_rolled_back(desk: FaqDesk) -> None:
    before = await desk.entry("usp-sigorta")
    assert before is not None
    outcome = await desk.set_answer(
        "usp-sigorta", 0, "Yeni metin, yeterince uzun bir cevap.", "t:A"
    )
    assert isinstance(outcome, Applied) and not outcome.needs_training
    [change] = await desk.history("usp-sigorta")
    assert change.id == outcome.change_id and change.actor == "t:A"
    back = await desk.rollback(outcome.change_id, "t:B")
    assert isinstance(back, Applied)
    after = await desk.entry("usp-sigorta")
    assert after is not None and after.answers[0].text == before.answers[0].text
    assert await desk.rollback(9999, "t:B") is None


async def test_a_bad_edit_is_refused_and_nothing_is_recorded(desk: FaqDesk) -> None:
    outcome = await desk.add_phrasings("usp-ucret", ["stajda sigortam var mı"], "t:A")
    assert isinstance(outcome, Refused) and "usp-sigorta" in outcome.reason
    assert await desk.history("usp-ucret") == []


async def test_inbox_questions_become_a_new_entry_or_are_dismissed(
    desk: FaqDesk, db: Database
) -> None:
    for question in ("staj defteri kaç sayfa", "staj defteri kac sayfa olmali", "hava nasıl"):
        await inbox.add(db.sessions, question, inbox.FALLBACK)
    groups = await desk.open_inbox()
    notebook = next(g for g in groups if "defteri" in g.question)
    phrasings = [f"staj defterim kaç sayfa olmalı {i}" for i in range(8)]
    outcome = await desk.new_entry(
        notebook.question, phrasings, "Bölümünün staj yönergesine bak.", SEED, "t:A",
        settles=list(notebook.item_ids),
    )  # fmt: skip
    assert isinstance(outcome, Applied) and outcome.needs_training
    assert load_knowledge_base(desk.faq_dir).get(entry_id_for(notebook.question)) is not None
    remaining = await desk.open_inbox()
    assert [g.question for g in remaining] == ["hava nasıl"]
    assert await desk.dismiss(list(remaining[0].item_ids)) == 1
    assert await desk.open_inbox() == []


async def test_a_new_entry_must_cite_a_known_source(desk: FaqDesk) -> None:
    outcome = await desk.new_entry("soru", ["soru"] * 8, "cevap", "uydurma.txt", "t:A")
    assert isinstance(outcome, Refused)


async def test_an_edit_made_from_an_older_view_is_refused(desk: FaqDesk) -> None:
    # Two admins opened the entry; the first saves, the second's form is now stale.
    seen = await desk.version("usp-sigorta")
    first = await desk.set_answer("usp-sigorta", 0, "Birinci yöneticinin metni.", "t:A", base=seen)
    assert isinstance(first, Applied)
    second = await desk.set_answer("usp-sigorta", 0, "İkinci yöneticinin metni.", "t:B", base=seen)
    assert isinstance(second, Refused) and "başka biri" in second.reason
    entry = await desk.entry("usp-sigorta")
    assert entry is not None and entry.answers[0].text == "Birinci yöneticinin metni."


async def test_two_edits_of_one_entry_at_once_one_wins(desk: FaqDesk) -> None:
    import asyncio

    seen = await desk.version("usp-ucret")
    outcomes = await asyncio.gather(
        *(desk.set_answer("usp-ucret", 0, f"Metin {n}, yeterince uzun.", f"t:{n}", base=seen)
          for n in range(4))
    )  # fmt: skip
    assert sum(isinstance(o, Applied) for o in outcomes) == 1
    assert len(await desk.history("usp-ucret")) == 1


async def test_a_phrasing_is_removed_and_the_minimum_is_kept(desk: FaqDesk) -> None:
    entry = await desk.entry("usp-sigorta")
    assert entry is not None
    outcome = await desk.remove_phrasing("usp-sigorta", entry.questions[-1].upper(), "t:A")
    assert isinstance(outcome, Applied) and outcome.needs_training
    after = await desk.entry("usp-sigorta")
    assert after is not None and entry.questions[-1] not in after.questions
    assert isinstance(
        await desk.remove_phrasing("usp-sigorta", "böyle bir soru yok", "t:A"), Refused
    )
    # Down to the minimum the checks ask for, and no further.
    refused = None
    for question in after.questions:
        outcome = await desk.remove_phrasing("usp-sigorta", question, "t:A")
        if isinstance(outcome, Refused):
            refused = outcome
            break
    assert refused is not None and "en az" in refused.reason
