"""In-process event bus: fan-out to bounded per-subscriber queues."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from callpilot.domain import Event

__all__ = ["InProcessBus", "MemorySubscription"]

logger = logging.getLogger(__name__)

_CLOSED = object()  # sentinel that ends a subscription's iteration


class MemorySubscription:
    """One subscriber's queue. A slow reader loses its oldest events, never blocks the call."""

    def __init__(self, bus: InProcessBus, call_id: str | None, maxsize: int) -> None:
        self._bus = bus
        self.call_id = call_id
        self._queue: asyncio.Queue[Event | object] = asyncio.Queue(maxsize=maxsize)
        self.dropped = 0
        """How many events were dropped because this reader fell behind."""

    def offer(self, event: Event) -> None:
        if self.call_id is not None and event.call_id != self.call_id:
            return
        if self._queue.full():
            self._queue.get_nowait()
            self.dropped += 1
        self._queue.put_nowait(event)

    async def __aiter__(self) -> AsyncIterator[Event]:
        while True:
            item = await self._queue.get()
            if item is _CLOSED:
                return
            assert isinstance(item, Event)
            yield item

    async def aclose(self) -> None:
        self._bus._remove(self)
        while self._queue.full():
            self._queue.get_nowait()
        self._queue.put_nowait(_CLOSED)


class InProcessBus:
    """The default bus: subscribers in this process only."""

    def __init__(self, *, queue_size: int = 1000) -> None:
        self._subscribers: list[MemorySubscription] = []
        self._queue_size = queue_size

    async def publish(self, event: Event) -> None:
        for sub in list(self._subscribers):
            sub.offer(event)

    def subscribe(self, call_id: str | None = None) -> MemorySubscription:
        sub = MemorySubscription(self, call_id, self._queue_size)
        self._subscribers.append(sub)
        return sub

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    def _remove(self, sub: MemorySubscription) -> None:
        if sub in self._subscribers:
            self._subscribers.remove(sub)
