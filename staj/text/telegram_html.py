"""Reply text as Telegram shows it: HTML with everything escaped except **bold**, the only
markup our texts use. The bot sends it; the panel's preview shows the same."""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def to_html(text: str) -> str:
    """Escape everything, then allow **bold**."""
    return _BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))
