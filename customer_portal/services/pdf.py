"""PDF documents (invoice, statement) drawn with fpdf2. Numbers come from the same views the pages show."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

_UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_UNICODE_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


class Document(FPDF):
    """A4 portrait with the company's name on every page and simple table helpers."""

    def __init__(self, *, company: str, title: str) -> None:
        super().__init__(format="A4")
        self.company, self.doc_title = company, title
        self.unicode = _UNICODE_FONT.is_file() and _UNICODE_BOLD.is_file()
        if self.unicode:
            self.add_font("Body", "", str(_UNICODE_FONT))
            self.add_font("Body", "B", str(_UNICODE_BOLD))
        self.family = "Body" if self.unicode else "Helvetica"
        self.set_auto_page_break(auto=True, margin=18)
        self.add_page()

    def text_safe(self, text: str) -> str:
        # Without a Unicode font only Latin-1 can be drawn; replace the rest rather than fail.
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        self.set_font(self.family, "B", 14)
        self.cell(0, 8, self.text_safe(self.company), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 11)
        self.cell(0, 6, self.text_safe(self.doc_title), new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def line_of(self, label: str, value: str, *, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", 10)
        self.cell(60, 6, self.text_safe(label))
        self.cell(0, 6, self.text_safe(value), new_x="LMARGIN", new_y="NEXT")

    def table(self, headers: list[str], widths: list[int], rows: list[list[str]], *, right: set[int]) -> None:
        self.set_font(self.family, "B", 9)
        for header, width, index in zip(headers, widths, range(len(headers)), strict=True):
            self.cell(width, 7, self.text_safe(header), border="B", align="R" if index in right else "L")
        self.ln()
        self.set_font(self.family, "", 9)
        for row in rows:
            for value, width, index in zip(row, widths, range(len(row)), strict=True):
                self.cell(width, 6, self.text_safe(value)[:70], align="R" if index in right else "L")
            self.ln()
        self.ln(2)

    def render(self) -> bytes:
        return bytes(self.output())
