"""keyword: the customer says a configured phrase (in its meaning) or names a competitor.

Phrases match by their words (with inflections: cancel/cancelled/cancelling) or, for phrases of
two words or more, by meaning (a clause close to the phrase). Either way the phrase must be
meant: "I'd never cancel on you guys" or "no need to cancel" is not a cancellation. Only the
customer's words count; the rep naming a competitor is not a trigger.
"""

from __future__ import annotations

import re
from typing import Any

from callpilot.copilot import text as tx
from callpilot.copilot.conversation import Turn
from callpilot.copilot.detectors.base import Detector, alone_span
from callpilot.copilot.policy import Finding
from callpilot.copilot.semantic import Span
from callpilot.domain import Trigger

__all__ = ["KeywordDetector"]

_MIN_MEANING_WORDS = 3


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s\-]+", phrase.strip().lower()) if w]
    # inflect the last word: cancel → cancels, cancelled, cancelling, cancellation
    last = words[-1] + r"(?:s|es|ed|d|ing|led|ling|ation|lation|ations)?"
    body = r"[\s\-]+".join([*words[:-1], last])
    return re.compile(rf"(?<![\w']){body}(?![\w'])", re.I)


_CONDITIONAL = re.compile(
    r"\b(?:i'd|i would|we'd|we would|you'd|you would|they'd|would)\s+(?:\w+\s+)?$", re.I
)
_DESIRE = re.compile(r"\b(?:like|love|want|need|prefer|rather|have)\b", re.I)


def _conditional_before(text: str, start: int) -> bool:
    """ "I'd cancel Netflix before I'd ..." is a hypothetical, not a request; "I'd like to
    cancel" is a request."""
    before = text[:start]
    m = _CONDITIONAL.search(before)
    return m is not None and not _DESIRE.search(before[m.start() :])


_POSSESSED_OBJECT = re.compile(r"^\s+(?:my|our|his|her|their|an?)\s+([a-z][a-z'-]*)", re.I)
"""The object after the phrase: someone's ("cancel my internet") or one of many ("cancel a
mowing job"); "the" is left out, as "the whole thing" is most often the business's."""
_FIGURATIVE_AFTER = re.compile(
    r"^\W*(?:just\s+|even\s+)?(?:looking at|thinking about|thinking of|reading|hearing about|"
    r"watching|to think about|to look at)\b",
    re.I,
)
"""A feeling caused by looking at or thinking of something: "makes me dizzy just looking at
it" is a figure of speech, not a symptom."""
_CANCELS_OUT = re.compile(r"^\s+(?:each other\s+)?out\b", re.I)
"""'White on white cancels out': a phrasal verb of its own, not a cancellation."""
_FED_UP = re.compile(r"(?:sick|tired)$", re.I)
_OF = re.compile(r"^\s+(?:and tired\s+)?of\b", re.I)
"""'Sick of' something is fed up with it: "I got sick of filling out forms" is no illness."""
_SOCIAL_OBJECT = re.compile(
    r"^\s+on\s+(?:her|his|my|our|their|your|me|us|him|them|people|friends|family)\b", re.I
)
""""She cancels on her friends": letting people down, not ending a contract."""
_IS_A_BEFORE = re.compile(
    r"\b(?:he's|she's|he is|she is|who's|who is|they're|is|was|as)\s+an?\s+$", re.I
)
""""My brother-in-law, he's a lawyer": what someone is, not a threat."""
_ONE_SESSION = frozenset("class lesson session visit appointment shift workout meeting".split())
"""Cancelling one of these ("cancel a class") moves one session; the customer stays."""
_OWN_BUSINESS = frozenset(
    "account contract subscription membership order booking appointment reservation plan "
    "service policy deposit payment card package course class session visit spot "
    "provider company carrier vendor supplier agreement deal lease loan project job "
    "purchase quote estimate enrollment enrolment registration "
    # qualifiers of the business's own thing: "cancel my current plan", "an annual contract"
    "current existing whole entire remaining monthly annual yearly auto automatic free trial "
    "upcoming next new".split()
)
"""What a customer may say they cancel or drop with any business: never someone else's."""


def _vocabulary(kb: Any) -> frozenset[str]:
    """Every word the knowledge base uses (stemmed): the business's own things."""
    texts: list[str] = [str(kb.company)]
    for o in kb.offerings:
        texts += [o.name, *o.aliases, o.summary or "", o.pitch or "", *o.upsell_when]
        texts += [str(a) for a in getattr(o, "facts", {}) or {}]
    for a in kb.answers:
        texts += [*a.questions, a.answer]
    for k in kb.keywords:
        texts += [*k.phrases, k.suggestion]
    return frozenset(tx.stem(w) for t in texts for w in tx.content_words(t))


_NAME_FOLLOWS = re.compile(
    r"^\s+(?:from|at|in|on|will|would|can|could|is|was|has|had|said|says|told|and|or)\b", re.I
)
"""After a person's name: "Sue from reception will ...", "Sue said"; not "sue them"."""


def _is_name(turn: Turn, at: int, phrase: str, said: str) -> bool:
    """The words matched are someone's name ("my wife Sue", "Sue's car", "Sue from reception"),
    not the phrase."""
    if any(a <= at < b for a, b in turn.names):
        return True
    if " " not in phrase.strip() and tx.after_relation(turn.text, at):
        return True  # "my wife sue" is a name; "my son got sick" is no name of two words
    if not phrase.islower() or " " in phrase.strip() or not said[:1].isupper():
        return False
    return tx.proper_use(turn.text, at) or bool(_NAME_FOLLOWS.match(turn.text[at + len(said) :]))


def _meant_otherwise(text: str, m: re.Match[str]) -> bool:
    """The phrase is part of an idiom or a description: "dizzy just looking at it", "sick of
    forms", "cancels out", "he's a lawyer"."""
    after = text[m.end() :]
    return bool(
        _FIGURATIVE_AFTER.match(after)
        or (_FED_UP.search(m.group()) and _OF.match(after))
        or _CANCELS_OUT.match(after)
        or _IS_A_BEFORE.search(text[: m.start()])
    )


_DEGREE_BEFORE = re.compile(
    r"\b(?:nearly|almost|not|so|very|fully|totally|quite|pretty|really|more|most|less|getting|"
    r"get|be|being|been|am|is|are|was|i'm|we're|he's|she's|it's|they're|you're|feel|feels|look|"
    r"looks)\s+$",
    re.I,
)


def _common_words(text: str, start: int, end: int) -> bool:
    """A competitor's name made of plain words, said in lower case as those words: "he says
    I'm nearly road ready" is no mention of RoadReady."""
    said = text[start:end]
    return said.islower() and " " in said and _DEGREE_BEFORE.search(text[:start]) is not None


class KeywordDetector(Detector):
    trigger = Trigger.KEYWORD

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kb = self.env.index.kb
        self._patterns = [(k, p, _phrase_pattern(p)) for k in kb.keywords for p in k.phrases]
        self._keywords = {k.id: k for k in kb.keywords}
        self._competitors = {c.id: c for c in kb.competitors}
        self._vocab = _vocabulary(kb)

    def _elsewhere(self, text: str, end: int) -> bool:
        """ "trying to cancel my internet": the phrase acts on something the business does
        not sell (its object, owned by the customer, is a word the knowledge base never
        uses), so it is about another company."""
        if _SOCIAL_OBJECT.match(text[end:]):
            return True
        m = _POSSESSED_OBJECT.match(text[end:])
        if m is None:
            return False
        word = m.group(1).lower()
        if m.group(0).split()[0].lower() in ("a", "an") and tx.stem(word) in _ONE_SESSION:
            return True  # "cancel a class last minute": one session, not the membership
        obj = tx.stem(word)
        own = word in _OWN_BUSINESS or obj in _OWN_BUSINESS
        return obj not in self._vocab and not own and len(obj) > 2

    def texts(self, turn: Turn) -> list[str | Span]:
        if not turn.is_customer or not self._keywords:
            return []
        return [
            alone_span(turn, c.start, c.end, c.text)
            for c in turn.clauses
            if tx.word_count(c.text) >= _MIN_MEANING_WORDS
        ]

    def on_turn(self, turn: Turn, now: float) -> list[Finding]:
        if not turn.is_customer:
            return []
        out: list[Finding] = []
        seen: set[str] = set()
        for c in turn.clauses:
            for kw, phrase, pat in self._patterns:
                if kw.id in seen:
                    continue
                for m in pat.finditer(c.text):
                    if tx.negated_before(c.text, m.start()) or _conditional_before(
                        c.text, m.start()
                    ):
                        continue
                    if _is_name(turn, c.start + m.start(), phrase, m.group()):
                        continue
                    if self._elsewhere(c.text, m.end()) or _meant_otherwise(c.text, m):
                        continue
                    seen.add(kw.id)
                    out.append(self._keyword(kw, turn, phrase, 1.0, "words"))
                    break
        min_sim = self.th("meaning_min")
        for c in turn.clauses:
            vec = turn.vectors.get(c.text)
            if vec is None:
                continue
            for row, s in self.env.index.scores("keyword", vec):
                if s < min_sim:
                    break
                if row.owner in seen or len(row.text.split()) < 2:
                    continue
                if tx.any_match(tx.NEGATORS, c.text):
                    continue
                seen.add(row.owner)
                out.append(self._keyword(self._keywords[row.owner], turn, row.text, s, "meaning"))
        for n in self.env.index.competitors_in(turn.text):
            if n.id in seen or _common_words(turn.text, n.start, n.end):
                continue
            seen.add(n.id)
            comp = self._competitors[n.id]
            text = f"{comp.name} came up. {comp.positioning}"
            out.append(
                Finding(
                    trigger=self.trigger,
                    text=text,
                    spoken=comp.positioning,
                    confidence=1.0,
                    turn_index=turn.index,
                    issue_key=f"competitor:{comp.id}",
                    evidence={
                        "turn": turn.index,
                        "turn_text": turn.text,
                        "kb_entry": comp.id,
                        "matched": n.text,
                    },
                )
            )
        return out

    def _keyword(self, kw: Any, turn: Turn, phrase: str, score: float, how: str) -> Finding:
        return Finding(
            trigger=self.trigger,
            text=f"“{phrase}” came up. {kw.suggestion}",
            spoken=kw.suggestion,
            confidence=min(1.0, 0.5 + score / 2) if how == "meaning" else 1.0,
            turn_index=turn.index,
            issue_key=f"keyword:{kw.id}",
            evidence={
                "turn": turn.index,
                "turn_text": turn.text,
                "kb_entry": kw.id,
                "matched": phrase,
                "by": how,
                "score": round(score, 3),
            },
        )
