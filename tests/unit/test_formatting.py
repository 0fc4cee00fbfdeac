from bot.formatting import TELEGRAM_LIMIT, split_text, to_html


def test_html_is_escaped_and_bold_kept() -> None:
    assert to_html("**Not:** 3 < 5 & <script>") == "<b>Not:</b> 3 &lt; 5 &amp; &lt;script&gt;"


def test_long_text_is_split_at_paragraphs_within_the_limit() -> None:
    paragraph = ("Staj süresi yirmi iş günüdür. " * 40).strip()
    text = "\n\n".join([paragraph] * 12)
    chunks = split_text(text)
    assert len(chunks) > 1
    assert all(len(to_html(c)) <= TELEGRAM_LIMIT for c in chunks)
    assert " ".join(" ".join(chunks).split()) == " ".join(text.split())


def test_text_without_spaces_is_still_split() -> None:
    chunks = split_text("a" * 9000)
    assert [len(c) for c in chunks] == [3500, 3500, 2000]
