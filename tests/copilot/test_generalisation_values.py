"""Rules about values learnt on landscaping, used-boat and corporate-events calls, pinned in a
bicycle shop's knowledge base with sentences of its own."""

from __future__ import annotations

import pytest

from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.knowledge import KnowledgeBase, load_knowledge
from callpilot.knowledge.facts import extract_mentions
from tests.copilot.conftest import FIXTURES, Turn, converse, triggers


@pytest.fixture(scope="module")
def shop() -> KnowledgeBase:
    return load_knowledge(FIXTURES / "spokechain.yaml")


@pytest.fixture(scope="module")
def shop_index(shop: KnowledgeBase) -> KnowledgeIndex:
    return KnowledgeIndex(shop)


RIDER: list[Turn] = [
    (0.0, 3.0, "customer", "Hi, I just bought a road bike and want to get into it.")
]


@pytest.mark.parametrize(
    ("said", "numbers", "per"),
    [
        ("it's fifty-five a foot", (55.0,), "foot"),
        ("thirty-five a visit", (35.0,), "visit"),
        ("a half dozen rides", (6.0,), None),
        ("half a dozen rides", (6.0,), None),
        ("a hundred-and-fifty-point check", (150.0,), None),
    ],
)
def test_spoken_amounts_are_read_whole(
    said: str, numbers: tuple[float, ...], per: str | None
) -> None:
    value = extract_mentions(said)[0].value
    assert (value.numbers, value.per) == (numbers, per)


def test_a_full_year_is_one_year_and_a_day_rate_of_a_count_stays_a_count() -> None:
    year = extract_mentions("the battery gets a full year of coverage")[0].value
    assert (year.dimension, year.numbers) == ("duration", (365.0,))
    rides = extract_mentions("we do twelve a day in summer")[0].value
    assert (rides.dimension, rides.per) == ("count", "day")


def _plan(said: str) -> list[Turn]:
    return [
        *RIDER,
        (3.5, 7.0, "rep", "I'd put you on the tune-up plan, four tune-ups a year."),
        (7.5, 9.0, "customer", "What does that cost me?"),
        (9.5, 12.0, "rep", f"It's {said}, and you only pay when you come in."),
    ]


def test_a_rate_per_visit_is_the_topics_price_per_visit(
    shop: KnowledgeBase, shop_index: KnowledgeIndex
) -> None:
    out = converse(shop, shop_index, _plan("forty-five a visit"))
    assert triggers(out) == ["fact_correction"] and "$35" in out[0].text
    assert converse(shop, shop_index, _plan("thirty-five a visit")) == []


def test_a_full_year_is_checked_against_the_warranty(
    shop: KnowledgeBase, shop_index: KnowledgeIndex
) -> None:
    said = "The commuter e-bike's battery warranty gives you a full year, parts and labour."
    out = converse(shop, shop_index, [*RIDER, (3.5, 8.0, "rep", said)])
    assert triggers(out) == ["fact_correction"] and "18 months" in out[0].text


def test_one_price_for_everything_is_no_count_claim(
    shop: KnowledgeBase, shop_index: KnowledgeIndex
) -> None:
    said = "The tune-up plan covers brakes, gears and the chain together, one price."
    assert converse(shop, shop_index, [*RIDER, (3.5, 8.0, "rep", said)]) == []


def test_what_a_value_is_compared_with_does_not_own_it(
    shop: KnowledgeBase, shop_index: KnowledgeIndex
) -> None:
    said = (
        "Then I'd go with the group ride. We leave from the shop, it's twenty-five a person, "
        "and it's the same length as the skills clinic."
    )
    assert converse(shop, shop_index, [*RIDER, (3.5, 11.0, "rep", said)]) == []


def test_an_amount_worked_out_from_a_share_is_no_price_claim(
    shop: KnowledgeBase, shop_index: KnowledgeIndex
) -> None:
    said = "For the group ride you pay half up front, so about twelve fifty per person today."
    assert converse(shop, shop_index, [*RIDER, (3.5, 9.0, "rep", said)]) == []
    wrong = "The group ride is thirty-five per person, coffee included."
    assert triggers(converse(shop, shop_index, [*RIDER, (3.5, 9.0, "rep", wrong)])) == [
        "fact_correction"
    ]
