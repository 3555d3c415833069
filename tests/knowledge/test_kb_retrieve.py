from __future__ import annotations

from pathlib import Path

import pytest

from callpilot.knowledge import (
    KINDS,
    Hit,
    KnowledgeBase,
    Retriever,
    format_value,
    get_encoder,
    load_knowledge,
)
from callpilot.knowledge.names import content_words

SOLAR = Path(__file__).parent / "fixtures" / "sunbright-solar.yaml"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(SOLAR)


@pytest.fixture(scope="module")
def retriever(kb: KnowledgeBase) -> Retriever:
    return Retriever(kb, get_encoder())


def shares_no_words(a: str, b: str) -> bool:
    return not set(content_words(a)) & set(content_words(b))


@pytest.mark.parametrize(
    ("query", "kind", "entry_id"),
    [
        ("Does the IRS refund some of it?", "answer", "tax-credit"),
        ("Spreading payments out, is that possible?", "answer", "financing"),
        ("Blackouts happen here every winter", "upsell", "battery"),
        ("Our electric company keeps raising its rates", "upsell", "home-solar"),
        ("I'm worried the installers will put holes in the roof", "keyword", "roof-damage"),
    ],
)
def test_a_paraphrase_finds_the_entry_it_means(
    retriever: Retriever, kb: KnowledgeBase, query: str, kind: str, entry_id: str
) -> None:
    hits = retriever.search(query, k=3)

    assert (hits[0].kind, hits[0].entry_id) == (kind, entry_id)
    assert hits[0].score > hits[1].score + 0.1
    assert isinstance(hits[0], Hit) and hits[0].entry.id == entry_id
    if kind == "answer":  # the paraphrase shares no content word with any indexed question
        assert all(shares_no_words(query, q) for q in kb.answer(entry_id).questions)


def test_an_unrelated_sentence_scores_low(retriever: Retriever) -> None:
    hits = retriever.search("My cat knocked over a vase yesterday", k=5)

    assert hits and all(h.score < 0.3 for h in hits)


def test_search_filters_by_kind_and_gives_one_hit_per_entry(retriever: Retriever) -> None:
    hits = retriever.search("solar panels on my roof", kinds={"offering"}, k=10)

    assert {h.kind for h in hits} == {"offering"}
    assert len({h.entry_id for h in hits}) == len(hits) == 3
    assert hits[0].entry_id == "home-solar"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert retriever.search("anything", k=0) == []
    assert retriever.search("   ") == []
    with pytest.raises(ValueError, match="unknown kinds"):
        retriever.search("x", kinds={"offerings"})
    assert set(KINDS) == {"offering", "upsell", "answer", "keyword", "competitor"}


def test_similarity_ranks_related_sentences_higher(retriever: Retriever) -> None:
    close = retriever.similarity("how long are the panels covered", "panel warranty")
    far = retriever.similarity("how long are the panels covered", "cancel my order")

    assert close > far + 0.2


@pytest.mark.parametrize(
    ("sentence", "ids"),
    [
        ("Our Home Solar System is the best seller", ["home-solar"]),
        ("the solar panels and a battery backup", ["home-solar", "battery"]),
        ("Both batteries come with it", ["battery"]),
        ("The Care Plan's price is low", ["care-plan"]),
        ("you'd add the solarcare plan", ["care-plan"]),
        ("ask about the SolarKare plan", ["care-plan"]),  # misheard
        ("a POWERWALL on the wall", ["battery"]),
        ("rooftop-solar is what you want", ["home-solar"]),
        ("I want to plan my care", []),
        ("the batteryless model", []),
    ],
)
def test_find_offerings_by_name_or_alias(
    retriever: Retriever, sentence: str, ids: list[str]
) -> None:
    assert [o.id for o in retriever.find_offerings(sentence)] == ids


@pytest.mark.parametrize(
    ("sentence", "ids"),
    [
        ("RayPower quoted me less", ["raypower"]),
        ("ray power and greenvolt both called", ["raypower", "green-volt-energy"]),
        ("Green Volt Energy said twelve years", ["green-volt-energy"]),
        ("the sun's rays give power", []),
    ],
)
def test_find_competitors_by_name_or_alias(
    retriever: Retriever, sentence: str, ids: list[str]
) -> None:
    assert [c.id for c in retriever.find_competitors(sentence)] == ids


def test_find_attribute_by_name_alias_and_meaning(retriever: Retriever, kb: KnowledgeBase) -> None:
    solar = kb.offering("home-solar")

    by_alias = retriever.find_attribute("the panels are covered for twenty years", solar)
    by_words = retriever.find_attribute("our labor warranty is five years", solar)
    by_meaning = retriever.find_attribute("how long until the crew is done on the roof", solar)

    assert by_alias[0][0].attribute == "panel warranty" and by_alias[0][1] == 1.0
    assert by_words[0][0].attribute == "workmanship warranty"
    assert by_meaning[0][0].attribute == "install time"
    assert all(score >= 0.3 for _, score in by_meaning)
    assert retriever.find_attribute("hello", kb.answer("tax-credit"), min_score=0.9) == []


def test_match_claims_pairs_each_value_with_its_fact_and_checks_it(
    retriever: Retriever, kb: KnowledgeBase
) -> None:
    solar = kb.offering("home-solar")
    sentence = "The panels are covered for twenty years, and it's installed in two days."

    claims = retriever.match_claims(sentence, solar)

    assert [(c.mention.text, c.fact.attribute, c.agrees) for c in claims] == [
        ("twenty years", "panel warranty", False),
        ("two days", "install time", True),
    ]
    assert claims[0].score >= 0.9
    assert format_value(claims[0].fact.value) == "25 years"


def test_match_claims_reads_prices_and_skips_times(retriever: Retriever, kb: KnowledgeBase) -> None:
    care = kb.offering("care-plan")

    claims = retriever.match_claims(
        "It's fourteen ninety-nine a month, two washes a year, and we come between eight and ten.",
        care,
    )

    assert [(c.fact.attribute, c.agrees) for c in claims] == [
        ("price", True),
        ("cleanings per year", True),
    ]


def test_match_claims_on_an_answer_uses_its_facts(retriever: Retriever, kb: KnowledgeBase) -> None:
    claims = retriever.match_claims("We have loans of five or ten years.", kb.answer("financing"))

    assert [(c.fact.attribute, c.agrees) for c in claims] == [("loan terms", None)]
    single = retriever.match_claims("The loan term is 30 years.", kb.answer("financing"))
    assert [(c.fact.attribute, c.agrees) for c in single] == [("loan terms", False)]
