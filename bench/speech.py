"""Benchmark: speech to text and text to speech on the local models.

Measures, on Piper-spoken caller utterances of 2-6 s at 16 kHz:

- STT real-time factor per model (``tiny.en``, and ``base`` when its packages are installed):
  one transcription of each whole utterance, ``cpu_threads=1``;
- streaming cost: the real :class:`WhisperRecognizeStream` fed in real time (20 ms frames),
  re-transcribing while the person talks, then 0.55 s of silence (the VAD's stop_secs) and a
  flush, as a call does. Model busy time over audio time is the streaming real-time factor, and
  legs per core = 1 / that (a conservative figure: every leg talks all the time); once more
  without mid-speech partials (``partial_interval_secs=0``: only the pause transcription);
- final latency: flush() → final event in that stream (p50/p95), and, for a flush right at the
  last word, the cost of one full transcription ("cold");
- TTS: Piper time to first chunk of a one-to-three-sentence reply, and its real-time factor.

Usage: ``python bench/speech.py [--json] [--models tiny.en,base] [--cpu-threads 1]``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import numpy as np
import numpy.typing as npt

from _figures import print_figures  # bench/ is on sys.path when run as a script
from callpilot.audio.frames import FRAME_SAMPLES, FRAME_SECS, SAMPLE_RATE, AudioFrame
from callpilot.speech.errors import ModelNotFoundError
from callpilot.speech.models import resolve_model
from callpilot.speech.piper import PiperTTS
from callpilot.speech.wer import wer
from callpilot.speech.whisper import Transcript, WhisperOptions, WhisperSTT

HANGOVER_SECS = 0.55  # the VAD declares the turn over after this much silence

UTTERANCES = (
    "Yes, this is Sarah speaking, who is this?",
    "I filled out the form on Facebook last week.",
    "How much would the panels cost for a three bedroom house?",
    "We have two kids and a big house, so the electric bill is pretty high every summer.",
    "I'm not sure, I need to talk to my husband about it first, can you call back later?",
    "Honestly that sounds too expensive for us right now, but I would like to hear "
    "more about the financing options you mentioned.",
)
REPLIES = (
    "Great, thanks for confirming.",
    "I understand. Many of our customers felt the same way at first.",
    "That makes sense. Would Tuesday or Thursday work better for a quick survey?",
    "Thanks for taking my call. I saw you asked about solar panels last week. "
    "Do you have a minute to talk about it?",
)

Samples = npt.NDArray[np.int16]


class _TimedWhisper(WhisperSTT):
    """Adds up the time the model is busy (the worker runs one call at a time)."""

    busy_secs = 0.0

    def transcribe(self, samples: Samples, *, language: str = "en") -> Transcript:
        start = time.perf_counter()
        try:
            return super().transcribe(samples, language=language)
        finally:
            self.busy_secs += time.perf_counter() - start


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _stream_one(stt: _TimedWhisper, speech: Samples, text: str) -> tuple[float, float]:
    """Feed one utterance in real time; returns (flush→final ms, WER)."""
    audio = np.concatenate([speech, np.zeros(int(HANGOVER_SECS * SAMPLE_RATE), np.int16)])
    audio = np.concatenate([audio, np.zeros(-len(audio) % FRAME_SAMPLES, np.int16)])
    loop = asyncio.get_running_loop()
    final_at: list[float] = []
    final_text: list[str] = []
    async with stt.stream() as stream:

        async def consume() -> None:
            async for event in stream:
                if event.is_final:
                    final_at.append(time.perf_counter())
                    final_text.append(event.text)

        consumer = asyncio.create_task(consume())
        started = loop.time()
        for i in range(len(audio) // FRAME_SAMPLES):
            due = started + i * FRAME_SECS
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            frame = audio[i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES]
            stream.push_frame(AudioFrame(frame, i * FRAME_SECS))
        flushed = time.perf_counter()
        stream.flush()
        stream.end_input()
        await asyncio.wait_for(consumer, 60)
    if not final_at:
        return float("nan"), 1.0
    return (final_at[0] - flushed) * 1000, wer(text, final_text[0])


def _streaming(
    stt: _TimedWhisper, clips: list[Samples], audio_secs: float
) -> tuple[float, list[float], float]:
    """(streaming real-time factor, flush→final ms per clip, mean WER) fed in real time."""
    stt.busy_secs = 0.0
    final_ms: list[float] = []
    errors: list[float] = []
    for clip, text in zip(clips, UTTERANCES, strict=True):
        latency, error = asyncio.run(_stream_one(stt, clip, text))
        final_ms.append(latency)
        errors.append(error)
    streamed_secs = audio_secs + len(clips) * HANGOVER_SECS
    return stt.busy_secs / streamed_secs, final_ms, statistics.mean(errors)


def bench_stt(model: str, clips: list[Samples], cpu_threads: int) -> dict[str, float]:
    stt = _TimedWhisper(model, cpu_threads=cpu_threads)
    stt.warmup()
    audio_secs = sum(len(c) for c in clips) / SAMPLE_RATE
    calls_ms: list[float] = []
    errors: list[float] = []
    for clip, text in zip(clips, UTTERANCES, strict=True):
        start = time.perf_counter()
        result = stt.transcribe(clip)
        calls_ms.append((time.perf_counter() - start) * 1000)
        errors.append(wer(text, result.text))
    rtf = sum(calls_ms) / 1000 / audio_secs
    stream_rtf, final_ms, stream_wer = _streaming(stt, clips, audio_secs)
    stt.close()
    # Without mid-speech partials: only the transcription at a pause and, if needed, the final.
    quiet = _TimedWhisper(
        model, cpu_threads=cpu_threads, options=WhisperOptions(partial_interval_secs=0)
    )
    quiet.warmup()
    quiet_rtf, quiet_final_ms, _ = _streaming(quiet, clips, audio_secs)
    quiet.close()
    key = model.replace(".", "_")
    return {
        f"stt_rtf_{key}": round(rtf, 4),
        f"stt_call_ms_p50_{key}": round(statistics.median(calls_ms), 1),
        f"stt_wer_{key}": round(statistics.mean(errors), 4),
        f"stt_stream_rtf_{key}": round(stream_rtf, 4),
        f"stt_legs_per_core_{key}": round(1 / stream_rtf, 2),
        f"stt_final_ms_p50_{key}": round(_pct(final_ms, 0.5), 1),
        f"stt_final_ms_p95_{key}": round(_pct(final_ms, 0.95), 1),
        f"stt_final_cold_ms_p50_{key}": round(_pct(calls_ms, 0.5), 1),
        f"stt_final_cold_ms_p95_{key}": round(_pct(calls_ms, 0.95), 1),
        f"stt_stream_wer_{key}": round(stream_wer, 4),
        f"stt_legs_per_core_no_partials_{key}": round(1 / quiet_rtf, 2),
        f"stt_final_ms_p50_no_partials_{key}": round(_pct(quiet_final_ms, 0.5), 1),
        f"stt_final_ms_p95_no_partials_{key}": round(_pct(quiet_final_ms, 0.95), 1),
    }


async def _first_chunk_ms(tts: PiperTTS, text: str) -> float:
    start = time.perf_counter()
    async with tts.synthesize(text) as stream:
        await asyncio.wait_for(anext(stream), 30)
        return (time.perf_counter() - start) * 1000


def bench_tts(tts: PiperTTS) -> dict[str, float]:
    first_ms = [asyncio.run(_first_chunk_ms(tts, text)) for text in REPLIES for _ in range(3)]
    start = time.perf_counter()
    audio_secs = sum(tts.render(text).duration for text in REPLIES)
    rtf = (time.perf_counter() - start) / audio_secs
    return {
        "tts_first_chunk_ms_p50": round(_pct(first_ms, 0.5), 1),
        "tts_first_chunk_ms_p95": round(_pct(first_ms, 0.95), 1),
        "tts_rtf_piper": round(rtf, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--models", default="tiny.en,base", help="comma-separated STT models")
    parser.add_argument("--cpu-threads", type=int, default=1, help="CTranslate2 threads per call")
    args = parser.parse_args()

    tts = PiperTTS(output_rate=SAMPLE_RATE)
    tts.render("Warm up.")
    clips = [tts.render(text).samples for text in UTTERANCES]
    results: dict[str, float] = {
        "utterance_secs_min": round(min(len(c) for c in clips) / SAMPLE_RATE, 2),
        "utterance_secs_max": round(max(len(c) for c in clips) / SAMPLE_RATE, 2),
        "stt_cpu_threads": args.cpu_threads,
    }
    results.update(bench_tts(tts))
    skipped: list[str] = []
    for model in args.models.split(","):
        try:
            resolve_model(model)
        except ModelNotFoundError:
            skipped.append(model)
            continue
        results.update(bench_stt(model, clips, args.cpu_threads))
    tts.close()

    notes = [f"model {model} not installed: skipped" for model in skipped]
    print_figures(results, as_json=args.json, notes=notes)


if __name__ == "__main__":
    main()
