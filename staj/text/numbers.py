"""Numbers as Turkish readers write them: a decimal comma (2,45; %12,6)."""

from __future__ import annotations


def decimal(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def number(value: float) -> str:
    """A count or amount as Turkish writes it: 10, 2,5 (no trailing zeros)."""
    return f"{value:g}".replace(".", ",")
