"""SQLite as several processes use it at once (bot, action server, command line): write-ahead
logging so readers never wait for a writer, a busy timeout on every connection, and foreign
keys enforced (SQLite ignores them unless asked)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

BUSY_TIMEOUT_MS = 30_000


def tune(engine: Engine, *, foreign_keys: bool = True) -> None:
    """Set the pragmas on each new connection of ``engine`` (a SQLite engine).
    ``foreign_keys``: off for migrations, which rebuild tables in SQLite's batch mode."""

    @event.listens_for(engine, "connect")
    def _on_connect(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.close()
