"""What a transport gives the call's audio engine for each leg: frames in, frames out."""

from __future__ import annotations

from typing import Protocol

from callpilot.audio.frames import AudioFrame

__all__ = ["MediaLeg"]


class MediaLeg(Protocol):
    """One person's audio connection, read and written every 20 ms by ``calls.audio.CallAudio``.

    Both methods are called from the event loop's 20 ms tick and must not block.
    """

    def pull(self, at: float) -> AudioFrame | None:
        """The next 20 ms the person said (16 kHz PCM16), or None when nothing arrived."""
        ...

    def deliver(self, frame: AudioFrame) -> None:
        """20 ms of what the person hears (their mix-minus from the bridge)."""
        ...
