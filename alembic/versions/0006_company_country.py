"""company country

The company's country (ISO 3166): how dates and money are written for it, and Letter or A4 paper. Existing
companies are in the US, which is what the app assumed until now.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 06:40:47.944986
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("company_profile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("country", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False, server_default="US")
        )


def downgrade() -> None:
    with op.batch_alter_table("company_profile", schema=None) as batch_op:
        batch_op.drop_column("country")
