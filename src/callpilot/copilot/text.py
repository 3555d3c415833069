"""General English conversational cues the detectors share.

Everything here is about how people talk, never about a business: hedges, deflections,
self-corrections, pause announcements, negation, questions, next steps, frustration and
confusion markers. Business knowledge (offerings, facts, phrases, competitors) comes from the
knowledge base only. Patterns are compiled once at import; matching costs microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "Clause",
    "any_match",
    "content_words",
    "count_matches",
    "is_question",
    "negated_before",
    "normalize",
    "split_clauses",
    "word_count",
]


def _rx(patterns: Iterable[str]) -> re.Pattern[str]:
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
    """Words that carry meaning (not fillers or function words)."""
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


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
_EMBEDDED_QUESTION = _rx(
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

NEGATORS = _rx(
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


def negated_before(text: str, start: int, *, window_words: int = 4) -> bool:
    """Is the phrase starting at ``start`` negated by a word shortly before it?

    "I'd never cancel", "we don't want to cancel", "no plans to switch" → True.
    """
    before = text[:start]
    # only the current clause counts: stop at the last clause boundary
    cut = max(before.rfind(","), before.rfind("."), before.rfind(";"), before.rfind(" but "))
    if cut >= 0:
        before = before[cut + 1 :]
    words = before.split()[-window_words:]
    return bool(NEGATORS.search(" ".join(words)))


# --- generic cue families --------------------------------------------------------------------

HEDGES = _rx(
    [
        # The speaker does not know (strong): used for knowledge gaps.
        r"(?:i'm|i am) (?:\w+ )?not (?:\w+ )?sure",
        r"not (?:a hundred|100|one hundred) (?:percent|%) sure",
        r"not (?:entirely|totally|completely|exactly|really|quite) sure",
        r"(?:i )?(?:don't|do not) (?:really |actually |honestly )?know",
        r"(?:i'm|i am) not certain",
        r"no idea",
        r"(?:i'd|i would|i'll|i will|i) (?:have|need) to (?:check|ask|look|find out|confirm|"
        r"double[- ]check|verify|get back)",
        r"(?:let me|i can|i could|i'll have to|i'll need to) (?:check|ask|look into|find out|"
        r"look that up|verify|double[- ]check)",
        r"get back to you",
        r"(?:have|need) to (?:check|ask) (?:with|on)",
        r"(?:i'm|i am) (?:honestly |really )?not (?:the best person|familiar)",
        r"(?:i'd|i would) be guessing",
        r"(?:off|on) the top of my head",
        r"(?:don't|do not) have (?:\w+ ){0,3}(?:right )?(?:in front of me|handy|on hand|with me|"
        r"on me|here)",
        r"(?:don't|do not|can't|cannot) (?:see|find) (?:it|that|this|anything)",
        r"let me see (?:if|what|whether)",
        r"(?:you'd|you would|you'll|you will|you might|you may) (?:\w+ )?(?:have|need|want) to "
        r"(?:ask|check with|call|talk to|contact|look into|find out)",
        r"(?:every|each) \w+ is different",
        r"(?:don't|do not) want to guess",
        r"(?:i'll|i will|i'd|i would) (?:have to )?(?:find out|ask (?:my|our|the))",
        r"(?:i'm|i am) blanking",
        r"i could be wrong",
        r"don't quote me",
        r"(?:i'm|i am) not the (?:right )?(?:person|one) to",
        r"not something i (?:know|deal with|handle)",
        r"beats me",
        r"good question,? (?:i|let me)",
        # deflections in other words: to someone else, to later, or away from a wrong answer
        r"(?:let me|i'll|i will|i can|i'd have to|i need to) ask around",
        r"(?:don't|do not|dont) (?:want to|wanna) (?:tell|give) you (?:the |a )?wrong",
        r"(?:don't|do not|dont) (?:want to|wanna) (?:say|promise) (?:\w+ ){0,2}wrong",
        r"more of an? (?:\w+ ){1,3}(?:thing|question|call|issue)",
        r"(?:that's|that is|it's|it is) (?:an? )?(?:\w+ ){0,2}"
        r"(?:department|office|team|desk)(?:'s)? (?:thing|question|call)",
        r"(?:have|need) to (?:get|grab|loop in|run it by|talk to|call|check with) (?:\w+ ){0,3}"
        r"(?:on the phone|manager|boss|supervisor|team|office|department|him|her|them|someone|"
        r"somebody)",
        r"(?:ask|check with|talk to) (?:my|our|the) (?:manager|boss|supervisor|team|office|"
        r"department|\w+ (?:manager|department|team))",
        r"(?:we|we'll|we can|let's|i'll) (?:\w+ )?(?:go over|get to|come back to|cover|talk about|"
        r"get into|circle back (?:on|to)) (?:that|this|it|those)(?: part| stuff)? later",
        r"(?:we|we'll|we can|let's) (?:\w+ )?(?:worry about|deal with|sort out) "
        r"(?:that|this|it) later",
        r"(?:can't|cannot|couldn't) (?:really )?(?:say|tell you) (?:for sure|exactly|offhand)",
        r"not sure (?:off|on) the top",
        r"(?:that's|that is|it's|it is) (?:a |more of a )?question for (?:our|the|my|your|a) \w+",
        r"(?:couldn't|could not|can't|cannot) (?:really |honestly )?(?:tell you|say|answer)",
        r"drawing a blank",
        r"not something i can (?:answer|say|tell you|speak to)",
        r"(?:i'll|i will|i can|let me) (?:have|get) (?:someone|somebody|\w+ from \w+) "
        r"(?:call|email|get back|reach out)",
        r"(?:can't|cannot|don't|do not) (?:remember|recall)",
        r"above my pay grade",
        r"(?:let's|let us) not (?:get into|worry about|go into)",
        r"(?:wouldn't|would not|don't|do not) want to (?:say|promise|commit)",
        r"(?:somebody|someone|\w+) (?:from|in) (?:\w+ ){0,2}would know",
        r"don't hold me to",
        r"no clue",
        r"lemme (?:check|ask|look|find out|see)",
        r"hard to say",
        r"(?:i'd|i would) have to (?:look|dig|pull)",
    ]
)
VAGUE = _rx(
    [
        # A non-answer that states nothing checkable ("it's all pretty quick these days").
        r"(?:it's|its|it is|that's|they're|we're) (?:all |usually |always |really )?"
        r"(?:pretty|super|really|very) (?:quick|fast|easy|good|simple|smooth|standard|normal)",
        r"and (?:everything|stuff|all that|so on)",
        r"these days",
        r"(?:it's|it is) (?:no|not a) (?:big deal|problem)",
        r"don't (?:you )?worry about (?:it|that)",
        r"(?:all|it's) (?:taken care of|handled)",
    ]
)
TOPIC_SHIFT = _rx(
    [
        # Moving on before the question is answered.
        r"anyway",
        r"anyways",
        r"moving on",
        r"in the meantime",
        r"(?:but|so) (?:first|before that)",
        r"let's (?:get|focus on|move on)",
    ]
)
WEAK_HEDGES = _rx(
    [
        # Stalling without admitting it (weak): a gap only with strong knowledge-base evidence.
        r"good question",
        r"that's a (?:good|great|tough|tricky|fair) (?:one|question)",
        r"(?:i'll|i will|we'll|we will) (?:confirm|verify|double[- ]check|look into|check)",
        r"i want to say",
        r"if i (?:remember|recall) (?:right|correctly)",
        r"it depends",
        r"let me think",
        r"(?:someone|somebody|the \w+) (?:else )?(?:will|would|can|could) (?:tell|let) you",
    ]
)
GUESSES = _rx(
    [
        r"i don't think",
        r"i'm guessing",
        r"not (?:a lot|much|very much), i (?:think|guess|believe)",
        r"i (?:think|guess|believe|suppose|assume|imagine|reckon)",
        r"probably",
        r"maybe",
        r"might be",
        r"could be",
        r"something like",
        r"i want to say",
        r"roughly",
        r"ballpark",
        r"if i had to guess",
        r"should be",
        r"pretty sure",
    ]
)
FILLERS = _rx([r"uh+", r"um+", r"erm+", r"hm+", r"hmm+", r"er", r"ah+"])

SELF_CORRECTION = _rx(
    [
        r"sorry",
        r"i mean",
        r"i meant",
        r"actually",
        r"correction",
        r"let me correct",
        r"my mistake",
        r"my bad",
        r"scratch that",
        r"no wait",
        r"wait",
        r"rather",
        r"i misspoke",
        r"i said that wrong",
        r"that's wrong",
        r"pardon",
    ]
)

PAUSE_ANNOUNCEMENTS = _rx(
    [
        r"(?:hang|hold) on",
        r"one (?:sec|second|moment|minute|min)",
        r"just a (?:sec|second|moment|minute|min)",
        r"(?:give|bear with) me",
        r"(?:a|one) (?:sec|second|moment|minute) (?:please|while)",
        r"let me (?:grab|get|find|check|look|pull up|ask|talk to|go|see|just|think|step)",
        r"i(?:'ll| will) be right back",
        r"be right back",
        r"brb",
        r"wait a (?:sec|second|moment|minute)",
        r"(?:gotta|have to|need to) (?:grab|get|check with|ask)",
        r"someone(?:'s| is) at the door",
        r"(?:i'm|i am) (?:just )?(?:pulling|looking|checking)",
        r"let me put you on hold",
        r"take a (?:moment|minute|second)",
        r"need a (?:moment|minute|second|sec)",
    ]
)

NEXT_STEP = _rx(
    [
        r"(?:i'll|i will|we'll|we will|i can|let me|i'm going to|i'm gonna) "
        r"(?:send|email|e-mail|text|call|book|schedule|set up|put you|get you|reserve|hold|"
        r"mark|follow up|ship|mail|pencil)",
        r"you'll (?:get|receive) (?:a|an|the|your)",
        r"you're (?:all )?(?:booked|set|scheduled|confirmed|signed up)",
        r"(?:booked|scheduled|confirmed) (?:for|you)",
        r"see you (?:on|then|tomorrow|next)",
        r"talk (?:to you )?(?:soon|then|tomorrow|next)",
        r"(?:let's|lets) (?:do|book|schedule|set|go ahead|get)",
        r"sign me up",
        r"go ahead",
        r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s? (?:works|is fine|"
        r"is good|at|morning|afternoon|evening)",
        r"(?:call|email|text) (?:me|you) (?:back|tomorrow|next|on|later)",
        r"follow up",
        r"(?:next|first) step",
        r"appointment",
        # the call is closing: silence after goodbyes is no dead end
        r"(?:good)?bye(?: now)?",
        r"have a (?:good|great|nice|lovely) (?:one|day|night|evening|weekend)",
        r"take care",
    ]
)

# Frustration: blame, generalisation, repetition of a complaint, anger words, escalation asks.
FRUSTRATION = _rx(
    [
        r"ridiculous",
        r"unacceptable",
        r"absurd",
        r"outrageous",
        r"insane",
        r"a joke",
        r"waste of (?:my )?time",
        r"wasting my time",
        r"fed up",
        r"sick (?:and tired )?of",
        r"tired of",
        r"had it with",
        r"had enough",
        r"frustrat\w*",
        r"annoy\w*",
        r"angry",
        r"furious",
        r"livid",
        r"pissed",
        r"upset",
        r"irritat\w*",
        r"disappoint\w*",
        r"you people",
        r"you guys (?:always|never|keep)",
        r"(?:second|third|fourth|fifth|another|umpteenth) time",
        r"(?:second|third|fourth) (?:\w+ )?(?:in a row|like this|this (?:week|month|year))",
        r"every (?:single )?time",
        r"(?:how many|so many) times",
        r"(?:i've|i have|i already|already) (?:asked|told|called|explained|said)",
        r"(?:asked|told) you (?:already|before|twice)",
        r"again\s*[!?.]",
        r"nobody (?:ever )?(?:called|showed|came|told|answered|cares|listens|bothered)",
        r"no one (?:ever )?(?:called|showed|came|told|answered|cares|listens|bothered)",
        r"never (?:showed|called|came|answered|listen)",
        r"(?:speak|talk) (?:to|with) (?:a|your) (?:manager|supervisor|boss)",
        r"(?:file|make) a complaint",
        r"bad review",
        r"(?:what|why) the hell",
        r"seriously\?",
        r"are you (?:kidding|serious)",
        r"give me a break",
        r"(?:doesn't|does not|don't|do not) (?:work|help)(?: at all)?\s*[!.]",
        r"not (?:good|ok|okay|acceptable) enough",
        r"this is (?:crazy|nuts|terrible|awful|horrible)",
        r"(?:terrible|awful|horrible|worst) (?:service|experience|company)",
        r"damn",
        r"hell",
        r"crap",
        r"bullshit",
        r"losing (?:money|pay|sleep|time)",
        r"can't believe",
        r"no excuse",
        r"just (?:fix|tell me|answer)",
        r"(?:asked|told|called|said|explained|mentioned) (?:\w+ )?(?:twice|three times|again|"
        r"multiple times|several times|already|a (?:dozen|hundred|million) times)",
        r"i (?:already )?(?:said|told you) (?:i|that|we)",
        r"(?:you|your \w+(?: \w+)?) (?:told|promised|assured|swore to) me",
        r"(?:somebody|someone|nobody|no one) (?:in|at|from) your",
        r"(?:didn't|did not|never) (?:even )?(?:bother|send|call|tell|show|follow)",
        r"(?:every|each) (?:one|single one) of you",
        r"all of you",
        r"(?:about |ready |going )?to hang up",
        r"(?:i'm|i am) (?:done|not paying|not signing|not doing this)",
        r"not (?:paying|signing|accepting) (?:that|this|anything)",
        r"exactly what i(?:'m| am| was) talking about",
        r"(?:stop|quit) (?:pushing|pressuring|selling)",
        r"(?:so |very |too |really )?(?:pushy|rude)",
        r"what (?:a|the) (?:joke|mess)",
        # being messed about: shifting numbers, things added unasked, time lost
        r"jerk(?:ed|ing)? (?:me )?around",
        r"(?:the )?run ?around",
        r"strung along",
        r"bait and switch",
        r"(?:never|didn't|did not) (?:even )?(?:asked?|agreed?|signed up) (?:for|to)",
        r"(?:and|but) (?:now|today|this morning|all of a sudden) (?:it's|its|you're saying|"
        r"he's saying|she's saying|they're saying|you're telling me)",
        r"(?:off work|time off|a day off|afternoons? off) for this",
        r"(?:i|we) (?:hate|can't stand) (?:this|doing this|when|it when|dealing)",
        r"you said (?:\w+ ){0,6}(?:before|earlier|last time|the other day)",
        r"(?:i'm|i am) asking (?:you )?a (?:simple|straight|basic) question",
        r"(?:that's|that is) not what i (?:asked|said|meant)",
        r"(?:on hold|waiting) for (?:\w+ ){0,2}(?:minutes|hours|days|weeks)",
        r"you keep (?:saying|telling me|changing)",
        r"(?:a|one) straight answer",
        r"are you (?:even )?(?:listening|hearing me)",
        r"going (?:round |around )?in circles",
        r"getting nowhere",
        r"why is (?:this|it|that) so (?:hard|difficult|complicated)",
    ]
)
CONFUSION = _rx(
    [
        r"(?:i'm|i am|i'm completely|i am completely|totally|completely) (?:lost|confused)",
        r"confus\w*",
        r"(?:you )?lost me",
        r"i don't (?:understand|follow|get it|get what)",
        r"i do not (?:understand|follow)",
        r"(?:don't|do not) know what (?:any of )?(?:that|this|those|it|you)\w* (?:means|mean)",
        r"what (?:does|do) (?:that|those|any of that|this) (?:even )?mean",
        r"what do you mean",
        r"(?:doesn't|does not|don't) make (?:any )?sense",
        r"makes no sense",
        r"over my head",
        r"in (?:plain|simple) (?:english|terms|words)",
        r"(?:slow|back) down",
        r"(?:say|explain) (?:that|it) again",
        r"greek to me",
        r"not (?:\w+ )?(?:following|understanding|getting (?:it|this|that))",
        r"(?:i'm|i am) not sure (?:what|i) (?:that|you|understand)",
        r"what(?:'s| is| are) (?:a|an|that|those|these) \w+\?",
        r"(?:so many|too many|a lot of) (?:acronyms|terms|numbers|options)",
        r"went over my head",
        r"no clue what",
        r"(?:too )?(?:technical|complicated) for me",
        r"(?:don't|do not|dont) (?:even )?know what (?:a |an |the |your |that )?(?:\w+ ){0,2}"
        r"(?:is|are|means)\b",
        r"what(?:'s| is| are| does) (?:that|this|it|a|an) (?:\w+ ){0,2}(?:even )?(?:mean|supposed "
        r"to mean)",
        r"(?:wait|okay|ok|hold on),? stop",
        r"(?:still )?(?:don't|do not) get (?:it|what|why|how|this|that)",
        r"(?:none|any) of (?:this|that|it) makes? (?:any )?sense",
        r"(?:way too|too|really|very) (?:complicated|confusing)",
        r"(?:i'm|i am) (?:not )?(?:sure i )?(?:following|with you)\?",
    ]
)
DISENGAGED = _rx(
    [
        r"whatever",
        r"i don't care",
        r"doesn't matter",
        r"if you say so",
        r"(?:i'm|i am) not (?:really )?interested",
        r"can we (?:just )?(?:wrap|finish|get to the point)",
        r"get to the point",
        r"(?:this is|you're) taking (?:too|so|forever)",
        r"are we done",
        r"i (?:really )?(?:have|need) to go",
    ]
)
POLITE = _rx(
    [
        r"thanks?",
        r"thank you",
        r"great",
        r"perfect",
        r"awesome",
        r"appreciate",
        r"sounds good",
        r"that works",
        r"no worries",
        r"no problem",
        r"love",
        r"nice",
        r"wonderful",
        r"excellent",
        r"fair enough",
    ]
)
APOLOGY = _rx([r"(?:i'm|i am|so|really|very) sorry", r"apolog\w+", r"my apologies"])

# Talk that is about someone else (a competitor, "they", a neighbour), so not the rep's claim.
THIRD_PARTY = _rx(
    [
        r"they",
        r"they're",
        r"their",
        r"theirs",
        r"them",
        r"competitor\w*",
        r"other (?:company|companies|guys|provider|providers|shop|place)",
        r"(?:my|your|a) (?:neighbou?r|friend|brother|sister|cousin|buddy)",
        r"the last (?:company|guy|guys|provider)",
        r"elsewhere",
    ]
)
# The rep talking about the customer's own situation or repeating them back, not stating a fact.
CUSTOMER_SITUATION = _rx(
    [
        r"you (?:said|mentioned|told me|were saying|had said)",
        r"(?:you're|you are|you've been|you were) (?:currently |now )?"
        r"(?:paying|at|spending|getting)",
        r"your (?:current|old|existing|last|previous|present) (?:\w+ )?(?:plan|policy|provider|one|"
        r"bill|rate|price|payment|car|loan|company|quote)",
        r"(?:with|from|at) (?:your|the) (?:current|old|other) (?:\w+)",
        r"(?:so|okay|ok),? you(?:'re| are| have| pay| drive| need)",
    ]
)
# Words that say something is wrong, missing or wanted: a need, not just a fact about the home.
NEED_MARKERS = _rx(
    [
        r"need\w*",
        r"want\w*",
        r"wish",
        r"hoping",
        r"looking for",
        r"\w+n't",
        r"cannot",
        r"never",
        r"no",
        r"not",
        r"too",
        r"so (?:much|many|hard|bad|high|slow|often|expensive)",
        r"always",
        r"keeps?",
        r"every (?:time|day|week|month|night|year)",
        r"all (?:night|day|the time)",
        r"takes (?:forever|ages|all)",
        r"problem\w*",
        r"issues?",
        r"trouble",
        r"worr\w+",
        r"concern\w*",
        r"hate",
        r"tired of",
        r"sick of",
        r"hard",
        r"terrible",
        r"awful",
        r"bad",
        r"worse",
        r"broke\w*",
        r"leak\w*",
        r"sore",
        r"pain\w*",
        r"hurts?",
        r"struggl\w*",
        r"lost",
        r"los(?:e|ing)",
        r"out",
        r"expensive",
        r"high",
        r"manual(?:ly)?",
        r"by hand",
        r"waste\w*",
        r"stuck",
        r"only",
        r"just (?:got|bought|hired|had|started|moved|put)",
        r"(?:started|starting|planning|plan|going) to",
        r"about to",
    ]
)
HYPOTHETICAL = _rx(
    [r"if", r"suppose", r"supposing", r"imagine", r"what if", r"in case", r"hypothetically"]
)


# --- people's names ----------------------------------------------------------------------------

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


def any_match(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None


def count_matches(pattern: re.Pattern[str], text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))
