"""Gated retraining in the background of the running bot: one run at a time; changes made
during a run start another when it ends. The admin who asked is told the outcome."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from telegram import Bot
from telegram.constants import ParseMode

from bot.formatting import to_html
from bot.rasa_client import RasaClient
from bot.texts import text
from staj.text.numbers import decimal
from stajbot.retraining import GateResult, retrain_with_gate
from stajbot.training import TrainingFailed, resolve_model

log = logging.getLogger(__name__)


@dataclass
class Retrainer:
    rasa: RasaClient
    bot: Bot
    _task: asyncio.Task[None] | None = None
    _again: bool = False
    _notify: set[int] = field(default_factory=set)
    last: GateResult | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def request(self, admin_chat_id: int) -> bool:
        """Start a run (True), or note that another is needed after the current (False)."""
        self._notify.add(admin_chat_id)
        if self.running:
            self._again = True
            return False
        self._task = asyncio.create_task(self._run())
        return True

    async def wait(self) -> None:
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)

    async def _run(self) -> None:
        while True:
            self._again = False
            notify, self._notify = set(self._notify), set()
            try:
                serving = await self.rasa.model_file()
                if serving is None:
                    raise TrainingFailed("çalışan modelin dosyası bilinmiyor")
                result = await asyncio.to_thread(retrain_with_gate, resolve_model(serving))
                self.last = result
                if result.accepted and result.model is not None:
                    await self.rasa.replace_model(str(result.model))
                    body = text(
                        "retrain.accepted",
                        old=decimal((result.old_accuracy or 0) * 100),
                        new=decimal((result.new_accuracy or 0) * 100),
                        minutes=decimal(result.seconds / 60),
                        how=text("retrain.finetuned" if result.finetuned else "retrain.full"),
                    )
                else:
                    body = text("retrain.refused", reason=result.reason)
            except Exception as exc:  # tell the admin instead of failing silently
                log.exception("Retraining failed")
                body = text("retrain.failed", reason=str(exc)[:300])
            for chat_id in notify:
                await self.bot.send_message(chat_id, to_html(body), parse_mode=ParseMode.HTML)
            if not self._again:
                return
