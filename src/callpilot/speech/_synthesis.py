"""The shared shape of a synthesis stream: a producer task, a short queue, cancel on close."""

from __future__ import annotations

import abc
import asyncio
import logging
from collections.abc import AsyncIterator
from enum import Enum
from typing import TYPE_CHECKING

from callpilot.speech._closing import ClosesOnExit
from callpilot.speech.base import AudioChunk
from callpilot.speech.errors import SpeechError, SynthesisError
from callpilot.speech.text import split_for_speech

if TYPE_CHECKING:
    from typing import Self

__all__ = ["ChunkStream"]

logger = logging.getLogger(__name__)

CANCEL_TIMEOUT_SECS = 2.0  # aclose() waits this long for the producer to stop


class _End(Enum):
    END = "end"


class ChunkStream(ClosesOnExit, abc.ABC):
    """A :class:`~callpilot.speech.base.SynthesisStream` fed by :meth:`_produce`.

    The text is split into sentences/clauses (:func:`split_for_speech`); the producer
    synthesizes them in order and may run at most ``lookahead`` chunks ahead of the consumer,
    so a barge-in does not pay for a paragraph nobody will hear. ``aclose()`` cancels the
    producer, which stops before its next piece (a piece already inside the engine finishes
    in its worker thread but is thrown away).
    """

    def __init__(self, text: str, *, lookahead: int = 2) -> None:
        self.pieces = split_for_speech(text)
        """The sentences/clauses the text was split into, in speaking order."""
        self.pieces_done = 0
        """Pieces fully synthesized so far."""
        self._queue: asyncio.Queue[AudioChunk | BaseException | _End] = asyncio.Queue(
            maxsize=max(1, lookahead)
        )
        self._closed = False
        self._exhausted = False
        self._task = asyncio.create_task(self._main(), name=f"{type(self).__name__}")

    @abc.abstractmethod
    def _produce(self) -> AsyncIterator[AudioChunk]:
        """Yield the chunks of ``self.pieces`` in order, counting ``pieces_done``."""

    async def _main(self) -> None:
        try:
            async for chunk in self._produce():
                await self._queue.put(chunk)
        except asyncio.CancelledError:
            return  # aclose(): ending is the intent
        except Exception as exc:
            error = exc if isinstance(exc, SpeechError) else SynthesisError("synthesis failed")
            if error is not exc:
                error.__cause__ = exc
            logger.warning("tts stream failed", extra={"error": type(exc).__name__})
            await self._queue.put(error)
        await self._queue.put(_End.END)

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> AudioChunk:
        if self._exhausted:
            raise StopAsyncIteration
        if self._closed and self._queue.empty():
            self._exhausted = True
            raise StopAsyncIteration
        item = await self._queue.get()
        if isinstance(item, _End):
            self._exhausted = True
            raise StopAsyncIteration
        if isinstance(item, BaseException):
            self._exhausted = True
            raise item
        return item

    async def aclose(self) -> None:
        """Cancel the rest of the text and stop the producer. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._task.cancel()
        _done, pending = await asyncio.wait({self._task}, timeout=CANCEL_TIMEOUT_SECS)
        if pending:
            logger.warning("tts stream producer did not stop")
        # Drop what was queued and wake a consumer blocked in __anext__.
        while not self._queue.empty():
            self._queue.get_nowait()
        self._queue.put_nowait(_End.END)
