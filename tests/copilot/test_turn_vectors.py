"""Turn parts are encoded when a detector first reads them, one batch per kind, and never twice."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pytest

from callpilot.copilot.semantic import KnowledgeIndex, Span, TurnVectors
from callpilot.knowledge import KnowledgeBase
from callpilot.knowledge.embed import TokenStates, get_encoder

TEXT = "We moved last spring, and honestly the bill keeps going up every month."


class CountingEncoder:
    """The real MiniLM encoder, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.inner = get_encoder()
        self.calls: list[list[str]] = []
        self.passes: list[str] = []

    def token_states(self, text: str) -> TokenStates:
        self.passes.append(text)
        return self.inner.token_states(text)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


class BrokenEncoder:
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("model file unreadable")


def _spans() -> list[Span]:
    cut = TEXT.index(",")
    return [
        Span("first", 0, cut, alone=True),
        Span("second", cut + 2, len(TEXT), alone=True),
        Span(TEXT, 0, len(TEXT)),
    ]


def test_nothing_is_encoded_until_read_then_each_kind_once(kb: KnowledgeBase) -> None:
    enc = CountingEncoder()
    index = KnowledgeIndex(kb, encoder=enc)
    index.build()
    enc.calls.clear()
    vectors = TurnVectors(index, TEXT, _spans())
    assert enc.calls == [] and not vectors.encoded

    first = vectors.get("first")
    assert first is not None and enc.calls == [
        ["We moved last spring", "and honestly the bill keeps going up every month."]
    ]
    assert vectors.get("second") is not None and len(enc.calls) == 1  # same batch
    assert enc.passes == []
    whole = vectors[TEXT]  # pooled from one pass over the utterance, not a new encode() call
    assert len(enc.calls) == 1 and enc.passes == [TEXT] and vectors.encoded
    assert float(np.linalg.norm(whole)) == pytest.approx(1.0, abs=1e-5)
    assert float(whole @ get_encoder().encode([TEXT])[0]) > 0.99
    assert vectors.get("never asked for") is None and "never asked for" not in vectors


def test_an_encoder_failure_leaves_the_parts_without_vectors(
    kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    index = KnowledgeIndex(kb, encoder=BrokenEncoder())
    index._built = True  # the rows cannot be encoded either; the turn is what is under test
    vectors = TurnVectors(index, TEXT, _spans())
    with caplog.at_level(logging.ERROR):
        assert vectors.get("first") is None
        assert "second" not in vectors
    assert "sentence encoder failed" in caplog.text
