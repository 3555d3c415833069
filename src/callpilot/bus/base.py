"""The bus protocol, so a Redis bus can replace the in-process one for several workers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from callpilot.domain import Event

__all__ = ["EventBus", "Subscription"]


class Subscription(Protocol):
    """A live feed of events; iterate it, then ``aclose()`` it."""

    def __aiter__(self) -> AsyncIterator[Event]: ...

    async def aclose(self) -> None: ...


class EventBus(Protocol):
    """Publishes events to subscribers. Events are persisted before they reach the bus."""

    async def publish(self, event: Event) -> None: ...

    def subscribe(self, call_id: str | None = None) -> Subscription:
        """Events of one call, or of every call when ``call_id`` is None."""
        ...
