"""The bridge to Rasa: one aiohttp session, the REST channel and the tracker API."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
import zlib
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

RasaReply = dict[str, Any]


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer in time or answered badly."""


# Rasa takes a student's message only with the internal secret (nlu/channels.py), and
# answers its HTTP API only with it as ``token`` (rasa run --auth-token).
CHANNEL_WEBHOOK = "/webhooks/staj/webhook"
SECRET_HEADER = "X-Staj-Secret"
# Names the conversation, so a balancer in front of several Rasa servers can keep one
# student's turns on one of them (deploy/nginx.conf hashes on it).
SENDER_HEADER = "X-Staj-Sender"

# A Rasa that is down refuses the connection at once; one that is busy accepts it and
# answers late. Only the second is worth waiting for (the student sees "typing…").
CONNECT_TIMEOUT_SECONDS = 3.0


# A Rasa server that refused a connection is passed over this long before it is tried again.
DOWN_FOR_SECONDS = 10.0
# With several servers, each is asked for its status this often (the bot's job), so a server
# that is down is passed over before a student's message finds out, and one that is back
# gets its conversations again; the probe waits at most this long for an answer.
PROBE_EVERY_SECONDS = 5.0
PROBE_TIMEOUT_SECONDS = 2.0
# Answers that say the server did not take the message (safe to send it to another).
NOT_TAKEN = (502, 503)
# The server went away while it had the message (killed, crashed): the turn may or may not
# be done. Sent again with its id, the next server takes it only if it was not taken, and
# otherwise replays its replies (nlu/channels.py): never lost, never twice.
GONE_MIDWAY = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, aiohttp.ClientPayloadError)


class RasaClient:
    """One Rasa server, or several sharing a tracker store and locks (RASA_URL with commas):
    a conversation goes to the same server each time (by sender), and to the next one when
    that server refuses connections. A message a server may have taken (a timeout, an
    error after it was read) is never sent again: the turn could happen twice."""

    def __init__(self, base_url: str, timeout_seconds: float, secret: str) -> None:
        self.replicas = [u.strip().rstrip("/") for u in base_url.split(",") if u.strip()]
        if not self.replicas:
            raise ValueError("no Rasa server address")
        self.timeout = aiohttp.ClientTimeout(
            total=timeout_seconds, sock_connect=min(CONNECT_TIMEOUT_SECONDS, timeout_seconds)
        )
        self._secret = secret
        self._session: aiohttp.ClientSession | None = None
        self._down_until: dict[str, float] = {}

    @property
    def base_url(self) -> str:
        """The first server: the one a single-server installation has."""
        return self.replicas[0]

    def order_for(self, sender: str) -> list[str]:
        """The servers to try for ``sender``: its own first, then the others; those that
        refused a connection lately go last."""
        start = zlib.crc32(sender.encode()) % len(self.replicas)
        ring = self.replicas[start:] + self.replicas[:start]
        now = time.monotonic()
        return [u for u in ring if self._down_until.get(u, 0) <= now] + [
            u for u in ring if self._down_until.get(u, 0) > now
        ]

    def _mark_down(self, url: str) -> None:
        self._down_until[url] = time.monotonic() + DOWN_FOR_SECONDS

    def down(self) -> list[str]:
        """The servers passed over now."""
        now = time.monotonic()
        return [u for u in self.replicas if self._down_until.get(u, 0) > now]

    async def probe(self) -> list[str]:
        """Ask every server for its status: one that cannot be reached (refused, no answer to
        the connection within PROBE_TIMEOUT_SECONDS) or says it cannot serve (502/503) is
        passed over until a later probe reaches it; one that answers is used again. A server
        slow to answer is busy, not down: its conversations stay with it. Returns the
        servers passed over."""

        async def reachable(url: str) -> bool:
            try:
                async with self.session.get(
                    f"{url}/status",
                    params={"token": self._secret},
                    timeout=aiohttp.ClientTimeout(total=30, sock_connect=PROBE_TIMEOUT_SECONDS),
                ) as response:
                    return response.status not in NOT_TAKEN
            except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError):
                return False
            except (TimeoutError, aiohttp.ClientError):
                return True  # it took the connection: busy, or a hiccup; students will tell

        results = await asyncio.gather(*(reachable(url) for url in self.replicas))
        passed_over = []
        for url, up in zip(self.replicas, results, strict=True):
            if up:
                self._down_until.pop(url, None)
            else:
                self._down_until[url] = time.monotonic() + PROBE_EVERY_SECONDS * 3
                passed_over.append(url)
        return passed_over

    async def start(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self.timeout)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("RasaClient.start() was not awaited")
        return self._session

    async def send(
        self, sender: str, message: str, metadata: dict[str, Any] | None = None
    ) -> list[RasaReply]:
        """Send one student message; return Rasa's replies (text, buttons, image, custom)."""
        body: dict[str, Any] = {
            "sender": sender,
            "message": message,
            "metadata": metadata or {},
            "message_id": uuid.uuid4().hex,
        }
        replies: object = None
        failure = "no Rasa server"
        servers = self.order_for(sender)
        for url in servers:
            try:
                async with self.session.post(
                    f"{url}{CHANNEL_WEBHOOK}",
                    json=body,
                    headers={SECRET_HEADER: self._secret, SENDER_HEADER: sender},
                ) as response:
                    if response.status in NOT_TAKEN:
                        failure = f"Rasa answered HTTP {response.status}"
                        self._mark_down(url)
                        continue
                    if response.status != 200:
                        raise RasaUnavailable(f"Rasa answered HTTP {response.status}")
                    replies = await response.json()
                    break
            except aiohttp.ClientConnectorError as exc:  # never reached it: try another
                failure = f"{type(exc).__name__}: {exc}"
                self._mark_down(url)
            except GONE_MIDWAY as exc:
                failure = f"{type(exc).__name__}: {exc}"
                self._mark_down(url)
                if not body.get("resend"):
                    body["resend"] = True
                    if len(servers) == 1:  # the only one: a dropped connection, or restarted
                        servers.append(url)
                log.warning("A Rasa server went away with a message; sending it to the next one")
            except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
                raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
        else:
            raise RasaUnavailable(failure)
        if not isinstance(replies, list):
            raise RasaUnavailable("Rasa answered with something other than a list")
        if not replies:
            # Every turn of ours says something; silence means an action failed behind Rasa.
            raise RasaUnavailable("Rasa answered with no message (is the action server up?)")
        return [r for r in replies if isinstance(r, dict)]

    async def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation state (needs `rasa run --enable-api`)."""
        url = f"{self.order_for(sender)[0]}/conversations/{sender}/tracker"
        try:
            async with self.session.get(
                url, params={"include_events": "AFTER_RESTART", "token": self._secret}
            ) as response:
                response.raise_for_status()
                data: dict[str, Any] = await response.json()
                return data
        except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
            raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc

    async def replace_model(self, model_file: str, timeout: float = 600.0) -> None:
        """Load another model into every server (`PUT /model`), one after another: each
        keeps answering with the old model until the new one is loaded, and the others
        answer meanwhile, so students see no downtime. A server that refuses stops the
        rollout, and the error names it."""
        for url in self.replicas:
            try:
                async with self.session.put(
                    f"{url}/model",
                    json={"model_file": model_file},
                    params={"token": self._secret},
                    timeout=aiohttp.ClientTimeout(total=timeout),
                ) as response:
                    if response.status >= 300:
                        raise RasaUnavailable(
                            f"model replace failed on {url}: HTTP {response.status}"
                        )
            except (TimeoutError, aiohttp.ClientError) as exc:
                raise RasaUnavailable(f"model replace failed on {url}: {exc}") from exc

    async def model_file(self) -> str | None:
        """The model being served now (`GET /status` of the first server that answers)."""
        failure: Exception | None = None
        for url in self.replicas:
            try:
                async with self.session.get(
                    f"{url}/status", params={"token": self._secret}
                ) as response:
                    response.raise_for_status()
                    data: dict[str, Any] = await response.json()
                    value = data.get("model_file")
                    return str(value) if value else None
            except aiohttp.ClientConnectorError as exc:
                failure = exc
        assert failure is not None
        raise failure
