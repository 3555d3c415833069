"""G.711 μ-law (PCMU) encode and decode, vectorised with lookup tables.

The tables are computed once at import from the reference algorithm (ITU-T G.711 as written in
Sun's public-domain ``g711.c``, which ``audioop`` also follows): 16-bit input is reduced to 14 bits,
biased by 33, split into a 3-bit segment and a 4-bit mantissa, and the code word is inverted. The
encode table has one entry per int16 value (64 KiB), so encoding is a single fancy-index.

Telephony sends 8 kHz μ-law; resample to and from the 16 kHz inside with
:mod:`callpilot.audio.resample`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["ulaw_decode", "ulaw_encode"]

_BIAS = 0x84  # 132: bias added to the 16-bit magnitude (33 on the 14-bit scale)
_CLIP = 8159  # largest 14-bit magnitude before the bias is added


def _build_encode_table() -> npt.NDArray[np.uint8]:
    # Index is the int16 value viewed as uint16, so build over -32768..32767 in that order.
    pcm = np.arange(65536, dtype=np.uint32).astype(np.uint16).view(np.int16).astype(np.int32)
    val = pcm >> 2  # arithmetic shift: floors negatives, exactly like the C reference
    negative = val < 0
    mag = np.where(negative, -val, val)
    mag = np.minimum(mag, _CLIP) + (_BIAS >> 2)
    # Segment = the smallest s with mag <= (0x40 << s) - 1 (the reference's seg_uend table).
    seg = np.zeros_like(mag)
    for s in range(7):
        seg += mag > (0x40 << s) - 1
    mantissa = (mag >> (seg + 1)) & 0x0F
    code = (seg << 4) | mantissa
    # Past the top segment (only the clipped magnitude 8159 + 33 = 0x2000) the reference emits
    # the largest code, 0x7F before inversion.
    code = np.where(mag > 0x1FFF, 0x7F, code)
    mask = np.where(negative, 0x7F, 0xFF)
    return (code ^ mask).astype(np.uint8)


def _build_decode_table() -> npt.NDArray[np.int16]:
    u = (~np.arange(256, dtype=np.int32)) & 0xFF
    t = (((u & 0x0F) << 3) + _BIAS) << ((u & 0x70) >> 4)
    return np.where(u & 0x80, _BIAS - t, t - _BIAS).astype(np.int16)


_ENCODE = _build_encode_table()
_DECODE = _build_decode_table()


def ulaw_encode(pcm: npt.NDArray[np.int16]) -> bytes:
    """Encode int16 PCM samples to μ-law bytes (one byte per sample).

    Raises:
        TypeError: ``pcm`` is not an int16 array (a float array would be silently garbage).
    """
    if pcm.dtype != np.int16:
        raise TypeError(f"ulaw_encode needs int16 samples, got {pcm.dtype}")
    return bytes(_ENCODE[pcm.ravel().view(np.uint16)])


def ulaw_decode(data: bytes | bytearray | memoryview) -> npt.NDArray[np.int16]:
    """Decode μ-law bytes to int16 PCM samples (a new array, one sample per byte)."""
    codes = np.frombuffer(data, dtype=np.uint8)
    return _DECODE[codes]
