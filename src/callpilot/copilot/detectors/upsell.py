"""upsell: the customer mentions a need an offering's ``upsell_when`` covers, not yet offered.

Each customer clause is compared by meaning with every offering's ``upsell_when`` lines (plus a
small bonus for words only that offering's needs use, and support from a second clause of the
same turn). The best offering fires when its score passes ``need_min`` and

* it is not on the table already (named by the rep, asked about by the customer, or the lead's
  stated interest), and no offering on the table covers the same need about as well (then the
  rep is already selling the answer to it);
* the rep has spoken at all (the customer's opening is what the call is about);
* the clause describes the customer's situation, not a product (clauses naming an offering are
  questions or remarks about that offering);
* the clause does not come before the customer saying the problem was put right ("... and
  your plumber came and fixed it");
* the clause is not a list of counted things ("two restrooms, one kitchen");
* the clause does not deny the need ("we don't have pets") nor contradict a number in it
  ("our bill is ninety a month" is not "a bill over 200 dollars a month").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.conversation import Turn
from callpilot.copilot.detectors.base import Detector, alone_span
from callpilot.copilot.policy import Finding
from callpilot.copilot.semantic import Span
from callpilot.domain import LegRole, Trigger
from callpilot.knowledge.facts import extract_mentions

__all__ = ["UpsellDetector"]

_MIN_WORDS = 3
_WORD_BONUS = 0.04
_WORD_BONUS_MAX = 0.08
_NO_NEED_PENALTY = 0.06
"""A clause with no word of a problem or a want scores this much lower."""
_SUPPORT = 0.3
"""Share of a second clause's score (same offering, same turn) added to the best one."""
_SUPPORT_MIN = 0.3
_NAMED_MARGIN = 0.15
"""When the customer's turn names an offering already on the table, its needs are that
offering's unless another fits clearly better."""
_DENIAL = re.compile(
    r"\b(?:(?:we|i|they)\s+(?:don't|do not|didn't|never|haven't|have not)\s+(?:\w+\s+){0,2}"
    r"(?:have|had|got|need|get|see|notice|deal|worry|care)|no (?:problems?|issues?|trouble)|"
    r"not (?:a|an) (?:problem|issue|concern)|(?:isn't|is not|aren't|are not|wasn't) (?:an? )?"
    r"(?:problem|issue|concern)|nothing wrong|all good|fine so far|no complaints|"
    r"(?:are|is|'re|'s) (?:fine|okay|ok|in (?:good|great) shape)(?: as they are)?(?=\W*$))\b",
    re.I,
)
_FIXED = re.compile(
    r"\b(?:fixed|repaired|replaced|sorted out|resolved|took care of) (?:it|that|them|everything|"
    r"the problem|the issue)\b|\b(?:fixed|repaired|sorted|resolved) (?:it )?(?:now|already)\b",
    re.I,
)
"""The customer tells of a problem already put right ("your plumber came and fixed it")."""
_ABOVE = re.compile(r"\b(?:over|more than|above|at least|upwards of|higher than|exceeds?)\b", re.I)
_BELOW = re.compile(r"\b(?:under|less than|below|at most|lower than|up to)\b", re.I)


class UpsellDetector(Detector):
    trigger = Trigger.UPSELL

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._need_values: dict[str, list[tuple[Any, int]]] = {}

    def texts(self, turn: Turn) -> list[str | Span]:
        if not turn.is_customer:
            return []
        return [span for span, _text in self._units(turn)]

    def _units(self, turn: Turn) -> list[tuple[Span, str]]:
        """The turn's clauses that may state a need, each embedded on its own (a need must not
        borrow meaning from the rest of the turn): not naming an offering, not denying."""
        cached = turn.cache.get("upsell_units")
        if cached is not None:
            return cached  # type: ignore[return-value]
        index = self.env.index
        # a problem told as put right is history, not a need: "the heater went out Saturday
        # and your plumber came and fixed it"
        fixed = max((c.end for c in turn.clauses if _FIXED.search(c.text)), default=-1)
        units = [
            (alone_span(turn, c.start, c.end, c.text), _masked(turn, c))
            for c in turn.clauses
            if c.start >= fixed
            and tx.word_count(c.text) >= _MIN_WORDS
            and not index.offerings_in(c.text)
            and not _DENIAL.search(c.text)
            and not _inventory(c.text)
            and not tx.disclaimed(c.text)
        ]
        turn.cache["upsell_units"] = units
        return units

    def on_turn(self, turn: Turn, now: float) -> list[Finding]:
        if not turn.is_customer:
            return []
        if not any(t.is_rep for t in self.conv.turns):
            # The customer's opening is what the call is about; the rep has not had a
            # chance to offer anything yet.
            return []
        index = self.env.index
        per_clause: list[tuple[str, dict[str, tuple[str, float]]]] = []
        for span, text in self._units(turn):
            vec = turn.vectors.get(span.key)
            if vec is None:
                continue
            words = {tx.stem(w) for w in tx.content_words(text) if len(w) >= 4}
            needy = tx.any_match(cues.NEED_MARKERS, text) or "?" in text
            scores: dict[str, tuple[str, float]] = {}
            for row, s in index.scores("upsell", vec):
                if self._contradicts(row.text, text):
                    continue
                if needy:
                    shared = len(words & self._distinct_words().get(row.owner, set()))
                    s += min(_WORD_BONUS_MAX, _WORD_BONUS * shared)
                else:
                    # a plain fact ("my wife works from home") needs a clearer fit
                    s -= _NO_NEED_PENALTY
                if row.owner not in scores or s > scores[row.owner][1]:
                    scores[row.owner] = (row.text, s)
            per_clause.append((text, scores))
        if not per_clause:
            return []
        totals: dict[str, tuple[float, str, str]] = {}  # owner -> score, need, clause
        for owner in {o for _, sc in per_clause for o in sc}:
            ranked = sorted(
                ((sc[owner][1], sc[owner][0], t) for t, sc in per_clause if owner in sc),
                reverse=True,
            )
            best, need, clause = ranked[0]
            if len(ranked) > 1 and ranked[1][0] >= _SUPPORT_MIN:
                best += _SUPPORT * ranked[1][0]
            totals[owner] = (best, need, clause)
        top_owner, (top, need, clause) = max(totals.items(), key=lambda kv: kv[1][0])
        if top < self.th("need_min"):
            return []
        offered = self.conv.offered
        if top_owner in offered or self._rep_raised(turn, index.offerings[top_owner].upsell_when):
            return []
        margin = self.th("margin")
        if any(o in offered for o in turn.offerings):
            margin = max(margin, _NAMED_MARGIN)
        if any(o in offered and s >= top - margin for o, (s, _, _) in totals.items()):
            return []
        o = index.offerings[top_owner]
        pitch = o.pitch or o.summary
        return [
            Finding(
                trigger=self.trigger,
                text=f"Upsell: {o.name}. {pitch} (fits: {need}; knowledge base: {o.id})",
                spoken=f"since you mentioned that, our {o.name} may help: {pitch}",
                confidence=min(1.0, 0.35 + top),
                turn_index=turn.index,
                issue_key=f"upsell:{o.id}",
                evidence={
                    "turn": turn.index,
                    "turn_text": turn.text,
                    "clause": clause,
                    "kb_entry": o.id,
                    "need": need,
                    "score": round(top, 3),
                },
            )
        ]

    def _rep_raised(self, turn: Turn, needs: Sequence[str]) -> bool:
        """The rep's last turn already put one of the offering's needs on the table ("you
        don't want to get tied into a long contract?"): the customer is answering the rep,
        who is steering there."""
        rep = self.conv.previous(turn, LegRole.REP)
        if rep is None or rep.index < turn.index - 2:
            return False
        said = {tx.stem(w) for w in tx.content_words(rep.text)}
        for need in needs:
            need_words = {tx.stem(w) for w in tx.content_words(need) if len(w) >= 4}
            if need_words and len(need_words & said) >= min(2, len(need_words)):
                return True
        return False

    def _distinct_words(self) -> dict[str, set[str]]:
        """Words of each offering's needs that are specific in this knowledge base: used by
        at most two of its entries ("allergies", "overtime"), unlike "home" or "power"."""
        index = self.env.index
        return index.derived("upsell.distinct_words", lambda: _need_words(index.kb))

    def _contradicts(self, need: str, clause: str) -> bool:
        """The need names a bound ("a bill over 200 dollars") the customer's number misses."""
        values = self._need_values.get(need)
        if values is None:
            values = []
            try:
                for m in extract_mentions(need, default_currency=self.env.index.kb.currency):
                    before = need[: m.start]
                    sign = 1 if _ABOVE.search(before) else -1 if _BELOW.search(before) else 0
                    if sign and m.value.numbers:
                        values.append((m.value, sign))
            except Exception:
                values = []
            self._need_values[need] = values
        if not values or not any(ch.isdigit() for ch in clause) and not _has_number_word(clause):
            return False
        try:
            said = extract_mentions(clause, default_currency=self.env.index.kb.currency)
        except Exception:
            return False
        for bound, sign in values:
            for m in said:
                if m.value.dimension != bound.dimension or not m.value.numbers:
                    continue
                x, b = m.value.numbers[0], bound.numbers[0]
                if (sign > 0 and x < b) or (sign < 0 and x > b):
                    return True
        return False


_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|grand)\b",
    re.I,
)


def _has_number_word(text: str) -> bool:
    return _NUMBER_WORD.search(text) is not None


_COUNTED = re.compile(
    r"^(?:\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I
)


def _inventory(text: str) -> bool:
    """A list of counted things with no verb ("Open plan, two restrooms, one kitchen."): the
    customer describes what they have, which states no problem and no want."""
    parts = [p.strip() for p in re.split(r",|\band\b|[.;]", text) if p.strip()]
    counted = sum(1 for p in parts if _COUNTED.match(p))
    return counted >= 2 and all(len(p.split()) <= 3 for p in parts)


def _masked(turn: Turn, c: tx.Clause) -> str:
    """The clause without people's names (their words are no need: "Sue's car")."""
    names = [(a - c.start, b - c.start) for a, b in turn.names if a < c.end and b > c.start]
    if not names:
        return c.text
    chars = list(c.text)
    for a, b in names:
        for i in range(max(0, a), min(len(chars), b)):
            chars[i] = " "
    return " ".join("".join(chars).split())


def _need_words(kb: Any) -> dict[str, set[str]]:
    docs: list[set[str]] = []
    for o in kb.offerings:
        text = " ".join([o.name, o.summary or "", o.pitch or "", *o.upsell_when])
        docs.append({tx.stem(w) for w in tx.content_words(text)})
    for a in kb.answers:
        docs.append({tx.stem(w) for w in tx.content_words(" ".join([*a.questions, a.answer]))})
    df: dict[str, int] = {}
    for d in docs:
        for w in d:
            df[w] = df.get(w, 0) + 1
    return {
        o.id: {
            w
            for need in o.upsell_when
            for w in (tx.stem(x) for x in tx.content_words(need) if len(x) >= 4)
            if df.get(w, 0) <= 2
        }
        for o in kb.offerings
    }
