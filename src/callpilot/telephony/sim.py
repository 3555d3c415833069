"""The ``sim`` transport, text level: virtual people speak timed lines into a call session.

A script is a list of lines (who, when they start and stop, what they say). ``SimCall`` turns
it into ``speech.started`` and ``utterance.final`` events at the right call times on the
session's clock, so a whole call (silences included) runs through the real session, and under
a ``VirtualClock`` a 5-minute call takes milliseconds. Lines may overlap (interruptions).
Audio-level virtual callers come with the speech pipeline.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from callpilot.calls.session import CallSession
from callpilot.domain import EventType, LegRole, Utterance
from callpilot.errors import FileFormatError

__all__ = ["SPEAKER_ROLES", "ScriptLine", "SimCall", "load_script", "parse_script"]

logger = logging.getLogger(__name__)

SPEAKER_ROLES: dict[str, LegRole] = {
    "customer": LegRole.LEAD,
    "lead": LegRole.LEAD,
    "rep": LegRole.REP,
    "ai": LegRole.AI,
    "supervisor": LegRole.SUPERVISOR,
}


@dataclass(slots=True, frozen=True)
class ScriptLine:
    """One line of a script: ``role`` speaks ``text`` from ``at`` to ``end`` (call seconds)."""

    role: LegRole
    at: float
    end: float
    text: str

    def __post_init__(self) -> None:
        if self.end < self.at:
            raise ValueError(f"line ends ({self.end}) before it starts ({self.at})")


def parse_script(turns: list[dict[str, Any]], *, source: str = "<script>") -> list[ScriptLine]:
    """Lines from scenario-style turns: ``{at, end, speaker, text}`` (customer|rep|ai)."""
    lines: list[ScriptLine] = []
    for i, turn in enumerate(turns):
        try:
            role = SPEAKER_ROLES[str(turn["speaker"])]
            lines.append(ScriptLine(role, float(turn["at"]), float(turn["end"]), str(turn["text"])))
        except KeyError as exc:
            raise FileFormatError(source, None, f"turns[{i}]: missing or unknown {exc}") from exc
        except (TypeError, ValueError) as exc:
            raise FileFormatError(source, None, f"turns[{i}]: {exc}") from exc
    return lines


def load_script(path: str | Path) -> list[ScriptLine]:
    """Read the ``turns`` of a call-scenario YAML file as a script."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise FileFormatError(str(p), None, f"cannot read script: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list):
        raise FileFormatError(str(p), None, "a script needs a 'turns' list")
    return parse_script(data["turns"], source=str(p))


class SimCall:
    """Plays a script into a running session: the virtual lead, rep (and AI) on their legs."""

    def __init__(self, session: CallSession, script: list[ScriptLine]) -> None:
        self.session = session
        self.script = sorted(script, key=lambda line: line.at)
        self.legs: dict[LegRole, str] = {}

    async def join_legs(self) -> None:
        """Log a ``leg.joined`` for every role the script has."""
        for role in dict.fromkeys(line.role for line in self.script):
            leg_id = f"leg-{uuid.uuid4().hex[:12]}"
            self.legs[role] = leg_id
            await self.session.emit(
                EventType.LEG_JOINED, {"leg_id": leg_id, "role": role.value, "transport": "sim"}
            )

    async def play(self, *, end_at: float | None = None) -> None:
        """Speak every line at its time; then wait until ``end_at`` (call time) if given."""
        if not self.legs:
            await self.join_legs()
        # each line is two points on the timeline: its start and its end
        timeline: list[tuple[float, int, ScriptLine]] = []
        for line in self.script:
            timeline.append((line.at, 0, line))
            timeline.append((line.end, 1, line))
        timeline.sort(key=lambda point: (point[0], point[1]))
        clock = self.session.clock
        for when, kind, line in timeline:
            wait = when - self.session.call_time()
            if wait > 0:
                await clock.sleep(wait)
            leg_id = self.legs.get(line.role)
            if kind == 0:
                await self.session.speech_started(line.role, leg_id=leg_id)
            else:
                await self.session.hear(
                    Utterance(line.role, line.text, line.at, line.end, leg_id=leg_id)
                )
        if end_at is not None and end_at > self.session.call_time():
            await clock.sleep(end_at - self.session.call_time())
        await self.session.drain()
