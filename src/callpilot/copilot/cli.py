"""``callpilot eval``: replay scenarios through the co-pilot and score them (FORMATS.md §2–3)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from callpilot.copilot.config import CopilotConfig, Sensitivity, load_copilot_config
from callpilot.copilot.evaluate import ScenarioScore, build_report, format_table, score_scenario
from callpilot.copilot.runner import KnowledgeCache, run_scenario
from callpilot.copilot.scenario import Scenario, find_scenario_files, load_scenario
from callpilot.errors import FileFormatError
from callpilot.knowledge.encoders import ENCODERS, EncoderName, make_encoder

__all__ = ["ENCODERS", "EncoderName", "evaluate_paths", "make_encoder", "register"]

_LEVELS = ("conservative", "balanced", "proactive")


async def evaluate_paths(
    paths: list[Path],
    *,
    sensitivity: Sensitivity | None = None,
    config: CopilotConfig | None = None,
    encoder: EncoderName = "full",
) -> dict[str, Any]:
    """Load every scenario under ``paths``, run each, and build the report.

    ``encoder`` picks the sentence encoder of the knowledge indexes (see :func:`make_encoder`).

    Raises:
        FileFormatError: a scenario or knowledge file is malformed (nothing is run then).
    """
    scenarios: list[Scenario] = []
    for f in find_scenario_files(paths):
        sc = load_scenario(f)
        if sc is not None:
            scenarios.append(sc)
    cache = KnowledgeCache(encoder=encoder)
    loaded = []
    for sc in scenarios:
        kpath = sc.knowledge_path()
        if not kpath.exists():
            raise FileFormatError(sc.path, _knowledge_line(sc), f"knowledge file {kpath} not found")
        loaded.append((sc, *cache.get(kpath)))
    references = getattr(cache.encoder, "references", None)
    if references is not None:
        # The aligned encoder encodes knowledge-base rows with MiniLM and fits one map on the
        # rows of every knowledge base.
        with references():
            for _sc, _kb, index in loaded:
                index.build()
    scores: list[ScenarioScore] = []
    for sc, kb, index in loaded:
        run = await run_scenario(sc, kb, config=config, sensitivity=sensitivity, index=index)
        scores.append(score_scenario(sc, run.interventions))
    return build_report(scores)


def _knowledge_line(sc: Scenario) -> int | None:
    try:
        for i, line in enumerate(Path(sc.path).read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("knowledge:"):
                return i
    except OSError:
        return None
    return None


def register(app: typer.Typer) -> None:
    """Add the ``eval`` command to the main CLI."""

    @app.command("eval")
    def eval_command(
        paths: Annotated[
            list[Path], typer.Argument(help="Scenario files, or folders searched for *.yaml.")
        ],
        sensitivity: Annotated[
            str | None,
            typer.Option(
                "--sensitivity", help="Override every scenario's level: " + " | ".join(_LEVELS)
            ),
        ] = None,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the report as one JSON object.")
        ] = False,
        config_file: Annotated[
            Path | None, typer.Option("--config", help="Co-pilot config (YAML or TOML).")
        ] = None,
        encoder: Annotated[
            str,
            typer.Option(
                "--encoder",
                help="Sentence encoder: full (MiniLM) | static (distilled token vectors, fast) | "
                "aligned (static mapped onto MiniLM-encoded knowledge rows).",
            ),
        ] = "full",
        explain: Annotated[
            bool,
            typer.Option(
                "--explain",
                help="Under each failure, print the missed turn's words or what the false "
                "alarm rose on (the JSON report always carries each intervention's evidence).",
            ),
        ] = False,
    ) -> None:
        """Replay call scenarios through the live co-pilot and score its interventions."""
        if sensitivity is not None and sensitivity not in _LEVELS:
            typer.echo(f"error: --sensitivity must be one of {', '.join(_LEVELS)}", err=True)
            raise typer.Exit(2)
        if encoder not in ENCODERS:
            typer.echo(f"error: --encoder must be one of {', '.join(ENCODERS)}", err=True)
            raise typer.Exit(2)
        try:
            config = load_copilot_config(config_file) if config_file else None
            report = asyncio.run(
                evaluate_paths(
                    list(paths),
                    sensitivity=sensitivity,  # type: ignore[arg-type]
                    config=config,
                    encoder=encoder,
                )
            )
        except FileFormatError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        if as_json:
            sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        else:
            typer.echo(format_table(report, explain=explain))
