"""Rules learnt on solar-plumbing, veterinary and fleet-telematics calls (blind round 5), pinned
in a kayak outfitter's knowledge base with sentences of its own."""

from __future__ import annotations

import pytest

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.knowledge import KnowledgeBase, load_knowledge
from tests.copilot.conftest import FIXTURES, converse, customer_says, triggers


@pytest.fixture(scope="module")
def kayaks() -> KnowledgeBase:
    return load_knowledge(FIXTURES / "tidewater.yaml")


@pytest.fixture(scope="module")
def kayaks_index(kayaks: KnowledgeBase) -> KnowledgeIndex:
    return KnowledgeIndex(kayaks)


def test_a_phrase_acting_on_one_of_someone_elses_things_is_no_keyword(
    kayaks: KnowledgeBase, kayaks_index: KnowledgeIndex
) -> None:
    late = "Sorry I'm late, I had to refund a catering order at my bakery this morning."
    assert "keyword" not in triggers(converse(kayaks, kayaks_index, customer_says(late)))
    ours = "I need to refund a tour I booked for Saturday, we can't make it."
    assert "keyword" in triggers(converse(kayaks, kayaks_index, customer_says(ours)))


def test_a_need_told_as_already_put_right_is_no_upsell(
    kayaks: KnowledgeBase, kayaks_index: KnowledgeIndex
) -> None:
    solved = (
        "Last year we had no room at home to keep a kayak, but my brother built us a shed "
        "and that fixed it. I'm calling about the tour."
    )
    assert "upsell" not in triggers(converse(kayaks, kayaks_index, customer_says(solved)))
    open_need = "We have no room at home to keep a kayak, so I'm not sure where it would live."
    assert "upsell" in triggers(converse(kayaks, kayaks_index, customer_says(open_need)))


@pytest.mark.parametrize(
    "said",
    [
        "If my son gets an upset stomach on the water, do we come back in?",
        "Do we need sunscreen, hats, water or whatever?",
        "Pick whatever works best for the group.",
    ],
)
def test_a_body_complaint_or_a_lists_filler_is_no_frustration(said: str) -> None:
    assert not tx.any_match(cues.FRUSTRATION, said)
    assert not tx.any_match(cues.DISENGAGED, said)


@pytest.mark.parametrize(
    ("said", "cue"),
    [
        ("I'm really upset that nobody told us.", cues.FRUSTRATION),
        ("Whatever. Just book the evening one.", cues.DISENGAGED),
    ],
)
def test_upset_and_whatever_still_count_when_they_are_meant(said: str, cue: object) -> None:
    assert tx.any_match(cue, said)  # type: ignore[arg-type]
