"""Call scenarios (FORMATS.md §2): load, validate, and report problems with file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from callpilot.domain import LegRole, Trigger
from callpilot.errors import FileFormatError

__all__ = [
    "Expectation",
    "Scenario",
    "ScenarioTurn",
    "find_scenario_files",
    "load_scenario",
    "load_scenario_text",
]

SPEAKER_ROLES: dict[str, LegRole] = {
    "customer": LegRole.LEAD,
    "rep": LegRole.REP,
    "ai": LegRole.AI,
}


class ScenarioTurn(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    at: float = Field(ge=0)
    end: float = Field(ge=0)
    speaker: Literal["customer", "rep", "ai"]
    text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> ScenarioTurn:
        if self.end < self.at:
            raise ValueError(f"end ({self.end}) is before at ({self.at})")
        return self

    @property
    def role(self) -> LegRole:
        return SPEAKER_ROLES[self.speaker]


class Expectation(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    trigger: Trigger
    turn: int = Field(ge=0)
    within: float = Field(default=3.0, gt=0)
    says_any: list[str] | None = None


class Scenario(BaseModel):
    """One conversation with the interventions a good co-pilot makes and must not make."""

    model_config = ConfigDict(extra="allow", frozen=True)

    name: str = Field(min_length=1)
    knowledge: str = Field(min_length=1)
    sensitivity: Literal["conservative", "balanced", "proactive"] = "balanced"
    mode: Literal["silent", "voice"] = "silent"
    context: dict[str, Any] = Field(default_factory=dict)
    turns: list[ScenarioTurn] = Field(min_length=1)
    end: float | None = None
    expect: list[Expectation] = Field(default_factory=list)
    forbid: list[Trigger] = Field(default_factory=list)
    path: str = ""
    """The file it was loaded from (set by the loader)."""

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        for i in range(1, len(self.turns)):
            if self.turns[i].at < self.turns[i - 1].at:
                raise _LocatedError(("turns", i, "at"), "turns are not in time order")
        for i, e in enumerate(self.expect):
            if e.turn >= len(self.turns):
                raise _LocatedError(
                    ("expect", i, "turn"),
                    f"turn {e.turn} does not exist (the scenario has {len(self.turns)} turns)",
                )
        if self.end is not None and self.end < self.turns[-1].end:
            raise _LocatedError(("end",), "end is before the last turn ends")
        return self

    @property
    def call_end(self) -> float:
        return self.end if self.end is not None else self.turns[-1].end + 5.0

    def knowledge_path(self) -> Path:
        """The knowledge file, resolved relative to the scenario file."""
        kp = Path(self.knowledge)
        if kp.is_absolute() or not self.path:
            return kp
        return (Path(self.path).parent / kp).resolve()


class _LocatedError(ValueError):
    def __init__(self, loc: tuple[Any, ...], reason: str) -> None:
        super().__init__(reason)
        self.loc = loc
        self.reason = reason


def _node_at(root: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The deepest node along ``loc`` (mapping keys / sequence indexes)."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    nxt = v
                    break
            if nxt is None:
                return node
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return node
            node = node.value[part]
        else:
            return node
    return node


def _line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    node = _node_at(root, loc)
    return node.start_mark.line + 1 if node is not None else None


def load_scenario_text(text: str, source: str = "<string>") -> Scenario | None:
    """Parse a scenario; None when the YAML is a mapping without ``turns`` (a knowledge file)."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileFormatError(source, line, f"invalid YAML: {problem}") from exc
    if data is None:
        raise FileFormatError(source, 1, "the file is empty")
    if not isinstance(data, dict):
        raise FileFormatError(source, 1, "a scenario must be a mapping with name, knowledge, turns")
    if "turns" not in data:
        return None
    try:
        sc = Scenario.model_validate({**data, "path": source})
    except ValidationError as exc:
        err = exc.errors()[0]
        ctx_err = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_err, _LocatedError):
            raise FileFormatError(source, _line(root, ctx_err.loc), ctx_err.reason) from exc
        loc = tuple(err["loc"])
        where = ".".join(str(x) for x in loc)
        msg = err["msg"]
        if err["type"] == "missing":
            reason = f"missing required key '{loc[-1]}'"
            line = _line(root, loc[:-1])
        else:
            reason = f"{where}: {msg}"
            line = _line(root, loc)
        raise FileFormatError(source, line, reason) from exc
    return sc


def load_scenario(path: str | Path) -> Scenario | None:
    """Load one scenario file (None if it is not a scenario, e.g. a knowledge base)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileFormatError(str(p), None, f"cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise FileFormatError(str(p), None, "not UTF-8 text") from exc
    return load_scenario_text(text, str(p))


def find_scenario_files(paths: list[Path]) -> list[Path]:
    """Files named on the command line, and ``*.yaml``/``*.yml`` under folders, sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted([*p.rglob("*.yaml"), *p.rglob("*.yml")]))
        elif p.exists():
            out.append(p)
        else:
            raise FileFormatError(str(p), None, "no such file or folder")
    return out
