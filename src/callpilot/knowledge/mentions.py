"""Find numbers with units, prices, percents, times and counts in free speech.

The scanner walks the tokens of a sentence once. At each token that starts a number it reads, in
order: an optional currency in front ("$", "USD"), the number or a list/range of numbers ("12, 24
or 36", "eight to ten"), then what follows: a time-of-day marker ("a.m.", "o'clock"), a unit
("years", "percent", "miles"), a currency word ("dollars", "bucks", "grand"), a rate ("a month",
"per year", "monthly") or a counted noun ("tune-ups"). A bare number becomes a price when the words
around it talk about money ("it's fourteen ninety-nine", "starts at seventy-eight hundred").

Phrases that contain numbers but are not claims are skipped: availability ("24/7", "twenty-four
seven", "24 hours a day"), fillers ("one sec", "hang on a minute"), idioms ("a hundred percent
sure"), vague amounts ("a couple of", "a few" are never numbers) and "one" used as a pronoun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from callpilot.knowledge.numwords import NUMBER_WORDS, NumberParse, Token, parse_number, tokenize
from callpilot.knowledge.units import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    PERIOD_ADVERBS,
    PERIOD_WORDS,
    UNIT_PHRASES,
    UNIT_WORDS,
    Unit,
)
from callpilot.knowledge.value import FactValue

__all__ = ["Mention", "Scanner", "fold_text"]

_EXCLUDED_RE = re.compile(
    r"""
    \b(?:24|twenty[\s-]?four)\s*(?:/|-|\s|by)\s*(?:7|seven)\b(?!\s*(?:%|percent|per\s+cent|days))
   |\b(?:24|twenty[\s-]?four)[\s-]+hours?\s+(?:a|per|each)\s+day\b
   |\b(?:7|seven)[\s-]+days?\s+(?:a|per|each)\s+week\b
   |\b365\s+days\s+a\s+year\b
   |\b(?:one|a|1)\s+(?:sec|secs|second|moment)\b
   |\b(?:hold\s+on|hang\s+on|wait|give\s+me|just|in)\s+(?:one|a|1)\s+(?:minute|min)\b
   |\b(?:a|one)\s+hundred\s+(?:percent|per\s+cent)(?=\s+(?:sure|certain|positive|right|honest))
   |\b100\s*(?:%|percent)(?=\s+(?:sure|certain|positive|right|honest))
    """,
    re.VERBOSE | re.IGNORECASE,
)

_PHRASES_LONGEST_FIRST: dict[str, list[tuple[tuple[str, ...], Unit]]] = {}
for _phrase, _unit in sorted(UNIT_PHRASES.items(), key=lambda kv: -len(kv[0])):
    _PHRASES_LONGEST_FIRST.setdefault(_phrase[0], []).append((_phrase, _unit))
_CURRENCY_CODES = {w for w, code in CURRENCY_WORDS.items() if code is not None and w == w[:3]}
_LIST_CONNECTORS = {"or", "and", "to", "through", "thru", "till", "until", "til"}
_RANGE_CONNECTORS = {"to", "through", "thru", "till", "until", "til", "-"}
_UNIT_FILLERS = {"full", "whole", "business", "working", "calendar", "extra", "additional"}
_TIME_CUES_BEFORE = {"between", "from", "at", "by", "around", "after", "before", "until", "till"}
_TIME_CUES_RANGE = frozenset(
    "afternoon evening friday monday morning saturday slot sunday thursday today tomorrow "
    "tonight tuesday wednesday window".split()
)
_DAY_PARTS = {"morning", "afternoon", "evening", "night"}
_A_UNIT_CUES = {"for", "within", "in", "about", "around", "over", "under", "than", "only", "just"}
_MONEY_STRONG = frozenset(
    "budget charge charged charges comes cost costing costs deposit fee paid pay paying "
    "price priced pricing quote quoted run runs spend start starting starts total".split()
)
_MONEY_WEAK = {"it's", "that's", "is", "was", "for", "under", "over", "about", "around", "only"}
_MONEY_AFTER = {"installed", "total", "flat", "upfront", "plus", "all-in"}
_DETERMINERS = {"the", "that", "this", "which", "each", "every", "no", "any", "some", "another"}
_STOP = frozenset(
    "a about after again also an and another are around as at away be before but by can "
    "could did do does each every for from get gets got had has have he here i if in "
    "installed into is it it's its just left less me moment more my no not now of off ok "
    "okay on one ones only onto or other our out over per please plus really right same "
    "sec she should so than that that's the their them then there these they thing things "
    "this those time times to too under up us very was way we were when will with would "
    "yes you your".split()
)


_PER_ITEM = frozenset(
    {"visit", "seat", "user", "household", "foot", "mile", "kilometer", "pound", "gallon"}
)
_PER_PERSON = frozenset({"head", "person", "guest"})
"""Words for one person after "a"/"per": "38 a head" is a price per person."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A value found in a sentence."""

    value: FactValue
    start: int
    """Character offset of the mention in the sentence."""
    end: int
    text: str
    """The sentence text of the mention (``sentence[start:end]``)."""


def fold_text(text: str) -> str:
    """Lower-case ``text`` and fold punctuation to single spaces ("24/7" -> "24 7")."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    text = re.sub(r"[^\w%$\u20ac\u00a3.']+", " ", text)
    return " ".join(text.split())


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _fmt_minutes(minutes: float) -> str:
    hours, mins = divmod(int(round(minutes)), 60)
    return f"{hours}:{mins:02d}"


def _year_like(number: NumberParse) -> bool:
    return number.integer and 1900 <= number.value <= 2099


def _pair_alternative(numbers: list[NumberParse]) -> tuple[float, ...]:
    """ "fourteen ninety-nine" is 1499 or 14.99: the second reading of a spoken pair."""
    if len(numbers) == 1 and numbers[0].paired:
        return (numbers[0].value / 100,)
    return ()


_SQUARE = {
    "foot": "square foot",
    "feet": "square foot",
    "ft": "square foot",
    "meter": "square meter",
    "metre": "square meter",
    "meters": "square meter",
    "metres": "square meter",
    "yard": "square yard",
}
"""Area units a price may be per ("a square foot")."""


class Scanner:
    """One pass over one sentence; ``mentions()`` returns what it found, in order."""

    def __init__(self, text: str, *, default_currency: str, money_context: bool) -> None:
        self.text = text.replace("\u2019", "'").replace("\u2018", "'")
        self.tokens: list[Token] = tokenize(self.text)
        self.default_currency = default_currency
        self.money_context = money_context
        self.excluded = [m.span() for m in _EXCLUDED_RE.finditer(self.text)]

    # -- token helpers -------------------------------------------------------------------
    def _word(self, i: int) -> str:
        toks = self.tokens
        return toks[i].text if 0 <= i < len(toks) and toks[i].kind == "word" else ""

    def _text(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def _words_before(self, i: int, n: int) -> list[str]:
        out: list[str] = []
        k = i - 1
        while k >= 0 and len(out) < n:
            tok = self.tokens[k]
            if tok.kind == "word":
                out.append(tok.text)
            elif tok.kind not in ("sym",) and tok.text not in (",", "-"):
                break  # a sentence boundary ends the look-back
            k -= 1
        return out

    def _is_excluded(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.excluded)

    # -- the scan ------------------------------------------------------------------------
    def mentions(self) -> list[Mention]:
        """Every mention in the sentence, left to right."""
        found: list[Mention] = []
        i = 0
        while i < len(self.tokens):
            got = self._mention_at(i)
            if got is None:
                i += 1
                continue
            value, end = got
            start_char, end_char = self.tokens[i].start, self.tokens[end - 1].end
            if not self._is_excluded(start_char, end_char):
                text = self.text[start_char:end_char]
                found.append(Mention(value, start_char, end_char, text))
            i = end
        return found

    def _mention_at(self, i: int) -> tuple[FactValue, int] | None:
        start = i
        tok = self.tokens[i]
        currency: str | None = None
        if tok.kind == "sym" and tok.text in CURRENCY_SYMBOLS:
            currency, i = CURRENCY_SYMBOLS[tok.text], i + 1
        elif tok.text in _CURRENCY_CODES and self._text(i + 1)[:1].isdigit():
            currency, i = CURRENCY_WORDS[tok.text], i + 1
        if i < len(self.tokens) and self.tokens[i].kind == "clock":
            return self._clock_at(start, i)
        first = parse_number(self.tokens, i)
        if first is None:
            if currency is None:
                return self._a_unit_at(i)
            return None
        numbers, j = self._list_from(first, currency is not None)
        if currency is None:
            timed = self._time_at(start, numbers, j)
            if timed is not None:
                return timed
        unit_read = self._unit_at(j, len(numbers))
        if unit_read is None and len(numbers) > 1:
            numbers, j = numbers[:1], first.end
            unit_read = self._unit_at(j, 1)
        values = [n.value for n in numbers]
        is_range = len(numbers) > 1 and self._text(numbers[0].end) in _RANGE_CONNECTORS
        if unit_read is not None:
            unit, word_currency, scale, j = unit_read
            values = [v * scale for v in values]
            if unit is not None and currency is None:
                return self._quantity(start, values, unit, j, is_range)
            currency = currency or word_currency or self.default_currency
        if currency is not None:
            per, j = self._per_at(j)
            alt = _pair_alternative(numbers)
            return self._price(start, values, currency, per, j, is_range, alt), j
        return self._bare(start, first, j)

    def _list_from(self, first: NumberParse, currency: bool) -> tuple[list[NumberParse], int]:
        """Read "12, 24 or 36" / "eight to ten": the numbers and the index after the last."""
        numbers = [first]
        j = first.end
        while True:
            k = j
            if self._text(k) == ",":
                k += 1
                if self._word(k) in ("or", "and"):
                    k += 1
            elif self._word(k) in _LIST_CONNECTORS or self._text(k) == "-":
                k += 1
            else:
                break
            if currency and self._text(k) in CURRENCY_SYMBOLS:
                k += 1
            nxt = parse_number(self.tokens, k)
            if nxt is None and self._word(k) in ("noon", "midnight"):
                nxt = NumberParse(12.0 if self._word(k) == "noon" else 0.0, k, k + 1, True)
            if nxt is None or self._word(k) in ("a", "an"):
                break
            numbers.append(nxt)
            j = nxt.end
        return numbers, j

    def _time_marker(self, j: int) -> tuple[str | None, int] | None:
        """An "a.m."/"pm"/"o'clock"/"in the morning" marker at ``j``: (am|pm|None, next)."""
        if j >= len(self.tokens):
            return None
        tok = self.tokens[j].text
        if self.tokens[j].kind == "ampm":
            return tok[0] + "m", j + 1
        if tok in ("am", "pm"):
            return tok, j + 1
        if tok == "o'clock":
            return None, j + 1
        if tok == "in" and self._word(j + 1) == "the" and self._word(j + 2) in _DAY_PARTS:
            return ("am" if self._word(j + 2) == "morning" else "pm"), j + 3
        if tok == "at" and self._word(j + 1) == "night":
            return "pm", j + 2
        return None

    def _time_at(
        self, start: int, numbers: list[NumberParse], j: int
    ) -> tuple[FactValue, int] | None:
        if not all(n.integer and 0 <= n.value <= 12 and not n.paired for n in numbers):
            return None
        marker = self._time_marker(j)
        if marker is None:
            # No marker: "between eight and ten", "at 9", "Monday, eight to ten", "ten and noon".
            if self._unit_at(j, len(numbers)) is not None or self._is_noun(j):
                return None
            before = self._words_before(start, 2)
            if set(self._words_before(start, 3)) & _MONEY_STRONG:
                return None  # "starts at 9": an amount
            has_noon = any(self._word(n.start) in ("noon", "midnight") for n in numbers)
            cue = bool(before) and before[0] in _TIME_CUES_BEFORE
            ranged = len(numbers) > 1 and (cue or has_noon or bool(set(before) & _TIME_CUES_RANGE))
            if not (ranged or (len(numbers) == 1 and cue and before[0] != "for")):
                return None
            if len(numbers) == 1 and before[0] in ("around", "after", "before", "by"):
                return None  # "around 5" alone is too often an amount
            ampm, end = None, j
        else:
            ampm, end = marker
        minutes = [self._to_minutes(n.value, 0, ampm) for n in numbers]
        return self._time_value(start, end, minutes), end

    @staticmethod
    def _to_minutes(hour: float, minute: float, ampm: str | None) -> float:
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        return hour * 60 + minute

    def _time_value(self, start: int, end: int, minutes: list[float]) -> FactValue:
        raw = self.text[self.tokens[start].start : self.tokens[end - 1].end]
        return FactValue(
            kind="list" if len(minutes) > 1 else "quantity",
            numbers=tuple(minutes),
            dimension="time_of_day",
            unit="minute",
            currency=None,
            per=None,
            text=raw,
            normalized_text=fold_text(raw),
            written_numbers=tuple(minutes),
            written_unit="minute",
            is_range=len(minutes) > 1,
        )

    def _clock_at(self, start: int, i: int) -> tuple[FactValue, int]:
        minutes: list[float] = []
        j = i
        while True:
            hh, mm = self._text(j).split(":")
            j += 1
            marker = self._time_marker(j) if j < len(self.tokens) else None
            ampm = marker[0] if marker else None
            if marker:
                j = marker[1]
            minutes.append(self._to_minutes(float(hh), float(mm), ampm))
            k = j + 1 if self._word(j) in _LIST_CONNECTORS or self._text(j) == "-" else j
            if k == j or k >= len(self.tokens) or self.tokens[k].kind != "clock":
                break
            j = k
        return self._time_value(start, j, minutes), j

    def _unit_at(self, j: int, count: int) -> tuple[Unit | None, str | None, float, int] | None:
        """A unit or currency word after a number: (unit, currency, scale, next index)."""
        k = j + 1 if self._text(j) == "-" else j
        if self._word(k) in _UNIT_FILLERS:
            k += 1
        for phrase, unit in _PHRASES_LONGEST_FIRST.get(self._text(k), ()):
            n = len(phrase)
            if tuple(self._text(k + m) for m in range(n)) == phrase:
                return unit, None, 1.0, k + n
        word = self._text(k)
        if word in CURRENCY_WORDS:
            code = CURRENCY_WORDS[word]
            return None, code, 1000.0 if word == "grand" else 1.0, k + 1
        if word == "cents" or (word == "cent" and count == 1):
            return None, self.default_currency, 0.01, k + 1
        found = UNIT_WORDS.get(word)
        if found is None:
            return None
        if len(word) == 1 and self.tokens[k].start != self.tokens[k - 1].end:
            return None  # a one-letter unit only glued to its number ("4h"), not "plan 2 w..."
        return found, None, 1.0, k + 1

    def _a_unit_at(self, i: int) -> tuple[FactValue, int] | None:
        """ "covered for a year", "a year and a half": "a"/"an" + a duration unit."""
        if self._word(i) not in ("a", "an"):
            return None
        # "a full year", "a whole month": the emphasis makes it a claim of exactly one
        emphatic = self._word(i + 1) in ("full", "whole")
        at = i + 2 if emphatic else i + 1
        unit = UNIT_WORDS.get(self._word(at))
        if unit is None or unit.dimension != "duration" or unit.name == "second":
            return None
        end = at + 1
        value = 1.0
        half = (
            self._word(end) == "and"
            and self._word(end + 1) == "a"
            and self._word(end + 2) == "half"
        )
        if half:
            value, end = 1.5, end + 3
        before = self._words_before(i, 1)
        if not half and not emphatic and not (before and before[0] in _A_UNIT_CUES):
            return None
        return self._quantity(i, [value], unit, end, False)

    def _quantity(
        self, start: int, values: list[float], unit: Unit, j: int, is_range: bool
    ) -> tuple[FactValue, int]:
        if len(values) == 1 and unit.dimension == "duration":
            w = self._word
            if w(j) == "and" and w(j + 1) == "a" and w(j + 2) == "half":  # "a year and a half"
                values, j = [values[0] + 0.5], j + 3
        per: str | None = None
        if unit.dimension != "percent":
            per, j = self._per_at(j)
            if per is None and self._word(j) == "of" and self._is_noun(j + 1):
                # "six hours of driving a day": the period follows what is measured
                later, after = self._per_at(j + 2)
                if later is not None:
                    per, j = later, after
        raw = self.text[self.tokens[start].start : self.tokens[j - 1].end]
        value = FactValue(
            kind="list" if len(values) > 1 else "quantity",
            numbers=tuple(v * unit.factor for v in values),
            dimension=unit.dimension,
            unit=unit.canonical,
            currency=None,
            per=per,
            text=raw,
            normalized_text=fold_text(raw),
            written_numbers=tuple(values),
            written_unit=unit.name,
            is_range=is_range,
        )
        return value, j

    def _price(
        self,
        start: int,
        values: list[float],
        currency: str,
        per: str | None,
        j: int,
        is_range: bool,
        alt: tuple[float, ...] = (),
    ) -> FactValue:
        raw = self.text[self.tokens[start].start : self.tokens[j - 1].end]
        return FactValue(
            kind="list" if len(values) > 1 else "price",
            numbers=tuple(values),
            dimension="money",
            unit=currency,
            currency=currency,
            per=per,
            text=raw,
            normalized_text=fold_text(raw),
            written_numbers=tuple(values),
            written_unit=currency,
            is_range=is_range,
            alt_numbers=alt,
        )

    def _per_at(self, j: int) -> tuple[str | None, int]:
        """ "a month", "per year", "each visit", "/mo", "monthly" -> (per, next index)."""
        word = self._text(j)
        if word in PERIOD_ADVERBS:
            return PERIOD_ADVERBS[word], j + 1
        nxt = self._text(j + 1)
        if word in ("per", "a", "an") and nxt in _PER_PERSON:
            # "thirty a head", "per guest": a price per person, however the person is called
            return "person", j + 2
        if word in ("per", "a", "an", "each", "/") and nxt == "square":
            # "thirty-two cents a square foot", "0.32 USD per square foot"
            area = _SQUARE.get(self._text(j + 2) or "")
            if area is not None:
                return area, j + 3
        if word in ("per", "each", "every", "/") and nxt in PERIOD_WORDS:
            return PERIOD_WORDS[nxt], j + 2
        if word in ("a", "an") and nxt in PERIOD_WORDS:  # "a month", "a visit", "a foot"
            return PERIOD_WORDS[nxt], j + 2
        return None, j

    def _is_noun(self, j: int) -> bool:
        word = self._word(j)
        return bool(word) and word not in _STOP and word not in NUMBER_WORDS

    def _bare(self, start: int, number: NumberParse, j: int) -> tuple[FactValue, int] | None:
        """A number without a unit: a price in money talk, else a count (maybe of a noun)."""
        j = number.end
        before = self._words_before(start, 3)
        per, after_per = self._per_at(j)
        money = self.money_context
        if not money:
            strong = bool(set(before) & _MONEY_STRONG)
            weak = bool(before[:2]) and bool(set(before[:2]) & _MONEY_WEAK)
            big = number.value >= 100 or number.paired or per in ("month", "year", "week")
            money = strong or (weak and big) or (self._word(j) in _MONEY_AFTER and big)
            # A spoken pair that is not a year ("fifty-five forty-nine") is a price.
            money = money or (number.paired and number.value >= 1000 and not _year_like(number))
            # "two ninety-nine a month": an amount straight before a period is a rate of money.
            money = money or (per in ("month", "year", "week") and number.value >= 10)
            # "forty a head": an amount of ten or more for each person is a price per person
            money = money or (per == "person" and number.value >= 10)
            # "fifty-nine a visit", "fifty-five a foot": the same for each thing sold
            money = money or (per in _PER_ITEM and number.value >= 10)
        alt = _pair_alternative([number])
        if money and number.value > 0:
            price = self._price(
                start, [number.value], self.default_currency, per, after_per, False, alt
            )
            return price, after_per
        noun: str | None = None
        raw_noun = ""
        k = j + 1 if self._text(j) == "-" else j
        if self._is_noun(k):
            noun = self._word(k)
            if self._text(k + 1) == "-" and self._word(k + 2):  # "tune-ups"
                noun = f"{noun}-{self._word(k + 2)}"
                k += 2
            raw_noun = noun
            per, after_per = self._per_at(k + 1)
            if per is None:
                after_per = k + 1
                # "two live classes a week": the counted thing may take two words, and a
                # period after it makes the count a rate
                if self._is_noun(k + 1) and self._text(k + 2) != "-":
                    per2, after2 = self._per_at(k + 2)
                    if per2 is not None:
                        raw_noun, per, after_per = self._word(k + 1), per2, after2
            noun = _singular(raw_noun)
        is_one = number.spoken and number.value == 1 and self._word(start) == "one"
        if is_one and (
            noun is None
            or (before and before[0] in _DETERMINERS)
            or (raw_noun.endswith("s") and not raw_noun.endswith("ss"))
        ):
            # "one of them", "the one", "one in the spring", "the better one runs": a pronoun
            # (one of a thing is singular, so "one runs" is a verb).
            return None
        end = after_per if (noun is not None or per is not None) else j
        raw = self.text[self.tokens[start].start : self.tokens[end - 1].end]
        value = FactValue(
            kind="number",
            numbers=(number.value,),
            dimension="count",
            unit=None,
            currency=None,
            per=per,
            text=raw,
            normalized_text=fold_text(raw),
            written_numbers=(number.value,),
            written_unit=None,
            noun=noun,
            alt_numbers=alt,
        )
        return value, end
