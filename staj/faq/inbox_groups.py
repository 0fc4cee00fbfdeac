"""Grouping similar unanswered questions for the admins' inbox ("staj defteri nereye" and
"staj defterini nereye teslim ederim" are one group with a count of 2)."""

from __future__ import annotations

from dataclasses import dataclass

from staj.faq.lexical import normalise

SIMILAR = 0.55


@dataclass(frozen=True)
class Group:
    question: str  # the group's most recent phrasing
    item_ids: tuple[int, ...]
    sources: frozenset[str]  # fallback and/or downvote
    questions: tuple[str, ...] = ()  # every distinct phrasing in the group

    @property
    def count(self) -> int:
        return len(self.item_ids)


def group_questions(items: list[tuple[int, str, str]]) -> list[Group]:
    """``items``: (id, question, source), newest first. Groups, largest first."""
    if not items:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    texts = [question for _, question, _ in items]
    vectors = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), preprocessor=normalise, sublinear_tf=True
    ).fit_transform(texts)
    similarity = cosine_similarity(vectors)
    assigned: dict[int, int] = {}
    groups: list[list[int]] = []
    for index in range(len(items)):
        if index in assigned:
            continue
        members = [index]
        assigned[index] = len(groups)
        for other in range(index + 1, len(items)):
            if other not in assigned and similarity[index, other] >= SIMILAR:
                members.append(other)
                assigned[other] = len(groups)
        groups.append(members)
    result = [
        Group(
            items[members[0]][1],
            tuple(items[m][0] for m in members),
            frozenset(items[m][2] for m in members),
            tuple(dict.fromkeys(items[m][1] for m in members)),
        )
        for members in groups
    ]
    return sorted(result, key=lambda g: -g.count)
