"""The bridge: a mix-minus audio mixer with a routing matrix (who hears whom).

Every leg of a call (lead, AI, rep, a listening manager) pushes 20 ms frames in; once per 20 ms
tick the call session calls :meth:`Bridge.mix` and gets back, for every present leg, the sum of
the legs it may hear, never itself (mix-minus). The bridge is sans-IO: no tasks, no clock, no
sockets; the session's 20 ms loop drives it.

Routing:

- default: everyone hears everyone else;
- :meth:`~Bridge.mute`: nobody hears the leg (it still hears the others);
- :meth:`~Bridge.hold`: the leg hears nothing (or hold music) and nobody hears it;
- :meth:`~Bridge.whisper`: the source is heard by one leg only (the AI coaching a rep);
- :meth:`~Bridge.set_route`: the low-level switch for one (source, listener) pair, e.g. to keep a
  rep and the lead apart while the AI briefs the rep.

How one tick is mixed: the legs' frames are stacked into a float32 matrix ``X`` (legs × 320) and
multiplied by the transposed routing matrix (``Y = Mᵀ X``); the sums are exact integers (float32
holds integers exactly up to 2²⁴, i.e. up to 512 full-scale legs), then saturated to int16 so an
overload clips instead of wrapping around.

No clicks, no gaps:

- any change of who hears whom (join, leave, mute, hold, whisper, route) cross-fades from the old
  matrix to the new one over ``ramp_secs`` (10 ms) at the start of the next tick, so a joining leg
  fades in, a leaving leg fades out and a muted voice does not stop with a step;
- a leg whose frame has not arrived (jitter, packet loss) is concealed by a linear decay from its
  last sample to zero, and its next real frame fades in;
- every present leg gets a frame every tick, silence included.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from callpilot.audio.frames import FRAME_SAMPLES, FRAME_SECS, SAMPLE_RATE, AudioFrame
from callpilot.errors import InvalidStateError, NotFoundError

__all__ = ["BRIDGE_MAX_QUEUE_FRAMES", "BRIDGE_RAMP_SECS", "Bridge", "BridgeParams", "LegStats"]

logger = logging.getLogger(__name__)

BRIDGE_RAMP_SECS = 0.010  # 10 ms linear fade for every routing change and concealment
BRIDGE_MAX_QUEUE_FRAMES = 10  # 200 ms of input per leg at most; older frames are dropped

_INT16_MIN = np.float32(-32768.0)
_INT16_MAX = np.float32(32767.0)


@dataclass(frozen=True, slots=True)
class BridgeParams:
    """Options of a :class:`Bridge`."""

    ramp_secs: float = BRIDGE_RAMP_SECS
    """Length of the linear fade applied when routing changes or a leg's input stops (seconds)."""
    max_queue_frames: int = BRIDGE_MAX_QUEUE_FRAMES
    """Jitter-buffer depth per leg (frames); past it the oldest frame is dropped (bounds delay)."""

    def __post_init__(self) -> None:
        if not 0.0 < self.ramp_secs <= FRAME_SECS:
            raise ValueError(f"ramp_secs must be in (0, {FRAME_SECS}], got {self.ramp_secs}")
        if self.max_queue_frames < 1:
            raise ValueError(f"max_queue_frames must be >= 1, got {self.max_queue_frames}")


@dataclass(slots=True)
class LegStats:
    """Counters of one leg's input."""

    frames_in: int = 0
    """Frames pushed."""
    underruns: int = 0
    """Ticks on which the leg had no frame (concealed or silent)."""
    dropped: int = 0
    """Frames dropped because the leg's queue was full."""


@dataclass(slots=True, eq=False)
class _Slot:
    """One row of the mix: a real leg, or the hold music played to a held leg."""

    leg_id: str
    music: npt.NDArray[np.int16] | None = None  # set for a hold-music source
    queue: deque[AudioFrame] = field(default_factory=deque)
    stats: LegStats = field(default_factory=LegStats)
    muted: bool = False
    held: bool = False
    leaving: bool = False
    last_sample: float = 0.0  # last sample that went into the mix, for concealment
    concealed: bool = False  # the previous tick was concealed, so fade the next frame in
    music_pos: int = 0


class Bridge:
    """Mix-minus mixer for one call.

    Example:
        >>> bridge = Bridge()
        >>> for leg in ("lead", "ai", "rep"):
        ...     bridge.add_leg(leg)
        >>> bridge.whisper("ai", "rep")      # the AI coaches the rep; the lead does not hear it
        >>> bridge.push("lead", frame)       # whenever a leg's frame arrives
        >>> out = bridge.mix()               # every 20 ms: {"lead": ..., "ai": ..., "rep": ...}
    """

    def __init__(self, *, params: BridgeParams | None = None, start_at: float = 0.0) -> None:
        self.params = params or BridgeParams()
        self._start_at = start_at
        self._ticks = 0
        self._legs: dict[str, _Slot] = {}
        self._music: dict[str, _Slot] = {}  # held leg id -> its music source
        self._slots: list[_Slot] = []  # row order of the mix
        self._whisper: dict[str, frozenset[str]] = {}
        self._routes: dict[tuple[str, str], bool] = {}
        self._dirty = True
        self._mt = np.zeros((0, 0), dtype=np.float32)  # effective routing, transposed
        self._mt_slots: list[_Slot] = []  # the slots _mt was computed for
        self._mixed_once = False
        self._outputs: list[tuple[int, str]] = []  # (row, leg id) of the legs that get a frame
        self._has_leaving = False
        self._x = np.zeros((0, FRAME_SAMPLES), dtype=np.float32)
        ramp_n = max(1, round(self.params.ramp_secs * SAMPLE_RATE))
        ramp = np.ones(FRAME_SAMPLES, dtype=np.float32)
        ramp[:ramp_n] = np.arange(1, ramp_n + 1, dtype=np.float32) / ramp_n
        self._ramp_up = ramp  # 1/n ... 1 over ramp_secs, then 1
        self._decay = np.clip(1.0 - ramp, 0.0, 1.0).astype(np.float32)  # 1 - ramp, then 0

    # ----------------------------------------------------------------- membership

    @property
    def legs(self) -> tuple[str, ...]:
        """Ids of the present legs (a leg removed this tick is already gone)."""
        return tuple(leg_id for leg_id, slot in self._legs.items() if not slot.leaving)

    @property
    def ticks(self) -> int:
        """Number of :meth:`mix` calls so far."""
        return self._ticks

    def add_leg(self, leg_id: str) -> None:
        """Add a leg; from the next tick it hears and is heard per the routing (fading in).

        Raises:
            InvalidStateError: a leg with that id is present.
        """
        old = self._legs.get(leg_id)
        if old is not None and not old.leaving:
            raise InvalidStateError(f"leg {leg_id!r} is already on the bridge")
        if old is not None:
            # Re-joining while the previous incarnation is still fading out: finish it now.
            self._drop_slot(old)
        slot = _Slot(leg_id)
        self._legs[leg_id] = slot
        self._slots.append(slot)
        self._dirty = True
        logger.debug("bridge leg added", extra={"leg_id": leg_id, "legs": len(self._legs)})

    def remove_leg(self, leg_id: str) -> None:
        """Remove a leg: it fades out during the next tick and gets no more frames.

        Routing overrides and whispers that name the leg are forgotten.
        """
        slot = self._get(leg_id)
        slot.leaving = True
        self._whisper.pop(leg_id, None)
        self._whisper = {
            src: dsts - {leg_id} for src, dsts in self._whisper.items() if dsts - {leg_id}
        }
        self._routes = {k: v for k, v in self._routes.items() if leg_id not in k}
        music = self._music.pop(leg_id, None)
        if music is not None:
            music.leaving = True
        self._dirty = True
        logger.debug("bridge leg removed", extra={"leg_id": leg_id})

    def push(self, leg_id: str, frame: AudioFrame) -> None:
        """Queue one of the leg's 20 ms input frames for the next tick.

        Frames for a leg that is leaving are ignored (its hang-up raced its last packets).

        Raises:
            NotFoundError: no such leg.
            ValueError: the frame is not 320 int16 samples.
        """
        slot = self._legs.get(leg_id)
        if slot is None:
            raise NotFoundError(f"no leg {leg_id!r} on the bridge")
        samples = frame.samples
        if samples.shape != (FRAME_SAMPLES,) or samples.dtype != np.int16:
            raise ValueError(
                f"bridge frames are {FRAME_SAMPLES} int16 samples, "
                f"got {samples.shape} {samples.dtype}"
            )
        if slot.leaving:
            return
        queue = slot.queue
        if len(queue) >= self.params.max_queue_frames:
            queue.popleft()
            slot.stats.dropped += 1
        queue.append(frame)
        slot.stats.frames_in += 1

    def stats(self, leg_id: str) -> LegStats:
        """The leg's input counters (a live object, updated in place)."""
        return self._get(leg_id).stats

    # ----------------------------------------------------------------- routing

    def mute(self, leg_id: str) -> None:
        """Nobody hears the leg (it still hears everyone it is routed from)."""
        self._set_flag(leg_id, muted=True)

    def unmute(self, leg_id: str) -> None:
        """Undo :meth:`mute`."""
        self._set_flag(leg_id, muted=False)

    def is_muted(self, leg_id: str) -> bool:
        return self._get(leg_id).muted

    def hold(self, leg_id: str, music: npt.NDArray[np.int16] | None = None) -> None:
        """Put a leg on hold: nobody hears it and it hears only ``music`` (looped) or silence.

        Args:
            leg_id: the leg to hold.
            music: 16 kHz int16 samples played to the held leg in a loop, or None for silence.
        """
        slot = self._get(leg_id)
        slot.held = True
        old = self._music.pop(leg_id, None)
        if old is not None:
            old.leaving = True
        if music is not None:
            data = np.asarray(music, dtype=np.int16).ravel()
            if data.size == 0:
                raise ValueError("hold music is empty")
            source = _Slot(leg_id, music=data)
            self._music[leg_id] = source
            self._slots.append(source)
        self._dirty = True

    def unhold(self, leg_id: str) -> None:
        """Take a leg off hold: its routing is what it was before (music fades out)."""
        slot = self._get(leg_id)
        slot.held = False
        music = self._music.pop(leg_id, None)
        if music is not None:
            music.leaving = True
        self._dirty = True

    def is_held(self, leg_id: str) -> bool:
        return self._get(leg_id).held

    def whisper(self, src: str, dst: str) -> None:
        """Let only ``dst`` hear ``src`` (until :meth:`unwhisper`). Clears ``src``'s routes."""
        self._get(src)
        self._get(dst)
        if src == dst:
            raise ValueError("a leg cannot whisper to itself")
        self._whisper[src] = frozenset({dst})
        self._routes = {k: v for k, v in self._routes.items() if k[0] != src}
        self._dirty = True

    def unwhisper(self, src: str) -> None:
        """Let everyone hear ``src`` again (its route overrides are cleared too)."""
        self._get(src)
        self._whisper.pop(src, None)
        self._routes = {k: v for k, v in self._routes.items() if k[0] != src}
        self._dirty = True

    def set_route(self, src: str, dst: str, hears: bool) -> None:
        """Say whether ``dst`` hears ``src``, overriding the default and any whisper.

        Mute and hold still win over a route. A leg never hears itself.
        """
        self._get(src)
        self._get(dst)
        if src == dst:
            raise ValueError("a leg never hears itself")
        self._routes[(src, dst)] = hears
        self._dirty = True

    def clear_routes(self) -> None:
        """Forget every whisper and route override: everyone hears everyone again."""
        self._whisper.clear()
        self._routes.clear()
        self._dirty = True

    def hears(self, dst: str) -> frozenset[str]:
        """The legs ``dst`` hears right now (after mute, hold, whisper and routes)."""
        listener = self._get(dst)
        return frozenset(
            leg_id
            for leg_id, slot in self._legs.items()
            if self._audible(slot, listener) and not slot.leaving
        )

    # ----------------------------------------------------------------- mixing

    def mix(self) -> dict[str, AudioFrame]:
        """Mix one 20 ms tick: a frame for every present leg, stamped with the tick's time."""
        at = self._start_at + self._ticks * FRAME_SECS
        self._ticks += 1
        slots = self._slots
        mt_old: npt.NDArray[np.float32] | None = None
        if self._dirty:
            mt_old = self._refresh_matrix()
        x = self._x
        ramp_up = self._ramp_up
        for i, slot in enumerate(slots):
            row = x[i]
            if slot.music is not None:
                row[:] = self._next_music(slot)
                continue
            queue = slot.queue
            if queue:
                row[:] = queue.popleft().samples
                if slot.concealed:
                    row *= ramp_up
                    slot.concealed = False
                slot.last_sample = float(row[-1])
            else:
                slot.stats.underruns += 1
                # Whatever comes after a gap fades in, so a late frame does not click either.
                slot.concealed = True
                if slot.last_sample:
                    # Decay from the last sample to zero instead of stepping to silence.
                    np.multiply(self._decay, slot.last_sample, out=row)
                    slot.last_sample = 0.0
                else:
                    row[:] = 0.0
        y = self._mt @ x
        if mt_old is not None:
            # Cross-fade old -> new routing: y = old + ramp * (new - old).
            y_old = mt_old @ x
            y -= y_old
            y *= ramp_up
            y += y_old
            np.rint(y, out=y)
        # Saturate (clip, never wrap). minimum+maximum costs half of np.clip's dispatch here.
        np.minimum(y, _INT16_MAX, out=y)
        np.maximum(y, _INT16_MIN, out=y)
        y16 = y.astype(np.int16)
        out = {leg_id: AudioFrame(y16[i], at) for i, leg_id in self._outputs}
        if self._has_leaving:
            for slot in [s for s in slots if s.leaving]:
                self._drop_slot(slot)
        return out

    # ----------------------------------------------------------------- internals

    def _get(self, leg_id: str) -> _Slot:
        slot = self._legs.get(leg_id)
        if slot is None or slot.leaving:
            raise NotFoundError(f"no leg {leg_id!r} on the bridge")
        return slot

    def _set_flag(self, leg_id: str, *, muted: bool) -> None:
        slot = self._get(leg_id)
        if slot.muted != muted:
            slot.muted = muted
            self._dirty = True

    def _drop_slot(self, slot: _Slot) -> None:
        self._slots.remove(slot)
        if slot.music is None and self._legs.get(slot.leg_id) is slot:
            del self._legs[slot.leg_id]
        self._dirty = True

    def _audible(self, src: _Slot, dst: _Slot) -> bool:
        """Whether ``dst`` hears ``src`` under the routing now (ignores fades)."""
        if dst.music is not None or src is dst or src.leaving or dst.leaving:
            return False
        if src.music is not None:
            return src.leg_id == dst.leg_id and dst.held
        if src.muted or src.held or dst.held:
            return False
        route = self._routes.get((src.leg_id, dst.leg_id))
        if route is not None:
            return route
        whisper = self._whisper.get(src.leg_id)
        return whisper is None or dst.leg_id in whisper

    def _refresh_matrix(self) -> npt.NDArray[np.float32] | None:
        """Recompute the routing; return the previous one re-indexed if it changed (to fade)."""
        slots = self._slots
        n = len(slots)
        mt = np.zeros((n, n), dtype=np.float32)
        for d, dst in enumerate(slots):
            for s, src in enumerate(slots):
                if self._audible(src, dst):
                    mt[d, s] = 1.0
        old = np.zeros((n, n), dtype=np.float32)
        index = {id(slot): i for i, slot in enumerate(slots)}
        for d_old, dst in enumerate(self._mt_slots):
            d_new = index.get(id(dst))
            if d_new is None:
                continue
            for s_old, src in enumerate(self._mt_slots):
                s_new = index.get(id(src))
                if s_new is not None:
                    old[d_new, s_new] = self._mt[d_old, s_old]
        if self._x.shape[0] != n:
            self._x = np.zeros((n, FRAME_SAMPLES), dtype=np.float32)
        self._mt = mt
        self._mt_slots = list(slots)
        self._outputs = [
            (i, slot.leg_id)
            for i, slot in enumerate(slots)
            if slot.music is None and not slot.leaving
        ]
        self._has_leaving = any(slot.leaving for slot in slots)
        self._dirty = False
        # Before the first tick there is no audio to click against: start at the new routing.
        changed = self._mixed_once and not np.array_equal(old, mt)
        self._mixed_once = True
        return old if changed else None

    def _next_music(self, slot: _Slot) -> npt.NDArray[np.int16]:
        music = slot.music
        assert music is not None
        idx = (slot.music_pos + np.arange(FRAME_SAMPLES)) % music.size
        slot.music_pos = int((slot.music_pos + FRAME_SAMPLES) % music.size)
        return music[idx]
