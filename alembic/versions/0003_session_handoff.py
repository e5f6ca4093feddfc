"""session handoff, sign-in throttle streaks

A new session is handed to the browser as an HttpOnly cookie by an HTTP route, redeemed with a short-lived,
single-use code; the code's hash and expiry live on the session row until then. Sign-in throttling counts
failures until 15 quiet minutes pass, so its rows remember the last failure rather than a window's start.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 08:15:04.326919
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import customer_portal.models.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handoff_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("handoff_expires_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.create_unique_constraint(batch_op.f("uq_user_session_handoff_hash"), ["handoff_hash"])
    with op.batch_alter_table("sign_in_throttle", schema=None) as batch_op:
        batch_op.alter_column("window_started_at", new_column_name="last_failure_at")


def downgrade() -> None:
    with op.batch_alter_table("sign_in_throttle", schema=None) as batch_op:
        batch_op.alter_column("last_failure_at", new_column_name="window_started_at")
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_session_handoff_hash"), type_="unique")
        batch_op.drop_column("handoff_expires_at")
        batch_op.drop_column("handoff_hash")
