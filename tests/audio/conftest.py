"""Fixtures for the audio tests: real speech made with Piper at test time (no wav files)."""

from __future__ import annotations

import pytest

from .scenes import Speaker, SpeechScene


@pytest.fixture(scope="session")
def speaker() -> Speaker:
    return Speaker()


@pytest.fixture(scope="session")
def turn_scene(speaker: Speaker) -> SpeechScene:
    """Two sentences with a 300 ms pause (one turn), a 1 s pause, then a third (a second turn)."""
    return speaker.scene(
        1.0,
        "Hi, I saw your ad about solar panels",
        0.3,
        "and I wanted to ask about the price.",
        1.0,
        "Also, do you install in Denver?",
        1.5,
    )
