"""Raw PCM over a WebSocket as a call leg: 16-bit little-endian mono at the client's rate.

The wire side only turns bytes into 20 ms frames at 16 kHz and back (``PcmCodec``); the
``PcmLeg`` buffers them between the socket and the call's 20 ms tick.
"""

from __future__ import annotations

import asyncio
from collections import deque

import numpy as np

from callpilot.audio.frames import FRAME_SAMPLES, SAMPLE_RATE, AudioFrame
from callpilot.audio.resample import Resampler

__all__ = ["PCM_RATES", "PcmCodec", "PcmLeg"]

PCM_RATES = (8_000, 16_000, 22_050, 24_000, 48_000)
MAX_BUFFER_SECS = 30.0  # audio a client may send ahead of real time before the oldest is dropped


class PcmCodec:
    """Bytes of PCM16LE at ``rate`` ⇄ 16 kHz frames, keeping resampler state across chunks."""

    def __init__(self, rate: int) -> None:
        if rate not in PCM_RATES:
            raise ValueError(f"sample rate must be one of {', '.join(map(str, PCM_RATES))}")
        self.rate = rate
        self._inbound = Resampler(rate, SAMPLE_RATE) if rate != SAMPLE_RATE else None
        self._outbound = Resampler(SAMPLE_RATE, rate) if rate != SAMPLE_RATE else None
        self._odd = b""
        self._pending = np.zeros(0, dtype=np.int16)

    def decode(self, data: bytes) -> list[AudioFrame]:
        """Frames completed by ``data`` (a partial frame waits for the next chunk)."""
        data = self._odd + data
        if len(data) % 2:
            self._odd, data = data[-1:], data[:-1]
        else:
            self._odd = b""
        samples = np.frombuffer(data, dtype="<i2").astype(np.int16)
        if self._inbound is not None:
            samples = self._inbound.process(samples)
        samples = np.concatenate([self._pending, samples])
        whole = len(samples) // FRAME_SAMPLES * FRAME_SAMPLES
        frames = [
            AudioFrame(samples[i : i + FRAME_SAMPLES].copy())
            for i in range(0, whole, FRAME_SAMPLES)
        ]
        self._pending = samples[whole:]
        return frames

    def encode(self, frame: AudioFrame) -> bytes:
        samples = frame.samples
        if self._outbound is not None:
            samples = self._outbound.process(samples)
        return samples.astype("<i2", copy=False).tobytes()


class PcmLeg:
    """A ``MediaLeg`` fed by a socket reader and drained by a socket writer."""

    def __init__(self, codec: PcmCodec, *, continuous: bool = False) -> None:
        self.codec = codec
        self.continuous = continuous
        """Send digital silence too; by default only frames with something to hear are sent."""
        self._inbound: deque[AudioFrame] = deque(maxlen=int(MAX_BUFFER_SECS * 50))
        self.outbound: asyncio.Queue[bytes] = asyncio.Queue(maxsize=int(MAX_BUFFER_SECS * 50))
        self.frames_received = 0

    def receive(self, data: bytes) -> None:
        """Bytes from the client."""
        for frame in self.codec.decode(data):
            self._inbound.append(frame)
            self.frames_received += 1

    def pull(self, at: float) -> AudioFrame | None:
        return self._inbound.popleft() if self._inbound else None

    def deliver(self, frame: AudioFrame) -> None:
        if not self.continuous and not frame.samples.any():
            return
        if self.outbound.full():
            self.outbound.get_nowait()  # a client that stopped reading loses the oldest audio
        self.outbound.put_nowait(self.codec.encode(frame))
