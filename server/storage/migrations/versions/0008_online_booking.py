"""online booking: who booked (hashes), cancellations; the reminders sent to citizens

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.storage.models

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_Time = server.storage.models.UtcDateTime


def upgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("holder_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("booked_at", _Time(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", _Time(timezone=True), nullable=True))
        batch_op.create_index("ix_appointments_hall_service_day", ["hall_id", "service", "day"])
        batch_op.create_index("ix_appointments_hall_phone_hash", ["hall_id", "phone_hash"])
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=32), nullable=True),
        sa.Column("recipient_masked", sa.String(length=20), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", _Time(timezone=True), nullable=False),
        sa.Column("next_at", _Time(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=255), nullable=True),
        sa.Column("sent_at", _Time(timezone=True), nullable=True),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_reminders_hall_id_halls")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
    )
    op.create_index("ix_reminders_status_next_at", "reminders", ["status", "next_at"])


def downgrade() -> None:
    op.drop_index("ix_reminders_status_next_at", table_name="reminders")
    op.drop_table("reminders")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_hall_phone_hash")
        batch_op.drop_index("ix_appointments_hall_service_day")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("booked_at")
        batch_op.drop_column("holder_hash")
        batch_op.drop_column("phone_hash")
