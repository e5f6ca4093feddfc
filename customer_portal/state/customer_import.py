"""Importing customers from a CSV file: upload, preview, import.

The file's content is kept in a backend-only var between preview and import; the browser gets only the
preview rows. The import recomputes everything from that content on the server.
"""

from __future__ import annotations

import reflex as rx

from customer_portal.i18n import _
from customer_portal.services.customers import customer_import
from customer_portal.services.customers.customer_import import MAX_FILE_BYTES, ImportRow
from customer_portal.services.errors import ServiceError
from customer_portal.state.base import call_service
from customer_portal.state.guards import current_staff, staff_only
from customer_portal.state.staff import StaffState

CSV_UPLOAD_ID = "customer-csv"
PREVIEW_ROWS_SHOWN = 200


class CustomerImportState(StaffState):
    _content: bytes = b""
    file_name: str = ""
    rows: list[ImportRow] = []
    new_count: int = 0
    skipped_count: int = 0
    error_count: int = 0
    message: str = ""
    imported: bool = False

    @rx.event
    @staff_only()
    async def load_import(self):
        self.reset()

    @rx.event
    @staff_only()
    async def preview(self, files: list[rx.UploadFile]):
        self.reset()
        if not files:
            self.message = _("Choose a CSV file first.")
            return
        content = await files[0].read(MAX_FILE_BYTES + 1)
        try:
            result = await call_service(customer_import.preview_import, content=content)
        except ServiceError as error:
            self.message = str(error)
            return
        self._content, self.file_name = content, files[0].name or "customers.csv"
        self._show(result)

    def _show(self, result: customer_import.ImportPreview) -> None:
        self.rows = result.rows[:PREVIEW_ROWS_SHOWN]
        self.new_count, self.skipped_count, self.error_count = result.new, result.skipped, result.errors

    @rx.event
    @staff_only()
    async def run_import(self):
        if not self._content:
            self.message = _("Choose a CSV file first.")
            return
        try:
            result = await call_service(customer_import.run_import, staff=current_staff(), content=self._content)
        except ServiceError as error:
            self.message = str(error)
            return
        self._show(result)
        self._content, self.imported = b"", True
        self.message = (
            f"Imported {result.new} customers. Skipped {result.skipped} already on file and "
            f"{result.errors} rows with problems (listed below)."
        )
        return rx.clear_selected_files(CSV_UPLOAD_ID)
