from __future__ import annotations

import pytest

from callpilot.speech.wer import normalize_words, wer


def test_identical_text_has_no_errors() -> None:
    assert wer("Do you have a minute to talk?", "do you have a minute to talk") == 0.0


def test_numbers_in_words_and_digits_compare_equal() -> None:
    assert wer("It costs twelve hundred dollars, OK?", "It costs $1,200 dollars, okay.") == 0.0


def test_one_substitution_in_four_words_is_a_quarter() -> None:
    assert wer("the cat sat down", "the hat sat down") == pytest.approx(0.25)


def test_insertions_and_deletions_count() -> None:
    assert wer("one two three", "one three") == pytest.approx(1 / 3)
    assert wer("a b", "a b c d") == pytest.approx(1.0)


def test_empty_reference() -> None:
    assert wer("", "") == 0.0
    assert wer("", "hello") == 1.0


def test_normalisation_drops_punctuation_and_case() -> None:
    assert normalize_words("Hi, I'm JOE - from 20% off!") == [
        "hi",
        "i'm",
        "joe",
        "from",
        "20",
        "percent",
        "off",
    ]
