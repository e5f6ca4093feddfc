"""PDF documents (invoice, statement) drawn with fpdf2. Numbers come from the same views the pages show.

A document is described first (label lines, tables, paragraphs) and drawn when rendered, once all its text is
known: text that Windows-1252 covers (English, Spanish, French, the dash, the euro) is drawn in the PDF's
built-in Helvetica, which needs no font file loaded, measured or embedded; anything else in DejaVu Sans.
Table rows are placed as plain text runs rather than fpdf cells, which cost ten times as much: a year's
statement is drawn in milliseconds rather than half a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

_UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_UNICODE_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
_BUILT_IN_ENCODING = "windows-1252"
_POINTS_PER_MM = 72 / 25.4
_ROW_HEIGHT = 6.0
_TABLE_FONT_SIZE = 9


@dataclass(frozen=True)
class _Line:
    label: str
    value: str
    bold: bool


@dataclass(frozen=True)
class _Gap:
    height: float


@dataclass(frozen=True)
class _Table:
    headers: list[str]
    widths: list[int]
    rows: list[list[str]]
    right: set[int]


@dataclass(frozen=True)
class _Paragraph:
    text: str


class _Pages(FPDF):
    """A4 portrait with the company's name and the document's title at the top of every page."""

    def __init__(self, *, company: str, title: str, unicode: bool) -> None:
        super().__init__(format="A4")
        self.company, self.doc_title = company, title
        self.core_fonts_encoding = _BUILT_IN_ENCODING
        self.family, self.unicode = "Helvetica", unicode
        if unicode:
            self.add_font("Body", "", str(_UNICODE_FONT))
            self.add_font("Body", "B", str(_UNICODE_BOLD))
            self.family = "Body"
        self.set_auto_page_break(auto=True, margin=18)

    def safe(self, text: str) -> str:
        """Without DejaVu on the server, what Helvetica cannot draw becomes "?" rather than an error."""
        return text if self.unicode else text.encode(_BUILT_IN_ENCODING, "replace").decode(_BUILT_IN_ENCODING)

    def header(self) -> None:
        self.set_font(self.family, "B", 14)
        self.cell(0, 8, self.safe(self.company), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 11)
        self.cell(0, 6, self.safe(self.doc_title), new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def draw_line(self, part: _Line) -> None:
        self.set_font(self.family, "B" if part.bold else "", 10)
        self.cell(60, 6, self.safe(part.label))
        self.cell(0, 6, self.safe(part.value), new_x="LMARGIN", new_y="NEXT")

    def draw_paragraph(self, part: _Paragraph) -> None:
        self.set_font(self.family, "", 9)
        self.multi_cell(0, 5, self.safe(part.text))

    def draw_table(self, part: _Table) -> None:
        self._table_header(part)
        self.set_font(self.family, "", _TABLE_FONT_SIZE)
        baseline = _ROW_HEIGHT / 2 + 0.3 * _TABLE_FONT_SIZE / _POINTS_PER_MM  # where fpdf's cell puts it
        for row in part.rows:
            if self.y + _ROW_HEIGHT > self.page_break_trigger:
                self.add_page()
                self._table_header(part)
                self.set_font(self.family, "", _TABLE_FONT_SIZE)
            x = self.l_margin
            for index, (value, width) in enumerate(zip(row, part.widths, strict=True)):
                shown = self._fitted(self.safe(value), width - 2 * self.c_margin)
                if shown:
                    right_aligned = index in part.right
                    left = x + width - self.c_margin - self._width(shown) if right_aligned else x + self.c_margin
                    self.text(left, self.y + baseline, shown)
                x += width
            self.y += _ROW_HEIGHT
        self.ln(2)

    def _table_header(self, part: _Table) -> None:
        """Column titles, repeated on every page the table runs to."""
        self.set_font(self.family, "B", _TABLE_FONT_SIZE)
        for index, (header, width) in enumerate(zip(part.headers, part.widths, strict=True)):
            self.cell(width, 7, self.safe(header), border="B", align="R" if index in part.right else "L")
        self.ln()

    def _width(self, text: str) -> float:
        """The text's width in mm, from the font's own character widths (fpdf's get_string_width splits the
        text into styled fragments first, which was most of a table's drawing time)."""
        font = self.current_font
        if font is None:
            raise RuntimeError("set_font comes before measuring text")
        return font.get_text_width(self.normalize_text(text), self.font_size_pt, None)[1] / self.k

    def _fitted(self, text: str, room: float) -> str:
        """The text, cut with an ellipsis where it would run into the next column."""
        if self._width(text) <= room:
            return text
        while text and self._width(text + "…") > room:
            text = text[:-1]
        return text.rstrip() + "…"


class Document:
    """What a document says, in order; `render` draws it."""

    def __init__(self, *, company: str, title: str) -> None:
        self.company, self.title = company, title
        self._parts: list[_Line | _Gap | _Table | _Paragraph] = []

    def line_of(self, label: str, value: str, *, bold: bool = False) -> None:
        self._parts.append(_Line(label, value, bold))

    def ln(self, height: float) -> None:
        self._parts.append(_Gap(height))

    def table(self, headers: list[str], widths: list[int], rows: list[list[str]], *, right: set[int]) -> None:
        self._parts.append(_Table(headers, widths, [[value[:70] for value in row] for row in rows], right))

    def paragraph(self, text: str) -> None:
        self._parts.append(_Paragraph(text))

    def render(self) -> bytes:
        pages = _Pages(company=self.company, title=self.title, unicode=self._needs_unicode())
        pages.add_page()
        for part in self._parts:
            match part:
                case _Line():
                    pages.draw_line(part)
                case _Gap():
                    pages.ln(part.height)
                case _Table():
                    pages.draw_table(part)
                case _Paragraph():
                    pages.draw_paragraph(part)
        return bytes(pages.output())

    def _needs_unicode(self) -> bool:
        try:
            for text in self._texts():
                text.encode(_BUILT_IN_ENCODING)
        except UnicodeEncodeError:
            return _UNICODE_FONT.is_file() and _UNICODE_BOLD.is_file()
        return False

    def _texts(self) -> Iterator[str]:
        yield self.company
        yield self.title
        yield "…"
        for part in self._parts:
            match part:
                case _Line():
                    yield part.label
                    yield part.value
                case _Table():
                    yield from part.headers
                    for row in part.rows:
                        yield from row
                case _Paragraph():
                    yield part.text
