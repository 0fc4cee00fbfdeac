"""The answer/suggest/out-of-scope decision the actions and the benchmark share."""

import dataclasses
from pathlib import Path

from staj.faq.decision import (
    AnsweringPolicy,
    Decision,
    Outcome,
    asks_a_question,
    decide,
    entry_scores,
    instead_of_form,
    introduces_oneself,
)
from staj.faq.voters import Voters, Votes
from staj.out_of_scope import mentions_internship, out_of_scope_topic

POLICY = AnsweringPolicy(
    answer_min_score=0.5,
    answer_min_margin=0.2,
    suggestion_min_score=0.05,
    max_suggestions=3,
    out_of_scope_min_confidence=0.35,
)
VOTING = dataclasses.replace(
    POLICY, lexical_weight=0.5, classifier_weight=1.0, classifier_temperature=0.2
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


def test_a_close_runner_up_is_offered_not_answered() -> None:
    decision = decide(parse("x", "faq", 0.9, [("a", 0.6), ("b", 0.45)]), POLICY)
    assert decision.outcome is Outcome.SUGGEST and decision.suggestions == ("a", "b")


def test_nlu_fallback_is_answered_only_when_the_entry_stands_out() -> None:
    sure = decide(parse("x", "nlu_fallback", 0.4, [("a", 0.95)]), POLICY)
    assert sure.outcome is Outcome.ANSWER and sure.entry_id == "a"
    unsure = decide(parse("x", "nlu_fallback", 0.4, [("a", 0.3)]), POLICY)
    assert unsure.outcome is Outcome.SUGGEST and unsure.suggestions == ("a",)


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


def test_an_off_topic_intent_on_a_message_that_says_staj_gets_suggestions() -> None:
    """The NLU's off-topic class on an internship question: offered, never answered, unless
    the NLU is very sure (out_of_scope_min_confidence_staj)."""
    policy = dataclasses.replace(POLICY, out_of_scope_min_confidence_staj=0.9)
    unsure = parse("hafta sonu da staja gidecek miyiz", "out_of_scope", 0.6, [("a", 0.95)])
    unsure["intent_ranking"] = [{"name": "out_of_scope", "confidence": 0.6}]
    assert decide(unsure, policy) == Decision(Outcome.SUGGEST, suggestions=("a",))
    sure = dict(unsure, intent_ranking=[{"name": "out_of_scope", "confidence": 0.95}])
    assert decide(sure, policy).outcome is Outcome.OUT_OF_SCOPE
    poem = parse("bana bir şiir yaz", "out_of_scope", 0.6, [("a", 0.95)])
    assert decide(poem, policy).outcome is Outcome.OUT_OF_SCOPE


def test_naming_the_programme_or_iskur_is_speaking_of_internships() -> None:
    """ "usp'ye girebilir miyim" says no "staj" but names the programme: the NLU's off-topic
    class on it gets suggestions (unless very sure), as for a message that says "staj"."""
    assert mentions_internship("usp'ye girebilir miyim") and mentions_internship("İŞKUR ne yapıyor")
    assert mentions_internship("Kariyer Kapısı açılmıyor") and not mentions_internship("hava nasıl")
    policy = dataclasses.replace(POLICY, out_of_scope_min_confidence_staj=0.9)
    unsure = parse("usp ye girebilir miyim", "out_of_scope", 0.6, [("a", 0.95)])
    unsure["intent_ranking"] = [{"name": "out_of_scope", "confidence": 0.6}]
    assert decide(unsure, policy) == Decision(Outcome.SUGGEST, suggestions=("a",))
    weather = dict(unsure, text="yarin hava nasil olacak")
    assert decide(weather, policy).outcome is Outcome.OUT_OF_SCOPE


def test_an_off_topic_verdict_the_votes_doubt_is_decided_as_a_faq_question() -> None:
    """The NLU took "başvuru durumumu nasıl öğrenirim" for off-topic (0,74: "nasıl öğrenirim"
    is in its off-topic examples). The linear classifier is sure it is not and the status
    entry stands clearly out: it is answered, not told "staj dışında", even when the NLU is
    certain (as it was of "not ortalaması önemli mi", beside its off-topic example "not
    ortalaması nasıl hesaplanır"). The same verdict on a poem or another application stays
    off-topic, certain or not."""
    from staj.faq.decision import about_internships, answering_policy
    from staj.faq.lexical import hand_written_examples
    from staj.faq.loader import load_knowledge_base

    voters, policy = Voters(load_knowledge_base(), hand_written_examples()), answering_policy()

    def off_topic(text: str, confidence: float, selector: list[tuple[str, float]]) -> dict:
        message = parse(text, "out_of_scope", confidence, selector)
        message["intent_ranking"] = [{"name": "out_of_scope", "confidence": confidence}]
        return message

    status = off_topic("başvuru durumumu nasıl öğrenirim", 0.74, [("usp-basvuru-durumu", 0.7)])
    votes = voters.votes(status["text"])
    assert about_internships(status, votes, policy)
    assert decide(status, policy, votes) == Decision(Outcome.ANSWER, "usp-basvuru-durumu")
    certain = off_topic("not ortalaması önemli mi", 1.0, [("usp-ortalama-sarti", 0.7)])
    assert decide(certain, policy, voters.votes(certain["text"])) == Decision(
        Outcome.ANSWER, "usp-ortalama-sarti"
    )
    # The classifier only not for off-topic, but the pay entry far ahead on every vote.
    pay = off_topic("maaş veriliyor mu", 1.0, [("usp-ucret", 0.81)])
    assert decide(pay, policy, voters.votes(pay["text"])) == Decision(Outcome.ANSWER, "usp-ucret")
    fee = off_topic("yurt ücreti ne kadar", 1.0, [("usp-ucret", 0.81)])  # a topic word still holds
    assert decide(fee, policy, voters.votes(fee["text"])).outcome is Outcome.OUT_OF_SCOPE
    for text in ("bana bir şiir yaz", "yurt başvurusu nasıl yapılır"):
        for confidence in (0.74, 1.0):
            poem = off_topic(text, confidence, [("usp-nasil-basvurulur", 0.7)])
            assert decide(poem, policy, voters.votes(text)).outcome is Outcome.OUT_OF_SCOPE


def test_out_of_scope_topics() -> None:
    assert out_of_scope_topic("KYK yurdu ne zaman açılır").name == "yurt"
    assert out_of_scope_topic("yurt dışında okuyorum başvurabilir miyim") is None
    assert out_of_scope_topic("staj yerinde yemek veriliyor mu") is None  # mentions staj
    assert (
        out_of_scope_topic("genel sağlık sigortası borcum var ne yapmalıyım").name
        == "sgk_kayitlari"
    )
    assert out_of_scope_topic("genel sağlık sigortası stajda geçerli mi") is None
    assert out_of_scope_topic("iskur kursları ücretli mi").name == "iskur_hizmetleri"
    assert out_of_scope_topic("iskurun programdaki rolü ne") is None
    # ...or another word of the internship's world: an intern's travel and stay.
    assert out_of_scope_topic("yurt ve yol masrafı kimden") is None
    assert out_of_scope_topic("işveren yurt sağlıyor mu") is None
    assert out_of_scope_topic("yol parasi yemek parasi veriyolar mi") is None
    assert out_of_scope_topic("yemekhanede bugün ne var").name == "yemek"
    assert out_of_scope_topic("Erasmus stajı başvurusu").name == "erasmus"


def test_an_uploaded_transcript_is_an_application_document() -> None:
    assert out_of_scope_topic("transkript nasıl alınır").name == "sinav"
    assert out_of_scope_topic("yüklediğim transkript reddedilmiş kim reddetti") is None
    assert out_of_scope_topic("transkriptimi yüklerken hata aldım") is None


def test_graduate_study_and_national_exams_are_topics_of_their_own() -> None:
    """The FAQ's "başvuru", "puan" and "ortalama" made these look like programme questions."""
    assert out_of_scope_topic("yüksek lisans başvurusunda ortalama önemli mi").name == "lisansustu"
    assert out_of_scope_topic("KPSS puanım kaç yıl geçerli").name == "merkezi_sinavlar"
    assert out_of_scope_topic("bitirme projemin konusunu seçemedim").name == "bitirme"
    # Who may apply to the programme, or an internship question, is not off-topic.
    assert out_of_scope_topic("yüksek lisans öğrencisiyim başvurabilir miyim") is None
    assert out_of_scope_topic("kpss'ye hazırlanıyorum stajda sigortam yapılır mı") is None
    assert out_of_scope_topic("başvuruda hangi tuşa basıyorum") is None


def test_scholarships_and_other_apps_accounts_are_off_topic() -> None:
    """No source speaks of scholarships, even beside an internship ("bursumu kesiyorlar mı
    staj yaparsam" got the travel-and-stay entry); another app's password is not the
    e-Devlet password of the application ("netflix şifremi unuttum" got that entry)."""
    assert out_of_scope_topic("bursumu kesiyorlar mı staj yaparsam").name == "burs"
    assert out_of_scope_topic("netflix şifremi unuttum").name == "uygulama_hesaplari"
    assert out_of_scope_topic("e-devlet şifremi unuttum") is None
    assert out_of_scope_topic("instagramda staj ilanı gördüm başvurabilir miyim") is None


def test_no_training_phrasing_is_taken_for_off_topic_by_its_words() -> None:
    """No phrasing of the repository's entries names an off-topic subject by its words
    ("yurt ve yol masrafı kimden" did, for its "yurt"): its entry would then answer that
    subject's questions ("KYK yurdu ne zaman açılır") whenever it scored best."""
    from staj.faq.loader import load_knowledge_base

    caught = [
        (entry.id, question)
        for entry in load_knowledge_base()
        for question in entry.questions
        if out_of_scope_topic(question) is not None
    ]
    assert caught == []


def test_an_entry_whose_phrasings_name_an_off_topic_subject_answers_it() -> None:
    """An office's entry for canteen hours ("yemekhane kaçta açılıyor") is reached, though
    data/out_of_scope.yml sends canteen questions elsewhere."""
    message = parse("yemekhane kaçta açılıyor", "faq", 0.9, [("kantin", 0.9), ("usp-ucret", 0.05)])  # fmt: skip
    assert decide(message, POLICY).outcome is Outcome.OUT_OF_SCOPE  # by the word list
    owned = Votes({}, {}, off_topic_owners=frozenset({"kantin"}))
    assert decide(message, POLICY, votes=owned) == Decision(Outcome.ANSWER, "kantin")
    # An entry that names the subject does not open it to another entry that scores best.
    elsewhere = Votes({}, {}, off_topic_owners=frozenset({"usp-ucret"}))
    assert decide(message, POLICY, votes=elsewhere).outcome is Outcome.OUT_OF_SCOPE


def test_the_voters_know_which_entries_name_an_off_topic_subject(tmp_path: Path) -> None:
    from staj.faq.loader import load_knowledge_base

    questions = ["kantin kacta acilir", "kantin saatleri", "yemekhane kacta aciliyor"]
    questions += [f"kantin sorusu {i}" for i in range(5)]
    lines = "\n".join(f"      - {q}" for q in questions)
    (tmp_path / "a.yml").write_text(
        "entries:\n  - id: kantin\n    topic: kampus\n    title: Kantin\n"
        f"    questions:\n{lines}\n    answers:\n      - text: Fakülteye sor.\n"
        "        institution: national\n        programme: ulusal_staj_programi\n"
        '        source: {seed: 003_e5248fd725775385.txt, part: "Genel"}\n',
        encoding="utf-8",
    )
    voters = Voters(load_knowledge_base(tmp_path), [("merhaba", "greet"), ("sağ ol", "thank")])
    assert voters.votes("yemekhane kaçta açılıyor").off_topic_owners == {"kantin"}
    assert voters.votes("KYK yurdu ne zaman açılır").off_topic_owners == frozenset()
    assert voters.votes("sigorta yapılıyor mu").off_topic_owners == frozenset()


def test_the_voters_decide_a_moderate_choice() -> None:
    message = parse("x", "faq", 1.0, [("a", 0.35), ("b", 0.3)])
    assert decide(message, VOTING).outcome is Outcome.SUGGEST  # the selector alone: too close
    agree = Votes(similarity={"a": 0.8, "b": 0.3}, classifier={"a": 0.5, "b": -0.5})
    answered = decide(message, VOTING, votes=agree)
    assert answered.outcome is Outcome.ANSWER and answered.entry_id == "a"
    disagree = Votes(similarity={"a": 0.3, "b": 0.8}, classifier={"a": -0.5, "b": 0.5})
    turned = decide(message, VOTING, votes=disagree)
    assert turned.outcome is Outcome.ANSWER and turned.entry_id == "b"
    split = Votes(similarity={"a": 0.8, "b": 0.3}, classifier={"a": 0.0, "b": 0.1})
    assert decide(message, VOTING, votes=split).outcome is Outcome.SUGGEST


def test_a_classifier_that_sees_small_talk_leaves_the_entries_less() -> None:
    message = parse("x", "faq", 1.0, [("a", 0.25), ("b", 0.05)])
    votes = Votes(similarity={"a": 0.4}, classifier={"a": 0.2, "b": -1.0})
    off_topic = dataclasses.replace(votes, classifier_other={"out_of_scope": 1.5})
    on = dict(entry_scores(message, votes, VOTING))["a"]
    off = dict(entry_scores(message, off_topic, VOTING))["a"]
    assert on - off > 0.9 and decide(message, VOTING, votes=off_topic).outcome is Outcome.SUGGEST


def test_the_voters_find_the_entry_of_a_casual_question() -> None:
    from staj.faq.lexical import hand_written_examples
    from staj.faq.loader import load_knowledge_base

    voters = Voters(load_knowledge_base(), hand_written_examples())
    votes = voters.votes("SİGORTA YAPILIYO MU")
    assert max(votes.similarity, key=votes.similarity.__getitem__) == "usp-sigorta"
    assert max(votes.classifier, key=votes.classifier.__getitem__) == "usp-sigorta"
    off_topic = voters.votes("kyk yurdu ne zaman")
    assert max(off_topic.classifier_other.values()) > max(off_topic.classifier.values())
    assert voters.index.nearest("kyk yurdu ne zaman").label == "out_of_scope"


def test_the_university_a_message_names_votes_for_its_own_entries() -> None:
    from staj.faq.lexical import hand_written_examples
    from staj.faq.loader import load_knowledge_base

    voters = Voters(load_knowledge_base(), hand_written_examples())
    named = voters.votes("ktü'de staj süreci hangi aşamalardan oluşuyor").institution
    assert named["ktu-asamalar"] == 1.0 and named["ksu-staj-defteri"] == -1.0
    assert "usp-sigorta" not in named  # a national entry keeps its score
    assert voters.votes("staj süreci hangi aşamalardan oluşuyor").institution == {}
    # The university the conversation remembers only rules out the others' own entries;
    # one the message names wins over it.
    remembered = voters.votes("staj defterimi kime teslim edeceğim", "ktu")
    assert "ksu-staj-defteri" in remembered.excluded and remembered.institution == {}
    assert "ktu-staj-sonlandirma" not in remembered.excluded
    assert "usp-sigorta" not in remembered.excluded
    named = voters.votes("ksü'de staj defteri var mı", "ktu")
    assert named.institution["ksu-staj-defteri"] == 1.0 and not named.excluded


def test_naming_the_national_programme_votes_against_universities_own_rules() -> None:
    from staj.faq.lexical import hand_written_examples
    from staj.faq.loader import load_knowledge_base

    voters = Voters(load_knowledge_base(), hand_written_examples())
    national = voters.votes("ulusal staj programında staj süreci nasıl işliyor").institution
    assert national["ktu-asamalar"] == -1.0 and national["ksu-staj-defteri"] == -1.0
    assert "akis-surec-nasil-isliyor" not in national  # a national entry keeps its score
    # The university named too: its own rules are neither lifted nor lowered.
    both = voters.votes("ktü'de usp ile sigortamı kim yapıyor").institution
    assert both["ktu-asamalar"] == 0.0 and both["ksu-staj-defteri"] == -1.0
    # Named as where the student studies, it is the question's context, as a remembered one:
    # the national programme's question counts against its own rules, the others' are out.
    # ("ktü öğrencisiyim ulusal staj programı tam olarak ne" got KTÜ's four stages.)
    context = voters.votes("ktü öğrencisiyim usp'de sigortamı kim yapıyor")
    assert context.institution["ktu-asamalar"] == -1.0 and "ksu-staj-defteri" in context.excluded
    own = voters.votes("ktü öğrencisiyim staj aşamaları neler")
    assert own.institution == {} and "ktu-asamalar" not in own.excluded
    # KTÜ's BYS records national-programme internships too: naming it keeps KTÜ's entries.
    bys = voters.votes("ulusal staj programıyla yaptığım stajı bys'ye nasıl girerim").institution
    assert bys["ktu-bys-basvurusu"] == 1.0 and bys["ksu-staj-defteri"] == -1.0


def test_the_named_university_can_tip_the_choice_between_its_rule_and_the_national_one() -> None:
    message = parse("ktü'de staj aşamaları", "faq", 0.9, [("akis", 0.45), ("ktu-asamalar", 0.4)])
    votes = Votes({}, {}, institution={"ktu-asamalar": 1.0, "ksu-x": -1.0})
    weighted = dataclasses.replace(POLICY, institution_weight=0.3)
    assert entry_scores(message, votes, POLICY)[0][0] == "akis"
    ranked = dict(entry_scores(message, votes, weighted))
    assert max(ranked, key=ranked.__getitem__) == "ktu-asamalar" and ranked["ksu-x"] < 0


def test_one_word_names_a_topic_and_gets_suggestions() -> None:
    policy = dataclasses.replace(POLICY, answer_min_words=2)
    sure = [("usp-staj-teklifi-aldim", 0.9), ("usp-teklif-reddetme", 0.05)]
    topic = decide(parse("teklif", "faq", 0.99, sure), policy)
    assert topic.outcome is Outcome.SUGGEST and topic.suggestions[0] == "usp-staj-teklifi-aldim"
    question = decide(parse("teklif geldi ne yapayım", "faq", 0.99, sure), policy)
    assert question.outcome is Outcome.ANSWER


def test_the_lexical_scores_are_cosines_and_each_label_gets_its_nearest_phrasing() -> None:
    from sklearn.metrics.pairwise import linear_kernel

    from staj.faq.lexical import LexicalIndex
    from staj.faq.loader import load_knowledge_base

    index = LexicalIndex(load_knowledge_base(), [("merhaba nasılsın", "greet")])
    for text in ("stajda sigorta var mi", "merhaba", "bana bir şiir yaz", ""):
        vector = index.vectorizer.transform([text])
        expected = linear_kernel(vector, index.matrix)[0]
        assert abs(index.scores(text) - expected).max() < 1e-9
        best: dict[str, float] = {}
        for (_, label), score in zip(index.examples, expected, strict=True):
            best[label] = max(best.get(label, -1.0), float(score))
        found = index.best_per_label(vector)
        assert found.keys() == best.keys()
        assert all(abs(found[label] - best[label]) < 1e-9 for label in best)
    assert index.best_per_label(index.vectorizer.transform(["merhaba nasılsın"]))["greet"] > 0.99


QUESTIONS = dataclasses.replace(
    POLICY, question_words=("neler", "nedir", "hangi"), question_endings=("miyim",)
)


def test_a_question_is_told_from_a_statement() -> None:
    assert asks_a_question("KSÜ'de staj koşulları neler", QUESTIONS)
    assert asks_a_question("almanyada okuyorum katilabilirmiyim", QUESTIONS)
    assert asks_a_question("ktü öğrencisiyim?", QUESTIONS)
    assert not asks_a_question("KTÜ öğrencisiyim", QUESTIONS)
    assert not asks_a_question("mimarlık okuyorum", QUESTIONS)


def test_a_university_named_with_a_sure_question_answers_it() -> None:
    named = parse(
        "KSÜ'de staj koşulları neler", "choose_institution", 0.8,
        [("ksu-staj-kosullari", 0.9), ("usp-sinif-sarti", 0.05)],
    )  # fmt: skip
    assert decide(named, QUESTIONS) == Decision(Outcome.ANSWER, "ksu-staj-kosullari")


def test_a_university_named_alone_or_with_an_unsure_question_only_sets_it() -> None:
    alone = parse("KTÜ öğrencisiyim", "choose_institution", 0.9, [("ktu-asamalar", 0.9)])
    unsure = parse(
        "KTÜ'de hangi belgeler", "choose_institution", 0.9,
        [("ktu-bys-belgeler", 0.5), ("usp-isverene-belgeler", 0.4)],
    )  # fmt: skip
    assert decide(alone, QUESTIONS).outcome is Outcome.OTHER
    assert decide(unsure, QUESTIONS).outcome is Outcome.OTHER


def test_a_status_question_that_asks_a_faq_gets_its_answer() -> None:
    policy = dataclasses.replace(QUESTIONS, question_words=("ne", "nereden"),
                                 own_status_entries=("usp-basvuru-durumu",))  # fmt: skip
    bys = parse(
        "bys başvurumun aşamasını nereden görürüm", "ask_application_status", 0.8,
        [("ktu-bys-basvuru-takip", 0.9), ("usp-basvuru-durumu", 0.05)],
    )  # fmt: skip
    assert decide(bys, policy) == Decision(Outcome.ANSWER, "ktu-bys-basvuru-takip")
    # ...but the status reply answers a question about one's own status itself,
    own = parse("başvurum ne durumda", "ask_application_status", 0.9, [("usp-basvuru-durumu", 0.9)])  # fmt: skip
    assert decide(own, policy).outcome is Outcome.OTHER
    # and a statement asks no FAQ.
    told = parse("teklif geldi", "ask_application_status", 0.9, [("usp-staj-teklifi-aldim", 0.9)])  # fmt: skip
    assert decide(told, policy).outcome is Outcome.OTHER


FORMS = dataclasses.replace(
    POLICY,
    form_entries={
        "check_eligibility": ("usp-kimler-basvurabilir",),
        "ask_end_date": ("usp-kac-gun-staj",),
        "ask_deadlines": (),
    },
)


def test_a_date_question_without_its_facts_that_is_surely_another_gets_that_answer() -> None:
    dates = parse(
        "basvuru ne zamn bitiyo", "ask_end_date", 0.7,
        [("usp-basvuru-tarihleri", 0.9), ("usp-staj-donemleri", 0.05)],
    )  # fmt: skip
    assert instead_of_form(dates, FORMS, has_facts=False) == Decision(
        Outcome.ANSWER, "usp-basvuru-tarihleri"
    )
    assert decide(dates, FORMS) == Decision(Outcome.ANSWER, "usp-basvuru-tarihleri")
    # The same words with a start date compute; an entry the form answers starts the form;
    # an unsure one too.
    assert instead_of_form(dates, FORMS, has_facts=True) is None
    own = parse("stajim kac gun", "ask_end_date", 0.7, [("usp-kac-gun-staj", 0.9)])
    assert instead_of_form(own, FORMS, has_facts=False) is None
    unsure = parse("ne zaman", "ask_end_date", 0.7, [("a", 0.4), ("b", 0.35)])
    assert instead_of_form(unsure, FORMS, has_facts=False) is None
    assert decide(unsure, FORMS).outcome is Outcome.OTHER


def test_an_off_topic_message_taken_for_a_guided_conversation_is_off_topic() -> None:
    trip = parse("tatile nereye gideyim", "check_eligibility", 0.6, [], oos=0.5)
    assert instead_of_form(trip, FORMS, has_facts=False) == Decision(Outcome.OUT_OF_SCOPE)
    # The eligibility check is not replaced by the entry it answers: its questions answer.
    asks = parse("başvurabilir miyim", "check_eligibility", 0.9, [("usp-kimler-basvurabilir", 0.9)])  # fmt: skip
    assert instead_of_form(asks, FORMS, has_facts=False) is None


def test_a_question_taken_for_the_eligibility_check_that_is_surely_another_gets_that_answer() -> None:  # fmt: skip
    """ "stajda maaş alıyor muyum" sounds like "başvurabilir miyim" to the NLU, but asks about
    pay: the pay entry answers it, and the eligibility check does not start."""
    pay = parse("stajda maaş alıyor muyum", "check_eligibility", 0.97, [("usp-ucret", 0.9), ("usp-sigorta", 0.05)])  # fmt: skip
    assert instead_of_form(pay, FORMS, has_facts=False) == Decision(Outcome.ANSWER, "usp-ucret")
    assert decide(pay, FORMS) == Decision(Outcome.ANSWER, "usp-ucret")
    # With the facts the check computes from, it starts; unsure, too.
    assert instead_of_form(pay, FORMS, has_facts=True) is None
    unsure = parse("alabilir miyim", "check_eligibility", 0.9, [("usp-ucret", 0.4), ("usp-sigorta", 0.35)])  # fmt: skip
    assert instead_of_form(unsure, FORMS, has_facts=False) is None
    # Where the policy names no entries for a conversation, it always starts.
    assert instead_of_form(pay, POLICY, has_facts=False) is None
    # The assistant's own policy (data/answering.yml) names the check's entries.
    assert instead_of_form(pay, has_facts=False) == Decision(Outcome.ANSWER, "usp-ucret")
    assert instead_of_form(asks_to_apply(), has_facts=False) is None


def asks_to_apply() -> dict:
    return parse("başvurabilir miyim", "check_eligibility", 0.9, [("usp-kimler-basvurabilir", 0.9), ("usp-sinif-sarti", 0.05)])  # fmt: skip


def test_an_entry_that_names_an_off_topic_subject_is_reached_from_a_guided_conversation() -> None:
    """An office's entry on when the canteen opens, for a message the NLU took as a dates
    question: the entry answers, as it does for a FAQ question."""
    hours = parse("yemekhane ne zaman açılıyor", "ask_deadlines", 0.6, [("kantin", 0.9)])
    assert instead_of_form(hours, FORMS, has_facts=False) == Decision(Outcome.OUT_OF_SCOPE)
    owned = Votes({}, {}, off_topic_owners=frozenset({"kantin"}))
    assert instead_of_form(hours, FORMS, owned, has_facts=False) == Decision(
        Outcome.ANSWER, "kantin"
    )
    # ...and from the eligibility check, which does not answer it.
    eligibility = dict(hours, intent={"name": "check_eligibility", "confidence": 0.6})
    assert instead_of_form(eligibility, FORMS, owned, has_facts=False) == Decision(
        Outcome.ANSWER, "kantin"
    )


def test_an_introduction_is_told_from_a_question() -> None:
    assert introduces_oneself("ktu bilgisayar muhendisligi ogrencisiyim", QUESTIONS)
    assert introduces_oneself("KSÜ'de iktisat okuyorum", QUESTIONS)
    assert not introduces_oneself("ktü öğrencileri neler yapabilir", QUESTIONS)
    assert not introduces_oneself("ktü yemekhanesi", QUESTIONS)


def test_a_message_the_nlu_is_unsure_is_a_guided_conversation_gets_its_likeliest_questions() -> None:  # fmt: skip
    """ "arkadaşlarım teklif aldı ama ben hâlâ bekliyorum" sounded like the eligibility check to
    the NLU (0,57), and the answer decision is unsure between offer questions: those are
    offered. The NLU as sure as it is of the requests it was trained on, or a likeliest
    question the check answers, still starts the check."""
    unsure = dataclasses.replace(FORMS, form_min_confidence=0.8)
    offers = [("usp-teklif-gelmedi", 0.45), ("usp-birden-fazla-teklif", 0.4)]
    waiting = parse("arkadaşlarım teklif aldı ama ben hâlâ bekliyorum", "check_eligibility", 0.57, offers)  # fmt: skip
    suggested = instead_of_form(waiting, unsure, has_facts=False)
    assert suggested is not None and suggested.outcome is Outcome.SUGGEST
    assert suggested.suggestions[0] == "usp-teklif-gelmedi"
    assert decide(waiting, unsure) == suggested
    sure = parse(waiting["text"], "check_eligibility", 0.95, offers)
    assert instead_of_form(sure, unsure, has_facts=False) is None
    own = [("usp-kimler-basvurabilir", 0.45), ("usp-teklif-gelmedi", 0.4)]
    conditions = parse("acaba ben uygun muyum", "check_eligibility", 0.57, own)
    assert instead_of_form(conditions, unsure, has_facts=False) is None
