"""The event bus: every logged event is published here for live readers (dashboard, API)."""

from callpilot.bus.base import EventBus, Subscription
from callpilot.bus.memory import InProcessBus

__all__ = ["EventBus", "InProcessBus", "Subscription"]
