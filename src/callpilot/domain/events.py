"""The event log's record and the event types every package writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["Event", "EventType"]


class EventType(str, Enum):
    """Event types. Stored as their string value; unknown strings are allowed in the log."""

    CALL_CREATED = "call.created"
    CALL_DIALING = "call.dialing"
    CALL_ANSWERED = "call.answered"
    CALL_ENDED = "call.ended"
    CALL_DISPOSITION = "call.disposition"
    LEG_JOINED = "leg.joined"
    LEG_LEFT = "leg.left"
    SPEECH_STARTED = "speech.started"
    SPEECH_STOPPED = "speech.stopped"
    UTTERANCE_PARTIAL = "utterance.partial"
    UTTERANCE_FINAL = "utterance.final"
    SILENCE = "silence"
    AI_SPEECH_STARTED = "ai.speech.started"
    AI_SPEECH_ENDED = "ai.speech.ended"
    AI_INTERRUPTED = "ai.interrupted"
    INTERVENTION_FIRED = "intervention.fired"
    INTERVENTION_DROPPED = "intervention.dropped"
    INTERVENTION_FEEDBACK = "intervention.feedback"
    AI_SAY = "ai.say"
    ACTION_FAILED = "action.failed"
    STATE_CHANGED = "state.changed"
    HANDOFF_OFFERED = "handoff.offered"
    HANDOFF_ACCEPTED = "handoff.accepted"


@dataclass(slots=True, frozen=True)
class Event:
    """One entry of a call's event log.

    ``seq`` is monotonic per call, starting at 1. ``at`` is call time in seconds (from the
    injected clock, relative to the call's start) and ``ts`` is Unix time for people.
    """

    call_id: str
    seq: int
    type: str
    at: float
    ts: float
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "seq": self.seq,
            "type": self.type,
            "at": self.at,
            "ts": self.ts,
            "payload": self.payload,
        }
