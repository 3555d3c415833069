from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pydantic
import pytest

from callpilot.audio.frames import AudioFrame, split_frames
from callpilot.audio.g711 import ulaw_decode, ulaw_encode
from callpilot.audio.resample import resample
from callpilot.audio.vad import (
    VAD_WINDOW_SAMPLES,
    SileroState,
    SileroVAD,
    VADEvent,
    VADEventType,
    VADParams,
    VADState,
    VADStream,
)

from .scenes import Speaker, SpeechScene

pytestmark = pytest.mark.speech

STARTED, STOPPED = VADEventType.SPEECH_STARTED, VADEventType.SPEECH_STOPPED
TOLERANCE_SECS = 0.150


def run(samples: npt.NDArray[np.int16], stream: VADStream | None = None) -> list[VADEvent]:
    stream = stream or VADStream()
    events: list[VADEvent] = []
    for frame in split_frames(samples):
        events += stream.process(frame)
    return events + stream.end()


def through_the_phone(samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """16 kHz -> 8 kHz μ-law -> 16 kHz, as a PSTN call would deliver it."""
    narrow = ulaw_decode(ulaw_encode(resample(samples, 16_000, 8_000)))
    return resample(narrow, 8_000, 16_000)


def assert_turns_found(events: list[VADEvent], scene: SpeechScene) -> None:
    (a_start, _), (_, b_end), (c_start, c_end) = scene.spans
    assert [e.type for e in events] == [STARTED, STOPPED, STARTED, STOPPED]
    assert events[0].at == pytest.approx(a_start, abs=TOLERANCE_SECS)
    assert events[1].at == pytest.approx(b_end, abs=TOLERANCE_SECS)
    assert events[2].at == pytest.approx(c_start, abs=TOLERANCE_SECS)
    assert events[3].at == pytest.approx(c_end, abs=TOLERANCE_SECS)


def test_turns_are_found_near_the_true_speech_boundaries_at_16k(turn_scene: SpeechScene) -> None:
    assert_turns_found(run(turn_scene.samples), turn_scene)


def test_turns_are_found_near_the_true_speech_boundaries_through_8k_ulaw(
    turn_scene: SpeechScene,
) -> None:
    assert_turns_found(run(through_the_phone(turn_scene.samples)), turn_scene)


def test_a_300ms_pause_keeps_the_turn_and_a_1s_pause_ends_it(turn_scene: SpeechScene) -> None:
    (_, a_end), (b_start, b_end), (c_start, _) = turn_scene.spans
    assert b_start - a_end == pytest.approx(0.3, abs=0.01)
    assert c_start - b_end == pytest.approx(1.0, abs=0.01)
    events = run(turn_scene.samples)
    stops = [e for e in events if e.type is STOPPED]
    assert not any(a_end - 0.05 < e.detected_at < b_start + 0.05 for e in stops)
    pause_stop = next(e for e in stops if b_end < e.detected_at < c_start)
    # The end of turn is declared stop_secs after the voice stopped, well before the next turn.
    assert pause_stop.detected_at - pause_stop.at == pytest.approx(VADParams().stop_secs, abs=0.04)
    assert pause_stop.speech_secs == pytest.approx(b_end - turn_scene.spans[0][0], abs=0.3)


def test_a_longer_stop_secs_bridges_the_1s_pause(turn_scene: SpeechScene) -> None:
    events = run(turn_scene.samples, VADStream(params=VADParams(stop_secs=1.2)))
    assert [e.type for e in events] == [STARTED, STOPPED]


def test_the_state_follows_the_speech(turn_scene: SpeechScene) -> None:
    stream = VADStream()
    states = []
    for frame in split_frames(turn_scene.samples):
        stream.process(frame)
        states.append(stream.state)
    (a_start, _), (_, b_end), _ = turn_scene.spans
    assert states[int(a_start / 0.02) - 2] is VADState.QUIET
    in_turn = states[int((a_start + 0.3) / 0.02) : int(b_end / 0.02)]
    assert set(in_turn) <= {VADState.SPEAKING, VADState.STOPPING}  # dips between words
    assert in_turn.count(VADState.SPEAKING) > 0.7 * len(in_turn)
    assert states[int((b_end + 0.2) / 0.02)] is VADState.STOPPING
    assert states[int((b_end + 0.8) / 0.02)] is VADState.QUIET


def test_silence_and_line_noise_are_not_speech() -> None:
    rng = np.random.default_rng(3)
    hiss = np.clip(rng.normal(0, 300, 16_000 * 3), -32768, 32767).astype(np.int16)
    assert run(np.zeros(16_000 * 2, dtype=np.int16)) == []
    assert run(hiss) == []


def test_a_short_blip_does_not_start_speech(speaker: Speaker) -> None:
    clip = speaker.say("Hm.")[: int(0.12 * 16_000)]
    scene = np.concatenate([np.zeros(16_000, np.int16), clip, np.zeros(16_000, np.int16)])
    assert run(scene) == []


def test_legs_have_independent_state(turn_scene: SpeechScene) -> None:
    alone = run(turn_scene.samples)
    talker, listener = VADStream(), VADStream()
    quiet = np.zeros_like(turn_scene.samples)
    together: list[VADEvent] = []
    for speech, silence in zip(split_frames(turn_scene.samples), split_frames(quiet), strict=True):
        together += talker.process(speech)
        assert listener.process(silence) == []
    together += talker.end()
    assert together == alone


def test_end_closes_an_open_turn_and_resets(speaker: Speaker) -> None:
    clip = speaker.say("Hello there, can you hear me?")
    stream = VADStream()
    events: list[VADEvent] = []
    for frame in split_frames(np.concatenate([np.zeros(8000, np.int16), clip])):
        events += stream.process(frame)
    assert [e.type for e in events] == [STARTED] and stream.state is VADState.SPEAKING
    closing = stream.end()
    assert [e.type for e in closing] == [STOPPED]
    assert stream.state.value == "quiet"  # (read again: end() changed it)


def test_frame_timestamps_carry_into_event_times(turn_scene: SpeechScene) -> None:
    stream = VADStream()
    events: list[VADEvent] = []
    for frame in split_frames(turn_scene.samples, at=100.0):
        events += stream.process(frame)
    assert events[0].at == pytest.approx(100.0 + turn_scene.spans[0][0], abs=TOLERANCE_SECS)


def test_streaming_probabilities_match_faster_whisper_batch_run(turn_scene: SpeechScene) -> None:
    from faster_whisper.vad import SileroVADModel

    from callpilot.audio.vad import _default_model_path

    audio = turn_scene.samples.astype(np.float32) / 32768.0
    audio = audio[: audio.size // VAD_WINDOW_SAMPLES * VAD_WINDOW_SAMPLES]
    reference = SileroVADModel(str(_default_model_path()))(audio).ravel()
    model, state = SileroVAD.shared(), SileroState()
    ours = [
        model.probability(state, audio[i : i + VAD_WINDOW_SAMPLES])
        for i in range(0, audio.size, VAD_WINDOW_SAMPLES)
    ]
    assert np.allclose(ours, reference, atol=1e-5)
    assert max(ours) > 0.9 and min(ours) < 0.05


def test_params_are_validated() -> None:
    with pytest.raises(pydantic.ValidationError):
        VADParams(threshold=0.4, stop_threshold=0.6)
    with pytest.raises(pydantic.ValidationError):
        VADParams(stop_secs=0)
    with pytest.raises(ValueError):
        VADStream().process(AudioFrame(np.zeros(100, dtype=np.int16)))
