from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.barcodes import Barcode
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.moving_in.assemble import assemble
from duka.core.moving_in.products import match_fields
from duka.core.moving_in.reading import ReadRow, RecordReader
from duka.core.product_import import (
    Column,
    barcodes_text,
    decimal_mark,
    match_columns,
    parse_barcodes,
    parse_category,
    parse_number,
    resolve_tax,
)
from duka.core.products import Unit
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate

C = Column


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        # Duka's own export
        (
            ["name", "sku", "barcodes", "category", "unit", "price", "cost", "tax",
             "reorder_level", "stock", "active", "notes", "price_asked", "parent", "options"],
            list(Column),
        ),
        # Loyverse
        (
            ["Handle", "SKU", "Name", "Category", "Sold by weight", "Default price", "Cost",
             "Barcode", "In stock [Duka la Amina]", "Low stock [Duka la Amina]"],
            [None, C.SKU, C.NAME, C.CATEGORY, C.UNIT, C.PRICE, C.COST, C.BARCODES, C.STOCK,
             C.REORDER_LEVEL],
        ),
        # Shopify
        (
            ["Handle", "Title", "Variant SKU", "Variant Price", "Cost per item",
             "Variant Barcode", "Variant Inventory Qty", "Status"],
            [None, C.NAME, C.SKU, C.PRICE, C.COST, C.BARCODES, C.STOCK, C.ACTIVE],
        ),
        # Odoo
        (
            ["Name", "Internal Reference", "Barcode", "Product Category", "Sales Price", "Cost",
             "Quantity On Hand", "Unit of Measure", "Customer Taxes"],
            [C.NAME, C.SKU, C.BARCODES, C.CATEGORY, C.PRICE, C.COST, C.STOCK, C.UNIT, C.TAX],
        ),
        # by hand, in French, Arabic, Hindi and Swahili
        (["Désignation", "Code-barres", "Prix de vente", "Prix d’achat", "Qté"],
         [C.NAME, C.BARCODES, C.PRICE, C.COST, C.STOCK]),
        (["اسم المنتج", "الباركود", "السعر", "الكمية"], [C.NAME, C.BARCODES, C.PRICE, C.STOCK]),
        (["उत्पाद का नाम", "बारकोड", "मूल्य", "स्टॉक"], [C.NAME, C.BARCODES, C.PRICE, C.STOCK]),
        (["Jina la bidhaa", "Bei (KES)", "Idadi"], [C.NAME, C.PRICE, C.STOCK]),
        # a column named in two ways is matched once, an unknown one not at all
        (["Name", "Colour", "Product"], [C.NAME, None, None]),
    ],
)  # fmt: skip
def test_headers_are_recognised(headers: list[str], expected: list[Column | None]) -> None:
    assert match_columns(headers) == expected


def test_a_header_written_twice_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput, match="“Name”"):
        match_columns(["Name", "Colour", " name ", "", ""])


@pytest.mark.parametrize(
    ("samples", "default", "mark"),
    [
        (["58.99", "1,234.50", "12"], ",", "."),
        (["58,99", "1.234,50", "12"], ".", ","),
        (["1,234", "12"], ".", "."),  # nothing decides: the shop's own mark
        (["1,234", "12"], ",", ","),
        (["1.234.567"], ".", ","),  # points that repeat group thousands
        (["KSh 1,200.00"], ",", "."),
        (["٥٨٫٩٩", "12"], ",", ","),  # the Arabic decimal separator says nothing of the others
    ],
)
def test_the_decimal_mark_is_found_from_the_numbers(
    samples: list[str], default: str, mark: str
) -> None:
    assert decimal_mark(samples, default) == mark


@pytest.mark.parametrize(
    ("text", "mark", "value"),
    [
        ("58.99", ".", "58.99"),
        ("58,99", ",", "58.99"),
        ("1,234.5", ".", "1234.5"),
        ("1.234,5", ",", "1234.5"),
        ("1 234,50", ",", "1234.50"),
        ("12,34,567.25", ".", "1234567.25"),  # Indian grouping
        ("KES 1,200", ".", "1200"),
        ("-3", ".", "-3"),
        (".5", ".", "0.5"),
        ("٥٨٫٩٩", ".", "58.99"),
        ("५८.९९", ".", "58.99"),
        ("\u200f58.99", ".", "58.99"),
    ],
)
def test_numbers_are_read_with_the_files_mark(text: str, mark: str, value: str) -> None:
    assert parse_number(text, mark) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "mark"),
    [("58,99", "."), ("1,2", "."), ("12.5.3", "."), ("abc", "."), ("", "."), ("5-", ".")],
)
def test_a_comma_is_never_silently_dropped(text: str, mark: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_number(text, mark)
    assert "is not a number" in caught.value.message


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3))
def test_numbers_written_plainly_read_back_exactly(value: Decimal) -> None:
    text = format(value, "f")
    assert parse_number(text, ".") == value
    assert parse_number(text.replace(".", ","), ",") == value


def test_barcodes_categories_and_tax() -> None:
    codes = parse_barcodes("4006381333931 | 96385074=12, ABC-1")
    assert codes == (
        Barcode("4006381333931"),
        Barcode("96385074", Quantity.of(12)),
        Barcode("ABC-1"),
    )
    assert barcodes_text(codes) == "4006381333931 | 96385074=12 | ABC-1"
    assert parse_barcodes(" ٤٠٠٦٣٨١ 333931") == (Barcode("4006381333931"),)
    assert parse_category("Food > Staples") == ("Food", "Staples")
    assert parse_category("All / Saleable") == ("All", "Saleable")
    rates = (TaxRate("S", "VAT 16%", Decimal(16)), TaxRate("E", "Exempt", Decimal(0), True))
    assert [resolve_tax(t, rates) for t in ("S", "vat 16%", "16%", "16", "exempt")] == [
        "S", "S", "S", "S", "E",
    ]  # fmt: skip
    with pytest.raises(InvalidInput):
        resolve_tax("8%", rates)


def test_a_row_reports_each_bad_cell() -> None:
    headers = ["Name", "Price", "Unit", "Stock", "Active"]
    fields = match_fields(headers, None)
    reader = RecordReader(".", "KES", ())

    def read(number: int, cells: list[str]) -> ReadRow:
        (record,) = assemble([(number, cells)], headers, fields, None).records
        return reader.read(record)

    found = read(7, ["Sukari", "180.50", "kg", "2.5", "yes"])
    row = found.row
    assert found.problems == [] and row is not None
    assert (row.row, row.name, row.price, row.unit, row.stock, row.active) == (
        7, "Sukari", Money.of("180.50", "KES"), Unit.KILOGRAM, Quantity.of("2.5"), True,
    )  # fmt: skip
    assert row.cost is None and row.barcodes is None  # not in the file: left as it is
    found = read(8, ["", "-1", "bag", "1.2345", "maybe"])
    assert found.row.price is None and found.row.stock is None  # what it could not read
    assert [(p.row, p.column) for p in found.problems] == [
        (8, "Stock"), (8, "Price"), (8, "Unit"), (8, "Active"),
    ]  # fmt: skip
    found = read(9, ["Chai", "1.005"])
    assert [p.message for p in found.problems] == ["KES amounts have at most 2 decimals."]
