"""The parts trust only each other: Rasa's student channel, Rasa's HTTP API and the action
server refuse requests without the installation's internal secret, and `Stack.up` will not
use a server on our port that is not ours."""

from __future__ import annotations

import asyncio
import dataclasses

import aiohttp
import pytest
from aiohttp import web

from bot.local_telegram import free_port
from cli.processes import assistant_stack
from staj.config import Settings
from staj.dialogue.rasa_client import CHANNEL_WEBHOOK, SECRET_HEADER
from tests.conftest import session_model

pytestmark = pytest.mark.e2e


async def test_rasa_and_the_action_server_refuse_strangers(stack, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    rasa, actions = settings.rasa_url, f"http://127.0.0.1:{settings.action_server_port}"
    message = {"sender": "stranger-1", "message": "başvurum ne durumda"}
    secret = settings.internal_secret
    async with aiohttp.ClientSession() as http:
        # A local process posting as a student: refused without the secret, or with a wrong one.
        for headers in ({}, {SECRET_HEADER: "x" * 43}):
            async with http.post(rasa + CHANNEL_WEBHOOK, json=message, headers=headers) as r:
                assert r.status == 401
        async with http.post(rasa + "/webhooks/rest/webhook", json=message) as r:
            assert r.status == 404  # Rasa's open REST channel is not served
        async with http.post(
            rasa + CHANNEL_WEBHOOK, json=message, headers={SECRET_HEADER: secret}
        ) as r:
            assert r.status == 200 and await r.json()
        # Rasa's API (trackers, model): only with the token.
        async with http.get(rasa + "/conversations/stranger-1/tracker") as r:
            assert r.status == 401
        async with http.get(rasa + "/conversations/stranger-1/tracker", params={"token": secret}) as r:  # fmt: skip
            assert r.status == 200
        # The action server: only Rasa, which sends the token.
        call = {"next_action": "action_show_status", "sender_id": "stranger-1", "tracker": {}}
        async with http.post(actions + "/webhook", json=call) as r:
            assert r.status == 401
        async with http.get(actions + "/health") as r:
            assert r.status == 401
        async with http.get(actions + "/health", params={"token": secret}) as r:
            assert r.status == 200


async def test_a_server_on_our_port_that_is_not_ours_stops_the_start(settings: Settings) -> None:
    async def status(request: web.Request) -> web.Response:  # a stale Rasa, say
        return web.json_response({"model_file": "an-old-model.tar.gz"})

    app = web.Application()
    app.router.add_get("/status", status)
    app.router.add_get("/health", status)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        own = dataclasses.replace(
            settings, rasa_port=port, rasa_url=f"http://127.0.0.1:{port}",
            action_server_port=free_port(),
        )  # fmt: skip
        stack = assistant_stack(own, session_model())
        with pytest.raises(RuntimeError, match="başka bir sunucu"):
            await asyncio.to_thread(stack.up)  # the fake answers meanwhile, on this loop
        assert not stack.started  # nothing of ours was started beside it
    finally:
        await runner.cleanup()
