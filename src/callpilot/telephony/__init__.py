"""Transports that carry calls: ``sim`` (in-process virtual callers) for now."""

from callpilot.telephony.sim import ScriptLine, SimCall, load_script

__all__ = ["ScriptLine", "SimCall", "load_script"]
