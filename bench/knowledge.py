"""Benchmark: the knowledge package's cost per utterance, single core.

Measures:

- the numpy sentence encoder: model load, one short sentence (not cached) p50/p99, and the cost
  per sentence in a batch of 64;
- the retriever: index build for a knowledge base, ``search`` for a new sentence (one encoder pass
  + one matrix-vector product) and for a repeated one (cached), p50/p99;
- the text side: ``extract_mentions`` and ``match_claims`` (with the sentence already embedded)
  per sentence, ``parse_value`` per value.

Usage: ``python bench/knowledge.py [--json] [--kb PATH] [--n 200]``. BLAS is limited to one thread
so the figures are per core.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from _figures import print_figures  # bench/ is on sys.path when run as a script
from callpilot.knowledge import (
    Retriever,
    SentenceEncoder,
    extract_mentions,
    load_knowledge,
    parse_value,
)

DEFAULT_KB = (
    Path(__file__).parent.parent / "tests" / "knowledge" / "fixtures" / "sunbright-solar.yaml"
)
TEMPLATES = [
    "Parts are covered for {n} years, and you get fifteen percent off any repair, call {i}.",
    "Is there any way to pay for the panels over {n} months? Asking for the {i}th time.",
    "Our power keeps going out, it happened {n} times this winter, number {i}.",
    "It's fourteen ninety-nine a month and installed in {n} days, quote {i}.",
]


def sentences(count: int, offset: int = 0) -> list[str]:
    return [TEMPLATES[i % len(TEMPLATES)].format(n=(i % 9) + 2, i=i + offset) for i in range(count)]


def timed_ms(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB, help="knowledge base to index")
    parser.add_argument("--n", type=int, default=200, help="sentences per measurement")
    args = parser.parse_args()

    start = time.perf_counter()
    encoder = SentenceEncoder(cache_size=0)
    load_ms = (time.perf_counter() - start) * 1000
    for s in sentences(10, 10_000):  # warm up
        encoder.encode([s])
    single = []
    for s in sentences(args.n):
        single.extend(timed_ms(lambda s=s: encoder.encode([s]), 1))  # type: ignore[misc]
    batch = sentences(64, 20_000)
    start = time.perf_counter()
    encoder.encode(batch)
    batch_ms = (time.perf_counter() - start) * 1000 / len(batch)

    kb = load_knowledge(args.kb)
    start = time.perf_counter()
    retriever = Retriever(kb, SentenceEncoder())
    build_ms = (time.perf_counter() - start) * 1000
    fresh = sentences(args.n, 30_000)
    search_new = [timed_ms(lambda s=s: retriever.search(s), 1)[0] for s in fresh]  # type: ignore[misc]
    search_cached = [timed_ms(lambda s=s: retriever.search(s), 1)[0] for s in fresh]  # type: ignore[misc]

    texts = sentences(args.n)
    start = time.perf_counter()
    for s in texts:
        extract_mentions(s)
    mentions_us = (time.perf_counter() - start) * 1e6 / len(texts)
    offering = kb.offerings[0]
    claims = [timed_ms(lambda s=s: retriever.match_claims(s, offering), 1)[0] for s in fresh]  # type: ignore[misc]
    values = ["3 years", "$1,499", "49.99 USD per month", "12 or 24 months", "waived", "15%"]
    start = time.perf_counter()
    for _ in range(200):
        for v in values:
            parse_value(v)
    parse_us = (time.perf_counter() - start) * 1e6 / (200 * len(values))

    figures = {
        "encoder_load_ms": round(load_ms, 1),
        "encode_sentence_ms_p50": round(float(np.percentile(single, 50)), 2),
        "encode_sentence_ms_p99": round(float(np.percentile(single, 99)), 2),
        "encode_batch64_ms_per_sentence": round(batch_ms, 2),
        "index_build_ms": round(build_ms, 1),
        "index_rows": len(retriever._rows),
        "search_new_sentence_ms_p50": round(float(np.percentile(search_new, 50)), 2),
        "search_new_sentence_ms_p99": round(float(np.percentile(search_new, 99)), 2),
        "search_cached_sentence_ms_p50": round(float(np.percentile(search_cached, 50)), 3),
        "search_cached_sentence_ms_p99": round(float(np.percentile(search_cached, 99)), 3),
        "extract_mentions_us_per_sentence": round(mentions_us, 1),
        "match_claims_cached_ms_p50": round(float(np.percentile(claims, 50)), 3),
        "match_claims_cached_ms_p99": round(float(np.percentile(claims, 99)), 3),
        "parse_value_us": round(parse_us, 1),
    }
    print_figures(figures, as_json=args.json)


if __name__ == "__main__":
    main()
