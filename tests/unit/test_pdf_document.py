"""PDF documents: the letterhead and page numbers on every page, long tables run over pages with their column
titles, text that does not fit its column wraps within it rather than being cut or drawn over the next, and any
alphabet prints (built-in Helvetica when it covers the text, DejaVu when it does not)."""

import io

from pypdf import PdfReader

from customer_portal.services.billing.pdf import Document, Letterhead

BLUEWATER = Letterhead(
    "Bluewater Pool Care LLC", "2150 E Camelback Rd, Phoenix, AZ 85016", "(602) 555-0143 · office@bluewater.example"
)


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _statement(customer: str, rows: int, description: str = "Invoice INV-{n:05d}") -> bytes:
    document = Document(letterhead=BLUEWATER, title="Statement 2025-01-01 to 2025-12-31")
    document.line_of("Customer", customer)
    document.table(
        ["Date", "Description", "Charges", "Payments", "Balance"],
        [25, 75, 30, 30, 30],
        [["2025-03-01", description.format(n=n), "$180.00", "", f"${n},000.00"] for n in range(rows)],
        right={2, 3, 4},
    )
    document.line_of("Closing balance", "$1,234.50", bold=True)
    return document.render()


def test_a_long_table_runs_over_pages_with_its_column_titles_and_the_letterhead_on_each():
    pages = _pages(_statement("Dana Payer", rows=120))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "Bluewater Pool Care LLC" in text and "Description" in text and "Balance" in text
        assert "2150 E Camelback Rd, Phoenix, AZ 85016" in text and "(602) 555-0143" in text
        assert f"Page {number} of {len(pages)}" in text
    every_row = "\n".join(pages)
    assert all(f"INV-{n:05d}" in every_row for n in range(120))
    assert "Closing balance" in pages[-1] and "$1,234.50" in pages[-1]


def test_amounts_end_at_the_column_edge_and_descriptions_start_at_it():
    document = Document(letterhead=Letterhead("Bluewater"), title="Statement")
    document.table(["Description", "Balance"], [75, 30], [["A", "$5.00"], ["A longer one", "$12,345.00"]], right={1})
    starts: dict[str, float] = {}
    PdfReader(io.BytesIO(document.render())).pages[0].extract_text(
        visitor_text=lambda text, _cm, tm, _font, _size: starts.setdefault(text.strip(), tm[4])
    )
    assert starts["A"] == starts["A longer one"]
    assert starts["$5.00"] > starts["$12,345.00"] > starts["A longer one"]


def test_a_description_too_long_for_its_column_wraps_within_it():
    """Descriptions were cut at 70 characters and could still run into the next column."""
    long = "Payment (card) — a very long reference that would run into the charges column 0"
    document = Document(letterhead=Letterhead("Bluewater"), title="Statement")
    widths = [25, 75, 30, 30, 30]
    document.table(
        ["Date", "Description", "Charges", "Payments", "Balance"],
        widths,
        [["2025-03-01", long, "$180.00", "", "$1.00"]],
        right={2, 3, 4},
    )
    placed: list[tuple[str, float]] = []
    page = PdfReader(io.BytesIO(document.render())).pages[0]
    text = page.extract_text(
        visitor_text=lambda t, _cm, tm, _f, _s: placed.append((t.strip(), tm[4])) if t.strip() else None
    )
    assert long in " ".join(text.split()) and "…" not in text  # whole, over two lines
    column_left, charges_left = (10 + 25) * 72 / 25.4, (10 + 25 + 75) * 72 / 25.4
    pieces = [x for piece, x in placed if piece and piece in long and len(piece) > 12]
    assert len(pieces) >= 2 and all(column_left <= x < charges_left for x in pieces)


def test_a_word_wider_than_its_column_is_broken_inside_it():
    document = Document(letterhead=Letterhead("Bluewater"), title="Statement")
    document.table(["Reference", "Amount"], [30, 30], [["X" * 60, "$1.00"]], right={1})
    assert "X" * 60 in "".join(_pages(document.render())[0].split())


def test_a_paid_or_void_document_says_so_at_the_top():
    document = Document(letterhead=Letterhead("Bluewater"), title="Invoice INV-00012", mark="PAID")
    assert "PAID" in _pages(document.render())[0]


def test_latin_text_uses_the_built_in_font_and_embeds_nothing():
    content = _statement("José Peña — Café €", rows=2)
    assert b"/FontFile2" not in content
    assert "José Peña — Café €" in _pages(content)[0]


def test_other_alphabets_print_in_dejavu():
    content = _statement("Łukasz Żółw Ωmega", rows=2)
    assert b"/FontFile2" in content
    assert "Łukasz Żółw Ωmega" in _pages(content)[0]


def test_the_paper_is_letter_or_a4_as_the_company_country_prints():
    for paper, size in (("Letter", (612, 792)), ("A4", (595, 842))):
        document = Document(letterhead=Letterhead("Bluewater", paper=paper), title="Statement")
        document.table(["Description", "Balance"], [160, 30], [["Weekly service", "$5.00"]] * 80, right={1})
        pages = PdfReader(io.BytesIO(document.render())).pages
        assert all((round(page.mediabox.width), round(page.mediabox.height)) == size for page in pages)
        assert "$5.00" in pages[-1].extract_text()
