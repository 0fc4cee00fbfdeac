"""Old conversation events leave Rasa's tracker store; recent ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from staj.store.conversations import prune_conversations

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)


def test_events_older_than_the_cutoff_are_deleted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'trackers.db'}"
    assert prune_conversations(url, NOW) == 0  # Rasa has written nothing yet
    engine = sa.create_engine(url)
    with engine.begin() as connection:  # the table as Rasa's SQLTrackerStore makes it
        connection.execute(
            sa.text(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,"
                " type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),"
                " action_name VARCHAR(255), data TEXT)"
            )
        )
        for days_ago in (40, 31, 29, 1):
            connection.execute(
                sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES"
                        " ('1', 'user', :at, '{\"text\": \"merhaba\"}')"),
                {"at": (NOW - timedelta(days=days_ago)).timestamp()},
            )  # fmt: skip
    assert prune_conversations(url, NOW - timedelta(days=30)) == 2
    with engine.connect() as connection:
        left = connection.execute(sa.text("SELECT COUNT(*) FROM events")).scalar_one()
    engine.dispose()
    assert left == 2
