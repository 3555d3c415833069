"""Which knowledge-base entry and attribute a rep's value is about, when the words do not say it
outright: a value only one offering has names the sentence's subject; a count right before an
offering's name counts it; a rival word before the attribute's head word ("an admin fee")
names another thing than the attribute ("the test fee").
"""

from __future__ import annotations

import functools
import re
from typing import Any

from callpilot.copilot import text as tx
from callpilot.copilot.detectors._claims import has_digitish
from callpilot.knowledge.facts import values_agree

__all__ = ["counts_offering", "implied_subjects", "modifier_conflict"]

_CURRENCY_SAID = re.compile(r"[$€£]|\b(?:dollars?|bucks?|grand|pounds?|euros?|quid)\b", re.I)


def counts_offering(index: Any, clause: str, mention: Any) -> bool:
    """A count right before an offering's name ("the quote for six Essentials windows") is how
    many of it, not a value of one of its attributes."""
    if mention.value.dimension not in (None, "count", "money") or _CURRENCY_SAID.search(
        mention.text
    ):
        return False  # "six" may pass for money in price talk; "six dollars" is money
    after = clause[mention.end :]
    return any(n.kind == "offering" and not after[: n.start].strip() for n in index.names_in(after))


def implied_subjects(
    index: Any, clauses: list[tuple[int, int, list[Any], set[str]]]
) -> dict[int, list[str]]:
    """For each clause (sentence, start, values, stemmed words), the one offering that the
    values with a unit of the sentence's *other* clauses agree with, and a word of whose name
    the sentence uses: "Carpet is thirty-two cents a square foot, with a three-fifty minimum" is
    about the offering priced at 32 cents a square foot. A clause's own value never names its
    subject: a misquote often is another offering's figure."""
    agreeing: list[tuple[int, int, set[str]]] = []
    for sentence, start, mentions, _words in clauses:
        owners: set[str] = set()
        for m in mentions:
            if m.value.dimension in (None, "count") or not m.value.numbers:
                continue
            owners |= {
                oid
                for oid in index.offerings
                for fact in index.owner_facts(oid).values()
                if values_agree(fact.value, m.value) is True
            }
        agreeing.append((sentence, start, owners))
    said: dict[int, set[str]] = {}
    for sentence, _start, _mentions, words in clauses:
        said.setdefault(sentence, set()).update(words)
    own_words = index.derived("claims.name_words", lambda: _distinct_name_words(index.kb))
    out: dict[int, list[str]] = {}
    for sentence, start, _owners in agreeing:
        others = [o for s_, st, o in agreeing if s_ == sentence and st != start and o]
        union = set().union(*others) if others else set()
        if len(union) == 1 and own_words.get(next(iter(union)), set()) & said[sentence]:
            out[start] = sorted(union)
    return out


def _distinct_name_words(kb: Any) -> dict[str, set[str]]:
    """Words of each offering's name and aliases that no other offering's names use."""
    words = {
        o.id: {tx.stem(w) for n in (o.name, *o.aliases) for w in tx.content_words(n) if len(w) > 3}
        for o in kb.offerings
    }
    return {
        oid: {w for w in ws if not any(w in v for k, v in words.items() if k != oid)}
        for oid, ws in words.items()
    }


_GENERIC_MODIFIERS = frozenset(
    "monthly month yearly year annual weekly week daily day nightly hourly total full flat base "
    "standard usual regular normal whole upfront one-time onetime extra additional new current "
    "same only actual overall average typical real".split()
)
"""Qualifiers any fee or term may take ("the monthly fee"): no rival to the attribute's own."""
_MODIFIED_HEAD = re.compile(r"(?=\b([a-z][a-z'-]*)\s+([a-z]+)\b)")


def modifier_conflict(attr_words: list[list[str]], clause: str) -> bool:
    """The clause names another thing of the attribute's kind: "an admin fee" is not the "test
    fee" (the head word is shared, the word before it is another one). True when every name of
    the attribute that shares its head word with the clause meets such a rival modifier."""
    pairs, rivals = _modified_heads(clause)
    seen = False
    for ws in attr_words:
        stems = [tx.stem(w) for w in ws]
        if len(stems) < 2 or not any(b == stems[-1] for _a, b in pairs):
            continue
        seen = True
        if not any(b == stems[-1] and a not in stems for a, b in rivals):
            return False
    return seen


@functools.lru_cache(maxsize=4096)
def _modified_heads(
    clause: str,
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The clause's (word, next word) pairs, stemmed, and those whose first word could name a
    rival thing (a content word, not generic, not an adverb, not a number): worked out once
    per clause, as every fact of every candidate entry asks."""
    content = {tx.stem(w) for w in tx.content_words(clause)}
    pairs = tuple(
        (tx.stem(m.group(1)), tx.stem(m.group(2))) for m in _MODIFIED_HEAD.finditer(clause.lower())
    )
    rivals = tuple(
        (a, b)
        for a, b in pairs
        if a in content
        and a not in _GENERIC_MODIFIERS
        and not a.endswith("ly")  # "usually takes": an adverb, no rival thing
        and not has_digitish(a)
    )
    return pairs, rivals
