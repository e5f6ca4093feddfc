"""session devices

Each signed-in session remembers the browser that claimed its cookie, so Account and My account can list the
devices signed in. Existing sessions have none.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 10:39:30.789226
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("user_agent", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("user_agent")
