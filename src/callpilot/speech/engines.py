"""The process's speech engines, loaded once on first use and shared by every call."""

from __future__ import annotations

import asyncio
import logging

from callpilot.speech.base import TextToSpeech
from callpilot.speech.factory import make_stt, make_tts
from callpilot.speech.whisper import WhisperSTT

__all__ = ["SpeechEngines"]

logger = logging.getLogger(__name__)


class SpeechEngines:
    """Lazily built STT and TTS: loading takes seconds, so it runs off the event loop, once."""

    def __init__(self, *, stt_model: str = "tiny.en", tts: str = "piper", cpu_threads: int = 2):
        self.stt_model = stt_model
        self.tts_name = tts
        self.cpu_threads = cpu_threads
        self._stt: WhisperSTT | None = None
        self._tts: TextToSpeech | None = None
        self._lock = asyncio.Lock()

    async def stt(self) -> WhisperSTT:
        async with self._lock:
            if self._stt is None:
                loop = asyncio.get_running_loop()
                self._stt = await loop.run_in_executor(None, self._load_stt)
            return self._stt

    async def tts(self) -> TextToSpeech:
        async with self._lock:
            if self._tts is None:
                loop = asyncio.get_running_loop()
                self._tts = await loop.run_in_executor(None, make_tts, self.tts_name)
            return self._tts

    async def preload(self) -> None:
        """Load both engines now (at start-up), so the first call does not wait for them."""
        try:
            await self.tts()
            await self.stt()
        except Exception:
            # a missing model must not stop the server: calls that need it will report it
            logger.exception("speech engines could not be loaded")

    def _load_stt(self) -> WhisperSTT:
        stt = make_stt(self.stt_model, cpu_threads=self.cpu_threads)
        stt.warmup()
        return stt

    def close(self) -> None:
        if self._stt is not None:
            self._stt.close()
            self._stt = None
        close_tts = getattr(self._tts, "close", None)  # Piper has worker threads; espeak has none
        if close_tts is not None:
            close_tts()
        self._tts = None
