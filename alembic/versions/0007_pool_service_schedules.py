"""pool service schedules

Each pool's service schedule: a weekday, every week or every other week, from a first day until an optional
last one. Existing pools have none until the office sets it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 06:56:56.060742
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("service_location", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_weekday", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("service_every_weeks", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("service_starts_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("service_ends_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("service_location", schema=None) as batch_op:
        batch_op.drop_column("service_ends_on")
        batch_op.drop_column("service_starts_on")
        batch_op.drop_column("service_every_weeks")
        batch_op.drop_column("service_weekday")
