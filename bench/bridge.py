"""Benchmark: the audio core's cost per call and per leg, single core.

Measures, per 20 ms tick:

- the bridge: pushing three legs' frames and mixing a three-party call (lead, AI, rep, with the
  AI whispering to the rep), for 1, 100 and 1,000 calls mixed in one process, giving
  calls per core = 20 ms / cost (budget: >= 1,000, DESIGN.md);
- a routing change tick (the 10 ms cross-fade) for comparison;
- Silero VAD per leg per frame (one 32 ms model window every 1.6 frames on average);
- the telephony edge per leg per frame: μ-law decode + 8->16 kHz, 16->8 kHz + μ-law encode.

Usage: ``python bench/bridge.py [--json] [--seconds 2]``. BLAS is limited to one thread so the
figures are per core.
"""

from __future__ import annotations

import os

# One core: keep BLAS and onnxruntime from spreading over the machine's cores.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import time
from collections.abc import Callable

import numpy as np

from _figures import print_figures  # bench/ is on sys.path when run as a script
from callpilot.audio.bridge import Bridge
from callpilot.audio.frames import FRAME_SAMPLES, FRAME_SECS, AudioFrame
from callpilot.audio.g711 import ulaw_decode, ulaw_encode
from callpilot.audio.resample import Resampler
from callpilot.audio.vad import SileroVAD, VADStream

FRAME_US = FRAME_SECS * 1e6  # 20,000 µs of audio per tick
LEGS = ("lead", "ai", "rep")


def _frames(count: int, seed: int) -> list[AudioFrame]:
    rng = np.random.default_rng(seed)
    t = np.arange(FRAME_SAMPLES * count) / 16_000
    voice = 8000 * np.sin(2 * np.pi * 220 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))
    voice += rng.normal(0, 800, voice.size)
    pcm = np.clip(voice, -32768, 32767).astype(np.int16).reshape(count, FRAME_SAMPLES)
    return [AudioFrame(row.copy()) for row in pcm]


def _timed(step: Callable[[], None], seconds: float, units_per_step: int) -> float:
    """Best µs per unit over 5 runs of seconds/5 each (min: other processes only add time)."""
    results = []
    for _ in range(5):
        steps = 0
        start = time.perf_counter()
        deadline = start + seconds / 5
        while True:
            for _ in range(20):
                step()
            steps += 20
            now = time.perf_counter()
            if now >= deadline:
                break
        results.append((now - start) * 1e6 / (steps * units_per_step))
    return min(results)


def bench_bridge(calls: int, seconds: float) -> float:
    """µs per three-party call per 20 ms tick (pushes + mix), ``calls`` bridges in one process."""
    bridges = []
    for _ in range(calls):
        bridge = Bridge()
        for leg in LEGS:
            bridge.add_leg(leg)
        bridge.whisper("ai", "rep")
        bridges.append(bridge)
    frames = _frames(50, seed=1)
    state = {"i": 0}

    def tick() -> None:
        i = state["i"] = (state["i"] + 1) % 50
        frame = frames[i]
        for bridge in bridges:
            bridge.push("lead", frame)
            bridge.push("ai", frame)
            bridge.push("rep", frame)
            bridge.mix()

    tick()  # settle the routing (first tick)
    return _timed(tick, seconds, calls)


def bench_bridge_change(seconds: float) -> float:
    """µs for a tick that carries a routing change (rebuild + cross-fade)."""
    bridge = Bridge()
    for leg in LEGS:
        bridge.add_leg(leg)
    frame = _frames(1, seed=2)[0]
    flip = {"muted": False}

    def tick() -> None:
        if flip["muted"]:
            bridge.unmute("lead")
        else:
            bridge.mute("lead")
        flip["muted"] = not flip["muted"]
        for leg in LEGS:
            bridge.push(leg, frame)
        bridge.mix()

    return _timed(tick, seconds, 1)


def bench_vad(seconds: float) -> float:
    """µs per leg per 20 ms frame for Silero VAD + the turn state machine."""
    model = SileroVAD.shared()
    stream = VADStream(model=model)
    frames = _frames(250, seed=3)
    state = {"i": 0}

    def step() -> None:
        i = state["i"] = (state["i"] + 1) % 250
        stream.process(frames[i])

    return _timed(step, seconds, 1)


def bench_phone_edge(seconds: float) -> float:
    """µs per leg per 20 ms frame: μ-law in -> 16 kHz, and 16 kHz -> μ-law out."""
    up, down = Resampler(8_000, 16_000), Resampler(16_000, 8_000)
    frame = _frames(1, seed=4)[0]
    packet = ulaw_encode(frame.samples[::2].copy())

    def step() -> None:
        up.process(ulaw_decode(packet))
        ulaw_encode(down.process(frame.samples))

    return _timed(step, seconds, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = parser.parse_args()

    figures: dict[str, float] = {}
    for calls in (1, 100, 1000):
        us = bench_bridge(calls, args.seconds)
        figures[f"bridge_us_per_call_frame_{calls}_calls"] = round(us, 2)
    figures["bridge_us_per_call_frame"] = figures["bridge_us_per_call_frame_1000_calls"]
    figures["bridge_calls_per_core"] = round(FRAME_US / figures["bridge_us_per_call_frame"])
    figures["bridge_change_tick_us"] = round(bench_bridge_change(args.seconds), 2)
    vad_us = bench_vad(args.seconds)
    figures["vad_us_per_leg_frame"] = round(vad_us, 2)
    figures["vad_legs_per_core"] = round(FRAME_US / vad_us)
    edge_us = bench_phone_edge(args.seconds)
    figures["phone_edge_us_per_leg_frame"] = round(edge_us, 2)

    print_figures(figures, as_json=args.json)


if __name__ == "__main__":
    main()
