from __future__ import annotations

import asyncio
import threading

import pytest

from callpilot.speech._worker import PRIORITY_FINAL, PRIORITY_PARTIAL, ModelWorker


async def test_finals_run_before_queued_partials() -> None:
    worker = ModelWorker(threads=1, name="test")
    gate = threading.Event()
    order: list[str] = []
    try:
        blocker = worker.submit(gate.wait, priority=PRIORITY_PARTIAL)
        jobs = [
            worker.submit(lambda: order.append("partial-a"), priority=PRIORITY_PARTIAL),
            worker.submit(lambda: order.append("partial-b"), priority=PRIORITY_PARTIAL),
            worker.submit(lambda: order.append("final"), priority=PRIORITY_FINAL),
        ]
        gate.set()
        await asyncio.wait_for(asyncio.wrap_future(blocker), 5)
        await asyncio.wait_for(asyncio.gather(*(asyncio.wrap_future(j) for j in jobs)), 5)
    finally:
        gate.set()
        worker.shutdown()
    assert order == ["final", "partial-a", "partial-b"]


async def test_a_job_cancelled_before_it_starts_never_runs() -> None:
    worker = ModelWorker(threads=1, name="test")
    gate = threading.Event()
    ran: list[str] = []
    try:
        worker.submit(gate.wait, priority=PRIORITY_FINAL)
        queued = worker.submit(lambda: ran.append("cancelled"), priority=PRIORITY_PARTIAL)
        assert queued.cancel()  # what cancelling an awaiting worker.run() does to its job
        after = worker.submit(lambda: ran.append("after"), priority=PRIORITY_PARTIAL)
        gate.set()
        await asyncio.wait_for(asyncio.wrap_future(after), 5)
    finally:
        gate.set()
        worker.shutdown()
    assert ran == ["after"]


async def test_errors_reach_the_caller_and_shutdown_refuses_new_work() -> None:
    worker = ModelWorker(threads=1, name="test")

    def boom() -> None:
        raise ValueError("model broke")

    with pytest.raises(ValueError, match="model broke"):
        await asyncio.wait_for(worker.run(boom, priority=PRIORITY_FINAL), 5)
    worker.shutdown()
    worker.shutdown()  # twice is fine
    with pytest.raises(RuntimeError, match="shut down"):
        worker.submit(lambda: None, priority=PRIORITY_FINAL)
