from __future__ import annotations

import logging
import shutil
import sys

import pytest

from callpilot.speech.espeak import EspeakTTS
from callpilot.speech.factory import make_tts
from callpilot.speech.piper import PiperTTS


@pytest.mark.speech
def test_piper_is_the_default_engine() -> None:
    tts = make_tts()
    assert isinstance(tts, PiperTTS)
    assert tts.sample_rate == 16_000
    tts.close()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")
def test_espeak_stands_in_with_a_warning_when_piper_is_missing(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "piper", None)  # makes `import piper` fail
    with caplog.at_level(logging.WARNING, logger="callpilot.speech.factory"):
        tts = make_tts("piper")
    assert isinstance(tts, EspeakTTS)
    assert tts.sample_rate == 16_000
    assert "falling back to espeak-ng" in caplog.text


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")
def test_espeak_can_be_chosen() -> None:
    assert isinstance(make_tts("espeak"), EspeakTTS)


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown TTS engine 'festival'"):
        make_tts("festival")
