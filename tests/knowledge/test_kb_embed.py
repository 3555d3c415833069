from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from callpilot.errors import ServiceError
from callpilot.knowledge import SentenceEncoder, get_encoder

# sentence-transformers 6.2 + torch on the same weights (all-MiniLM-L6-v2), computed once.
REFERENCE_FIRST_DIMS = [0.0373423174, 0.0349489897, 0.0038640162, 0.0275341254, -0.0065341452]
REFERENCE_COS_PARAPHRASE = 0.4328101575
REFERENCE_COS_UNRELATED = 0.0335468128


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return get_encoder()


def test_get_encoder_is_one_instance_per_process(encoder: SentenceEncoder) -> None:
    seen: list[SentenceEncoder] = []
    threads = [threading.Thread(target=lambda: seen.append(get_encoder())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert len(seen) == 4 and all(e is encoder for e in seen)


def test_vectors_are_float32_unit_norm_and_384_wide(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(["Do you offer financing?", "", "a " * 400])

    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_the_numpy_encoder_matches_sentence_transformers(encoder: SentenceEncoder) -> None:
    a, b, c = encoder.encode(
        [
            "Do you offer financing?",
            "Can I pay for it in monthly installments?",
            "The weather is nice today.",
        ]
    )

    assert a[:5] == pytest.approx(REFERENCE_FIRST_DIMS, abs=1e-5)
    assert float(a @ b) == pytest.approx(REFERENCE_COS_PARAPHRASE, abs=1e-5)
    assert float(a @ c) == pytest.approx(REFERENCE_COS_UNRELATED, abs=1e-5)


def test_similar_sentences_score_higher_than_unrelated_ones(encoder: SentenceEncoder) -> None:
    question = "How long is the warranty on the panels?"

    related = encoder.similarity(question, "For how many years are the solar panels covered?")
    unrelated = encoder.similarity(question, "My daughter plays football on Saturdays.")

    assert related > 0.5
    assert unrelated < 0.2
    assert related > unrelated + 0.3


def test_batched_and_single_encoding_agree_and_order_is_kept(encoder: SentenceEncoder) -> None:
    texts = [f"sentence number {i} about {'solar ' * (i % 7)}panels" for i in range(40)]
    fresh = SentenceEncoder(cache_size=0)

    batched = fresh.encode(texts)
    singles = np.stack([fresh.encode([t])[0] for t in texts[:5]])

    assert np.allclose(batched[:5], singles, atol=1e-5)
    assert np.allclose(batched, encoder.encode(texts), atol=1e-5)


def test_repeated_sentences_come_from_the_cache(encoder: SentenceEncoder) -> None:
    first = encoder.encode(["Is there a tax credit?"])
    again = encoder.encode(["Is there a tax credit?", "Is there a tax credit?"])

    assert np.array_equal(first[0], again[0]) and np.array_equal(again[0], again[1])
    again[0, 0] = 42.0  # callers get copies; the cache is not theirs to change
    assert encoder.encode(["Is there a tax credit?"])[0, 0] == first[0, 0]


def test_encode_refuses_a_bare_string(encoder: SentenceEncoder) -> None:
    with pytest.raises(TypeError):
        encoder.encode("not a list")


def test_a_missing_model_folder_is_a_service_error(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="cannot load the sentence encoder") as info:
        SentenceEncoder(tmp_path)

    assert info.value.retryable is False


def test_concurrent_callers_get_the_same_vectors(encoder: SentenceEncoder) -> None:
    texts = [f"concurrent sentence {i} about batteries" for i in range(12)]
    expected = SentenceEncoder(cache_size=0).encode(texts)
    results: dict[int, np.ndarray] = {}

    def work(n: int) -> None:
        results[n] = encoder.encode(texts[n % 3 :] + texts[: n % 3])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(results) == 6
    for n, got in results.items():
        assert np.allclose(got, np.roll(expected, -(n % 3), axis=0), atol=1e-5)
