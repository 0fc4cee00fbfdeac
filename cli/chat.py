"""The terminal chat: you are a student, the bot runs unchanged against a local Bot API.

The python-telegram-bot Application, the bridge, Rasa and the actions are exactly the
ones Telegram uses; only the Telegram servers are replaced by bot.local_telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import textwrap
import threading

from bot.app import build_application, polling
from bot.local_telegram import LocalTelegram, SentMessage
from staj.config import Settings

CONSOLE_USER_ID = 424242
WELCOME = (
    "Terminal sohbeti: bir öğrenci gibi yaz. Düğmeye basmak için numarasını yaz (ör. 1).\n"
    "Komutlar: /yardim, /universite, /basvurabilir_miyim, /tarih, /kontrol_listesi.\n"
    "Çıkmak için Ctrl-C ya da /cik.\n"
)


def render(message: SentMessage, first_button: int) -> str:
    body = textwrap.indent(message.plain, "     ").lstrip()
    lines = [f"  🤖 {body}"]
    for offset, title in enumerate(message.button_titles):
        lines.append(f"     [{first_button + offset}] {title}")
    return "\n".join(lines)


class TerminalChat:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.telegram = LocalTelegram()
        self.buttons: list[tuple[SentMessage, str]] = []

    async def __aenter__(self) -> TerminalChat:
        await self.telegram.start()
        self._bot = polling(
            build_application(self.settings, self.telegram.token, self.telegram.base_url)
        )
        await self._bot.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):
            await self._bot.__aexit__(None, None, None)
        await self.telegram.stop()

    async def say(self, line: str) -> list[SentMessage]:
        """Send what the student typed (or press a numbered button) and return the replies."""
        before = len(self.telegram.messages_to(CONSOLE_USER_ID))
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            message, title = self.buttons[int(line) - 1]
            await self.telegram.press_button(CONSOLE_USER_ID, message, title)
        else:
            await self.telegram.send_text(CONSOLE_USER_ID, line, first_name="Sen")
        replies = await self.telegram.wait_for_messages(CONSOLE_USER_ID, after=before, timeout=60)
        self.buttons = [(m, title) for m in replies for title in m.button_titles]
        return replies

    def show(self, replies: list[SentMessage]) -> str:
        out, number = [], 1
        for message in replies:
            out.append(render(message, number))
            number += len(message.button_titles)
        return "\n".join(out)


def _start_stdin_reader(
    loop: asyncio.AbstractEventLoop, lines: asyncio.Queue[str | None]
) -> threading.Event:
    """Read lines in a daemon thread (so Ctrl-C never waits on input()); prompt when asked."""
    ready = threading.Event()

    def read() -> None:
        while True:
            ready.wait()
            ready.clear()
            try:
                line: str | None = input("👤 Sen: ")
            except (EOFError, KeyboardInterrupt):
                line = None
            loop.call_soon_threadsafe(lines.put_nowait, line)
            if line is None:
                return

    threading.Thread(target=read, name="stdin-reader", daemon=True).start()
    return ready


async def run_terminal_chat(settings: Settings) -> None:
    print(WELCOME)
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    ready = _start_stdin_reader(asyncio.get_running_loop(), lines)
    async with TerminalChat(settings) as chat:
        while True:
            ready.set()
            line = await lines.get()
            if line is None or line.strip() in ("/cik", "/çık", "/quit", "/exit"):
                break
            if not line.strip():
                continue
            try:
                print(chat.show(await chat.say(line.strip())), flush=True)
            except TimeoutError:
                print("  (cevap gelmedi; günlüklere bakın: var/logs/)", file=sys.stderr)
