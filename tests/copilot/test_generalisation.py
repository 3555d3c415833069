"""General rules the co-pilot follows in conversations it was never tuned on (a language school).

Each test pins one rule: how a spoken number is read, which value goes with which attribute,
how a rep's deflection or a customer's confusion sounds in other words, names that look like
keywords, and offerings the customer already has.
"""

from __future__ import annotations

import pytest

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.engine import Copilot
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import LegRole, Utterance
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


# --- rules learnt on moving, tutoring and coworking calls, pinned in a pet resort -----------


@pytest.fixture(scope="module")
def resort() -> KnowledgeBase:
    return load_knowledge(FIXTURES / "happytails.yaml")


@pytest.fixture(scope="module")
def resort_index(resort: KnowledgeBase) -> KnowledgeIndex:
    return KnowledgeIndex(resort)


SUITE: list[Turn] = [(0.0, 3.0, "customer", "Hi, I'm calling about boarding my two dogs.")]


def test_a_bound_word_qualifies_only_the_value_beside_it(
    resort: KnowledgeBase, resort_index: KnowledgeIndex
) -> None:
    # "two-day minimum" is the stay's, so "a hundred ten a day" is above the suite's
    # starting price, not a misquote of it
    above = [
        *SUITE,
        (
            3.5,
            9.0,
            "rep",
            "For both dogs the luxury suite is a hundred ten a day, two-day minimum.",
        ),
    ]
    assert converse(resort, resort_index, above) == []
    below = [*SUITE, (3.5, 9.0, "rep", "The luxury suite starts at seventy a day.")]
    ivs = converse(resort, resort_index, below)
    assert triggers(ivs) == ["fact_correction"] and "90" in ivs[0].text


def test_a_price_per_extra_item_is_the_add_on_not_the_base_rate(
    resort: KnowledgeBase, resort_index: KnowledgeIndex
) -> None:
    right = [
        *SUITE,
        (3.5, 8.0, "rep", "The standard room? It's twenty-five a day per extra dog."),
    ]
    assert converse(resort, resort_index, right) == []
    wrong = [*SUITE, (3.5, 8.0, "rep", "The standard room? It's forty a day per extra dog.")]
    ivs = converse(resort, resort_index, wrong)
    assert triggers(ivs) == ["fact_correction"] and "additional dog" in ivs[0].text


def test_a_total_explained_by_a_surcharge_is_no_misquote(
    resort: KnowledgeBase, resort_index: KnowledgeIndex
) -> None:
    explained = [
        *SUITE,
        (
            3.5,
            9.0,
            "rep",
            "In the standard room over Christmas it's seventy-five a day, "
            "there's a fifteen-dollar holiday fee.",
        ),
    ]
    assert converse(resort, resort_index, explained) == []
    unexplained = [
        *SUITE,
        (
            3.5,
            9.0,
            "rep",
            "In the standard room over Christmas it's ninety-five a day, "
            "there's a fifteen-dollar holiday fee.",
        ),
    ]
    assert triggers(converse(resort, resort_index, unexplained)) == ["fact_correction"]
    # an amount the knowledge base does not know explains nothing: 48 + 12 is a coincidence
    unknown = [
        *SUITE,
        (3.5, 9.0, "rep", "The standard room is forty-eight a day, and bathing is twelve dollars."),
    ]
    assert triggers(converse(resort, resort_index, unknown)) == ["fact_correction"]


def test_a_count_of_a_two_word_thing_per_week_is_a_rate() -> None:
    [m] = extract_mentions("she gets three private lessons a week", default_currency="USD")
    assert m.value.per == "week" and m.value.noun == "lesson"
    total = parse_value("12")
    assert values_agree(total, m.value) is None


def test_every_so_many_days_is_an_interval_not_a_length(
    resort: KnowledgeBase, resort_index: KnowledgeIndex
) -> None:
    asked: list[Turn] = [(0.0, 3.0, "customer", "Tell me about the obedience training.")]
    interval = [
        *asked,
        (3.5, 9.0, "rep", "For the whole length of the program she's weighed every ten days."),
    ]
    assert "fact_correction" not in triggers(converse(resort, resort_index, interval))
    length = [*asked, (3.5, 9.0, "rep", "The program length is ten days.")]
    assert triggers(converse(resort, resort_index, length)) == ["fact_correction"]


def test_a_difference_between_two_offerings_is_checked_as_a_difference(
    resort: KnowledgeBase, resort_index: KnowledgeIndex
) -> None:
    wrong = [
        *SUITE,
        (
            3.5,
            9.0,
            "rep",
            "The luxury suite is a nice step up, and only ten bucks more a day "
            "than the standard room.",
        ),
    ]
    ivs = converse(resort, resort_index, wrong)
    assert triggers(ivs) == ["fact_correction"] and "$30" in ivs[0].text
    right = [
        *SUITE,
        (
            3.5,
            9.0,
            "rep",
            "The luxury suite is a nice step up, and only thirty bucks more a day "
            "than the standard room.",
        ),
    ]
    assert converse(resort, resort_index, right) == []


@pytest.mark.parametrize(
    ("said", "fires"),
    [
        ("Not that the kennels were dirty or anything, I just want a bigger run.", False),
        ("Honestly the kennels were dirty when I picked him up.", True),
    ],
)
def test_a_not_that_clause_denies_its_keyword(
    resort: KnowledgeBase, resort_index: KnowledgeIndex, said: str, fires: bool
) -> None:
    turns: list[Turn] = [
        (0.0, 2.0, "rep", "Happy Tails, this is Ana."),
        (2.5, 8.0, "customer", said),
    ]
    assert ("keyword" in triggers(converse(resort, resort_index, turns))) is fires


@pytest.mark.parametrize(
    ("said", "fires"),
    [
        ("Sorry I'm late, I was stuck on the line trying to cancel my satellite TV.", False),
        ("I'm calling because I need to cancel my booking for June.", True),
    ],
)
def test_a_keyword_acting_on_another_companys_thing_is_no_keyword(
    resort: KnowledgeBase, resort_index: KnowledgeIndex, said: str, fires: bool
) -> None:
    turns: list[Turn] = [
        (0.0, 2.0, "rep", "Happy Tails, this is Ana."),
        (2.5, 8.0, "customer", said),
    ]
    assert ("keyword" in triggers(converse(resort, resort_index, turns))) is fires


def test_an_offering_named_by_its_own_head_word_is_on_the_table(
    resort: KnowledgeBase, resort_index: KnowledgeIndex
) -> None:
    cp = Copilot(resort, index=resort_index, context={"lead": {"interest": "the puppy academy"}})
    assert "agility" in cp.conversation.offered
    cp = Copilot(resort, index=resort_index)
    cp.observe(Utterance(role=LegRole.LEAD, text="My nephew's academy is nearby.", start=0, end=2))
    assert "agility" not in cp.conversation.offered
    cp.observe(Utterance(role=LegRole.LEAD, text="I love your service.", start=2, end=3))
    assert cp.conversation.offered == set()
    cp.observe(
        Utterance(role=LegRole.LEAD, text="We looked at your academy online.", start=3, end=5)
    )
    assert "agility" in cp.conversation.offered


@pytest.mark.parametrize(
    ("said", "pause"),
    [
        ("I'd have to ask my husband, I guess.", False),
        ("We would need to check with the landlord first.", False),
        ("Hang on, let me ask my husband.", True),
    ],
)
def test_putting_a_decision_off_is_no_pause(said: str, pause: bool) -> None:
    assert cues.announces_pause(said) is pause


def test_silence_after_putting_a_decision_off_is_a_dead_end(
    resort: KnowledgeBase, resort_index: KnowledgeIndex
) -> None:
    turns: list[Turn] = [
        (0.0, 5.0, "rep", "The training program is twelve private lessons over six weeks."),
        (5.5, 8.0, "customer", "Okay. I'd have to ask my husband, I guess."),
        (8.5, 9.5, "rep", "Sure, of course."),
    ]
    assert triggers(converse(resort, resort_index, turns, end=25.0)) == ["dead_end"]


@pytest.mark.parametrize(
    "said",
    [
        "I've phoned about this four times and no one has called back.",
        "We wrote to you several times and never heard back.",
        "I've tried everything they told me.",
    ],
)
def test_chasing_without_an_answer_is_frustration(said: str) -> None:
    assert tx.count_matches(cues.FRUSTRATION, said) >= 1


def test_a_need_waved_away_with_not_that_is_no_upsell(
    resort: KnowledgeBase, resort_index: KnowledgeIndex
) -> None:
    opening: list[Turn] = [
        (0.0, 3.0, "rep", "Happy Tails, this is Ana, how can I help?"),
        (3.5, 6.0, "customer", "I'd like to book a standard room for Max."),
        (6.5, 9.0, "rep", "Sure, for which dates?"),
    ]
    waved = [
        *opening,
        (9.5, 15.0, "customer", "Not that he gets anxious in a kennel or anything, he's fine."),
    ]
    assert "upsell" not in triggers(converse(resort, resort_index, waved))
    real = [
        *opening,
        (9.5, 15.0, "customer", "He gets really anxious in a kennel, he cries all night."),
    ]
    assert "upsell" in triggers(converse(resort, resort_index, real))
