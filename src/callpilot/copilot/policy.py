"""When a finding becomes an intervention: thresholds, cooldowns, dedupe, caps, priority, delivery.

Every threshold the co-pilot uses lives in :data:`THRESHOLDS`, one row per threshold with its
value at each sensitivity (conservative / balanced / proactive). ``docs/copilot.md`` carries
the same table. Each trigger reads the column of its own sensitivity (the call's, unless the
config sets one for that trigger), and single values can be overridden in the config file
(``thresholds: {"dead_end.silence_s": 12}``).

Similarity scores are cosines of all-MiniLM-L6-v2 sentence embeddings (0 … 1 in practice).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from callpilot.copilot.config import CopilotConfig
from callpilot.domain import Delivery, Intervention, Trigger

__all__ = ["DEFAULT_PRIORITY", "THRESHOLDS", "Finding", "Policy", "threshold_table_markdown"]

logger = logging.getLogger(__name__)

THRESHOLDS: dict[str, tuple[float, float, float, str]] = {
    # name: (conservative, balanced, proactive, meaning)
    "fact_correction.attribute_min": (
        0.46, 0.40, 0.36,
        "relevance a clause needs to an attribute to count as a claim about it: 1.0 when it "
        "uses the attribute's words, else the cosine of the clause (names and numbers masked) "
        "to the attribute's name and aliases, times 0.85-1.0 for how surely the entry is meant",
    ),
    "fact_correction.hold_s": (
        1.6, 1.3, 1.0,
        "seconds to wait after a wrong claim for the rep to correct themselves",
    ),
    "de_escalation.score": (
        3.0, 2.2, 1.6,
        "frustration/confusion/disengagement score (cues + sentiment + conversational signals, "
        "carried over turns with decay) that calls for a de-escalation",
    ),
    "de_escalation.carry": (
        0.5, 0.55, 0.6,
        "share of the previous customer turn's score carried into the next (rising negativity)",
    ),
    "knowledge_gap.answer_min": (
        0.46, 0.40, 0.36,
        "fit of a customer question (with the rep's reply) to a knowledge-base answer: best "
        "cosine to its questions or prose, plus up to 0.14 for words only that answer uses",
    ),
    "knowledge_gap.silence_s": (
        8.0, 6.0, 4.0,
        "seconds of rep silence after an answerable question that count as not knowing",
    ),
    "dead_end.silence_s": (
        14.0, 10.0, 7.0,
        "seconds of silence with no next step agreed that make a dead end",
    ),
    "dead_end.paused_s": (
        90.0, 60.0, 40.0,
        "the same when someone announced a pause ('one sec, let me grab my calendar')",
    ),
    "dead_end.stall_turns": (
        99.0, 99.0, 4.0,
        "consecutive short turns with no question and no next step that make a stalled exchange",
    ),
    "keyword.meaning_min": (
        0.80, 0.74, 0.68,
        "similarity a customer clause needs to a configured phrase when the words differ",
    ),
    "upsell.need_min": (
        0.58, 0.54, 0.48,
        "fit of the customer's turn to an offering's upsell_when line: best cosine of a clause, "
        "+0.04 per word specific to that need (max 0.08), +0.3 x a second supporting clause",
    ),
    "upsell.margin": (
        0.03, 0.03, 0.03,
        "an offering already on the table that covers the need within this margin blocks it",
    ),
    "policy.cooldown_s": (
        45.0, 25.0, 12.0,
        "seconds before the same trigger may fire again",
    ),
    "policy.correction_cooldown_s": (
        8.0, 4.0, 2.0,
        "the same for fact_correction and knowledge_gap (each wrong fact is its own issue)",
    ),
    "policy.cap_per_call": (
        4.0, 8.0, 14.0,
        "interventions at most per call",
    ),
    "policy.min_confidence": (
        0.7, 0.55, 0.4,
        "findings below this confidence are dropped",
    ),
    "policy.calm_window_s": (
        60.0, 60.0, 30.0,
        "no upsell this long after a de-escalation",
    ),
}  # fmt: skip

DEFAULT_PRIORITY: dict[Trigger, int] = {
    # Higher first: a wrong fact and an upset customer matter most; selling matters least.
    Trigger.DE_ESCALATION: 60,
    Trigger.FACT_CORRECTION: 50,
    Trigger.KNOWLEDGE_GAP: 40,
    Trigger.KEYWORD: 30,
    Trigger.DEAD_END: 20,
    Trigger.UPSELL: 10,
}


def threshold(config: CopilotConfig, name: str, trigger: Trigger | None = None) -> float:
    """The value of one threshold for a trigger's sensitivity (config overrides first)."""
    if name in config.thresholds:
        return config.thresholds[name]
    conservative, balanced, proactive, _meaning = THRESHOLDS[name]
    level = config.sensitivity_of(trigger) if trigger is not None else config.sensitivity
    return {"conservative": conservative, "balanced": balanced, "proactive": proactive}[level]


def threshold_table_markdown() -> str:
    """The threshold table as Markdown (docs/copilot.md is generated from this)."""
    lines = [
        "| threshold | conservative | balanced | proactive | meaning |",
        "|---|---|---|---|---|",
    ]
    for name, (c, b, p, meaning) in THRESHOLDS.items():
        lines.append(f"| `{name}` | {c:g} | {b:g} | {p:g} | {meaning} |")
    return "\n".join(lines)


@dataclass(slots=True)
class Finding:
    """What a detector wants to say; the policy decides whether it becomes an intervention."""

    trigger: Trigger
    text: str
    """For the rep (card, whisper)."""
    spoken: str
    """For everyone on the call (voice), without the preface."""
    confidence: float
    turn_index: int | None
    issue_key: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class _Fired:
    trigger: Trigger
    at: float


class Policy:
    """Turns findings into interventions for one call. Pure and synchronous."""

    def __init__(self, config: CopilotConfig, *, call_id: str = "") -> None:
        self.config = config
        self.call_id = call_id
        self._issues: set[str] = set()
        self._last_by_trigger: dict[Trigger, float] = {}
        self._fired: list[_Fired] = []
        self._seq = 0

    @property
    def fired_count(self) -> int:
        return len(self._fired)

    def enabled(self, trigger: Trigger) -> bool:
        return self.config.trigger(trigger).enabled

    def select(self, findings: list[Finding], now: float) -> list[Intervention]:
        """Pick what to deliver now, in priority order, and record it."""
        if not findings:
            return []
        cfg = self.config
        cap = cfg.cap_per_call
        if cap is None:
            cap = int(threshold(cfg, "policy.cap_per_call"))
        ranked = sorted(findings, key=lambda f: (-self._priority(f.trigger), -f.confidence))
        # Voice lines cannot overlap: one per moment. Cards can stack, but two is plenty.
        per_moment = 1 if cfg.mode == "voice" else 2
        calming_now = any(f.trigger is Trigger.DE_ESCALATION for f in ranked)
        out: list[Intervention] = []
        for f in ranked:
            if len(out) >= per_moment or len(self._fired) >= cap:
                break
            reason = self._blocked(f, now, calming_now)
            if reason:
                logger.debug(
                    "finding suppressed",
                    extra={"call_id": self.call_id, "trigger": f.trigger.value, "reason": reason},
                )
                continue
            out.append(self._to_intervention(f, now))
            self._issues.add(f.issue_key)
            self._fired.append(_Fired(f.trigger, now))
        # Cooldowns start after this moment: two wrong facts in one turn are two cards.
        for iv in out:
            self._last_by_trigger[iv.trigger] = now
        return out

    def _priority(self, trigger: Trigger) -> int:
        p = self.config.trigger(trigger).priority
        return p if p is not None else DEFAULT_PRIORITY[trigger]

    def _blocked(self, f: Finding, now: float, calming_now: bool) -> str | None:
        cfg = self.config
        tcfg = cfg.trigger(f.trigger)
        if not tcfg.enabled:
            return "disabled"
        if f.issue_key in self._issues:
            return "same issue"
        if f.confidence < threshold(cfg, "policy.min_confidence", f.trigger):
            return "low confidence"
        cooldown = tcfg.cooldown_s
        if cooldown is None:
            name = (
                "policy.correction_cooldown_s"
                if f.trigger in (Trigger.FACT_CORRECTION, Trigger.KNOWLEDGE_GAP)
                else "policy.cooldown_s"
            )
            cooldown = threshold(cfg, name, f.trigger)
        last = self._last_by_trigger.get(f.trigger)
        if last is not None and now - last < cooldown:
            return "cooldown"
        if f.trigger is Trigger.UPSELL:
            window = threshold(cfg, "policy.calm_window_s", f.trigger)
            calmed = self._last_by_trigger.get(Trigger.DE_ESCALATION)
            if calming_now or (calmed is not None and now - calmed < window):
                return "customer upset"
        return None

    def delivery_for(self, trigger: Trigger) -> Delivery:
        choice = self.config.trigger(trigger).delivery
        if choice == "auto":
            return Delivery.VOICE if self.config.mode == "voice" else Delivery.CARD
        return Delivery(choice)

    def _to_intervention(self, f: Finding, now: float) -> Intervention:
        self._seq += 1
        delivery = self.delivery_for(f.trigger)
        if delivery is Delivery.VOICE:
            text = f"{self.config.voice_preface} {f.spoken}".strip()
        else:
            text = f.text
        return Intervention(
            id=f"{self.call_id or 'call'}-iv{self._seq}",
            call_id=self.call_id,
            trigger=f.trigger,
            text=text,
            at=round(now, 3),
            delivery=delivery,
            confidence=round(f.confidence, 3),
            turn_index=f.turn_index,
            evidence=f.evidence,
            issue_key=f.issue_key,
        )
