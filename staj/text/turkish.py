"""Turkish-aware case folding and accent folding.

Python's ``str.lower()`` maps "I" to "i" and "İ" to "i̇" (two code points), both wrong for
Turkish. Students also often type without Turkish letters ("sigorta yapiliyo mu"), so the
NLU compares text with the Turkish letters folded to their ASCII look-alikes.

Every mapping here is one character to one character, so offsets into the original text
stay valid after folding (Rasa's tokens keep their start and end positions).
"""

from __future__ import annotations

import re

_UPPER_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_LOWER_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})

# Letters that students drop or that decoders mangle, folded to plain ASCII.
_ACCENT_FOLD = str.maketrans(
    {
        "ç": "c",
        "ğ": "g",
        "ı": "i",
        "ö": "o",
        "ş": "s",
        "ü": "u",
        "â": "a",
        "î": "i",
        "û": "u",
        "ê": "e",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
    }
)


def tr_lower(text: str) -> str:
    """Lower-case with Turkish rules (I→ı, İ→i), one character for one."""
    lowered = text.translate(_UPPER_TO_LOWER).lower()
    # str.lower() turns a few letters into two code points; keep the length stable.
    if len(lowered) != len(text):
        lowered = "".join(ch.lower()[:1] if len(ch.lower()) == 1 else ch for ch in text)
        lowered = lowered.translate(_UPPER_TO_LOWER)
    return lowered


def tr_upper(text: str) -> str:
    """Upper-case with Turkish rules (i→İ, ı→I)."""
    return text.translate(_LOWER_TO_UPPER).upper()


def fold_turkish(text: str) -> str:
    """Lower-case with Turkish rules, then fold Turkish letters to ASCII (same length)."""
    return tr_lower(text).translate(_ACCENT_FOLD)


# Greetings, forms of address and apologies a student puts before the question ("hocam
# merhaba, ...", "iyi günler kolay gelsin, ...", "kusura bakmayın rahatsız ediyorum, ..."), in
# folded form. They say nothing about which question it is, and no training phrasing has
# them, so they only blur the match.
_OPENING = re.compile(
    r"(?:[\W_]*\b(?:merhaba(?:lar)?|mrb|mrhb|selam(?:lar)?|slm|sa|selamun ?aleykum"
    r"|hocam+|hocalarim|iyi gunler|gunaydin|iyi aksamlar|iyi calismalar|kolay gelsin"
    r"|hayirli gunler|sayin yetkili|abi|abla|hey|kusura bakmayin(?:iz)?|rahatsiz ediyorum"
    r"|rahatsiz ettim|ozur dilerim)\b)+[\W_]*"
)
# Thanks and requests for help a student puts after the question ("..., yardımcı olur
# musunuz? şimdiden teşekkürler"), in folded form. No training phrasing has them either, and
# their "olur mu" and "misiniz" made long messages look like other yes-no questions.
_CLOSING_WORD = (
    r"(?:yardimci (?:olur(?:sunuz|san)?|olabilir)(?: ?mi(?:siniz|sin)| ?mu(?:sunuz|sun))?"
    r"|yardim (?:eder|edebilir) ?mi(?:siniz|sin)|simdiden|tesekkur(?:ler| ederim)?|cok tesekkurler"
    r"|sag ?olun|sagolun|sag ?ol|iyi calismalar|kolay gelsin|lutfen|rica ediyorum|rica ederim"
    r"|hocam+|abi|abla)"
)
# Starts at a word, so searching a long run of punctuation or emoji stays linear.
_CLOSING = re.compile(rf"\b{_CLOSING_WORD}\b(?:[\W_]+{_CLOSING_WORD}\b)*[\W_]*$")
# A shorter rest is small talk around the greeting ("selam nasılsın"): it stays a greeting.
_MIN_WORDS_AFTER_OPENING = 3


def question_start(folded: str) -> int:
    """Where the message begins after leading greetings (0 if there are none or if what
    follows them is too short to be a question). ``folded`` is fold_turkish's output."""
    opening = _OPENING.match(folded)
    if opening is None or len(folded[opening.end() :].split()) < _MIN_WORDS_AFTER_OPENING:
        return 0
    return opening.end()


def question_span(folded: str) -> tuple[int, int]:
    """Where the question begins and ends between leading greetings and trailing thanks or
    requests for help (the whole message if what is left would be too short to be a
    question). ``folded`` is fold_turkish's output."""
    start = question_start(folded)
    closing = _CLOSING.search(folded, start)
    if closing is None or len(folded[start : closing.start()].split()) < _MIN_WORDS_AFTER_OPENING:
        return start, len(folded)
    end = closing.start()
    while end > start and not folded[end - 1].isalnum():  # the "? " or ", " before it
        end -= 1
    return start, end


def without_opening(text: str) -> str:
    """The message without leading greetings ("merhaba, sigorta var mı" → "sigorta var mı")."""
    return text[question_start(fold_turkish(text)) :]


def question_text(text: str) -> str:
    """The message without leading greetings and trailing thanks ("merhaba, sigorta var mı?
    teşekkürler" → "sigorta var mı")."""
    start, end = question_span(fold_turkish(text))
    return text[start:end]
