"""Recognising other systems' files and putting their rows together, without a shop."""

from decimal import Decimal
from pathlib import Path

import pytest

from duka.core.money import Money
from duka.core.moving_in.assemble import assemble
from duka.core.moving_in.layout import header_key, is_key_row, recognise
from duka.core.moving_in.products import ERPNEXT, FRAPPE_BOOKS, LAYOUTS, Field, match_fields
from duka.core.moving_in.reading import ReadRow, RecordReader
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate
from duka.documents.tables import read_table

FIXTURES = Path(__file__).parents[1] / "fixtures" / "moving_in"

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


def test_no_column_of_a_systems_export_is_read_by_guesswork() -> None:
    """A header a system's layout does not declare is matched by the names people give
    Duka's columns (a hand-made sheet can look like an export); in the systems' own files
    every column that is read is declared, so "Enabled [Store]" is never taken for Active."""
    for path in sorted(FIXTURES.glob("*.csv")):
        table = read_table(path)
        layout = recognise(table.headers, LAYOUTS)
        assert layout is not None, path.name
        fields = match_fields(table.headers, layout)
        guessed = [
            h for h, f in zip(table.headers, fields, strict=True) if f and not layout.knows(h)
        ]
        assert guessed == [], path.name


def test_a_hand_made_sheet_like_an_export_keeps_the_columns_the_export_lacks() -> None:
    headers = ["Item Code", "Item Name", "Item Group", "Selling Price", "Buying Price", "Quantity"]
    assert recognise(headers, LAYOUTS) is ERPNEXT
    fields = match_fields(headers, ERPNEXT)
    assert fields[3:] == (Field.PRICE, Field.COST, Field.STOCK)


def test_of_two_stores_columns_the_first_stores_are_read() -> None:
    headers = ["Handle", "Name", "Default price", "In stock [Shop 1]", "In stock [Shop 2]"]
    first, second = read(headers, ["a", "A", "10", "", "8"], ["b", "B", "10", "3", "9"])
    assert first.row.stock is None and second.row.stock == Quantity.of(3)


def test_a_cell_naming_several_taxes_is_a_problem_unless_they_are_one_rate() -> None:
    headers = ["Name", "Internal Reference", "Sales Price", "Customer Taxes"]
    two, one, decimal_comma = read(
        headers,
        ["Beer", "B1", "200", "VAT 16%,Excise 20%"],
        ["Juice", "J1", "80", "VAT 16%"],
        ["Milk", "M1", "60", "16,0%"],
    )
    assert [p.column for p in two.problems] == ["Customer Taxes"]
    assert one.row.tax_code == "S" and decimal_comma.row.tax_code == "S"


def test_a_reduced_woocommerce_rate_the_shop_lacks_is_a_problem_on_the_tax_class() -> None:
    headers = ["ID", "Type", "SKU", "Name", "Tax status", "Tax class", "Regular price", "Parent"]
    reduced, standard = read(
        headers,
        ["1", "simple", "A", "Milk", "taxable", "reduced-rate", "60", ""],
        ["2", "simple", "B", "Soap", "taxable", "", "60", ""],
    )
    assert [p.column for p in reduced.problems] == ["Tax class"]
    assert standard.row.tax_code == "S"


def test_a_variant_row_without_a_price_takes_none_from_its_siblings() -> None:
    headers = ["Handle", "Title", "Option1 Value", "Variant SKU", "Variant Price", "Type"]
    first, bare = read(
        headers, ["tee", "Tee", "S", "T1", "1200", "Shirts"], ["tee", "", "M", "T2", "", ""]
    )
    assert first.row.price == Money.of("1200", "KES")
    assert bare.row.price is None and bare.row.category == ("Shirts",)
    assert bare.row.name == "Tee (M)"


def test_an_odoo_row_with_fields_of_its_own_is_a_product_not_a_continuation() -> None:
    headers = ["Name", "Internal Reference", "Barcode", "Sales Price", "Customer Taxes"]
    rows = read(
        headers,
        ["Bread", "BR", "", "55", "VAT 16%"],
        ["", "", "", "", "VAT 0%"],  # a second tax of Bread's: a continuation
        ["", "", "6164000001024", "140", ""],  # a product without a name
    )
    assert [r.row.row for r in rows] == [2, 4]
    assert [p.column for p in rows[0].problems] == ["Customer Taxes"]  # two rates
    assert rows[1].row.price == Money.of("140", "KES") and rows[1].row.name is None


def test_odoo_variants_are_named_by_their_values() -> None:
    headers = ["Name", "Internal Reference", "Sales Price", "Variant Values"]
    red, blue = read(
        headers,
        ["T-Shirt", "T-R", "800", "Color: Red, Size: M"],
        ["T-Shirt", "T-B", "800", "Color: Blue"],
    )
    assert (red.row.name, blue.row.name) == ("T-Shirt (Red, M)", "T-Shirt (Blue)")


def test_a_price_asked_flag_says_yes_and_no_and_a_number_where_variable_was_is_fixed() -> None:
    (no,) = read(["name", "price", "price_asked"], ["Repair", "500", "no"])
    assert no.row.price_asked is False
    reader = RecordReader(".", "KES", RATES, asked_by_word=True)
    headers = ["Handle", "Name", "Default price"]
    fields = match_fields(headers, recognise(headers, LAYOUTS))
    (record,) = assemble([(2, ["a", "Fish", "350"])], headers, fields, None).records
    assert reader.read(record).row.price_asked is False


def test_an_11_digit_code_the_shop_has_is_kept_as_it_is() -> None:
    headers = ["name", "price", "barcodes"]
    fields = match_fields(headers, None)
    (record,) = assemble([(2, ["Pen", "20", "25407803504"])], headers, fields, None).records
    restored = RecordReader(".", "KES", RATES).read(record)
    kept = RecordReader(".", "KES", RATES, known_codes=frozenset({"25407803504"})).read(record)
    assert [b.code for b in restored.row.barcodes or ()] == ["025407803504"]
    assert [b.code for b in kept.row.barcodes or ()] == ["25407803504"] and kept.notices == []
