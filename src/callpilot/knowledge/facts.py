"""Normalise, compare and print fact values, from the knowledge base and from what reps say.

>>> values_agree(parse_value("3 years"), parse_value("thirty-six months"))
True
>>> format_value(parse_value("49.99 USD per month"))
'$49.99 per month'

Canonical units are described in :mod:`callpilot.knowledge.value`. Numbers are compared with a
small relative tolerance (2 % for durations, because a month is 365/12 days and "26 weeks" is
not exactly "6 months"; 0.5 % for money, so "fifteen hundred" agrees with 1,499 the way a rep
rounds it) and counts exactly. Free speech is scanned by :mod:`callpilot.knowledge.mentions`.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from text_to_num import alpha2digit

from callpilot.knowledge.mentions import Mention, Scanner, fold_text
from callpilot.knowledge.numwords import tokenize
from callpilot.knowledge.units import DAYS_PER, UNIT_WORDS, unit_plural
from callpilot.knowledge.value import FactValue

__all__ = [
    "FactValue",
    "Mention",
    "comparable",
    "extract_mentions",
    "attribute_unit",
    "format_value",
    "is_money_attribute",
    "normalize_text",
    "parse_value",
    "values_agree",
]

_FILLER = {
    "about",
    "around",
    "approximately",
    "approx",
    "roughly",
    "up",
    "to",
    "from",
    "starting",
    "starts",
    "start",
    "at",
    "only",
    "just",
    "under",
    "within",
    "max",
    "maximum",
    "minimum",
    "min",
    "total",
    "installed",
    "flat",
    "each",
    "of",
    "is",
    "~",
}
_PREPOSITIONS = frozenset("for of per in on with by to from at".split())
_MONEY_WORDS = frozenset(
    "price prices pricing cost costs fee fees charge charges deposit payment payments premium "
    "amount budget msrp fine rent salary".split()
)
_NOT_A_NUMBER_RE = re.compile(
    r"^\s*(?:24|twenty[\s-]?four)\s*(?:/|-|\s|by)\s*(?:7|seven)\s*$", re.IGNORECASE
)
_SYMBOLS = {"USD": "$", "EUR": "\u20ac", "GBP": "\u00a3"}

# Relative tolerance per dimension (see the module docstring); absolute for the rest.
_REL_TOL = {"duration": 0.02, "money": 0.005, "distance": 0.01, "weight": 0.01, "area": 0.01}
_ABS_TOL = {"percent": 0.01, "count": 1e-9, "time_of_day": 0.5}


def normalize_text(text: str) -> str:
    """Lower-case, fold punctuation, number words as digits: the form text facts compare in."""
    folded = fold_text(text)
    try:
        return " ".join(str(alpha2digit(folded, "en")).split())
    except Exception:  # text2num is a best effort here; the folded text still compares
        return folded


def is_money_attribute(attribute: str) -> bool:
    """Whether a fact's name says it is an amount of money ("price", "after-hours fee").

    The head word decides ("monthly payment", "price per tooth"), so "countries for contractor
    payments" is a count.
    """
    head = _head_word(attribute)
    return head is not None and head in _MONEY_WORDS


def _head_word(attribute: str) -> str | None:
    words = re.findall(r"[a-z]+", attribute.lower())
    for i, word in enumerate(words):
        if word in _PREPOSITIONS and i > 0:
            words = words[:i]  # the head noun comes before "for", "of", "per" ...
            break
    return words[-1] if words else None


def attribute_unit(attribute: str) -> str | None:
    """The unit a fact's name gives a bare number: "driving hours: 30" is 30 hours, "lesson
    minutes: 45" is 45 minutes. Only whole unit words of time and distance count."""
    head = _head_word(attribute)
    if head is None or len(head) < 4:
        return None
    unit = UNIT_WORDS.get(head)
    return head if unit is not None and unit.dimension in ("duration", "distance") else None


def _text_value(text: str) -> FactValue:
    return FactValue(
        kind="text",
        numbers=(),
        dimension=None,
        unit=None,
        currency=None,
        per=None,
        text=text,
        normalized_text=normalize_text(text),
    )


def _number_value(number: float, text: str, currency: str | None) -> FactValue:
    if currency is not None:
        return FactValue(
            kind="price",
            numbers=(number,),
            dimension="money",
            unit=currency,
            currency=currency,
            per=None,
            text=text,
            normalized_text=fold_text(text),
            written_numbers=(number,),
            written_unit=currency,
        )
    return FactValue(
        kind="number",
        numbers=(number,),
        dimension="count",
        unit=None,
        currency=None,
        per=None,
        text=text,
        normalized_text=fold_text(text),
        written_numbers=(number,),
    )


def parse_value(
    text: str | int | float,
    *,
    default_currency: str = "USD",
    money_context: bool = False,
) -> FactValue:
    """Read a fact value: "3 years", "$1,499", "49.99 USD per month", "12 or 24 months", "2".

    Anything that is not one number, price, percent or list (with at most a few filler words such
    as "about" or "up to") becomes a text value; this never fails.

    Args:
        text: the value as written (a YAML scalar may arrive as a number).
        default_currency: currency of prices written without one ("two grand").
        money_context: read a bare number as a price (the attribute is a price or fee).
    """
    if isinstance(text, bool):
        return _text_value("yes" if text else "no")
    if isinstance(text, int | float):
        number = float(text)
        if not math.isfinite(number):
            return _text_value(str(text))
        return _number_value(number, str(text), default_currency if money_context else None)
    raw = str(text).strip()
    if not raw or _NOT_A_NUMBER_RE.match(raw):
        return _text_value(raw)
    scanner = Scanner(raw, default_currency=default_currency, money_context=money_context)
    found = scanner.mentions()
    if len(found) != 1:
        return _text_value(raw)
    mention = found[0]
    rest = raw[: mention.start] + " " + raw[mention.end :]
    for tok in tokenize(rest):
        if tok.kind == "word" and tok.text not in _FILLER:
            return _text_value(raw)
        if tok.kind in ("num", "clock"):
            return _text_value(raw)
    value = mention.value
    return FactValue(
        kind=value.kind,
        numbers=value.numbers,
        dimension=value.dimension,
        unit=value.unit,
        currency=value.currency,
        per=value.per,
        text=raw,
        normalized_text=normalize_text(raw),
        written_numbers=value.written_numbers,
        written_unit=value.written_unit,
        noun=value.noun,
        is_range=value.is_range,
        alt_numbers=value.alt_numbers,
    )


def extract_mentions(
    sentence: str,
    *,
    default_currency: str = "USD",
    money_context: bool = False,
) -> list[Mention]:
    """Every number-with-unit, price, percent, time of day and count said in ``sentence``.

    "Parts are covered for two years, and you get fifteen percent off any repair." gives
    2 years (730 days) and 15 percent. Times of day ("between eight and ten", "9 a.m.") come
    back with dimension ``"time_of_day"`` so they are never compared with durations.
    Availability ("24/7", "twenty-four seven"), fillers ("one sec"), vague amounts ("a couple
    of") and "one" as a pronoun are not mentions.

    Args:
        sentence: what was said.
        default_currency: currency of prices said without one ("it's fourteen ninety-nine").
        money_context: read every bare number as a price (the caller knows the talk is money).
    """
    scanner = Scanner(sentence, default_currency=default_currency, money_context=money_context)
    return scanner.mentions()


def _tolerance(dimension: str | None) -> tuple[float, float]:
    return _REL_TOL.get(dimension or "", 0.0), _ABS_TOL.get(dimension or "", 1e-9)


def _close(a: float, b: float, dimension: str | None) -> bool:
    rel, abs_ = _tolerance(dimension)
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


def _comparable_dimension(kb: FactValue, said: FactValue) -> str | None:
    """The dimension two numeric values compare in, or None when they cannot be compared."""
    if kb.dimension == said.dimension:
        if kb.dimension == "money" and kb.currency != said.currency:
            return None
        if kb.dimension == "count" and kb.noun and said.noun:
            if kb.noun.rstrip("s") != said.noun.rstrip("s"):
                return None
        return kb.dimension
    # A bare spoken number ("it's nineteen a month") may be an amount of money or a percent;
    # not the other way round: a count in the knowledge base is never a price said.
    if said.dimension == "count" and said.noun is None and kb.dimension in ("money", "percent"):
        return kb.dimension
    return None


def _rates(kb: FactValue, said: FactValue) -> tuple[list[float], list[float]] | None:
    """Numbers to compare once rates are reconciled, or None when the periods don't compare."""
    kb_nums, said_nums = list(kb.numbers), list(said.numbers)
    if kb.per == said.per:
        return kb_nums, said_nums
    if kb.per and said.per:
        if kb.per in DAYS_PER and said.per in DAYS_PER:  # $19 a month == $228 a year
            return (
                [n / DAYS_PER[kb.per] for n in kb_nums],
                [n / DAYS_PER[said.per] for n in said_nums],
            )
        return None
    return kb_nums, said_nums


def comparable(kb: FactValue, said: FactValue) -> bool:
    """Whether two values can be compared at all (the same dimension, convertible rates)."""
    if kb.kind == "text" or said.kind == "text":
        return kb.kind == said.kind
    dimension = _comparable_dimension(kb, said)
    return dimension is not None and _rates(kb, said) is not None


def values_agree(kb: FactValue, said: FactValue) -> bool | None:
    """Whether what was said agrees with the knowledge base.

    True when the values agree after normalisation (same dimension and equal within tolerance;
    a list agrees when the said value is one of its members or the same set; a rate must be per
    the same period, or convertible). False when they contradict (same dimension, different
    number). None when they cannot be compared (different dimensions, text against a number, a
    price per month against a total). Text facts agree when one normalised text contains the
    other, else None. A spoken pair ("fourteen ninety-nine") agrees if either reading does.
    """
    result = _agree(kb, said)
    if result is False and said.alt_numbers:
        alternative = replace(said, numbers=said.alt_numbers, alt_numbers=())
        if _agree(kb, alternative) is True:
            return True
    return result


def _agree(kb: FactValue, said: FactValue) -> bool | None:
    if kb.kind == "text" or said.kind == "text":
        if kb.kind == "text" and said.kind == "text":
            a, b = kb.normalized_text, said.normalized_text
            if a and b and (a in b or b in a):
                return True
        return None
    dimension = _comparable_dimension(kb, said)
    if dimension is None:
        return None
    rates = _rates(kb, said)
    if rates is None:
        return None
    kb_nums, said_nums = rates
    one_sided_rate = (kb.per is None) != (said.per is None)
    kb_set = kb.kind == "list" and not kb.is_range

    def member(x: float, pool: list[float]) -> bool:
        return any(_close(x, y, dimension) for y in pool)

    if kb.is_range and len(kb_nums) == 2:
        lo, hi = sorted(kb_nums)
        inside = all(
            lo <= x <= hi or _close(x, lo, dimension) or _close(x, hi, dimension) for x in said_nums
        )
        result: bool | None = inside
    elif len(said_nums) == 1:
        x = said_nums[0]
        result = member(x, kb_nums) if (kb_set or len(kb_nums) == 1) else None
    else:
        hits = [member(x, kb_nums) for x in said_nums]
        if all(hits):
            result = True
        elif not any(hits):
            result = False
        else:
            result = None  # hedged: "three or four hours" against 4 hours
    if result is False and one_sided_rate and (dimension == "money" or said.per is not None):
        # "$19 a month" against a 1,499 total, "12,000 miles a year" against a 60,000-mile
        # warranty: a rate and a total are different quantities, not a misquote
        return None
    return result


def _fmt_number(x: float) -> str:
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _join(items: list[str], is_range: bool) -> str:
    if len(items) == 1:
        return items[0]
    if is_range:
        return f"{items[0]} to {items[-1]}"
    return ", ".join(items[:-1]) + " or " + items[-1]


def _fmt_money(x: float, currency: str) -> str:
    amount = f"{x:,.2f}" if not float(x).is_integer() else f"{int(x):,}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"


def _fmt_clock(minutes: float) -> str:
    hours, mins = divmod(int(round(minutes)), 60)
    suffix = "am" if hours < 12 else "pm"
    shown = hours % 12 or 12
    return f"{shown}{suffix}" if mins == 0 else f"{shown}:{mins:02d}{suffix}"


def format_value(v: FactValue) -> str:
    """The value as a rep would say it: "3 years", "$1,499", "15%", "12 or 24 months"."""
    per = f" per {v.per}" if v.per else ""
    if v.kind == "text" or not v.numbers:
        return v.text
    if v.dimension == "time_of_day":
        return _join([_fmt_clock(n) for n in v.numbers], v.is_range)
    if v.dimension == "money":
        currency = v.currency or "USD"
        return _join([_fmt_money(n, currency) for n in v.numbers], v.is_range) + per
    numbers = list(v.written_numbers or v.numbers)
    if v.dimension == "percent":
        return _join([f"{_fmt_number(n)}%" for n in numbers], v.is_range)
    shown = _join([_fmt_number(n) for n in numbers], v.is_range)
    if v.written_unit and v.dimension != "count":
        return f"{shown} {unit_plural(v.written_unit, numbers[-1])}{per}"
    if v.noun:
        noun = v.noun if numbers[-1] == 1 else v.noun + "s"
        return f"{shown} {noun}{per}"
    return shown + per
