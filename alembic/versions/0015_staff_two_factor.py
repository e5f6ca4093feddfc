"""staff two-factor

Staff two-factor: the sealed authenticator secret (and one being set up), the last accepted 30-second step and the
run of wrong codes on staff_user; hashed recovery codes; remembered browsers; the office's "require two-factor"
setting; and on each session whether it passed a second factor and whether to remember its browser.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 12:56:22.283481
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import customer_portal.models.types

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("salt", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_recovery_code_staff_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
    )
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_code_staff_user_id"), ["staff_user_id"], unique=False)

    op.create_table(
        "security_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("require_staff_two_factor", sa.Boolean(), nullable=False),
        sa.Column("updated_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_staff_id"], ["staff_user.id"], name=op.f("fk_security_settings_updated_by_staff_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_settings")),
    )
    with op.batch_alter_table("security_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_security_settings_updated_by_staff_id"), ["updated_by_staff_id"], unique=False
        )

    op.create_table(
        "trusted_browser",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_agent", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_user.id"],
            name=op.f("fk_trusted_browser_staff_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trusted_browser")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_trusted_browser_token_hash")),
    )
    with op.batch_alter_table("trusted_browser", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trusted_browser_staff_user_id"), ["staff_user_id"], unique=False)

    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("totp_secret_sealed", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True)
        )
        batch_op.add_column(
            sa.Column("totp_pending_secret_sealed", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True)
        )
        batch_op.add_column(
            sa.Column("totp_enabled_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("second_factor_failures", sa.Integer(), nullable=False, server_default="0"))

    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("second_factor_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("remember_browser", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("user_session", schema=None) as batch_op:
        batch_op.drop_column("remember_browser")
        batch_op.drop_column("second_factor_at")

    with op.batch_alter_table("staff_user", schema=None) as batch_op:
        batch_op.drop_column("second_factor_failures")
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_enabled_at")
        batch_op.drop_column("totp_pending_secret_sealed")
        batch_op.drop_column("totp_secret_sealed")

    with op.batch_alter_table("trusted_browser", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trusted_browser_staff_user_id"))

    op.drop_table("trusted_browser")
    with op.batch_alter_table("security_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_settings_updated_by_staff_id"))

    op.drop_table("security_settings")
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_code_staff_user_id"))

    op.drop_table("recovery_code")
