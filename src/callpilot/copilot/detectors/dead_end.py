"""dead_end: silence (or a stalled exchange) past the threshold with no next step agreed.

Not while someone announced a pause ("hang on, let me grab my calendar") — that silence gets the
much longer ``paused_s`` — and not once a next step was agreed (a booking, a callback, an email
to send), where silence is just the call winding down. One card per silence.
"""

from __future__ import annotations

from typing import Any

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.conversation import Turn
from callpilot.copilot.detectors.base import Detector
from callpilot.copilot.policy import Finding
from callpilot.domain import Trigger

__all__ = ["DeadEndDetector"]

_NEXT_STEP_LOOKBACK = 3
_SHORT_TURN_WORDS = 3
_REACTION_S = 1.0
"""A card fired this soon after the last turn reacted to it; later ones broke the silence."""


class DeadEndDetector(Detector):
    trigger = Trigger.DEAD_END

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._fired_for: int | None = None
        self.last_fired_at: float | None = None
        """Set by the engine: when any intervention last fired (a card already broke the
        silence, so this one would be noise)."""

    def on_turn(self, turn: Turn, now: float) -> list[Finding]:
        stall = int(self.th("stall_turns"))
        recent = self.conv.recent(n=stall)
        if len(recent) < stall or self._fired_for == turn.index:
            return []
        if (
            all(tx.word_count(t.text) <= _SHORT_TURN_WORDS and not t.question for t in recent)
            and not self._next_step_agreed()
        ):
            self._fired_for = turn.index
            return [self._finding(turn, "stalled exchange")]
        return []

    def on_tick(self, now: float) -> list[Finding]:
        conv = self.conv
        last = conv.last()
        if last is None or self._fired_for == last.index:
            return []
        silence = conv.silence(now)
        if silence <= 0:
            return []
        if self.last_fired_at is not None and self.last_fired_at > last.end + _REACTION_S:
            return []
        paused = any(cues.announces_pause(t.text) for t in conv.recent(n=2))
        limit = self.th("paused_s") if paused else self.th("silence_s")
        if silence < limit:
            return []
        if self._next_step_agreed():
            return []
        self._fired_for = last.index
        return [self._finding(last, f"silence {silence:.0f}s")]

    def _next_step_agreed(self) -> bool:
        return any(
            tx.any_match(cues.NEXT_STEP, t.text) for t in self.conv.recent(n=_NEXT_STEP_LOOKBACK)
        )

    def _finding(self, last: Turn, why: str) -> Finding:
        topic = self.conv.topic_offerings()
        name = self.env.index.owner_name(topic[0]) if topic else None
        about = f" the {name}" if name else ""
        open_q = last.is_customer and last.question
        if open_q:
            text = (
                "The customer's question is still open and the talk has stalled. Answer it or "
                "say when you will, then propose a concrete next step."
            )
        else:
            text = (
                f"The conversation has stalled with no next step. Check in, then propose one: "
                f"book a time to go ahead with{about or ' it'}, or send the details by email and "
                f"agree when to follow up."
            )
        spoken = (
            f"would it help to set up a next step{(' for' + about) if about else ''} now, or "
            f"should we send the details by email and follow up at a time that suits you?"
        )
        return Finding(
            trigger=self.trigger,
            text=text,
            spoken=spoken,
            confidence=0.8,
            turn_index=last.index,
            issue_key=f"dead_end:{last.index}",
            evidence={"turn": last.index, "turn_text": last.text, "why": why},
        )
