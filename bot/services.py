"""What the handlers need, created in post_init and closed in post_shutdown."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta

from telegram.ext import Application, ContextTypes

from staj.clock import Clock, SystemClock
from staj.config import Settings
from staj.dialogue.rasa_client import RasaClient
from staj.model.retrainer import Retrainer
from staj.services.handoffs import HandoffDesk
from staj.store import Database


@dataclass
class BotServices:
    settings: Settings
    rasa: RasaClient
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    retrainer: Retrainer | None = None
    handoffs: HandoffDesk = field(init=False)
    # One lock per student so that replies to quick successive messages stay in order.
    _locks: dict[int, asyncio.Lock] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.handoffs = HandoffDesk(
            self.db.sessions,
            self.clock,
            reannounce_after=timedelta(minutes=self.settings.handoff_reannounce_minutes),
            idle_after=timedelta(minutes=self.settings.handoff_idle_minutes),
        )

    def lock_for(self, user_id: int) -> asyncio.Lock:
        return self._locks.setdefault(user_id, asyncio.Lock())


SERVICES_KEY = "services"


def services(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    found: BotServices = context.bot_data[SERVICES_KEY]
    return found


def attach(application: Application, bot_services: BotServices) -> None:  # type: ignore[type-arg]
    application.bot_data[SERVICES_KEY] = bot_services
