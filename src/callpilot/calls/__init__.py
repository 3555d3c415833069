"""Live calls: the session that owns a call's events, agents and actions."""

from callpilot.calls.agent import Agent, AgentContext
from callpilot.calls.log import EventLog, MemoryEventLog
from callpilot.calls.manager import CallManager, CallStore
from callpilot.calls.session import CallSession, SessionState

__all__ = [
    "Agent",
    "AgentContext",
    "CallManager",
    "CallSession",
    "CallStore",
    "EventLog",
    "MemoryEventLog",
    "SessionState",
]
