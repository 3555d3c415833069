"""Retrieval over a knowledge base: by meaning (sentence embeddings) and by name.

The index is built once per knowledge base: every offering name, alias and summary, every
``upsell_when`` line, answer question, keyword phrase and competitor name is embedded up front,
and so is every fact attribute and alias. A query is then one encoder pass over one short
sentence (cached, so the detectors asking about the same utterance pay once) and a matrix-vector
product.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from callpilot.knowledge.embed import Encoder, get_encoder
from callpilot.knowledge.facts import Mention, comparable, extract_mentions, values_agree
from callpilot.knowledge.model import Answer, Competitor, Fact, Keyword, KnowledgeBase, Offering
from callpilot.knowledge.names import NameIndex, content_words, word_overlap

__all__ = ["KINDS", "Claim", "Entry", "Hit", "Retriever"]

logger = logging.getLogger(__name__)

Entry = Offering | Answer | Keyword | Competitor
KINDS = ("offering", "upsell", "answer", "keyword", "competitor")
_QUERY_CACHE_SIZE = 1024
_MIN_ATTRIBUTE_SCORE = 0.3
_MEANING_CAP = 0.5
"""In ``match_claims`` the meaning of the whole sentence only hints at a clause's attribute."""
_ONLY_PRICE_SCORE = 0.6
_CLAUSE_SPLIT_RE = re.compile(r"[,;.!?]+\s*|\s+(?:and|but|plus|so|while)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Hit:
    """One knowledge-base entry that a sentence is close to."""

    kind: str
    """"offering", "upsell" (an offering's ``upsell_when`` line), "answer", "keyword" or
    "competitor"."""
    entry_id: str
    score: float
    """Cosine similarity of the sentence and ``matched`` (-1..1; related sentences ~0.5+)."""
    matched: str
    """The indexed text that matched best."""
    entry: Entry


@dataclass(frozen=True, slots=True)
class Claim:
    """A value said in a sentence, the fact it most likely talks about, and the verdict."""

    mention: Mention
    fact: Fact
    score: float
    """How sure the mention is about this fact (0..1): see :meth:`Retriever.match_claims`."""
    agrees: bool | None
    """:func:`values_agree` of the fact and the mention."""


class Retriever:
    """Search a knowledge base by meaning and find the names a sentence uses.

    Args:
        kb: the knowledge base to index.
        encoder: the sentence encoder; defaults to the process-wide :func:`get_encoder`.
    """

    def __init__(self, kb: KnowledgeBase, encoder: Encoder | None = None) -> None:
        started = time.perf_counter()
        self.kb = kb
        self.encoder: Encoder = encoder if encoder is not None else get_encoder()
        rows: list[tuple[str, str, str, Entry]] = []
        for offering in kb.offerings:
            for text in (*offering.names(), offering.summary):
                rows.append(("offering", offering.id, text, offering))
            for text in offering.upsell_when:
                rows.append(("upsell", offering.id, text, offering))
        for answer in kb.answers:
            rows.extend(("answer", answer.id, q, answer) for q in answer.questions)
        for keyword in kb.keywords:
            rows.extend(("keyword", keyword.id, p, keyword) for p in keyword.phrases)
        for competitor in kb.competitors:
            rows.extend(("competitor", competitor.id, n, competitor) for n in competitor.names())
        self._rows = [r for r in rows if r[2].strip()]
        self._kinds = np.array([r[0] for r in self._rows], dtype=object)
        with_facts: list[Offering | Answer] = [*kb.offerings, *kb.answers]
        attribute_texts = sorted(
            {name for entry in with_facts for f in entry.facts.values() for name in f.names()}
        )
        vectors = self.encoder.encode([r[2] for r in self._rows] + attribute_texts)
        self._matrix = np.ascontiguousarray(vectors[: len(self._rows)])
        self._attribute_vectors = {
            text: vectors[len(self._rows) + i] for i, text in enumerate(attribute_texts)
        }
        self._offering_names = NameIndex({o.id: o.names() for o in kb.offerings})
        self._competitor_names = NameIndex({c.id: c.names() for c in kb.competitors})
        self._offerings = {o.id: o for o in kb.offerings}
        self._competitors = {c.id: c for c in kb.competitors}
        self._attribute_names: dict[int, tuple[Offering | Answer, NameIndex]] = {}
        self._query_cache: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()
        self.build_seconds = time.perf_counter() - started
        logger.info(
            "knowledge index built",
            extra={"rows": len(self._rows), "build_ms": round(self.build_seconds * 1000, 1)},
        )

    # -- meaning -------------------------------------------------------------------------
    def embed(self, text: str) -> npt.NDArray[np.float32]:
        """The embedding of one sentence, from an LRU cache when it was asked before."""
        with self._lock:
            cached: npt.NDArray[np.float32] | None = self._query_cache.get(text)
            if cached is not None:
                self._query_cache.move_to_end(text)
                return cached
        vector: npt.NDArray[np.float32] = self.encoder.encode([text])[0]
        with self._lock:
            self._query_cache[text] = vector
            while len(self._query_cache) > _QUERY_CACHE_SIZE:
                self._query_cache.popitem(last=False)
        return vector

    def search(self, text: str, *, kinds: Collection[str] | None = None, k: int = 5) -> list[Hit]:
        """The ``k`` entries closest in meaning to ``text``, best first, one hit per entry.

        Args:
            text: the sentence (a customer's question, a need, a phrase).
            kinds: only these kinds ("offering", "upsell", "answer", "keyword", "competitor").
            k: at most this many hits.
        """
        if not self._rows or k <= 0 or not text.strip():
            return []
        scores = self._matrix @ self.embed(text)
        if kinds is not None:
            unknown = set(kinds) - set(KINDS)
            if unknown:
                raise ValueError(f"unknown kinds {sorted(unknown)}; expected some of {KINDS}")
            scores = np.where(np.isin(self._kinds, list(kinds)), scores, -np.inf)
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        for i in np.argsort(-scores):
            if not np.isfinite(scores[i]):
                break
            kind, entry_id, matched, entry = self._rows[int(i)]
            if (kind, entry_id) in seen:
                continue
            seen.add((kind, entry_id))
            hits.append(Hit(kind, entry_id, float(scores[i]), matched, entry))
            if len(hits) == k:
                break
        return hits

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two sentences (-1..1)."""
        return float(self.embed(a) @ self.embed(b))

    # -- names ---------------------------------------------------------------------------
    def find_offerings(self, text: str) -> list[Offering]:
        """Offerings named in ``text`` by name or alias, in order of mention ("premium plan")."""
        return [self._offerings[key] for key in self._offering_names.keys(text)]

    def find_competitors(self, text: str) -> list[Competitor]:
        """Competitors named in ``text`` by name or alias, in order of mention."""
        return [self._competitors[key] for key in self._competitor_names.keys(text)]

    def find_attribute(
        self,
        text: str,
        offering_or_answer: Offering | Answer,
        *,
        min_score: float = _MIN_ATTRIBUTE_SCORE,
    ) -> list[tuple[Fact, float]]:
        """Which facts of an offering or answer ``text`` talks about, best first.

        A fact scores 1.0 when its attribute or an alias appears as a phrase, 0.9 when all of the
        name's words appear, 0.4-0.8 when some do, and otherwise the cosine similarity of
        ``text`` to the attribute and its aliases (meaning: "how long are parts covered" ->
        warranty). Facts below ``min_score`` are left out.
        """
        facts = list(offering_or_answer.facts.values())
        if not facts:
            return []
        words = set(content_words(text))
        by_words = self._attribute_index(offering_or_answer).find(text)
        phrase_hits = {m.key for m in by_words}
        query = self.embed(text)
        scored: list[tuple[Fact, float]] = []
        for fact in facts:
            score = self._word_score(fact, words, fact.attribute in phrase_hits)
            meaning = max(float(query @ self._attribute_vector(name)) for name in fact.names())
            score = max(score, meaning)
            if score >= min_score:
                scored.append((fact, round(score, 4)))
        scored.sort(key=lambda pair: -pair[1])
        return scored

    def match_claims(self, sentence: str, offering_or_answer: Offering | Answer) -> list[Claim]:
        """Each value said in ``sentence``, paired with the fact of the entry it most likely states.

        Only facts whose value can be compared with the mention are candidates (a duration
        against durations, a price against prices), so "fifteen percent" can only be a percent
        fact. Among them the clause around the mention decides by words (see
        :meth:`find_attribute`); with no word evidence, the meaning of the whole sentence
        decides, capped at 0.5, and a price is taken as the entry's only price fact at 0.6. Times
        of day are never claims. ``agrees`` is ready for a fact-check.
        """
        mentions = [
            m
            for m in extract_mentions(sentence, default_currency=self.kb.currency)
            if m.value.dimension != "time_of_day"
        ]
        if not mentions:
            return []
        facts = list(offering_or_answer.facts.values())
        index = self._attribute_index(offering_or_answer)
        query: npt.NDArray[np.float32] | None = None
        claims: list[Claim] = []
        for mention in mentions:
            candidates = [f for f in facts if comparable(f.value, mention.value)]
            if not candidates:
                continue
            clause = _clause_around(sentence, mention)
            words = set(content_words(clause))
            phrase_hits = {m.key for m in index.find(clause)}
            best: tuple[float, Fact] | None = None
            for fact in candidates:
                score = self._word_score(fact, words, fact.attribute in phrase_hits)
                if score < 0.4:
                    if query is None:
                        query = self.embed(sentence)
                    meaning = max(float(query @ self._attribute_vector(n)) for n in fact.names())
                    score = min(meaning, _MEANING_CAP)
                    if mention.value.dimension == "money" and len(candidates) == 1:
                        score = max(score, _ONLY_PRICE_SCORE)
                if best is None or score > best[0]:
                    best = (score, fact)
            if best is not None:
                score, fact = best
                verdict = values_agree(fact.value, mention.value)
                claims.append(Claim(mention, fact, round(score, 4), verdict))
        return claims

    # -- helpers -------------------------------------------------------------------------
    def _attribute_index(self, entry: Offering | Answer) -> NameIndex:
        cached = self._attribute_names.get(id(entry))
        if cached is not None and cached[0] is entry:  # ids are reused after an object dies
            return cached[1]
        index = NameIndex({f.attribute: f.names() for f in entry.facts.values()}, fuzzy=False)
        self._attribute_names[id(entry)] = (entry, index)
        return index

    def _attribute_vector(self, name: str) -> npt.NDArray[np.float32]:
        vector = self._attribute_vectors.get(name)
        if vector is None:  # an entry from outside this knowledge base
            vector = self.embed(name)
            self._attribute_vectors[name] = vector
        return vector

    @staticmethod
    def _word_score(fact: Fact, words: set[str], phrase: bool) -> float:
        if phrase:
            return 1.0
        overlap = max(word_overlap(name, words) for name in fact.names())
        if overlap >= 1.0:
            return 0.9
        if overlap > 0:
            return 0.4 + 0.4 * overlap
        return 0.0


def _clause_around(sentence: str, mention: Mention) -> str:
    """The clause of ``sentence`` that holds ``mention`` (split at punctuation and "and")."""
    start = 0
    for m in _CLAUSE_SPLIT_RE.finditer(sentence):
        if m.start() >= mention.end:
            return sentence[start : m.start()]
        if m.end() <= mention.start:
            start = m.end()
    return sentence[start:]
