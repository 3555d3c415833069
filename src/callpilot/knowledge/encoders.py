"""Sentence encoders by name, for settings and the command line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

import numpy as np

__all__ = ["ENCODERS", "Encoder", "EncoderName", "make_encoder"]

EncoderName = Literal["full", "static", "aligned"]
ENCODERS: tuple[EncoderName, ...] = ("full", "static", "aligned")


class Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def make_encoder(name: str) -> Encoder:
    """The sentence encoder called ``name``: "full" (MiniLM, one forward pass per utterance),
    "static" (token vectors distilled from MiniLM; ~0.1 ms per utterance, less accurate) or
    "aligned" (static vectors mapped onto MiniLM-encoded knowledge-base rows; build each index
    inside its ``references()`` block)."""
    if name == "aligned":
        from callpilot.knowledge.static import AlignedEncoder

        return AlignedEncoder()
    if name == "static":
        from callpilot.knowledge.static import get_static_encoder

        return get_static_encoder()
    if name == "full":
        from callpilot.knowledge.embed import get_encoder

        return get_encoder()
    raise ValueError(f"unknown encoder {name!r}; expected one of {', '.join(ENCODERS)}")
