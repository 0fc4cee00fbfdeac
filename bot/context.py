"""What every handler gets: the services made in post_init, through a typed context.

As python-telegram-bot's contexttypesbot example: handlers take a ``BotContext`` and reach
``context.services`` instead of string keys in ``bot_data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from panel.app import PanelServer
from staj.clock import Clock, SystemClock
from staj.config import Settings
from staj.dialogue.rasa_client import RasaClient
from staj.model.retrainer import Retrainer
from staj.services.faq_editing import FaqDesk
from staj.services.faq_sync import FaqSync
from staj.services.handoffs import HandoffDesk
from staj.services.job_leases import JobLease
from staj.services.panel_access import PanelAccess
from staj.services.personal_data import PersonalDataDesk
from staj.services.reminders import ReminderDesk
from staj.services.retention import RetentionDesk
from staj.store import Database

# The retention pass runs every 6 hours; its lease outlives one interval so the holder keeps it.
RETENTION_LEASE_HOURS = 7.0


@dataclass
class BotServices:
    settings: Settings
    rasa: RasaClient
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    retrainer: Retrainer | None = None
    handoffs: HandoffDesk = field(init=False)
    faq: FaqDesk = field(init=False)
    reminders: ReminderDesk = field(init=False)
    personal_data: PersonalDataDesk = field(init=False)
    retention: RetentionDesk = field(init=False)
    panel_access: PanelAccess = field(init=False)
    # Handoff maintenance and retention run in one bot process at a time (reminders hold
    # their own lease): several bot replicas may serve one installation.
    handoff_lease: JobLease = field(init=False)
    retention_lease: JobLease = field(init=False)
    faq_sync: FaqSync = field(init=False)

    def __post_init__(self) -> None:
        self.handoffs = HandoffDesk(
            self.db.sessions,
            self.clock,
            reannounce_after=timedelta(minutes=self.settings.handoff_reannounce_minutes),
            idle_after=timedelta(minutes=self.settings.handoff_idle_minutes),
        )
        self.faq = FaqDesk(self.db.sessions, self.settings.faq_dir)
        self.faq_sync = FaqSync(self.db.sessions, self.settings.faq_dir)
        self.reminders = ReminderDesk(self.db.sessions, self.clock)
        self.personal_data = PersonalDataDesk(
            self.db.sessions, self.settings.tracker_store_url, self.handoffs
        )
        self.retention = RetentionDesk(self.db.sessions, self.settings, self.clock)
        self.handoff_lease = JobLease(
            self.db.sessions, self.clock, "handoff-maintenance",
            timedelta(seconds=max(120.0, 2 * self.settings.reminder_interval_seconds)),
        )  # fmt: skip
        self.retention_lease = JobLease(
            self.db.sessions, self.clock, "retention", timedelta(hours=RETENTION_LEASE_HOURS)
        )
        self.panel_access = PanelAccess(
            self.db.sessions,
            self.clock,
            link_lifetime=timedelta(minutes=self.settings.panel_link_minutes),
            session_lifetime=timedelta(hours=self.settings.panel_session_hours),
        )


@dataclass
class EntryEdit:
    """An admin is changing an entry: the text of answer ``answer_index``, or (None) adding
    phrasings."""

    entry_id: str
    answer_index: int | None = None


@dataclass
class NewEntry:
    """An admin is writing a new entry for ``question``, step by step."""

    question: str
    phrasings: list[str]
    answer: str = ""
    settles: list[int] = field(default_factory=list)  # inbox questions it answers


class UserData:
    """Per-user data, kept across restarts with the conversations (bot/app.py)."""

    def __init__(self) -> None:
        self.entry_edit: EntryEdit | None = None
        self.new_entry: NewEntry | None = None


class BotData:
    """The application's own data: the settings and clock it was built with, and the
    services once post_init has made them (never persisted)."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.clock: Clock | None = None
        self.services: BotServices | None = None
        self.panel: PanelServer | None = None  # the web panel, when this process serves it


class BotContext(CallbackContext[ExtBot[Any], UserData, dict[Any, Any], BotData]):
    @property
    def services(self) -> BotServices:
        services = self.bot_data.services
        assert services is not None, "post_init makes the services before any update"
        return services

    @property
    def drafts(self) -> UserData:
        """This user's drafts (always there in private chats, where admins edit)."""
        assert self.user_data is not None
        return self.user_data


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData, user_data=UserData)
BotApplication = Application[
    ExtBot[Any], BotContext, UserData, dict[Any, Any], BotData, JobQueue[Any]
]
