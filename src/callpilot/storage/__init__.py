"""Storage: SQLAlchemy models, repositories that return domain records, Alembic migrations."""

from callpilot.storage.database import Database
from callpilot.storage.repositories import (
    CallRepository,
    EventRepository,
    LeadRepository,
    RepRepository,
    SqlEventLog,
)

__all__ = [
    "CallRepository",
    "Database",
    "EventRepository",
    "LeadRepository",
    "RepRepository",
    "SqlEventLog",
]
