"""customer list columns

What the office's customer list sorts, filters and searches by, stored on the customer and indexed in each sort
order (the app keeps them current on every write: services/customer_listing.py). Filled here from the rows they
come from, with the rules of this revision written out, so this migration means the same whatever the app
later becomes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("list_name", 200),
    ("list_email", 254),
    ("list_address", 500),
    ("list_phone_digits", 40),
)
_INDEXES = {
    "ix_customer_list_by_name": ["status", "list_name", "id"],
    "ix_customer_list_by_email": ["status", "list_email", "id"],
    "ix_customer_list_by_address": ["status", "list_address", "id"],
    "ix_customer_list_by_portal": ["status", "list_portal_status", "list_name", "id"],
    "ix_customer_list_all_by_name": ["list_name", "id"],
}

customer = sa.table(
    "customer",
    sa.column("id"),
    sa.column("name"),
    sa.column("company_name"),
    sa.column("phone"),
    *(sa.column(name) for name, _ in _COLUMNS),
    sa.column("list_portal_status"),
    sa.column("search_text"),
)
email = sa.table(
    "customer_email", sa.column("id"), sa.column("customer_id"), sa.column("address"), sa.column("is_primary")
)
location = sa.table("service_location", sa.column("id"), sa.column("customer_id"), sa.column("address"))
login = sa.table("portal_login", sa.column("customer_email_id"), sa.column("is_active"))
token = sa.table("auth_token", sa.column("customer_email_id"), sa.column("purpose"))
outbox = sa.table("outbox_email", sa.column("customer_email_id"), sa.column("template"), sa.column("status"))


def _of_customer(table: sa.TableClause, *conditions: sa.ColumnElement) -> sa.Exists:
    return sa.exists(
        sa.select(email.c.id)
        .join(table, table.c.customer_email_id == email.c.id)
        .where(email.c.customer_id == customer.c.id, *conditions)
    )


def _invite(status: str) -> sa.Exists:
    return _of_customer(outbox, outbox.c.template == "portal_invite", outbox.c.status == status)


def _lines(column: sa.ColumnElement, owner: sa.ColumnElement) -> sa.ColumnElement:
    return sa.func.coalesce(
        sa.select(sa.func.aggregate_strings(column, "\n")).where(owner == customer.c.id).scalar_subquery(), ""
    )


def _fill() -> None:
    digits: sa.ColumnElement = customer.c.phone
    for separator in ("(", ")", "-", " ", "."):
        digits = sa.func.replace(digits, separator, "")
    newline = sa.literal("\n")
    op.execute(
        customer.update().values(
            list_name=sa.func.lower(customer.c.name),
            list_email=sa.func.coalesce(
                sa.select(email.c.address)
                .where(email.c.customer_id == customer.c.id)
                .order_by(email.c.is_primary.desc(), email.c.id)
                .limit(1)
                .scalar_subquery(),
                "",
            ),
            list_address=sa.func.coalesce(
                sa.select(location.c.address)
                .where(location.c.customer_id == customer.c.id)
                .order_by(location.c.id)
                .limit(1)
                .scalar_subquery(),
                "",
            ),
            list_phone_digits=digits,
            list_portal_status=sa.case(
                (_of_customer(login, login.c.is_active), "active"),
                (_invite("failed") & ~_invite("sent"), "invite_failed"),
                (_of_customer(token, token.c.purpose == "invite"), "invited"),
                else_="not_invited",
            ),
            search_text=sa.func.lower(customer.c.name)
            + newline
            + sa.func.lower(customer.c.company_name)
            + newline
            + customer.c.phone
            + newline
            + _lines(email.c.address, email.c.customer_id)
            + newline
            + _lines(sa.func.lower(location.c.address), location.c.customer_id),
        )
    )


def upgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        for name, length in _COLUMNS:
            batch_op.add_column(
                sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=False, server_default="")
            )
        batch_op.add_column(
            sa.Column(
                "list_portal_status",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="not_invited",
            )
        )
        batch_op.add_column(
            sa.Column("search_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default="")
        )
    _fill()
    with op.batch_alter_table("customer", schema=None) as batch_op:
        for index, columns in _INDEXES.items():
            batch_op.create_index(index, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("customer", schema=None) as batch_op:
        for index in _INDEXES:
            batch_op.drop_index(index)
        for name in ("search_text", "list_portal_status", *(name for name, _ in reversed(_COLUMNS))):
            batch_op.drop_column(name)
