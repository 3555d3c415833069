from __future__ import annotations

import numpy as np
import pytest

from callpilot.audio.frames import (
    FRAME_SAMPLES,
    FRAME_SECS,
    AudioFrame,
    FrameBuffer,
    join_frames,
    silence,
    split_frames,
)


def test_split_then_join_gives_back_the_samples_padded_to_whole_frames() -> None:
    samples = np.arange(1000, dtype=np.int16)
    frames = split_frames(samples, at=2.0)
    assert len(frames) == 4
    assert [f.at for f in frames] == pytest.approx([2.0, 2.02, 2.04, 2.06])
    joined = join_frames(frames)
    assert np.array_equal(joined[:1000], samples)
    assert not joined[1000:].any() and joined.size == 4 * FRAME_SAMPLES


def test_split_without_padding_drops_the_short_tail() -> None:
    assert len(split_frames(np.zeros(639, dtype=np.int16), pad=False)) == 1


def test_split_frames_own_their_samples() -> None:
    samples = np.ones(FRAME_SAMPLES, dtype=np.int16)
    frame = split_frames(samples)[0]
    samples[:] = 7
    assert (frame.samples == 1).all()


def test_join_of_nothing_is_empty() -> None:
    assert join_frames([]).size == 0


def test_frame_buffer_turns_odd_chunks_into_evenly_stamped_frames() -> None:
    buffer = FrameBuffer(start_at=1.0)
    data = np.arange(1500, dtype=np.int16)
    frames = []
    for start in range(0, data.size, 170):
        frames += buffer.push(data[start : start + 170])
    assert len(frames) == 4 and buffer.pending_samples == 1500 - 4 * FRAME_SAMPLES
    frames += buffer.flush()
    assert [f.at for f in frames] == pytest.approx([1.0 + i * FRAME_SECS for i in range(5)])
    assert np.array_equal(join_frames(frames)[:1500], data)
    assert buffer.flush() == []


def test_frame_bytes_round_trip() -> None:
    frame = AudioFrame(np.arange(-160, 160, dtype=np.int16), at=0.5)
    back = AudioFrame.from_bytes(frame.to_bytes(), at=0.5)
    assert np.array_equal(back.samples, frame.samples) and back.at == 0.5
    assert not silence().samples.any()


def test_the_audio_package_exports_what_it_lists() -> None:
    import callpilot.audio as audio

    for name in audio.__all__:
        assert getattr(audio, name) is not None
