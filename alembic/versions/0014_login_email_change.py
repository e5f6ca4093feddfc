"""login email change

A customer moving their login to a new address confirms it from that address: the link remembers the address.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 10:49:56.435094
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("auth_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("new_address", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("auth_token", schema=None) as batch_op:
        batch_op.drop_column("new_address")
