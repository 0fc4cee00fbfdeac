"""Shared fixtures: an isolated run-time directory and database for the whole test session."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from staj.store import Database

_STARTED = time.time()
# Isolate every process the tests start (action server, Rasa) from a developer's var/.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="staj-tests-"))
os.environ["STAJ_VAR_DIR"] = str(_SESSION_DIR)
os.environ["DATABASE_URL"] = f"sqlite:///{_SESSION_DIR / 'staj.db'}"
# Admin edits in the tests change a copy of the knowledge base, never data/faq/ itself.
shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "faq", _SESSION_DIR / "faq")
os.environ["STAJ_FAQ_DIR"] = str(_SESSION_DIR / "faq")
# Begins with "-" on purpose: a secret that looks like an option must still reach every part
# (a generated one does so once in 64 installations).
os.environ["STAJ_INTERNAL_SECRET"] = "-" + secrets.token_urlsafe(32)
os.environ.pop("TELEGRAM_BOT_TOKEN", None)
os.environ.pop("TELEGRAM_API_BASE_URL", None)


_TRAINING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="session-model")
_SESSION_MODEL: Future[Path] | None = None


def _needs_the_model(item: pytest.Item) -> bool:
    """The test talks to Rasa with the session's model (the stack, or a stack of its own)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    module = getattr(item, "module", None)
    return bool(fixtures & {"stack", "cluster"}) or hasattr(module, "session_model")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Unit and panel tests first, then the end-to-end tests that need no trained model, then
    those that do: the session's model trains meanwhile (pytest_collection_finish)."""
    items.sort(
        key=lambda item: (
            0 if not item.get_closest_marker("e2e") else 2 if _needs_the_model(item) else 1
        )
    )


def pytest_collection_finish(session: pytest.Session) -> None:
    """Train the session's model while the tests that need none run (they come first): it
    takes minutes."""
    global _SESSION_MODEL
    if any(item.get_closest_marker("e2e") for item in session.items):
        from staj.model.training import ensure_model

        _SESSION_MODEL = _TRAINING.submit(ensure_model, Path(os.environ["STAJ_FAQ_DIR"]))


def session_model() -> Path:
    """The model trained from the session's knowledge base (waiting for the early training)."""
    from staj.model.training import ensure_model

    if _SESSION_MODEL is not None:
        _SESSION_MODEL.result()  # its error, if it failed, fails the test that needed it
    return ensure_model(Path(os.environ["STAJ_FAQ_DIR"]))


@pytest.fixture(scope="session", autouse=True)
def session_dir() -> Iterator[Path]:
    yield _SESSION_DIR
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'test.db'}"


def _running_or_skipped(context, unavailable: type[Exception], what: str):  # type: ignore[no-untyped-def]
    """A server from tests/support for the session; the tests that need it are skipped with
    the reason where it cannot be installed or started."""
    try:
        server = context.__enter__()
    except unavailable as exc:
        pytest.skip(f"{what} testleri atlandı: {exc}")
    try:
        yield server
    finally:
        context.__exit__(None, None, None)


@pytest.fixture(scope="session")
def postgres_server():  # type: ignore[no-untyped-def]
    """A private PostgreSQL server for the session (installed from Debian's packages when
    missing)."""
    from tests.support.postgres import PostgresUnavailable, running_postgres

    yield from _running_or_skipped(running_postgres(), PostgresUnavailable, "PostgreSQL")


@pytest.fixture(scope="session")
def redis_server():  # type: ignore[no-untyped-def]
    """A private Redis server for the session (installed from Debian's packages when
    missing): Rasa's lock store in the scale-out tests."""
    from tests.support.redis import RedisUnavailable, running_redis

    yield from _running_or_skipped(running_redis(), RedisUnavailable, "Redis")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind the store supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    server = request.getfixturevalue("postgres_server")
    return str(server.new_database())


@pytest.fixture
async def db(store_url: str) -> AsyncIterator[Database]:
    """The store, migrated, on each kind of database (store_url)."""
    from staj.store import open_database, upgrade_to_head

    upgrade_to_head(store_url)
    database = open_database(store_url)
    try:
        yield database
    finally:
        await database.close()


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """Where the browser tests left the panel's screenshots, for a person to look at."""
    from tests.support.chromium import SCREENSHOTS

    shots = sorted(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.is_dir() else []
    fresh = [p for p in shots if p.stat().st_mtime >= _STARTED]
    if fresh:
        terminalreporter.write_line(
            f"Panel ekran görüntüleri ({len(fresh)}, masaüstü ve telefon): {SCREENSHOTS}"
        )
