"""Splitting text into pieces a TTS engine can speak one after another.

The first piece is kept short (a clause) so the first audio is ready early; later pieces are
whole sentences unless a sentence is very long.
"""

from __future__ import annotations

import re

__all__ = ["split_for_speech"]

FIRST_MAX_WORDS = 8  # the first piece decides time to first audio: cut long first sentences
MAX_WORDS = 30  # later sentences are cut at clauses only when longer than this

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
# A clause ends at , ; : followed by a space (so "1,200" stays whole) or at a spaced dash.
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|\s+(?=[—–-]\s)")
_ABBREVIATIONS = frozenset(
    {"mr.", "mrs.", "ms.", "dr.", "st.", "jr.", "sr.", "vs.", "etc.", "e.g.", "i.e.", "no."}
)


def _words(text: str) -> int:
    return len(text.split())


def _sentences(text: str) -> list[str]:
    parts = [p for p in _SENTENCE_END.split(text) if p]
    merged: list[str] = []
    for part in parts:
        # "Dr. Smith" is one sentence: glue a piece ending in a known abbreviation to the next.
        if merged and merged[-1].split()[-1].lower() in _ABBREVIATIONS:
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def split_for_speech(
    text: str, *, first_max_words: int = FIRST_MAX_WORDS, max_words: int = MAX_WORDS
) -> list[str]:
    """Split ``text`` into sentences, and long sentences into clauses.

    Args:
        text: What to say.
        first_max_words: The first piece is cut at a clause boundary when its sentence is longer.
        max_words: Later sentences are cut at clause boundaries when longer than this.

    Returns:
        Non-empty pieces that join back (with single spaces) into the normalised text.
    """
    text = " ".join(text.split())
    pieces: list[str] = []
    for sentence in _sentences(text):
        limit = first_max_words if not pieces else max_words
        if _words(sentence) <= limit:
            pieces.append(sentence)
            continue
        current = ""
        for clause in (c for c in _CLAUSE_END.split(sentence) if c):
            if current and _words(current) + _words(clause) > limit:
                pieces.append(current)
                limit = max_words
                current = clause
            else:
                current = f"{current} {clause}" if current else clause
        if current:
            pieces.append(current)
    return pieces
