"""The co-pilot's running picture of one conversation: turns, speakers, questions, offers."""

from __future__ import annotations

from dataclasses import dataclass, field

from callpilot.copilot import text as tx
from callpilot.copilot.semantic import TurnVectors
from callpilot.domain import LegRole

__all__ = ["Conversation", "Turn"]


@dataclass(slots=True, eq=False)
class Turn:
    """One final utterance with what the co-pilot worked out about it (computed once)."""

    index: int
    """0-based position among the call's utterances."""
    role: LegRole
    text: str
    start: float
    end: float
    norm: str = ""
    """Normalised text (lower case, straight apostrophes)."""
    clauses: list[tx.Clause] = field(default_factory=list)
    words: int = 0
    question: bool = False
    questions: list[str] = field(default_factory=list)
    offerings: list[str] = field(default_factory=list)
    """Ids of offerings named in this turn."""
    vectors: TurnVectors = field(default_factory=TurnVectors)
    """Sentence embeddings of the parts detectors asked for, encoded when first read."""
    sentiment: float = 0.0
    """VADER compound score, −1 … 1 (customer turns only)."""
    names: list[tuple[int, int]] = field(default_factory=list)
    """Character spans of people's names (masked where meaning is compared)."""
    cache: dict[str, object] = field(default_factory=dict)
    """Per-turn results detectors share (number mentions, masked clauses ...)."""

    @property
    def is_customer(self) -> bool:
        return self.role is LegRole.LEAD

    @property
    def is_rep(self) -> bool:
        return self.role is LegRole.REP


@dataclass(slots=True)
class Conversation:
    """Turn history and the facts about the call the detectors share."""

    turns: list[Turn] = field(default_factory=list)
    offered: set[str] = field(default_factory=set)
    """Offerings already on the table: named by the rep, asked about, or the lead's interest."""
    speaking: set[LegRole] = field(default_factory=set)
    """Roles currently speaking (speech started, no final utterance yet)."""
    speech_started_at: dict[LegRole, float] = field(default_factory=dict)
    last_speech_end: float | None = None
    """Call time the last utterance ended (silence is measured from here)."""
    context: dict[str, object] = field(default_factory=dict)
    """What the AI learned while qualifying the lead (scenario ``context``)."""
    names: set[str] = field(default_factory=set)
    """People named in the call so far ("my wife Sue"), lower-cased."""

    def add(self, turn: Turn) -> None:
        self.turns.append(turn)
        self.speaking.discard(turn.role)
        self.speech_started_at.pop(turn.role, None)
        self.last_speech_end = (
            turn.end if self.last_speech_end is None else max(self.last_speech_end, turn.end)
        )

    def previous(self, turn: Turn, role: LegRole | None = None) -> Turn | None:
        """The turn before ``turn`` (optionally: the last one by ``role``)."""
        for t in reversed(self.turns[: turn.index]):
            if role is None or t.role is role:
                return t
        return None

    def recent(self, role: LegRole | None = None, n: int = 3) -> list[Turn]:
        """The last ``n`` turns (optionally by one role), oldest first."""
        picked = [t for t in self.turns if role is None or t.role is role]
        return picked[-n:]

    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def topic_offerings(self, lookback: int = 6) -> list[str]:
        """Offerings the talk is about right now: most recently named first."""
        seen: list[str] = []
        for t in reversed(self.turns[-lookback:]):
            for oid in t.offerings:
                if oid not in seen:
                    seen.append(oid)
        interest = self.context.get("interest_offerings")
        if isinstance(interest, list):
            for oid in interest:
                if isinstance(oid, str) and oid not in seen:
                    seen.append(oid)
        return seen

    def silence(self, now: float) -> float:
        """Seconds nobody has spoken (0 while someone speaks or before anything was said)."""
        if self.speaking or self.last_speech_end is None:
            return 0.0
        return max(0.0, now - self.last_speech_end)
