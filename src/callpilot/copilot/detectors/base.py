"""What a detector is: it reads turns (and the passing of time) and proposes findings.

Detectors are plain synchronous objects, one per call, owned by the engine. They never decide
delivery, cooldowns or caps (that is the policy) and never touch I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from callpilot.copilot.config import CopilotConfig
from callpilot.copilot.conversation import Conversation, Turn
from callpilot.copilot.policy import Finding, threshold
from callpilot.copilot.semantic import KnowledgeIndex, Span
from callpilot.domain import LegRole, Trigger

__all__ = ["Detector", "DetectorEnv", "alone_span"]


def alone_span(turn: Turn, start: int, end: int, key: str) -> Span:
    """A part embedded on its own, with people's names masked (so "Sue's car" means no
    lawsuit). Every detector asks for clause parts this way, so they share one embedding."""
    exclude = tuple((a, b) for a, b in turn.names if a < end and b > start)
    return Span(key, start, end, exclude, alone=True)


@dataclass(slots=True)
class DetectorEnv:
    """What every detector of a call shares."""

    index: KnowledgeIndex
    config: CopilotConfig
    conversation: Conversation

    def threshold(self, name: str, trigger: Trigger) -> float:
        return threshold(self.config, name, trigger)


class Detector:
    """Base class: override what the trigger needs."""

    trigger: Trigger

    def __init__(self, env: DetectorEnv) -> None:
        self.env = env

    @property
    def conv(self) -> Conversation:
        return self.env.conversation

    def th(self, name: str) -> float:
        """A threshold of this trigger at its sensitivity (see policy.THRESHOLDS)."""
        return self.env.threshold(f"{self.trigger.value}.{name}", self.trigger)

    def texts(self, turn: Turn) -> list[str | Span]:
        """Parts of ``turn`` this detector wants embedded: substrings of its text, or spans
        (with parts masked). The engine embeds them all in one encoder pass."""
        return []

    def on_turn(self, turn: Turn, now: float) -> list[Finding]:
        """A final utterance arrived (already added to the conversation)."""
        return []

    def on_tick(self, now: float) -> list[Finding]:
        """Time passed (silence ticks and every observation)."""
        return []

    def on_speech_started(self, role: LegRole, at: float) -> None:
        """Someone started talking."""
        return None

    def cancel_turn(self, turn_index: int) -> None:
        """Another trigger already covers this turn; drop anything pending for it."""
        return None
