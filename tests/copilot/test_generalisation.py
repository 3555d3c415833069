"""General rules the co-pilot follows in conversations it was never tuned on (a language school).

Each test pins one rule: how a spoken number is read, which value goes with which attribute,
how a rep's deflection or a customer's confusion sounds in other words, names that look like
keywords, and offerings the customer already has.
"""

from __future__ import annotations

import pytest

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.knowledge import KnowledgeBase, load_knowledge
from callpilot.knowledge.facts import extract_mentions, parse_value, values_agree
from tests.copilot.conftest import FIXTURES, Turn, converse, triggers


@pytest.fixture(scope="module")
def school() -> KnowledgeBase:
    return load_knowledge(FIXTURES / "linguaplus.yaml")


@pytest.fixture(scope="module")
def school_index(school: KnowledgeBase) -> KnowledgeIndex:
    return KnowledgeIndex(school)


def numbers(text: str) -> list[float]:
    return [n for m in extract_mentions(text, default_currency="EUR") for n in m.value.numbers]


# --- spoken numbers --------------------------------------------------------------------------


def test_hundred_without_a_is_still_one_hundred_and_more() -> None:
    assert numbers("it comes with our hundred thirty-five page workbook") == [135.0]
    assert numbers("the hundred and five euro fee") == [105.0]


def test_a_spoken_k_is_thousands() -> None:
    assert numbers("most students spend about eight K on the year") == [8000.0]


def test_a_rate_is_no_total() -> None:
    total = parse_value("4 weeks")
    rate = extract_mentions("about two weeks a year", default_currency="EUR")[0].value
    assert values_agree(total, rate) is None


# --- fact_correction: tight association ------------------------------------------------------

ASKED: list[Turn] = [
    (0.0, 3.0, "customer", "Hi, I'm looking at the intensive Spanish course."),
]


def test_each_value_goes_with_the_attribute_named_next_to_it(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    # "a hundred twenty" is the materials, the price is the number beside "price"
    right = [
        *ASKED,
        (
            3.5,
            9.0,
            "rep",
            "The intensive is a hundred twenty a week in materials with a six forty price.",
        ),
    ]
    assert converse(school, school_index, right) == []
    wrong = [
        *ASKED,
        (
            3.5,
            9.0,
            "rep",
            "The intensive is a hundred twenty a week in materials with a five ninety price.",
        ),
    ]
    ivs = converse(school, school_index, wrong)
    assert triggers(ivs) == ["fact_correction"]
    assert "€640" in ivs[0].text or "640" in ivs[0].text


def test_the_attribute_may_come_a_clause_before_its_value(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 3.0, "customer", "What does the exam prep actually involve?"),
        (
            3.5,
            10.0,
            "rep",
            "So you get the preparation time, that's classes and homework, out to eight weeks "
            "from your start date.",
        ),
    ]
    ivs = converse(school, school_index, turns)
    assert triggers(ivs) == ["fact_correction"]
    assert "12 weeks" in ivs[0].text


def test_two_wrong_values_said_together_are_one_card(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 3.0, "customer", "Tell me about the exam prep."),
        (3.5, 8.0, "rep", "Exam prep is ten weeks and two mock exams."),
    ]
    ivs = converse(school, school_index, turns)
    assert triggers(ivs) == ["fact_correction"]
    assert "12 weeks" in ivs[0].text and "3" in ivs[0].text


def test_a_rate_is_not_compared_with_a_total(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        *ASKED,
        (
            3.5,
            9.0,
            "rep",
            "The intensive course length works out to about two weeks a year for most.",
        ),
    ]
    assert converse(school, school_index, turns) == []


# --- knowledge_gap: questions without punctuation, deflections in other words ----------------


def test_an_unpunctuated_question_and_ask_around_is_a_gap(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 2.0, "rep", "hi this is marta from linguaplus"),
        (
            2.5,
            9.0,
            "customer",
            "hi um so i might have to travel for work so if i cancel like a week before the "
            "start do i get my money back",
        ),
        (9.5, 14.0, "rep", "oh um i'm uh honestly let me uh let me ask around"),
    ]
    ivs = converse(school, school_index, turns)
    assert triggers(ivs) == ["knowledge_gap"]
    assert "14 days" in ivs[0].text


def test_a_vague_non_answer_that_moves_on_is_a_gap(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 4.0, "customer", "How do you know which level I am? Is there some kind of test?"),
        (
            4.5,
            9.0,
            "rep",
            "Oh, it's all pretty easy these days. Anyway, which dates were you thinking?",
        ),
    ]
    ivs = converse(school, school_index, turns)
    assert triggers(ivs) == ["knowledge_gap"]
    assert "40-minute" in ivs[0].text


def test_a_rep_who_answers_is_no_gap(school: KnowledgeBase, school_index: KnowledgeIndex) -> None:
    turns: list[Turn] = [
        (0.0, 4.0, "customer", "How do you know which level I am? Is there some kind of test?"),
        (
            4.5,
            9.0,
            "rep",
            "Yes, a free forty-minute placement test online before your first lesson.",
        ),
    ]
    assert converse(school, school_index, turns) == []


@pytest.mark.parametrize(
    "reply",
    [
        "I'd have to get my manager on the phone for that.",
        "That's really more of an admissions thing, honestly.",
        "We can go over that later, let's pick dates first.",
        "I don't wanna tell you the wrong thing there.",
    ],
)
def test_deflections_in_other_words(reply: str) -> None:
    assert tx.any_match(cues.HEDGES, tx.without_fillers(reply))


# --- de_escalation: confusion shown by what the customer does --------------------------------


def test_not_knowing_the_jargon_after_a_puzzled_question_calms_things_down(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 3.0, "customer", "Which course should I take?"),
        (
            3.5,
            12.0,
            "rep",
            "With a CEFR of B1 you'd do the intensive, then a DELE track with the "
            "subjunctive block.",
        ),
        (12.5, 13.5, "customer", "A B1 what?"),
        (14.0, 20.0, "rep", "Sorry, the B1 band, then the DELE track and the subjunctive block."),
        (
            20.5,
            27.0,
            "customer",
            "Okay, stop. I don't know what a DELE is, I don't know what the subjunctive block "
            "is, and I hate doing this.",
        ),
    ]
    ivs = converse(school, school_index, turns, sensitivity="conservative")
    assert triggers(ivs) == ["de_escalation"]
    assert ivs[0].turn_index == 4


def test_not_knowing_a_date_yet_is_no_confusion(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 3.0, "rep", "When would you like to start the intensive?"),
        (3.5, 8.0, "customer", "I don't know what week works yet, I'll check with my husband."),
    ]
    assert "de_escalation" not in triggers(converse(school, school_index, turns))


# --- keywords and names; what the customer already has ---------------------------------------


def test_a_person_named_like_a_keyword_is_no_keyword(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 3.0, "rep", "Hi, thanks for calling LinguaPlus."),
        (
            3.5,
            9.0,
            "customer",
            "Hi. My husband Bill wants to join too, so Bill's lessons would be with mine.",
        ),
    ]
    assert "keyword" not in triggers(converse(school, school_index, turns))
    assert tx.learn_names("my husband Bill wants to join") == {"bill"}
    said = "I got a bill I didn't expect for the course."
    turns = [turns[0], (3.5, 7.0, "customer", said)]
    assert "keyword" in triggers(converse(school, school_index, turns))


def test_an_offering_the_notes_name_is_never_upsold(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 3.0, "rep", "Hi, you're booked on the intensive from June."),
        (
            3.5,
            9.0,
            "customer",
            "Great. I'm a bit worried about finding somewhere to live while I study.",
        ),
    ]
    assert "upsell" in triggers(converse(school, school_index, turns))
    noted = {"notes": "Already booked the homestay with a host family."}
    assert "upsell" not in triggers(converse(school, school_index, turns, context=noted))


def test_the_rep_repeating_the_customers_figure_is_no_claim(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 5.0, "customer", "My friend paid five ninety for the intensive somewhere else."),
        (
            5.5,
            9.0,
            "rep",
            "Five ninety euros for the intensive, okay. Let me tell you what ours includes.",
        ),
    ]
    assert "fact_correction" not in triggers(converse(school, school_index, turns))


def test_the_customers_own_situation_is_no_claim(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 4.0, "customer", "I'm thinking about switching to your intensive course."),
        (
            4.5,
            9.0,
            "rep",
            "So you're paying a price of five ninety euros for an intensive course now.",
        ),
    ]
    assert "fact_correction" not in triggers(converse(school, school_index, turns))


def test_a_name_after_my_husband_is_a_name_even_in_lower_case(
    school: KnowledgeBase, school_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 3.0, "rep", "hi thanks for calling linguaplus"),
        (3.5, 8.0, "customer", "hi so my husband bill wants to join the intensive with me"),
    ]
    assert "keyword" not in triggers(converse(school, school_index, turns))


@pytest.mark.parametrize(
    "said",
    [
        "Wait, you said it was included before.",
        "I'm asking you a simple question.",
        "You keep saying that but what does it cost?",
        "I feel like we're going in circles here.",
    ],
)
def test_frustration_shown_by_what_the_customer_does(said: str) -> None:
    assert tx.any_match(cues.FRUSTRATION, said)


@pytest.mark.parametrize(
    "said",
    ["I still don't get what I'm paying for.", "None of this makes sense to me."],
)
def test_confusion_in_other_words(said: str) -> None:
    assert tx.any_match(cues.CONFUSION, said)


@pytest.mark.parametrize(
    "said", ["I don't know what week works yet.", "I get it, thanks.", "I only have five minutes."]
)
def test_ordinary_words_are_no_confusion_or_frustration(said: str) -> None:
    assert not tx.any_match(cues.CONFUSION, said) and not tx.any_match(cues.FRUSTRATION, said)


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("so is there any way you can like bring the books to me", True),
        ("if i pay late am i just like not enrolled anymore", True),
        ("we are moving in june and i work nights", False),
        ("you know what, i'll just email you", False),
    ],
)
def test_questions_without_punctuation(said: str, question: bool) -> None:
    assert tx.is_question(said) is question
