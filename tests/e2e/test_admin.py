"""Admins keep the FAQ current from Telegram: an answer edit that is live at once (no
retraining), history and rollback, phrasings written back to data/faq/, and the
unanswered-questions inbox fed by real fallbacks and 👎."""

from __future__ import annotations

import asyncio
import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.local_telegram import LocalTelegram
from staj.config import Settings
from staj.dialogue.rasa_client import RasaClient
from staj.faq import editing
from staj.faq.loader import load_knowledge_base
from staj.model.training import resolve_model
from staj.store import Database, open_database
from staj.store import staff as staff_store
from tests.e2e.conftest import Conversation, running_bot

pytestmark = pytest.mark.e2e

_ids = itertools.count(940_000_001)


_BACKUPS: dict[Path, Path] = {}


def _restore(directory: Path) -> None:
    backup = _BACKUPS[directory]
    for path in directory.glob("*.yml"):
        if not (backup / path.name).exists():
            path.unlink()
    for path in backup.glob("*.yml"):
        # A fresh modification time, as a deploy gives: the files win over the edits the
        # store still holds (staj.services.faq_sync).
        shutil.copy(path, directory / path.name)


@pytest.fixture
def faq_files(tmp_path: Path, settings: Settings) -> Iterator[Path]:
    """The knowledge base the stack serves (a copy of data/faq/), put back after the test."""
    served = settings.faq_dir
    assert "staj-tests-" in str(served), "the tests must never edit data/faq/ itself"
    backup = tmp_path / "faq-backup"
    shutil.copytree(served, backup)
    _BACKUPS[served] = backup
    yield served
    _restore(served)


def _blur_entries(directory: Path) -> None:
    """Give every entry its neighbour's phrasings (written once per file: as 80 separate
    edits they took half a minute)."""
    entries = list(load_knowledge_base(directory))
    copies = {
        entry.id: [f"{q} acaba" for q in neighbour.questions]
        for entry, neighbour in zip(entries, entries[1:] + entries[:1], strict=True)
    }
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data.get("entries") or []:
            entry["questions"] = [*entry["questions"], *copies.get(entry["id"], [])]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _all_faq_text(directory: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.yml")))


@pytest.fixture
async def admin(telegram: LocalTelegram, settings: Settings) -> Conversation:
    db: Database = open_database(settings.database_url)
    user_id = next(_ids)
    try:
        await staff_store.add_staff(
            db.sessions, user_id, "admin", "Yönetici Hanım", None, [], "test"
        )
    finally:
        await db.close()
    return Conversation(telegram, user_id)


async def test_an_answer_edit_is_live_at_once_and_can_be_rolled_back(
    admin: Conversation,
    new_student,
    faq_files: Path,  # type: ignore[no-untyped-def]
) -> None:
    student = new_student()
    [before] = await student.say("sigorta yapılıyor mu")
    assert "5510" in before.plain

    [found] = await admin.say("/sss sigorta")
    assert "bulunan kayıtlar" in found.plain
    [entry] = await admin.press(found, "Staj süresince sigortam yapılıyor mu?")
    assert "Kimlik: usp-sigorta" in entry.plain and "Cevap 1 (Ulusal Staj Programı)" in entry.plain
    [ask] = await admin.press(entry, "✏️ Cevap 1")
    assert "yeni metni gönderin" in ask.plain
    new_text = "Evet. Staj boyunca iş kazası ve meslek hastalığı sigortan üniversiten tarafından yapılır (DÜZELTİLDİ)."
    [saved] = await admin.say(new_text)
    assert "hemen yayında" in saved.plain
    assert "(DÜZELTİLDİ)" in (faq_files / "usp-sigorta-ucret.yml").read_text(encoding="utf-8")

    [after] = await new_student().say("sigorta yapılıyor mu")
    assert "(DÜZELTİLDİ)" in after.plain  # the same model: no retraining

    # Each button press replaces its keyboard with the choice: open the entry again.
    [found] = await admin.say("/sss sigorta")
    [entry] = await admin.press(found, "Staj süresince sigortam yapılıyor mu?")
    [entry] = await admin.press(entry, "🕘 Geçmiş")
    assert "cevap metni" in entry.plain and "Yönetici Hanım" in entry.plain
    [rolled] = await admin.press(entry, "↩️")
    assert "öncesine döndürüldü" in rolled.plain
    [again] = await new_student().say("sigorta yapılıyor mu")
    assert "5510" in again.plain and "DÜZELTİLDİ" not in again.plain


async def test_a_bad_edit_is_refused_and_nothing_changes(
    admin: Conversation, faq_files: Path
) -> None:
    [found] = await admin.say("/sss ücret")
    [entry] = await admin.press(found, "Staj sonunda ücret ödeniyor mu?")
    [_] = await admin.press(entry, "➕ Soru kalıbı ekle")
    original = (faq_files / "usp-sigorta-ucret.yml").read_text(encoding="utf-8")
    # A phrasing that already belongs to another entry would make the model ambiguous.
    [refused] = await admin.say("stajda sigortam var mı")
    assert "Değişiklik kaydedilmedi" in refused.plain and "usp-sigorta" in refused.plain
    assert (faq_files / "usp-sigorta-ucret.yml").read_text(encoding="utf-8") == original
    [found] = await admin.say("/sss ücret")
    [entry] = await admin.press(found, "Staj sonunda ücret ödeniyor mu?")
    [_] = await admin.press(entry, "🗓 Cevap 1")
    [years] = admin.telegram.messages_to(admin.user_id)[-1:]
    [done] = await admin.press(years, "2026")
    assert "Yıl güncellendi: 2026" in done.plain
    assert "year: 2026" in (faq_files / "usp-sigorta-ucret.yml").read_text(encoding="utf-8")


async def test_the_inbox_groups_fallbacks_and_turns_one_into_a_phrasing(
    admin: Conversation,
    new_student,
    faq_files: Path,  # type: ignore[no-untyped-def]
) -> None:
    # Nothing in the knowledge base answers these: real fallbacks.
    for question in ("staj yerinde kıyafet kuralı var mı", "staj yerinde kiyafet kurali var mi"):
        [reply] = await new_student().say(question)
        assert "demek istedin" in reply.plain  # a real fallback
    student = new_student()
    [answer] = await student.say("staj ücreti ne kadar")
    await student.press(answer, "👎")

    [title, *groups] = await admin.say("/gelen_kutusu", count=3)
    assert "Cevaplanamayan ve 👎 alan sorular" in title.plain
    [card] = [g for g in groups if "kural" in g.plain]
    assert "×2" in card.plain
    assert any("👎" in g.plain and "staj ücreti ne kadar" in g.plain for g in groups)
    target = card.button_titles[0]
    # Inbox cards of earlier tests' fallbacks may still be arriving: pick the two replies.
    got = await admin.press(card, target[:10], count=2)
    [added] = [m for m in got if "soru kalıbı olarak eklendi" in m.plain]
    [manual] = [m for m in got if "/egit" in m.plain]
    assert "soru kalıbı olarak eklendi" in added.plain and "(2 soru)" in added.plain
    assert "/egit" in manual.plain  # retraining starts only when asked, in these tests
    texts = _all_faq_text(faq_files)
    assert (
        "- staj yerinde kıyafet kuralı var mı" in texts
        or "- staj yerinde kiyafet kurali var mi" in texts
    )

    [title, *rest] = await admin.say("/gelen_kutusu", count=2)
    assert all("kural" not in g.plain for g in rest)
    got = await admin.press(rest[0], "🗑")
    assert any("gelen kutusundan çıkarıldı" in m.plain for m in got)


async def test_students_cannot_use_admin_commands(new_student) -> None:  # type: ignore[no-untyped-def]
    student = new_student()
    for command in ("/sss sigorta", "/gelen_kutusu", "/istatistik"):
        [refused] = await student.say(command)
        assert refused.plain == "Bu komut yalnızca yetkili personel içindir."


async def test_retraining_is_gated_on_held_out_accuracy_and_swaps_without_downtime(
    admin: Conversation,
    new_student,
    faq_files: Path,
    settings: Settings,  # type: ignore[no-untyped-def]
) -> None:
    """Two real trainings (fine-tunings of the serving model, as only phrasings change): one
    refused, one that replaces the serving model."""
    client = RasaClient(settings.rasa_url, 30, settings.internal_secret)
    await client.start()
    serving_name = await client.model_file()
    assert serving_name is not None
    original_model = str(resolve_model(serving_name))
    swapped_in: Path | None = None
    try:
        # 1. Edits that blur entries together (each entry gets its neighbour's phrasings):
        #    the candidate loses accuracy and must be refused; the old model keeps serving.
        #    (Every entry: the lexical and linear votes learn the blur at once, and a partial
        #    one mostly turns answers into suggestions rather than into wrong answers.)
        _blur_entries(faq_files)
        [started] = await admin.say("/egit")
        assert "Eğitim başladı" in started.plain
        # Students are answered while the candidate trains.
        [answer] = await new_student().say("staj ücreti ne kadar")
        assert "Kusura bakma" not in answer.plain and "ücret" in answer.plain.lower()
        [refused] = await admin.telegram.wait_for_messages(
            admin.user_id, 1, after=len(admin.telegram.messages_to(admin.user_id)), timeout=1500
        )
        assert "devreye alınmadı" in refused.plain and "iki puandan fazla düşüş" in refused.plain
        assert str(resolve_model(await client.model_file() or "")) == original_model

        # 2. The files back as they were, plus one new phrasing: the candidate passes the gate
        #    and is swapped in; the new phrasing is now understood.
        _restore(faq_files)
        await asyncio.to_thread(
            editing.add_questions,
            "usp-sigorta",
            ["stajyerken kaza geçirirsem masrafı kim karşılar"],
            faq_files,
        )
        [started] = await admin.say("/egit")
        [accepted] = await admin.telegram.wait_for_messages(
            admin.user_id, 1, after=len(admin.telegram.messages_to(admin.user_id)), timeout=1500
        )
        assert "Yeni model devrede" in accepted.plain, accepted.plain
        assert "ince ayar" in accepted.plain  # incremental training, not a full one
        serving = await client.model_file()
        assert serving is not None and str(resolve_model(serving)) != original_model
        swapped_in = resolve_model(serving)
        [answer] = await new_student().say("stajyerken kaza geçirirsem masrafı kim karşılar")
        assert "5510" in answer.plain
    finally:
        # Leave the session's stack as it was for the other tests, and no 150 MB model of a
        # test's knowledge base in a developer's nlu/models/.
        await client.replace_model(original_model)
        await client.close()
        if swapped_in is not None:
            swapped_in.unlink(missing_ok=True)


async def test_a_new_entry_asks_for_its_answer_phrasings_and_source(
    admin: Conversation, faq_files: Path
) -> None:
    [ask] = await admin.say("/yeni_kayit staj defteri kaç sayfa olmalı")
    assert "Cevap metnini gönderin" in ask.plain
    [more] = await admin.say("Sayfa sayısını bölümünün staj yönergesi belirler; yönergeye bak.")
    assert "en az 8 farklı soru kalıbı" in more.plain and "7 tane daha" in more.plain
    [more] = await admin.say("staj defteri kac sayfa\ndefter kaç sayfa olacak")
    assert "5 tane daha" in more.plain
    phrasings = "\n".join(
        [
            "staj defterinin sayfa sayısı ne",
            "defterim kaç sayfa olmalı",
            "staj raporu kaç sayfa",
            "staj dosyası kaç sayfa olur",
            "kaç sayfalık staj defteri yazmalıyım",
        ]
    )
    [source] = await admin.say(phrasings)
    assert "hangi kaynak belgeye" in source.plain
    [saved, manual] = await admin.press(source, "KSÜ", count=2)
    assert "Yeni kayıt “yonetici-staj-defteri-kac-sayfa-olmali”" in saved.plain
    assert "/egit" in manual.plain
    entry = load_knowledge_base(faq_files).get("yonetici-staj-defteri-kac-sayfa-olmali")
    assert entry is not None and len(entry.questions) == 8
    assert entry.answers[0].source.seed.startswith("001_")


async def test_a_half_done_edit_survives_a_restart_of_the_bot(
    stack,  # type: ignore[no-untyped-def]
    settings: Settings,
    clock,  # type: ignore[no-untyped-def]
    faq_files: Path,
) -> None:
    """The admin conversation is persistent: the bot asked for the new text, restarted, and
    the admin's next message is still taken as that text."""
    telegram = LocalTelegram()
    await telegram.start()
    db: Database = open_database(settings.database_url)
    user_id = next(_ids)
    try:
        await staff_store.add_staff(db.sessions, user_id, "admin", "Yönetici Bey", None, [], "t")
    finally:
        await db.close()
    admin = Conversation(telegram, user_id)
    bot = running_bot(settings, telegram, clock)
    await bot.__aenter__()
    try:
        [found] = await admin.say("/sss ücret")
        [entry] = await admin.press(found, "Staj sonunda ücret ödeniyor mu?")
        [ask] = await admin.press(entry, "✏️ Cevap 1")
        assert "yeni metni gönderin" in ask.plain
        await bot.__aexit__(None, None, None)  # the bot stops (a deploy, a crash) ...
        bot = running_bot(settings, telegram, clock)
        await bot.__aenter__()  # ... and starts again
        [saved] = await admin.say("Ücret konusu işverenle yapılan sözleşmeye bağlıdır (YENİDEN).")
        assert "hemen yayında" in saved.plain
        assert "(YENİDEN)" in (faq_files / "usp-sigorta-ucret.yml").read_text(encoding="utf-8")
        [nothing] = await admin.say("/iptal")
        assert "İptal edilecek bir işlem yok" in nothing.plain
    finally:
        await bot.__aexit__(None, None, None)
        await telegram.stop()
