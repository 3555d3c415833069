from __future__ import annotations

import asyncio
import time

from callpilot.clock import ScaledClock, VirtualClock


async def test_virtual_sleeps_take_no_real_time_and_wake_in_order() -> None:
    clock = VirtualClock()
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, secs: float) -> None:
        await clock.sleep(secs)
        woke.append((name, clock.now()))

    started = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(sleeper("late", 600.0), sleeper("early", 5.0), sleeper("mid", 60.0)),
        timeout=5,
    )
    assert woke == [("early", 5.0), ("mid", 60.0), ("late", 600.0)]
    assert time.perf_counter() - started < 1.0


async def test_virtual_clock_stands_still_while_real_io_is_busy() -> None:
    clock = VirtualClock()
    seen: list[float] = []

    async def ticker() -> None:
        for _ in range(3):
            await clock.sleep(1.0)

    async def io_bound() -> None:
        with clock.busy():
            await asyncio.sleep(0.05)  # real I/O stand-in
            seen.append(clock.now())

    await asyncio.wait_for(asyncio.gather(ticker(), io_bound()), timeout=5)
    assert seen == [0.0]
    assert clock.now() == 3.0


async def test_scaled_clock_runs_faster_than_real_time() -> None:
    clock = ScaledClock(speed=100.0)
    before = clock.now()
    await asyncio.wait_for(clock.sleep(2.0), timeout=5)  # 20 ms of real time
    assert clock.now() - before >= 2.0
