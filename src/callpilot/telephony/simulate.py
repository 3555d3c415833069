"""Start a simulated call on the ``sim`` transport: a script played through a real session."""

from __future__ import annotations

from typing import Any

from callpilot.calls.manager import CallManager
from callpilot.calls.session import CallSession
from callpilot.clock import ScaledClock
from callpilot.telephony.sim import SimCall, load_script, parse_script

__all__ = ["start_sim_call"]

TAIL_SECS = 3.0  # the call ends this long after the last line


async def start_sim_call(manager: CallManager, options: dict[str, Any]) -> CallSession:
    """Start a call that plays ``options["turns"]`` (or the demo script) at ``speed``.

    Options: ``turns`` (scenario-style list), ``speed`` (1 = real time), ``lead_id``,
    ``sensitivity`` and ``mode`` (handed to the co-pilot).
    """
    from callpilot.demo import DEMO_SCRIPT

    turns = options.get("turns")
    script = parse_script(turns, source="request") if turns else load_script(DEMO_SCRIPT)
    speed = float(options.get("speed") or 1.0)
    call_options = {k: options[k] for k in ("sensitivity", "mode") if options.get(k)}
    session = await manager.start_call(
        lead_id=options.get("lead_id"),
        transport="sim",
        options=call_options,
        clock=ScaledClock(speed=speed) if speed != 1.0 else None,
    )
    end_at = max((line.end for line in script), default=0.0) + TAIL_SECS

    async def play(s: CallSession) -> None:
        await SimCall(s, script).play(end_at=end_at)

    manager.run(session, play)
    return session
