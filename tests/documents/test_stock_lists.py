"""The low-stock list, the supplier statement and the table writer under both."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from duka.documents.stock_lists import (
    AccountStatement,
    ColumnSpec,
    LowStockItem,
    LowStockTitles,
    StatementEntry,
    StatementTitles,
    TableDocument,
    TableRow,
    write_low_stock_list,
    write_statement,
    write_table_pdf,
)
from tests.documents.pdf_reading import drawn_texts, page_texts

TITLES = LowStockTitles(
    "Low stock", "Product", "Code", "On hand", "Reorder level", "Suggested order", "Unit"
)
STATEMENT_TITLES = StatementTitles(
    "Supplier statement",
    "Supplier",
    "Phone",
    "Tax ID",
    "Period",
    "Opening balance",
    "Closing balance",
    "Date",
    "Document",
    "Description",
    "Amount",
    "Balance",
)


def page_label(page: int, pages: int) -> str:
    return f"Page {page} of {pages}"


def items(count: int) -> list[LowStockItem]:
    names = ["Sugar 1 kg", "سكر ناعم ١ كغ", "बासमती चावल 1 किलो", "酱油 soy sauce 500ml"]
    return [
        LowStockItem(f"{names[n % 4]} #{n}", f"SKU-{n:04}", "2", "10", "18", "pcs")
        for n in range(count)
    ]


def test_low_stock_list(tmp_path: Path) -> None:
    path = tmp_path / "low.pdf"
    pages = write_low_stock_list(
        path,
        items(3),
        titles=TITLES,
        shop_name="Mama Njeri Shop",
        date_text="12 May 2025",
        page_label=page_label,
    )
    assert pages == 1
    (text,) = page_texts(path)
    for expected in (
        "Low stock",
        "Mama Njeri Shop",
        "12 May 2025",
        "Suggested",
        "SKU-0000",
        "Sugar 1 kg #0",
        "Page 1 of 1",
    ):
        assert expected in text
    assert PdfReader(path).metadata.title == "Low stock"  # type: ignore[union-attr]


def test_a_long_list_repeats_its_header_and_numbers_its_pages(tmp_path: Path) -> None:
    path = tmp_path / "low.pdf"
    pages = write_low_stock_list(
        path,
        items(90),
        titles=TITLES,
        shop_name="Mama Njeri Shop",
        date_text="12 May 2025",
        page_label=page_label,
    )
    texts = page_texts(path)
    assert pages == len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
        assert "Reorder" in text and "On hand" in text
    everything = "\n".join(texts)
    assert all(f"SKU-{n:04}" in everything for n in range(90))
    assert texts[1].count("Low stock") == 1  # a small running title, not the whole heading


def _x(path: Path, word: str) -> float:
    return next(d.x for d in drawn_texts(path) if d.text.strip() == word)


def test_right_to_left_mirrors_the_columns(tmp_path: Path) -> None:
    ltr, rtl = tmp_path / "ltr.pdf", tmp_path / "rtl.pdf"
    for path, mirrored in ((ltr, False), (rtl, True)):
        write_low_stock_list(
            path, items(2), titles=TITLES, shop_name="Shop", date_text="", right_to_left=mirrored
        )
    assert _x(ltr, "Product") < _x(ltr, "Code") < _x(ltr, "Unit")
    assert _x(rtl, "Product") > _x(rtl, "Code") > _x(rtl, "Unit")
    # Numbers keep to the end of their cells: the right in one, the left in the other.
    ltr_qty = [d.x for d in drawn_texts(ltr) if d.text.strip() == "18"]
    rtl_qty = [d.x for d in drawn_texts(rtl) if d.text.strip() == "18"]
    assert ltr_qty and rtl_qty
    assert _x(ltr, "Suggested") < ltr_qty[0]  # right-aligned under a left-starting title
    assert abs(rtl_qty[0] - _x(rtl, "Suggested")) < 0.5  # both start at the cell's left


def statement(entries: int) -> AccountStatement:
    return AccountStatement(
        shop_name="Mama Njeri Shop",
        party_name="Bidco Distributors Ltd",
        period="1–31 May 2025",
        opening_balance="KSh 5,000.00",
        closing_balance="KSh 7,500.00",
        entries=[
            StatementEntry(
                f"{n % 28 + 1:02}/05/2025",
                f"GRN-{n:03}",
                "Delivery: sugar, rice",
                "KSh 2,500.00",
                f"KSh {5000 + n:,}.00",
            )
            for n in range(entries)
        ],
        party_phone="+254 712 345 678",
        party_tax_id="P051234567X",
    )


def test_supplier_statement(tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    assert write_statement(path, statement(3), titles=STATEMENT_TITLES, page_label=page_label) == 1
    (text,) = page_texts(path)
    for expected in (
        "Supplier statement",
        "Bidco Distributors Ltd",
        "+254 712 345 678",
        "P051234567X",
        "1–31 May 2025",
        "Opening balance",
        "KSh 5,000.00",
        "GRN-002",
        "Closing balance",
        "KSh 7,500.00",
        "Page 1 of 1",
    ):
        assert expected in text
    assert text.index("Opening balance") < text.index("GRN-000") < text.index("Closing balance")


def test_a_long_statement_goes_over_pages(tmp_path: Path) -> None:
    path = tmp_path / "statement.pdf"
    pages = write_statement(
        path, statement(80), titles=STATEMENT_TITLES, page_label=page_label, right_to_left=True
    )
    texts = page_texts(path)
    assert pages == len(texts) >= 2
    assert "Closing balance" in texts[-1] and "Closing balance" not in texts[0]
    assert f"Page {pages} of {pages}" in texts[-1]


def test_the_table_writer_on_its_own(tmp_path: Path) -> None:
    path = tmp_path / "table.pdf"
    document = TableDocument(
        title="Stock count",
        columns=[ColumnSpec("Item", 2, max_lines=2), ColumnSpec("Counted", 1, align_end=True)],
        rows=[TableRow(["Sugar", "12"]), TableRow(["Total", "12"], bold=True)],
        subtitle_lines=["Store room"],
        footer_lines=["Counted by Zawadi"],
    )
    assert write_table_pdf(path, document) == 1
    (text,) = page_texts(path)
    assert "Counted by Zawadi" in text and "1 / 1" in text
    assert not (tmp_path / "table.pdf.part").exists()
