"""callpilot: AI-assisted phone sales with a live co-pilot."""

__version__ = "0.1.0"
__all__ = ["__version__"]
