"""What to do with a student's message, given what the NLU understood.

The actions and the NLU benchmark both use this, so the benchmark measures exactly the
assistant's behaviour: answer a FAQ entry, offer likely questions, or say it is out of scope.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

import yaml

from staj.faq.model import KnowledgeBase
from staj.faq.voters import Votes
from staj.institutions import says_where_one_studies
from staj.out_of_scope import mentions_internship, out_of_scope_topic
from staj.paths import REPO_ROOT
from staj.rules.eligibility import rule_question_entry
from staj.text.facts import parse_profile
from staj.text.requests import computation_in
from staj.text.words import folded_words


@dataclass(frozen=True)
class OffTopicDoubt:
    """The linear classifier's off-topic margin at most ``max_margin``, and the best entry's
    score and lead over the next at least ``min_score`` and ``min_lead``."""

    max_margin: float
    min_score: float
    min_lead: float


@dataclass(frozen=True)
class AnsweringPolicy:
    """How sure the assistant must be before it answers; data/answering.yml says why."""

    answer_min_score: float
    answer_min_margin: float
    suggestion_min_score: float
    max_suggestions: int
    out_of_scope_min_confidence: float
    out_of_scope_min_confidence_staj: float = 1.0  # for a message that mentions internships
    # When the NLU's off-topic verdict is doubted (doubts_off_topic): any of these.
    off_topic_doubts: tuple[OffTopicDoubt, ...] = ()
    lexical_weight: float = 0.0  # weight of the nearest phrasing's similarity
    classifier_weight: float = 0.0  # weight of the linear classifier's share
    classifier_temperature: float = 0.2  # softens the classifier's margins into shares
    institution_weight: float = 0.0  # weight of the university the message names
    answer_min_words: int = 1  # a shorter message ("teklif") is a topic, not yet a question
    own_status_words: tuple[str, ...] = ()
    question_words: tuple[str, ...] = ()  # folded words that make a message a question
    question_endings: tuple[str, ...] = ()  # ...and folded endings ("basvurabilirmiyim")
    own_status_entries: tuple[str, ...] = ()  # FAQ entries the status reply itself answers
    # Per intent that starts a date computation: the FAQ entries that computation answers.
    form_entries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Below this confidence in such an intent, a message whose likeliest questions are none
    # of those entries gets the questions, not the computation.
    form_min_confidence: float = 0.0


@cache
def answering_policy() -> AnsweringPolicy:
    raw = yaml.safe_load((REPO_ROOT / "data" / "answering.yml").read_text(encoding="utf-8"))
    for key in (
        "own_status_words", "question_words", "question_endings", "own_status_entries",
    ):  # fmt: skip
        raw[key] = tuple(raw.get(key) or ())
    raw["form_entries"] = {intent: tuple(ids) for intent, ids in (raw.get("form_entries") or {}).items()}  # fmt: skip
    raw["off_topic_doubts"] = tuple(OffTopicDoubt(**d) for d in raw.get("off_topic_doubts") or ())
    return AnsweringPolicy(**raw)


# Questions of this topic that state the student's own class or average want a verdict.
ELIGIBILITY_TOPIC = "basvuru-kosullari"


class Outcome(Enum):
    ANSWER = "answer"  # answer entry_id
    SUGGEST = "suggest"  # unsure: offer the suggestions ("Bunu mu demek istediniz?")
    OUT_OF_SCOPE = "out_of_scope"  # not about internships
    OTHER = "other"  # a conversational intent (greeting, help, ...): its own rule answers


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    entry_id: str | None = None
    suggestions: tuple[str, ...] = ()


def likeliest_about_conditions(decision: Decision, kb: KnowledgeBase) -> bool:
    """The decision's entry is about the application conditions, or, when it is unsure,
    every question it would suggest is: "3. sınıftayım sigortamı kim yapacak" with the
    conditions and the insurance among the suggestions asks about the insurance, and gets
    the suggestions rather than the eligibility check."""
    likely = (decision.entry_id,) if decision.entry_id else decision.suggestions
    entries = [kb.get(entry_id) for entry_id in likely]
    return bool(entries) and all(e is not None and e.topic == ELIGIBILITY_TOPIC for e in entries)


def rule_question_answer(
    text: str, decision: Decision, kb: KnowledgeBase, institution: str | None
) -> str | None:
    """For a question about what the eligibility rule asks of a fact the message does not
    give ("ön lisansta hangi sınıflar başvurabilir", "3. sınıfım, ortalama kaç olmalı"): the
    rule's entry, for ``institution`` where it has its own (rule_question_entry), when the
    answer decision's likeliest entries are all about the conditions: "çift anadal için
    ortalama kaç olmalı" asks another programme's rule. None for any other message."""
    entry_id = rule_question_entry(parse_profile(text), institution)
    if entry_id is None or entry_id not in kb.entries:
        return None
    return entry_id if likeliest_about_conditions(decision, kb) else None


def speaks_of_own_status(text: str, policy: AnsweringPolicy | None = None) -> bool:
    """The message names something of an application (başvuru, teklif, durum, ...)."""
    words = " " + " ".join(folded_words(text))
    return any(f" {word}" in words for word in (policy or answering_policy()).own_status_words)


def asks_a_question(text: str, policy: AnsweringPolicy | None = None) -> bool:
    """The message asks something ("?", "neler", "miyim", "basvurabilirmiyim"), beyond
    stating a fact ("KTÜ öğrencisiyim")."""
    policy = policy or answering_policy()
    if "?" in text:
        return True
    return any(
        word in policy.question_words or word.endswith(policy.question_endings)
        for word in folded_words(text)
    )


def introduces_oneself(text: str, policy: AnsweringPolicy | None = None) -> bool:
    """The message says who the student is ("ktu bilgisayar ogrencisiyim", "ksüde okuyorum")
    and asks nothing."""
    return not asks_a_question(text, policy) and says_where_one_studies(text)


def faq_ranking(parse: dict[str, Any]) -> list[tuple[str, float]]:
    """(entry id, confidence) pairs from the ResponseSelector, best first."""
    selector = (parse.get("response_selector") or {}).get("faq") or {}
    pairs = [
        (
            str(item.get("intent_response_key", "")).removeprefix("faq/"),
            float(item.get("confidence", 0.0)),
        )
        for item in selector.get("ranking") or []
    ]
    return [(key, conf) for key, conf in pairs if key]


def doubts_off_topic(
    scores: list[tuple[str, float]],
    votes: Votes | None,
    policy: AnsweringPolicy,
) -> bool:
    """The NLU gives off-topic weight, while the linear classifier does not and one entry
    stands clearly out (policy.off_topic_doubts): "başvuru durumumu nasıl öğrenirim"
    (off-topic 0,74 for its "nasıl öğrenirim") is then a FAQ question, and so are "not
    ortalaması önemli mi" and "maaş veriliyor mu" (1,0, beside off-topic examples about grades
    and fees): the NLU's certainty says little about phrasings close to its off-topic
    examples."""
    if votes is None or not scores:
        return False
    lead = scores[0][1] - (scores[1][1] if len(scores) > 1 else 0.0)
    margin = votes.classifier_other.get("out_of_scope", 0.0)
    return any(
        margin <= doubt.max_margin and scores[0][1] >= doubt.min_score and lead >= doubt.min_lead
        for doubt in policy.off_topic_doubts
    )


def about_internships(
    parse: dict[str, Any], votes: Votes | None, policy: AnsweringPolicy | None = None
) -> bool:
    """The message says "staj" (or names the programme, ...), or the NLU's off-topic verdict
    on it is doubted (doubts_off_topic): the FAQ decision, not the off-topic reply, decides
    it (decide_faq)."""
    policy = policy or answering_policy()
    return mentions_internship(str(parse.get("text") or "")) or doubts_off_topic(
        entry_scores(parse, votes, policy), votes, policy
    )


def leans_out_of_scope(
    parse: dict[str, Any],
    policy: AnsweringPolicy,
    topic_owned: bool = False,
    doubted: bool = False,
) -> bool:
    """The NLU gives out_of_scope real weight (a message that says "staj" needs it very
    sure; a ``doubted`` verdict does not count), or the words name a non-internship topic
    (unless ``topic_owned``: the entry that would answer names that topic itself)."""
    text = str(parse.get("text") or "")
    threshold = (
        policy.out_of_scope_min_confidence_staj
        if mentions_internship(text)
        else policy.out_of_scope_min_confidence
    )
    nlu_says_so = not doubted and any(
        item.get("name") == "out_of_scope" and float(item.get("confidence", 0)) >= threshold
        for item in parse.get("intent_ranking") or []
    )
    return nlu_says_so or (out_of_scope_topic(text) is not None and not topic_owned)


def entry_scores(
    parse: dict[str, Any], votes: Votes | None, policy: AnsweringPolicy
) -> list[tuple[str, float]]:
    """Every candidate entry with the sum of the three votes, best first: the
    ResponseSelector's confidence, the nearest phrasing's similarity and the linear
    classifier's share, weighted by the policy (and the university's fit), without the
    entries that are not for this student."""
    scores = dict(faq_ranking(parse))
    if votes is not None:
        for entry_id, similarity in votes.similarity.items():
            scores[entry_id] = scores.get(entry_id, 0.0) + policy.lexical_weight * similarity
        shares = _shares(
            {**votes.classifier_other, **votes.classifier}, policy.classifier_temperature
        )
        for entry_id in votes.classifier:
            scores[entry_id] = (
                scores.get(entry_id, 0.0) + policy.classifier_weight * shares[entry_id]
            )
        for entry_id, fit in votes.institution.items():
            scores[entry_id] = scores.get(entry_id, 0.0) + policy.institution_weight * fit
        for entry_id in votes.excluded:
            scores.pop(entry_id, None)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def _shares(margins: Mapping[str, float], temperature: float) -> dict[str, float]:
    """Softmax of the classifier's margins: shares that sum to 1, like the selector's."""
    if not margins:
        return {}
    top = max(margins.values())
    weights = {key: math.exp((value - top) / temperature) for key, value in margins.items()}
    total = sum(weights.values())
    return {key: weight / total for key, weight in weights.items()}


def decide_faq(
    parse: dict[str, Any],
    policy: AnsweringPolicy | None = None,
    votes: Votes | None = None,
) -> Decision:
    """For a message the NLU took as a FAQ question (or was unsure about, or took for
    off-topic when that is doubted): answer the best entry when its score is high enough and
    clearly ahead of the next, else suggest."""
    policy = policy or answering_policy()
    scores = entry_scores(parse, votes, policy)
    owned = bool(scores) and votes is not None and scores[0][0] in votes.off_topic_owners
    doubted = doubts_off_topic(scores, votes, policy)
    if leans_out_of_scope(parse, policy, topic_owned=owned, doubted=doubted):
        return Decision(Outcome.OUT_OF_SCOPE)
    intent = (parse.get("intent") or {}).get("name")
    words = len(str(parse.get("text") or "").split())
    answerable = intent in ("faq", "nlu_fallback") or doubted
    if answerable and scores and words >= policy.answer_min_words:
        entry_id, best = scores[0]
        runner_up = scores[1][1] if len(scores) > 1 else 0.0
        if best >= policy.answer_min_score and best - runner_up >= policy.answer_min_margin:
            return Decision(Outcome.ANSWER, entry_id)
    offered = tuple(
        entry_id
        for entry_id, score in scores[: policy.max_suggestions]
        if score >= policy.suggestion_min_score
    )
    return Decision(Outcome.SUGGEST, suggestions=offered)


def carried_question(
    parse: dict[str, Any],
    policy: AnsweringPolicy | None = None,
    votes: Votes | None = None,
) -> str | None:
    """For a message the NLU took as naming a university: the FAQ entry it also asks about
    ("KSÜ'de staj yapmanın koşulları neler?", "Almanya'da okuyorum katılabilir miyim?"), when
    the answer decision is sure of it. None for a plain "KTÜ öğrencisiyim"."""
    policy = policy or answering_policy()
    if not asks_a_question(str(parse.get("text") or ""), policy):
        return None
    decision = decide_faq({**parse, "intent": {"name": "faq"}}, policy, votes)
    return decision.entry_id if decision.outcome is Outcome.ANSWER else None


def status_question(
    parse: dict[str, Any],
    policy: AnsweringPolicy | None = None,
    votes: Votes | None = None,
) -> str | None:
    """For a student with no linked record whose message the NLU took as asking for their
    own application: the FAQ entry it really asks about ("bys başvurumun hangi aşamada
    olduğunu nereden görürüm", "bana teklif gelmiş ne yapayım"), when the answer decision is
    sure of it. None when the status reply answers it itself ("başvurum ne durumda")."""
    policy = policy or answering_policy()
    entry_id = carried_question(parse, policy, votes)
    return None if entry_id in policy.own_status_entries else entry_id


# Intents that start a guided conversation (a form) which computes from the student's facts.
FORM_INTENTS = ("check_eligibility", "ask_end_date", "ask_deadlines")


def instead_of_form(
    parse: dict[str, Any],
    policy: AnsweringPolicy | None = None,
    votes: Votes | None = None,
    *,
    has_facts: bool,
) -> Decision | None:
    """For a message the NLU took as starting a guided conversation (FORM_INTENTS) and that
    gives none of the facts it computes from: the off-topic reply when the message is off
    topic ("tatile nereye gideyim"), or the FAQ entry it asks about when the answer decision
    is sure of one the computation does not answer ("başvurular ne zaman bitiyor" asks the
    application dates, not the internship's end; "stajda maaş alıyor muyum" asks about pay,
    not eligibility), or the likeliest questions when the NLU is unsure of the conversation
    and none of them is one the computation answers. None: start the conversation."""
    policy = policy or answering_policy()
    intent = str((parse.get("intent") or {}).get("name"))
    if intent not in FORM_INTENTS or has_facts:
        return None
    # Decided as a FAQ question first: off topic by the same rule, so an office's entry that
    # names an off-topic subject is reached from here too.
    # "ktü öğrencisiyim stajım ne zaman biter" is surely KTÜ's stages only by its introduction:
    # the question after it decides.
    question_votes = votes.after_introduction if votes is not None else None
    decision = decide_faq({**parse, "intent": {"name": "faq"}}, policy, question_votes or votes)
    if decision.outcome is Outcome.OUT_OF_SCOPE:
        return decision
    own = policy.form_entries.get(intent)
    if own is None:  # no entries named for it: the conversation always starts
        return None
    if decision.outcome is Outcome.ANSWER and decision.entry_id not in own:
        return decision
    unsure = float((parse.get("intent") or {}).get("confidence") or 0) < policy.form_min_confidence
    # "arkadaşlarım teklif aldı, ben hâlâ bekliyorum" (eligibility 0,57) asks about the offer.
    if unsure and decision.suggestions and not set(decision.suggestions) & set(own):
        return decision
    return None


def decide(
    parse: dict[str, Any],
    policy: AnsweringPolicy | None = None,
    votes: Votes | None = None,
) -> Decision:
    """The whole turn, as the dialogue rules route it (faq, nlu_fallback, out_of_scope, other),
    for a student with no linked record (as a new student)."""
    intent = (parse.get("intent") or {}).get("name")
    if intent == "out_of_scope" and not about_internships(parse, votes, policy):
        return Decision(Outcome.OUT_OF_SCOPE)
    # Off-topic that says "staj" gets suggestions; a doubted verdict is a FAQ question.
    if intent in ("faq", "nlu_fallback", "out_of_scope"):
        return decide_faq(parse, policy, votes)
    if intent in FORM_INTENTS:  # actions/routing.py ActionStartComputation
        facts = computation_in(str(parse.get("text") or ""), date.today()) is not None
        return instead_of_form(parse, policy, votes, has_facts=facts) or Decision(Outcome.OTHER)
    carried = {
        "choose_institution": carried_question,  # answered by actions/institution.py
        "ask_application_status": status_question,  # ...and by actions/application.py
    }.get(str(intent))
    entry_id = carried(parse, policy, votes) if carried is not None else None
    if entry_id is not None:
        return Decision(Outcome.ANSWER, entry_id)
    return Decision(Outcome.OTHER)
