"""Word error rate, with the normalisation needed to compare Whisper's output to a script."""

from __future__ import annotations

import re

from text_to_num import alpha2digit

__all__ = ["normalize_words", "wer"]

_NUMBER_COMMAS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")
_SPELLINGS = {"ok": "okay", "alright": "all right"}


def normalize_words(text: str) -> list[str]:
    """Lower-case words with punctuation removed and numbers as digits.

    "Twelve hundred dollars, OK?" and "$1,200 dollars, okay." both become
    ``["1200", "dollars", "okay"]`` (the "$" is dropped).
    """
    text = text.lower().replace("%", " percent").replace("-", " ")
    text = alpha2digit(text, "en", threshold=0)
    text = _NUMBER_COMMAS.sub("", text)
    text = _NOT_WORD.sub(" ", text)
    words: list[str] = []
    for word in text.split():
        word = word.strip("'")
        if word:
            words.extend(_SPELLINGS.get(word, word).split())
    return words


def _edit_distance(ref: list[str], hyp: list[str]) -> int:
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1]


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of ``hypothesis`` against ``reference`` (0.0 is perfect).

    Substitutions, deletions and insertions over the number of reference words, after
    :func:`normalize_words`. An empty reference gives 0.0 for an empty hypothesis, else 1.0.
    """
    ref = normalize_words(reference)
    hyp = normalize_words(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return _edit_distance(ref, hyp) / len(ref)
