"""pay with a new method

Pay Now with a card or bank account not saved yet: the choice made before Stripe's Checkout page, used once on the
way back; a method entered without "save for next time" is not kept. Existing methods are kept.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 10:00:09.200433
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import customer_portal.models.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkout_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("checkout_session_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("invoice_ids", sa.JSON(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.Column("keep_method", sa.Boolean(), nullable=False),
        sa.Column("started_by", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("created_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_checkout_payment_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkout_payment")),
        sa.UniqueConstraint("checkout_session_id", name=op.f("uq_checkout_payment_checkout_session_id")),
    )
    with op.batch_alter_table("checkout_payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkout_payment_customer_id"), ["customer_id"], unique=False)

    with op.batch_alter_table("saved_payment_method", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kept", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("saved_payment_method", schema=None) as batch_op:
        batch_op.drop_column("kept")

    with op.batch_alter_table("checkout_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkout_payment_customer_id"))

    op.drop_table("checkout_payment")
