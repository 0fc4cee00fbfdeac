"""The store's migrations and repositories on an embedded SQLite database."""

from datetime import timedelta

import sqlalchemy as sa

from staj.store import buttons, feedback, open_database, preferences, upgrade_to_head
from staj.store.db import downgrade_to_base, sync_url
from staj.store.models import ButtonToken, Feedback, utcnow


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(sync_url(url))
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_upgrade_and_downgrade_an_empty_database(sqlite_url: str) -> None:
    upgrade_to_head(sqlite_url)
    upgrade_to_head(sqlite_url)  # idempotent
    assert {"user_preferences", "button_tokens", "feedback", "checklist_progress"} <= _tables(
        sqlite_url
    )
    downgrade_to_base(sqlite_url)
    assert _tables(sqlite_url) <= {"alembic_version"}


async def test_button_tokens_belong_to_one_student(sqlite_url: str) -> None:
    upgrade_to_head(sqlite_url)
    db = open_database(sqlite_url)
    try:
        [token] = await buttons.issue_tokens(
            db.sessions, 1, [("👍 Evet", '/feedback{"vote":"up"}')]
        )
        assert len(token) <= 64  # Telegram's callback_data limit
        found = await buttons.resolve_token(db.sessions, 1, token)
        assert found is not None and found.payload == '/feedback{"vote":"up"}'
        assert await buttons.resolve_token(db.sessions, 2, token) is None
        assert await buttons.resolve_token(db.sessions, 1, "forged") is None
    finally:
        await db.close()


async def test_institution_preference_is_remembered(sqlite_url: str) -> None:
    upgrade_to_head(sqlite_url)
    db = open_database(sqlite_url)
    try:
        assert await preferences.get_institution(db.sessions, 7) is None
        await preferences.set_institution(db.sessions, 7, "ksu")
        await preferences.set_institution(db.sessions, 7, "bseu")
        assert await preferences.get_institution(db.sessions, 7) == "bseu"
        await feedback.record_feedback(db.sessions, "usp-sigorta", False, "sigorta?", "bseu")
    finally:
        await db.close()


async def test_only_a_downvote_keeps_the_question(sqlite_url: str) -> None:
    upgrade_to_head(sqlite_url)
    db = open_database(sqlite_url)
    try:
        await feedback.record_feedback(db.sessions, "usp-sigorta", True, "sigorta var mı", "ktu")
        await feedback.record_feedback(db.sessions, "usp-ucret", False, "ücret ne kadar", "ktu")
        async with db.sessions() as session:
            rows = (await session.execute(sa.select(Feedback.helpful, Feedback.question))).all()
        assert sorted(rows) == [(False, "ücret ne kadar"), (True, None)]
    finally:
        await db.close()


async def test_expired_button_tokens_are_purged(sqlite_url: str) -> None:
    upgrade_to_head(sqlite_url)
    db = open_database(sqlite_url)
    try:
        old, new = await buttons.issue_tokens(db.sessions, 1, [("a", "/a"), ("b", "/b")])
        async with db.sessions.begin() as session:
            await session.execute(
                sa.update(ButtonToken)
                .where(ButtonToken.token == old)
                .values(created_at=utcnow() - buttons.TOKEN_LIFETIME - timedelta(days=1))
            )
        await buttons.purge_expired(db.sessions)
        async with db.sessions() as session:
            kept = (await session.scalars(sa.select(ButtonToken.token))).all()
        assert kept == [new]
    finally:
        await db.close()
