import pytest

from bot.input_guard import MAX_CHARS, check_message, clean


def test_clean_removes_control_characters_and_collapses_spaces() -> None:
    assert clean("staj\x00  ücreti\x1b\n\n ne kadar\u200b") == "staj ücreti ne kadar"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (None, "empty"),
        ("", "empty"),
        ("  \t ", "empty"),
        ("👍🏽🎉", "emoji_only"),
        ("...", "no_words"),
        ("x" * (MAX_CHARS + 1), "too_long"),
        ('/faq{"faq_id": "x"}', "unknown_command"),
    ],
)
def test_messages_that_must_not_reach_rasa(raw: str | None, key: str) -> None:
    verdict = check_message(raw)
    assert verdict.text is None and verdict.reply_key == key


def test_a_normal_question_passes_cleaned() -> None:
    assert check_message("  sigorta yapiliyo mu  ").text == "sigorta yapiliyo mu"
