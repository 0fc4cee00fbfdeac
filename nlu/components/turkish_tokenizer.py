"""A Rasa tokenizer that folds Turkish text the same way in training and at prediction.

"SİGORTA YAPILIYOR MU", "sigorta yapılıyor mu" and "sigorta yapiliyo mu" become nearly the
same tokens: Turkish-aware lower-casing (I→ı, İ→i), then Turkish letters folded to ASCII,
and suffixes after an apostrophe kept on the word ("Kariyer Kapısı'na" → "kapisina"),
since students mostly type them without the apostrophe. Greetings before a question
("hocam merhaba, sigorta var mı") and thanks or requests for help after it ("yardımcı olur
musunuz, teşekkürler") are left out of the message's tokens: no training phrasing has them,
and they pulled whole questions towards the greeting intent or other yes-no questions.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from staj.text.turkish import fold_turkish, question_span

_WORD = re.compile(r"\w+(?:'\w+)*")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class TurkishTokenizer(WhitespaceTokenizer):
    """Whitespace tokenizer over Turkish-folded text; offsets point into the original."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TurkishTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute) or ""
        folded = fold_turkish(text)  # same length as text, so offsets stay valid
        start, end = question_span(folded) if attribute == TEXT else (0, len(folded))
        tokens = [
            Token(match.group().replace("'", ""), match.start(), match.end())
            for match in _WORD.finditer(folded, start, end)
        ]
        if not tokens:
            tokens = [Token(folded or " ", 0, max(len(text), 1))]
        return self._apply_token_pattern(tokens)
