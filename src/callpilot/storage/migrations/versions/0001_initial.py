"""Leads, reps, calls, legs and the event log.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("external_id", sa.String(200)),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("time_zone", sa.String(64)),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_index("ix_lead_phone", "lead", ["phone"])
    op.create_index("ix_lead_state", "lead", ["state"])
    op.create_index("ix_lead_source_external_id", "lead", ["source", "external_id"], unique=True)
    op.create_table(
        "rep",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("on_duty", sa.Boolean, nullable=False),
    )
    op.create_table(
        "call",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("lead_id", sa.String(40), sa.ForeignKey("lead.id")),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("transport", sa.String(20), nullable=False),
        sa.Column("started_at", sa.Float),
        sa.Column("ended_at", sa.Float),
        sa.Column("disposition", sa.String(30)),
    )
    op.create_index("ix_call_lead_id", "call", ["lead_id"])
    op.create_table(
        "leg",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("call_id", sa.String(40), sa.ForeignKey("call.id"), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("transport", sa.String(20), nullable=False),
        sa.Column("joined_at", sa.Float),
        sa.Column("left_at", sa.Float),
    )
    op.create_index("ix_leg_call_id", "leg", ["call_id"])
    op.create_table(
        "event",
        sa.Column("call_id", sa.String(40), sa.ForeignKey("call.id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("ts", sa.Float, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
    )
    op.create_index("ix_event_type", "event", ["type"])


def downgrade() -> None:
    op.drop_table("event")
    op.drop_table("leg")
    op.drop_table("call")
    op.drop_table("rep")
    op.drop_table("lead")
