"""Rasa's conversation history (its SQL tracker store, `events` table) is personal data:
events older than the retention period are deleted (KVKK: kept no longer than needed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, inspect, pool, text

from staj.store import sqlite


def _our_url(tracker_store_url: str) -> str:
    """Rasa reaches PostgreSQL through psycopg2; this side has psycopg 3."""
    if tracker_store_url.startswith("postgresql://"):
        return "postgresql+psycopg://" + tracker_store_url.removeprefix("postgresql://")
    return tracker_store_url


def prune_conversations(tracker_store_url: str, older_than: datetime) -> int:
    """Delete conversation events from before ``older_than``; gives how many."""
    engine = create_engine(_our_url(tracker_store_url), poolclass=pool.NullPool)
    if engine.dialect.name == "sqlite":
        sqlite.tune(engine, foreign_keys=False)
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table("events"):
                return 0  # Rasa has not written a conversation yet
            result = connection.execute(
                text("DELETE FROM events WHERE timestamp < :cutoff"),
                {"cutoff": older_than.timestamp()},
            )
            return int(result.rowcount or 0)
    finally:
        engine.dispose()
