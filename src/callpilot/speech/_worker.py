"""Dedicated threads for blocking model calls, with a priority lane.

CTranslate2 releases the GIL, so one thread per model keeps the event loop free while the model
runs. All streams of one model share these threads; a final (the person stopped talking and
waits for an answer) jumps ahead of partials queued by other legs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

__all__ = ["PRIORITY_FINAL", "PRIORITY_PARTIAL", "ModelWorker"]

T = TypeVar("T")

PRIORITY_FINAL = 0
PRIORITY_PARTIAL = 1
_PRIORITY_STOP = -1  # ahead of everything: shutdown should not wait for queued partials


@dataclass(order=True, slots=True)
class _Job(Generic[T]):
    priority: int
    seq: int
    fn: Callable[[], T] | None = field(compare=False)
    future: concurrent.futures.Future[T] | None = field(compare=False)


class ModelWorker:
    """Runs blocking calls on ``threads`` daemon threads, lowest priority number first.

    A job whose future was cancelled before it started is skipped, so cancelling the awaiting
    coroutine also drops work that has not begun (work already running finishes in its thread).
    """

    def __init__(self, *, threads: int = 1, name: str = "model") -> None:
        if threads < 1:
            raise ValueError("threads must be >= 1")
        self._queue: queue.PriorityQueue[_Job[Any]] = queue.PriorityQueue()
        self._seq = itertools.count()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._loop, name=f"{name}-{i}", daemon=True)
            for i in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[[], T], *, priority: int) -> concurrent.futures.Future[T]:
        """Queue ``fn``; its result or exception lands in the returned future."""
        if self._closed:
            raise RuntimeError("model worker is shut down")
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._queue.put(_Job(priority, next(self._seq), fn, future))
        return future

    async def run(self, fn: Callable[[], T], *, priority: int) -> T:
        """Run ``fn`` on a worker thread and await it; cancelling skips it if not yet started."""
        return await asyncio.wrap_future(self.submit(fn, priority=priority))

    @property
    def pending(self) -> int:
        """Jobs waiting for a thread (not counting running ones)."""
        return self._queue.qsize()

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop the threads; queued jobs are cancelled, a running one finishes first."""
        if self._closed:
            return
        self._closed = True
        for _ in self._threads:
            self._queue.put(_Job(_PRIORITY_STOP, next(self._seq), None, None))
        if wait:
            for thread in self._threads:
                thread.join()
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job.future is not None:
                job.future.cancel()

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job.fn is None or job.future is None:
                return
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                result = job.fn()
            except BaseException as exc:  # handed to the awaiting side, which decides
                job.future.set_exception(exc)
            else:
                job.future.set_result(result)
