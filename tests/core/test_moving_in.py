"""Recognising other systems' files and putting their rows together, without a shop."""

from decimal import Decimal

import pytest

from duka.core.money import Money
from duka.core.moving_in.assemble import assemble
from duka.core.moving_in.layout import header_key, is_key_row, recognise
from duka.core.moving_in.products import ERPNEXT, FRAPPE_BOOKS, LAYOUTS, Field, match_fields
from duka.core.moving_in.reading import ReadRow, RecordReader
from duka.core.tax import TaxRate

RATES = (
    TaxRate("S", "VAT 16%", Decimal(16)),
    TaxRate("Z", "VAT 0%", Decimal(0)),
    TaxRate("E", "Exempt", Decimal(0), True),
)


def read(headers: list[str], *rows: list[str]) -> list[ReadRow]:
    layout = recognise(headers, LAYOUTS)
    fields = match_fields(headers, layout)
    numbered = [(number, cells) for number, cells in enumerate(rows, start=2)]
    reader = RecordReader(".", "KES", RATES)
    return [reader.read(r) for r in assemble(numbered, headers, fields, layout).records]


@pytest.mark.parametrize(
    ("headers", "system"),
    [
        (["Handle", "Title", "Variant SKU", "Variant Price", "Body (HTML)"], "Shopify"),
        (["ID", "Type", "SKU", "Name", "Sale price", "Regular price", "Parent"], "WooCommerce"),
        (["Handle", "SKU", "Name", "Default price", "Sold by weight"], "Loyverse"),
        # Frappe Books' and ERPNext's items share "Item Name" and "Item Code": the longer
        # signature that the file holds decides
        (["Item Name", "Item Code", "Item Group", "Unit Type", "Rate"], "Frappe Books"),
        (["Item Code", "Item Name", "Item Group", "Standard Selling Rate"], "ERPNext"),
        (["name", "default_code", "list_price", "standard_price", "categ_id"], "Odoo"),
        (["Name", "Price", "Stock"], None),  # a hand-made sheet
    ],
)
def test_a_file_is_recognised_by_its_headers(headers: list[str], system: str | None) -> None:
    found = recognise(headers, LAYOUTS)
    assert (found.system if found else None) == system


def test_a_header_with_brackets_is_known_whole_before_its_brackets_are_dropped() -> None:
    assert header_key("In stock [Duka la Amina]") == "in stock"
    assert header_key("ID (Barcodes)", strip_suffix=False) == "id barcodes"
    assert ERPNEXT.field_of("ID (Barcodes)") is None  # a child row's id, not the item's
    assert ERPNEXT.field_of("ID") is Field.ROW_ID
    assert ERPNEXT.field_of("Barcode (Barcodes)") is Field.BARCODE


def test_frappe_books_field_key_row_is_told_from_data() -> None:
    assert is_key_row(["Item.name", "", "UOMConversionItem.uom"], FRAPPE_BOOKS)
    assert not is_key_row(["Chai", "Item.name"], FRAPPE_BOOKS)
    assert not is_key_row(["Item.name"], ERPNEXT)  # only where the layout has such a row


def test_a_sheets_sale_price_is_the_price_only_where_there_is_no_price() -> None:
    both, only_sale = read(
        ["Name", "Price", "Sale price"], ["Chai", "120", "99"], ["Kahawa", "", "80"]
    )
    assert both.row.price == Money.of("120", "KES") and both.notices == []
    assert only_sale.row.price == Money.of("80", "KES")
    assert [n.column for n in only_sale.notices] == ["Sale price"]


def test_every_problem_of_a_row_is_said_with_its_own_column() -> None:
    (row,) = read(
        ["Name", "Price", "Barcode", "Unit", "Tax"], ["Chai", "-5", "6.16E+12", "bag", "8%"]
    )
    assert [p.column for p in row.problems] == ["Price", "Barcode", "Unit", "Tax"]


def test_percent_tax_columns_and_taxable_flags_map_to_the_shops_rates() -> None:
    headers = ["Handle", "Name", "Default price", 'Tax - "VAT" (16%)', 'Tax - "Levy" (2%)']
    taxed, untaxed, unknown, twice = read(
        headers,
        ["a", "A", "10", "Y", "N"],
        ["b", "B", "10", "N", "N"],
        ["c", "C", "10", "N", "Y"],
        ["d", "D", "10", "Y", "Y"],
    )
    assert taxed.row.tax_code == "S"
    assert untaxed.row.tax_code == ""  # the file says: no tax
    assert [p.column for p in unknown.problems] == ['Tax - "Levy" (2%)']
    assert "2%" in unknown.problems[0].message
    assert [p.column for p in twice.problems] == ['Tax - "Levy" (2%)']


def test_a_variation_whose_parent_is_missing_keeps_its_own_fields_and_says_so() -> None:
    (row,) = read(
        ["ID", "Type", "SKU", "Name", "Regular price", "Parent"],
        ["7", "variation", "V1", "Hoodie - Red", "45", "id:99"],
    )
    assert row.row.name == "Hoodie - Red" and row.row.price == Money.of("45", "KES")
    assert [n.column for n in row.notices] == ["Parent"]
