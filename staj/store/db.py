"""Engine and session factory, and bringing the schema to the newest migration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from staj.store import sqlite

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def sync_url(url: str) -> str:
    """The URL for synchronous use (Alembic); the settings hold this form."""
    return url.replace("sqlite+aiosqlite://", "sqlite://")


def async_url(url: str) -> str:
    """The URL for the asyncio engine (psycopg 3 serves both; SQLite needs aiosqlite)."""
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url.removeprefix("sqlite://")
    return url


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    return config


def upgrade_to_head(url: str) -> None:
    """Apply every pending migration (idempotent)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def downgrade_to_base(url: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), "base")


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    async def close(self) -> None:
        await self.engine.dispose()


def open_database(url: str) -> Database:
    """Create the async engine; call upgrade_to_head first (at start of a process)."""
    connect_args = {"timeout": 30} if url.startswith("sqlite") else {}
    engine = create_async_engine(async_url(url), connect_args=connect_args, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        sqlite.tune(engine.sync_engine)
    return Database(engine, async_sessionmaker(engine, expire_on_commit=False))
