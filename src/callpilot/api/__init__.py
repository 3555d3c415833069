"""The HTTP API, the WebSocket event stream and the dashboard's pages."""

from callpilot.api.app import create_app

__all__ = ["create_app"]
