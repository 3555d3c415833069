"""Co-pilot cost per utterance and how many live calls one core can follow.

Replays every scenario under ``examples/scenarios`` through the sans-IO co-pilot engine (the
same code the call session runs), timing each final utterance (analysis, one batched encoder
pass, every detector, the policy) and each silence tick. The encoder's sentence cache is
cleared before each scenario, so every utterance is encoded as if heard for the first time.

Every sentence encoder is measured (``--encoder`` picks one): ``full`` (all-MiniLM-L6-v2, one
forward pass per utterance; ``encoded_share`` is the share of utterances a detector needed
vectors for), ``static`` (token vectors distilled from it,
``callpilot.knowledge.static``) and ``aligned`` (static vectors mapped onto MiniLM-encoded
knowledge-base rows; the index build runs MiniLM and is not timed). Every figure's key ends in
the encoder's name (``calls_per_core_static``). The static encoders' figures are warm when the
full table is cached (``python -m callpilot.knowledge.static``); otherwise the first round
includes distilling each token on first sight (``static_table`` says which).

Calls per core: a call yields one utterance every 3 s per side (2/3 utterances a second) and,
while nobody speaks, 4 silence ticks a second; one core follows

    calls_per_core = 1 s / (2/3 x mean utterance cost + 4 x mean tick cost)

    python bench/copilot.py [--json] [--rounds N] [--encoder full|static|aligned|all]
"""

from __future__ import annotations

import os

# Per-core figures: one BLAS thread (the detectors' small matrix products otherwise spin up
# every core and, on a loaded machine, wait on each other at the tail).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from _figures import print_figures  # bench/ is on sys.path when run as a script
from callpilot.copilot.config import CopilotConfig
from callpilot.copilot.engine import Copilot
from callpilot.copilot.indexes import make_index
from callpilot.copilot.scenario import Scenario, find_scenario_files, load_scenario
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import Utterance
from callpilot.knowledge import load_knowledge
from callpilot.knowledge.embed import get_encoder
from callpilot.knowledge.encoders import make_encoder
from callpilot.knowledge.static import get_static_encoder

ROOT = Path(__file__).resolve().parent.parent
UTTERANCES_PER_CALL_S = 2 / 3  # one utterance every 3 s per side
TICKS_PER_CALL_S = 4.0  # silence ticks every 0.25 s (upper bound: as if always silent)


def _percentile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    if not s:
        return 0.0
    k = min(len(s) - 1, max(0, round(q * (len(s) - 1))))
    return s[k]


def run(rounds: int, encoders: list[str]) -> dict[str, Any]:
    files = find_scenario_files([ROOT / "examples" / "scenarios"])
    scenarios = [sc for f in files if (sc := load_scenario(f)) is not None]
    if not scenarios:
        raise SystemExit("no scenarios under examples/scenarios")
    out: dict[str, Any] = {"scenarios": len(scenarios)}
    for name in encoders:
        if name == "static":
            static = get_static_encoder()
            full = static.full_table
            out["static_table"] = "full" if full else f"lazy({static.distilled} tokens)"
        figures = _run_one(scenarios, rounds, name)
        out.update({f"{k}_{name}": v for k, v in figures.items()})
    return out


def _run_one(scenarios: list[Scenario], rounds: int, encoder: str) -> dict[str, Any]:
    indexes: dict[Path, Any] = {}
    utter_ms: list[float] = []
    tick_ms: list[float] = []
    encoded = [0]
    shared = make_encoder(encoder)  # one aligned map for every knowledge base
    for _ in range(rounds):
        for sc in scenarios:
            kpath = sc.knowledge_path()
            if kpath not in indexes:
                kb = load_knowledge(kpath)
                indexes[kpath] = (kb, make_index(kb, encoder, instance=shared))
            kb, index = indexes[kpath]
            for enc in (index.encoder, get_encoder()):
                cache = getattr(enc, "_cache", None)
                if cache is not None:
                    cache.clear()  # every utterance is new
            _one(sc, kb, index, utter_ms, tick_ms, encoded)
    mean_u = statistics.fmean(utter_ms) / 1000
    mean_t = statistics.fmean(tick_ms) / 1000
    per_call_s = UTTERANCES_PER_CALL_S * mean_u + TICKS_PER_CALL_S * mean_t
    return {
        "utterances": len(utter_ms),
        "utterance_ms_p50": round(statistics.median(utter_ms), 3),
        "utterance_ms_p99": round(_percentile(utter_ms, 0.99), 3),
        "utterance_ms_mean": round(mean_u * 1000, 3),
        "utterance_ms_max": round(max(utter_ms), 3),
        "tick_ms_p50": round(statistics.median(tick_ms), 4),
        "tick_ms_mean": round(mean_t * 1000, 4),
        "cpu_per_call_second_ms": round(per_call_s * 1000, 3),
        "calls_per_core": int(1.0 / per_call_s) if per_call_s > 0 else 0,
        "encoded_share": round(encoded[0] / len(utter_ms), 3),
    }


def _one(
    sc: Scenario,
    kb: Any,
    index: KnowledgeIndex,
    utter_ms: list[float],
    tick_ms: list[float],
    encoded: list[int],
) -> None:
    cfg = CopilotConfig().with_overrides({"sensitivity": sc.sensitivity, "mode": sc.mode})
    cp = Copilot(kb, config=cfg, index=index, call_id=sc.name, context=sc.context)
    for i, t in enumerate(sc.turns):
        cp.speech_started(t.role, t.at)
        utt = Utterance(role=t.role, text=t.text, start=t.at, end=t.end)
        t0 = time.perf_counter()
        cp.observe(utt, t.end)
        utter_ms.append((time.perf_counter() - t0) * 1000)
        encoded[0] += cp.conversation.turns[-1].vectors.encoded
        nxt = sc.turns[i + 1].at if i + 1 < len(sc.turns) else sc.call_end
        now = t.end + 0.25
        while now < nxt:
            t0 = time.perf_counter()
            cp.tick(now)
            tick_ms.append((time.perf_counter() - t0) * 1000)
            now += 0.25


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--rounds", type=int, default=2, help="passes over the scenarios")
    ap.add_argument(
        "--encoder",
        choices=("full", "static", "aligned", "all"),
        default="all",
        help="sentence encoder",
    )
    args = ap.parse_args(argv)
    names = ["full", "static", "aligned"] if args.encoder == "all" else [args.encoder]
    r = run(args.rounds, names)
    print_figures(r, as_json=args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
