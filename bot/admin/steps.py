"""The admin conversation's named states: what the bot waits for next from an admin."""

from __future__ import annotations

from enum import IntEnum


class Step(IntEnum):
    ANSWER_TEXT = 1  # the new text of an entry's answer
    PHRASINGS = 2  # phrasings to add to an entry, one per line
    NEW_ANSWER = 3  # the answer of a new entry
    NEW_PHRASINGS = 4  # more phrasings of a new entry, until there are enough
    NEW_SOURCE = 5  # the source document a new entry cites (buttons)
