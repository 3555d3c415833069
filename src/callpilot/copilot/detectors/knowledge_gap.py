"""knowledge_gap: the customer asks what the knowledge base answers and the rep doesn't know.

A customer question is matched by meaning against the knowledge base's answer questions. It then
waits for the rep: a reply that hesitates ("I'm not sure", "I'd have to check"), deflects, or
guesses (a hedge plus a value the answer does not support) fires a card carrying the answer,
on the rep's turn; a reply that gives the answer clears it; silence from the rep past
``silence_s`` fires on the question's turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.conversation import Turn
from callpilot.copilot.detectors.base import Detector, alone_span
from callpilot.copilot.policy import Finding
from callpilot.copilot.semantic import Span, unit_mean
from callpilot.domain import LegRole, Trigger
from callpilot.knowledge.facts import extract_mentions, values_agree

__all__ = ["KnowledgeGapDetector"]

_MAX_REP_TURNS = 2
"""A question stays open for this many rep turns (a "good question…" first, then the stall)."""
_MAX_AGE_S = 45.0
_STRONG = 1.0
_WEAK = 0.5
_ESTIMATE = re.compile(
    r"\b(?:do you think|would you say|would you guess|roughly|ballpark|about how|approximately|"
    r"estimate|rough idea|give or take)\b",
    re.I,
)
"""The customer asks for an estimate: the rep's "probably" is the answer, not a guess."""
_QUANTITY = re.compile(
    r"\b(?:how (?:long|much|many|fast|quickly|soon|often|far|big|old)|what(?:'s| is| does) "
    r"(?:it|that|the \w+) (?:cost|run|come to)|what(?:'s| is) the (?:price|cost|fee|rate))\b",
    re.I,
)
"""The customer asks for a number: a reply with no number and nothing checkable dodges it."""
_FOLLOW_ON_WORDS = 6
"""A question this short, right after the customer's own statement, is about that statement
("we lose power in every storm." / "So does the alarm just die?")."""
_SILENT_EXTRA = 0.1
"""Without the rep's words as evidence, the question alone must fit this much better."""
_RARE_WORD_BONUS = 0.07
_RARE_WORD_MAX = 0.14


_FIND_OUT = re.compile(
    r"\b(?:can|could|would|will) you (?:please )?(?:find out|check|ask|look into|get back|"
    r"let me know|confirm)\b",
    re.I,
)


@dataclass(slots=True)
class _Open:
    turn: Turn
    question: str
    answer_id: str
    score: float
    rep_turns: int = 0
    fired: bool = False


class KnowledgeGapDetector(Detector):
    trigger = Trigger.KNOWLEDGE_GAP

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._open: _Open | None = None

    def texts(self, turn: Turn) -> list[str | Span]:
        if turn.is_customer:
            # Every clause on its own (the same parts upsell and keyword embed, so no extra
            # encoder work); questions and the whole turn are their means. The whole turn
            # matters: "we'll have to redo it, right?" needs "our roof's fifteen years old".
            if not turn.questions:
                return []
            return [alone_span(turn, c.start, c.end, c.text) for c in turn.clauses]
        if turn.is_rep and self._open is not None:
            return [turn.text]
        return []

    def on_turn(self, turn: Turn, now: float) -> list[Finding]:
        if turn.is_customer:
            self._consider_question(turn)
            return []
        if not turn.is_rep or self._open is None:
            return []
        q = self._open
        if q.fired:
            self._open = None
            return []
        q.rep_turns += 1
        answer = self.env.index.answers[q.answer_id]
        if self._answers(turn, answer):
            self._open = None
            return []
        hesitation = self._hesitation(
            turn,
            estimate_asked=_ESTIMATE.search(q.question) is not None,
            quantity_asked=_QUANTITY.search(q.question) is not None,
        )
        combined_text = q.question + " " + turn.text
        combined = _combine(q.turn.vectors.get(q.question), turn.vectors.get(turn.text))
        score = q.score
        if combined is not None:
            scores = self._scores(combined, combined_text)
            score = max(score, scores.get(q.answer_id, 0.0))
        need = self.th("answer_min")
        if hesitation >= _STRONG and score >= need:
            self._open = None
            return [self._finding(q, turn, score, "rep hesitated")]
        # A weak stall ("good question…") keeps the question open for the rep's next words.
        if hesitation < _WEAK or q.rep_turns >= _MAX_REP_TURNS:
            self._open = None
        return []

    def on_tick(self, now: float) -> list[Finding]:
        q = self._open
        if q is None or q.fired or q.rep_turns > 0:
            return []
        if now - q.turn.end > _MAX_AGE_S:
            self._open = None
            return []
        conv = self.conv
        last = conv.last()
        if last is not q.turn or LegRole.REP in conv.speaking or LegRole.LEAD in conv.speaking:
            return []
        need = self.th("answer_min") + _SILENT_EXTRA
        if conv.silence(now) >= self.th("silence_s") and q.score >= need:
            q.fired = True
            return [self._finding(q, q.turn, q.score, "rep silent")]
        return []

    def on_speech_started(self, role: LegRole, at: float) -> None:
        if role is LegRole.LEAD and self._open is not None and self._open.rep_turns > 0:
            self._open = None

    # --- parts -----------------------------------------------------------------------------------

    def _scores(self, vec: np.ndarray, text: str) -> dict[str, float]:
        """How well each answer fits ``text``: its questions or its prose by meaning, plus
        words the text shares with that answer alone (a town, a product word)."""
        index = self.env.index
        out: dict[str, float] = {}
        for kind in ("question", "answer_text"):
            for owner, (_row, s) in index.best_by_owner(kind, vec).items():
                out[owner] = max(out.get(owner, 0.0), s)
        words = {tx.stem(w) for w in tx.content_words(text)}
        for owner, own_words in self._distinct_words().items():
            shared = len(words & own_words)
            if shared and owner in out:
                out[owner] += min(_RARE_WORD_MAX, _RARE_WORD_BONUS * shared)
        return out

    def _distinct_words(self) -> dict[str, set[str]]:
        index = self.env.index
        return index.derived("knowledge_gap.distinct_words", lambda: _answer_words(index.kb))

    def _consider_question(self, turn: Turn) -> None:
        if turn.questions and all(_FIND_OUT.search(q) for q in turn.questions):
            # "Could you find out?" asks the rep to come back on the open question: no new one
            return
        best: tuple[str, str, float] | None = None
        floor = self.th("answer_min") - 0.15
        self._pool(turn)
        texts = list(turn.questions)
        if len(texts) > 1 or (texts and texts[0] != turn.text):
            texts.append(turn.text)
        context = self._follow_on_context(turn)
        for q in texts:
            vec = turn.vectors.get(q)
            if vec is None:
                continue
            if context is not None and len(tx.content_words(q)) <= _FOLLOW_ON_WORDS:
                vec = _combine(vec, context[1])
                if vec is None:
                    continue
                q_text = context[0] + " " + q
            else:
                q_text = q
            for owner, s in self._scores(vec, q_text).items():
                if s >= floor and (best is None or s > best[2]):
                    best = (q, owner, s)
        if best is not None:
            self._open = _Open(turn=turn, question=best[0], answer_id=best[1], score=best[2])
        elif turn.questions:
            self._open = None

    def _follow_on_context(self, turn: Turn) -> tuple[str, np.ndarray] | None:
        """The customer's statement this question follows on from (their turn just before,
        with no rep turn between), as text and pooled vector; None if there is none."""
        prev = self.conv.previous(turn)
        if prev is None or not prev.is_customer or prev.questions:
            return None
        parts = [v for c in prev.clauses if (v := prev.vectors.get(c.text)) is not None]
        if not parts:
            return None
        return prev.text, unit_mean(parts)

    @staticmethod
    def _pool(turn: Turn) -> None:
        """Question and whole-turn vectors as the normalised mean of their clauses' vectors."""
        parts = [(c, turn.vectors[c.text]) for c in turn.clauses if c.text in turn.vectors]
        if not parts:
            return
        groups: dict[str, list[np.ndarray]] = {turn.text: [v for _, v in parts]}
        for q in turn.questions:
            start = turn.text.find(q)
            end = start + len(q)
            inside = [v for c, v in parts if start <= c.start and c.end <= end]
            if start >= 0 and inside:
                groups[q] = inside
        for key, vecs in groups.items():
            if key in turn.vectors and len(vecs) == 1:
                continue
            turn.vectors[key] = unit_mean(vecs)

    def _answers(self, turn: Turn, answer: Any) -> bool:
        """The rep's turn gives the answer (a value the answer states, or its words)."""
        try:
            mentions = extract_mentions(turn.text, default_currency=self.env.index.kb.currency)
        except Exception:
            mentions = []
        facts = list(answer.facts.values())
        answer_mentions: list[Any] = []
        try:
            answer_mentions = extract_mentions(
                answer.answer, default_currency=self.env.index.kb.currency
            )
        except Exception:
            answer_mentions = []
        kb_values = [f.value for f in facts] + [m.value for m in answer_mentions]
        for m in mentions:
            if any(values_agree(v, m.value) is True for v in kb_values):
                return not tx.any_match(cues.HEDGES, turn.text)
        overlap = set(tx.content_words(turn.text)) & set(tx.content_words(answer.answer))
        return len(overlap) >= 4 and not tx.any_match(cues.HEDGES, turn.text)

    def _hesitation(
        self, turn: Turn, *, estimate_asked: bool = False, quantity_asked: bool = False
    ) -> float:
        """How clearly the rep's reply shows they don't know: 1.0 or more is clear.

        Admitting it or deflecting ("I'm not sure", "you'd have to ask them") is clear on its
        own; stalling ("good question"), guessing ("probably", "I think") and fillers add up.
        """
        raw = turn.text
        t = tx.without_fillers(raw)
        if tx.any_match(cues.HEDGES, t):
            return _STRONG
        score = _WEAK * min(1, tx.count_matches(cues.WEAK_HEDGES, t))
        if not _has_value(t, self.env.index.kb.currency):
            # a vague non-answer ("it's all pretty quick these days") and moving on
            # ("anyway, what's the VIN") each half-admit it; together they are a deflection
            vague = tx.count_matches(cues.VAGUE, t)
            score += _WEAK * min(1, vague)
            score += _WEAK * min(1, tx.count_matches(cues.TOPIC_SHIFT, t))
            if quantity_asked and vague:
                # "how long before they call?" / "oh, it's pretty quick": no number at all
                score += _WEAK
        guesses = tx.count_matches(cues.GUESSES, t)
        if guesses and not estimate_asked:  # "roughly five hours" is what "do you think" asks
            score += _STRONG if _has_value(t, self.env.index.kb.currency) else _WEAK * guesses
        fillers = tx.count_matches(cues.FILLERS, raw)
        score += 0.25 * max(0, fillers - 1)
        return score

    def _finding(self, q: _Open, turn: Turn, score: float, why: str) -> Finding:
        answer = self.env.index.answers[q.answer_id]
        text = f"Answer: {answer.answer} (knowledge base: {answer.id})"
        return Finding(
            trigger=self.trigger,
            text=text,
            spoken=answer.answer,
            confidence=float(np.clip(0.4 + score * 0.7, 0.0, 1.0)),
            turn_index=turn.index,
            issue_key=f"gap:{answer.id}",
            evidence={
                "question_turn": q.turn.index,
                "question": q.question,
                "turn": turn.index,
                "turn_text": turn.text,
                "kb_entry": answer.id,
                "score": round(score, 3),
                "why": why,
            },
        )


def _combine(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """The question and the rep's reply as one topic: the normalised sum of their vectors."""
    if a is None or b is None:
        return None
    return unit_mean([a, b])


def _has_value(text: str, currency: str) -> bool:
    try:
        return bool(extract_mentions(text, default_currency=currency))
    except Exception:
        return False


def _answer_words(kb: Any) -> dict[str, set[str]]:
    """Words of four letters or more that only one answer of the knowledge base uses."""
    per: dict[str, set[str]] = {}
    for a in kb.answers:
        text = " ".join([*a.questions, a.answer, *a.facts])
        per[a.id] = {tx.stem(w) for w in tx.content_words(text) if len(w) >= 4}
    counts: dict[str, int] = {}
    for ws in per.values():
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
    return {k: {w for w in ws if counts[w] == 1} for k, ws in per.items()}
