"""Rules learnt on blind rounds 6 to 9 (hearing aids, office cleaning, driving school; roofing,
home care, fitness; photography, managed IT, self-storage; windows, catering, kitchens),
pinned in a pool service company's knowledge base with sentences of its own."""

from __future__ import annotations

import pytest

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.conversation import Conversation
from callpilot.copilot.conversation import Turn as ConvTurn
from callpilot.copilot.detectors import _asked as ctx
from callpilot.copilot.detectors import _attribution as who
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import LegRole
from callpilot.knowledge import KnowledgeBase, load_knowledge
from callpilot.knowledge.facts import extract_mentions
from tests.copilot.conftest import FIXTURES, Turn, converse, customer_says, triggers


@pytest.fixture(scope="module")
def pools() -> KnowledgeBase:
    return load_knowledge(FIXTURES / "bluewave.yaml")


@pytest.fixture(scope="module")
def pools_index(pools: KnowledgeBase) -> KnowledgeIndex:
    return KnowledgeIndex(pools)


OWNER: list[Turn] = [(0.0, 3.0, "customer", "Hi, I just bought a house with a pool.")]


def _rep(said: str, before: list[Turn] | None = None) -> list[Turn]:
    return [*(before or OWNER), (3.5, 9.0, "rep", said)]


# --- values --------------------------------------------------------------------------------


def test_a_bare_number_takes_the_unit_its_attribute_names(pools: KnowledgeBase) -> None:
    hours = next(o for o in pools.offerings if o.id == "green-to-clean").facts["treatment hours"]
    assert (hours.value.dimension, hours.value.numbers) == ("duration", (0.25,))


@pytest.mark.parametrize(
    ("said", "per"),
    [
        ("twelve dollars a square foot", "square foot"),
        ("two hours of swimming a day", "day"),
    ],
)
def test_a_rate_per_area_or_per_period_after_what_is_measured(said: str, per: str) -> None:
    assert extract_mentions(said)[0].value.per == per


def test_a_duration_is_checked_against_an_attribute_named_in_hours(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    wrong = "The treatment on green to clean takes about three hours."
    out = converse(pools, pools_index, _rep(wrong))
    assert triggers(out) == ["fact_correction"] and "6 hours" in out[0].text
    right = "The treatment on green to clean takes about six hours."
    assert converse(pools, pools_index, _rep(right)) == []


def test_a_yearly_figure_is_weighed_against_a_monthly_starting_price(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    low = "The weekly plan comes to about twelve hundred a year."
    assert triggers(converse(pools, pools_index, _rep(low))) == ["fact_correction"]
    above = "The weekly plan comes to about twenty-four hundred a year."
    assert converse(pools, pools_index, _rep(above)) == []


def test_the_customers_own_quantity_is_no_claim(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    yours = "Tile blasting for your three hundred square feet is twelve a square foot."
    assert converse(pools, pools_index, _rep(yours)) == []
    ours = "Tile blasting includes three hundred square feet."
    assert triggers(converse(pools, pools_index, _rep(ours))) == ["fact_correction"]


def test_another_kind_of_fee_is_not_the_fee_the_knowledge_base_knows(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    other = "Pump repair is a hundred and ten an hour, plus a fifty-dollar disposal fee."
    assert converse(pools, pools_index, _rep(other)) == []
    same = "Pump repair is a hundred and ten an hour, plus a fifty-dollar service call fee."
    assert triggers(converse(pools, pools_index, _rep(same))) == ["fact_correction"]


def test_a_value_only_one_offering_has_says_what_the_sentence_is_about(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    green = [(0.0, 3.0, "customer", "The pool's gone green, what does green to clean cost?")]
    right = "Tile is twelve dollars a square foot, with a four hundred minimum."
    assert converse(pools, pools_index, _rep(right, green)) == []
    wrong = "Tile is twelve dollars a square foot, with a three hundred minimum."
    out = converse(pools, pools_index, _rep(wrong, green))
    assert triggers(out) == ["fact_correction"] and "$400" in out[0].text


def test_an_offering_is_named_without_its_generic_last_word(
    pools_index: KnowledgeIndex,
) -> None:
    assert pools_index.offerings_in("our weekly pool service runs all year") == ["weekly-service"]


def test_the_same_as_another_offering_is_checked_against_both(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    same_price = "Honestly the biweekly plan is the same price as the weekly plan."
    out = converse(pools, pools_index, _rep(same_price))
    assert triggers(out) == ["fact_correction"] and "$110" in out[0].text
    same_notice = "The biweekly plan has the same notice as the weekly plan, so no catch."
    assert converse(pools, pools_index, _rep(same_notice)) == []


# --- keywords ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "Sue from accounts will drop off the gate key on Friday.",
        "After the shock it's nearly clear water again, so that's good.",
        "Those chemical charts make me dizzy just looking at them.",
    ],
)
def test_a_name_a_plain_phrase_or_a_figure_of_speech_is_no_keyword(
    pools: KnowledgeBase, pools_index: KnowledgeIndex, said: str
) -> None:
    assert "keyword" not in triggers(converse(pools, pools_index, customer_says(said)))


@pytest.mark.parametrize(
    "said",
    [
        "Honestly, I'm going to sue if the deck stays stained.",
        "We had Clear Water out last year and they never came.",
        "My daughter got dizzy after swimming yesterday.",
    ],
)
def test_the_same_words_meant_are_keywords(
    pools: KnowledgeBase, pools_index: KnowledgeIndex, said: str
) -> None:
    assert "keyword" in triggers(converse(pools, pools_index, customer_says(said)))


# --- frustration and confusion ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "cue"),
    [
        ("No, stop. Let me finish.", cues.FRUSTRATION),
        ("Stop and listen to me for a second.", cues.FRUSTRATION),
        ("I'm running out of patience with this.", cues.FRUSTRATION),
        ("It was one simple question.", cues.FRUSTRATION),
        ("I need someone to actually show up.", cues.FRUSTRATION),
        ("You're going a mile a minute.", cues.CONFUSION),
        ("I can't keep up with all these chemicals.", cues.CONFUSION),
    ],
)
def test_cutting_in_and_losing_patience_are_frustration_or_confusion(
    said: str, cue: object
) -> None:
    assert tx.any_match(cue, said)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "said",
    [
        "Is there a bus stop near the pool store?",
        "We'll stop by on Saturday to pick up chlorine.",
        "Thanks for your patience with the gate code.",
    ],
)
def test_stop_and_patience_in_passing_are_no_frustration(said: str) -> None:
    assert not tx.any_match(cues.FRUSTRATION, said)


# --- rules from blind round 7 (roofing, home care, fitness studio) -------------------------


@pytest.mark.parametrize(
    "said",
    [
        "If the tech has to cancel a visit, does he come the next day?",
        "She always cancels on her friends at the last minute, so I do the pool.",
        "My neighbour, she's a lawyer, says we should keep every receipt.",
    ],
)
def test_one_session_a_friend_or_someones_job_is_no_keyword(
    pools: KnowledgeBase, pools_index: KnowledgeIndex, said: str
) -> None:
    assert "keyword" not in triggers(converse(pools, pools_index, customer_says(said)))


def test_cancelling_the_whole_deal_is_still_a_keyword(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    said = "I want to cancel the weekly plan, we're selling the house."
    assert "keyword" in triggers(converse(pools, pools_index, customer_says(said)))


def test_what_the_customer_did_is_no_claim(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    did = "You got a lot out of the weekly plan, nine visits in three months."
    assert converse(pools, pools_index, _rep(did)) == []


def test_the_answer_to_how_long_is_the_topics_one_duration(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    asked = [
        (0.0, 3.0, "customer", "The pool is green, I need green to clean."),
        (3.5, 6.0, "rep", "We can do that this week."),
        (6.5, 9.0, "customer", "How long are you out here for?"),
    ]
    out = converse(pools, pools_index, [*asked, (9.5, 13.0, "rep", "Plan on about two hours.")])
    assert triggers(out) == ["fact_correction"] and "6 hours" in out[0].text
    right = [*asked, (9.5, 13.0, "rep", "Plan on about six hours.")]
    assert converse(pools, pools_index, right) == []


def test_a_list_of_counted_things_is_no_need(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    have = "Twenty thousand gallons, two skimmers, one green pump."
    assert "upsell" not in triggers(converse(pools, pools_index, customer_says(have)))
    need = "The pool has turned green and cloudy since the storm."
    assert "upsell" in triggers(converse(pools, pools_index, customer_says(need)))


@pytest.mark.parametrize(
    "said",
    [
        "Does it even matter? The pump still won't start.",
        "What am I supposed to tell my guests on Saturday?",
        "We've been trying to get someone out here since Monday.",
        "I don't need the sales pitch, I need the leak fixed.",
    ],
)
def test_rhetorical_questions_and_things_still_broken_are_frustration(said: str) -> None:
    assert tx.any_match(cues.FRUSTRATION, said)


def test_asking_the_rep_to_find_out_is_no_new_question(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    gap = [
        (0.0, 3.0, "rep", "Hi, this is Sam at BlueWave. How can I help?"),
        (3.5, 6.0, "customer", "Do you haul away the old pump when you replace it?"),
        (6.5, 10.0, "rep", "Um, I'm not sure, I'd have to ask the tech."),
    ]
    first = converse(pools, pools_index, gap)
    assert triggers(first) == ["knowledge_gap"]
    again = [
        *gap,
        (
            10.5,
            13.0,
            "customer",
            "Could you find out? We want the new pump in as soon as you can start.",
        ),
        (13.5, 16.0, "rep", "Sure, I'll check and get back to you today."),
    ]
    assert triggers(converse(pools, pools_index, again)) == ["knowledge_gap"]


# --- rules from blind rounds 8 and 9 (photography, managed IT, storage; windows, catering,
# kitchens) ---------------------------------------------------------------------------------


def test_point_and_digits_is_a_decimal() -> None:
    said = extract_mentions("the new pump draws point eight five of the old one")[0].value
    assert said.numbers == (0.85,)


def test_a_count_of_things_sold_is_no_price(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    filters = "Pump repair on that pad covers twelve filters."
    assert converse(pools, pools_index, _rep(filters)) == []
    quote = "I'll write up the quote for six bead blasting jobs tonight."
    six = extract_mentions(quote, money_context=True)[0]
    assert who.counts_offering(pools_index, quote, six)
    dollars = "The quote comes to six dollars more for bead blasting."
    assert not who.counts_offering(pools_index, dollars, extract_mentions(dollars)[0])


def test_a_count_said_earlier_said_again_bare_is_that_count(
    pools_index: KnowledgeIndex,
) -> None:
    conv = Conversation()
    said = [
        (LegRole.REP, "So we're looking at twelve homes on your street."),
        (LegRole.LEAD, "Right, the whole cul-de-sac."),
        (LegRole.REP, "Weekly plan visits for twelve, then."),
    ]
    for i, (role, text) in enumerate(said):
        conv.add(ConvTurn(index=i, role=role, text=text, start=2.0 * i, end=2.0 * i + 1.5))
    assert ctx.counted_before(conv, pools_index, conv.turns[2]) == {12.0}
    assert ctx.counted_before(conv, pools_index, conv.turns[0]) == set()


def test_the_same_as_another_offering_without_money_talk_is_no_price_claim(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    staffed = "The biweekly plan is staffed the same as the weekly plan, same techs."
    assert converse(pools, pools_index, _rep(staffed)) == []


@pytest.mark.parametrize(
    "said",
    [
        "Honestly I got sick of waiting on the last company.",
        "The blue tile and the white coping kind of cancel out.",
    ],
)
def test_idioms_are_no_keywords(
    pools: KnowledgeBase, pools_index: KnowledgeIndex, said: str
) -> None:
    assert "keyword" not in triggers(converse(pools, pools_index, customer_says(said)))


def test_getting_sick_is_still_a_keyword(pools: KnowledgeBase, pools_index: KnowledgeIndex) -> None:
    said = "My son got sick after swimming on Sunday."
    assert "keyword" in triggers(converse(pools, pools_index, customer_says(said)))


def test_a_thing_said_to_be_fine_is_no_need(
    pools: KnowledgeBase, pools_index: KnowledgeIndex
) -> None:
    fine = "The pool is fine."
    assert "upsell" not in triggers(converse(pools, pools_index, customer_says(fine)))
    green = "The pool has turned green."
    assert "upsell" in triggers(converse(pools, pools_index, customer_says(green)))


def test_hedged_annoyance_counts_half() -> None:
    from callpilot.copilot.detectors.de_escalation import _frustration

    assert _frustration("The app wouldn't open. Kind of annoying.") == 0.5
    assert _frustration("That's annoying.") == 1.0
