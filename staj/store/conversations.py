"""Rasa's conversation history (its SQL tracker store, `events` table) is personal data:
events older than the retention period are deleted (KVKK: kept no longer than needed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, create_engine, inspect, pool, text

from staj.store import sqlite


def _our_url(tracker_store_url: str) -> str:
    """Rasa reaches PostgreSQL through psycopg2; this side has psycopg 3."""
    if tracker_store_url.startswith("postgresql://"):
        return "postgresql+psycopg://" + tracker_store_url.removeprefix("postgresql://")
    return tracker_store_url


def prune_conversations(tracker_store_url: str, older_than: datetime) -> int:
    """Delete conversation events from before ``older_than``; gives how many."""
    return _delete_events(
        tracker_store_url, "timestamp < :cutoff", {"cutoff": older_than.timestamp()}
    )


def count_old_events(tracker_store_url: str, older_than: datetime) -> int:
    """How many events ``prune_conversations`` would delete (a dry run)."""
    engine = _engine(tracker_store_url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("events"):
                return 0
            found = connection.execute(
                text("SELECT COUNT(*) FROM events WHERE timestamp < :cutoff"),
                {"cutoff": older_than.timestamp()},
            )
            return int(found.scalar() or 0)
    finally:
        engine.dispose()


def forget_conversation(tracker_store_url: str, sender_id: str) -> int:
    """Delete one sender's whole conversation (a student's erasure request)."""
    return _delete_events(tracker_store_url, "sender_id = :sender", {"sender": sender_id})


def conversation_size(tracker_store_url: str, sender_id: str) -> int:
    """How many events of one sender's conversation are kept."""
    engine = _engine(tracker_store_url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("events"):
                return 0
            found = connection.execute(
                text("SELECT COUNT(*) FROM events WHERE sender_id = :sender"), {"sender": sender_id}
            )
            return int(found.scalar() or 0)
    finally:
        engine.dispose()


def _engine(tracker_store_url: str) -> Engine:
    engine = create_engine(_our_url(tracker_store_url), poolclass=pool.NullPool)
    if engine.dialect.name == "sqlite":
        sqlite.tune(engine, foreign_keys=False)
    return engine


def _delete_events(tracker_store_url: str, where: str, values: dict[str, object]) -> int:
    engine = _engine(tracker_store_url)
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table("events"):
                return 0  # Rasa has not written a conversation yet
            result = connection.execute(text(f"DELETE FROM events WHERE {where}"), values)
            return int(result.rowcount or 0)
    finally:
        engine.dispose()
