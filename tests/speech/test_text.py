from __future__ import annotations

from callpilot.speech.text import split_for_speech


def test_sentences_become_pieces() -> None:
    assert split_for_speech("Hello there. How are you? Great!") == [
        "Hello there.",
        "How are you?",
        "Great!",
    ]


def test_a_long_first_sentence_is_cut_at_a_clause_for_early_audio() -> None:
    pieces = split_for_speech(
        "Hi, this is Joe from the solar company, calling about your quote for the roof. Bye."
    )
    assert pieces[0] == "Hi, this is Joe from the solar company,"
    assert pieces[1:] == ["calling about your quote for the roof.", "Bye."]


def test_later_sentences_stay_whole_unless_very_long() -> None:
    text = "Yes. I looked at it, and the price was fine, but the timing is not right for us now."
    assert split_for_speech(text) == ["Yes.", text.removeprefix("Yes. ")]


def test_numbers_and_abbreviations_are_not_split() -> None:
    pieces = split_for_speech("Dr. Smith paid 1,200 dollars, more or less, for it. OK.")
    assert pieces == ["Dr. Smith paid 1,200 dollars, more or less,", "for it.", "OK."]


def test_whitespace_is_normalised_and_empty_text_gives_nothing() -> None:
    assert split_for_speech("  one\n two.   three ") == ["one two.", "three"]
    assert split_for_speech("   ") == []


def test_pieces_join_back_into_the_text() -> None:
    text = "Well, we can do that; it would take a week — maybe two. Call me tomorrow, please."
    assert " ".join(split_for_speech(text)) == text
