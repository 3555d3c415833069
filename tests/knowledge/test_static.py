from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import numpy as np
import pytest

from callpilot.knowledge import SentenceEncoder, get_encoder

if TYPE_CHECKING:
    from callpilot.knowledge.static import StaticEncoder


# Imported when the tests run, not when pytest collects them: importing the submodule adds it
# to ``dir(callpilot.knowledge)``, which test_kb_exports checks.
def _static_module() -> ModuleType:
    return importlib.import_module("callpilot.knowledge.static")


# Six paraphrase pairs (0-1, 2-3, ...) of the kind a sales call and a knowledge base hold.
SENTENCES = [
    "Do you offer financing?",
    "Can I pay for it in monthly installments?",
    "How much does the installation cost?",
    "What is the price to install it?",
    "I want to cancel my policy.",
    "Please close my account, I'm done.",
    "Is there a warranty on the panels?",
    "How long are the panels guaranteed for?",
    "My dog loves playing at the beach.",
    "The weather is lovely today.",
    "Can someone come out on Saturday?",
    "Do you have weekend appointments?",
]
UNRELATED = "My dog loves playing at the beach."

# Measured on SENTENCES (66 pairs): Spearman 0.58, Pearson 0.83 between the static and the
# MiniLM cosines. The bounds leave room for numeric noise, not for a broken distillation
# (uncentred token vectors give ~0.1; unweighted means ~0.3).
MIN_SPEARMAN = 0.45
MIN_PEARSON = 0.7


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("static-cache")


@pytest.fixture(scope="module")
def static(cache: Path) -> StaticEncoder:
    return _static_module().StaticEncoder(cache=cache)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def full() -> SentenceEncoder:
    return get_encoder()


def _ranks(x: np.ndarray) -> np.ndarray:
    r = np.empty(len(x))
    r[np.argsort(x)] = np.arange(len(x))
    return r


def test_vectors_are_float32_unit_norm_and_384_wide(static: StaticEncoder) -> None:
    vectors = static.encode(["Do you offer financing?", "", "a " * 400, "?!"])

    assert vectors.shape == (4, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert static.encode([]).shape == (0, 384)


def test_one_string_is_refused(static: StaticEncoder) -> None:
    with pytest.raises(TypeError):
        static.encode("Do you offer financing?")


def test_rows_do_not_depend_on_the_batch(static: StaticEncoder) -> None:
    alone = static.encode(["How long are the panels guaranteed for?"])[0]
    batched = static.encode(["Do you offer financing?", "How long are the panels guaranteed for?"])

    assert np.allclose(batched[1], alone, atol=1e-6)


def test_paraphrase_ranks_above_an_unrelated_sentence(static: StaticEncoder) -> None:
    for i in range(0, len(SENTENCES), 2):
        a, b = SENTENCES[i], SENTENCES[i + 1]
        if UNRELATED in (a, b):
            continue
        assert static.similarity(a, b) > static.similarity(a, UNRELATED) + 0.05, a


def test_cosines_agree_with_the_full_encoder(static: StaticEncoder, full: SentenceEncoder) -> None:
    upper = np.triu_indices(len(SENTENCES), 1)
    s = (static.encode(SENTENCES) @ static.encode(SENTENCES).T)[upper]
    f = (full.encode(SENTENCES) @ full.encode(SENTENCES).T)[upper]

    assert np.corrcoef(_ranks(s), _ranks(f))[0, 1] >= MIN_SPEARMAN
    assert np.corrcoef(s, f)[0, 1] >= MIN_PEARSON


def test_tokens_are_distilled_lazily_and_once(cache: Path) -> None:
    encoder = _static_module().StaticEncoder(cache=cache)
    assert encoder.distilled == 0 and not encoder.full_table

    first = encoder.encode(["Is there a warranty on the panels?"])
    after_first = encoder.distilled
    again = encoder.encode(["Is there a warranty on the panels?", "the panels"])

    assert 0 < after_first < 20
    assert encoder.distilled == after_first  # nothing new to distil
    assert np.array_equal(first[0], again[0])


def test_a_second_encoder_reuses_the_cached_centre(cache: Path, static: StaticEncoder) -> None:
    centres = list(cache.rglob("center.npy"))
    assert len(centres) == 1

    again = _static_module().StaticEncoder(cache=cache)

    assert np.allclose(again.encode(SENTENCES), static.encode(SENTENCES), atol=1e-6)


def test_full_table_is_saved_and_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = _static_module().StaticEncoder(cache=tmp_path)
    expected = encoder.encode(SENTENCES)
    # Distilling all 30k tokens takes a minute: pretend the tokens seen so far are the vocabulary.
    monkeypatch.setattr(encoder, "_known", np.ones_like(encoder._known))
    encoder.build_table()
    monkeypatch.undo()

    loaded = _static_module().StaticEncoder(cache=tmp_path)

    assert len(list(tmp_path.rglob("table.npy"))) == 1
    assert loaded.full_table and loaded.distilled == loaded._known.size
    assert np.allclose(loaded.encode(SENTENCES), expected, atol=1e-6)


def test_aligned_encoder_is_minilm_until_it_has_references(
    static: StaticEncoder, full: SentenceEncoder
) -> None:
    aligned = _static_module().AlignedEncoder(static, full)

    assert np.allclose(aligned.encode(SENTENCES[:3]), full.encode(SENTENCES[:3]), atol=1e-6)
    assert aligned.references_seen == 0


def test_aligned_encoder_maps_new_sentences_next_to_their_minilm_rows(
    static: StaticEncoder, full: SentenceEncoder
) -> None:
    aligned = _static_module().AlignedEncoder(static, full)
    rows = [SENTENCES[i] for i in range(0, len(SENTENCES), 2)]  # one of each pair
    queries = [SENTENCES[i] for i in range(1, len(SENTENCES), 2)]

    with aligned.references():
        row_vectors = aligned.encode(rows)
    mapped = aligned.encode(queries)

    assert aligned.references_seen == len(rows)
    assert np.allclose(row_vectors, full.encode(rows), atol=1e-6)  # rows are exact MiniLM
    assert mapped.dtype == np.float32
    assert np.allclose(np.linalg.norm(mapped, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(mapped, full.encode(queries), atol=1e-3)  # no MiniLM pass
    # Each paraphrase lands nearest its own row (the unrelated "weather" pair aside).
    sims = mapped @ row_vectors.T
    for i, query in enumerate(queries):
        if query != "The weather is lovely today.":
            assert int(np.argmax(sims[i])) == i, query
