"""Gated retraining in the background of the running bot: one run at a time; changes made
during a run start another when it ends. Whoever asked is told the outcome."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from staj.dialogue.rasa_client import RasaClient
from staj.model.retraining import FINETUNE_EPOCH_FRACTION, GateResult, retrain_with_gate
from staj.model.training import TrainingFailed, resolve_model

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetrainingOutcome:
    """A finished run: the gate's result, or why the run itself failed."""

    result: GateResult | None
    failure: str = ""


# Tells one requester (a chat id) how a run ended; the channel renders the outcome.
Notify = Callable[[int, RetrainingOutcome], Awaitable[None]]


@dataclass(frozen=True)
class FinishedRun:
    started_at: datetime
    finished_at: datetime
    outcome: RetrainingOutcome


# Keeps a finished run for later reading (staj.services.retraining_history).
Record = Callable[[FinishedRun], Awaitable[None]]


@dataclass
class Retrainer:
    rasa: RasaClient
    notify: Notify
    faq_dir: Path
    _task: asyncio.Task[None] | None = None
    _again: bool = False
    _requesters: set[int] = field(default_factory=set)
    last: GateResult | None = None
    # Each finished run is recorded here (the panel shows the last ones); None: not kept.
    record: Record | None = None
    epoch_fraction: float = FINETUNE_EPOCH_FRACTION  # of a fine-tuning (RETRAIN_EPOCH_FRACTION)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def request(self, requester: int) -> bool:
        """Start a run (True), or note that another is needed after the current (False)."""
        self._requesters.add(requester)
        if self.running:
            self._again = True
            return False
        self._task = asyncio.create_task(self._run())
        return True

    async def wait(self) -> None:
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def _run_once(self) -> RetrainingOutcome:
        try:
            serving = await self.rasa.model_file()
            if serving is None:
                raise TrainingFailed("çalışan modelin dosyası bilinmiyor")
            result = await asyncio.to_thread(
                retrain_with_gate, resolve_model(serving), self.faq_dir, self.epoch_fraction
            )
            self.last = result
            if result.accepted and result.model is not None:
                await self.rasa.replace_model(str(result.model))
            return RetrainingOutcome(result)
        except Exception as exc:  # told to the requester instead of failing silently
            log.exception("Retraining failed")
            return RetrainingOutcome(None, failure=str(exc)[:300])

    async def _record(self, started: datetime, outcome: RetrainingOutcome) -> None:
        if self.record is None:
            return
        try:
            await self.record(FinishedRun(started, datetime.now(UTC), outcome))
        except Exception:  # the run's record is for reading later; the run itself counts
            log.exception("Could not record a retraining run")

    async def _run(self) -> None:
        while True:
            self._again = False
            requesters, self._requesters = set(self._requesters), set()
            started = datetime.now(UTC)
            outcome = await self._run_once()
            await self._record(started, outcome)
            for requester in requesters:
                try:
                    await self.notify(requester, outcome)
                except Exception:  # one unreachable admin must not stop the next run
                    log.exception("Could not tell a requester how retraining ended")
            if not self._again:
                return
