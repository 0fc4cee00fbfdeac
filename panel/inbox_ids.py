"""An inbox group travels in forms and links as its question ids: "12,15,31"."""

from __future__ import annotations


def item_ids(raw: str) -> list[int]:
    return [int(i) for i in raw.split(",") if i.strip().isdigit()][:500]
