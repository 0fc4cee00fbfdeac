"""Builds the python-telegram-bot Application: all wiring happens here."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from telegram import BotCommand
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.handlers import account, admin_faq, buttons, commands, errors, messages, staff
from bot.reminders import reminder_job
from bot.services import SERVICES_KEY, BotServices, attach
from bot.texts import command_menu
from staj.clock import Clock, SystemClock
from staj.config import Settings
from staj.dialogue.rasa_client import RasaClient
from staj.model.retrainer import Retrainer
from staj.store import open_database, upgrade_to_head

log = logging.getLogger(__name__)

SETTINGS_KEY = "settings"
CLOCK_KEY = "clock"
ALLOWED_UPDATES = ["message", "callback_query"]


async def post_init(application: Application) -> None:  # type: ignore[type-arg]
    """Create long-lived clients and register the command menu."""
    settings: Settings = application.bot_data[SETTINGS_KEY]
    await asyncio.to_thread(upgrade_to_head, settings.database_url)
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
    await rasa.start()
    attach(
        application,
        BotServices(
            settings=settings,
            rasa=rasa,
            db=open_database(settings.database_url),
            clock=application.bot_data.get(CLOCK_KEY) or SystemClock(),
        ),
    )
    application.bot_data[SERVICES_KEY].retrainer = Retrainer(
        rasa, admin_faq.retraining_news(application.bot)
    )
    assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
    application.job_queue.run_repeating(
        reminder_job, interval=settings.reminder_interval_seconds, first=1.0, name="reminders"
    )
    application.job_queue.run_repeating(
        staff.handoff_job, interval=settings.reminder_interval_seconds, first=1.5, name="handoffs"
    )
    await application.bot.set_my_commands(
        [BotCommand(name, about) for name, about in command_menu().items()]
    )


async def post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    svc: BotServices | None = application.bot_data.get(SERVICES_KEY)
    if svc is not None:
        await svc.rasa.close()
        await svc.db.close()


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("start", commands.start, filters=private))
    application.add_handler(
        CommandHandler(["yardim", "help"], commands.help_command, filters=private)
    )
    application.add_handler(
        CommandHandler(list(commands.RASA_COMMANDS), commands.rasa_command, filters=private)
    )
    application.add_handler(CommandHandler("bagla", account.link_command, filters=private))
    application.add_handler(
        CommandHandler(["baglantiyi_kaldir", "unlink"], account.unlink_command, filters=private)
    )
    application.add_handler(
        CommandHandler("hatirlatmalar", account.reminders_command, filters=private)
    )
    application.add_handler(CommandHandler("bitir", staff.end_handoff_command, filters=private))
    application.add_handler(CommandHandler("yetki_ver", staff.grant_command, filters=private))
    application.add_handler(CommandHandler("istatistik", staff.stats_command, filters=private))
    application.add_handler(CommandHandler("sss", admin_faq.search_command, filters=private))
    application.add_handler(
        CommandHandler("gelen_kutusu", admin_faq.inbox_command, filters=private)
    )
    application.add_handler(CommandHandler("iptal", admin_faq.cancel_command, filters=private))
    application.add_handler(CommandHandler("egit", admin_faq.train_command, filters=private))
    application.add_handler(
        CommandHandler("yeni_kayit", admin_faq.new_entry_command, filters=private)
    )
    groups = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("al", staff.take_command, filters=groups))
    application.add_handler(CommandHandler("kapat", staff.close_command, filters=groups))
    application.add_handler(CommandHandler("devret", staff.hand_back_command, filters=groups))
    application.add_handler(
        CommandHandler("danisman_grubu", staff.register_group_command, filters=groups)
    )
    application.add_handler(MessageHandler(groups & ~filters.COMMAND, staff.group_message))
    application.add_handler(MessageHandler(private & filters.COMMAND, commands.unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, messages.text_message))
    application.add_handler(MessageHandler(private, messages.other_message))
    application.add_handler(CallbackQueryHandler(buttons.button_pressed))
    application.add_error_handler(errors.on_error)


def build_application(
    settings: Settings, token: str, api_base_url: str | None = None, clock: Clock | None = None
) -> Application:  # type: ignore[type-arg]
    """The bot, talking to Telegram (or to ``api_base_url``, a self-hosted or local Bot API).
    ``clock`` lets tests move time for reminders and link codes."""
    builder = Application.builder().token(token).concurrent_updates(64)
    base = api_base_url or settings.telegram_api_base_url
    if base:
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    builder = builder.post_init(post_init).post_shutdown(post_shutdown)
    application = builder.build()
    application.bot_data[SETTINGS_KEY] = settings
    application.bot_data[CLOCK_KEY] = clock
    register_handlers(application)
    return application


@contextlib.asynccontextmanager
async def polling(application: Application) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Run the bot inside an existing event loop (terminal chat, tests), as run_polling
    would: initialize, post_init, start polling; on exit stop and post_shutdown."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(
        poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES
    )
    try:
        yield application
    finally:
        if application.updater.running:
            await application.updater.stop()
        await application.stop()
        if application.post_shutdown:
            await application.post_shutdown(application)
        await application.shutdown()
