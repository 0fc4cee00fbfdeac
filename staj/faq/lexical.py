"""A second opinion for the answer decision: the nearest training phrasing by character
n-gram TF-IDF over the knowledge base and the hand-written NLU examples.

The ResponseSelector ranks well but its confidence is spread thin over some 80 entries, so a
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
from staj.text.turkish import question_span


def normalise(text: str) -> str:
    """Folded, without apostrophes, leading greetings and trailing thanks (as the NLU's
    tokenizer sees it)."""
    folded = fold_turkish(text)
    start, end = question_span(folded)
    return " ".join(folded[start:end].replace("'", "").split())


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
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        written = [(q, e.id) for e in kb for q in e.questions]
        # Chat and typo spellings of each phrasing: cheap here, too slow to train Rasa on.
        spelled = [(v, label) for q, label in written for v in spellings(q)]
        self.examples = written + spelled + list(extra or [])
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), preprocessor=normalise, sublinear_tf=True
        )
        self.matrix: Any = self.vectorizer.fit_transform([text for text, _ in self.examples])
        # Feature-major, so one message's cosines are a sparse row times it (0,2 ms instead
        # of 2,7 ms for sklearn's linear_kernel, which converts the matrix on every call).
        self._by_feature: Any = self.matrix.T.tocsr()
        # The examples grouped by label, for the best phrasing of each label at once.
        labels, position = np.unique([label for _, label in self.examples], return_inverse=True)
        self.labels: list[str] = [str(label) for label in labels]
        self._grouped: Any = np.argsort(position, kind="stable")
        self._group_starts: Any = np.searchsorted(position[self._grouped], np.arange(len(labels)))

    def scores(self, text: str) -> Any:
        """Cosine similarity of ``text`` to every example, in the order of ``examples``."""
        return self.scores_of(self.vectorizer.transform([text]))

    def scores_of(self, vector: Any) -> Any:
        """The same for a message already vectorised (rows are L2-normalised: a dot product
        is the cosine)."""
        return (vector @ self._by_feature).toarray()[0]

    def best_per_label(self, vector: Any) -> dict[str, float]:
        """Per label: the similarity of its nearest example to the vectorised message."""
        import numpy as np

        best = np.maximum.reduceat(self.scores_of(vector)[self._grouped], self._group_starts)
        return dict(zip(self.labels, best.tolist(), strict=True))

    def nearest(self, text: str) -> Nearest:
        scores = self.scores(text)
        best = int(scores.argmax())
        return Nearest(self.examples[best][1], float(scores[best]))

    def candidates(self, text: str, count: int = 3) -> list[Nearest]:
        """The ``count`` most similar FAQ entries (best phrasing of each), best first."""
        scores = self.scores(text)
        best: dict[str, float] = {}
        for index in scores.argsort()[::-1]:
            label = self.examples[int(index)][1]
            if label not in best:
                best[label] = float(scores[index])
            if len(best) >= count * 3:
                break
        return [Nearest(label, score) for label, score in list(best.items())[:count]]
