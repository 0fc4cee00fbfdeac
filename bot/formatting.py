"""Turn reply text into safe Telegram HTML, split to fit Telegram's message limit."""

from __future__ import annotations

from staj.text.telegram_html import to_html

__all__ = ["CHUNK_CHARS", "TELEGRAM_LIMIT", "split_text", "to_html"]

TELEGRAM_LIMIT = 4096
# Room for HTML entities and tags that escaping adds to a chunk.
CHUNK_CHARS = 3500


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Split at paragraph, then line, then word boundaries into chunks of at most ``limit``."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
        chunks.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        chunks.append(rest)
    return chunks
