"""Each detector on positive and hard-negative snippets of a home-internet sales call."""

from __future__ import annotations

from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.knowledge import KnowledgeBase
from tests.copilot.conftest import converse, triggers

# --- fact_correction -------------------------------------------------------------------------


def test_a_wrong_monthly_price_is_corrected_with_the_right_value_and_its_source(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 3.0, "customer", "How much is the Fiber 500?"),
            (3.5, 7.0, "rep", "The Fiber 500 is sixty-five dollars a month, unlimited data."),
            (7.5, 9.0, "customer", "Okay, and the router?"),
        ],
    )
    fc = [iv for iv in ivs if iv.trigger.value == "fact_correction"]
    assert len(fc) == 1
    assert "$55" in fc[0].text and "fiber-500" in fc[0].text
    assert fc[0].turn_index == 1
    assert 7.0 <= fc[0].at <= 10.0
    assert fc[0].evidence["kb_entry"] == "fiber-500"


def test_a_contract_misquoted_in_other_units_is_caught(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 3.0, "customer", "I'm looking at the Fiber 500."),
            (3.5, 7.0, "rep", "Great choice. The contract on it is two years."),
        ],
    )
    assert triggers(ivs) == ["fact_correction"]
    assert "12 months" in ivs[0].text


def test_the_same_value_in_other_words_is_not_a_correction(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 3.0, "customer", "What does the Fiber 500 run me?"),
            (3.5, 8.0, "rep", "Fifty-five bucks a month, and the contract is a single year."),
            (8.5, 10.0, "customer", "Okay, good."),
        ],
    )
    assert "fact_correction" not in triggers(ivs)


def test_a_value_right_for_the_offering_named_is_not_a_correction(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 3.0, "customer", "I'm on the Fiber 500 right now."),
            (3.5, 8.0, "rep", "If you move up, the gig plan is seventy-five a month."),
        ],
    )
    assert "fact_correction" not in triggers(ivs)


def test_a_rep_who_corrects_themselves_right_away_gets_no_card(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 3.0, "customer", "How long is the contract on the Fiber 500?"),
            (3.5, 6.0, "rep", "It's twenty-four months."),
            (6.4, 8.0, "rep", "Sorry, no, twelve months. The two years is the gig plan."),
        ],
    )
    assert "fact_correction" not in triggers(ivs)


# --- de_escalation ----------------------------------------------------------------------------


def test_rising_frustration_over_turns_calls_for_de_escalation(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 4.0, "customer", "My internet dropped again last night during a work call."),
            (4.5, 8.0, "rep", "Sorry about that. Can I have the account number?"),
            (
                8.5,
                16.0,
                "customer",
                "This is the third time this month! I've already explained this to two of "
                "you people and nobody called me back. It's ridiculous.",
            ),
        ],
    )
    de = [iv for iv in ivs if iv.trigger.value == "de_escalation"]
    assert len(de) == 1 and de[0].turn_index == 2
    assert "frustrated" in de[0].text


def test_confusion_is_recognised(kb: KnowledgeBase, index: KnowledgeIndex) -> None:
    ivs = converse(
        kb,
        index,
        [
            (
                0.0,
                8.0,
                "rep",
                "So with GPON you get symmetrical throughput and the ONT does the VLAN tagging.",
            ),
            (8.5, 12.0, "customer", "Sorry, you lost me. I have no clue what any of that means."),
        ],
    )
    assert triggers(ivs) == ["de_escalation"]
    assert "plain" in ivs[0].text


def test_one_negative_word_or_polite_hurry_is_not_frustration(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 4.0, "customer", "Ugh, traffic was terrible today. Anyway, thanks for calling."),
            (4.5, 7.0, "rep", "No problem. You were asking about fiber?"),
            (7.5, 11.0, "customer", "Yes, and sorry, I only have five minutes, so quick is great."),
        ],
    )
    assert "de_escalation" not in triggers(ivs)


# --- knowledge_gap ----------------------------------------------------------------------------


def test_a_rep_who_does_not_know_what_the_kb_answers_gets_the_answer(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 4.0, "customer", "Do you guys limit how much I can download each month?"),
            (4.5, 8.0, "rep", "Hmm, I'm honestly not sure, I'd have to check on that."),
        ],
    )
    gap = [iv for iv in ivs if iv.trigger.value == "knowledge_gap"]
    assert len(gap) == 1 and gap[0].turn_index == 1
    assert "no data cap" in gap[0].text
    assert gap[0].evidence["kb_entry"] == "data-cap"


def test_a_hedge_about_something_the_kb_does_not_cover_is_not_a_gap(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 4.0, "customer", "Can your technician also mount my TV on the wall?"),
            (4.5, 8.0, "rep", "Good question, I'm not sure, I'd have to check with the crew."),
        ],
    )
    assert "knowledge_gap" not in triggers(ivs)


def test_a_confident_answer_closes_the_question(kb: KnowledgeBase, index: KnowledgeIndex) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 4.0, "customer", "Is there a data cap?"),
            (4.5, 8.0, "rep", "None at all, use as much as you like, no overage charges."),
        ],
    )
    assert "knowledge_gap" not in triggers(ivs)


# --- dead_end ---------------------------------------------------------------------------------


def test_long_silence_with_no_next_step_is_a_dead_end(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 5.0, "rep", "So that's the Fiber 500, fifty-five a month."),
            (5.5, 8.0, "customer", "Okay. I'll mull it over."),
            (8.5, 9.5, "rep", "Sure."),
        ],
        end=30.0,
    )
    dead = [iv for iv in ivs if iv.trigger.value == "dead_end"]
    assert len(dead) == 1 and dead[0].turn_index == 2
    assert 9.5 + 9.0 <= dead[0].at <= 9.5 + 12.0


def test_an_announced_pause_is_not_a_dead_end(kb: KnowledgeBase, index: KnowledgeIndex) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 5.0, "rep", "I just need the card for the deposit."),
            (5.5, 8.0, "customer", "Hold on, let me grab my wallet, one sec."),
            (28.0, 30.0, "customer", "Okay, got it."),
        ],
    )
    assert "dead_end" not in triggers(ivs)


# --- keyword ----------------------------------------------------------------------------------


def test_a_cancellation_request_brings_up_the_prepared_response(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(kb, index, [(0.0, 4.0, "customer", "Hi, I need to cancel my service.")])
    assert triggers(ivs) == ["keyword"]
    assert "loyalty rate" in ivs[0].text


def test_a_negated_or_hypothetical_phrase_is_not_a_keyword(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 4.0, "customer", "Don't worry, I'd never cancel, you've been great."),
            (4.5, 8.0, "customer", "Honestly I'd cancel my gym before my internet, ha."),
        ],
    )
    assert "keyword" not in triggers(ivs)


def test_competitor_named_by_the_customer_fires_but_not_by_the_rep(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    by_rep = converse(
        kb, index, [(0.0, 5.0, "rep", "Lots of folks come over from StreamLink, actually.")]
    )
    assert "keyword" not in triggers(by_rep)
    by_customer = converse(
        kb, index, [(0.0, 5.0, "customer", "Stream link quoted me forty a month though.")]
    )
    assert triggers(by_customer) == ["keyword"]
    assert "1.2 terabytes" in by_customer[0].text


# --- upsell -----------------------------------------------------------------------------------


def test_a_need_an_offering_covers_suggests_it(kb: KnowledgeBase, index: KnowledgeIndex) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 4.0, "rep", "So you'd be on the Fiber 500."),
            (
                4.5,
                10.0,
                "customer",
                "Sounds good. The wifi just doesn't reach my office upstairs, my calls keep "
                "dropping up there.",
            ),
        ],
    )
    up = [iv for iv in ivs if iv.trigger.value == "upsell"]
    assert len(up) == 1 and up[0].turn_index == 1
    assert "Mesh WiFi" in up[0].text


def test_no_upsell_when_the_rep_already_offered_it(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 4.0, "rep", "With the Fiber 500 I'd add the mesh wifi for ten a month."),
            (
                4.5,
                10.0,
                "customer",
                "Yeah, the wifi doesn't reach my office upstairs at all right now.",
            ),
        ],
    )
    assert "upsell" not in triggers(ivs)


def test_a_denied_need_is_not_an_upsell(kb: KnowledgeBase, index: KnowledgeIndex) -> None:
    ivs = converse(
        kb,
        index,
        [
            (0.0, 4.0, "rep", "So you'd be on the Fiber 500."),
            (4.5, 9.0, "customer", "Great. We don't have any problems with wifi in the rooms."),
        ],
    )
    assert "upsell" not in triggers(ivs)


def test_the_customers_opening_need_is_not_upsold_before_the_rep_speaks(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    ivs = converse(
        kb,
        index,
        [
            (
                0.0,
                5.0,
                "customer",
                "Hi. The wifi doesn't reach my office upstairs, calls keep dropping.",
            )
        ],
    )
    assert "upsell" not in triggers(ivs)
