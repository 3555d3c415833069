"""Units, currencies and periods that facts and speech are normalised with."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CURRENCY_SYMBOLS",
    "CURRENCY_WORDS",
    "DAYS_PER",
    "PERIOD_ADVERBS",
    "PERIOD_WORDS",
    "UNIT_WORDS",
    "UNIT_PHRASES",
    "Unit",
    "unit_plural",
]

DAYS_PER_MONTH = 365 / 12
"""A month is a twelfth of a year, so "24 months" == "2 years" == "730 days"."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit as written and how it maps to its dimension's canonical unit."""

    dimension: str
    canonical: str
    factor: float
    """Multiply a number in this unit by ``factor`` to get the canonical value."""
    name: str
    """Display name, singular ("year")."""


def _u(dimension: str, canonical: str, factor: float, name: str, *words: str) -> dict[str, Unit]:
    unit = Unit(dimension, canonical, factor, name)
    return dict.fromkeys((name, *words), unit)


UNIT_WORDS: dict[str, Unit] = {
    **_u("duration", "day", 365.0, "year", "years", "yr", "yrs"),
    **_u("duration", "day", DAYS_PER_MONTH, "month", "months", "mo", "mos", "mth", "mths"),
    **_u("duration", "day", 7.0, "week", "weeks", "wk", "wks"),
    **_u("duration", "day", 1.0, "day", "days"),
    **_u("duration", "day", 1 / 24, "hour", "hours", "hr", "hrs", "h"),
    **_u("duration", "day", 1 / 1440, "minute", "minutes", "min", "mins"),
    **_u("duration", "day", 1 / 86400, "second", "seconds", "sec", "secs"),
    **_u("percent", "percent", 1.0, "percent", "pct", "%", "percentage"),
    **_u("distance", "km", 1.609344, "mile", "miles", "mi"),
    **_u("distance", "km", 1.0, "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres"),
    **_u("distance", "km", 0.001, "meter", "meters", "metre", "metres"),
    **_u("distance", "km", 0.0003048, "foot", "feet", "ft"),
    **_u("weight", "kg", 1.0, "kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"),
    **_u("weight", "kg", 0.45359237, "lb", "lbs"),
    **_u("weight", "kg", 907.18474, "ton", "tons"),
    **_u("weight", "kg", 1000.0, "tonne", "tonnes"),
    **_u("power", "kw", 1.0, "kW", "kw", "kilowatt", "kilowatts"),
    **_u("power", "kw", 0.001, "W", "watt", "watts", "w"),
    **_u("energy", "kwh", 1.0, "kWh", "kwh", "kilowatt-hour", "kilowatt-hours"),
    **_u("energy", "kwh", 1000.0, "MWh", "mwh", "megawatt-hour", "megawatt-hours"),
    **_u("area", "m2", 0.09290304, "square foot", "sq ft", "sqft"),
    **_u("area", "m2", 1.0, "square meter", "m2", "sqm"),
}
"""Single-word units (lower case) -> unit. Multi-word ones are in ``UNIT_PHRASES``."""

UNIT_PHRASES: dict[tuple[str, ...], Unit] = {
    ("per", "cent"): UNIT_WORDS["percent"],
    ("square", "feet"): UNIT_WORDS["square foot"],
    ("square", "foot"): UNIT_WORDS["square foot"],
    ("sq", "ft"): UNIT_WORDS["square foot"],
    ("square", "meters"): UNIT_WORDS["square meter"],
    ("square", "metres"): UNIT_WORDS["square meter"],
    ("square", "meter"): UNIT_WORDS["square meter"],
    ("kilowatt", "hours"): UNIT_WORDS["kwh"],
    ("kilowatt", "hour"): UNIT_WORDS["kwh"],
    ("kilowatt", "-", "hours"): UNIT_WORDS["kwh"],
    ("kilowatt", "-", "hour"): UNIT_WORDS["kwh"],
    ("kw", "h"): UNIT_WORDS["kwh"],
}
"""Multi-token units, longest first when matching."""

CURRENCY_SYMBOLS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP"}
CURRENCY_WORDS: dict[str, str | None] = {
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "buck": "USD",
    "bucks": "USD",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "cad": "CAD",
    "aud": "AUD",
    "chf": "CHF",
    "grand": None,
}
"""Currency words -> ISO code; None means "the default currency" ("two grand")."""

PERIOD_WORDS: dict[str, str] = {
    "year": "year",
    "yr": "year",
    "month": "month",
    "mo": "month",
    "week": "week",
    "wk": "week",
    "day": "day",
    "hour": "hour",
    "hr": "hour",
    "visit": "visit",
    "person": "person",
    "user": "user",
    "seat": "seat",
    "household": "household",
    "foot": "foot",
    "mile": "mile",
    "kilometer": "kilometer",
    "km": "kilometer",
    "pound": "pound",
    "gallon": "gallon",
}
"""Singular period or item words after "a"/"per"/"each"/"/" -> canonical per name ("45 USD per
foot" of boat, "3 USD per mile" of delivery)."""

PERIOD_ADVERBS: dict[str, str] = {
    "yearly": "year",
    "annually": "year",
    "annual": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
}

DAYS_PER: dict[str, float] = {
    "year": 365.0,
    "month": DAYS_PER_MONTH,
    "week": 7.0,
    "day": 1.0,
    "hour": 1 / 24,
}
"""Length of the periods that can be converted into each other (rates per month vs per year)."""

_IRREGULAR_PLURALS = {"foot": "feet", "square foot": "square feet", "inch": "inches"}
_NO_PLURAL = {"percent", "kW", "W", "kWh", "MWh", "km", "kg", "lb", "m2", "sq ft"}


def unit_plural(name: str, count: float) -> str:
    """The display name of a unit for ``count`` of it ("1 year", "3 years", "15 percent")."""
    if count == 1 or name in _NO_PLURAL:
        return name
    return _IRREGULAR_PLURALS.get(name, name + "s")
