"""What the handlers need, created in post_init and closed in post_shutdown."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from telegram.ext import Application, ContextTypes

from bot.rasa_client import RasaClient
from bot.retrainer import Retrainer
from staj.clock import Clock, SystemClock
from staj.config import Settings
from staj.store import Database


@dataclass
class BotServices:
    settings: Settings
    rasa: RasaClient
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    retrainer: Retrainer | None = None
    # One lock per student so that replies to quick successive messages stay in order.
    _locks: dict[int, asyncio.Lock] = field(default_factory=dict)

    def lock_for(self, user_id: int) -> asyncio.Lock:
        return self._locks.setdefault(user_id, asyncio.Lock())


SERVICES_KEY = "services"


def services(context: ContextTypes.DEFAULT_TYPE) -> BotServices:
    found: BotServices = context.bot_data[SERVICES_KEY]
    return found


def attach(application: Application, bot_services: BotServices) -> None:  # type: ignore[type-arg]
    application.bot_data[SERVICES_KEY] = bot_services
