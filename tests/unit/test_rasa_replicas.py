"""The Rasa client over several servers (small aiohttp servers standing in for Rasa): one
conversation keeps to one server; a server that refuses connections is passed over without
losing the message; a message a server may have taken is not sent twice while it may still
be at work, and goes to the next with its id, marked as resent, when that server went away
midway (the next one takes it at most once: nlu/channels.py); a model goes to every server,
and a refusal names the server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.local_telegram import free_port
from staj.dialogue.rasa_client import CHANNEL_WEBHOOK, RasaClient, RasaUnavailable


class FakeRasa:
    def __init__(self, name: str, status: int = 200, delay: float = 0.0) -> None:
        self.name, self.status, self.delay = name, status, delay
        self.vanish = False  # reads the message, then drops the connection (killed midway)
        self.bodies: list[dict] = []
        self.senders: list[str] = []
        self.models: list[str] = []
        self.port = free_port()
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(CHANNEL_WEBHOOK, self.webhook)
        app.router.add_put("/model", self.model)
        app.router.add_get("/status", self.status_page)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.bodies.append(body)
        if self.vanish:
            assert request.transport is not None
            request.transport.close()
            await asyncio.sleep(1)
        await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.Response(status=self.status)
        self.senders.append(body["sender"])
        return web.json_response([{"text": f"{self.name} cevapladı"}])

    async def status_page(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.delay)
        return web.json_response({"model_file": "m.tar.gz"}, status=self.status)

    async def model(self, request: web.Request) -> web.Response:
        self.models.append((await request.json())["model_file"])
        return web.Response(status=self.status if self.status != 200 else 204)


@pytest.fixture
async def servers() -> AsyncIterator[list[FakeRasa]]:
    started = [FakeRasa("bir"), FakeRasa("iki")]
    for server in started:
        await server.start()
    yield started
    for server in started:
        await server.stop()


async def client_for(urls: list[str], timeout: float = 5.0) -> RasaClient:
    client = RasaClient(",".join(urls), timeout, "gizli-gizli-gizli")
    await client.start()
    return client


async def test_a_conversation_keeps_to_one_server_and_both_get_work(
    servers: list[FakeRasa],
) -> None:
    client = await client_for([s.url for s in servers])
    try:
        for n in range(40):
            for _ in range(3):
                await client.send(f"ogrenci-{n}", "merhaba")
        owners = {n: {s.name for s in servers if f"ogrenci-{n}" in s.senders} for n in range(40)}
        assert all(len(names) == 1 for names in owners.values())
        assert all(s.senders for s in servers)  # the conversations are spread
    finally:
        await client.close()


async def test_a_server_that_is_down_is_passed_over_without_losing_the_message(
    servers: list[FakeRasa],
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    client = await client_for([dead, *(s.url for s in servers)])
    try:
        for n in range(20):
            [reply] = await client.send(f"ogrenci-{n}", "merhaba")
            assert "cevapladı" in reply["text"]
        # A server answering 503 did not take the message either.
        servers[0].status = 503
        for n in range(20):
            [reply] = await client.send(f"ogrenci-{n}", "tekrar")
            assert reply["text"] == "iki cevapladı"
    finally:
        await client.close()


async def test_a_message_a_server_may_have_taken_is_not_sent_again(servers: list[FakeRasa]) -> None:
    servers[0].delay = servers[1].delay = 3.0
    client = await client_for([s.url for s in servers], timeout=1.0)
    try:
        with pytest.raises(RasaUnavailable):
            await client.send("ogrenci-yavas", "merhaba")
        await asyncio.sleep(3)
        assert sum("ogrenci-yavas" in s.senders for s in servers) == 1
    finally:
        await client.close()


async def test_a_message_left_with_a_server_that_went_away_goes_to_the_next_marked_resent(
    servers: list[FakeRasa],
) -> None:
    client = await client_for([s.url for s in servers])
    try:
        sender = next(
            f"ogrenci-{n}"
            for n in range(50)
            if client.order_for(f"ogrenci-{n}")[0] == servers[0].url
        )
        servers[0].vanish = True
        [reply] = await client.send(sender, "merhaba")
        assert reply["text"] == "iki cevapladı"
        [first], [second] = servers[0].bodies, servers[1].bodies
        assert first["message_id"] == second["message_id"] and len(first["message_id"]) == 32
        assert "resend" not in first and second["resend"] is True
        # A new message has a new id and goes straight to the server still up.
        await client.send(sender, "tekrar")
        assert servers[1].bodies[1]["message_id"] != first["message_id"]
        assert "resend" not in servers[1].bodies[1]
    finally:
        await client.close()


async def test_with_one_server_a_dropped_connection_is_tried_once_more(
    servers: list[FakeRasa],
) -> None:
    client = await client_for([servers[0].url])
    try:
        servers[0].vanish = True
        with pytest.raises(RasaUnavailable):
            await client.send("ogrenci-tek", "merhaba")
        assert [b.get("resend", False) for b in servers[0].bodies] == [False, True]
    finally:
        await client.close()


async def test_the_probe_passes_over_a_server_that_is_down_until_it_is_back(
    servers: list[FakeRasa],
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    client = await client_for([dead, *(s.url for s in servers)])
    try:
        assert await client.probe() == [dead]
        assert client.down() == [dead]
        assert all(client.order_for(f"ogrenci-{n}")[-1] == dead for n in range(30))
        servers[0].status = 503  # up, but says it cannot serve
        assert await client.probe() == [dead, servers[0].url]
        servers[0].status = 200
        servers[1].delay = 3.0  # busy: slow to answer, but it took the connection
        assert await client.probe() == [dead]
        assert client.down() == [dead]
    finally:
        await client.close()


async def test_a_model_is_rolled_out_to_every_server_or_the_refusal_named(
    servers: list[FakeRasa],
) -> None:
    client = await client_for([s.url for s in servers])
    try:
        await client.replace_model("/modeller/yeni.tar.gz")
        assert all(s.models == ["/modeller/yeni.tar.gz"] for s in servers)
        servers[1].status = 400
        with pytest.raises(RasaUnavailable, match=str(servers[1].port)):
            await client.replace_model("/modeller/bozuk.tar.gz")
    finally:
        await client.close()
