"""service requests

A customer reports a problem with photos and preferred days; the office replies, schedules,
quotes or closes it. A new Included in Portal switch, on by default.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 09:36:37.446590
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import customer_portal.models.types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("service_location_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("water", "equipment", "leak", "repair", "other", name="requestkind", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("preferred_days", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("new", "scheduled", "quoted", "closed", name="requeststatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("scheduled_on", sa.Date(), nullable=True),
        sa.Column("quote_id", sa.Integer(), nullable=True),
        sa.Column("created_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_service_request_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["quote_id"], ["quote.id"], name=op.f("fk_service_request_quote_id_quote"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["service_location_id"],
            ["service_location.id"],
            name=op.f("fk_service_request_service_location_id_service_location"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_request")),
    )
    with op.batch_alter_table("service_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_request_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_request_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_request_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_request_quote_id"), ["quote_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_service_request_service_location_id"), ["service_location_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_service_request_status"), ["status"], unique=False)

    op.create_table(
        "service_request_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("thumbnail_name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("created_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["service_request.id"],
            name=op.f("fk_service_request_photo_request_id_service_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_request_photo")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_service_request_photo_stored_name")),
        sa.UniqueConstraint("thumbnail_name", name=op.f("uq_service_request_photo_thumbnail_name")),
    )
    with op.batch_alter_table("service_request_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_request_photo_request_id"), ["request_id"], unique=False)

    op.create_table(
        "service_request_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["service_request.id"],
            name=op.f("fk_service_request_reply_request_id_service_request"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_service_request_reply_staff_user_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_request_reply")),
    )
    with op.batch_alter_table("service_request_reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_request_reply_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_request_reply_staff_user_id"), ["staff_user_id"], unique=False)

    with op.batch_alter_table("portal_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("include_service_requests", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("portal_settings", schema=None) as batch_op:
        batch_op.drop_column("include_service_requests")

    with op.batch_alter_table("service_request_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_request_reply_staff_user_id"))
        batch_op.drop_index(batch_op.f("ix_service_request_reply_request_id"))

    op.drop_table("service_request_reply")
    with op.batch_alter_table("service_request_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_request_photo_request_id"))

    op.drop_table("service_request_photo")
    with op.batch_alter_table("service_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_request_status"))
        batch_op.drop_index(batch_op.f("ix_service_request_service_location_id"))
        batch_op.drop_index(batch_op.f("ix_service_request_quote_id"))
        batch_op.drop_index(batch_op.f("ix_service_request_kind"))
        batch_op.drop_index(batch_op.f("ix_service_request_customer_id"))
        batch_op.drop_index(batch_op.f("ix_service_request_created_at"))

    op.drop_table("service_request")
