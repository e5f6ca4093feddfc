"""partial payments

The office's switch that lets Pay Now take part of one invoice, and the smallest part it takes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 07:39:42.050794
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("payment_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("partial_payments", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("partial_minimum_cents", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("payment_settings", schema=None) as batch_op:
        batch_op.drop_column("partial_minimum_cents")
        batch_op.drop_column("partial_payments")
