"""card payments: attempts, autopay

Payment attempts (one open per invoice, enforced by a partial unique index), the AutoPay card, and how many
days after the due date AutoPay charges.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 09:22:52.178623
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import customer_portal.models.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column(
            "source", sa.Enum("pay_now", "autopay", name="attemptsource", native_enum=False, length=20), nullable=False
        ),
        sa.Column(
            "status",
            sa.Enum(
                "started",
                "requires_action",
                "processing",
                "succeeded",
                "failed",
                "canceled",
                name="attemptstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("idempotency_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("processor_customer_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("processor_payment_method_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("card_brand", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("card_last4", sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
        sa.Column("processor_intent_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("action_url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("failure_message", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("started_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("created_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"], name=op.f("fk_payment_attempt_customer_id_customer")),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoice.id"], name=op.f("fk_payment_attempt_invoice_id_invoice")),
        sa.ForeignKeyConstraint(["payment_id"], ["payment.id"], name=op.f("fk_payment_attempt_payment_id_payment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_attempt")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_payment_attempt_idempotency_key")),
        sa.UniqueConstraint("processor_intent_id", name=op.f("uq_payment_attempt_processor_intent_id")),
    )
    with op.batch_alter_table("payment_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_attempt_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_attempt_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_attempt_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_attempt_payment_id"), ["payment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_attempt_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_payment_attempt_one_open_per_invoice",
            ["invoice_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('started', 'requires_action', 'processing')"),
            postgresql_where=sa.text("status IN ('started', 'requires_action', 'processing')"),
        )

    with op.batch_alter_table("payment_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("autopay_days_after_due", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )

    with op.batch_alter_table("saved_payment_method", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("autopay_since", customer_portal.models.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("saved_payment_method", schema=None) as batch_op:
        batch_op.drop_column("autopay_since")

    with op.batch_alter_table("payment_settings", schema=None) as batch_op:
        batch_op.drop_column("autopay_days_after_due")

    with op.batch_alter_table("payment_attempt", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_payment_attempt_one_open_per_invoice",
            sqlite_where=sa.text("status IN ('started', 'requires_action', 'processing')"),
            postgresql_where=sa.text("status IN ('started', 'requires_action', 'processing')"),
        )
        batch_op.drop_index(batch_op.f("ix_payment_attempt_status"))
        batch_op.drop_index(batch_op.f("ix_payment_attempt_payment_id"))
        batch_op.drop_index(batch_op.f("ix_payment_attempt_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_payment_attempt_customer_id"))
        batch_op.drop_index(batch_op.f("ix_payment_attempt_created_at"))

    op.drop_table("payment_attempt")
