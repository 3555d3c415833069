"""Plain typed records and enums. No I/O."""

from callpilot.domain.actions import Action, Card, Hangup, Say, ToolCall, Transfer, Whisper
from callpilot.domain.calls import Call, CallState, Disposition, Leg, LegRole, Utterance
from callpilot.domain.events import Event, EventType
from callpilot.domain.interventions import Delivery, Feedback, Intervention, Trigger
from callpilot.domain.leads import Lead, LeadState, Rep

__all__ = [
    "Action",
    "Call",
    "CallState",
    "Card",
    "Delivery",
    "Disposition",
    "Event",
    "EventType",
    "Feedback",
    "Hangup",
    "Intervention",
    "Lead",
    "LeadState",
    "Leg",
    "LegRole",
    "Rep",
    "Say",
    "ToolCall",
    "Transfer",
    "Trigger",
    "Utterance",
    "Whisper",
]
