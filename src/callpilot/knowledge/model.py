"""The knowledge base schema (shared/FORMATS.md §1): what a business writes, validated.

These pydantic models are the trust boundary for knowledge-base files. Facts arrive in a short
form (``warranty: 3 years``) or a long form (``{value: 3 years, aliases: [parts coverage]}``),
as strings or bare YAML numbers, and are parsed into :class:`FactValue` while validating; a
value that cannot be read as a number becomes a text fact, never an error. The currency of
prices written without one comes from the validation context (``{"currency": "USD"}``), which
:func:`callpilot.knowledge.load.load_knowledge` sets from the file's ``currency``. Unknown keys are
ignored so businesses can keep notes in their files.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from callpilot.errors import NotFoundError
from callpilot.knowledge.facts import attribute_unit, is_money_attribute, parse_value
from callpilot.knowledge.value import FactValue

__all__ = [
    "Answer",
    "Competitor",
    "Fact",
    "FactValue",
    "KnowledgeBase",
    "Keyword",
    "Offering",
    "slugify",
]

_MODEL_CONFIG = ConfigDict(frozen=True, extra="ignore", arbitrary_types_allowed=True)


def slugify(text: str) -> str:
    """A lower-case, dash-separated id ("Blue Flame & Co" -> "blue-flame-co")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _string_list(value: Any) -> Any:
    """Accept a single string or number where a list of strings is expected; None is empty."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [
            str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v for v in value
        ]
    return value


def _scalar_text(value: Any) -> Any:
    """A bare YAML number where text is expected ("name: 2024") reads as text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _fact_error(attribute: str, reason: str) -> PydanticCustomError:
    # ``attribute`` in the context lets the loader point at the fact's own line.
    return PydanticCustomError("fact", "{reason}", {"attribute": attribute, "reason": reason})


def _fact_text(attribute: str, value: Any) -> str | int | float:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str | int | float) for v in value):
        return " or ".join(str(v) for v in value)  # [12, 24] -> "12 or 24"
    if value is None:
        raise _fact_error(attribute, "has no value")
    raise _fact_error(attribute, f"value must be text or a number, not {type(value).__name__}")


def _build_facts(raw: Any, info: ValidationInfo) -> Any:
    """Turn the YAML ``facts`` mapping into ``{attribute: Fact}``."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        return raw  # pydantic reports the wrong type
    context = info.context if isinstance(info.context, dict) else {}
    currency = str(context.get("currency") or "USD")
    facts: dict[str, Fact] = {}
    for key, spec in raw.items():
        if isinstance(spec, Fact):
            facts[spec.attribute] = spec
            continue
        attribute = str(key).strip()
        if not attribute:
            raise _fact_error(str(key), "the attribute name is empty")
        aliases: Any = []
        value = spec
        if isinstance(spec, dict):
            if "value" not in spec:
                raise _fact_error(attribute, "the long form needs a 'value' key")
            value = spec["value"]
            aliases = _string_list(spec.get("aliases"))
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise _fact_error(attribute, "'aliases' must be a list of strings")
        text = _fact_text(attribute, value)
        parsed = parse_value(
            text, default_currency=currency, money_context=is_money_attribute(attribute)
        )
        unit = attribute_unit(attribute)
        if unit and parsed.dimension == "count" and parsed.noun is None:
            parsed = parse_value(f"{text} {unit}", default_currency=currency)
        facts[attribute] = Fact(
            attribute=attribute, aliases=list(aliases), raw=str(text), value=parsed
        )
    return facts


class Fact(BaseModel):
    """A checkable claim about an offering or an answer: attribute -> value."""

    model_config = _MODEL_CONFIG

    attribute: str
    """The attribute as named in the file ("warranty", "visits per year")."""
    aliases: list[str] = Field(default_factory=list)
    """Other ways people name the attribute ("parts coverage")."""
    raw: str
    """The value as written."""
    value: FactValue
    """The parsed value."""

    def names(self) -> list[str]:
        """The attribute and its aliases."""
        return [self.attribute, *self.aliases]


class Offering(BaseModel):
    """A product, service, package or plan."""

    model_config = _MODEL_CONFIG

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    summary: str = ""
    facts: dict[str, Fact] = Field(default_factory=dict)
    upsell_when: list[str] = Field(default_factory=list)
    """Customer needs that make this offering worth suggesting."""
    pitch: str = ""

    _lists = field_validator("aliases", "upsell_when", mode="before")(_string_list)
    _texts = field_validator("id", "name", "summary", "pitch", mode="before")(_scalar_text)
    _facts = field_validator("facts", mode="before")(_build_facts)

    def names(self) -> list[str]:
        """The name and its aliases."""
        return [self.name, *self.aliases]


class Answer(BaseModel):
    """A question a rep should be able to answer on the spot, and its answer."""

    model_config = _MODEL_CONFIG

    id: str = Field(min_length=1)
    questions: list[str] = Field(min_length=1)
    answer: str = Field(min_length=1)
    facts: dict[str, Fact] = Field(default_factory=dict)

    _lists = field_validator("questions", mode="before")(_string_list)
    _texts = field_validator("id", "answer", mode="before")(_scalar_text)
    _facts = field_validator("facts", mode="before")(_build_facts)


class Keyword(BaseModel):
    """Customer phrases that call for a prepared response."""

    model_config = _MODEL_CONFIG

    id: str = Field(min_length=1)
    phrases: list[str] = Field(min_length=1)
    suggestion: str = Field(min_length=1)

    _lists = field_validator("phrases", mode="before")(_string_list)
    _texts = field_validator("id", "suggestion", mode="before")(_scalar_text)


class Competitor(BaseModel):
    """A competitor a customer may name, and how we compare."""

    model_config = _MODEL_CONFIG

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    positioning: str = ""
    id: str = ""
    """A slug of the name unless the file gives one."""

    _lists = field_validator("aliases", mode="before")(_string_list)
    _texts = field_validator("name", "positioning", "id", mode="before")(_scalar_text)

    @model_validator(mode="after")
    def _default_id(self) -> Competitor:
        if not self.id:
            object.__setattr__(self, "id", slugify(self.name))
        return self

    def names(self) -> list[str]:
        """The name and its aliases."""
        return [self.name, *self.aliases]


class KnowledgeBase(BaseModel):
    """Everything the co-pilot checks claims against, answers gaps from and upsells with."""

    model_config = _MODEL_CONFIG

    company: str = Field(min_length=1)
    currency: str = "USD"
    """ISO currency of prices written without one."""
    offerings: list[Offering] = Field(default_factory=list)
    answers: list[Answer] = Field(default_factory=list)
    keywords: list[Keyword] = Field(default_factory=list)
    competitors: list[Competitor] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    """The files the knowledge base was loaded from."""

    _texts = field_validator("company", mode="before")(_scalar_text)

    @field_validator("offerings", "answers", "keywords", "competitors", "sources", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("currency", mode="before")
    @classmethod
    def _upper_currency(cls, value: Any) -> Any:
        if value is None:
            return "USD"
        if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{3}", value.strip()):
            return value.strip().upper()
        raise PydanticCustomError("currency", "must be a 3-letter currency code such as USD")

    def offering(self, id: str) -> Offering:
        """The offering with this id; raises ``NotFoundError`` when there is none."""
        for offering in self.offerings:
            if offering.id == id:
                return offering
        raise NotFoundError(f"no offering {id!r}")

    def answer(self, id: str) -> Answer:
        """The answer with this id; raises ``NotFoundError`` when there is none."""
        for answer in self.answers:
            if answer.id == id:
                return answer
        raise NotFoundError(f"no answer {id!r}")
