"""Text to speech with the ``espeak-ng`` program: robotic but tiny, the fallback for Piper."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from collections.abc import AsyncIterator

from callpilot.speech._pcm import parse_wav, resample_int16
from callpilot.speech._synthesis import ChunkStream
from callpilot.speech.base import AudioChunk
from callpilot.speech.errors import EngineUnavailableError, SynthesisError

__all__ = ["EspeakSynthesisStream", "EspeakTTS"]

ESPEAK_RATE = 22_050  # Hz espeak-ng writes


class EspeakTTS:
    """espeak-ng in a subprocess per sentence (``--stdout`` WAV), text passed on stdin.

    Args:
        voice: espeak-ng voice name.
        words_per_minute: Speaking rate.
        output_rate: Hz of the chunks; ``None`` keeps espeak-ng's 22,050 Hz.
        executable: Program to run; default ``espeak-ng`` (or ``espeak``) on the PATH.
        lookahead: Chunks a stream may synthesize ahead of its consumer.

    Raises:
        EngineUnavailableError: The program is not installed.
    """

    def __init__(
        self,
        *,
        voice: str = "en-us",
        words_per_minute: int = 165,
        output_rate: int | None = None,
        executable: str | os.PathLike[str] | None = None,
        lookahead: int = 2,
    ) -> None:
        found = (
            shutil.which(executable)
            if executable is not None
            else shutil.which("espeak-ng") or shutil.which("espeak")
        )
        if found is None:
            raise EngineUnavailableError(
                "espeak-ng is not installed: apt-get install espeak-ng"
                if executable is None
                else f"espeak program {os.fspath(executable)!r} not found"
            )
        self.executable = found
        self.voice = voice
        self.words_per_minute = words_per_minute
        self._output_rate = output_rate or ESPEAK_RATE
        self._lookahead = lookahead

    @property
    def sample_rate(self) -> int:
        """Hz of the chunks this engine yields."""
        return self._output_rate

    def synthesize(self, text: str) -> EspeakSynthesisStream:
        """Start synthesizing ``text`` sentence by sentence (call inside the event loop)."""
        return EspeakSynthesisStream(self, text, lookahead=self._lookahead)

    async def render_piece(self, text: str) -> AudioChunk:
        """Synthesize one piece; the subprocess is killed if this is cancelled.

        Raises:
            SynthesisError: espeak-ng failed or wrote something that is not WAV.
        """
        process = await asyncio.create_subprocess_exec(
            self.executable,
            "--stdout",
            "-v",
            self.voice,
            "-s",
            str(self.words_per_minute),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            out, _ = await process.communicate(text.encode("utf-8"))
        finally:
            if process.returncode is None:  # cancelled mid-way: do not leave it running
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if process.returncode != 0:
            raise SynthesisError(f"espeak-ng exited with status {process.returncode}")
        try:
            samples, rate = parse_wav(out)
        except ValueError as exc:
            raise SynthesisError("espeak-ng wrote no usable WAV") from exc
        return AudioChunk(resample_int16(samples, rate, self._output_rate), self._output_rate, text)


class EspeakSynthesisStream(ChunkStream):
    """Chunks of one text from :class:`EspeakTTS`."""

    def __init__(self, tts: EspeakTTS, text: str, *, lookahead: int = 2) -> None:
        self._tts = tts
        super().__init__(text, lookahead=lookahead)

    async def _produce(self) -> AsyncIterator[AudioChunk]:
        for piece in self.pieces:
            chunk = await self._tts.render_piece(piece)
            self.pieces_done += 1
            if len(chunk.samples):
                yield chunk
