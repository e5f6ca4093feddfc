"""service holds

A customer's request to pause a pool's service between two days, and the office's answer.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 07:21:14.395766
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import customer_portal.models.types

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("service_location_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column(
            "status",
            sa.Enum("requested", "approved", "declined", "cancelled", name="holdstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("office_reply", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("decided_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_service_hold_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_staff_id"], ["staff_user.id"], name=op.f("fk_service_hold_decided_by_staff_id_staff_user")
        ),
        sa.ForeignKeyConstraint(
            ["service_location_id"],
            ["service_location.id"],
            name=op.f("fk_service_hold_service_location_id_service_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_hold")),
    )
    with op.batch_alter_table("service_hold", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_hold_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_hold_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_hold_decided_by_staff_id"), ["decided_by_staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_hold_ends_on"), ["ends_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_hold_service_location_id"), ["service_location_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_hold_starts_on"), ["starts_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_hold_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_hold", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_hold_status"))
        batch_op.drop_index(batch_op.f("ix_service_hold_starts_on"))
        batch_op.drop_index(batch_op.f("ix_service_hold_service_location_id"))
        batch_op.drop_index(batch_op.f("ix_service_hold_ends_on"))
        batch_op.drop_index(batch_op.f("ix_service_hold_decided_by_staff_id"))
        batch_op.drop_index(batch_op.f("ix_service_hold_customer_id"))
        batch_op.drop_index(batch_op.f("ix_service_hold_created_at"))

    op.drop_table("service_hold")
