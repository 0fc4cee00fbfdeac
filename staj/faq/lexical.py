"""A second opinion for the answer decision: the nearest training phrasing by character
n-gram TF-IDF over the knowledge base and the hand-written NLU examples.

The ResponseSelector ranks well but its confidence is spread thin over 80 entries, so a
cautious threshold alone sends many right answers to "Bunu mu demek istedin?". When the
lexically nearest phrasing belongs to the same entry, a moderately confident choice is safe
to answer. (Measured in benchmarks/nlu_benchmark.py.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from staj.faq.augment import spellings
from staj.faq.model import KnowledgeBase
from staj.paths import NLU_DIR
from staj.text import fold_turkish
from staj.text.turkish import question_start


def normalise(text: str) -> str:
    """Folded, without apostrophes and leading greetings (as the NLU's tokenizer sees it)."""
    folded = fold_turkish(text)
    return " ".join(folded[question_start(folded) :].replace("'", "").split())


def hand_written_examples(nlu_data: Path = NLU_DIR / "data") -> list[tuple[str, str]]:
    """(text, intent) from nlu/data/*.yml (not the generated FAQ data)."""
    examples = []
    for path in sorted(nlu_data.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            for line in str(block.get("examples", "")).splitlines():
                if line.strip().startswith("- "):
                    examples.append((line.strip()[2:], str(block["intent"])))
    return examples


@dataclass(frozen=True)
class Nearest:
    label: str  # a FAQ entry id, or a conversational intent such as out_of_scope
    similarity: float


class LexicalIndex:
    def __init__(self, kb: KnowledgeBase, extra: list[tuple[str, str]] | None = None) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        written = [(q, e.id) for e in kb for q in e.questions]
        # Chat and typo spellings of each phrasing: cheap here, too slow to train Rasa on.
        spelled = [(v, label) for q, label in written for v in spellings(q)]
        self.examples = written + spelled + list(extra or [])
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise, sublinear_tf=True
        )
        self.matrix: Any = self.vectorizer.fit_transform([text for text, _ in self.examples])

    def nearest(self, text: str) -> Nearest:
        from sklearn.metrics.pairwise import linear_kernel

        scores = linear_kernel(self.vectorizer.transform([text]), self.matrix)[0]
        best = int(scores.argmax())
        return Nearest(self.examples[best][1], float(scores[best]))

    def candidates(self, text: str, count: int = 3) -> list[Nearest]:
        """The ``count`` most similar FAQ entries (best phrasing of each), best first."""
        from sklearn.metrics.pairwise import linear_kernel

        scores = linear_kernel(self.vectorizer.transform([text]), self.matrix)[0]
        best: dict[str, float] = {}
        for index in scores.argsort()[::-1]:
            label = self.examples[int(index)][1]
            if label not in best:
                best[label] = float(scores[index])
            if len(best) >= count * 3:
                break
        return [Nearest(label, score) for label, score in list(best.items())[:count]]
