"""Find names (offerings, competitors, fact attributes) in a sentence by words, not meaning.

Matching is case-insensitive, on word boundaries, tolerant of a plural or possessive on the last
word, of words run together or hyphenated ("cool air" / "CoolAir" / "cool-air") and, for names
of six letters or more, of small misspellings or mishearings ("premiun plan").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

__all__ = ["NameIndex", "NameMatch", "content_words", "word_overlap"]

_WORD_RE = re.compile(r"[a-z0-9]+")
_FUZZY_MIN_LETTERS = 6
_FUZZY_RATIO = 0.86
_STOPWORDS = frozenset(
    "a an the and or of to in on at for by with per is are be it its this that you your we our "
    "how long much many what when do does get gets i my".split()
)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) >= 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        return word[:-1]  # "visits" -> "visit", "ups" -> "up"; "gas", "bonus" stay
    for suffix in ("ation", "ing", "ed"):  # "installed", "installing", "installation"
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Singular lower-case words of ``text`` minus stopwords ("tune-ups a year": tune, up, year)."""
    return [_stem(w) for w in _WORD_RE.findall(text.lower()) if w not in _STOPWORDS]


_GENERIC = frozenset("year month week day hour minute time period many much long".split())


def word_overlap(name: str, text_words: set[str]) -> float:
    """Share of the name's content words that occur in the text (0..1).

    Words that only name a unit or period ("visits per *year*") do not count: the value's
    dimension already says that much, and "a three-year membership" is not about visits.
    """
    words = [w for w in content_words(name) if w not in _GENERIC] or content_words(name)
    if not words:
        return 0.0
    return sum(w in text_words for w in words) / len(words)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A name found in a sentence."""

    key: str
    """Whose name it is (an offering or competitor id, an attribute)."""
    name: str
    """The name or alias that matched."""
    start: int
    end: int
    exact: bool
    """False for a fuzzy (misspelt) match."""


_LEADING = frozenset({"the", "a", "an", "our", "your", "my"})


def _name_words(name: str) -> list[str]:
    """The words of a name without a leading article: "the basic one" is found as "basic one"."""
    words = _WORD_RE.findall(name.lower())
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    return words


def _pattern(name: str) -> re.Pattern[str] | None:
    words = _name_words(name)
    if not words:
        return None
    parts = [re.escape(w) for w in words]
    last = words[-1]
    if len(last) > 2 and last.endswith("y") and last[-2] not in "aeiou":
        parts[-1] = re.escape(last[:-1]) + r"(?:y|ies|y's)"  # "battery" / "batteries"
    else:
        parts[-1] += r"(?:s|es|'s|s')?"
    body = r"[\s\-]*".join(parts)
    return re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])", re.IGNORECASE)


class NameIndex:
    """Names and aliases of several keys, matched against sentences."""

    def __init__(self, names: dict[str, list[str]], *, fuzzy: bool = True) -> None:
        self._entries: list[tuple[str, str, re.Pattern[str]]] = []
        self._fuzzy: list[tuple[str, str, str, int]] = []  # key, name, joined words, word count
        for key, key_names in names.items():
            for name in dict.fromkeys(n.strip() for n in key_names if n.strip()):
                pattern = _pattern(name)
                if pattern is None:
                    continue
                self._entries.append((key, name, pattern))
                words = _name_words(name)
                joined = " ".join(words)
                if fuzzy and len(joined.replace(" ", "")) >= _FUZZY_MIN_LETTERS:
                    self._fuzzy.append((key, name, joined, len(words)))

    def find(self, text: str) -> list[NameMatch]:
        """Matches in ``text``, left to right; a match inside a longer one is dropped."""
        found: list[NameMatch] = []
        for key, name, pattern in self._entries:
            for m in pattern.finditer(text):
                found.append(NameMatch(key, name, m.start(), m.end(), True))
        if self._fuzzy:
            found.extend(self._find_fuzzy(text, found))
        # Longest first, then drop what overlaps an already kept longer match.
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[NameMatch] = []
        for match in found:
            if not any(match.start < k.end and k.start < match.end for k in kept):
                kept.append(match)
        kept.sort(key=lambda m: m.start)
        return kept

    def keys(self, text: str) -> list[str]:
        """The keys named in ``text``, in order of first mention, without repeats."""
        return list(dict.fromkeys(m.key for m in self.find(text)))

    def _find_fuzzy(self, text: str, exact: list[NameMatch]) -> list[NameMatch]:
        words = [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text.lower())]
        out: list[NameMatch] = []
        for key, name, joined, count in self._fuzzy:
            for i in range(len(words) - count + 1):
                window = words[i : i + count]
                candidate = " ".join(w for w, _, _ in window)
                if candidate[0] != joined[0] or abs(len(candidate) - len(joined)) > 2:
                    continue
                matcher = difflib.SequenceMatcher(None, candidate, joined)
                if matcher.quick_ratio() < _FUZZY_RATIO or matcher.ratio() < _FUZZY_RATIO:
                    continue
                start, end = window[0][1], window[-1][2]
                if any(m.start <= start and end <= m.end for m in exact):
                    continue
                out.append(NameMatch(key, name, start, end, candidate == joined))
        return out
