"""What the conversation around a rep's turn says about its claims: the customer's question just
before (what it is about, what kind of value it asks for), the knowledge-base entries the rep's
words answer, and the values the customer said (which the rep may only be repeating back).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from callpilot.copilot.conversation import Conversation, Turn
from callpilot.knowledge.facts import extract_mentions

__all__ = [
    "answer_topics",
    "asked_dimension",
    "counted_before",
    "customer_values",
    "recent_question",
]

ASKED_MIN = 0.45
"""An answer the customer's question matches this well is what the rep's reply is about."""
_ECHO_TURNS = 2
_ASKS_FOR = (
    ("duration", re.compile(r"\bhow long\b", re.I)),
    (
        "money",
        re.compile(r"\bhow much\b|\bwhat(?:'s| is| does| do| will)\b.*\b(?:cost|price|run)", re.I),
    ),
    ("count", re.compile(r"\bhow many\b", re.I)),
)
"""The kind of value a question asks for."""


def answer_topics(index: Any, turn: Turn) -> list[str]:
    """Answers whose questions or prose the rep's turn is close to."""
    vec = turn.vectors.get(turn.text)
    if vec is None:
        return []
    out: list[str] = []
    for kind in ("question", "answer_text"):
        for owner, (_row, s) in index.best_by_owner(kind, vec).items():
            if s >= ASKED_MIN and owner not in out:
                out.append(owner)
    return out


def recent_question(
    conv: Conversation, index: Any, turn: Turn
) -> tuple[list[np.ndarray], list[str]]:
    """The customer's question just before (vectors) and the entries it is about."""
    prev = conv.previous(turn)
    if prev is None or not prev.is_customer or not prev.questions:
        return [], []
    vecs = [prev.vectors[q] for q in prev.questions if q in prev.vectors]
    asked = list(prev.offerings)
    for v in vecs:
        for owner, (_row, s) in index.best_by_owner("question", v).items():
            if s >= ASKED_MIN and owner not in asked:
                asked.append(owner)
    return vecs, asked


def asked_dimension(conv: Conversation, turn: Turn) -> str | None:
    """What kind of value the customer's question just before asks for ("how long" a duration,
    "how much" money, "how many" a count), if it says."""
    prev = conv.previous(turn)
    if prev is None or not prev.is_customer or not prev.questions:
        return None
    for dimension, pattern in _ASKS_FOR:
        if any(pattern.search(q) for q in prev.questions):
            return dimension
    return None


def customer_values(conv: Conversation, index: Any, turn: Turn) -> list[Any]:
    """Values the customer said in their last two turns: the rep repeating them back ("a
    hundred forty a month, got it") is not a claim about the knowledge base."""
    out: list[Any] = []
    seen = 0
    for t in reversed(conv.turns[: turn.index]):
        if not t.is_customer:
            continue
        seen += 1
        try:
            out += [m.value for m in extract_mentions(t.text, default_currency=index.kb.currency)]
        except Exception:  # an unreadable number is no value to echo
            pass
        if seen >= _ECHO_TURNS:
            break
    return out


def counted_before(conv: Conversation, index: Any, turn: Turn) -> set[float]:
    """Numbers said earlier in the call with what they count ("eighty guests", "twelve
    windows"): the same number said bare later ("beer and wine for eighty") is that count again,
    not a value of some attribute."""
    out: set[float] = set()
    for t in conv.turns[: turn.index]:
        counted = t.cache.get("counted")
        if counted is None:
            try:
                mentions = extract_mentions(t.text, default_currency=index.kb.currency)
            except Exception:  # an unreadable number counts nothing
                mentions = []
            counted = {
                m.value.numbers[0]
                for m in mentions
                if m.value.dimension == "count" and m.value.noun and m.value.numbers
            }
            t.cache["counted"] = counted
        out |= counted  # type: ignore[arg-type]
    return out
