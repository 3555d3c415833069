"""fact_correction: the rep states a value that contradicts the knowledge base.

A claim is (offering or answer topic, attribute, value) read from one clause of a rep's turn:
the value from the number/unit/price mentions, the offering from names in the clause, the
sentence or the recent conversation, the attribute from its name or aliases (words or meaning)
or, when the clause names none, from the customer's question just before. No correction when:

* the value agrees after normalisation (other words, other units, an approximation),
* some other plausible attribute of the same offering agrees (benefit of the doubt),
* the clause is about someone else (a competitor, "theirs"),
* the rep corrects themselves in the same turn or right after (the card waits ``hold_s``),
* the knowledge base's own text for that entry states the same value.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import numpy as np

from callpilot.copilot import cues
from callpilot.copilot import text as tx
from callpilot.copilot.conversation import Turn
from callpilot.copilot.detectors import _asked as ctx
from callpilot.copilot.detectors import _attribution as who
from callpilot.copilot.detectors import _claims as cv
from callpilot.copilot.detectors import _compare as cmp
from callpilot.copilot.detectors._claims import Claim
from callpilot.copilot.detectors.base import Detector
from callpilot.copilot.policy import Finding
from callpilot.copilot.semantic import Span
from callpilot.domain import LegRole, Trigger
from callpilot.knowledge.facts import extract_mentions, format_value, values_agree

__all__ = ["FactCorrectionDetector"]

_PRONOUN = re.compile(r"\b(?:it|it's|its|they|they're|them)\b", re.I)
_QUESTION_WEIGHT = 0.92
"""Relevance taken from the customer's question just before counts a little less."""
_DOUBT_MARGIN = 0.12
_NAMED_WEIGHT = 0.97
_TOPIC_WEIGHT = 0.9
_ONLY_OF_ITS_KIND = 0.6
_SURE = 0.7
_MEANING_MIN = 0.5
"""A clause that does not use the attribute's words must mean it this clearly, at any
sensitivity (the sensitivity's attribute_min still applies on top)."""
_LEAD_IN = 0.9
"""Attribute words from the clause just before a value's clause count a little less."""


class FactCorrectionDetector(Detector):
    trigger = Trigger.FACT_CORRECTION

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: list[Claim] = []

    # --- embedding requests ------------------------------------------------------------------

    def texts(self, turn: Turn) -> list[str | Span]:
        if not turn.is_rep:
            return []
        analysed = self._analysed(turn)
        if not analysed:
            return []
        # the clauses (names and numbers masked) to match attributes with, and the whole turn
        # to tell which answer topic (financing, service area ...) it is about
        out: list[str | Span] = [turn.text]
        for c, _ms, masked in analysed:
            if masked:
                hidden = turn.cache.get(f"fact_mask:{c.start}")
                exclude = tuple(hidden) if isinstance(hidden, list) else ()
                out.append(Span(masked, c.start, c.end, exclude))
        return out

    def _analysed(self, turn: Turn) -> list[tuple[tx.Clause, list[Any], str]]:
        """Clauses with their number mentions and the clause with names and numbers masked
        (what is embedded for attribute matching, so "Whitening is 450" is not mistaken for
        a claim about whitening's shades just because it names whitening)."""
        cached = turn.cache.get("fact_clauses")
        if cached is not None:
            return cached  # type: ignore[return-value]
        index = self.env.index
        out: list[tuple[tx.Clause, list[Any], str]] = []
        for c in turn.clauses:
            if not cv.has_digitish(c.text):
                continue
            try:
                mentions = extract_mentions(c.text, default_currency=index.kb.currency)
            except Exception:  # a parser bug must not take the call down
                continue
            if not mentions:
                continue
            spans = [(m.start, m.end) for m in mentions]
            spans += [(n.start, n.end) for n in index.names_in(c.text)]
            masked = cv.mask(c.text, spans)
            turn.cache[f"fact_mask:{c.start}"] = [(c.start + a, c.start + b) for a, b in spans]
            out.append((c, mentions, masked if tx.content_words(masked) else ""))
        turn.cache["fact_clauses"] = out
        return out

    # --- events --------------------------------------------------------------------------------

    def on_turn(self, turn: Turn, now: float) -> list[Finding]:
        if turn.is_rep:
            self._drop_self_corrected(turn)
            self._pending.extend(self._claims(turn))
            self._pending.extend(self._equalities(turn))
        return self.on_tick(now)

    def on_tick(self, now: float) -> list[Finding]:
        due = [c for c in self._pending if c.due <= now + 1e-9]
        if not due:
            return []
        self._pending = [c for c in self._pending if c.due > now + 1e-9]
        return [self._finding(c) for c in due]

    def cancel_turn(self, turn_index: int) -> None:
        self._pending = [c for c in self._pending if c.turn.index != turn_index]

    # --- claims ----------------------------------------------------------------------------------

    def _hold(self) -> float:
        # A spoken correction must land in the gap right after the claim, or it talks over
        # someone; the self-correction window is a luxury only cards can afford.
        cfg = self.env.config
        delivery = cfg.trigger(self.trigger).delivery
        if delivery == "voice" or (delivery == "auto" and cfg.mode == "voice"):
            return 0.0
        return self.th("hold_s")

    def _claims(self, turn: Turn) -> list[Claim]:
        index = self.env.index
        hold = self._hold()
        min_rel = self.th("attribute_min")
        analysed = self._analysed(turn)
        if not analysed:
            return []
        with_values = {c.start for c, _ms, _m in analysed}
        named_in: list[tuple[tx.Clause, list[str]]] = []
        lead_in: dict[int, set[str]] = {}
        carry: dict[int, set[str]] = {}
        for c in turn.clauses:
            if c.start in with_values:
                # An offering named in a clause with values of its own is what those values
                # are about ("the Travessa at thirty-six nine, you'd be financing twenty-six"),
                # and the words before a value's clause that state no value are its lead-in
                # ("the powertrain warranty, that's engine and transmission, out to five years").
                lead_in[c.start] = carry.pop(c.sentence, set())
                continue
            words = tx.content_words(cv.without_portions(c.text))
            carry.setdefault(c.sentence, set()).update(tx.stem(w) for w in words)
            if ids := cv.offerings_not_compared(index, c.text):
                named_in.append((c, ids))
        topic = self.conv.topic_offerings()
        question_vecs, asked_q = ctx.recent_question(self.conv, index, turn)
        wanted = ctx.asked_dimension(self.conv, turn)
        asked = asked_q + [a for a in ctx.answer_topics(index, turn) if a not in asked_q]
        other_party_sentence: int | None = None
        customer_values = ctx.customer_values(self.conv, index, turn)
        counted = ctx.counted_before(self.conv, index, turn)
        # amounts the knowledge base itself knows (a surcharge, a discount): a total built
        # from one of them is explained
        known = cv.known_amounts(self.env.index)
        amounts = [
            m.value
            for _c, ms, _m in analysed
            for m in ms
            if m.value.numbers and cv.close(known, m.value.numbers[0], 0.005)
        ]
        implied = who.implied_subjects(
            index,
            [
                (
                    c.sentence,
                    c.start,
                    [m for m in ms if not cv.retracted(c.text, m.end, turn.text, c.end)],
                    {tx.stem(w) for w in tx.content_words(c.text)},
                )
                for c, ms, _m in analysed
            ],
        )
        claims: list[Claim] = []
        all_mentions: list[tuple[tx.Clause, Any]] = []
        subject: dict[int, list[str]] = {}
        for c, mentions, masked in analysed:
            all_mentions.extend((c, m) for m in mentions)
            if index.competitors_in(c.text):
                other_party_sentence = c.sentence
                continue
            if other_party_sentence is not None and cues.THIRD_PARTY.search(c.text):
                continue
            if "?" in c.text or cues.CUSTOMER_SITUATION.search(c.text):
                # a question, or the customer's own situation ("you're paying 140 now")
                continue
            pieces = cv.fragments(mentions, c.text)
            claimable = [
                m
                for i, m in enumerate(mentions)
                if i not in pieces
                and cv.is_claim_value(m.value)
                and not cv.echoed(m.value, customer_values)
                and not cv.YOURS.search(c.text[: m.start])
                and not (cv.bare(m.value) and m.value.numbers[0] in counted)
                and not who.counts_offering(index, c.text, m)
            ]
            if not claimable:
                continue
            in_clause = index.offerings_in(c.text)
            in_sentence = cv.sentence_offerings(c, named_in, with_values)
            if in_clause:
                subject.setdefault(c.sentence, in_clause)
            elif not in_sentence and _PRONOUN.search(c.text):
                # "Online ordering is 79 a month, and we can have it live in three days": the
                # pronoun refers back to the offering an earlier clause of the sentence named
                in_sentence = subject.get(c.sentence, [])
            if not in_clause and not in_sentence:
                # "Carpet is thirty-two cents a square foot, with a three-fifty minimum": a
                # value only one offering has says which offering the sentence is about
                in_sentence = implied.get(c.start, [])
            owners = cv.owners(
                named=in_clause,
                sentence=in_sentence,
                asked=asked,
                topic=topic,
                answers=list(index.answers),
            )
            vec = turn.vectors.get(masked) if masked else None
            for m in claimable:
                if cv.retracted(c.text, m.end, turn.text, c.end):
                    continue
                if cmp.DIFFERENCE.match(c.text[m.end :]):
                    # a difference ("fifty more than the basic") is no absolute value
                    diff = self._comparison(turn, c, m, topic, hold)
                    if diff is not None:
                        claims.append(diff)
                    continue
                claim = self._check(
                    turn,
                    c,
                    m,
                    owners,
                    vec,
                    question_vecs,
                    min_rel,
                    hold,
                    frozenset(asked_q),
                    frozenset(in_clause or in_sentence),
                    # a value taken back ("two years, sorry, three") binds no words
                    others=[
                        o
                        for o in claimable
                        if o is not m and not cv.retracted(c.text, o.end, turn.text, c.end)
                    ],
                    lead_in=lead_in.get(c.start, set()),
                    amounts=amounts,
                    wanted=wanted,
                )
                if claim is not None:
                    claims.append(claim)
        # A later mention in the same turn that states the right value is a self-correction;
        # "a one-year agreement, twelve months" is one wrong claim, not two.
        out: list[Claim] = []
        seen: set[tuple[str, str]] = set()
        for cl in claims:
            if (cl.owner, cl.attribute) in seen or self._restated(cl, all_mentions):
                continue
            seen.add((cl.owner, cl.attribute))
            # "five years or sixty thousand miles" is one wrong term (two values joined), so
            # one card; separate wrong values in a turn stay separate issues
            last = out[-1] if out else None
            if (
                last is not None
                and last.owner == cl.owner
                and last.span[1] <= cl.span[0]
                and cv.JOINED.match(turn.text[last.span[1] : cl.span[0]])
            ):
                last.more.append(cl)
                continue
            out.append(cl)
        return out

    def _check(
        self,
        turn: Turn,
        clause: tx.Clause,
        mention: Any,
        owners: list[tuple[str, float]],
        vec: np.ndarray | None,
        question_vecs: list[np.ndarray],
        min_rel: float,
        hold: float,
        asked: frozenset[str] = frozenset(),
        named: frozenset[str] = frozenset(),
        others: list[Any] | None = None,
        lead_in: set[str] | None = None,
        amounts: list[Any] | None = None,
        wanted: str | None = None,
    ) -> Claim | None:
        index = self.env.index
        text = cv.without_portions(cv.without_unit(clause.text, mention))
        words = {tx.stem(w) for w in tx.content_words(text)} | cv.attribute_verbs(text)
        part_of_whole = cv.PART_OF_WHOLE.match(clause.text[mention.end :]) is not None
        led = words | (lead_in or set())
        sem: dict[tuple[str, str], float] = {}
        if vec is not None:
            for row, s in index.scores("attribute", vec):
                k = (row.owner, row.key)
                sem[k] = max(sem.get(k, 0.0), s)
        q_sem: dict[tuple[str, str], float] = {}
        for qv in question_vecs:
            for row, s in index.scores("attribute", qv):
                k = (row.owner, row.key)
                q_sem[k] = max(q_sem.get(k, 0.0), _QUESTION_WEIGHT * s)
        said = mention.value
        approx = bool(cv.APPROX.search(clause.text[: max(0, mention.start)]))
        derived = (
            approx
            and cv.WORKED_OUT.match(clause.text) is not None
            and any(c.sentence == clause.sentence and c.start < clause.start for c in turn.clauses)
        )
        money_context = bool(cv.MONEY_CONTEXT.search(clause.text))
        near = cv.around(clause.text, mention)
        is_add_on = cv.add_on(clause.text, mention)
        is_interval = cv.interval(clause.text, mention)
        candidates: list[tuple[float, bool, str, Any]] = []
        answered_right = False
        clear_subject = False
        for owner, weight in owners:
            comparable: list[tuple[Any, float, bool]] = []
            rival = False
            for fact in index.owner_facts(owner).values():
                attr_words = index.attribute_words(fact)
                lex = cv.lexical(attr_words, words)
                if lex and others and cv.bound_elsewhere(attr_words, clause.text, mention, others):
                    # the attribute's words go with another value in this clause ("a hundred
                    # sixty-four with a two-fifty deductible"): this value is something else
                    continue
                if lex < cv.LEXICAL_FULL and led is not words:
                    lex = max(lex, _LEAD_IN * cv.lexical(attr_words, led))
                if lex < cv.LEXICAL_FULL and who.modifier_conflict(attr_words, text):
                    # "an admin fee" is another fee than the "test fee"
                    rival = rival or fact.value.dimension == said.dimension
                    continue
                if cv.bare(said) and not cv.bare_comparable(fact.value, lex, money_context):
                    continue
                if said.noun and fact.value.dimension in (None, "count"):
                    # a counted thing must be the attribute's thing: "two-bedroom" is no crew
                    noun = {tx.stem(w) for w in tx.content_words(str(said.noun))}
                    if cv.lexical(index.attribute_words(fact), noun) < cv.LEXICAL_PARTIAL:
                        continue
                elif said.noun and said.dimension == "count" and said.numbers[0] < 10:
                    continue  # a few things counted are no price ("one price for both")
                if (is_add_on or is_interval) and not cv.fits_qualifier(
                    fact, is_add_on=is_add_on, is_interval=is_interval
                ):
                    continue
                agree = cv.agree(fact, said, approx, near)
                if agree is False and cv.composite(fact.value, said, amounts or []):
                    agree = True
                if agree is not None:
                    comparable.append((fact, lex, agree))
            # The only attribute of its kind says which one a value is about: of a named
            # offering ("$65 a month" for a plan with one price), or of the topic when the
            # value carries the attribute's own rate ("one ninety-nine a head" for a price
            # per person).
            if rival:
                # the clause names a fee of its own the entry does not know: only an attribute
                # it names outright can still be meant
                comparable = [x for x in comparable if x[1] >= cv.LEXICAL_FULL]
            sole = comparable[0][0] if len(comparable) == 1 else None
            if sole is None or weight < _NAMED_WEIGHT or owner not in named:
                per_kind = [f for f, _l, _a in comparable if cv.same_period(f.value.per, said.per)]
                on_topic = weight >= _TOPIC_WEIGHT and owner in index.offerings
                sole = per_kind[0] if len(per_kind) == 1 and on_topic else None
                if sole is None and on_topic and wanted == said.dimension:
                    # "How long do I have to use them?" - "You've got a full year": the one
                    # duration of the offering talked about is what the answer is about
                    of_dimension = [
                        f
                        for f, _l, _a in comparable
                        if f.value.dimension == wanted and not cv.far_apart(f.value, said)
                    ]
                    sole = of_dimension[0] if len(of_dimension) == 1 else None
            for fact, lex, agree in comparable:
                rel = max(lex, sem.get((owner, fact.attribute), 0.0))
                only_of_kind = fact is sole
                if only_of_kind:
                    # the only attribute of its kind ("$65 a month" about a plan with one
                    # price): the value's dimension says which attribute it is
                    rel = max(rel, _ONLY_OF_ITS_KIND)
                if rel < min_rel:
                    rel = max(rel, q_sem.get((owner, fact.attribute), 0.0))
                if (
                    agree
                    and owner in asked
                    and (rel * weight >= min_rel or values_agree(fact.value, said) is True)
                ):
                    # a right answer to what the customer just asked about ("up to 5 grand"
                    # for the credit's cap); a bound that merely admits the value ("five
                    # years" within a 6-year age limit) only counts when the clause means it
                    answered_right = True
                if not lex and not only_of_kind and rel < _MEANING_MIN:
                    # without the attribute's words only a close paraphrase is a claim about it
                    continue
                if not lex and weight < _NAMED_WEIGHT and not only_of_kind:
                    # Neither the attribute's words nor the offering's name nor a question
                    # about it ties the value to this fact: a guess is not worth a correction.
                    continue
                if not agree and lex < cv.LEXICAL_FULL and derived:
                    # "a fifth down, so about seven eighty": worked out, not a stated fact
                    continue
                if not agree and part_of_whole:
                    # "two nights up at the volcano lodge": a part of the trip, not its length
                    continue
                if not agree and lex < cv.LEXICAL_FULL and cv.far_apart(fact.value, said):
                    # Off by an order of magnitude and not named: another quantity, not a misquote.
                    continue
                rel *= weight
                if rel >= min_rel:
                    candidates.append((rel, agree, owner, fact))
                    if weight >= _NAMED_WEIGHT and lex >= _LEAD_IN * cv.LEXICAL_FULL:
                        clear_subject = True
        if clear_subject:
            # An offering named or asked about whose attribute the clause names outright is
            # the subject; merely topical offerings are no competing reading.
            sure = {o for o, w in owners if w >= _NAMED_WEIGHT}
            candidates = [c for c in candidates if c[2] in sure]
        if not candidates:
            return None
        candidates.sort(key=lambda x: -x[0])
        best_rel, best_agree, owner, fact = candidates[0]
        if best_agree or answered_right:
            # right, or a right answer to what the customer just asked about
            return None
        # Benefit of the doubt: a nearly as plausible reading that agrees wins.
        if any(agree and rel >= best_rel - _DOUBT_MARGIN for rel, agree, _, _ in candidates[1:]):
            return None
        # A weakly identified attribute whose value the entry's own prose states is no claim
        # against the knowledge base ("the tech texts you 30 minutes out").
        if best_rel < _SURE and cv.stated_in_kb_text(index, owner, said):
            return None
        evidence = {
            "turn": turn.index,
            "turn_text": turn.text,
            "claim": clause.text,
            "said": mention.text,
            "kb_entry": owner,
            "attribute": fact.attribute,
            "kb_value": fact.raw,
            "relevance": round(best_rel, 3),
        }
        return Claim(
            turn=turn,
            owner=owner,
            attribute=fact.attribute,
            said=mention.text,
            said_key=",".join(f"{n:g}" for n in said.numbers) + f"{said.dimension or ''}",
            correct=format_value(fact.value),
            relevance=best_rel,
            due=turn.end + hold,
            evidence=evidence,
            span=(clause.start + mention.start, clause.start + mention.end),
        )

    def _equalities(self, turn: Turn) -> list[Claim]:
        """Wrong claims that two offerings are the same ("the same length as the virtual
        games"), checked on the attribute named, else their prices."""
        out: list[Claim] = []
        for c in turn.clauses:
            if "?" in c.text or not cmp.SAME.search(c.text):
                continue
            topic = self.conv.topic_offerings()
            found = cmp.compare_same(self.env.index, turn.text, c, topic)
            if found is not None and not found.right:
                span = (c.start, c.end)
                out.append(self._comparison_claim(turn, c, found, span, "same", self._hold()))
        return out

    def _comparison(
        self, turn: Turn, clause: tx.Clause, mention: Any, topic: list[str], hold: float
    ) -> Claim | None:
        """A wrong difference between two offerings ("fifty more a month than the basic")."""
        approx = bool(cv.APPROX.search(clause.text[: max(0, mention.start)]))
        found = cmp.compare(self.env.index, turn.text, clause, mention, topic, approx)
        if found is None or found.right:
            return None
        span = (clause.start + mention.start, clause.start + mention.end)
        key = f"diff{mention.value.numbers[0]:g}"
        return self._comparison_claim(turn, clause, found, span, key, hold)

    def _comparison_claim(
        self,
        turn: Turn,
        clause: tx.Clause,
        found: cmp.Comparison,
        span: tuple[int, int],
        key: str,
        hold: float,
    ) -> Claim:
        """The correction of a wrong comparison: a difference, or "the same as"."""
        index = self.env.index
        t, r = found.target_value, found.reference_value
        ref_name = index.owner_name(found.reference)
        if found.difference:
            gap = replace(t, numbers=(found.difference,), written_numbers=(found.difference,))
            correct = f"{format_value(t)}, {format_value(gap)} more than the {ref_name}"
        else:
            correct = f"{format_value(t)}, not the same as the {ref_name}"
        correct += f" ({format_value(r)})"
        said = turn.text[span[0] : clause.end].rstrip(".!?,; ")
        evidence = {
            "turn": turn.index,
            "turn_text": turn.text,
            "claim": clause.text,
            "said": said,
            "kb_entry": found.target,
            "compared_with": found.reference,
            "attribute": found.attribute,
            "kb_value": f"{format_value(t)} vs {format_value(r)}",
            "relevance": 1.0,
        }
        return Claim(
            turn=turn,
            owner=found.target,
            attribute=found.attribute,
            said=said,
            said_key=f"{key}:{found.reference}",
            correct=correct,
            relevance=_SURE,
            due=turn.end + hold,
            evidence=evidence,
            span=span,
        )

    def _restated(self, claim: Claim, mentions: list[tuple[tx.Clause, Any]]) -> bool:
        fact = self.env.index.owner_facts(claim.owner).get(claim.attribute)
        if fact is None:
            return False
        return any(values_agree(fact.value, m.value) is True for _, m in mentions)

    def _drop_self_corrected(self, turn: Turn) -> None:
        """A pending claim is dropped when the rep's next words state the right value."""
        if not self._pending:
            return
        try:
            mentions = extract_mentions(turn.text, default_currency=self.env.index.kb.currency)
        except Exception:
            return
        keep: list[Claim] = []
        for claim in self._pending:
            fact = self.env.index.owner_facts(claim.owner).get(claim.attribute)
            fixed = fact is not None and any(
                values_agree(fact.value, m.value) is True for m in mentions
            )
            if not fixed:
                keep.append(claim)
        self._pending = keep

    def on_speech_started(self, role: LegRole, at: float) -> None:
        # Someone else took the floor: the rep did not correct themselves right away.
        if role is not LegRole.REP:
            for c in self._pending:
                c.due = min(c.due, at)

    def _finding(self, c: Claim) -> Finding:
        entry = self.env.index.owner_name(c.owner)
        attr = c.attribute
        subject = f"{entry} {attr}" if c.owner in self.env.index.offerings else attr
        rest = "".join(f"; the {m.attribute} is {m.correct}, not {m.said}" for m in c.more)
        text = f"The {subject} is {c.correct}, not {c.said}{rest} (knowledge base: {c.owner})."
        spoken_rest = "".join(f", and the {m.attribute} is {m.correct}" for m in c.more)
        spoken = f"to be precise, the {subject} is {c.correct}{spoken_rest}."
        confidence = min(1.0, 0.55 + 0.45 * min(1.0, c.relevance))
        return Finding(
            trigger=self.trigger,
            text=text,
            spoken=spoken,
            confidence=confidence,
            turn_index=c.turn.index,
            issue_key=f"fact:{c.owner}:{attr}:{c.said_key}",
            evidence=c.evidence,
        )
