"""bank accounts

A saved payment method may be a US bank account (ACH Direct Debit) with its mandate; an attempt remembers which
kind of method it charges, so a bank debit is recorded as a bank payment. Existing rows are cards.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 09:53:48.284084
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("payment_attempt", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "method_kind",
                sa.Enum("card", "us_bank_account", name="methodkind", native_enum=False, length=20),
                nullable=False,
                server_default="card",
            )
        )

    with op.batch_alter_table("saved_payment_method", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum("card", "us_bank_account", name="methodkind", native_enum=False, length=20),
                nullable=False,
                server_default="card",
            )
        )
        batch_op.add_column(
            sa.Column("mandate_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("saved_payment_method", schema=None) as batch_op:
        batch_op.drop_column("mandate_id")
        batch_op.drop_column("kind")

    with op.batch_alter_table("payment_attempt", schema=None) as batch_op:
        batch_op.drop_column("method_kind")
