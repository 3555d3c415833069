from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from callpilot.audio.bridge import Bridge, BridgeParams
from callpilot.audio.frames import FRAME_SAMPLES, AudioFrame, join_frames
from callpilot.errors import InvalidStateError, NotFoundError

RAMP_SAMPLES = 160  # 10 ms at 16 kHz, the bridge's default fade


def dc(value: int) -> AudioFrame:
    return AudioFrame(np.full(FRAME_SAMPLES, value, dtype=np.int16))


def bridge_with(*legs: str) -> Bridge:
    bridge = Bridge()
    for leg in legs:
        bridge.add_leg(leg)
    return bridge


def tick(bridge: Bridge, values: dict[str, int], ticks: int = 1) -> dict[str, AudioFrame]:
    """Push a constant frame per leg and mix, ``ticks`` times; return the last mix."""
    out: dict[str, AudioFrame] = {}
    for _ in range(ticks):
        for leg, value in values.items():
            bridge.push(leg, dc(value))
        out = bridge.mix()
    return out


def heard(out: dict[str, AudioFrame]) -> dict[str, int]:
    """The steady value each leg hears (asserting the frame is constant)."""
    result = {}
    for leg, frame in out.items():
        assert (frame.samples == frame.samples[0]).all(), f"{leg} output is not steady"
        result[leg] = int(frame.samples[0])
    return result


# Powers of two: the sum a leg hears names exactly who it hears.
LEAD, AI, REP, MANAGER = 1, 2, 4, 8
VOICES = {"lead": LEAD, "ai": AI, "rep": REP, "manager": MANAGER}


# ------------------------------------------------------------------ routing properties


@st.composite
def routed_frames(draw: st.DrawFn) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int16]]:
    n = draw(st.integers(1, 6))
    routes = draw(arrays(np.bool_, (n, n)))
    frames = draw(
        arrays(
            np.int16,
            (n, FRAME_SAMPLES),
            elements=st.sampled_from([-32768, -32767, -20000, -1, 0, 1, 20000, 32767])
            | st.integers(-32768, 32767),
        )
    )
    return routes, frames


@settings(max_examples=200, deadline=None)
@given(routed_frames())
def test_each_leg_hears_the_saturated_sum_of_exactly_the_legs_routed_to_it(
    case: tuple[npt.NDArray[np.bool_], npt.NDArray[np.int16]],
) -> None:
    routes, frames = case
    n = routes.shape[0]
    legs = [f"leg{i}" for i in range(n)]
    bridge = bridge_with(*legs)
    for s in range(n):
        for d in range(n):
            if s != d:
                bridge.set_route(legs[s], legs[d], bool(routes[s, d]))
    for i, leg in enumerate(legs):
        bridge.push(leg, AudioFrame(frames[i].copy()))
    out = bridge.mix()
    assert set(out) == set(legs)
    wide = frames.astype(np.int64)
    for d, leg in enumerate(legs):
        sources = [s for s in range(n) if s != d and routes[s, d]]  # never itself
        exact = wide[sources].sum(axis=0) if sources else np.zeros(FRAME_SAMPLES, np.int64)
        assert out[leg].samples.dtype == np.int16
        assert np.array_equal(out[leg].samples, np.clip(exact, -32768, 32767))
        assert bridge.hears(leg) == {legs[s] for s in sources}


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 8), st.integers(1, 32767), st.booleans())
def test_overload_clips_and_never_wraps_around(n: int, amplitude: int, negative: bool) -> None:
    legs = [f"leg{i}" for i in range(n)]
    bridge = bridge_with(*legs)
    value = -amplitude if negative else amplitude
    out = tick(bridge, dict.fromkeys(legs, value))
    exact = value * (n - 1)
    for frame in out.values():
        assert (frame.samples == max(-32768, min(32767, exact))).all()
        assert (np.sign(frame.samples) == np.sign(exact)).all()


def test_default_routing_is_mix_minus() -> None:
    bridge = bridge_with("lead", "ai", "rep")
    out = heard(tick(bridge, {"lead": LEAD, "ai": AI, "rep": REP}))
    assert out == {"lead": AI + REP, "ai": LEAD + REP, "rep": LEAD + AI}


def test_frames_are_stamped_with_the_tick_time() -> None:
    bridge = Bridge(start_at=10.0)
    bridge.add_leg("lead")
    stamps = [bridge.mix()["lead"].at for _ in range(3)]
    assert stamps == pytest.approx([10.0, 10.02, 10.04])
    assert bridge.ticks == 3


# ------------------------------------------------------------------ mute, whisper, hold


def test_a_muted_leg_is_heard_by_nobody_but_still_hears_everyone() -> None:
    bridge = bridge_with("lead", "ai", "rep")
    bridge.mute("rep")
    out = heard(tick(bridge, {"lead": LEAD, "ai": AI, "rep": REP}, ticks=2))
    assert out == {"lead": AI, "ai": LEAD, "rep": LEAD + AI}
    assert bridge.is_muted("rep")
    bridge.unmute("rep")
    out = heard(tick(bridge, {"lead": LEAD, "ai": AI, "rep": REP}, ticks=2))
    assert out == {"lead": AI + REP, "ai": LEAD + REP, "rep": LEAD + AI}


def test_a_whisper_is_heard_by_its_target_only() -> None:
    bridge = bridge_with(*VOICES)
    bridge.whisper("ai", "rep")
    out = heard(tick(bridge, VOICES, ticks=2))
    assert out == {
        "lead": REP + MANAGER,
        "ai": LEAD + REP + MANAGER,
        "rep": LEAD + AI + MANAGER,
        "manager": LEAD + REP,
    }
    bridge.unwhisper("ai")
    out = heard(tick(bridge, VOICES, ticks=2))
    assert out["lead"] == AI + REP + MANAGER


def test_a_private_briefing_keeps_the_rep_and_the_lead_apart() -> None:
    bridge = bridge_with("lead", "ai", "rep")
    bridge.whisper("ai", "rep")
    bridge.set_route("lead", "rep", False)
    bridge.set_route("rep", "lead", False)
    out = heard(tick(bridge, {"lead": LEAD, "ai": AI, "rep": REP}))
    assert out == {"lead": 0, "ai": LEAD + REP, "rep": AI}
    bridge.clear_routes()
    out = heard(tick(bridge, {"lead": LEAD, "ai": AI, "rep": REP}, ticks=2))
    assert out == {"lead": AI + REP, "ai": LEAD + REP, "rep": LEAD + AI}


def test_a_held_leg_hears_only_its_music_and_nobody_hears_it() -> None:
    bridge = bridge_with("lead", "ai", "rep")
    bridge.hold("lead", music=np.full(1000, 100, dtype=np.int16))
    out = heard(tick(bridge, {"lead": LEAD, "ai": AI, "rep": REP}, ticks=2))
    assert out == {"lead": 100, "ai": REP, "rep": AI}
    assert bridge.is_held("lead") and bridge.hears("lead") == frozenset()
    bridge.unhold("lead")
    out = heard(tick(bridge, {"lead": LEAD, "ai": AI, "rep": REP}, ticks=2))
    assert out == {"lead": AI + REP, "ai": LEAD + REP, "rep": LEAD + AI}


def test_hold_music_loops_seamlessly() -> None:
    bridge = bridge_with("lead")
    music = np.arange(500, dtype=np.int16)
    bridge.hold("lead", music=music)
    played = join_frames([bridge.mix()["lead"] for _ in range(5)])
    assert np.array_equal(played, np.resize(music, played.size))


def test_hold_without_music_is_silence() -> None:
    bridge = bridge_with("lead", "rep")
    bridge.hold("lead")
    assert heard(tick(bridge, {"lead": LEAD, "rep": REP})) == {"lead": 0, "rep": 0}


def test_mute_beats_a_route_and_a_leg_never_hears_itself() -> None:
    bridge = bridge_with("lead", "rep")
    bridge.set_route("lead", "rep", True)
    bridge.mute("lead")
    assert heard(tick(bridge, {"lead": LEAD, "rep": REP})) == {"lead": REP, "rep": 0}
    with pytest.raises(ValueError):
        bridge.set_route("rep", "rep", True)
    with pytest.raises(ValueError):
        bridge.whisper("rep", "rep")


def test_routes_naming_a_leg_that_left_are_forgotten() -> None:
    bridge = bridge_with("lead", "ai", "rep")
    bridge.whisper("ai", "rep")
    bridge.remove_leg("rep")
    bridge.add_leg("rep")  # a new rep leg with the same id is not whispered to
    out = heard(tick(bridge, {"lead": LEAD, "ai": AI, "rep": REP}, ticks=2))
    assert out == {"lead": AI + REP, "ai": LEAD + REP, "rep": LEAD + AI}


# ------------------------------------------------------------------ joins, leaves, clicks


def max_jump(samples: npt.NDArray[np.int16]) -> int:
    return int(np.abs(np.diff(samples.astype(np.int32))).max())


def test_a_leg_joining_mid_call_fades_in_without_a_click_or_a_gap() -> None:
    bridge = bridge_with("lead", "ai")
    lead_hears = [tick(bridge, {"lead": 0, "ai": 0})["lead"] for _ in range(3)]
    bridge.add_leg("rep")
    first = tick(bridge, {"lead": 0, "ai": 16000, "rep": 16000})
    assert set(first) == {"lead", "ai", "rep"}
    lead_hears.append(first["lead"])
    lead_hears += [tick(bridge, {"lead": 0, "ai": 16000, "rep": 16000})["lead"] for _ in range(3)]
    # The AI's voice starts abruptly (that is its own audio), the joining rep fades in.
    signal = join_frames(lead_hears).astype(np.int32)
    assert signal[-1] == 32000
    rep_part = signal[3 * FRAME_SAMPLES :] - 16000
    assert max_jump(rep_part.astype(np.int16)) <= 16000 / RAMP_SAMPLES + 1
    # The joining leg's own output fades in too.
    rep_first = first["rep"].samples.astype(np.int32)
    assert abs(rep_first[0]) <= 16000 / RAMP_SAMPLES + 1 and rep_first[-1] == 16000


def test_a_leg_leaving_mid_call_fades_out_and_stops_getting_frames() -> None:
    bridge = bridge_with("lead", "ai", "rep")
    frames = [tick(bridge, {"lead": 0, "ai": 0, "rep": 20000})["lead"] for _ in range(3)]
    bridge.push("rep", dc(20000))
    bridge.remove_leg("rep")
    assert bridge.legs == ("lead", "ai")
    out = tick(bridge, {"lead": 0, "ai": 0})
    assert set(out) == {"lead", "ai"}
    frames += [out["lead"]] + [tick(bridge, {"lead": 0, "ai": 0})["lead"] for _ in range(2)]
    signal = join_frames(frames)
    assert max_jump(signal) <= 20000 / RAMP_SAMPLES + 1
    assert signal[-1] == 0
    with pytest.raises(NotFoundError):
        bridge.push("rep", dc(1))


def test_a_leg_whose_audio_stops_is_concealed_without_a_click() -> None:
    bridge = bridge_with("lead", "rep")
    frames = [tick(bridge, {"lead": 20000, "rep": 0})["rep"] for _ in range(2)]
    frames += [tick(bridge, {"rep": 0})["rep"] for _ in range(2)]  # lead's packets are late
    frames += [tick(bridge, {"lead": 20000, "rep": 0})["rep"] for _ in range(2)]
    signal = join_frames(frames)
    assert max_jump(signal) <= 20000 / RAMP_SAMPLES + 1
    assert signal[3 * FRAME_SAMPLES] == 0 and signal[-1] == 20000
    assert bridge.stats("lead").underruns == 2


def test_muting_a_talking_leg_fades_it_out() -> None:
    bridge = bridge_with("lead", "rep")
    frames = [tick(bridge, {"lead": 30000, "rep": 0})["rep"] for _ in range(2)]
    bridge.mute("lead")
    frames += [tick(bridge, {"lead": 30000, "rep": 0})["rep"] for _ in range(2)]
    signal = join_frames(frames)
    assert max_jump(signal) <= 30000 / RAMP_SAMPLES + 1 and signal[-1] == 0


Op = tuple[str, int]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["join", "leave", "mute", "unmute", "hold", "unhold", "drop", "tick"]),
            st.integers(0, 4),
        ),
        max_size=40,
    )
)
def test_any_sequence_of_changes_gives_every_leg_a_frame_every_tick_without_clicks(
    ops: list[Op],
) -> None:
    # Constant voices make every sample-to-sample jump come from the bridge itself.
    amplitude = {f"leg{i}": (i + 1) * 1000 * (-1) ** i for i in range(5)}
    bridge = Bridge(params=BridgeParams())
    present: set[str] = set()
    history: dict[str, list[AudioFrame]] = {}
    silent: set[str] = set()
    for op, i in [*ops, ("tick", 0), ("tick", 0)]:
        leg = f"leg{i}"
        if op == "join" and leg not in present:
            bridge.add_leg(leg)
            present.add(leg)
            history[leg] = []
        elif op == "leave" and leg in present:
            bridge.remove_leg(leg)
            present.discard(leg)
        elif op in ("mute", "unmute", "hold", "unhold") and leg in present:
            getattr(bridge, op)(leg)
        elif op == "drop":
            silent.add(leg)  # this leg's next frame is lost
        elif op == "tick":
            for name in present - silent:
                bridge.push(name, dc(amplitude[name]))
            silent.clear()
            out = bridge.mix()
            assert set(out) == present
            for name, frame in out.items():
                history[name].append(frame)
    # Every change fades over 10 ms, so no step is bigger than all voices changing at once.
    bound = sum(abs(a) for a in amplitude.values()) / RAMP_SAMPLES + 1
    for frames in history.values():
        if len(frames) > 1:
            signal = join_frames(frames)
            assert max_jump(signal) <= bound


# ------------------------------------------------------------------ input queue and errors


def test_a_late_burst_is_bounded_by_the_queue_and_counted() -> None:
    bridge = Bridge(params=BridgeParams(max_queue_frames=4))
    bridge.add_leg("lead")
    bridge.add_leg("rep")
    for value in range(1, 7):
        bridge.push("lead", dc(value))
    assert bridge.stats("lead").dropped == 2 and bridge.stats("lead").frames_in == 6
    assert [heard(bridge.mix())["rep"] for _ in range(4)] == [3, 4, 5, 6]


def test_bad_calls_are_refused() -> None:
    bridge = bridge_with("lead")
    with pytest.raises(InvalidStateError):
        bridge.add_leg("lead")
    with pytest.raises(NotFoundError):
        bridge.push("nobody", dc(0))
    with pytest.raises(NotFoundError):
        bridge.mute("nobody")
    with pytest.raises(ValueError):
        bridge.push("lead", AudioFrame(np.zeros(160, dtype=np.int16)))
    with pytest.raises(ValueError):
        bridge.push("lead", AudioFrame(np.zeros(FRAME_SAMPLES, dtype=np.float32)))
    with pytest.raises(ValueError):
        BridgeParams(ramp_secs=0.0)
    with pytest.raises(ValueError):
        bridge.hold("lead", music=np.zeros(0, dtype=np.int16))


def test_an_empty_bridge_mixes_nothing() -> None:
    assert Bridge().mix() == {}
