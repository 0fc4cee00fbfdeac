"""Answering from the knowledge base, suggesting when unsure, and the turns around them."""

from __future__ import annotations

from actions.faq import ActionAnswerFaq, ActionNoneFits, ActionNotUnderstood, ActionSuggestQuestions
from actions.feedback import ActionRecordFeedback
from actions.resources import ActionResources
from actions.routing import ActionOutOfScope
from actions.texts import text
from staj.store import inbox, preferences
from tests.unit.actions.conftest import STUDENT, followup, run, slot_events, tracker


async def test_a_sure_answer_cites_its_source_and_asks_for_feedback(
    resources: ActionResources,
) -> None:
    messages, events = await run(
        ActionAnswerFaq(), tracker("stajda sigortam yapılıyor mu", faq={"usp-sigorta": 0.97})
    )
    [answer] = messages
    assert "Kaynak" in answer["text"] and "👍" in answer["buttons"][0]["title"]
    assert slot_events(events)["last_faq_id"] == "usp-sigorta"
    assert slot_events(events)["turn_outcome"] == "answered"


async def test_the_students_university_picks_its_own_answer(resources: ActionResources) -> None:
    entry = next(e for e in resources.knowledge_base.get() if len(e.answers) > 1)
    own = next(a for a in entry.answers if a.institution != "national")
    messages, _ = await run(
        ActionAnswerFaq(),
        tracker(entry.questions[0], faq={entry.id: 0.99}, slots={"institution": own.institution}),
    )
    assert own.text.strip()[:60] in messages[0]["text"]


async def test_a_student_of_one_university_is_not_given_anothers_own_rule(
    resources: ActionResources,
) -> None:
    question = "staj defterimi kime teslim edeceğim"
    ranking = {"ksu-staj-defteri": 0.5, "ktu-staj-sonlandirma": 0.4}
    for university, expected in (("ktu", "ktu-staj-sonlandirma"), ("ksu", "ksu-staj-defteri")):
        _, events = await run(
            ActionAnswerFaq(), tracker(question, faq=ranking, slots={"institution": university})
        )
        assert slot_events(events)["last_faq_id"] == expected


async def test_unsure_offers_the_likeliest_questions(resources: ActionResources) -> None:
    given = tracker("o ne zaman", faq={"usp-basvuru-tarihleri": 0.3, "usp-staj-donemleri": 0.25})
    messages, events = await run(ActionAnswerFaq(), given)
    [offer] = messages
    assert offer["text"] == text("fallback.suggest")
    payloads = [b["payload"] for b in offer["buttons"]]
    assert any("usp-basvuru-tarihleri" in p for p in payloads) and "/none_fits" in payloads
    assert slot_events(events)["turn_outcome"] == "fallback"
    assert [g.question for g in await inbox.open_groups(resources.database.sessions)] == [
        "o ne zaman"
    ]


async def test_suggestions_remember_the_university_the_message_names(
    resources: ActionResources,
) -> None:
    given = tracker(
        "ksüde okuyorum son tarihlerim ne",
        faq={"ksu-kesin-tarihler": 0.3, "ksu-degisiklik-bildirimi": 0.25},
    )
    messages, events = await run(ActionAnswerFaq(), given)
    assert messages[0]["text"] == text("fallback.suggest")
    assert slot_events(events)["institution"] == "ksu"
    assert await preferences.get_institution(resources.database.sessions, int(STUDENT)) == "ksu"


async def test_a_question_with_its_own_start_date_is_computed(resources: ActionResources) -> None:
    given = tracker(
        "stajım 14.07.2031'de başlıyor, BYS başvurusunu en geç ne zaman yapmalıyım",
        faq={"ktu-bys-basvuru": 0.9},
    )
    _, events = await run(ActionAnswerFaq(), given)
    assert followup(events) == "deadlines_form"


async def test_suggest_twice_then_offer_a_person(resources: ActionResources) -> None:
    given = tracker("hmm", intent="nlu_fallback", confidence=0.3, faq={"usp-sigorta": 0.35},
                    slots={"unanswered_in_a_row": 1.0})  # fmt: skip
    messages, events = await run(ActionSuggestQuestions(), given)
    assert messages[0]["text"] == text("fallback.suggest_or_human")
    assert "/ask_human" in [b["payload"] for b in messages[0]["buttons"]]
    assert slot_events(events)["unanswered_in_a_row"] == 2.0


async def test_none_fits_and_not_understood_reply(resources: ActionResources) -> None:
    messages, _ = await run(ActionNoneFits(), tracker("/none_fits", intent="none_fits"))
    assert messages[0]["text"] == text("fallback.rephrase_or_human")
    messages, _ = await run(ActionNotUnderstood(), tracker("asdfgh", intent="nlu_fallback"))
    assert messages and messages[0]["text"]


async def test_off_topic_is_said_so_and_not_counted_as_a_miss(resources: ActionResources) -> None:
    messages, events = await run(
        ActionOutOfScope(), tracker("bana bir şiir yaz", intent="out_of_scope")
    )
    assert messages[0]["text"]
    assert slot_events(events) == {"turn_outcome": "out_of_scope", "unanswered_in_a_row": 0.0}


async def test_an_internship_question_taken_for_off_topic_gets_suggestions(
    resources: ActionResources,
) -> None:
    question = tracker(
        "hafta sonları da staja gidecek miyiz",
        intent="out_of_scope",
        confidence=0.6,
        faq={"usp-staj-donemleri": 0.4, "usp-kac-gun-staj": 0.3},
    )
    messages, events = await run(ActionOutOfScope(), question)
    assert messages[0]["text"] == text("fallback.suggest")
    assert any("usp-staj-donemleri" in b["payload"] for b in messages[0]["buttons"])
    assert slot_events(events)["turn_outcome"] == "fallback"


async def test_an_off_topic_verdict_the_votes_doubt_is_answered(
    resources: ActionResources,
) -> None:
    # The NLU took it for off-topic (0,74) for its "nasıl öğrenirim"; the linear classifier
    # is sure it is not and the status entry stands clearly out (data/answering.yml
    # off_topic_doubts): the answer, not the off-topic reply.
    question = tracker(
        "başvuru durumumu nasıl öğrenirim",
        intent="out_of_scope",
        confidence=0.74,
        faq={"usp-basvuru-durumu": 0.7, "usp-yarim-kalan-basvuru": 0.1},
    )
    messages, events = await run(ActionOutOfScope(), question)
    assert "Başvuru Durumum" in messages[0]["text"] and "Kaynak:" in messages[0]["text"]
    assert slot_events(events)["last_faq_id"] == "usp-basvuru-durumu"


async def test_an_introduction_taken_for_off_topic_sets_the_university(
    resources: ActionResources,
) -> None:
    introduction = tracker("ktu bilgisayar muhendisligi ogrencisiyim", intent="out_of_scope")
    messages, events = await run(ActionOutOfScope(), introduction)
    assert "KTÜ" in messages[0]["text"] and slot_events(events) == {"institution": "ktu"}
    # A real off-topic question that names the university stays off-topic.
    question = tracker("ktü yemekhanesi kaçta açılıyor", intent="out_of_scope")
    _, events = await run(ActionOutOfScope(), question)
    assert slot_events(events)["turn_outcome"] == "out_of_scope"


async def test_an_introduction_taken_for_a_faq_question_sets_the_university(
    resources: ActionResources,
) -> None:
    # A retraining once took it for a FAQ question (0,9) with KTÜ's entries unsure.
    introduction = tracker(
        "ktu bilgisayar muhendisligi ogrencisiyim",
        faq={"ktu-asamalar": 0.17, "ktu-bys-nedir": 0.13},
    )
    for action in (ActionAnswerFaq(), ActionSuggestQuestions()):
        messages, events = await run(action, introduction)
        assert "KTÜ" in messages[0]["text"] and slot_events(events) == {"institution": "ktu"}


async def test_an_introduction_with_another_university_says_what_is_known(
    resources: ActionResources,
) -> None:
    introduction = tracker("istanbul universitesi ogrencisiyim", intent="out_of_scope")
    messages, events = await run(ActionOutOfScope(), introduction)
    assert messages[0]["text"] == text("institution.other") and events == []
    # Off-topic about another university stays off-topic.
    question = tracker("odtü ünide yemekhane kaçta açılıyor", intent="out_of_scope")
    _, events = await run(ActionOutOfScope(), question)
    assert slot_events(events)["turn_outcome"] == "out_of_scope"


async def test_feedback_is_recorded_and_a_downvote_reaches_the_inbox(
    resources: ActionResources,
) -> None:
    question = {"event": "user", "text": "sigorta var mı", "parse_data": {}}
    messages, _ = await run(
        ActionRecordFeedback(),
        tracker("/feedback", intent="feedback", entities={"vote": "down", "faq_id": "usp-sigorta"},
                events=[question]),
    )  # fmt: skip
    assert messages[0]["text"] == text("feedback.thanks_not_helpful")
    [group] = await inbox.open_groups(resources.database.sessions)
    assert group.question == "sigorta var mı" and inbox.DOWNVOTE in group.sources


async def test_a_forged_feedback_button_records_nothing(resources: ActionResources) -> None:
    messages, events = await run(
        ActionRecordFeedback(),
        tracker("/feedback", intent="feedback", entities={"vote": "down", "faq_id": "yok-boyle"}),
    )
    assert messages == [] and events == []
    assert await inbox.open_groups(resources.database.sessions) == []


async def test_own_facts_with_an_unsure_conditions_question_get_the_eligibility_check(
    resources: ActionResources,
) -> None:
    given = tracker(
        "2. sınıfım ortalamam 2,1 olur mu",
        faq={"usp-sinif-sarti": 0.35, "usp-ortalama-sarti": 0.33},
    )
    _, events = await run(ActionAnswerFaq(), given)
    assert followup(events) == "eligibility_form"


async def test_own_facts_beside_another_question_do_not_start_the_eligibility_check(
    resources: ActionResources,
) -> None:
    # The class is context; the question is the insurance, one of the likely entries.
    given = tracker(
        "3. sınıftayım sigortamı kim yapacak",
        faq={"ksu-staj-kosullari": 0.3, "usp-sinif-sarti": 0.28, "usp-sigorta": 0.27},
    )
    messages, events = await run(ActionAnswerFaq(), given)
    assert followup(events) is None
    [offer] = messages
    assert any("usp-sigorta" in b["payload"] for b in offer["buttons"])


async def test_a_question_about_a_stated_fact_gets_that_facts_answer(
    resources: ActionResources,
) -> None:
    """Graduating in June and asking about July is a question about graduating: its answer,
    not a check that first asks for the average. With the average given, the check has every
    fact and says the same as a caveat of its verdict."""
    graduating = "usp-mezun-olacagim"
    question = "4. sınıfım haziranda mezun olacağım temmuzda staja başlasam olur mu"
    messages, events = await run(ActionAnswerFaq(), tracker(question, faq={graduating: 0.9}))
    assert followup(events) is None and slot_events(events)["last_faq_id"] == graduating
    entry = resources.knowledge_base.get().get(graduating)
    assert entry is not None and entry.answers[0].text.strip()[:40] in messages[0]["text"]
    every_fact = "4. sınıfım ortalamam 3,2 haziranda mezun olacağım temmuzda staj yapabilir miyim"
    _, events = await run(ActionAnswerFaq(), tracker(every_fact, faq={graduating: 0.9}))
    assert followup(events) == "eligibility_form"


async def test_a_question_about_the_rule_is_not_asked_back(resources: ActionResources) -> None:
    """ "3. sınıfım, ortalama kaç olmalı" asks the average rule: a check would ask the
    student's average, the very thing asked."""
    average = "usp-ortalama-sarti"
    given = tracker("3. sınıfım ortalamam kaç olmalı", faq={average: 0.9})
    _, events = await run(ActionAnswerFaq(), given)
    assert followup(events) is None and slot_events(events)["last_faq_id"] == average


async def test_a_universitys_own_rule_answers_its_rule_question(resources: ActionResources) -> None:
    """KSÜ starts an internship only for students past a class of its own: its entry answers
    the class rule for a KSÜ student, not the national one the NLU chose."""
    question = "kaçıncı sınıflar staj yapabiliyor"
    given = tracker(question, faq={"usp-sinif-sarti": 0.9}, slots={"institution": "ksu"})
    _, events = await run(ActionAnswerFaq(), given)
    assert slot_events(events)["last_faq_id"] == "ksu-staj-kosullari"
    _, events = await run(ActionAnswerFaq(), tracker(question, faq={"usp-sinif-sarti": 0.9}))
    assert slot_events(events)["last_faq_id"] == "usp-sinif-sarti"
