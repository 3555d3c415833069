"""Tokens and numbers, in digits or in English words, with their character spans.

``text2num`` turns number words into digits but loses the spans and reads "fourteen ninety-nine"
as "14 99"; the co-pilot needs both the span (to quote the claim) and the spoken-price reading,
so the small grammar here parses numbers itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["NumberParse", "Token", "parse_number", "tokenize"]

_TOKEN_RE = re.compile(
    r"""
    (?P<clock>\d{1,2}:\d{2}(?!\d))
   |(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?|\.\d+)
   |(?P<ampm>[ap]\.\s?m\b\.?)
   |(?P<word>[^\W\d_]+(?:'[^\W\d_]+)?\d*)
   |(?P<sym>[$€£%/&+-])
   |(?P<punct>[^\w\s])
    """,
    re.VERBOSE | re.IGNORECASE,
)

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_WORDS = frozenset({*UNITS, *TEENS, *TENS, *SCALES, "hundred", "dozen"})


@dataclass(frozen=True, slots=True)
class Token:
    """A token of a sentence with its character span."""

    kind: str
    """"clock", "num", "ampm", "word", "sym" or "punct"."""
    text: str
    """Lower-cased text."""
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens, keeping character offsets into ``text``."""
    return [
        Token(m.lastgroup or "punct", m.group().lower(), m.start(), m.end())
        for m in _TOKEN_RE.finditer(text)
    ]


@dataclass(frozen=True, slots=True)
class NumberParse:
    """A number read from tokens ``[start, end)``."""

    value: float
    start: int
    end: int
    spoken: bool
    """Written in words (at least partly)."""
    paired: bool = False
    """Read as a spoken price/year pair ("fourteen ninety-nine" -> 1499)."""
    integer: bool = True


def _word(tokens: list[Token], i: int) -> str:
    return tokens[i].text if 0 <= i < len(tokens) and tokens[i].kind == "word" else ""


def _skip_hyphen(tokens: list[Token], i: int) -> int:
    """Index of the next token after an optional hyphen that joins two words."""
    if i < len(tokens) and tokens[i].text == "-" and _word(tokens, i + 1):
        return i + 1
    return i


def _parse_digits(tokens: list[Token], i: int) -> NumberParse | None:
    tok = tokens[i]
    value = float(tok.text.replace(",", ""))
    integer = "." not in tok.text
    j = i + 1
    word = _word(tokens, j)
    if word == "k" and tokens[j].start == tok.end:  # "1.5k"
        value, j, integer = value * 1000, j + 1, True
    elif word == "hundred":
        value, j = value * 100, j + 1
    elif word in SCALES:
        value, j = value * SCALES[word], j + 1
    integer = integer or value.is_integer()
    return NumberParse(value, i, j, spoken=j > i + 1, integer=integer)


def _parse_below_hundred(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """A number under 100 in words ("seven", "fifteen", "ninety-nine"): (value, next index)."""
    word = _word(tokens, i)
    if word in UNITS:
        return UNITS[word], i + 1
    if word in TEENS:
        return TEENS[word], i + 1
    if word in TENS:
        j = _skip_hyphen(tokens, i + 1)
        nxt = _word(tokens, j)
        if nxt in UNITS and UNITS[nxt] > 0:
            return TENS[word] + UNITS[nxt], j + 1
        return TENS[word], i + 1
    return None


def _parse_words(tokens: list[Token], i: int) -> NumberParse | None:
    """English cardinal words: "a hundred and fifty", "fifteen hundred", "two thousand"."""
    total = 0
    j = i
    group: int | None = None
    last_scale = 10**12
    if _word(tokens, j) in ("a", "an") and _word(tokens, j + 1) in {"hundred", *SCALES, "dozen"}:
        group, j = 1, j + 1
    elif _word(tokens, j) == "hundred" and _parse_below_hundred(tokens, _and(tokens, j + 1)):
        # "our hundred seventy-two point inspection": speech drops the "a" before "hundred"
        group = 1
    while True:
        if group is None:
            low = _parse_below_hundred(tokens, j)
            if low is None:
                break
            group, j = low
        word = _word(tokens, _skip_hyphen(tokens, j))
        if word == "dozen":
            group, j = group * 12, _skip_hyphen(tokens, j) + 1
            word = _word(tokens, j)
        if word == "hundred" and group < 100:
            group *= 100
            j = _skip_hyphen(tokens, j) + 1
            # "a hundred and fifty", "a hundred-and-fifty-point"
            k = (
                _skip_hyphen(tokens, _skip_hyphen(tokens, j) + 1)
                if _word(tokens, _skip_hyphen(tokens, j)) == "and"
                else j
            )
            low = _parse_below_hundred(tokens, k)
            if low is not None:
                group += low[0]
                j = low[1]
            word = _word(tokens, j)
        if word in SCALES and SCALES[word] < last_scale:
            last_scale = SCALES[word]
            total += group * last_scale
            group = 0
            j += 1
            k = j + 1 if _word(tokens, j) == "and" else j
            low = _parse_below_hundred(tokens, k)
            if low is None:
                break
            group, j = low
            continue
        break
    if group is None:
        return None
    value = float(total + group)
    if _word(tokens, j) == "k" and j > i:
        # "ten or twelve K": a spoken "K" is thousands
        return NumberParse(value * 1000, i, j + 1, spoken=True)
    # "fourteen ninety-nine", "three forty-nine": a number under 100 then one of 10-99 is how
    # prices (and years) are said.
    if 1 <= value <= 99 and j == _after_low(tokens, i):
        k = _skip_hyphen(tokens, j)
        second = _parse_below_hundred(tokens, k)
        if second is not None and second[0] >= 10:
            return NumberParse(value * 100 + second[0], i, second[1], spoken=True, paired=True)
    return NumberParse(value, i, j, spoken=True)


def _and(tokens: list[Token], i: int) -> int:
    """Index after an optional "and" ("a hundred and five")."""
    return i + 1 if _word(tokens, i) == "and" else i


def _after_low(tokens: list[Token], i: int) -> int:
    low = _parse_below_hundred(tokens, i)
    return low[1] if low is not None else -1


def _parse_point(tokens: list[Token], parsed: NumberParse) -> NumberParse:
    """ "one point five" -> 1.5."""
    j = parsed.end
    if _word(tokens, j) != "point" or not parsed.integer:
        return parsed
    digits = ""
    k = j + 1
    while _word(tokens, k) in UNITS:
        digits += str(UNITS[_word(tokens, k)])
        k += 1
    if not digits:
        return parsed
    value = parsed.value + float("0." + digits)
    return NumberParse(value, parsed.start, k, spoken=True, integer=False)


def _parse_half(tokens: list[Token], parsed: NumberParse) -> NumberParse:
    """ "two and a half" -> 2.5."""
    j = parsed.end
    if _word(tokens, j) == "and" and _word(tokens, j + 1) == "a" and _word(tokens, j + 2) == "half":
        return NumberParse(parsed.value + 0.5, parsed.start, j + 3, spoken=True, integer=False)
    return parsed


def parse_number(tokens: list[Token], i: int) -> NumberParse | None:
    """Parse a number starting at token ``i`` (digits, words, "half a", "a hundred"), or None."""
    if i >= len(tokens):
        return None
    tok = tokens[i]
    parsed: NumberParse | None
    if tok.kind == "num":
        parsed = _parse_digits(tokens, i)
    elif tok.kind == "word":
        if tok.text == "point" and _word(tokens, i + 1) in UNITS:
            # "point one eight" -> 0.18 (a U-factor, a rate said without the leading zero)
            zero = NumberParse(0.0, i, i, spoken=True)
            return _parse_point(tokens, zero)
        if tok.text == "half" and _word(tokens, i + 1) in ("a", "an"):
            if _word(tokens, i + 2) == "dozen":  # "half a dozen"
                return NumberParse(6.0, i, i + 3, spoken=True)
            return NumberParse(0.5, i, i + 2, spoken=True, integer=False)
        if tok.text in ("a", "an") and _word(tokens, i + 1) == "half":
            if _word(tokens, _skip_hyphen(tokens, i + 2)) == "dozen":  # "a half dozen"
                return NumberParse(6.0, i, _skip_hyphen(tokens, i + 2) + 1, spoken=True)
            return NumberParse(0.5, i, i + 2, spoken=True, integer=False)
        parsed = _parse_words(tokens, i)
    else:
        return None
    if parsed is None:
        return None
    return _parse_half(tokens, _parse_point(tokens, parsed))
