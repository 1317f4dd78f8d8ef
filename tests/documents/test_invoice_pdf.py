"""Invoices as PDFs, read back: texts, pages, positions, fonts and word order."""

from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from duka.documents.invoice import InvoiceColumn, InvoiceDocument, write_invoice
from tests.documents.pdf_reading import Drawn, drawn_texts, page_texts


def logo_png() -> bytes:
    image = Image.new("RGBA", (120, 60), (0, 0, 0, 0))
    image.paste((26, 115, 90, 255), (0, 0, 60, 60))
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def logo_jpeg() -> bytes:
    out = BytesIO()
    Image.new("RGB", (800, 450), (200, 120, 20)).save(out, format="JPEG")
    return out.getvalue()


def page_label(page: int, pages: int) -> str:
    return f"Page {page} of {pages}"


COLUMNS = (
    InvoiceColumn("#", 0.05, align_end=True),
    InvoiceColumn("Description", 0.45),
    InvoiceColumn("Qty", 0.08, align_end=True),
    InvoiceColumn("Unit price", 0.16, align_end=True),
    InvoiceColumn("Amount", 0.19, align_end=True),
)
TAX_COLUMNS = (
    InvoiceColumn("Rate", 1),
    InvoiceColumn("Net", 1.4, align_end=True),
    InvoiceColumn("VAT", 1.2, align_end=True),
)


def english(**changes: Any) -> InvoiceDocument:
    document = InvoiceDocument(
        title="Tax invoice",
        number="INV-2026-00012",
        facts=[("Date", "12 May 2026"), ("Due date", "11 June 2026"), ("Reference", "PO-4471")],
        shop_lines=["Duka la Amina", "Moi Avenue 42, Nairobi", "+254 712 345 678"],
        customer_title="Bill to",
        customer_lines=["Mama Njeri Groceries Ltd", "Kenyatta Road 7, Thika"],
        columns=COLUMNS,
        lines=[
            ["1", "Sugar 2 kg", "1", "Ksh 250.00", "Ksh 250.00"],
            ["2", "Cooking oil 3 L", "2", "Ksh 890.00", "Ksh 1,780.00"],
        ],
        tax_columns=TAX_COLUMNS,
        tax_rows=[["VAT 16%", "Ksh 1,750.00", "Ksh 280.00"]],
        totals=[
            ("Subtotal", "Ksh 1,750.00", False),
            ("VAT", "Ksh 280.00", False),
            ("Total", "Ksh 2,030.00", True),
            ("Amount due", "Ksh 2,030.00", True),
        ],
        terms="Payment within 30 days, by 11 June 2026.",
        notes="Thank you for your business!",
        qr_payload="upi://pay?pa=amina@okbank&am=2030.00&cu=KES",
        qr_caption="Scan to pay",
        footer="Equity Bank · Account 0123 4567 8901",
        logo=logo_png(),
        page_label=page_label,
        author="Duka la Amina",
    )
    return replace(document, **changes)


def long_lines(count: int) -> list[list[str]]:
    """Lines whose descriptions wrap, each marked at both ends and with its own amount."""
    return [
        [
            str(n),
            f"Item{n:02} basmati rice premium quality aged two years extra long grain End{n:02}",
            "1",
            "Ksh 1,000.00",
            f"Ksh {1000 + n:,}.00",
        ]
        for n in range(1, count + 1)
    ]


def test_an_invoice_shows_its_lines_taxes_and_totals(tmp_path: Path) -> None:
    path = tmp_path / "invoice.pdf"
    assert write_invoice(path, english()) == 1
    (text,) = page_texts(path)
    for expected in (
        "Tax invoice",
        "INV-2026-00012",
        "Duka la Amina",
        "Mama Njeri Groceries Ltd",
        "Bill to",
        "Due date",
        "11 June 2026",
        "Description",
        "Cooking oil 3 L",
        "Ksh 1,780.00",
        "VAT 16%",
        "Ksh 280.00",
        "Amount due",
        "Ksh 2,030.00",
        "Payment within 30 days",
        "Thank you for your business!",
        "Scan to pay",
        "Equity Bank",
        "Page 1 of 1",
    ):
        assert expected in text
    assert text.index("Sugar 2 kg") < text.index("Cooking oil") < text.index("Amount due")
    reader = PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == "Tax invoice INV-2026-00012"
    assert reader.metadata.author == "Duka la Amina"
    assert reader.metadata.creator == "Duka"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert len(reader.pages[0].images) == 1  # the logo


def test_a_long_invoice_repeats_the_header_and_never_splits_a_line(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    pages = write_invoice(path, english(lines=long_lines(60)))
    texts = page_texts(path)
    assert pages == len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        if "Item" in text:  # a page with lines has the table's header
            assert "Description" in text and "Unit price" in text
    for n in range(1, 61):
        (page,) = [text for text in texts if f"Item{n:02}" in text]
        assert f"End{n:02}" in page and f"Ksh {1000 + n:,}.00" in page
    # The closing part stays in one piece, after the last line.
    last = texts[-1]
    assert all(word in last for word in ("VAT 16%", "Amount due", "Scan to pay"))
    if "Item60" in last:
        assert last.index("Item60") < last.index("Amount due")
    assert "Amount due" not in "".join(texts[:-1])
    # A page that holds only the closing part has no table header.
    assert all("Description" not in text for text in texts if "Item" not in text)


def test_letter_and_a4(tmp_path: Path) -> None:
    sizes = {}
    for size in ("A4", "Letter"):
        path = tmp_path / f"{size}.pdf"
        write_invoice(path, english(page_size=size))
        box = PdfReader(path).pages[0].mediabox
        sizes[size] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {"A4": (595, 842), "Letter": (612, 792)}


def _image_xs(path: Path) -> list[float]:
    """Where each image drawn on the first page starts, across."""
    found: list[float] = []

    def visit(operator: bytes, args: Any, cm: Any, tm: Any) -> None:
        if operator == b"Do":
            found.append(float(cm[4]))

    PdfReader(path).pages[0].extract_text(visitor_operand_before=visit)
    return found


def _x(drawn: list[Drawn], text: str) -> float:
    return next(d.x for d in drawn if d.text.strip() == text)


def _xs(drawn: list[Drawn], text: str) -> list[float]:
    return [d.x for d in drawn if d.text.strip() == text]


def test_right_to_left_mirrors_the_page(tmp_path: Path) -> None:
    ltr, rtl = tmp_path / "ltr.pdf", tmp_path / "rtl.pdf"
    write_invoice(ltr, english())
    write_invoice(rtl, english(right_to_left=True))
    middle = float(PdfReader(ltr).pages[0].mediabox.width) / 2
    a, b = drawn_texts(ltr), drawn_texts(rtl)

    (logo_ltr,), (logo_rtl,) = _image_xs(ltr), _image_xs(rtl)
    assert logo_ltr < 50 and logo_rtl > middle
    assert _x(a, "Duka la Amina") < middle < _x(b, "Duka la Amina")
    assert _x(a, "Tax invoice") > middle > _x(b, "Tax invoice")
    assert _x(a, "Mama Njeri Groceries Ltd") < middle < _x(b, "Mama Njeri Groceries Ltd")
    # Columns run from the right: amounts at the left of the descriptions.
    assert _x(a, "Sugar 2 kg") < _x(a, "Ksh 1,780.00")
    assert _x(b, "Sugar 2 kg") > max(_xs(b, "Ksh 1,780.00"))
    assert _x(b, "#") > _x(b, "Description") > _x(b, "Amount")
    # Money lines up at the end of its cell: the right in one, the left in the other.
    ltr_amounts = _xs(a, "Ksh 250.00") + _xs(a, "Ksh 1,780.00")
    rtl_amounts = _xs(b, "Ksh 250.00") + _xs(b, "Ksh 1,780.00")
    amount_x = _x(b, "Amount")
    assert any(abs(x - amount_x) < 0.5 for x in rtl_amounts)  # title and value both start left
    assert sum(abs(x - amount_x) < 0.5 for x in rtl_amounts) == 2
    assert len({round(x) for x in ltr_amounts}) > 2  # right-aligned: different starts
    # Totals: labels at the start side (right), values at the end side (left).
    assert _x(b, "Amount due") > middle / 2 > min(_xs(b, "Ksh 2,030.00"))
    # The page number goes to the end side, the left.
    assert _x(b, "Page 1 of 1") < middle < _x(a, "Page 1 of 1")


def _arabic() -> InvoiceDocument:
    columns = (
        InvoiceColumn("#", 0.05, align_end=True),
        InvoiceColumn("الوصف", 0.5),
        InvoiceColumn("الكمية", 0.1, align_end=True),
        InvoiceColumn("المبلغ", 0.2, align_end=True),
    )
    return english(
        title="فاتورة ضريبية",
        facts=[("التاريخ", "١٢ مايو ٢٠٢٦")],
        shop_lines=["دكان أمينة", "شارع موي ٤٢، نيروبي"],
        customer_title="فاتورة إلى",
        customer_lines=["بقالة ماما نجيري"],
        columns=columns,
        lines=[["1", "زيت طبخ عباد الشمس", "٢", "Ksh 1,780.00"]],
        totals=[("المبلغ المستحق", "Ksh 1,780.00", True)],
        right_to_left=True,
        language="ar",
    )


def _words(path: Path) -> list[tuple[str, float, float]]:
    """(word in reading order, left, top) for each word poppler finds on the first page."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = []
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>'
    for left, top, drawn in re.findall(pattern, xml):
        # Poppler gives Arabic glyphs in the order they stand on the page; read backwards
        # they are the word, once presentation forms and ligatures fold back into letters.
        text = html.unescape(drawn)
        if any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text):
            text = unicodedata.normalize("NFKC", text[::-1])
        words.append((text, float(left), float(top)))
    return words


def test_arabic_reads_from_right_to_left(tmp_path: Path) -> None:
    path = tmp_path / "ar.pdf"
    write_invoice(path, _arabic())
    words = _words(path)
    x = {word: left for word, left, _ in words}
    for line in ("بقالة ماما نجيري", "زيت طبخ عباد الشمس", "شارع موي ٤٢، نيروبي", "دكان أمينة"):
        parts = [part for part in line.split() if part in x]
        assert len(parts) >= 2, (line, sorted(x))
        positions = [x[part] for part in parts]
        assert positions == sorted(positions, reverse=True), line
    # The first column (#) stands at the right edge, the amounts at the left.
    width = float(PdfReader(path).pages[0].mediabox.width)
    assert x["#"] > x["الوصف"] > x["المبلغ"]
    assert x["#"] > width * 0.85
    assert PdfReader(path).trailer["/Root"]["/Lang"] == "ar"


def test_hindi_is_drawn_with_the_devanagari_font(tmp_path: Path) -> None:
    path = tmp_path / "hi.pdf"
    lines = [["1", "सूरजमुखी खाना पकाने का तेल 3 लीटर", "2", "Ksh 890.00", "Ksh 1,780.00"]]
    write_invoice(path, english(title="कर बीजक", lines=lines, language="hi"))
    drawn = drawn_texts(path)
    hindi = [d for d in drawn if any("\u0900" <= ch <= "\u097f" for ch in d.text)]
    assert any("सूरजमुखी" in d.text for d in hindi)
    assert hindi and all("devanagari" in d.font.lower() for d in hindi)
    number = next(d for d in drawn if d.text.strip() == "INV-2026-00012")
    assert "devanagari" not in number.font.lower()


def test_the_watermark_only_when_asked(tmp_path: Path) -> None:
    draft, issued = tmp_path / "draft.pdf", tmp_path / "issued.pdf"
    pages = write_invoice(draft, english(watermark="DRAFT", lines=long_lines(50)))
    write_invoice(issued, english())
    texts = page_texts(draft)
    assert pages == len(texts) > 1
    assert all("DRAFT" in text for text in texts)
    assert drawn_texts(draft)[0].text == "DRAFT"  # drawn first: behind everything else
    assert "DRAFT" not in page_texts(issued)[0]


def _rectangles(path: Path) -> int:
    content = PdfReader(path).pages[0].get_contents()
    assert content is not None
    return content.get_data().count(b" re")


def test_the_payment_code_only_with_a_payload(tmp_path: Path) -> None:
    with_code, without = tmp_path / "qr.pdf", tmp_path / "none.pdf"
    write_invoice(with_code, english())
    write_invoice(without, english(qr_payload=None))
    assert _rectangles(with_code) > 100  # the code's dark modules
    assert _rectangles(without) < 10  # the header rows' fills
    assert "Scan to pay" in page_texts(with_code)[0]
    assert "Scan to pay" not in page_texts(without)[0]


def test_logos_of_any_kind_and_none_that_breaks_the_invoice(tmp_path: Path) -> None:
    for name, logo in (("jpeg", logo_jpeg()), ("broken", b"not a picture"), ("none", None)):
        path = tmp_path / f"{name}.pdf"
        assert write_invoice(path, english(logo=logo)) == 1
        assert len(PdfReader(path).pages[0].images) == (1 if name == "jpeg" else 0)
        assert "Amount due" in page_texts(path)[0]


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    def failing_label(page: int, pages: int) -> str:
        if page == 2 and pages > 2:  # the pages are being drawn: fail half-way
            raise RuntimeError("disk full")
        return page_label(page, pages)

    document = english(lines=long_lines(60), page_label=failing_label)
    fresh = tmp_path / "fresh.pdf"
    with pytest.raises(RuntimeError):
        write_invoice(fresh, document)
    assert list(tmp_path.iterdir()) == []

    kept = tmp_path / "kept.pdf"
    write_invoice(kept, english())
    before = kept.read_bytes()
    with pytest.raises(RuntimeError):
        write_invoice(kept, document)
    assert kept.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kept.pdf"]
