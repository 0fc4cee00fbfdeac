"""Every process's copy of the knowledge base follows the admins' edits.

An edit (staj.services.faq_editing) writes the file on its own host and stores the file's
new content in the same transaction; every other process (action servers, bot processes,
on any host) pulls newer contents every few seconds and writes them to its own `data/faq/`,
which the live knowledge base then reloads. The repository stays the source of truth: a
file changed on disk after the edit (a newer deploy) is left as it is.

Processes on one host share one `data/faq/`, so a pull can race an edit made there. They
take turns on the folder (an flock on its `.lock` file: an edit holds it from writing the file
until the new content is stored, a pull from checking a file until it is written), and the
file's modification time decides: a pulled file is stamped with its edit's time, and a pull
never writes over a file changed after the version it fetched. A stale write that still
slipped in (a process that ignores the lock) is repaired by the next pull, since the newer
version's edit time is later.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from staj.store import faq_files

log = logging.getLogger(__name__)

PULL_EVERY_SECONDS = 2.0
LOCK_FILE = ".lock"
LOCK_POLL_SECONDS = 0.01


@contextlib.asynccontextmanager
async def folder_locked(faq_dir: Path) -> AsyncIterator[None]:
    """Edits and pulls of the processes sharing ``faq_dir`` take turns. Polled rather than
    blocking in a thread, so a cancelled waiter never takes the lock after it is gone."""
    with (faq_dir / LOCK_FILE).open("a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                await asyncio.sleep(LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write(path: Path, text: str, edited_at: datetime) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    stamp = edited_at.timestamp()
    os.utime(temporary, (stamp, stamp))  # the edit's time, not the pull's: see above
    Path(temporary).replace(path)


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def _changed_after(path: Path, moment: datetime) -> bool:
    """The file (or, for a file that is gone, its folder) changed after ``moment``."""
    stamped = path if path.exists() else path.parent
    return datetime.fromtimestamp(stamped.stat().st_mtime, UTC) > moment


class FaqSync:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], faq_dir: Path) -> None:
        self._sessions = sessions
        self.faq_dir = faq_dir
        self.known: dict[str, int] = {}

    async def pull(self) -> list[str]:
        """Bring newer edited files here; the names of those written."""
        written = []
        for name, version in (await faq_files.versions(self._sessions)).items():
            if self.known.get(name) == version:
                continue
            path = self.faq_dir / Path(name).name  # a file name, never a path elsewhere
            fetched = await faq_files.content(self._sessions, name)
            if fetched is None:
                continue
            text, version, edited_at = fetched
            async with folder_locked(self.faq_dir):
                if await asyncio.to_thread(_changed_after, path, edited_at):
                    # Deployed (or removed) after the edit, or edited here after it: what is
                    # on disk wins.
                    self.known[name] = version
                    continue
                current = await asyncio.to_thread(_read, path)
                if current != text:
                    await asyncio.to_thread(_write, path, text, edited_at)
                    written.append(name)
            self.known[name] = version
        if written:
            log.info("Knowledge base files updated from other hosts' edits: %s", ", ".join(written))
        return written

    async def keep_pulling(self, every: float = PULL_EVERY_SECONDS) -> None:
        """Pull until cancelled; a failed pull is tried again next time. A failure that
        lasts (a read-only data/faq/, say) is logged once, not every few seconds."""
        failing = False
        while True:
            try:
                await self.pull()
            except Exception:
                if not failing:
                    log.warning(
                        "Pulling knowledge-base edits failed; tried again every %s s, logged "
                        "again once it works",
                        every,
                        exc_info=True,
                    )
                failing = True
            else:
                if failing:
                    log.warning("Pulling knowledge-base edits works again")
                failing = False
            await asyncio.sleep(every)
