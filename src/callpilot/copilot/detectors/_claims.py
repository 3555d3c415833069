"""Value helpers of the fact-correction detector: which numbers are claims, how they compare.

Spoken values are messy (fragments of one number, per-period rates, bounds, approximations); these
functions decide which mentions can be a claim and whether a claim agrees with a fact.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from callpilot.copilot import text as tx
from callpilot.copilot.conversation import Turn
from callpilot.knowledge.facts import extract_mentions, values_agree
from callpilot.knowledge.units import DAYS_PER, UNIT_WORDS

__all__ = [
    "Claim",
    "APPROX",
    "MONEY_CONTEXT",
    "YOURS",
    "JOINED",
    "LEXICAL_FULL",
    "LEXICAL_PARTIAL",
    "agree",
    "bare",
    "bare_comparable",
    "bound_elsewhere",
    "echoed",
    "far_apart",
    "fragments",
    "has_digitish",
    "is_claim_value",
    "mask",
    "owners",
    "retracted",
    "stated_in_kb_text",
    "without_unit",
    "around",
    "add_on",
    "interval",
    "fits_qualifier",
    "composite",
    "known_amounts",
    "attribute_verbs",
    "lexical",
    "same_period",
]


@dataclass(slots=True)
class Claim:
    """A contradiction found in a rep's turn, waiting out the self-correction window."""

    turn: Turn
    owner: str
    attribute: str
    said: str
    said_key: str
    """The said value, normalised (the same wrong value in other words is the same issue)."""
    correct: str
    relevance: float
    due: float
    evidence: dict[str, Any]
    span: tuple[int, int] = (0, 0)
    """Where the said value is in the turn's text."""
    more: list[Claim] = field(default_factory=list)
    """Other wrong values in the same clause ("five years or sixty thousand miles"): one card."""


APPROX = re.compile(
    r"\b(?:about|around|roughly|approximately|approx|almost|nearly|close to|just under|just over|"
    r"under|over|a bit (?:under|over|more|less)|a little (?:under|over)|or so|give or take|"
    r"ish|some(?:thing)? like|upwards of|north of|south of)\W*(?:\w+\W+){0,3}$",
    re.I,
)
"""Words before a value that make it approximate ("about", "a bit over", "or so")."""
YOURS = re.compile(
    r"\byour\s+(?:(?:about|around|roughly|nearly|almost|over|under|current)\s+)?$", re.I
)
"""A value the customer owns ("for your twelve thousand square feet") is their situation."""
MONEY_CONTEXT = re.compile(
    r"(?:\b(?:cost|costs|price|priced|pay|paying|charge|charges|fee|fees|runs|run|total|"
    r"comes to|comes? off|credit(?:ed)?|deducted|dollars?|bucks|grand|quote|quoted|installed|"
    r"(?:an?|per) (?:hour|day|week|month|"
    r"year))\b|[$€£])",
    re.I,
)
"""Words that make a bare number a price ("it runs ninety", "the fee is twenty")."""
LOWER_BOUND_ATTR = re.compile(r"\b(?:start\w*|from|minimum|min|at least|base|lowest)\b", re.I)
UPPER_BOUND_ATTR = re.compile(r"\b(?:max\w*|up to|longest|at most|limit|cap|highest)\b", re.I)
LOWER_BOUND_SAID = re.compile(
    r"\b(?:start\w*|from|as low as|minimum|at least|base price|begin\w*)\b", re.I
)
UPPER_BOUND_SAID = re.compile(r"\b(?:up to|max\w*|longest|at most|as long as|no more than)\b", re.I)
APPROX_TOLERANCE = 0.12
LEXICAL_FULL = 1.0
LEXICAL_PARTIAL = 0.62
MAGNITUDE = 6.0
"""Said and known values further apart than this factor are different quantities."""


def same_period(kb_per: str | None, said_per: str | None) -> bool:
    """Rates per the same period, or per periods that convert ("a year" and "a month")."""
    if not said_per or not kb_per:
        return False
    return kb_per == said_per or (kb_per in DAYS_PER and said_per in DAYS_PER)


def lexical(attr_words: list[list[str]], clause_words: set[str]) -> float:
    """How fully the clause's words name the attribute: all the words of one of its names, at
    least half of a name of two words or more, or none."""
    best = 0.0
    for ws in attr_words:
        stems = {tx.stem(w) for w in ws}
        hit = len(stems & clause_words)
        if hit == len(stems):
            best = max(best, LEXICAL_FULL)
        elif hit and hit / len(stems) >= 0.5 and len(stems) >= 2:
            best = max(best, LEXICAL_PARTIAL)
    return best


def owners(
    *, named: list[str], sentence: list[str], asked: list[str], topic: list[str], answers: list[str]
) -> list[tuple[str, float]]:
    """Which entries a clause may be about, with how sure we are (named beats implied)."""
    out: dict[str, float] = {}

    def put(ids: list[str], w: float) -> None:
        for i in ids:
            out[i] = max(out.get(i, 0.0), w)

    put(named, 1.0)
    if not named:
        put(sentence, 0.97)
        put(asked, 0.97)
        if not sentence:
            put(topic[:2], 0.9)
        put(answers, 0.85)
    return list(out.items())


JOINED = re.compile(r"^\W*(?:or|and|/|slash)?\W*$", re.I)

RETRACT = re.compile(
    r"^\W*(?:\w{1,3}\W+)?(?:sorry|no,|no no|i mean|i meant|actually|wait|scratch that|"
    r"correction|my bad|my mistake|rather)\b",
    re.I,
)


def retracted(clause: str, mention_end: int, turn_text: str, clause_end: int) -> bool:
    """The rep takes the value back right after saying it ("sixty-four hundred, no, sorry,
    eighty-four hundred"; "three ninety-f, sorry, that's the other one")."""
    after = clause[mention_end:] + " " + turn_text[clause_end : clause_end + 40]
    return RETRACT.search(after[:50]) is not None


def echoed(said: Any, customer: list[Any]) -> bool:
    """The same number the customer just said (in any words or units)."""
    for v in customer:
        if values_agree(v, said) is True:
            return True
        if (
            v.numbers
            and said.numbers
            and v.numbers[0] == said.numbers[0] >= 10
            and (bare(v) or bare(said))
        ):
            # "a hundred and forty a month" said back as "$140": the same figure, unitless
            return True
    return False


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(max(0, a), min(len(chars), b)):
            chars[i] = " "
    return " ".join("".join(chars).split())


def far_apart(kb: Any, said: Any) -> bool:
    if not kb.numbers or not said.numbers:
        return False
    a = min(abs(n) for n in kb.numbers) or 1e-9
    # "thirty-nine ninety-nine" reads as 3999 or 39.99: the closest reading decides
    readings = [said.numbers[0], *said.alt_numbers[:1]]
    if kb.per in DAYS_PER and said.per in DAYS_PER:
        # "twelve thousand a year" is near 1,450 a month
        readings = [r * DAYS_PER[kb.per] / DAYS_PER[said.per] for r in readings]
    return all(max(a, b) / min(a, b) > MAGNITUDE for b in (abs(r) or 1e-9 for r in readings))


def bare_comparable(kb: Any, lexical: float, money_context: bool) -> bool:
    """A bare number ("it's eleven") is a claim only about a counted attribute it names, or a
    price when the clause talks money. A fact with its own unit word ("40 mpg") needs its
    attribute fully named: "usually ten" next to "mileage" is no fuel economy."""
    if kb.dimension == "money":
        return money_context or lexical >= LEXICAL_FULL
    if kb.dimension in (None, "count"):
        if getattr(kb, "noun", None) or money_context:
            # in money talk a bare number is an amount ("the two-fifty comes off that"), not a
            # count of the design revisions the clause happens to mention
            return lexical >= LEXICAL_FULL
        return lexical >= LEXICAL_PARTIAL
    return False


_PORTION = re.compile(
    r"\b(?:half|(?:a|one|two|three)\s+(?:third|quarter|fifth|tenth)s?|\w+\s+percent|\d+\s*%)"
    r"\s+of\s+(?:the|your|its|their|that)\s+\w+(?:\s+(?:price|cost|fee|total))?",
    re.I,
)

PART_OF_WHOLE = re.compile(
    r"\s*(?:(?:up|down|out|over)\s+)?(?:at|in)\s+(?:the|a|an)\s+"
    r"(?!(?:moment|minute|time|end|most|least|minimum|maximum|total|year|month|week)\b)\w",
    re.I,
)
"""A value followed by where it applies ("two nights up at the lodge") is a part of the whole."""


_COVERED = re.compile(
    r"\b(?:cover(?:s|ed)?|guaranteed|warrantied|warranted)\s+(?:for|against)\b", re.I
)


def attribute_verbs(clause: str) -> set[str]:
    """Attribute words a verb implies: "covered for twelve months" states a warranty or a
    guarantee, as "a twelve-month warranty" does."""
    return {"warranty", "guarantee"} if _COVERED.search(clause) else set()


def without_portions(clause: str) -> str:
    """The clause without "a fifth of the price": an amount stated as a share of an attribute
    is not that attribute's value (a deposit, not the price)."""
    return _PORTION.sub(" ", clause)


def without_unit(clause: str, mention: Any) -> str:
    """The clause without the value's measuring unit: "thirty-one thousand miles" names a
    distance, not the warranty's "miles" attribute."""
    value = mention.value
    if getattr(value, "dimension", None) in (None, "count"):
        return clause
    return clause[: mention.start] + " " + clause[mention.end :]


def bound_elsewhere(
    attr_words: list[list[str]], clause: str, mention: Any, others: list[Any]
) -> bool:
    """Whether another value in the clause sits closer to the attribute's words than this one
    (each value goes with the attribute named next to it)."""
    spots: list[int] = []
    # the unit of "an hour", "a day" (a rate's period: "forty-two pounds for an hour") names no
    # attribute; "three weeks" may ("eleven in three weeks" is about classes a week)
    periods = [(v.start, v.end) for v in (mention, *others) if re.match(r"(?i)an?\s", v.text)]
    for m in re.finditer(r"[a-z0-9']+", clause.lower()):
        if m.group() in UNIT_WORDS and any(a <= m.start() < b for a, b in periods):
            continue
        st = tx.stem(m.group())
        if any(st in {tx.stem(w) for w in ws} for ws in attr_words):
            spots.append(m.start())
    if not spots:
        return False

    def dist(v: Any) -> int:
        return min(
            0 if v.start <= p < v.end else min(abs(p - v.start), abs(p - v.end)) for p in spots
        )

    mine = dist(mention)
    return any(dist(o) < mine for o in others)


DIGITISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|dozen|couple|half|single|double|a year|a month|"
    r"a (?:full|whole) \w+|grand|k)\b",
    re.I,
)


def has_digitish(text: str) -> bool:
    return DIGITISH.search(text) is not None


def is_claim_value(v: Any, mentions: list[Any] | None = None) -> bool:
    if getattr(v, "kind", "text") == "text" or not getattr(v, "numbers", ()):
        return False
    if getattr(v, "dimension", None) in ("time_of_day",):
        return False
    return True


def fragments(mentions: list[Any], text: str) -> set[int]:
    """Bare numbers right next to another number ("three nineteen", "eleven-nine") are pieces
    of a spoken number the parser could not read whole: not claims."""
    out: set[int] = set()
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        gap = text[a.end : b.start]
        if gap.strip(" -") == "" and (bare(a.value) or bare(b.value)):
            out.update((i, i + 1))
    return out


def agree(fact: Any, said: Any, approx: bool, clause: str) -> bool | None:
    kb = fact.value
    result = values_agree(kb, said)
    if result is None and bare(said) and kb.dimension == "money" and said.numbers[0] >= 20:
        # "It's twelve ninety-nine" without a currency word: compare as a price.
        result = close(kb.numbers, said.numbers[0], 0.005)
    if result is None and kb.dimension == "money" and names_attribute(said, fact):
        # "a two-fifty deductible", "a five ninety price": the number is that attribute's
        # amount, said without a currency word
        result = any(close(kb.numbers, n, 0.005) for n in (*said.numbers, *said.alt_numbers))
    if result is None or result is True:
        return result
    attr_text = " ".join([str(fact.attribute), *map(str, fact.aliases)])
    said_n = said.numbers[0] if said.numbers else math.nan
    if kb.per in DAYS_PER and said.per in DAYS_PER and kb.per != said.per:
        # "twelve thousand a year" against a price that starts at 1,450 a month
        said_n *= DAYS_PER[kb.per] / DAYS_PER[said.per]
    if kb.numbers and not math.isnan(said_n):
        ref = kb.numbers[0]
        if LOWER_BOUND_ATTR.search(attr_text) and not LOWER_BOUND_SAID.search(clause):
            if said_n >= ref:
                return True  # "starts at 5,200"; this house comes to 5,600: no contradiction
        if UPPER_BOUND_ATTR.search(attr_text) and not UPPER_BOUND_SAID.search(clause):
            if said_n <= max(kb.numbers):
                return True
        if approx and close(kb.numbers, said_n, APPROX_TOLERANCE):
            return True
    return False


PER_WORDS = frozenset({"per", "each", "every", "a", "an"})


def names_attribute(said: Any, fact: Any) -> bool:
    """The said number's noun is the fact's attribute (or an alias's last word)."""
    noun = getattr(said, "noun", None)
    if not noun or said.dimension not in (None, "count") or not said.numbers:
        return False
    names = [str(fact.attribute), *map(str, fact.aliases)]
    # "per employee" names what the amount is counted by, not the amount ("14 employees")
    heads: set[str] = set()
    for t in names:
        words = [w for w in re.split(r"[\s-]+", t.strip().lower()) if w]
        # "price per window": the head is "price"; "twelve windows" counts windows
        cut = next((i for i, w in enumerate(words) if i > 0 and w in PER_WORDS), len(words))
        words = words[:cut]
        if words and not (len(words) == 2 and words[0] in PER_WORDS):
            heads.add(tx.stem(words[-1]))
    return tx.stem(str(noun).lower()) in heads


def bare(v: Any) -> bool:
    return bool(v.numbers) and v.dimension in (None, "count") and not getattr(v, "noun", None)


def close(numbers: tuple[float, ...], x: float, tol: float) -> bool:
    return any(abs(x - n) <= tol * max(abs(n), 1e-9) for n in numbers)


def stated_in_kb_text(index: Any, owner: str, said: Any) -> bool:
    """The entry's own prose (answer, summary, pitch) states this value."""
    texts: list[str] = []
    o = index.offerings.get(owner)
    if o is not None:
        texts += [o.summary or "", o.pitch or ""]
    a = index.answers.get(owner)
    if a is not None:
        texts.append(a.answer)
    for t in texts:
        if not t:
            continue
        try:
            ms = extract_mentions(t, default_currency=index.kb.currency)
        except Exception:
            continue
        if any(values_agree(m.value, said) is True for m in ms):
            return True
    return False


_WORDS_BEFORE = 4


def around(clause: str, mention: Any) -> str:
    """The words right around a value, up to the nearest punctuation: a bound word ("starts at",
    "minimum") qualifies the value it sits next to, not another value in the clause ("nineteen
    hundred a month, six-month minimum": the minimum is the term's)."""
    before = re.split(r"[,;:.!?]", clause[: mention.start])[-1].split()[-_WORDS_BEFORE:]
    after = re.split(r"[,;:.!?]", clause[mention.end :])[0].split()[:2]
    return " ".join([*before, clause[mention.start : mention.end], *after])


_ADD_ON = re.compile(
    r"^\W*(?:(?:per|for|each|a|an|on)\s+)?(?:each|every|an?|per)?\s*"
    r"(?:extra|additional|added|more|another)\b",
    re.I,
)
_ADD_ON_ATTR = re.compile(
    r"\b(?:extra|additional|add-?on|added|another|surcharge|supplement)\b", re.I
)
_INTERVAL_BEFORE = re.compile(r"\b(?:every|once every|once each)\s*$", re.I)
_INTERVAL_ATTR = re.compile(r"\b(?:every|frequency|often|interval|cadence|each)\b", re.I)


def add_on(clause: str, mention: Any) -> bool:
    """A value charged per extra item ("forty-five an hour per extra guy", "twenty for each
    additional room"): an add-on's price, not the base price."""
    return _ADD_ON.match(clause[mention.end :]) is not None


def interval(clause: str, mention: Any) -> bool:
    """A value after "every" ("every fourteen days") is how often something recurs, not how
    long anything lasts."""
    return _INTERVAL_BEFORE.search(clause[: mention.start]) is not None


def fits_qualifier(fact: Any, *, is_add_on: bool, is_interval: bool) -> bool:
    """An add-on or a recurrence interval only compares with a fact of the same kind."""
    text = " ".join([str(fact.attribute), *map(str, fact.aliases), str(fact.raw)])
    if is_add_on and not _ADD_ON_ATTR.search(text):
        return False
    return not (is_interval and not _INTERVAL_ATTR.search(text))


def composite(kb: Any, said: Any, amounts: list[Any]) -> bool:
    """The said price is the known one plus or minus another amount stated in the same turn
    ("one sixty-nine an hour, there's a twenty-dollar weekend bump" on a 149 rate, the 20 being
    a known surcharge): a total explained, not a misquote."""
    if kb.dimension != "money" or not said.numbers:
        return False
    if said.dimension != "money" and not bare(said):
        return False
    x = said.numbers[0]
    for other in amounts:
        if other is said or other.dimension != "money" or not other.numbers:
            continue
        for n in kb.numbers:
            for d in other.numbers:
                if d and (close((n + d,), x, 0.005) or close((n - d,), x, 0.005)):
                    return True
    return False


def known_amounts(index: Any) -> tuple[float, ...]:
    """Every money amount the knowledge base states (prices, fees, surcharges)."""
    out: list[float] = []
    for owner in [*index.offerings, *index.answers]:
        for f in index.owner_facts(owner).values():
            if f.value.dimension == "money":
                out += f.value.numbers
    return tuple(out)


WORKED_OUT = re.compile(r"^\W*(?:so|which|that(?:'s| is| comes| works))\b", re.I)
"""A clause that works an amount out from the one before it in the sentence ("a fifth down,
so about 780 per person")."""

_COMPARED_WITH = re.compile(r"\b(?:than|as|like)\s+(?:the|our|your|a|an)?\s*$", re.I)


def offerings_not_compared(index: Any, text: str) -> list[str]:
    """Offerings named in ``text`` except those only compared with ("the same length as the
    virtual games", "cheaper than the Basic"): a comparison's object owns none of its values."""
    out: list[str] = []
    for n in index.names_in(text):
        if n.kind == "offering" and n.id not in out and not _COMPARED_WITH.search(text[: n.start]):
            out.append(n.id)
    return out


def sentence_offerings(
    clause: Any, named_in: list[tuple[Any, list[str]]], with_values: set[int]
) -> list[str]:
    """Offerings named elsewhere in the clause's sentence that its values are about: a name
    before the value, or after it with no other value in between ("twenty-nine ninety-nine a
    month, and the install is one forty-nine, sorry, that's the Flex": Flex goes with the
    install fee only)."""
    out: list[str] = []
    for c, ids in named_in:
        if c.sentence != clause.sentence:
            continue
        if c.start > clause.start and any(clause.start < v < c.start for v in with_values):
            continue
        out += [i for i in ids if i not in out]
    return out
