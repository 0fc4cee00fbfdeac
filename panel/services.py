"""What the panel's handlers reach: the core services, made once by the process that serves
the panel (the bot, bot/app.py) and shared with its Telegram flows."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from staj.clock import Clock
from staj.config import Settings
from staj.dialogue.rasa_client import RasaClient
from staj.model.retrainer import Retrainer
from staj.services.faq_editing import FaqDesk
from staj.services.handoffs import HandoffDesk
from staj.services.panel_access import PanelAccess
from staj.store import Database


@dataclass
class PanelServices:
    settings: Settings
    db: Database
    clock: Clock
    access: PanelAccess
    faq: FaqDesk
    handoffs: HandoffDesk
    retrainer: Retrainer | None = None
    rasa: RasaClient | None = None  # to name the model serving now


SERVICES = web.AppKey("services", PanelServices)


def services_of(request: web.Request) -> PanelServices:
    return request.app[SERVICES]
