from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callpilot.knowledge import Mention, extract_mentions, format_value, parse_value

YEAR = 365.0


def shown(sentence: str, **kwargs: object) -> list[tuple[str, str | None, str]]:
    """(span text, dimension, formatted value) for each mention."""
    out = []
    for m in extract_mentions(sentence, **kwargs):  # type: ignore[arg-type]
        assert sentence[m.start : m.end] == m.text
        out.append((m.text, m.value.dimension, format_value(m.value)))
    return out


def test_a_rep_sentence_gives_a_duration_and_a_percent_with_their_spans() -> None:
    sentence = "Parts are covered for two years, and you get fifteen percent off any repair."

    mentions = extract_mentions(sentence)

    assert [m.text for m in mentions] == ["two years", "fifteen percent"]
    first, second = mentions
    assert isinstance(first, Mention)
    assert (first.start, first.end) == (22, 31)
    assert first.value.numbers == (2 * YEAR,)
    assert (second.value.dimension, second.value.numbers) == ("percent", (15.0,))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It's fourteen ninety-nine.", [("fourteen ninety-nine", "money", "$1,499")]),
        ("It's three forty-nine installed.", [("three forty-nine", "money", "$349")]),
        ("two ninety-nine a month", [("two ninety-nine a month", "money", "$299 per month")]),
        (
            "The system starts at seventy-eight hundred installed.",
            [("seventy-eight hundred", "money", "$7,800")],
        ),
        ("Thirty-four hundred installed.", [("Thirty-four hundred", "money", "$3,400")]),
        ("That's about two grand.", [("two grand", "money", "$2,000")]),
        ("just under fifteen hundred bucks", [("fifteen hundred bucks", "money", "$1,500")]),
        ("The plan is nineteen a month.", [("nineteen a month", "money", "$19 per month")]),
        ("It's $1,499 or 1.5k with the battery.", [("$1,499", "money", "$1,499")]),
        (
            "it costs one thousand four hundred ninety nine",
            [("one thousand four hundred ninety nine", "money", "$1,499")],
        ),
    ],
)
def test_spoken_prices_are_read_from_money_talk(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    assert shown(sentence)[: len(expected)] == expected


def test_a_bare_number_without_money_talk_is_a_count_unless_told_otherwise() -> None:
    assert shown("back in nineteen ninety-nine") == [("nineteen ninety-nine", "count", "1,999")]
    assert shown("back in nineteen ninety-nine", money_context=True) == [
        ("nineteen ninety-nine", "money", "$1,999")
    ]
    assert shown("Four eighteen Alder Street") == [("Four eighteen Alder", "count", "418 alders")]
    # A spoken pair that is not a year is a price even without money words.
    assert shown("you're at fifty-five forty-nine") == [
        ("fifty-five forty-nine", "money", "$5,549")
    ]
    assert shown("We charge forty", default_currency="EUR") == [("forty", "money", "\u20ac40")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("You get two tune-ups a year.", [("two tune-ups a year", "count", "2 tune-ups per year")]),
        ("It's a one-day install.", [("one-day", "duration", "1 day")]),
        ("the whole three-year membership", [("three-year", "duration", "3 years")]),
        ("Thirty-six months, same as before.", [("Thirty-six months", "duration", "36 months")]),
        ("we go about thirty five miles out", [("thirty five miles", "distance", "35 miles")]),
        (
            "zero percent interest for twenty-four months",
            [
                ("zero percent", "percent", "0%"),
                ("twenty-four months", "duration", "24 months"),
            ],
        ),
        (
            "Loans of 10, 15 or 20 years.",
            [("10, 15 or 20 years", "duration", "10, 15 or 20 years")],
        ),
        ("It's covered for a year.", [("a year", "duration", "1 year")]),
        ("It takes an hour and a half", [("an hour and a half", "duration", "1.5 hours")]),
        ("a 6.4 kW system", [("6.4 kW", "power", "6.4 kW")]),
        (
            "We offer 12-month and 24-month financing.",
            [
                ("12-month", "duration", "12 months"),
                ("24-month", "duration", "24 months"),
            ],
        ),
    ],
)
def test_quantities_in_free_speech(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert shown(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "span", "minutes"),
    [
        ("I have Thursday morning between eight and ten.", "eight and ten", (480.0, 600.0)),
        ("First slot is seven to nine a.m.", "seven to nine a.m.", (420.0, 540.0)),
        (
            "Let's do Monday, eight to ten in the morning.",
            "eight to ten in the morning",
            (480.0, 600.0),
        ),
        ("I have Friday between ten and noon.", "ten and noon", (600.0, 720.0)),
        ("The tech arrives at 9 a.m.", "9 a.m.", (540.0,)),
        ("Call me after 5pm", "5pm", (1020.0,)),
        ("How about 9:30 tomorrow?", "9:30", (570.0,)),
        ("Can you do it at three?", "three", (180.0,)),
    ],
)
def test_times_of_day_are_recognised_as_times_not_durations(
    sentence: str, span: str, minutes: tuple[float, ...]
) -> None:
    mentions = extract_mentions(sentence)

    assert [m.text for m in mentions] == [span]
    assert mentions[0].value.dimension == "time_of_day"
    assert mentions[0].value.numbers == minutes


@pytest.mark.parametrize(
    "sentence",
    [
        "We do emergency calls twenty-four seven, holidays too.",
        "We're open 24/7.",
        "Support is 24-7 and 24 / 7.",
        "We're open 24 hours a day, 7 days a week.",
        "Hang on one sec.",
        "Give me one second to pull that up.",
        "Hold on a minute.",
        "You'll get a text in a couple of minutes.",
        "A couple a year, maybe a few more.",
        "I'm not a hundred percent sure where our guys go.",
        "One in the spring and one in the fall.",
        "Which one do you want? The one with the app?",
        "That's one of our best plans.",
        "The better one runs slower and steadier.",
        "I'm one away from the office.",
    ],
)
def test_phrases_that_are_not_number_claims_give_no_mentions(sentence: str) -> None:
    assert extract_mentions(sentence) == []


def test_availability_is_skipped_but_the_rest_of_the_sentence_is_read() -> None:
    sentence = "We do emergency calls twenty-four seven, and a tech is there within four hours."

    assert shown(sentence) == [("four hours", "duration", "4 hours")]


def test_one_with_a_noun_is_a_count() -> None:
    assert shown("You get one tune-up a year.") == [
        ("one tune-up a year", "count", "1 tune-up per year")
    ]


_WORDS = st.sampled_from(
    "a an one two twelve twenty fourteen ninety - nine hundred thousand and half point "
    "years months a.m. pm o'clock $ € % per cent dollars bucks grand k 24/7 9:30 12:99 "
    "1,499 1.5 0 , . or to between at it's costs tune-ups couple sec the of".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=14).map(" ".join) | st.text(max_size=40))
def test_any_text_scans_without_error_and_spans_point_into_it(text: str) -> None:
    for m in extract_mentions(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.value.numbers
    parse_value(text)
