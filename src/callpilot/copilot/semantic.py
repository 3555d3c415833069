"""The co-pilot's view of a knowledge base: names to spot in speech and vectors to compare with.

Built once per knowledge base (shared by every call that uses it). Per utterance the detectors
name the parts they want embedded; :class:`TurnVectors` encodes them when a detector first
reads one, in one batched pass per kind of part, and the detectors compare the vectors with the
precomputed matrices here (a few small matrix products). A part no detector reads is never
encoded (a rep's numbers that turn out to be no claim about anything).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from callpilot.copilot import text as tx

if TYPE_CHECKING:
    from callpilot.knowledge import Answer, Fact, KnowledgeBase, Offering

__all__ = ["Encoder", "KnowledgeIndex", "NameMatch", "Row", "Span", "TurnVectors", "unit_mean"]

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class Row:
    """What one row of an index matrix stands for."""

    kind: str
    """"upsell", "question", "answer_text", "keyword", "attribute"."""
    owner: str
    """Offering, answer or keyword id."""
    text: str
    key: str = ""
    """For attributes: the fact's attribute name."""


@dataclass(frozen=True, slots=True)
class Span:
    """A part of an utterance to embed: characters ``start:end`` minus ``exclude`` spans."""

    key: str
    start: int
    end: int
    exclude: tuple[tuple[int, int], ...] = ()
    alone: bool = False
    """Embed this part on its own rather than pooled from the utterance's pass: for parts
    whose meaning must not borrow from their neighbours (a need, a keyword)."""


@dataclass(frozen=True, slots=True)
class NameMatch:
    kind: str
    """"offering" or "competitor"."""
    id: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class _Matrix:
    rows: list[Row] = field(default_factory=list)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), dtype=np.float32))


def _name_pattern(name: str) -> str:
    # Tolerate spacing/hyphen differences ("CoolAir" / "cool air" / "cool-air") and plurals.
    parts = [re.escape(p) for p in re.split(r"[\s\-]+", name.strip().lower()) if p]
    if not parts:
        return r"(?!x)x"
    joined = r"[\s\-]*".join(parts)
    return rf"(?<![\w]){joined}(?:s|es|'s)?(?![\w])"


_GENERIC_HEADS = frozenset(
    "contract plan package service program programme system subscription membership".split()
)


def _name_variants(kb: KnowledgeBase, offering: Offering) -> set[str]:
    """Shorter ways people say an offering's name: without a leading "the" ("the nightly
    package" in "our standard nightly package") or a generic last word ("Nightly Office
    Cleaning Contract" said as "nightly office cleaning"), unless that is another's name."""
    out: set[str] = set()
    for n in {offering.name, *offering.aliases}:
        words = n.split()
        if len(words) >= 3 and words[0].lower() == "the":
            out.add(" ".join(words[1:]))
        if len(words) >= 3 and words[-1].lower() in _GENERIC_HEADS:
            out.add(" ".join(words[:-1]))
    taken = {x.lower() for o in kb.offerings if o.id != offering.id for x in (o.name, *o.aliases)}
    return {v for v in out if not any(re.search(rf"\b{re.escape(v.lower())}\b", t) for t in taken)}


def _squash(s: str) -> str:
    return re.sub(r"[\s\-]+", "", s.lower())


class KnowledgeIndex:
    """Vectors and name patterns of one knowledge base."""

    def __init__(self, kb: KnowledgeBase, encoder: Encoder | None = None) -> None:
        self.kb = kb
        self._encoder = encoder
        self.offerings: dict[str, Offering] = {o.id: o for o in kb.offerings}
        self.answers: dict[str, Answer] = {a.id: a for a in kb.answers}
        self._names: list[tuple[re.Pattern[str], str, str]] = []
        for o in kb.offerings:
            for n in {o.name, *o.aliases} | _name_variants(kb, o):
                self._names.append((re.compile(_name_pattern(n), re.I), "offering", o.id))
        for c in kb.competitors:
            names = {c.name, *c.aliases}
            names |= {_squash(n) for n in names}
            for n in names:
                self._names.append((re.compile(_name_pattern(n), re.I), "competitor", c.id))
        self.matrices: dict[str, _Matrix] = {}
        self._built = False
        self._derived: dict[str, Any] = {}

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """Something worked out from this knowledge base once and shared by every call that
        uses it (word lists, lookup tables): ``make()`` runs on the first request only."""
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]  # type: ignore[no-any-return]

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            from callpilot.knowledge.embed import get_encoder

            self._encoder = get_encoder()
        return self._encoder

    def build(self) -> None:
        """Encode every indexed text (once; called lazily on first use)."""
        if self._built:
            return
        rows: dict[str, list[Row]] = {
            "upsell": [],
            "question": [],
            "answer_text": [],
            "keyword": [],
            "attribute": [],
        }
        for o in self.kb.offerings:
            for need in o.upsell_when:
                rows["upsell"].append(Row("upsell", o.id, need))
            for fact in o.facts.values():
                for t in _attribute_texts(fact):
                    rows["attribute"].append(Row("attribute", o.id, t, fact.attribute))
        for a in self.kb.answers:
            for q in a.questions:
                rows["question"].append(Row("question", a.id, q))
            rows["answer_text"].append(Row("answer_text", a.id, a.answer))
            for fact in a.facts.values():
                for t in _attribute_texts(fact):
                    rows["attribute"].append(Row("attribute", a.id, t, fact.attribute))
        for k in self.kb.keywords:
            for p in k.phrases:
                rows["keyword"].append(Row("keyword", k.id, p))
        texts = [r.text for rs in rows.values() for r in rs]
        vecs = self.encoder.encode(texts) if texts else np.zeros((0, 384), np.float32)
        i = 0
        for kind, rs in rows.items():
            self.matrices[kind] = _Matrix(rs, np.asarray(vecs[i : i + len(rs)], np.float32))
            i += len(rs)
        self._built = True

    def encode(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Embed ``texts`` in one encoder call; returns text → unit vector."""
        self.build()
        uniq = list(dict.fromkeys(t for t in texts if t.strip()))
        if not uniq:
            return {}
        vecs = self.encoder.encode(uniq)
        return {t: np.asarray(vecs[i], np.float32) for i, t in enumerate(uniq)}

    def encode_spans(self, text: str, spans: Sequence[Span]) -> dict[str, np.ndarray]:
        """Embed several parts of one utterance with ONE pass of the encoder over it.

        Each part's vector is the mean of the utterance's contextual token vectors inside the
        part (plus [CLS]/[SEP]), L2-normalised — the model's own mean pooling, restricted to
        the part. This costs one forward pass per utterance instead of one per part; it falls
        back to encoding each part on its own when the encoder does not expose its layers.
        """
        self.build()
        spans = [sp for sp in spans if sp.end > sp.start]
        if not spans:
            return {}
        whole = [sp for sp in spans if sp.start <= 0 and sp.end >= len(text) and not sp.exclude]
        alone = [sp for sp in spans if sp.alone and sp not in whole]
        out: dict[str, np.ndarray] = {}
        if alone:
            texts = {sp.key: _cut(text, sp) for sp in alone}
            vecs = self.encode(list(texts.values()))
            out.update({k: vecs[t] for k, t in texts.items() if t in vecs})
            spans = [sp for sp in spans if sp not in alone]
            if not spans:
                return out
        states = _token_states(self.encoder, text)
        if states is None:
            texts = {sp.key: _cut(text, sp) for sp in spans}
            vecs = self.encode(list(texts.values()))
            out.update({k: vecs[t] for k, t in texts.items() if t in vecs})
            return out
        hidden, offsets, special = states
        for sp in spans:
            picked = [
                i
                for i, (a, b) in enumerate(offsets)
                if not special[i]
                and a >= sp.start
                and b <= sp.end
                and not any(a < xe and b > xs for xs, xe in sp.exclude)
            ]
            if not picked:
                continue
            picked += [i for i in range(len(offsets)) if special[i]]
            out[sp.key] = unit_mean(hidden[picked])
        return out

    def scores(self, kind: str, vec: np.ndarray) -> list[tuple[Row, float]]:
        """Every row of ``kind`` with its cosine to ``vec``, best first."""
        self.build()
        m = self.matrices.get(kind)
        if m is None or not m.rows:
            return []
        sims = m.vectors @ vec
        order = np.argsort(-sims)
        return [(m.rows[int(i)], float(sims[int(i)])) for i in order]

    def best_by_owner(self, kind: str, vec: np.ndarray) -> dict[str, tuple[Row, float]]:
        """For each owner (offering/answer/keyword id): its best row and score."""
        out: dict[str, tuple[Row, float]] = {}
        for row, s in self.scores(kind, vec):
            if row.owner not in out:
                out[row.owner] = (row, s)
        return out

    # --- names ---------------------------------------------------------------------------------

    def names_in(self, text: str) -> list[NameMatch]:
        """Offerings and competitors named in ``text`` (longest match wins on overlaps)."""
        found: list[NameMatch] = []
        for pat, kind, oid in self._names:
            for m in pat.finditer(text):
                found.append(NameMatch(kind, oid, m.start(), m.end(), m.group(0)))
        found.sort(key=lambda n: (n.start, -(n.end - n.start)))
        out: list[NameMatch] = []
        covered_to = -1
        for n in found:
            if n.start >= covered_to:
                out.append(n)
                covered_to = n.end
            elif out and n.end - n.start > out[-1].end - out[-1].start and n.start == out[-1].start:
                out[-1] = n
        return out

    def offerings_in(self, text: str) -> list[str]:
        ids: list[str] = []
        for n in self.names_in(text):
            if n.kind == "offering" and n.id not in ids:
                ids.append(n.id)
        return ids

    def competitors_in(self, text: str) -> list[NameMatch]:
        return [n for n in self.names_in(text) if n.kind == "competitor"]

    def owner_facts(self, owner: str) -> dict[str, Fact]:
        o = self.offerings.get(owner)
        if o is not None:
            return dict(o.facts)
        a = self.answers.get(owner)
        return dict(a.facts) if a is not None else {}

    def owner_name(self, owner: str) -> str:
        o = self.offerings.get(owner)
        if o is not None:
            return str(o.name)
        return owner.replace("-", " ")

    def attribute_words(self, fact: Fact) -> list[list[str]]:
        """Content words of the attribute name and each alias (for word matching)."""
        return [ws for t in _attribute_texts(fact) if (ws := tx.content_words(t))]


class TurnVectors(MutableMapping[str, np.ndarray]):
    """The vectors of one turn's parts, encoded on first read.

    ``requested`` are the spans the detectors asked for. Reading any of them encodes every
    requested part of the same kind at once: the parts embedded alone in one batch, the parts
    pooled from the utterance in one pass over it. A part with no vector (the encoder failed)
    is simply absent: ``get`` gives None and the detectors fall back to words and numbers.
    Detectors may store derived vectors.
    """

    def __init__(
        self, index: KnowledgeIndex | None = None, text: str = "", requested: Sequence[Span] = ()
    ) -> None:
        self._index = index
        self._text = text
        self._pending: dict[str, Span] = {sp.key: sp for sp in requested if sp.end > sp.start}
        self._have: dict[str, np.ndarray] = {}

    def __getitem__(self, key: str) -> np.ndarray:
        hit = self._have.get(key)
        if hit is not None:
            return hit
        span = self._pending.get(key)
        if span is None:
            raise KeyError(key)
        self._encode_group(span.alone)
        return self._have[key]

    def __setitem__(self, key: str, value: np.ndarray) -> None:
        self._pending.pop(key, None)
        self._have[key] = value

    def __delitem__(self, key: str) -> None:
        self._pending.pop(key, None)
        del self._have[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._have)

    def __len__(self) -> int:
        return len(self._have)

    @property
    def encoded(self) -> bool:
        """Whether the encoder ran for this turn (for cost figures)."""
        return bool(self._have)

    def _encode_group(self, alone: bool) -> None:
        group = [sp for sp in self._pending.values() if sp.alone == alone]
        for sp in group:
            del self._pending[sp.key]
        if self._index is None or not group:
            return
        try:
            self._have.update(self._index.encode_spans(self._text, group))
        except Exception:
            # Without vectors the word-based checks still run (names, numbers, cues).
            logger.exception("sentence encoder failed")


def unit_mean(vectors: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
    """The mean of ``vectors`` scaled to unit length (float32): mean pooling, or one topic
    from several parts."""
    m = np.mean(vectors, axis=0)
    return np.asarray(m / max(float(np.linalg.norm(m)), 1e-12), dtype=np.float32)


def _cut(text: str, sp: Span) -> str:
    chars = list(text[sp.start : sp.end])
    for xs, xe in sp.exclude:
        for i in range(max(xs, sp.start), min(xe, sp.end)):
            chars[i - sp.start] = " "
    return " ".join("".join(chars).split())


def _token_states(
    encoder: Any, text: str
) -> tuple[np.ndarray, list[tuple[int, int]], list[bool]] | None:
    """Contextual token vectors of ``text`` with character offsets, from an encoder that
    exposes them (MiniLM does; the static encoders have no context to pool)."""
    token_states = getattr(encoder, "token_states", None)
    if not callable(token_states):
        return None
    states = token_states(text)
    return states.hidden, states.offsets, states.special


def _attribute_texts(fact: Any) -> list[str]:
    texts = [str(fact.attribute)]
    texts.extend(str(a) for a in fact.aliases)
    return list(dict.fromkeys(t for t in texts if t.strip()))
