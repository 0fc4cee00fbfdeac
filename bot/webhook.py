"""Webhook mode: Telegram posts each update to the bot instead of the bot asking for them.

As python-telegram-bot's custom-webhook example, on aiohttp (already in the stack) instead
of the tornado server `run_webhook` brings: the request must carry the secret Telegram was
given at `setWebhook`; the update goes into the Application's queue and is handled like a
polled one. Telegram delivers an update again when it got no answer in time, and behind a
balancer the copy may reach another bot process: the store lets the first delivery of an
update id through, once for the whole installation.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
from collections.abc import AsyncIterator
from urllib.parse import urlparse

from aiohttp import web
from telegram import Update

from bot.context import BotApplication
from staj.store import updates

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
APPLICATION = web.AppKey("application", BotApplication)
SECRET = web.AppKey("secret", str)


async def receive(request: web.Request) -> web.Response:
    application = request.app[APPLICATION]
    sent = request.headers.get(SECRET_HEADER, "").encode()
    if not hmac.compare_digest(sent, request.app[SECRET].encode()):
        return web.Response(status=403)
    try:
        update = Update.de_json(await request.json(), application.bot)
    except Exception:  # not an update: Telegram would never send it, so nobody waits for it
        return web.Response(status=400)
    services = application.bot_data.services
    assert services is not None, "post_init ran before the webhook listens"
    try:
        first = await updates.first_delivery(
            services.db.sessions, update.update_id, services.clock.now()
        )
    except Exception:  # the store is unreachable: Telegram delivers it again later
        log.warning("An update could not be recorded; Telegram will deliver it again")
        return web.Response(status=503)
    if first:
        await application.update_queue.put(update)
    return web.Response(status=200)


async def health(request: web.Request) -> web.Response:
    return web.Response(text="ok")


def webhook_app(application: BotApplication, secret: str, path: str) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[APPLICATION] = application
    app[SECRET] = secret
    app.router.add_post(path, receive)
    app.router.add_get("/saglik", health)
    return app


@contextlib.asynccontextmanager
async def webhook(application: BotApplication) -> AsyncIterator[BotApplication]:
    """Run the bot on a webhook inside the running event loop, as `polling` does for long
    polling: start the Application, listen on the loopback port, tell Telegram the address."""
    settings = application.bot_data.settings
    assert settings is not None and settings.telegram_webhook_url
    path = urlparse(settings.telegram_webhook_url).path or "/"
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.start()
    runner = web.AppRunner(webhook_app(application, settings.webhook_secret, path), access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.bind_host, settings.telegram_webhook_port).start()
        await application.bot.set_webhook(
            settings.telegram_webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
        )
        log.info("Webhook: %s", settings.telegram_webhook_url)
        yield application
    finally:
        # The webhook stays set: other bot processes may be serving it.
        await runner.cleanup()
        await application.stop()
        if application.post_shutdown:
            await application.post_shutdown(application)
        await application.shutdown()
