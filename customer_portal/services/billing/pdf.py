"""PDF documents (invoice, statement, receipt) drawn with fpdf2. Numbers come from the same views the pages show.

Every page carries the company's letterhead (logo, name, how to reach it) and "Page N of M"; a table's text wraps
within its column, so a long line description is printed whole.

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
from sqlmodel import Session

from customer_portal.domain.formatting import paper_for
from customer_portal.i18n import _
from customer_portal.services.company.company_profile import get_company, logo_file

_UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_UNICODE_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
_BUILT_IN_ENCODING = "windows-1252"
_POINTS_PER_MM = 72 / 25.4
_ROW_HEIGHT = 6.0  # a table row of one line
_LINE_HEIGHT = 4.2  # each further line of a wrapped cell
_TABLE_FONT_SIZE = 9
_LOGO_HEIGHT = 14.0


@dataclass(frozen=True)
class Letterhead:
    """Who the document is from, at the top of every page, and the paper their country prints on."""

    name: str
    address: str = ""
    reach: str = ""  # phone · email
    website: str = ""
    logo: Path | None = None
    paper: str = "Letter"  # or "A4": domain.formatting.paper_for

    @property
    def contact(self) -> list[str]:
        """The lines under the name: those the company filled in."""
        return [line for line in (self.address, self.reach, self.website) if line]


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


def letterhead(session: Session) -> Letterhead:
    company = get_company(session)
    reach = " · ".join(part for part in (company.phone, company.email) if part)
    logo = logo_file() if company.has_logo else None
    return Letterhead(company.name, company.address, reach, company.website, logo, paper_for(company.country))


class _Pages(FPDF):
    """Portrait Letter or A4 with the letterhead and the document's title at the top of every page, its mark (PAID,
    VOID) beside them, and the page number at the foot. Tables are 190 mm wide, which both papers hold."""

    def __init__(self, *, letterhead: Letterhead, title: str, mark: str, unicode: bool) -> None:
        super().__init__(format=letterhead.paper)
        self.letterhead, self.doc_title, self.mark = letterhead, title, mark
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
        top, left = self.y, self.l_margin
        if self.letterhead.logo is not None:
            placed = self.image(str(self.letterhead.logo), x=left, y=top, h=_LOGO_HEIGHT)
            self.set_x(left + placed.rendered_width + 4)
        text_left = self.x
        self.set_font(self.family, "B", 14)
        self.cell(0, 7, self.safe(self.letterhead.name), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, "", 8)
        self.set_text_color(80)
        for line in self.letterhead.contact:
            self.set_x(text_left)
            self.cell(0, 4, self.safe(line), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        if self.mark:
            self._draw_mark(top)
        self.set_y(max(self.y, top + _LOGO_HEIGHT) + 2)
        self.set_font(self.family, "B", 12)
        self.cell(0, 7, self.safe(self.doc_title), new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def _draw_mark(self, top: float) -> None:
        """PAID in green, VOID in grey, large at the top right."""
        below = self.y
        self.set_font(self.family, "B", 22)
        self.set_text_color(*((22, 120, 60) if self.mark == "PAID" else (110, 110, 110)))
        self.set_xy(self.l_margin, top)
        self.cell(0, 10, self.mark, align="R")
        self.set_text_color(0)
        self.set_y(below)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(80)
        # {nb} is fpdf's stand-in for the page count, filled in when the document is finished.
        self.cell(0, 5, _("Page {page} of {pages}").format(page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(0)

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
            cells = [
                self._wrapped(self.safe(value), width - 2 * self.c_margin)
                for value, width in zip(row, part.widths, strict=True)
            ]
            height = _ROW_HEIGHT + _LINE_HEIGHT * (max(1, *map(len, cells)) - 1)  # an empty row is one line high
            if self.y + height > self.page_break_trigger:
                self.add_page()
                self._table_header(part)
                self.set_font(self.family, "", _TABLE_FONT_SIZE)
            x = self.l_margin
            for index, (lines, width) in enumerate(zip(cells, part.widths, strict=True)):
                for number, shown in enumerate(lines):
                    right_aligned = index in part.right
                    left = x + width - self.c_margin - self._width(shown) if right_aligned else x + self.c_margin
                    self.text(left, self.y + baseline + number * _LINE_HEIGHT, shown)
                x += width
            self.y += height
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

    def _wrapped(self, text: str, room: float) -> list[str]:
        """The text in lines that fit the column, broken between words (inside a word only when it alone is
        wider than the column). Most cells fit on one line: one measurement."""
        if not text or self._width(text) <= room:
            return [text] if text else []
        lines: list[str] = []
        line = ""
        for word in text.split():
            candidate = f"{line} {word}" if line else word
            if self._width(candidate) <= room:
                line = candidate
                continue
            if line:
                lines.append(line)
            while self._width(word) > room:  # a word wider than the column: as much as fits, then the rest
                cut = len(word) - 1
                while cut > 1 and self._width(word[:cut]) > room:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        return [*lines, line] if line else lines


class Document:
    """What a document says, in order; `render` draws it."""

    def __init__(self, *, letterhead: Letterhead, title: str, mark: str = "") -> None:
        self.letterhead, self.title, self.mark = letterhead, title, mark
        self._parts: list[_Line | _Gap | _Table | _Paragraph] = []

    def line_of(self, label: str, value: str, *, bold: bool = False) -> None:
        self._parts.append(_Line(label, value, bold))

    def ln(self, height: float) -> None:
        self._parts.append(_Gap(height))

    def table(self, headers: list[str], widths: list[int], rows: list[list[str]], *, right: set[int]) -> None:
        self._parts.append(_Table(headers, widths, rows, right))

    def paragraph(self, text: str) -> None:
        self._parts.append(_Paragraph(text))

    def render(self) -> bytes:
        pages = _Pages(letterhead=self.letterhead, title=self.title, mark=self.mark, unicode=self._needs_unicode())
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
        yield self.letterhead.name
        yield from self.letterhead.contact
        yield self.title
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
