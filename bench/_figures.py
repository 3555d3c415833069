"""How every benchmark reports: a table for people, or one JSON object with ``--json``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any


def print_figures(figures: Mapping[str, Any], *, as_json: bool, notes: Iterable[str] = ()) -> None:
    """Print ``figures`` (keys name the figure and its unit) as JSON or as a two-column table."""
    if as_json:
        print(json.dumps(dict(figures)))
        return
    width = max((len(k) for k in figures), default=6)
    print(f"{'figure':<{width}}  value")
    for name, value in figures.items():
        print(f"{name:<{width}}  {value}")
    for note in notes:
        print(f"note: {note}")
