"""General English cues: questions, negation, clauses, hedges, pauses."""

from __future__ import annotations

import pytest

from callpilot.copilot import cues
from callpilot.copilot import text as tx


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [
        ("How long does the install take?", True),
        ("so how far out do your guys actually go we're up north", True),
        ("I was wondering whether you do weekends", True),
        ("That sounds fine to me.", False),
        ("Okay.", False),
    ],
)
def test_questions_are_recognised_with_or_without_a_question_mark(
    utterance: str, expected: bool
) -> None:
    assert tx.is_question(utterance) is expected


def test_negation_looks_back_within_the_clause_only() -> None:
    s = "No worries, I'd never switch providers"
    assert tx.negated_before(s, s.index("switch"))
    t = "Nothing wrong so far, but I want to switch providers"
    assert not tx.negated_before(t, t.index("switch"))


def test_clauses_keep_their_offsets() -> None:
    s = "It's two years, and you get ten percent off. Want to book it?"
    clauses = tx.split_clauses(s)
    assert [c.text for c in clauses] == [
        "It's two years",
        "and you get ten percent off.",
        "Want to book it?",
    ]
    for c in clauses:
        assert s[c.start : c.end] == c.text


@pytest.mark.parametrize(
    ("pattern", "utterance"),
    [
        (cues.HEDGES, "Honestly I'm not a hundred percent sure, I'd have to check."),
        (cues.HEDGES, "You'd have to ask the landlord about that."),
        (cues.PAUSE_ANNOUNCEMENTS, "Give me a second, let me find my card."),
        (cues.NEXT_STEP, "I'll send you the contract tonight."),
        (cues.CONFUSION, "Sorry, I'm not really following."),
        (cues.FRUSTRATION, "I've told you twice already!"),
    ],
)
def test_cue_families_match_general_phrasings(pattern: object, utterance: str) -> None:
    import re

    assert isinstance(pattern, re.Pattern)
    assert pattern.search(utterance)
