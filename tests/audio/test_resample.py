from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pytest

from callpilot.audio.resample import SUPPORTED_RATES, Resampler, resample

RATES = sorted(SUPPORTED_RATES)


def sine(freq: float, rate: int, secs: float = 1.0, amp: float = 12_000) -> npt.NDArray[np.int16]:
    t = np.arange(round(rate * secs)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def peak_hz(samples: npt.NDArray[np.int16], rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64) * np.hanning(samples.size)))
    return float(np.fft.rfftfreq(samples.size, 1 / rate)[int(np.argmax(spectrum))])


@pytest.mark.parametrize(("src", "dst"), list(itertools.permutations(RATES, 2)))
def test_one_shot_length_scales_with_the_rate_ratio(src: int, dst: int) -> None:
    out = resample(sine(440, src), src, dst)
    assert out.dtype == np.int16
    assert out.size == round(src * dst / src)


@pytest.mark.parametrize(("src", "dst"), list(itertools.permutations(RATES, 2)))
def test_streaming_in_20ms_chunks_matches_one_shot(src: int, dst: int) -> None:
    signal = sine(300, src)
    stream = Resampler(src, dst)
    chunk = src // 50
    parts = [stream.process(signal[i : i + chunk]) for i in range(0, signal.size, chunk)]
    streamed = np.concatenate([*parts, stream.flush()])
    whole = resample(signal, src, dst)
    assert abs(streamed.size - whole.size) <= 1
    n = min(streamed.size, whole.size)
    assert np.abs(streamed[:n].astype(np.int32) - whole[:n]).max() <= 4


def test_a_sine_keeps_its_frequency_through_a_chain_of_rates() -> None:
    signal, rate = sine(1000, 8_000, secs=2.0), 8_000
    for nxt in (16_000, 48_000, 22_050):
        stream = Resampler(rate, nxt)
        chunk = rate // 50
        parts = [stream.process(signal[i : i + chunk]) for i in range(0, signal.size, chunk)]
        signal, rate = np.concatenate([*parts, stream.flush()]), nxt
        assert peak_hz(signal, rate) == pytest.approx(1000, abs=2)
    # No energy appears away from the tone (imaging/aliasing stays ~40 dB down or better).
    spectrum = np.abs(np.fft.rfft(signal.astype(np.float64) * np.hanning(signal.size)))
    freqs = np.fft.rfftfreq(signal.size, 1 / rate)
    assert spectrum[np.abs(freqs - 1000) > 50].max() < spectrum.max() / 100


def test_downsampling_removes_content_above_the_new_nyquist() -> None:
    out = resample(sine(6_000, 16_000), 16_000, 8_000)
    # 6 kHz cannot exist at 8 kHz (the edges, where the tone starts and stops, are skipped).
    assert np.abs(out[200:-200].astype(np.int32)).max() < 100


def test_same_rate_is_a_copy() -> None:
    signal = sine(440, 16_000)
    stream = Resampler(16_000, 16_000)
    assert np.array_equal(stream.process(signal), signal)
    assert stream.flush().size == 0


def test_unsupported_rates_and_dtypes_are_refused() -> None:
    with pytest.raises(ValueError, match="44100"):
        Resampler(44_100, 16_000)
    with pytest.raises(TypeError):
        resample(np.zeros(10, dtype=np.float32), 8_000, 16_000)


def test_process_after_flush_is_an_error_until_reset() -> None:
    stream = Resampler(8_000, 16_000)
    stream.process(sine(440, 8_000, 0.1))
    stream.flush()
    assert stream.flush().size == 0
    with pytest.raises(RuntimeError):
        stream.process(sine(440, 8_000, 0.1))
    stream.reset()
    out = np.concatenate([stream.process(sine(440, 8_000, 0.5)), stream.flush()])
    assert out.size == 8_000
