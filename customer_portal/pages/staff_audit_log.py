"""Staff: who changed what, and when."""

from __future__ import annotations

import reflex as rx

from customer_portal.components.layout import staff_shell
from customer_portal.components.tables import data_table, on_phones, pagination, plain_headers, wide_cell
from customer_portal.i18n import _
from customer_portal.services.company.audit import AuditRow
from customer_portal.state.audit_log import AuditLogState as State


def _row(row: AuditRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.occurred_at, on_phones(row.who)),
        wide_cell(row.who),
        rx.table.cell(rx.code(row.action, variant="ghost"), on_phones(row.subject), on_phones(row.details)),
        wide_cell(row.subject),
        wide_cell(row.details, color=rx.color("gray", 11)),
        class_name="audit-row",
    )


def staff_audit_log_page() -> rx.Component:
    return staff_shell(
        _("Audit log"),
        rx.vstack(
            rx.select.root(
                rx.select.trigger(aria_label=_("Which changes"), id="audit-group"),
                rx.select.content(
                    rx.select.item(_("Everything"), value="all"),
                    rx.select.item(_("Money (invoices, payments)"), value="money"),
                    rx.select.item(_("Customers"), value="customers"),
                    rx.select.item(_("Settings"), value="settings"),
                    rx.select.item(_("Sign-ins"), value="access"),
                ),
                value=State.group,
                on_change=State.set_group,
            ),
            data_table(
                plain_headers(
                    _("When"),
                    _("Who"),
                    _("What"),
                    _("Subject"),
                    _("Details"),
                    wide_only={_("Who"), _("Subject"), _("Details")},
                ),
                State.rows,
                _row,
            ),
            pagination(
                page=State.page,
                pages=State.pages,
                total=State.total,
                nouns=("entry", "entries"),
                on_page=State.go_to_page,
            ),
            width="100%",
            spacing="3",
        ),
    )
