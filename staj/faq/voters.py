"""Two voters beside Rasa's ResponseSelector, for the answer decision (staj/faq/decision.py).

Both read the same phrasings as the model (data/faq/ and the hand-written NLU examples, plus
the chat and typo spellings of staj/faq/augment.py) but differently: the nearest phrasing by
character n-gram TF-IDF, and a linear classifier over the same features. Where the neural
model hesitates between two entries, the two rarely hesitate the same way, so the sum of the
three separates right answers from wrong ones better than any one of them. (Measured in
benchmarks/nlu_benchmark.py.) Both follow the live knowledge base: a phrasing an admin adds
counts here at once, before the model is retrained.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from staj.faq.lexical import LexicalIndex
from staj.faq.model import KnowledgeBase
from staj.institutions import (
    after_introduction,
    all_institutions,
    institution_meant,
    names_national_programme,
    says_where_one_studies,
    systems_named,
)
from staj.out_of_scope import out_of_scope_topic


@dataclass(frozen=True)
class Votes:
    """Per FAQ entry id: how the message matches it, by each voter."""

    similarity: Mapping[str, float]  # cosine similarity of the entry's nearest phrasing, 0..1
    classifier: Mapping[str, float]  # the linear classifier's decision value (a margin)
    # ...and its margins for the conversational labels (out_of_scope, greet, ...): a message
    # the classifier takes for small talk or off-topic leaves the entries a smaller share.
    classifier_other: Mapping[str, float] = field(default_factory=dict)
    # The university the message names, if any: +1 for an entry with that university's own
    # answer ("ktü'de staj aşamaları" → ktu-asamalar over the national process), -1 for an
    # entry only about other universities; and -1 for an entry only about universities'
    # own rules when the message names the national programme.
    institution: Mapping[str, float] = field(default_factory=dict)
    # Entries that are only other universities' own rules, for a student whose university
    # the conversation knows and whose message names none: never this student's answer.
    excluded: frozenset[str] = frozenset()
    # Entries whose own phrasings name the off-topic subject this message names (an office's
    # entry for canteen hours, "yemekhane kaçta açılıyor"): for them, the subject's words
    # (data/out_of_scope.yml) do not make the message off-topic.
    off_topic_owners: frozenset[str] = frozenset()
    # The votes on the message after a leading introduction ("ktü öğrencisiyim, stajım ne
    # zaman biter" → "stajım ne zaman biter"), when it has one: what the question itself
    # matches, for deciding whether it is surely a FAQ question rather than the guided
    # conversation the NLU chose (decision.instead_of_form).
    after_introduction: Votes | None = None


class Voters:
    def __init__(self, kb: KnowledgeBase, extra: list[tuple[str, str]] | None = None) -> None:
        from sklearn.svm import LinearSVC

        self.index = LexicalIndex(kb, extra)
        self.entry_ids = frozenset(kb.entries)
        labels = [label for _, label in self.index.examples]
        # liblinear shuffles with random_state: fixed, so the same data gives the same votes.
        self.classifier = LinearSVC(C=1.0, random_state=0).fit(self.index.matrix, labels)
        self._classes = [str(c) for c in self.classifier.classes_]
        self._fit_by_institution = {
            code: {
                entry.id: 1.0 if code in {a.institution for a in entry.answers} else -1.0
                for entry in kb
                if code in {a.institution for a in entry.answers} or entry.institution_only
            }
            for code in all_institutions()
        }
        # Per off-topic subject (data/out_of_scope.yml): the entries one of whose phrasings
        # names it. The knowledge base an office edits outranks the word list it cannot.
        owners: dict[str, set[str]] = {}
        for entry in kb:
            for question in entry.questions:
                topic = out_of_scope_topic(question)
                if topic is not None:
                    owners.setdefault(topic.name, set()).add(entry.id)
        self._owners_of_topic = {name: frozenset(ids) for name, ids in owners.items()}
        # The universities each entry without a national answer is the own rule of.
        self._own_rules = {
            entry.id: frozenset(a.institution for a in entry.answers)
            for entry in kb
            if entry.institution_only
        }

    def votes(self, text: str, remembered: str | None = None) -> Votes:
        """The votes on ``text``, with those on the question after a leading introduction."""
        votes = self._votes(text, remembered)
        question = after_introduction(text)
        if question == text:
            return votes
        context = remembered or institution_meant(text)
        return replace(votes, after_introduction=self._votes(question, context))

    def _votes(self, text: str, remembered: str | None) -> Votes:
        """The votes on ``text``; ``remembered`` is the student's university as the
        conversation knows it. When the message names none, the other universities' own
        entries are left out (a KTÜ student's "staj defterimi kime teslim edeceğim" is not
        KSÜ's rule), but the remembered one's entries get no lift: whether a question is
        about the national programme or the university's own rule is the message's to say."""
        vector = self.index.vectorizer.transform([text])
        similarity = {
            label: score
            for label, score in self.index.best_per_label(vector).items()
            if label in self.entry_ids
        }
        margins = self.classifier.decision_function(vector)[0]
        classifier: dict[str, float] = {}
        other: dict[str, float] = {}
        for label, margin in zip(self._classes, margins, strict=True):
            (classifier if label in self.entry_ids else other)[label] = float(margin)
        topic = out_of_scope_topic(text)
        owners = self._owners_of_topic.get(topic.name, frozenset()) if topic else frozenset()
        meant = institution_meant(text)
        if meant is not None and says_where_one_studies(text):
            # "ktü öğrencisiyim, ulusal staj programı ne": where the student studies is the
            # question's context, as a remembered university is, not its subject.
            remembered, meant = meant, None
        fit = self._national_fit(text, self._fit_by_institution.get(meant or "", {}))
        if meant is not None:
            return Votes(similarity, classifier, other, fit, off_topic_owners=owners)
        known = self._fit_by_institution.get(remembered or "", {})
        others = frozenset(entry_id for entry_id, value in known.items() if value < 0)
        return Votes(similarity, classifier, other, fit, excluded=others, off_topic_owners=owners)

    def _national_fit(self, text: str, fit: Mapping[str, float]) -> Mapping[str, float]:
        """A message that names the national programme counts against the entries that are
        only universities' own rules ("ktü öğrencisiyim, ulusal staj programında sigortamı
        kim yapıyor" is not about KTÜ's stages), unless it names that university's own
        system: KTÜ's BYS also records national-programme internships."""
        if not names_national_programme(text):
            return fit
        systems = systems_named(text)
        lowered = dict(fit)
        for entry_id, universities in self._own_rules.items():
            if not universities & systems:
                lowered[entry_id] = max(-1.0, lowered.get(entry_id, 0.0) - 1.0)
        return lowered
