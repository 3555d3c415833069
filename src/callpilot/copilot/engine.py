"""The co-pilot engine: sans-IO, one per call. Utterances and time in, interventions out.

``observe(utterance)`` prepares the turn once (clauses, questions, offerings named, sentiment
and ONE batched encoder pass for every text any detector wants embedded), runs the detectors
and lets the policy pick what to deliver. ``tick(now)`` lets time-based detectors act (a
fact correction waiting out the self-correction window, a question the rep never answers, a
dead-end silence). ``speech_started(role, at)`` keeps track of who is talking.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from callpilot.copilot import text as tx
from callpilot.copilot.config import CopilotConfig
from callpilot.copilot.conversation import Conversation, Turn
from callpilot.copilot.detectors import ALL_DETECTORS, DeadEndDetector, Detector, DetectorEnv
from callpilot.copilot.detectors.de_escalation import sentiment
from callpilot.copilot.policy import Finding, Policy
from callpilot.copilot.semantic import KnowledgeIndex, Span, TurnVectors
from callpilot.domain import Intervention, LegRole, Trigger, Utterance

if TYPE_CHECKING:
    from callpilot.knowledge import KnowledgeBase

__all__ = ["Copilot"]

logger = logging.getLogger(__name__)


class Copilot:
    """Follows one call and proposes interventions.

    Args:
        kb: the business's knowledge base.
        config: sensitivity, delivery, caps (already merged with per-call overrides).
        index: a prebuilt :class:`KnowledgeIndex` to share between calls of the same business.
        call_id: used in intervention ids.
        context: what the AI learned while qualifying (``{"lead": {"interest": ...}}``);
            offerings named in the lead's interest or the notes count as already on the table.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        config: CopilotConfig | None = None,
        index: KnowledgeIndex | None = None,
        call_id: str = "",
        context: Mapping[str, Any] | None = None,
    ) -> None:
        self.kb = kb
        self.config = config or CopilotConfig()
        self.index = index or KnowledgeIndex(kb)
        self.conversation = Conversation()
        self.policy = Policy(self.config, call_id=call_id)
        env = DetectorEnv(index=self.index, config=self.config, conversation=self.conversation)
        self.detectors: list[Detector] = [
            cls(env) for cls in ALL_DETECTORS if self.policy.enabled(cls.trigger)
        ]
        self._dead_end = next((d for d in self.detectors if isinstance(d, DeadEndDetector)), None)
        self.interventions: list[Intervention] = []
        self._heads = self.index.derived("head_words", lambda: _head_words(kb))
        self._set_context(context or {})

    def _set_context(self, context: Mapping[str, Any]) -> None:
        lead = context.get("lead")
        texts: list[str] = []
        if isinstance(lead, Mapping):
            texts += [str(v) for k, v in lead.items() if k in ("interest", "product", "offering")]
        if isinstance(context.get("interest"), str):
            texts.append(str(context["interest"]))
        interest: list[str] = []
        for t in texts:
            for oid in self.index.offerings_in(t) or self._head_refs(t, owner=None):
                if oid not in interest:
                    interest.append(oid)
        self.conversation.context = {"interest_offerings": interest, **dict(context)}
        self.conversation.offered.update(interest)
        # An offering the qualifying notes name ("his car is on Premier Auto") is one the
        # customer has or has discussed: never news to them, so no upsell for it.
        notes = context.get("notes")
        if isinstance(notes, str):
            self.conversation.offered.update(self.index.offerings_in(notes))

    # --- inputs ------------------------------------------------------------------------------

    def speech_started(self, role: LegRole, at: float) -> list[Intervention]:
        """Someone began to talk; returns what became due (a correction no longer held)."""
        conv = self.conversation
        conv.speaking.add(role)
        conv.speech_started_at.setdefault(role, at)
        for d in self.detectors:
            d.on_speech_started(role, at)
        return self.tick(at)

    def observe(self, utt: Utterance, now: float | None = None) -> list[Intervention]:
        """A final utterance; returns the interventions to deliver now."""
        if not utt.final or not utt.text.strip():
            return []
        now = utt.end if now is None else now
        turn = self._prepare(utt)
        self.conversation.add(turn)
        self._note_offers(turn)
        self._embed(turn)
        findings: list[Finding] = []
        for d in self.detectors:
            try:
                findings.extend(d.on_turn(turn, now))
            except Exception:
                logger.exception(
                    "detector failed", extra={"trigger": d.trigger.value, "turn": turn.index}
                )
        if any(f.trigger is Trigger.KNOWLEDGE_GAP and f.turn_index == turn.index for f in findings):
            # The gap card carries the answer; a correction of the same guess would repeat it.
            findings = [f for f in findings if f.trigger is not Trigger.FACT_CORRECTION]
            for d in self.detectors:
                if d.trigger is Trigger.FACT_CORRECTION:
                    d.cancel_turn(turn.index)
        return self._select(findings, now)

    def tick(self, now: float) -> list[Intervention]:
        """Time passed; returns what became due."""
        findings: list[Finding] = []
        for d in self.detectors:
            try:
                findings.extend(d.on_tick(now))
            except Exception:
                logger.exception("detector failed", extra={"trigger": d.trigger.value})
        return self._select(findings, now)

    # --- internals -------------------------------------------------------------------------------

    def _select(self, findings: list[Finding], now: float) -> list[Intervention]:
        if not findings:
            return []
        chosen = self.policy.select(findings, now)
        if chosen:
            self.interventions.extend(chosen)
            if self._dead_end is not None:
                self._dead_end.last_fired_at = now
        return chosen

    def _prepare(self, utt: Utterance) -> Turn:
        text = utt.text.strip()
        turn = Turn(
            index=len(self.conversation.turns),
            role=utt.role,
            text=text,
            start=utt.start,
            end=utt.end,
        )
        turn.norm = tx.normalize(text)
        turn.clauses = tx.split_clauses(text)
        turn.words = tx.word_count(text)
        if utt.role is LegRole.LEAD:
            turn.questions = tx.question_sentences(text)
            turn.question = bool(turn.questions)
            turn.sentiment = sentiment(text)
        else:
            turn.question = tx.is_question(text)
        turn.offerings = self.index.offerings_in(text)
        self.conversation.names.update(tx.learn_names(text))
        turn.names = tx.name_spans(text, self.conversation.names)
        return turn

    def _note_offers(self, turn: Turn) -> None:
        if turn.role in (LegRole.REP, LegRole.LEAD, LegRole.AI):
            self.conversation.offered.update(turn.offerings)
            owner = "your" if turn.role is LegRole.LEAD else "our"
            self.conversation.offered.update(self._head_refs(turn.text, owner=owner))

    def _head_refs(self, text: str, *, owner: str | None) -> list[str]:
        """Offerings referred to by a name word only their entry uses ("your bootcamp", an
        interest in "the AP Biology bootcamp"). In a turn only the business's own thing
        counts: the customer's "your ...", the rep's "our ..." ("the class" or "our plan"
        from the customer may be their own)."""
        words = tx.normalize(text)
        if owner is None:
            found = [m.group(1) for m in _ANY_HEAD.finditer(words)]
        else:
            found = [
                m.group(1) for m in _POSSESSIVE_HEAD.finditer(words) if m.group(0).startswith(owner)
            ]
        out: list[str] = []
        for w in found:
            oid = self._heads.get(tx.stem(w))
            if oid is not None and oid not in out:
                out.append(oid)
        return out

    def _embed(self, turn: Turn) -> None:
        """Collect the parts any detector wants embedded; they are encoded when first read."""
        spans: dict[str, Span] = {}
        for d in self.detectors:
            for want in d.texts(turn):
                if isinstance(want, Span):
                    spans.setdefault(want.key, want)
                    continue
                at = turn.text.find(want)
                if at >= 0:
                    spans.setdefault(want, Span(want, at, at + len(want)))
        turn.vectors = TurnVectors(self.index, turn.text, list(spans.values()))


_POSSESSIVE_HEAD = re.compile(r"\b(?:your|our)\s+(?:[a-z0-9'-]+\s+){0,2}?([a-z][a-z-]{3,})\b")
_ANY_HEAD = re.compile(r"\b([a-z][a-z-]{3,})\b")


def _head_words(kb: KnowledgeBase) -> dict[str, str]:
    """Last words of offering names and aliases that only that offering's entry ever uses
    ("bootcamp"; not "plan" or "insurance", which other entries or answers use too)."""
    used: dict[str, set[str]] = {}

    def note(owner: str, texts: list[str]) -> None:
        for t in texts:
            for w in tx.content_words(t):
                used.setdefault(tx.stem(w), set()).add(owner)

    heads: dict[str, str] = {}
    for o in kb.offerings:
        note(o.id, [o.name, *o.aliases, o.summary or "", o.pitch or "", *o.upsell_when])
        for name in [o.name, *o.aliases]:
            words = tx.content_words(name)
            if words:
                heads.setdefault(tx.stem(words[-1]), o.id)
    for a in kb.answers:
        note(f"answer:{a.id}", [*a.questions, a.answer])
    return {w: oid for w, oid in heads.items() if used.get(w) == {oid} and w not in _GENERIC_HEADS}


_GENERIC_HEADS = frozenset(
    tx.stem(w)
    for w in "service plan package program programme membership option deal product offer "
    "team company staff people website site app price stuff thing value unit coverage "
    "protection support account".split()
)
"""What any business calls its things ("I love your service"): no reference to one offering."""
