"""Co-pilot configuration: sensitivity, per-trigger settings, caps; loaded from YAML or TOML.

A business writes one file (``copilot.yaml`` or ``copilot.toml``)::

    sensitivity: balanced          # conservative | balanced | proactive
    mode: silent                   # silent (cards) | voice (spoken into the call)
    cap_per_call: 8                # optional; default from the sensitivity preset
    triggers:
      fact_correction: {sensitivity: proactive, delivery: whisper}
      upsell: {enabled: false}
    thresholds:                    # optional overrides of the table in policy.py
      dead_end.silence_s: 12

and a call may override any of it (``config.with_overrides({"sensitivity": "proactive"})``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from callpilot.domain import Trigger
from callpilot.errors import FileFormatError

__all__ = [
    "DEFAULT_VOICE_PREFACE",
    "CopilotConfig",
    "Mode",
    "Sensitivity",
    "TriggerConfig",
    "load_copilot_config",
]

Sensitivity = Literal["conservative", "balanced", "proactive"]
Mode = Literal["silent", "voice"]
DeliveryChoice = Literal["auto", "card", "voice", "whisper"]

DEFAULT_VOICE_PREFACE = "If I may add a quick note —"


class TriggerConfig(BaseModel):
    """Settings of one trigger; unset fields follow the call's settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    sensitivity: Sensitivity | None = None
    delivery: DeliveryChoice = "auto"
    """auto: card in silent mode, voice in voice mode; or force card / voice / whisper."""
    cooldown_s: float | None = Field(default=None, ge=0)
    priority: int | None = None
    """Higher wins when several fire at once (defaults in policy.DEFAULT_PRIORITY)."""


class CopilotConfig(BaseModel):
    """Everything the co-pilot's policy is told, per business and per call."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sensitivity: Sensitivity = "balanced"
    mode: Mode = "silent"
    voice_preface: str = DEFAULT_VOICE_PREFACE
    """Said before every voice line so everyone knows the assistant is speaking."""
    cap_per_call: int | None = Field(default=None, ge=0)
    max_wait_s: float = Field(default=4.0, ge=0)
    """Voice/whisper: how long to wait for a gap before the line is dropped."""
    triggers: dict[Trigger, TriggerConfig] = Field(default_factory=dict)
    thresholds: dict[str, float] = Field(default_factory=dict)
    """Overrides of single thresholds, ``"<trigger>.<name>": value`` (see policy.THRESHOLDS)."""

    @field_validator("thresholds")
    @classmethod
    def _known_thresholds(cls, v: dict[str, float]) -> dict[str, float]:
        from callpilot.copilot.policy import THRESHOLDS

        unknown = sorted(set(v) - set(THRESHOLDS))
        if unknown:
            raise ValueError(f"unknown threshold(s): {', '.join(unknown)}")
        return v

    def trigger(self, trigger: Trigger) -> TriggerConfig:
        return self.triggers.get(trigger) or TriggerConfig()

    def sensitivity_of(self, trigger: Trigger) -> Sensitivity:
        return self.trigger(trigger).sensitivity or self.sensitivity

    def with_overrides(self, overrides: dict[str, Any] | None) -> CopilotConfig:
        """A copy with per-call options applied (unknown keys such as ``context`` ignored)."""
        if not overrides:
            return self
        data = self.model_dump()
        for key, value in overrides.items():
            if key not in CopilotConfig.model_fields or value is None:
                continue
            if key in ("triggers", "thresholds") and isinstance(value, dict):
                merged = dict(data.get(key) or {})
                for k, v in value.items():
                    k = k.value if isinstance(k, Trigger) else k
                    if key == "triggers" and isinstance(v, dict):
                        base = merged.get(Trigger(k)) or merged.get(k) or {}
                        merged[Trigger(k)] = {**dict(base), **v}
                    else:
                        merged[k] = v
                data[key] = merged
            else:
                data[key] = value
        return CopilotConfig.model_validate(data)


def load_copilot_config(path: str | Path) -> CopilotConfig:
    """Read a YAML or TOML co-pilot config; raise FileFormatError naming file, line, reason."""
    p = Path(path)
    try:
        raw_text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileFormatError(str(p), None, f"cannot read: {exc.strerror}") from exc
    if p.suffix.lower() == ".toml":
        try:
            data: Any = tomllib.loads(raw_text)
        except tomllib.TOMLDecodeError as exc:
            line = getattr(exc, "lineno", None)
            raise FileFormatError(str(p), line, f"invalid TOML: {exc}") from exc
        lines: dict[str, int] = {}
    else:
        try:
            data = yaml.safe_load(raw_text)
            node = yaml.compose(raw_text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise FileFormatError(str(p), line, f"invalid YAML: {exc}") from exc
        lines = _top_level_lines(node)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FileFormatError(str(p), 1, "the co-pilot config must be a mapping")
    try:
        return CopilotConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(x) for x in err["loc"]]
        line = lines.get(loc[0]) if loc else None
        where = ".".join(loc) or "config"
        raise FileFormatError(str(p), line, f"{where}: {err['msg']}") from exc


def _top_level_lines(node: yaml.Node | None) -> dict[str, int]:
    out: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode):
                out[str(key.value)] = key.start_mark.line + 1
    return out
