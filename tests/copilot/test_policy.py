"""Policy: cooldowns, one card per issue, cap per call, priority, delivery and voice gaps."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from callpilot.calls.session import CallSession
from callpilot.clock import VirtualClock
from callpilot.copilot.agent import CopilotAgent, actions_for
from callpilot.copilot.config import CopilotConfig, load_copilot_config
from callpilot.copilot.policy import (
    THRESHOLDS,
    Finding,
    Policy,
    threshold,
    threshold_table_markdown,
)
from callpilot.copilot.semantic import KnowledgeIndex
from callpilot.domain import Card, Delivery, EventType, LegRole, Say, Trigger, Utterance, Whisper
from callpilot.errors import FileFormatError
from callpilot.knowledge import KnowledgeBase


def finding(trigger: Trigger, key: str, confidence: float = 0.9) -> Finding:
    return Finding(
        trigger=trigger,
        text=f"card {key}",
        spoken=f"line {key}",
        confidence=confidence,
        turn_index=0,
        issue_key=key,
    )


def test_the_same_issue_gets_one_card_only() -> None:
    policy = Policy(CopilotConfig(), call_id="c")
    assert len(policy.select([finding(Trigger.KEYWORD, "keyword:cancel")], 10.0)) == 1
    assert policy.select([finding(Trigger.KEYWORD, "keyword:cancel")], 100.0) == []


def test_a_trigger_waits_out_its_cooldown() -> None:
    policy = Policy(CopilotConfig(), call_id="c")
    cooldown = threshold(CopilotConfig(), "policy.cooldown_s", Trigger.UPSELL)
    assert policy.select([finding(Trigger.UPSELL, "upsell:a")], 10.0)
    assert policy.select([finding(Trigger.UPSELL, "upsell:b")], 10.0 + cooldown - 1) == []
    assert policy.select([finding(Trigger.UPSELL, "upsell:c")], 10.0 + cooldown + 1)


def test_the_cap_per_call_stops_further_cards() -> None:
    policy = Policy(CopilotConfig(cap_per_call=2), call_id="c")
    fired = []
    for i in range(5):
        fired += policy.select([finding(Trigger.FACT_CORRECTION, f"fact:{i}")], 100.0 * i)
    assert len(fired) == 2


def test_priority_orders_simultaneous_findings_and_voice_says_one_line() -> None:
    both = [finding(Trigger.UPSELL, "u"), finding(Trigger.FACT_CORRECTION, "f")]
    silent = Policy(CopilotConfig(), call_id="c").select(list(both), 5.0)
    assert [iv.trigger for iv in silent] == [Trigger.FACT_CORRECTION, Trigger.UPSELL]
    voice = Policy(CopilotConfig(mode="voice"), call_id="c").select(list(both), 5.0)
    assert [iv.trigger for iv in voice] == [Trigger.FACT_CORRECTION]
    assert voice[0].delivery is Delivery.VOICE
    assert voice[0].text.startswith("If I may add a quick note —")


def test_no_upsell_right_after_the_customer_got_upset() -> None:
    policy = Policy(CopilotConfig(), call_id="c")
    out = policy.select([finding(Trigger.DE_ESCALATION, "d"), finding(Trigger.UPSELL, "u")], 5.0)
    assert [iv.trigger for iv in out] == [Trigger.DE_ESCALATION]
    assert policy.select([finding(Trigger.UPSELL, "u2")], 20.0) == []


def test_a_disabled_trigger_never_fires_and_delivery_can_be_forced() -> None:
    cfg = CopilotConfig.model_validate(
        {
            "mode": "voice",
            "triggers": {"upsell": {"enabled": False}, "keyword": {"delivery": "whisper"}},
        }
    )
    policy = Policy(cfg, call_id="c")
    assert policy.select([finding(Trigger.UPSELL, "u")], 1.0) == []
    [iv] = policy.select([finding(Trigger.KEYWORD, "k")], 2.0)
    assert iv.delivery is Delivery.WHISPER and iv.text == "card k"
    [action] = actions_for([iv], cfg)
    assert isinstance(action, Whisper) and action.to is LegRole.REP and action.wait_for_gap


def test_actions_are_cards_in_silent_mode_and_lines_that_wait_for_a_gap_in_voice_mode() -> None:
    [card_iv] = Policy(CopilotConfig(), call_id="c").select([finding(Trigger.KEYWORD, "k")], 1.0)
    assert isinstance(actions_for([card_iv], CopilotConfig())[0], Card)
    cfg = CopilotConfig(mode="voice", max_wait_s=2.5)
    [voice_iv] = Policy(cfg, call_id="c").select([finding(Trigger.KEYWORD, "k")], 1.0)
    [say] = actions_for([voice_iv], cfg)
    assert isinstance(say, Say) and say.wait_for_gap and say.max_wait_s == 2.5


def test_per_trigger_sensitivity_and_threshold_overrides() -> None:
    cfg = CopilotConfig.model_validate(
        {
            "sensitivity": "conservative",
            "triggers": {"dead_end": {"sensitivity": "proactive"}},
            "thresholds": {"upsell.need_min": 0.9},
        }
    )
    assert (
        threshold(cfg, "dead_end.silence_s", Trigger.DEAD_END)
        == THRESHOLDS["dead_end.silence_s"][2]
    )
    assert (
        threshold(cfg, "knowledge_gap.silence_s", Trigger.KNOWLEDGE_GAP)
        == THRESHOLDS["knowledge_gap.silence_s"][0]
    )
    assert threshold(cfg, "upsell.need_min", Trigger.UPSELL) == 0.9
    per_call = cfg.with_overrides({"sensitivity": "proactive", "context": {"x": 1}})
    assert per_call.sensitivity == "proactive"
    assert per_call.sensitivity_of(Trigger.DEAD_END) == "proactive"


def test_the_threshold_table_is_documented() -> None:
    table = threshold_table_markdown()
    for name in THRESHOLDS:
        assert f"`{name}`" in table
    docs = Path(__file__).resolve().parents[2] / "docs" / "copilot.md"
    assert table in docs.read_text(encoding="utf-8")


def test_config_files_load_from_yaml_and_toml(tmp_path: Path) -> None:
    y = tmp_path / "copilot.yaml"
    y.write_text("sensitivity: proactive\nmode: voice\ntriggers:\n  upsell: {enabled: false}\n")
    assert load_copilot_config(y).trigger(Trigger.UPSELL).enabled is False
    t = tmp_path / "copilot.toml"
    t.write_text('sensitivity = "conservative"\n[triggers.keyword]\ndelivery = "card"\n')
    cfg = load_copilot_config(t)
    assert cfg.sensitivity == "conservative" and cfg.trigger(Trigger.KEYWORD).delivery == "card"


def test_a_bad_config_names_the_file_and_line(tmp_path: Path) -> None:
    y = tmp_path / "copilot.yaml"
    y.write_text("mode: silent\nsensitivity: reckless\n")
    with pytest.raises(FileFormatError) as err:
        load_copilot_config(y)
    assert err.value.line == 2 and "sensitivity" in err.value.reason
    bad = tmp_path / "bad.yaml"
    bad.write_text("mode: [silent\n")
    with pytest.raises(FileFormatError) as err2:
        load_copilot_config(bad)
    assert err2.value.line is not None


async def _voice_call(
    kb: KnowledgeBase, index: KnowledgeIndex, customer_talks_for: float
) -> list[str]:
    """A rep misquotes the price; the customer starts talking right away for a while."""
    clock = VirtualClock()
    agent = CopilotAgent(kb, CopilotConfig(max_wait_s=2.0), index=index, offload=False)
    session = CallSession(
        call_id="v", clock=clock, agents=[agent], options={"mode": "voice"}, silence_tick_s=0.25
    )
    await session.start()
    try:
        await session.speech_started(LegRole.REP)
        await clock.sleep(4.0)
        # the customer is already talking when the rep's utterance is finalised
        await session.speech_started(LegRole.LEAD)
        await session.hear(
            Utterance(LegRole.REP, "The Fiber 500 is sixty-five dollars a month.", 0.0, 4.0)
        )
        await session.drain()
        await clock.sleep(customer_talks_for)
        await session.hear(
            Utterance(
                LegRole.LEAD, "Okay and is that with the router?", 4.0, 4.0 + customer_talks_for
            )
        )
        await session.drain()
        await clock.sleep(3.0)
        await session.drain()
    finally:
        await session.aclose()
    return [e.type for e in session.events if e.type.startswith("intervention.")]


async def test_a_voice_line_waits_for_a_gap_and_is_dropped_when_the_moment_passed(
    kb: KnowledgeBase, index: KnowledgeIndex
) -> None:
    short = await asyncio.wait_for(_voice_call(kb, index, customer_talks_for=1.0), timeout=30)
    assert short == [EventType.INTERVENTION_FIRED.value]
    long = await asyncio.wait_for(_voice_call(kb, index, customer_talks_for=6.0), timeout=30)
    assert long == [EventType.INTERVENTION_DROPPED.value]
