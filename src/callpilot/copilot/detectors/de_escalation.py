"""de_escalation: the customer's frustration, confusion or disengagement crosses the threshold.

One negative word is not enough. Each customer turn gets a score from several kinds of evidence:

* words: frustration (blame, "again", "you people", anger words, asking for a manager),
  confusion ("I'm lost", "what does that mean"), disengagement ("whatever", "get to the point");
* sentiment (VADER) when clearly negative, and exclamation marks in a negative turn;
* conversational signals: interrupting the rep, repeating a question already asked, short curt
  answers after long rep turns, and rising negativity (part of the previous turn's score carries
  over, so two moderately upset turns in a row add up);
* politeness ("thanks", "perfect") pulls the score down.

A card fires when the score passes ``de_escalation.score``; a new episode of the same kind needs
the score to fall back first.
"""

from __future__ import annotations

import re
from typing import Any

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.conversation import Turn
from callpilot.copilot.detectors.base import Detector
from callpilot.copilot.policy import Finding
from callpilot.domain import LegRole, Trigger

__all__ = ["DeEscalationDetector", "sentiment"]

_VADER: SentimentIntensityAnalyzer | None = None


def sentiment(text: str) -> float:
    """VADER compound score of ``text`` (−1 … 1)."""
    global _VADER
    if _VADER is None:
        _VADER = SentimentIntensityAnalyzer()
    return float(_VADER.polarity_scores(text)["compound"])


_W_FRUSTRATION = 1.0
_W_CONFUSION = 1.3
_W_DISENGAGED = 0.9
_W_NEG_SENTIMENT = 1.2
_W_EXCLAIM = 0.35
_W_INTERRUPT = 0.6
_W_REPEAT = 1.0
_W_CURT = 0.5
_W_POLITE = -0.6
_CURT_AFTER_WORDS = 18
_W_CLARIFY = 0.6
_CLARIFY_WORDS = 5
_CLARIFY = re.compile(r"(?:\bwhat|\bwhich|\bhuh|\bsorry|\bcome again)\s*\?\s*$", re.I)
_REPEAT_OVERLAP = 0.6
_CAPS = re.compile(r"\b[A-Z]{3,}\b")

_TEXTS = {
    "frustration": (
        "The customer is frustrated. Acknowledge it and apologise once, say exactly what you "
        "will do now and by when, and hold off on selling until it is sorted.",
        "I'm sorry about the trouble. Let's make sure this gets sorted out properly right now.",
    ),
    "confusion": (
        "The customer is lost. Stop, drop the jargon, restate the point in one plain sentence "
        "about what it means for them, and check it makes sense before going on.",
        "let's pause and put that in plain terms, so it's clear what it means for you.",
    ),
    "disengagement": (
        "The customer is tuning out. Ask what matters most to them right now and keep it short.",
        "to keep this quick, what matters most to you here?",
    ),
}


class DeEscalationDetector(Detector):
    trigger = Trigger.DE_ESCALATION

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._score = 0.0
        self._armed = {"frustration": True, "confusion": True, "disengagement": True}
        self._episode = 0

    def on_turn(self, turn: Turn, now: float) -> list[Finding]:
        if not turn.is_customer:
            return []
        parts = self.score_turn(turn)
        carry = self.th("carry")
        total = sum(parts.values()) + carry * self._score
        self._score = max(0.0, total)
        threshold = self.th("score")
        kind = _dominant(parts)
        if total < threshold / 2:
            for k in self._armed:
                self._armed[k] = True
        if total < threshold or kind is None or not self._armed[kind]:
            return []
        self._armed[kind] = False
        self._episode += 1
        text, spoken = _TEXTS[kind]
        confidence = 0.7 + 0.3 * min(1.0, (total - threshold) / max(threshold, 1e-6))
        return [
            Finding(
                trigger=self.trigger,
                text=text,
                spoken=spoken,
                confidence=max(confidence, 0.6),
                turn_index=turn.index,
                issue_key=f"de_escalation:{kind}:{self._episode}",
                evidence={
                    "turn": turn.index,
                    "turn_text": turn.text,
                    "kind": kind,
                    "score": round(total, 2),
                    "signals": {k: round(v, 2) for k, v in parts.items() if v},
                },
            )
        ]

    def score_turn(self, turn: Turn) -> dict[str, float]:
        """The evidence of one customer turn, by signal."""
        t = turn.text
        parts: dict[str, float] = {}
        frus = _frustration(t)
        conf = min(2, tx.count_matches(cues.CONFUSION, t))
        dis = min(2, tx.count_matches(cues.DISENGAGED, t))
        parts["frustration"] = _W_FRUSTRATION * frus
        parts["confusion"] = _W_CONFUSION * conf
        parts["disengagement"] = _W_DISENGAGED * dis
        s = turn.sentiment
        negative = s <= -0.3 or frus or conf
        if s <= -0.3:
            parts["sentiment"] = _W_NEG_SENTIMENT * (-s)
        if negative:
            parts["exclaim"] = _W_EXCLAIM * min(2, t.count("!"))
            parts["caps"] = 0.3 * min(2, len(_CAPS.findall(t)))
        prev_rep = self.conv.previous(turn, LegRole.REP)
        if prev_rep is not None and turn.start < prev_rep.end - 0.3 and turn.index > 0:
            parts["interrupt"] = _W_INTERRUPT
        if turn.question and self._repeats_question(turn):
            parts["repeat"] = _W_REPEAT
        if (
            turn.question
            and prev_rep is not None
            and prev_rep.index == turn.index - 1
            and tx.word_count(t) <= _CLARIFY_WORDS
            and _CLARIFY.search(t)
        ):
            # "Mid-four what?": the customer could not place what the rep just said
            parts["clarify"] = _W_CLARIFY
        words = tx.word_count(t)
        polite = tx.any_match(cues.POLITE, t)
        if (
            words <= 2
            and not polite
            and prev_rep is not None
            and prev_rep.index == turn.index - 1
            and tx.word_count(prev_rep.text) >= _CURT_AFTER_WORDS
            and not turn.question
        ):
            parts["curt"] = _W_CURT
        if polite:
            parts["polite"] = _W_POLITE
        return parts

    def _repeats_question(self, turn: Turn) -> bool:
        mine = set(tx.content_words(" ".join(turn.questions)))
        if len(mine) < 2:
            return False
        for t in self.conv.turns[: turn.index]:
            if not t.is_customer or not t.question:
                continue
            theirs = set(tx.content_words(" ".join(t.questions)))
            if theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= _REPEAT_OVERLAP:
                return True
        return False


_HEDGED = re.compile(
    r"\b(?:kind of|kinda|sort of|a (?:little|bit|tad)|slightly|mildly|somewhat)\s+$", re.I
)
"""'Kind of annoying' is half the annoyance."""


def _frustration(text: str) -> float:
    """Frustration cues in ``text``, a hedged one counting half, at most three."""
    total = sum(
        0.5 if _HEDGED.search(text[: m.start()]) else 1.0 for m in cues.FRUSTRATION.finditer(text)
    )
    return min(3.0, total)


def _dominant(parts: dict[str, float]) -> str | None:
    kinds = {k: parts.get(k, 0.0) for k in ("frustration", "confusion", "disengagement")}
    kinds["frustration"] += (
        parts.get("sentiment", 0.0) + parts.get("interrupt", 0.0) + parts.get("repeat", 0.0)
    )
    kinds["disengagement"] += parts.get("curt", 0.0)
    kinds["confusion"] += parts.get("clarify", 0.0)
    kind, value = max(kinds.items(), key=lambda kv: kv[1])
    return kind if value > 0 else None
