"""The answer/suggest/out-of-scope decision the actions and the benchmark share."""

from staj.faq.decision import AnsweringPolicy, Outcome, decide
from staj.out_of_scope import out_of_scope_topic

POLICY = AnsweringPolicy(
    faq_answer_min_confidence=0.5,
    suggestion_min_confidence=0.05,
    max_suggestions=3,
    out_of_scope_min_confidence=0.35,
)


def parse(
    text: str, intent: str, conf: float, ranking: list[tuple[str, float]], oos: float = 0.0
) -> dict:
    return {
        "text": text,
        "intent": {"name": intent, "confidence": conf},
        "intent_ranking": [
            {"name": intent, "confidence": conf},
            {"name": "out_of_scope", "confidence": oos},
        ],
        "response_selector": {
            "faq": {
                "ranking": [
                    {"intent_response_key": f"faq/{k}", "confidence": c} for k, c in ranking
                ]
            }
        },
    }


def test_confident_faq_is_answered() -> None:
    decision = decide(
        parse("sigorta var mı", "faq", 0.9, [("usp-sigorta", 0.8), ("usp-ucret", 0.1)]), POLICY
    )
    assert decision.outcome is Outcome.ANSWER and decision.entry_id == "usp-sigorta"


def test_unsure_response_selection_offers_suggestions_instead() -> None:
    decision = decide(
        parse("x", "faq", 0.9, [("a", 0.4), ("b", 0.3), ("c", 0.2), ("d", 0.01)]), POLICY
    )
    assert decision.outcome is Outcome.SUGGEST and decision.suggestions == ("a", "b", "c")


def test_nlu_fallback_never_answers_outright() -> None:
    decision = decide(parse("x", "nlu_fallback", 0.4, [("a", 0.95)]), POLICY)
    assert decision.outcome is Outcome.SUGGEST and decision.suggestions == ("a",)


def test_out_of_scope_by_intent_weight_or_by_topic_words() -> None:
    assert (
        decide(parse("x", "faq", 0.5, [("a", 0.9)], oos=0.4), POLICY).outcome
        is Outcome.OUT_OF_SCOPE
    )
    assert (
        decide(parse("erasmus stajı", "faq", 0.9, [("a", 0.9)]), POLICY).outcome
        is Outcome.OUT_OF_SCOPE
    )
    assert decide(parse("x", "greet", 0.9, []), POLICY).outcome is Outcome.OTHER


def test_out_of_scope_topics() -> None:
    assert out_of_scope_topic("KYK yurdu ne zaman açılır").name == "yurt"
    assert out_of_scope_topic("yurt dışında okuyorum başvurabilir miyim") is None
    assert out_of_scope_topic("staj yerinde yemek veriliyor mu") is None  # mentions staj
    assert out_of_scope_topic("Erasmus stajı başvurusu").name == "erasmus"


def test_a_lexical_second_opinion_lets_a_moderate_choice_through() -> None:
    from staj.faq.lexical import Nearest

    policy = AnsweringPolicy(
        0.5, 0.05, 3, 0.35, agreed_answer_min_confidence=0.15, agreed_min_similarity=0.3
    )
    message = parse("x", "faq", 1.0, [("a", 0.3), ("b", 0.2)])
    agree = decide(message, policy, second_opinion=lambda _: Nearest("a", 0.6))
    assert agree.outcome is Outcome.ANSWER and agree.entry_id == "a"
    disagree = decide(message, policy, second_opinion=lambda _: Nearest("b", 0.9))
    assert disagree.outcome is Outcome.SUGGEST
    too_far = decide(message, policy, second_opinion=lambda _: Nearest("a", 0.1))
    assert too_far.outcome is Outcome.SUGGEST


def test_the_lexical_index_finds_the_entry_of_a_casual_question() -> None:
    from staj.faq.lexical import LexicalIndex, hand_written_examples
    from staj.faq.loader import load_knowledge_base

    index = LexicalIndex(load_knowledge_base(), hand_written_examples())
    assert index.nearest("SİGORTA YAPILIYO MU").label == "usp-sigorta"
    assert index.nearest("kyk yurdu ne zaman").label == "out_of_scope"
