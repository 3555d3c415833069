from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from callpilot.audio.g711 import ulaw_decode, ulaw_encode

ALL_PCM = np.arange(-32768, 32768, dtype=np.int32).astype(np.int16)


@pytest.mark.parametrize(
    ("pcm", "code"),
    [(0, 0xFF), (-1, 0x7E), (1, 0xFF), (4, 0xFE), (-4, 0x7E), (32767, 0x80), (-32768, 0x00)],
)
def test_known_encodings(pcm: int, code: int) -> None:
    assert ulaw_encode(np.array([pcm], dtype=np.int16)) == bytes([code])


@pytest.mark.parametrize(
    ("code", "pcm"),
    [(0xFF, 0), (0x7F, 0), (0x80, 32124), (0x00, -32124), (0xF0, 120), (0x70, -120)],
)
def test_known_decodings(code: int, pcm: int) -> None:
    assert ulaw_decode(bytes([code])).tolist() == [pcm]


def test_encode_and_decode_match_the_reference_for_every_value() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop  # the C reference in CPython <= 3.12

        expected_codes = audioop.lin2ulaw(ALL_PCM.astype("<i2").tobytes(), 2)
        expected_pcm = np.frombuffer(audioop.ulaw2lin(bytes(range(256)), 2), dtype="<i2")
    assert ulaw_encode(ALL_PCM) == expected_codes
    assert np.array_equal(ulaw_decode(bytes(range(256))), expected_pcm)


def test_round_trip_error_is_about_three_percent_of_the_value() -> None:
    decoded = ulaw_decode(ulaw_encode(ALL_PCM)).astype(np.int32)
    error = np.abs(decoded - ALL_PCM.astype(np.int32))
    magnitude = np.abs(ALL_PCM.astype(np.int32))
    # Steps grow from 8 to 1024 (segments), plus up to 3 from dropping the 2 low bits;
    # beyond 32124 the codec clips.
    assert error[magnitude <= 32124].max() <= 512 + 3
    assert (error[magnitude <= 32124] <= 8 + magnitude[magnitude <= 32124] / 32).all()
    assert (decoded[ALL_PCM >= 0] >= 0).all() and (decoded[ALL_PCM < -4] < 0).all()


def test_decode_then_encode_is_identity_except_negative_zero() -> None:
    codes = bytes(c for c in range(256) if c != 0x7F)
    assert ulaw_encode(ulaw_decode(codes)) == codes


@given(arrays(np.int16, st.integers(0, 400)))
def test_encode_gives_one_byte_per_sample_and_decode_back(pcm: np.ndarray) -> None:
    encoded = ulaw_encode(pcm)
    assert len(encoded) == pcm.size
    assert ulaw_decode(encoded).dtype == np.int16


def test_encode_refuses_float_samples() -> None:
    with pytest.raises(TypeError):
        ulaw_encode(np.zeros(4, dtype=np.float32))
