"""The error tree shared by every package.

CallpilotError
├── ConfigError            settings that cannot work (bad value, default secret outside dev)
├── InvalidStateError      a method called in a state that does not allow it
├── NotFoundError          a record that does not exist
├── ValidationError        input from outside that is malformed (names the source and reason)
│   └── FileFormatError    a file (knowledge base, scenario) with a file, line and reason
└── ServiceError           an outside or local service failed; ``retryable`` says if a retry helps
"""

from __future__ import annotations

__all__ = [
    "CallpilotError",
    "ConfigError",
    "FileFormatError",
    "InvalidStateError",
    "NotFoundError",
    "ServiceError",
    "ValidationError",
]


class CallpilotError(Exception):
    """Base of every error callpilot raises on purpose."""


class ConfigError(CallpilotError):
    """The settings cannot work as given."""


class InvalidStateError(CallpilotError):
    """A method was called in a state that does not allow it."""


class NotFoundError(CallpilotError):
    """The record asked for does not exist."""


class ValidationError(CallpilotError):
    """Input from outside is malformed."""


class FileFormatError(ValidationError):
    """A file is malformed; the message names the file, the line and the problem."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class ServiceError(CallpilotError):
    """A service (local model, outside API) failed."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable
