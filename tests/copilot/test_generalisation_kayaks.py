"""Rules learnt on pest control, wedding venue and restaurant point-of-sale calls, pinned in a
kayak outfitter's knowledge base with sentences of its own."""

from __future__ import annotations

import pytest

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.knowledge import KnowledgeBase, load_knowledge
from callpilot.knowledge.facts import extract_mentions
from tests.copilot.conftest import FIXTURES, Turn, converse, triggers


@pytest.fixture(scope="module")
def kayaks() -> KnowledgeBase:
    return load_knowledge(FIXTURES / "tidewater.yaml")


@pytest.fixture(scope="module")
def kayaks_index(kayaks: KnowledgeBase) -> KnowledgeIndex:
    return KnowledgeIndex(kayaks)


PADDLER: list[Turn] = [
    (0.0, 3.0, "customer", "Hi, I'm thinking about a kayak of my own, or maybe a tour first."),
]


def test_an_amount_a_head_is_a_price_per_person(
    kayaks: KnowledgeBase, kayaks_index: KnowledgeIndex
) -> None:
    said = extract_mentions("we charge forty a head for that")[0].value
    assert (said.dimension, said.per) == ("money", "person")
    for wrong in ("forty a head, gear included", "under forty bucks a head"):
        turns = [*PADDLER, (3.5, 9.0, "rep", f"The sunset tour is {wrong}.")]
        assert triggers(converse(kayaks, kayaks_index, turns)) == ["fact_correction"]
    right = [*PADDLER, (3.5, 9.0, "rep", "The sunset tour is fifty-five a head, gear included.")]
    assert converse(kayaks, kayaks_index, right) == []


def _hull(said: str) -> list[Turn]:
    return [
        *PADDLER,
        (3.5, 8.0, "rep", "The Explorer touring kayak is twelve hundred."),
        (8.5, 10.0, "customer", "And if the hull cracks?"),
        (10.5, 15.0, "rep", f"It's covered for {said}, so any crack in that time, we replace it."),
    ]


def test_covered_for_a_time_states_the_warranty(
    kayaks: KnowledgeBase, kayaks_index: KnowledgeIndex
) -> None:
    out = converse(kayaks, kayaks_index, _hull("eighteen months"))
    assert triggers(out) == ["fact_correction"] and "3 years" in out[0].text
    assert converse(kayaks, kayaks_index, _hull("thirty-six months")) == []


def test_a_pronoun_refers_back_to_the_offering_named_earlier_in_the_sentence(
    kayaks: KnowledgeBase, kayaks_index: KnowledgeIndex
) -> None:
    # "it" is the rack storage, not the special orders the knowledge base also times
    right = "Rack storage is forty a month, and we can have it ready in about three days."
    assert converse(kayaks, kayaks_index, [*PADDLER, (3.5, 10.0, "rep", right)]) == []
    wrong = "Rack storage is forty a month, and we can have it ready in about five days."
    out = converse(kayaks, kayaks_index, [*PADDLER, (3.5, 10.0, "rep", wrong)])
    assert triggers(out) == ["fact_correction"] and "Rack Storage" in out[0].text


@pytest.mark.parametrize(
    ("said", "pause"),
    [
        ("Let me check the tide chart. Yep, the evening tour still has four spots.", False),
        ("One sec, let me look. Okay so the Explorer is in stock in red.", False),
        ("Let me check the tide chart.", True),
        ("Give me a minute, yeah, I think it's in the back somewhere.", True),
    ],
)
def test_a_pause_the_speaker_came_back_from_in_the_same_turn_is_over(
    said: str, pause: bool
) -> None:
    assert cues.announces_pause(said) is pause


def test_silence_after_a_pause_already_over_is_a_dead_end(
    kayaks: KnowledgeBase, kayaks_index: KnowledgeIndex
) -> None:
    back = [
        *PADDLER,
        (3.5, 6.0, "customer", "We would love to get out on the water this week."),
        (6.5, 11.0, "rep", "Let me check the tide chart. Yep, the evening tour still has room."),
        (11.5, 13.0, "customer", "Oh, great. Okay."),
    ]
    assert triggers(converse(kayaks, kayaks_index, back, end=30.0)) == ["dead_end"]
    away = [
        *back[:3],
        (6.5, 8.0, "rep", "Let me check the tide chart."),
        (8.5, 9.0, "customer", "Sure."),
    ]
    assert "dead_end" not in triggers(converse(kayaks, kayaks_index, away, end=30.0))


@pytest.mark.parametrize(
    "said",
    [
        "We've been paying you since spring and it still leaks at the seam.",
        "Nobody warned us the launch fee was extra.",
        "Every guide tells me something different about the tides.",
        "Honestly, this is a total nightmare.",
    ],
)
def test_paying_and_still_stuck_or_left_in_the_dark_is_frustration(said: str) -> None:
    assert tx.count_matches(cues.FRUSTRATION, said) >= 1


@pytest.mark.parametrize(
    "said",
    [
        "We paid the deposit and we still need to pick an evening.",
        "I'd pay a bit more, but I still want the shorter tour.",
        "Portaging that far would be a nightmare, so the bay is perfect.",
    ],
)
def test_paying_and_still_deciding_is_no_frustration(said: str) -> None:
    assert not tx.any_match(cues.FRUSTRATION, said)
