"""A long, ordinary, number-heavy call must not set anything off; misquotes in it still do."""

from __future__ import annotations

import pytest

from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.knowledge import KnowledgeBase, load_knowledge
from tests.copilot.conftest import FIXTURES, Turn, converse, triggers

ORDINARY_CALL: list[Turn] = [
    (0.0, 4.0, "rep", "Hi, this is Carla with MoveRight, you were asking about a local move?"),
    (
        4.5,
        11.0,
        "customer",
        "Yes, we're going from 412 Maple Court to an apartment on 9th Street, "
        "about six miles. Two bedrooms, third floor, there's an elevator.",
    ),
    (
        11.5,
        18.0,
        "rep",
        "Perfect. For a two-bedroom you'd get our three guys and a truck, a hundred "
        "forty-nine an hour, and there's a three-hour minimum.",
    ),
    (18.5, 21.0, "customer", "Okay. How long do you think it'll take?"),
    (
        21.5,
        27.0,
        "rep",
        "Usually four to five hours for two bedrooms, so roughly seven hundred dollars all in.",
    ),
    (27.5, 31.0, "customer", "Got it. We close on the 14th, so the 15th would be ideal."),
    (
        31.5,
        37.0,
        "rep",
        "The 15th is a Saturday, I have an 8 am start. Can I get a good number for the crew lead?",
    ),
    (37.5, 41.0, "customer", "Sure, it's 303 555 0142."),
    (41.5, 47.0, "rep", "Great. If anything breaks, basic coverage is sixty cents a pound, free."),
    (47.5, 50.0, "customer", "Okay, that works. Let's book it."),
    (50.5, 55.0, "rep", "You're booked for Saturday the 15th at 8. I'll email the confirmation."),
    (55.5, 56.5, "customer", "Thanks so much."),
]


@pytest.fixture(scope="module")
def moving_kb() -> KnowledgeBase:
    return load_knowledge(FIXTURES / "moveright.yaml")


@pytest.fixture(scope="module")
def moving_index(moving_kb: KnowledgeBase) -> KnowledgeIndex:
    return KnowledgeIndex(moving_kb)


@pytest.mark.parametrize("sensitivity", ["conservative", "balanced"])
def test_an_ordinary_call_full_of_numbers_sets_nothing_off(
    moving_kb: KnowledgeBase, moving_index: KnowledgeIndex, sensitivity: str
) -> None:
    ivs = converse(
        moving_kb,
        moving_index,
        ORDINARY_CALL,
        sensitivity=sensitivity,
        context={"lead": {"interest": "local move"}},
    )
    assert ivs == []


def test_the_same_call_with_a_wrong_rate_and_crew_is_corrected(
    moving_kb: KnowledgeBase, moving_index: KnowledgeIndex
) -> None:
    wrong = list(ORDINARY_CALL)
    wrong[2] = (
        11.5,
        18.0,
        "rep",
        "Perfect. For a two-bedroom you'd get our two guys and a "
        "truck, a hundred twenty-nine an hour, and there's a three-hour minimum.",
    )
    ivs = converse(moving_kb, moving_index, wrong, context={"lead": {"interest": "local move"}})
    assert triggers(ivs) == ["fact_correction", "fact_correction"]
    text = " ".join(iv.text for iv in ivs)
    assert "$149" in text and "3" in text


def test_a_customer_with_no_time_to_pack_hears_about_packing(
    moving_kb: KnowledgeBase, moving_index: KnowledgeIndex
) -> None:
    turns = [
        *ORDINARY_CALL[:3],
        (
            18.5,
            25.0,
            "customer",
            "Okay. Honestly we both work full time and have two little "
            "kids, so there's no time to pack anything.",
        ),
    ]
    ivs = converse(moving_kb, moving_index, turns, context={"lead": {"interest": "local move"}})
    assert triggers(ivs) == ["upsell"]
    assert "Packing" in ivs[0].text
