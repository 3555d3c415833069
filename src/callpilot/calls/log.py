"""Where a call's events are persisted. The session appends here before it publishes."""

from __future__ import annotations

from typing import Protocol

from callpilot.domain import Event

__all__ = ["EventLog", "MemoryEventLog"]


class EventLog(Protocol):
    """Durable, append-only storage of events. ``append`` returns once the event is stored."""

    async def append(self, event: Event) -> None: ...


class MemoryEventLog:
    """Keeps events in a list: for evaluation runs and tests that need no database."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    async def append(self, event: Event) -> None:
        self.events.append(event)
