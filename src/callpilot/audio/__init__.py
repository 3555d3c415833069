"""Audio core: frames, G.711 μ-law, resampling, the bridge (mixer) and voice activity.

Everything here is sans-IO: plain objects fed with frames by the call session's 20 ms loop.
"""

from __future__ import annotations

from callpilot.audio.bridge import Bridge, BridgeParams, LegStats
from callpilot.audio.frames import (
    FRAME_SAMPLES,
    FRAME_SECS,
    SAMPLE_RATE,
    AudioFrame,
    FrameBuffer,
    join_frames,
    silence,
    split_frames,
)
from callpilot.audio.g711 import ulaw_decode, ulaw_encode
from callpilot.audio.resample import Resampler, resample

__all__ = [
    "FRAME_SAMPLES",
    "FRAME_SECS",
    "SAMPLE_RATE",
    "AudioFrame",
    "Bridge",
    "BridgeParams",
    "FrameBuffer",
    "LegStats",
    "Resampler",
    "join_frames",
    "resample",
    "silence",
    "split_frames",
    "ulaw_decode",
    "ulaw_encode",
]
