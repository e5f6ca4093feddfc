"""notifications

The notifications the office sends (its wording and timing per kind), each address's opt-outs, and on the
outbox: a unique key that makes a notification "once", the one-click unsubscribe address, and attachments.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 06:24:38.643432
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import customer_portal.models.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "invoice_issued",
                "quote_sent",
                "visit_report",
                "payment_reminder",
                "autopay_notice",
                "card_expiring",
                name="notificationkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
        sa.Column("schedule", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("updated_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_staff_id"],
            ["staff_user.id"],
            name=op.f("fk_notification_template_updated_by_staff_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_template")),
        sa.UniqueConstraint("kind", name=op.f("uq_notification_template_kind")),
    )
    with op.batch_alter_table("notification_template", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_template_updated_by_staff_id"), ["updated_by_staff_id"], unique=False
        )

    op.create_table(
        "email_opt_out",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_email_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "invoice_issued",
                "quote_sent",
                "visit_report",
                "payment_reminder",
                "autopay_notice",
                "card_expiring",
                name="notificationkind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_email_id"],
            ["customer_email.id"],
            name=op.f("fk_email_opt_out_customer_email_id_customer_email"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_opt_out")),
        sa.UniqueConstraint("customer_email_id", "kind", name="uq_email_opt_out_email_kind"),
    )
    with op.batch_alter_table("email_opt_out", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_opt_out_customer_email_id"), ["customer_email_id"], unique=False)

    op.create_table(
        "outbox_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_email_id", sa.Integer(), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_email_id"],
            ["outbox_email.id"],
            name=op.f("fk_outbox_attachment_outbox_email_id_outbox_email"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_attachment")),
    )
    with op.batch_alter_table("outbox_attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_attachment_outbox_email_id"), ["outbox_email_id"], unique=False)

    with op.batch_alter_table("outbox_email", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dedupe_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(
            sa.Column(
                "unsubscribe_url", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False, server_default=""
            )
        )
        batch_op.add_column(sa.Column("has_attachments", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_unique_constraint(batch_op.f("uq_outbox_email_dedupe_key"), ["dedupe_key"])


def downgrade() -> None:
    with op.batch_alter_table("outbox_email", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_outbox_email_dedupe_key"), type_="unique")
        batch_op.drop_column("has_attachments")
        batch_op.drop_column("unsubscribe_url")
        batch_op.drop_column("dedupe_key")

    with op.batch_alter_table("outbox_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_attachment_outbox_email_id"))

    op.drop_table("outbox_attachment")
    with op.batch_alter_table("email_opt_out", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_opt_out_customer_email_id"))

    op.drop_table("email_opt_out")
    with op.batch_alter_table("notification_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_template_updated_by_staff_id"))

    op.drop_table("notification_template")
