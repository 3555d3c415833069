"""``FactValue``: a value from the knowledge base or from speech, normalised for comparison.

It lives in its own module so that ``model`` (which parses facts while validating) and ``facts``
(which builds values) can both import it without a cycle; ``model`` re-exports it.

Canonical numbers, one unit per dimension:

=============  ===============  ===================================================
dimension      canonical unit   notes
=============  ===============  ===================================================
duration       day              a month is 365/12 days, a year 365, an hour 1/24
time_of_day    minute           minutes after midnight ("7pm" -> 1140)
money          (currency code)  the currency's major unit ("99 cents" -> 0.99)
percent        percent          "15%" -> 15
count          None             bare numbers and counted things ("2 tune-ups")
distance       km               miles are converted
weight         kg
power          kw
energy         kwh
area           m2
=============  ===============  ===================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["FactKind", "FactValue"]

FactKind = Literal["number", "quantity", "price", "list", "text"]


@dataclass(frozen=True, slots=True)
class FactValue:
    """A normalised value: a number with a unit, a price, a list of numbers or plain text."""

    kind: FactKind
    """"number" (a bare or counted number), "quantity" (number with a unit), "price", "list"
    (several numbers with one unit, or a range) or "text"."""
    numbers: tuple[float, ...]
    """Canonical values (see the module docstring); empty for text."""
    dimension: str | None
    """"duration", "money", "percent", "count", "distance", "time_of_day", ... or None (text)."""
    unit: str | None
    """Canonical unit name ("day", "percent", "km", the currency code for money)."""
    currency: str | None
    """ISO code for money ("USD"), else None."""
    per: str | None
    """Period or item a rate is per ("month" for "49.99 USD per month"), else None."""
    text: str
    """The raw text the value was read from."""
    normalized_text: str
    """Lower-cased, punctuation-folded text with number words as digits (for text facts)."""
    written_numbers: tuple[float, ...] = ()
    """The numbers in the unit they were written in ("3 years" -> (3,)), for display."""
    written_unit: str | None = None
    """The unit as written, singular ("year"), for display."""
    noun: str | None = None
    """For counts: the counted thing, singular ("tune-up" in "2 tune-ups"); None when bare."""
    is_range: bool = False
    """For lists: a range ("3 to 4 hours") rather than alternatives ("12 or 24 months")."""
    alt_numbers: tuple[float, ...] = ()
    """Another reading of the same words: "fourteen ninety-nine" is 1499 or 14.99."""

    @property
    def is_numeric(self) -> bool:
        """Whether the value carries numbers (everything but text)."""
        return self.kind != "text" and bool(self.numbers)
