"""Helpers shared by tests and benchmarks: a real server on loopback, settings for a temp dir."""

from callpilot.testing.server import ServerThread, make_settings

__all__ = ["ServerThread", "make_settings"]
