"""Misquotes phrased as a comparison between two offerings ("only fifty more a month than the
basic plan"): the said amount is a difference, checked against the difference of the two
offerings' own values, never against either value alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from callpilot.copilot import text as tx
from callpilot.copilot.detectors import _claims as cv
from callpilot.knowledge.facts import values_agree

__all__ = ["Comparison", "DIFFERENCE", "SAME", "compare", "compare_same"]

DIFFERENCE = re.compile(
    r"^\s*(?:(?:a|an|per)\s+\w+\s+)?(?P<dir>more|extra|higher|pricier|less|cheaper|lower)\b"
    r"(?:\s+(?:a|an|per|each)\s+\w+)?(?P<than>\s+than\b(?P<ref>.{0,60}))?",
    re.I,
)
"""An amount stated as a difference ("fifty more a month than ...", "twenty extra"): not an
absolute value of anything."""

_LESS = {"less", "cheaper", "lower"}

SAME = re.compile(r"\bthe same (?:(?P<attr>[a-z]+) )?as\b(?P<ref>.{0,60})", re.I)
"""A claim that two offerings are equal ("it's the same length as the virtual games", "works
out the same as the basic plan")."""


@dataclass(slots=True)
class Comparison:
    target: str
    reference: str
    attribute: str
    difference: float
    target_value: Any
    reference_value: Any
    right: bool


def _target(index: Any, turn_text: str, before: int, ref: str, topic: list[str]) -> str | None:
    named = [
        n.id
        for n in index.names_in(turn_text)
        if n.kind == "offering" and n.end <= before and n.id != ref
    ]
    if named:
        return str(named[-1])
    return next((o for o in topic if o != ref), None)


def _price_of(facts: dict[str, Any]) -> str | None:
    """The one money fact called a price (by its name or an alias), if there is one."""
    priced = [
        str(a)
        for a, f in facts.items()
        if f.value.dimension == "money" and any("price" in str(n).lower() for n in (a, *f.aliases))
    ]
    return priced[0] if len(priced) == 1 else None


def _attributes(index: Any, target: str, ref: str, clause: str) -> tuple[str, str] | None:
    """The money attribute both offerings state (the one the clause names when several), or
    else each one's price."""
    mine = index.owner_facts(target)
    theirs = index.owner_facts(ref)
    shared: list[str] = [
        str(a)
        for a, f in mine.items()
        if f.value.dimension == "money"
        and a in theirs
        and theirs[a].value.dimension == "money"
        and theirs[a].value.per == f.value.per
    ]
    if len(shared) > 1:
        words = {tx.stem(w) for w in tx.content_words(clause)}
        named = [
            a
            for a in shared
            if any(
                ws and {tx.stem(w) for w in ws} <= words for ws in index.attribute_words(mine[a])
            )
        ]
        shared = named if len(named) == 1 else [a for a in shared if "price" in a.lower()]
    if len(shared) == 1:
        return shared[0], shared[0]
    if shared:
        return None
    a, b = _price_of(mine), _price_of(theirs)
    if a is None or b is None or mine[a].value.per != theirs[b].value.per:
        return None
    return a, b


def compare(
    index: Any, turn_text: str, clause: tx.Clause, mention: Any, topic: list[str], approx: bool
) -> Comparison | None:
    """The comparison a money amount states, when its clause names what it is compared with."""
    said = mention.value
    if not said.numbers or not (said.dimension == "money" or cv.bare(said)):
        return None
    m = DIFFERENCE.match(clause.text[mention.end :])
    if m is None or not m.group("than"):
        return None
    refs = index.offerings_in(m.group("ref") or "")
    if not refs:
        return None
    ref = refs[0]
    target = _target(index, turn_text, clause.start + mention.start, ref, topic)
    if target is None:
        return None
    attrs = _attributes(index, target, ref, clause.text)
    if attrs is None:
        return None
    attr = attrs[0]
    t = index.owner_facts(target)[attrs[0]].value
    r = index.owner_facts(ref)[attrs[1]].value
    diff = t.numbers[0] - r.numbers[0]
    if m.group("dir").lower() in _LESS:
        diff = -diff
    if diff <= 0:
        return None
    tol = cv.APPROX_TOLERANCE if approx else 0.005
    readings = (said.numbers[0], *said.alt_numbers)
    right = any(cv.close((diff,), x, tol) for x in readings)
    return Comparison(target, ref, attr, diff, t, r, right)


_WORKS_OUT = re.compile(r"\bworks? out\b", re.I)


def compare_same(
    index: Any, turn_text: str, clause: tx.Clause, topic: list[str]
) -> Comparison | None:
    """The equality a clause states between two offerings ("the same length as the virtual
    games"): the attribute it names (else their prices), compared as values."""
    m = SAME.search(clause.text)
    if m is None:
        return None
    refs = index.offerings_in(m.group("ref") or "")
    if not refs:
        return None
    ref = refs[0]
    target = _target(index, turn_text, clause.start + m.start(), ref, topic)
    if target is None:
        return None
    attrs: tuple[str, str] | None
    if m.group("attr"):
        word = tx.stem(m.group("attr").lower())
        mine, theirs = index.owner_facts(target), index.owner_facts(ref)
        named = [
            str(a)
            for a, f in mine.items()
            if a in theirs
            and any(word in {tx.stem(w) for w in ws} for ws in index.attribute_words(f))
        ]
        attrs = (named[0], named[0]) if len(named) == 1 else None
    elif cv.MONEY_CONTEXT.search(clause.text) or _WORKS_OUT.search(clause.text):
        attrs = _attributes(index, target, ref, clause.text)
    else:
        return None  # "staffed the same as": about something other than the price
    if attrs is None:
        return None
    t = index.owner_facts(target)[attrs[0]].value
    r = index.owner_facts(ref)[attrs[1]].value
    agree = values_agree(t, r)
    if agree is None:
        return None
    return Comparison(target, ref, attrs[0], 0.0, t, r, agree)
