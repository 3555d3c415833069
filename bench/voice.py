"""Voice pipeline benchmark: end of the caller's speech → first AI audio out, plus STT and bridge.

A virtual caller (Piper voice, through an 8 kHz μ-law phone line) talks to the AI over a real
call: bridge, Silero VAD, streaming Whisper, a placeholder agent that answers each turn with a
short fixed line, Piper TTS back through the bridge. The latency is measured at the caller's
ear: from the last sample of its line to the first audible frame it hears back. It includes the
end-of-turn wait (VAD ``stop_secs`` = 0.55 s), so it is the figure a caller experiences.

The STT figures (real-time factor, legs per core) come from ``bench/speech.py`` and the bridge
figures from ``bench/bridge.py``, run as subprocesses and merged.

Usage: ``python bench/voice.py [--json] [--models tiny.en,base] [--turns 10]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _figures import print_figures  # bench/ is on sys.path when run as a script
from callpilot.calls import CallSession
from callpilot.calls.audio import CallAudio
from callpilot.clock import SystemClock
from callpilot.dialogue import FixedReplyAgent
from callpilot.domain import LegRole
from callpilot.speech import make_stt, make_tts
from callpilot.telephony.sim_audio import VirtualCaller, VoiceLine

BENCH = Path(__file__).resolve().parent
LINES = [
    "Hi, I filled in the form about solar panels.",
    "It's a three bedroom house with a south facing roof.",
    "Our bill is about two hundred dollars a month, more in summer.",
    "Do you do the permits as well?",
    "Okay.",
    "What about financing, is there a monthly option?",
    "We were hoping to get it done before the end of the year, if possible.",
    "Yes, mornings are better for me.",
    "Could you send that by email?",
    "Great, thank you very much.",
    "One more thing, how long is the warranty on the panels?",
    "Perfect.",
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def voice_to_voice(model: str, turns: int) -> dict[str, float]:
    tts = make_tts("piper")
    stt = make_stt(model, cpu_threads=2)
    stt.warmup()
    lines = [VoiceLine(text, after_silence=0.8) for text in (LINES * 2)[:turns]]
    lead = VirtualCaller(lines, telephone=True)
    await lead.prepare(tts)
    session = CallSession(call_id=f"bench-{model}", clock=SystemClock(), agents=[FixedReplyAgent()])
    await session.start()
    audio = CallAudio(session, tts=tts, stt=stt)
    await audio.add_leg(LegRole.LEAD, lead)
    await audio.start()
    deadline = time.monotonic() + 20 + turns * 10
    try:
        while time.monotonic() < deadline:
            if lead.done and lead.replies and lead.replies[-1].heard_at is not None:
                break
            await asyncio.sleep(0.05)
    finally:
        await audio.aclose()
        await session.aclose()
        stt.close()
    latencies = [r.latency * 1000 for r in lead.replies if r.latency is not None]
    if not latencies:
        raise RuntimeError(f"{model}: the AI never answered")
    return {
        "turns": float(len(latencies)),
        "p50": statistics.median(latencies),
        "p95": _pct(latencies, 0.95),
        "late_ticks": float(audio.late_ticks),
    }


def _run_json(script: str, *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(BENCH / script), "--json", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--models", default="tiny.en,base")
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument(
        "--skip-components",
        action="store_true",
        help="only the voice-to-voice figures (no speech.py / bridge.py)",
    )
    args = parser.parse_args()

    figures: dict[str, Any] = {}
    notes: list[str] = []
    for model in args.models.split(","):
        key = model.replace(".", "_")
        try:
            result = asyncio.run(voice_to_voice(model, args.turns))
        except Exception as exc:  # a model that is not installed is reported, not fatal
            notes.append(f"{model}: {exc}")
            continue
        figures[f"voice_to_voice_ms_p50_{key}"] = round(result["p50"], 1)
        figures[f"voice_to_voice_ms_p95_{key}"] = round(result["p95"], 1)
        figures[f"voice_to_voice_turns_{key}"] = int(result["turns"])
    if not args.skip_components:
        figures.update(_run_json("speech.py", "--models", args.models))
        figures.update(_run_json("bridge.py"))

    print_figures(figures, as_json=args.json, notes=notes)


if __name__ == "__main__":
    main()
