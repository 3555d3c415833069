"""Load a knowledge base from a YAML file or a folder of them, with errors that name the line.

Every problem raises :class:`callpilot.errors.FileFormatError` with the file, the 1-based line of
the offending YAML node and a reason a business owner can act on. Line numbers come from the
composed YAML node tree (``start_mark.line``): a pydantic error's ``loc`` is walked down that
tree to the deepest node that exists.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pydantic
import yaml

from callpilot.errors import FileFormatError
from callpilot.knowledge.model import KnowledgeBase

__all__ = ["load_knowledge", "load_knowledge_text"]

logger = logging.getLogger(__name__)

_SECTIONS = ("offerings", "answers", "keywords", "competitors")
_ID_KEY = {"offerings": "id", "answers": "id", "keywords": "id", "competitors": "id"}


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    """The child node of a mapping (by key) or a sequence (by index), or None."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                found: yaml.Node = value_node
                return found
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
        if 0 <= key < len(node.value):
            child: yaml.Node = node.value[key]
            return child
    return None


def _key_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node
    return None


def _node_at(root: yaml.Node, loc: Sequence[str | int]) -> yaml.Node:
    """The deepest node along ``loc`` that exists in the tree."""
    node = root
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return node


def _describe(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _reason(error: Any, loc: Sequence[str | int]) -> str:
    where = _describe(loc)
    kind = error["type"]
    if kind == "missing":
        parent, key = _describe(loc[:-1]), loc[-1]
        return (
            f"{parent}: missing required key {key!r}" if parent else f"missing required key {key!r}"
        )
    if kind == "fact":
        return f"{where}: {error['msg']}"
    got = _yaml_type(type(error.get("input")).__name__)
    ctx = error.get("ctx") or {}
    friendly = {
        "dict_type": f"expected a mapping of keys, got {got}",
        "model_type": f"expected a mapping of keys, got {got}",
        "model_attributes_type": f"expected a mapping of keys, got {got}",
        "list_type": f"expected a list, got {got}",
        "string_type": f"expected text, got {got}",
        "string_too_short": "must not be empty",
        "too_short": f"needs at least {ctx.get('min_length', 1)} item(s)",
    }
    message = friendly.get(kind, str(error["msg"]))
    return f"{where}: {message}" if where else message


def _yaml_type(python_type: str) -> str:
    return {
        "dict": "a mapping",
        "list": "a list",
        "str": "text",
        "int": "a number",
        "float": "a number",
        "NoneType": "nothing",
        "bool": "true/false",
    }.get(python_type, python_type)


def _compose(text: str, source: str) -> tuple[yaml.Node, Any]:
    """Parse YAML into (node tree, data); syntax errors and duplicate keys raise with a line."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise FileFormatError(source, 1, "the file is empty")
            _check_duplicate_keys(node, source)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise FileFormatError(source, line, f"YAML syntax error: {reason}") from exc
    except yaml.YAMLError as exc:
        raise FileFormatError(source, None, f"YAML error: {exc}") from exc
    return node, data


def _check_duplicate_keys(node: yaml.Node, source: str) -> None:
    """YAML silently keeps the last of two equal keys; a business expects to be told."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.value in seen:
                        raise FileFormatError(
                            source, _line(key_node), f"duplicate key {key_node.value!r}"
                        )
                    seen.add(key_node.value)
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _validate(
    data: Any, root: yaml.Node, source: str, currency: str, *, needs_company: bool
) -> KnowledgeBase:
    if not isinstance(data, dict):
        raise FileFormatError(
            source,
            _line(root),
            f"a knowledge base is a mapping of keys, not {_yaml_type(type(data).__name__)}",
        )
    payload = dict(data)
    if not needs_company and "company" not in payload:
        payload["company"] = "-"  # a later file of a folder may leave the company to the first
    payload["sources"] = [source]
    try:
        return KnowledgeBase.model_validate(payload, context={"currency": currency})
    except pydantic.ValidationError as exc:
        error = exc.errors()[0]
        loc = [p for p in error["loc"] if isinstance(p, str | int)]
        ctx = error.get("ctx") or {}
        if error["type"] == "fact" and "attribute" in ctx:
            loc.append(str(ctx["attribute"]))
        node = _node_at(root, loc)
        raise FileFormatError(source, _line(node), _reason(error, loc)) from exc


def _check_unique_ids(
    kb: KnowledgeBase, root: yaml.Node, source: str, seen: dict[str, set[str]]
) -> None:
    for section in _SECTIONS:
        ids = seen.setdefault(section, set())
        for index, entry in enumerate(getattr(kb, section)):
            entry_id: str = entry.id
            if entry_id in ids:
                item = _node_at(root, [section, index])
                key = _key_node(item, _ID_KEY[section]) or _key_node(item, "name")
                line = _line(key if key is not None else item)
                what = section[:-1]
                raise FileFormatError(source, line, f"duplicate {what} id {entry_id!r}")
            ids.add(entry_id)


def load_knowledge_text(text: str, source: str = "<string>") -> KnowledgeBase:
    """Validate one knowledge base document given as YAML text."""
    root, data = _compose(text, source)
    currency = data.get("currency", "USD") if isinstance(data, dict) else "USD"
    kb = _validate(data, root, source, str(currency or "USD").upper(), needs_company=True)
    _check_unique_ids(kb, root, source, {})
    return kb


def _files_in(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise FileFormatError(str(folder), None, "the folder has no *.yaml or *.yml files")
    return files


def load_knowledge(path: str | Path) -> KnowledgeBase:
    """Load a knowledge base from a YAML file, or merge every ``*.yaml``/``*.yml`` in a folder.

    In a folder, files merge in name order: ``company`` and ``currency`` come from the first
    file that sets them, entries are concatenated and an id used twice is an error (reported at
    the second one). Files that are call scenarios (they have ``turns``) are skipped.

    Raises:
        FileFormatError: naming the file, the line and the problem.
    """
    path = Path(path)
    if not path.exists():
        raise FileFormatError(str(path), None, "no such file or folder")
    if path.is_file():
        return _load_file(path)
    documents: list[tuple[Path, yaml.Node, dict[str, Any]]] = []
    for file in _files_in(path):
        root, data = _compose(_read(file), str(file))
        if isinstance(data, dict) and "turns" in data and not any(s in data for s in _SECTIONS):
            logger.debug(
                "skipping a scenario file in a knowledge folder", extra={"path": str(file)}
            )
            continue
        documents.append((file, root, data))
    if not documents:
        raise FileFormatError(str(path), None, "the folder has no knowledge-base files")
    company = next(
        (d["company"] for _, _, d in documents if isinstance(d, dict) and d.get("company")), None
    )
    currency = next(
        (d["currency"] for _, _, d in documents if isinstance(d, dict) and d.get("currency")), "USD"
    )
    if company is None:
        first, root, _ = documents[0]
        raise FileFormatError(str(first), _line(root), "missing required key 'company'")
    seen: dict[str, set[str]] = {}
    merged: dict[str, list[Any]] = {section: [] for section in _SECTIONS}
    sources: list[str] = []
    for file, root, data in documents:
        own = data.get("currency") if isinstance(data, dict) else None
        file_currency = str(own or currency).upper()
        kb = _validate(data, root, str(file), file_currency, needs_company=False)
        _check_unique_ids(kb, root, str(file), seen)
        for section in _SECTIONS:
            merged[section].extend(getattr(kb, section))
        sources.append(str(file))
    return KnowledgeBase(
        company=str(company),
        currency=str(currency).upper(),
        offerings=merged["offerings"],
        answers=merged["answers"],
        keywords=merged["keywords"],
        competitors=merged["competitors"],
        sources=sources,
    )


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(str(file), None, "the file is not UTF-8 text") from exc
    except OSError as exc:
        raise FileFormatError(str(file), None, f"cannot read the file ({exc.strerror})") from exc


def _load_file(file: Path) -> KnowledgeBase:
    kb = load_knowledge_text(_read(file), str(file))
    return kb
