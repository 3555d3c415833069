"""The knowledge base: loading, validation, fact normalisation and retrieval (FORMATS.md §1)."""

from callpilot.knowledge.embed import Encoder, SentenceEncoder, get_encoder
from callpilot.knowledge.facts import (
    Mention,
    extract_mentions,
    format_value,
    is_money_attribute,
    normalize_text,
    parse_value,
    values_agree,
)
from callpilot.knowledge.load import load_knowledge, load_knowledge_text
from callpilot.knowledge.model import (
    Answer,
    Competitor,
    Fact,
    FactValue,
    Keyword,
    KnowledgeBase,
    Offering,
)
from callpilot.knowledge.retrieve import KINDS, Claim, Entry, Hit, Retriever

__all__ = [
    "KINDS",
    "Answer",
    "Claim",
    "Competitor",
    "Encoder",
    "Entry",
    "Fact",
    "FactValue",
    "Hit",
    "Keyword",
    "KnowledgeBase",
    "Mention",
    "Offering",
    "Retriever",
    "SentenceEncoder",
    "extract_mentions",
    "format_value",
    "get_encoder",
    "is_money_attribute",
    "load_knowledge",
    "load_knowledge_text",
    "normalize_text",
    "parse_value",
    "values_agree",
]
