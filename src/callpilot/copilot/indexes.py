"""Knowledge indexes by encoder name: the one place settings, the CLI and the bench build them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.knowledge.encoders import Encoder, make_encoder

if TYPE_CHECKING:
    from callpilot.knowledge import KnowledgeBase

__all__ = ["make_index"]


def make_index(
    kb: KnowledgeBase,
    encoder: str = "full",
    *,
    instance: Encoder | None = None,
    build: bool = True,
) -> KnowledgeIndex:
    """The co-pilot's index over ``kb`` for the encoder called ``encoder`` (see
    :func:`~callpilot.knowledge.encoders.make_encoder`); "aligned" encodes the knowledge
    base's rows with MiniLM while it builds.
    ``instance`` shares one encoder object between indexes (one aligned map for all).

    Raises:
        ValueError: an unknown encoder name.
    """
    index = KnowledgeIndex(kb, encoder=instance if instance is not None else make_encoder(encoder))
    if build:
        references = getattr(index.encoder, "references", None)
        if references is not None:  # aligned: the rows get exact vectors, the map is fitted
            with references():
                index.build()
        else:
            index.build()
    return index
