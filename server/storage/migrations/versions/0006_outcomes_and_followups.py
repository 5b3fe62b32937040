"""办结 outcomes on tickets (一次办结/容缺/一次性告知/咨询), 首问 staff, transfer notes, 容缺 follow-ups

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import server.storage.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None
REPORT_COLUMNS = (
    "completed",
    "accepted_pending",
    "returned",
    "consulted",
    "level1",
    "level2",
    "level3",
    "level4",
    "level5",
)


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("missing", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("first_staff_no", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("transfer_note", sa.Text(), nullable=True))
    # Services finished before outcomes existed were recorded as plain 办结: count them as done in one visit.
    op.execute("UPDATE tickets SET outcome = 'completed' WHERE state = 'done' AND \"window\" IS NOT NULL")
    op.execute("UPDATE tickets SET first_staff_no = staff_no")
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hall_id", sa.String(length=64), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("missing", sa.JSON(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("owner_staff_no", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_at", server.storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column("overdue_noticed", sa.Boolean(), nullable=False),
        sa.Column("fulfilled_at", server.storage.models.UtcDateTime(timezone=True), nullable=True),
        sa.Column("fulfilled_by", sa.String(length=16), nullable=True),
        sa.Column("received", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["hall_id"], ["halls.id"], name=op.f("fk_followups_hall_id_halls")),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_followups_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followups")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_followups_ticket_id")),
    )
    # Report sums of closed days: outcomes and the rating levels. Days rolled up before have none of these:
    # forget them so they are rolled up again from their tickets (the rollup is a cache of the tickets).
    with op.batch_alter_table("report_days", schema=None) as batch_op:
        for column in REPORT_COLUMNS:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=False, server_default="0"))
    op.execute("DELETE FROM report_days")
    op.execute("DELETE FROM report_waits")
    op.create_index("ix_followups_hall_status", "followups", ["hall_id", "status", "due"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_days", schema=None) as batch_op:
        for column in REPORT_COLUMNS:
            batch_op.drop_column(column)
    op.drop_index("ix_followups_hall_status", table_name="followups")
    op.drop_table("followups")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        for column in ("transfer_note", "first_staff_no", "note", "due", "missing", "outcome"):
            batch_op.drop_column(column)
