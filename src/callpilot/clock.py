"""Injected time.

Every component that needs "now" or a sleep takes a :class:`Clock`. Production uses
:class:`SystemClock`; simulations and tests use :class:`VirtualClock`, whose sleeps
return as soon as every task is waiting on the clock, so a 10-minute call runs in
milliseconds and exactly as it would live.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from collections.abc import Iterator
from typing import Protocol

__all__ = ["Clock", "ScaledClock", "SystemClock", "VirtualClock"]


class Clock(Protocol):
    """A source of time and sleeps. ``now()`` is seconds (monotonic for calls)."""

    def now(self) -> float:
        """Seconds on this clock's timeline."""
        ...

    def wall(self) -> float:
        """Unix time in seconds, for timestamps shown to people."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` on this clock's timeline."""
        ...

    def busy(self) -> contextlib.AbstractContextManager[None]:
        """Mark real I/O in flight: a virtual clock does not jump while it lasts."""
        ...


class SystemClock:
    """Real time: ``time.monotonic`` for durations, ``time.time`` for timestamps."""

    def now(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))

    def busy(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()


class VirtualClock:
    """A clock that jumps to the next wake-up as soon as the event loop is idle.

    Sleepers wait on futures ordered by wake time. A driver task lets the loop run
    every ready callback (several zero-length yields) and, when nothing but sleepers
    remain, advances ``now`` to the earliest wake time and resolves it. Work that waits
    on real I/O (sockets, threads) keeps the clock from advancing only while it is
    runnable; that is why simulations keep such work out of virtual-time calls.
    """

    _IDLE_SPINS = 5  # loop iterations with no new work before time may jump

    def __init__(self, *, start: float = 0.0, wall_start: float = 1_767_225_600.0) -> None:
        self._now = start
        self._wall_offset = wall_start - start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._driver: asyncio.Task[None] | None = None
        self._wakeup: asyncio.Event | None = None
        self._busy = 0
        self._not_busy: asyncio.Event | None = None

    def now(self) -> float:
        return self._now

    def wall(self) -> float:
        return self._now + self._wall_offset

    async def sleep(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._sleepers, (self._now + max(0.0, seconds), next(self._seq), fut))
        self._ensure_driver(loop)
        await fut

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        if self._not_busy is None:
            self._not_busy = asyncio.Event()
        self._busy += 1
        self._not_busy.clear()
        try:
            yield
        finally:
            self._busy -= 1
            if self._busy == 0:
                self._not_busy.set()

    def advance(self, seconds: float) -> None:
        """Move time forward by hand (tests), waking every sleeper that is due."""
        self._now += seconds
        self._wake_due()

    def _ensure_driver(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._wakeup is None:
            self._wakeup = asyncio.Event()
        self._wakeup.set()
        if self._driver is None or self._driver.done():
            self._driver = loop.create_task(self._drive(), name="virtual-clock")

    def _wake_due(self) -> None:
        while self._sleepers and self._sleepers[0][0] <= self._now:
            _, _, fut = heapq.heappop(self._sleepers)
            if not fut.done():
                fut.set_result(None)

    async def _drive(self) -> None:
        # Ends by itself when no sleeper is left, so it never outlives the work it drives.
        while True:
            for _ in range(self._IDLE_SPINS):
                await asyncio.sleep(0)
            if self._busy and self._not_busy is not None:
                await self._not_busy.wait()
                continue
            self._sleepers = [s for s in self._sleepers if not s[2].done()]
            heapq.heapify(self._sleepers)
            if not self._sleepers:
                self._driver = None
                return
            wake_at = self._sleepers[0][0]
            if wake_at > self._now:
                self._now = wake_at
            self._wake_due()


class ScaledClock:
    """Real time run faster (``speed`` > 1) or slower: for demo calls and live tests."""

    def __init__(self, *, speed: float, base: SystemClock | None = None) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._base = base or SystemClock()
        self._origin = self._base.now()

    def now(self) -> float:
        return self._origin + (self._base.now() - self._origin) * self.speed

    def wall(self) -> float:
        return self._base.wall()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds) / self.speed)

    def busy(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()
