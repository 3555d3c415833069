"""General English conversational cues the detectors share.

Everything here is about how people talk, never about a business: hedges, deflections,
self-corrections, pause announcements, negation, questions, next steps, frustration and
confusion markers. Business knowledge (offerings, facts, phrases, competitors) comes from the
knowledge base only. Patterns are compiled once at import; matching costs microseconds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

__all__ = [
    "Clause",
    "stem",
    "words_pattern",
    "any_match",
    "content_words",
    "disclaimed",
    "count_matches",
    "is_question",
    "negated_before",
    "normalize",
    "split_clauses",
    "word_count",
]


def words_pattern(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of ``patterns`` as whole words."""
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower-case, straight apostrophes, single spaces."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip().lower()


_WORD = re.compile(r"[a-z0-9']+")


def word_count(text: str) -> int:
    return len(_WORD.findall(text.lower()))


_STOP = frozenset(
    """a an the and or but so to of in on at for with from by is are was were be been am i you
    he she it we they me my your our their his her its this that these those there here what
    which who how when where why do does did done have has had not no yes yeah yep okay ok um uh
    hm hmm oh well just like really very too also then than if as about can could would should
    will shall may might must get got gets going go gonna wanna let's lets i'm you're it's that's
    we're they're don't doesn't didn't can't won't i'll i'd i've you'll we'll all any some more
    most much many one thing things right sure now up out over back into""".split()
)


def content_words(text: str) -> list[str]:
    """Words that carry meaning (not fillers or function words); "the agreement's" is
    "agreement" ("it's" is "it", a function word)."""
    words = (_CLITIC.sub("", w) for w in _WORD.findall(text.lower()))
    return [w for w in words if w not in _STOP and len(w) > 1]


_CLITIC = re.compile(r"'(?:s|re|ll|ve|d|m)$")


# --- clauses -------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s+[-\u2013\u2014]+\s+")
_CLAUSE_SPLIT = re.compile(
    r",\s+(?=(?:and|but|so|plus|though|although|while|whereas|because|since|which|"
    r"or|then|yet|whereas)\b)|,\s+(?=(?:and\s+)?(?:we|you|it|that|they|he|she|i|there|"
    r"theirs|ours|yours|the|our|their|with|for|on)\b)|\s+(?=(?:but|whereas|while)\s)",
    re.IGNORECASE,
)


class Clause:
    """A piece of an utterance that carries one claim, with its place in the utterance."""

    __slots__ = ("end", "sentence", "start", "text")

    def __init__(self, text: str, start: int, end: int, sentence: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.sentence = sentence

    def __repr__(self) -> str:
        return f"Clause({self.text!r})"


def split_clauses(text: str) -> list[Clause]:
    """Split an utterance into sentences and clauses, keeping character offsets.

    Works on punctuated transcripts and on unpunctuated speech-recognition output (then the
    whole utterance is one clause, split only on "but"/"while").
    """
    clauses: list[Clause] = []
    sentence_idx = 0
    for sentence in _split_keep(text, _SENTENCE_END):
        s_text, s_start = sentence
        for piece, p_start in _split_keep(s_text, _CLAUSE_SPLIT):
            stripped = piece.strip(" ,")
            if not stripped:
                continue
            lead = piece.find(stripped)
            start = s_start + p_start + lead
            clauses.append(Clause(stripped, start, start + len(stripped), sentence_idx))
        sentence_idx += 1
    return clauses


def _split_keep(text: str, pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    last = 0
    for m in pattern.finditer(text):
        out.append((text[last : m.start()], last))
        last = m.end()
    out.append((text[last:], last))
    return [(t, s) for t, s in out if t.strip()]


# --- questions -----------------------------------------------------------------------------

_WH_START = re.compile(
    r"^(?:(?:so|and|but|okay|ok|well|also|oh|um|uh|hey|then|alright|right),?\s+)*"
    r"(?:what|what's|whats|how|how's|when|where|where's|who|which|why|is|are|was|were|do|does|"
    r"did|can|could|would|will|should|have|has|any|anything|is there|are there)\b",
    re.IGNORECASE,
)
_EMBEDDED_QUESTION = words_pattern(
    [
        r"(?:how|what|when|where|which|who|why)(?:\s+\w+){0,3}\s+(?:do|does|did|is|are|was|were|"
        r"can|could|would|will|should)\s+(?:you|your|y'all|we|i|it|they|the|there|this|that)",
        r"(?:do|does|can|could|would|will|are|is) (?:you|y'all|your (?:guys|team|company|folks))",
        r"i(?:'d| would) (?:like|love) to know",
        r"i(?:'m| am) (?:wondering|curious)",
        r"i was wondering",
        r"(?:can|could) you tell me",
        r"do you (?:know|happen to know)",
        r"tell me (?:about|how|what|whether|if)",
        r"wanted to (?:ask|know|check)",
        # unpunctuated speech: an inverted question after a joining word ("so is there any
        # way you can bring it out", "and if I pay on the fourth am I not covered")
        r"(?:so|and|but|or|then|okay|ok|like|well)\s+(?:is|are|am|do|does|can|could|will|would|"
        r"should|did)\s+(?:there|i|you|it|we|they|that|this|my|y'all)\s+\w+",
        r"(?:\w+\s+){2,}(?:am i|do i|can i|could i|will i|should i|is there|are there|do you|"
        r"can you|could you|will you|are you able to)\s+(?!know\b|mean\b)\w+",
    ]
)
_SPOKEN_FILLER = re.compile(r"\b(?:u+h+|u+m+|erm+|hm+|like|just|kind of|sort of),?\s+", re.I)


def without_fillers(text: str) -> str:
    """The text without hesitation sounds and filler words ("can you like bring it out")."""
    return _SPACES.sub(" ", _SPOKEN_FILLER.sub("", text)).strip()


def is_question(text: str) -> bool:
    """A question, with or without a question mark (speech recognition often drops them)."""
    t = text.strip()
    if not t:
        return False
    if "?" in t:
        return True
    t = without_fillers(t)
    for sentence in re.split(r"(?<=[.!;])\s+", t):
        if _WH_START.match(sentence.strip()) and word_count(sentence) >= 3:
            return True
    return bool(_EMBEDDED_QUESTION.search(t))


def question_sentences(text: str) -> list[str]:
    """The sentences of an utterance that ask something."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?;])\s+", text.strip()) if p.strip()]
    qs = [p for p in parts if is_question(p)]
    if not qs and is_question(text):
        qs = [text.strip()]
    return qs


# --- negation and hypotheticals ------------------------------------------------------------

NEGATORS = words_pattern(
    [
        r"not",
        r"never",
        r"no",
        r"nobody",
        r"neither",
        r"nor",
        r"without",
        r"hardly",
        r"\w+n't",
        r"wont",
        r"dont",
        r"cant",
        r"wouldnt",
        r"no need to",
        r"no reason to",
        r"no plans? to",
        r"far from",
    ]
)


_DISCLAIMER = re.compile(
    r"^\W*(?:(?:and|but|so|oh|well|i mean)\W+)?(?:(?:it's|it is|it isn't|it's not)\s+)?"
    r"not (?:that|like|because)\b",
    re.IGNORECASE,
)


def disclaimed(clause: str) -> bool:
    """A clause that opens by waving its own content away ("not that the line is slow or
    anything", "it's not like we're unhappy"): whatever it names is denied."""
    return _DISCLAIMER.match(clause) is not None


def negated_before(text: str, start: int, *, window_words: int = 4) -> bool:
    """Is the phrase starting at ``start`` negated by a word shortly before it?

    "I'd never cancel", "we don't want to cancel", "no plans to switch", "not that it's
    noisy" → True.
    """
    before = text[:start]
    # only the current clause counts: stop at the last clause boundary
    cut = max(before.rfind(","), before.rfind("."), before.rfind(";"), before.rfind(" but "))
    if cut >= 0:
        before = before[cut + 1 :]
    if disclaimed(before):
        return True
    words = before.split()[-window_words:]
    return bool(NEGATORS.search(" ".join(words)))


# --- generic cue families --------------------------------------------------------------------

_RELATION_NAME = re.compile(
    r"\b(?:(?:my|our|his|her|their|your)\s+(?:wife|husband|partner|spouse|son|daughter|kid|"
    r"child|mom|mother|dad|father|brother|sister|friend|boss|neighbou?r|boyfriend|girlfriend|"
    r"fianc\w*|cousin|aunt|uncle|grandma|grandpa|grandmother|grandfather|coworker|co-worker|"
    r"roommate|buddy|colleague|assistant|tenant|landlord)|named|called)\s*,?\s+"
    r"([A-Z][a-z'\u2019]+)"
)
_CAPITALISED = re.compile(r"\b([A-Z][a-z]+)(?:'s|\u2019s)\b")


def learn_names(text: str) -> set[str]:
    """People introduced by name ("my wife Sue", "a guy named Mark"), lower-cased: every later
    mention of that word in the call is the person, not a word in its ordinary sense."""
    return {m.group(1).lower().rstrip("'\u2019") for m in _RELATION_NAME.finditer(text)}


def name_spans(text: str, known: set[str] | frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Character spans of people's (or companies') names in ``text``: names learned earlier in
    the call, names introduced here, and capitalised possessives mid-sentence ("so Sue's car")."""
    names = set(known) | learn_names(text)
    out: list[tuple[int, int]] = []
    for m in _WORD_CASED.finditer(text):
        w = m.group().lower()
        base = w[:-2] if w.endswith(("'s", "\u2019s")) else w
        if base in names:
            out.append((m.start(), m.start() + len(base)))
    for m in _CAPITALISED.finditer(text):
        if not _sentence_initial(text, m.start()):
            span = (m.start(1), m.end(1))
            if span not in out:
                out.append(span)
    return sorted(out)


_WORD_CASED = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")


def _sentence_initial(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \"'(")
    return not before or before[-1] in ".!?;:\n"


_RELATION_BEFORE = re.compile(
    r"\b(?:my|our|his|her|their|your)\s+(?:wife|husband|partner|spouse|son|daughter|kid|mom|"
    r"mother|dad|father|brother|sister|friend|boss|neighbou?r|boyfriend|girlfriend|cousin|aunt|"
    r"uncle|coworker|colleague|roommate)\s*,?\s*$",
    re.I,
)


def after_relation(text: str, at: int) -> bool:
    """The word at ``at`` follows "my wife", "our neighbour" ...: a name, however it is cased."""
    return _RELATION_BEFORE.search(text[:at]) is not None


def proper_use(text: str, start: int) -> bool:
    """The word at ``start`` is written capitalised mid-sentence: a name, not the common word
    ("my wife Sue" is no "sue")."""
    return text[start : start + 1].isupper() and not _sentence_initial(text, start)


@functools.lru_cache(maxsize=1 << 16)
def stem(w: str) -> str:
    """A light stemmer: plural and -ing/-ed endings (guys → guy, covered → cover)."""
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    for suf in ("ing", "ed", "es"):
        if len(w) > 5 and w.endswith(suf):
            return w[: -len(suf)]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def any_match(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None


def count_matches(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))
