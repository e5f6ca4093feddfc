"""customer language

The language each portal login reads the portal and its emails in (chosen on the portal), and the office's default
for each customer, used for the invite and for emails before the customer has chosen ("" is English); and the
office's words for the invite and each notification in the languages other than English (template_wording).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 15:53:50.396030
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import customer_portal.models.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="")
        )

    with op.batch_alter_table("portal_login", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="")
        )

    op.create_table(
        "template_wording",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
        sa.Column("updated_at", customer_portal.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_staff_id"],
            ["staff_user.id"],
            name=op.f("fk_template_wording_updated_by_staff_id_staff_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_wording")),
        sa.UniqueConstraint("template", "language", name="uq_template_wording_language"),
    )
    with op.batch_alter_table("template_wording", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_template_wording_updated_by_staff_id"), ["updated_by_staff_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("template_wording", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_template_wording_updated_by_staff_id"))
    op.drop_table("template_wording")

    with op.batch_alter_table("portal_login", schema=None) as batch_op:
        batch_op.drop_column("language")

    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_column("language")
