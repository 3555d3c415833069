"""The cue lexicon: general English patterns of how people talk on a sales call.

Hedges, deflections, guesses, self-corrections, pause announcements, next steps, frustration,
confusion, disengagement, politeness, needs and hypotheticals. Never about a business: what a
business sells comes from its knowledge base. Compiled once at import.
"""

from __future__ import annotations

import re

from callpilot.copilot.text import words_pattern

__all__ = [
    "APOLOGY",
    "CONFUSION",
    "CUSTOMER_SITUATION",
    "DISENGAGED",
    "FILLERS",
    "FRUSTRATION",
    "GUESSES",
    "HEDGES",
    "HYPOTHETICAL",
    "NEED_MARKERS",
    "NEXT_STEP",
    "PAUSE_ANNOUNCEMENTS",
    "announces_pause",
    "POLITE",
    "SELF_CORRECTION",
    "THIRD_PARTY",
    "TOPIC_SHIFT",
    "VAGUE",
    "WEAK_HEDGES",
]

HEDGES = words_pattern(
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
VAGUE = words_pattern(
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
TOPIC_SHIFT = words_pattern(
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
WEAK_HEDGES = words_pattern(
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
GUESSES = words_pattern(
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
FILLERS = words_pattern([r"uh+", r"um+", r"erm+", r"hm+", r"hmm+", r"er", r"ah+"])

SELF_CORRECTION = words_pattern(
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

PAUSE_ANNOUNCEMENTS = words_pattern(
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

_CONDITIONAL_MODAL = re.compile(
    r"\b(?:i'd|we'd|i would|we would|would|i might|we might|might)\s+(?:\w+\s+)?$", re.I
)


def announces_pause(text: str) -> bool:
    """Someone is stepping away now ("hang on, let me check with my wife"); "I'd have to ask my
    parents" puts the decision off to later, with nobody stepping away."""
    found = [
        m
        for m in PAUSE_ANNOUNCEMENTS.finditer(text)
        if not _CONDITIONAL_MODAL.search(text[: m.start()])
    ]
    # "Let me look. May eighteenth... yep, that one's open.": back with the result in the
    # same turn, so the pause is over
    return bool(found) and not _REPORTED_BACK.search(text[found[-1].end() :])


_REPORTED_BACK = re.compile(
    r"[.!?]\s*(?:\w+\W+){0,4}?\b(?:yes|yep|yup|yeah|found it|got it|here it is|there it is|"
    r"looks like|okay so|ok so|alright so)\b\W+\w+\W+\w+",
    re.I,
)


NEXT_STEP = words_pattern(
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
FRUSTRATION = words_pattern(
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
        # not "an upset stomach": the body's, not the customer's mood
        r"upset(?!\s+(?:stomach|tummy|belly|gut)s?\b)",
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
        # rhetorical questions and things still broken: "Does it matter?", "It still says zero."
        r"does (?:it|that) (?:even )?matter\?",
        r"what (?:am i|are we) (?:supposed|meant) to",
        r"(?:i've|i have|we've|we have) been trying",
        r"still (?:says|shows|doesn't|does not|isn't|is not|won't|can't|not working)",
        r"(?:i|we) (?:don't|do not) (?:need|want) (?:the|a|your) (?:speech|brochure|pitch|"
        r"sales pitch|script|spiel)",
        # cutting the rep off to be heard: "No, stop, listen.", "Young man, stop."
        r"no,? (?:sorry,? )?stop",
        r"stop,? (?:and |just )?listen",
        r"(?:man|lady|ma'am|sir|mate|son),? stop",
        r"(?:losing|lost|running out of|run out of|out of) (?:my |all )?patience",
        r"(?:a|one|my) simple question",
        r"(?:i )?just told you",
        r"(?:somebody|someone|anyone|you) to actually",
        r"actually (?:fix|listen|answer|call|show up|turn up|do) ",
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
        # reaching out over and over and hearing nothing back
        r"(?:emailed|e-mailed|called|phoned|texted|messaged|written|wrote|contacted|reached "
        r"out)(?: \w+){0,3} (?:twice|three times|four times|five times|\w+ times|"
        r"(?:multiple|several|many|countless) times)",
        r"(?:nobody|no one|no-one)(?: has| had| ever| even)* (?:gotten|got|gets|written|wrote|"
        r"called|come|came|replied|responded|emailed) back",
        r"never (?:heard|got|gotten) (?:anything )?back",
        r"(?:i've|i have|we've|we have) tried everything",
        # paying for it and the problem is still there
        r"(?:i'm|i am|we're|we are|i've been|we've been|i|we|i've|we've|i have|we have) "
        r"(?:already )?(?:paying|paid)\b[^.?!]{0,40}?\b(?:and|but|yet) (?:i |we |it |they )?"
        r"still\b(?! (?:need|want|have to|got to|gotta|like|love|think|thinking|deciding))",
        # left in the dark, given a different story by everyone
        r"(?:nobody|no one|no-one) (?:ever )?(?:asked|warned|mentioned|said anything)",
        r"(?:tells?|told|telling) (?:me|us) (?:something|a) different(?: story| thing)?",
        r"(?:this|it) is (?:a |an )?(?:complete |total |absolute |living )?(?:nightmare|disaster)",
        r"(?:this|it)'s (?:a |an )?(?:complete |total |absolute |living )?(?:nightmare|disaster)",
    ]
)
CONFUSION = words_pattern(
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
        r"(?:can't|cannot|can not|couldn't) (?:follow|keep up)",
        r"(?:a )?mile a minute",
        r"(?:way too|too|really|very) (?:complicated|confusing)",
        r"(?:i'm|i am) (?:not )?(?:sure i )?(?:following|with you)\?",
    ]
)
DISENGAGED = words_pattern(
    [
        # not "an eye infection or whatever": a list's filler end, not a shrug
        r"(?<!\bor )(?<!\band )whatever"
        r"(?!\s+(?:works|is best|suits|you (?:think|need|recommend))\b)",
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
POLITE = words_pattern(
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
APOLOGY = words_pattern([r"(?:i'm|i am|so|really|very) sorry", r"apolog\w+", r"my apologies"])

# Talk that is about someone else (a competitor, "they", a neighbour), so not the rep's claim.
THIRD_PARTY = words_pattern(
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
CUSTOMER_SITUATION = words_pattern(
    [
        r"you (?:said|mentioned|told me|were saying|had said)",
        r"(?:you're|you are|you've been|you were) (?:currently |now )?"
        r"(?:paying|at|spending|getting)",
        r"your (?:current|old|existing|last|previous|present) (?:\w+ )?(?:plan|policy|provider|one|"
        r"bill|rate|price|payment|car|loan|company|quote)",
        r"(?:with|from|at) (?:your|the) (?:current|old|other) (?:\w+)",
        r"(?:so|okay|ok),? you(?:'re| are| have| pay| drive| need)",
        # what the customer did: "you got a lot of classes in, eleven in three weeks"
        r"you (?:got|did|took|used|went|came|booked|finished|attended|completed) ",
    ]
)
# Words that say something is wrong, missing or wanted: a need, not just a fact about the home.
NEED_MARKERS = words_pattern(
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
HYPOTHETICAL = words_pattern(
    [r"if", r"suppose", r"supposing", r"imagine", r"what if", r"in case", r"hypothetically"]
)


# --- people's names ----------------------------------------------------------------------------
