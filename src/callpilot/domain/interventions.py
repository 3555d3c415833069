"""Co-pilot interventions and the rep's feedback on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["Delivery", "Feedback", "Intervention", "Trigger"]


class Trigger(str, Enum):
    """Why the co-pilot steps in."""

    FACT_CORRECTION = "fact_correction"
    DE_ESCALATION = "de_escalation"
    KNOWLEDGE_GAP = "knowledge_gap"
    DEAD_END = "dead_end"
    KEYWORD = "keyword"
    UPSELL = "upsell"


class Delivery(str, Enum):
    """How an intervention reaches people."""

    CARD = "card"
    """Silent mode: shown on the rep's screen."""
    VOICE = "voice"
    """Spoken into the call, heard by everyone."""
    WHISPER = "whisper"
    """Spoken to the rep only."""


class Feedback(str, Enum):
    """What the rep did with a card."""

    USED = "used"
    DISMISSED = "dismissed"


@dataclass(slots=True, frozen=True)
class Intervention:
    """A suggestion the co-pilot made, with its evidence."""

    id: str
    call_id: str
    trigger: Trigger
    text: str
    """The suggestion, phrased for its listener."""
    at: float
    """Call time in seconds when it fired."""
    delivery: Delivery = Delivery.CARD
    confidence: float = 1.0
    turn_index: int | None = None
    """The utterance (0-based, in call order) that called for it."""
    evidence: dict[str, Any] = field(default_factory=dict)
    """Why: the turn text, the knowledge-base entry id and anything else that supports it."""
    issue_key: str = ""
    """Identifies the issue so the same issue gets at most one card."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "call_id": self.call_id,
            "trigger": self.trigger.value,
            "text": self.text,
            "at": self.at,
            "delivery": self.delivery.value,
            "confidence": self.confidence,
            "turn_index": self.turn_index,
            "evidence": self.evidence,
            "issue_key": self.issue_key,
        }
