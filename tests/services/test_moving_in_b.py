"""Moving in from Odoo, Frappe Books, ERPNext, opensourcepos and uniCenta: each system's own
export (tests/fixtures/moving_in, columns as SOURCES_B.md documents them) comes in at the right
price, cost, codes, category, tax, unit, stock and status, and the report says what it could
not take and which columns it did not read (the contract: issue 17's SPEC)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from duka.core.barcodes import Barcode
from duka.core.money import Money
from duka.core.product_import import RowProblem
from duka.core.products import Product, ProductDraft, ProductQuery, Unit
from duka.core.quantity import Quantity
from duka.services.imports import ImportAction
from duka.services.product_exchange import ImportPreview
from duka.services.shop import Shop

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "moving_in"

# The codes the fixtures use: valid EAN-13s (616: Kenya) and the shops' own codes.
E1, E2, E3, E4, E5, E6 = (
    "6164000001017",
    "6164000001024",
    "6164000001031",
    "6164000001048",
    "6164000001055",
    "6164000001062",
)
E7, E8, E9, E10, E11 = (
    "6164000001079",
    "6164000001086",
    "6164000001093",
    "6164000001109",
    "6164000001116",
)
WRONG_CHECK = "6164000001018"  # an EAN-13 whose check digit should be 7: a shop's own code
SPREADSHEET_NUMBER = "spreadsheet turned this barcode into a number and lost digits"


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def code(text: str) -> Barcode:
    return Barcode(text)


def own(text: str) -> Barcode:
    """A code kept as the shop's own (GTIN-shaped, wrong check digit)."""
    return Barcode(text, own=True)


@pytest.fixture
def shop(shop_with_kenyan_rates: Shop) -> Shop:
    return shop_with_kenyan_rates


@dataclass(frozen=True)
class Want:
    """What one row of a fixture must become."""

    row: int
    name: str
    price: str
    cost: str
    barcodes: tuple[Barcode, ...] = ()
    sku: str | None = None
    category: tuple[str, ...] = ()
    tax: str | None = None
    unit: Unit = Unit.PIECE
    stock: str | None = None  # None: the file has no stock column
    active: bool = True
    reorder: str = "0"
    price_asked: bool = False

    def facts(self) -> tuple[object, ...]:
        return (
            self.name,
            kes(self.price),
            kes(self.cost),
            self.barcodes,
            self.sku,
            self.category,
            self.tax,
            self.unit,
            Quantity.of(self.reorder),
            self.price_asked,
        )


def facts(draft: ProductDraft) -> tuple[object, ...]:
    return (
        draft.name,
        draft.sell_price,
        draft.cost_price,
        draft.barcodes,
        draft.sku,
        draft.category,
        draft.tax_code,
        draft.unit,
        draft.reorder_level,
        draft.price_asked,
    )


def preview_of(shop: Shop, name: str) -> ImportPreview:
    return shop.exchange.preview(FIXTURES / name)


def report(found: list[RowProblem]) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in found]


def said(found: list[RowProblem], row: int, column: str, *fragments: str) -> bool:
    return any(
        p.row == row and p.column == column and all(f in p.message for f in fragments)
        for p in found
    )


def check_planned(preview: ImportPreview, wants: list[Want]) -> None:
    assert [p.row for p in preview.planned] == [w.row for w in wants]
    for want, planned in zip(wants, preview.planned, strict=True):
        assert facts(planned.draft) == want.facts(), f"row {want.row}"
        assert planned.action is ImportAction.NEW
        assert planned.active is want.active, f"row {want.row}"
        stock = None if want.stock is None else Quantity.of(want.stock)
        assert planned.stock == stock, f"row {want.row}"


def stored(shop: Shop) -> dict[str, Product]:
    """Every product of the shop, archived ones too, by name."""
    ids = [
        *shop.products.listing(ProductQuery()).all_ids(),
        *shop.products.listing(ProductQuery(archived=True)).all_ids(),
    ]
    return {p.name: p for p in map(shop.products.get, ids)}


def check_stored(shop: Shop, wants: list[Want]) -> None:
    products = stored(shop)
    assert sorted(products) == sorted(w.name for w in wants)
    for want in wants:
        product = products[want.name]
        assert facts(product.draft) == want.facts(), want.name
        assert product.active is want.active, want.name
        assert product.stock == Quantity.of(want.stock or "0"), want.name


def check_columns(preview: ImportPreview, read: set[str], not_read: set[str]) -> None:
    unused = set(preview.unused)
    assert unused <= set(preview.headers)
    assert not_read <= unused
    assert not read & unused


def apply_valid(shop: Shop, preview: ImportPreview, wants: list[Want]) -> None:
    result = shop.exchange.apply(preview, skip_invalid=bool(preview.problems))
    assert (result.added, result.updated, result.skipped) == (
        len(wants),
        0,
        preview.invalid_rows,
    )


# -- Odoo ----------------------------------------------------------------------------------


def test_odoo_export_with_english_labels(shop: Shop) -> None:
    preview = preview_of(shop, "odoo_products_en.csv")
    assert preview.system == "Odoo"
    drinks, food = ("All", "Saleable", "Drinks"), ("All", "Saleable", "Food")
    wants = [
        Want(2, "Tusker Lager 500ml", "250", "180", (code(E1),), "DRK-001", drinks, "S",
             stock="48"),
        Want(3, "Farine de blé T55 2 kg", "320", "265.50", (code(E2),), "FLR-002", food, "Z",
             stock="12"),
        Want(4, "Hackfleisch vom Rind", "950", "720", (own(WRONG_CHECK),), "MEAT-KG",
             ("All", "Saleable", "Butchery"), "S", Unit.KILOGRAM, "7.5"),
        Want(5, "زيت زيتون بكر", "1450", "1100", (code(E3),), "OIL-AR", food, "S", Unit.LITRE,
             "6"),
        Want(7, "தேங்காய் எண்ணெய்", "380", "300", (code(E5),), "OIL-TA", food, "S",
             Unit.LITRE, "-3", active=False),
        Want(8, "绿茶 Green tea 100g", "450", "310", (code(E6),), "TEA-ZH", drinks, "S",
             stock="20"),
    ]  # fmt: skip
    check_planned(preview, wants)
    # 15% is a rate the shop does not have: said on the tax column, the row is not taken
    assert report(preview.problems) == [(6, "Customer Taxes")]
    assert "15" in preview.problems[0].message
    assert said(preview.notices, 4, "Barcode", WRONG_CHECK)
    check_columns(
        preview,
        read={"Name", "Internal Reference", "Barcode", "Sales Price", "Cost",
              "Product Category", "Unit of Measure", "Customer Taxes", "Quantity On Hand",
              "Active"},
        not_read={"Product Type", "Can be Sold"},
    )  # fmt: skip
    apply_valid(shop, preview, wants)
    check_stored(shop, wants)
    # the shop's own code scans
    found = shop.products.by_barcode(WRONG_CHECK)
    assert found is not None and found[0].name == "Hackfleisch vom Rind"


def test_odoo_export_with_german_labels(shop: Shop) -> None:
    preview = preview_of(shop, "odoo_products_de.csv")
    assert preview.system == "Odoo"
    assert preview.decimal_mark == "."  # Odoo writes its numbers with a point in every language
    drinks = ("All", "Saleable", "Getränke")
    wants = [
        Want(2, "Apfelsaft naturtrüb 1 l", "180", "120", (code(E7),), "SAFT-01", drinks, "S",
             stock="36"),
        Want(3, "Bergkäse am Stück", "2400", "1850", (code(E8),), "KAESE-KG",
             ("All", "Saleable", "Käse"), "S", Unit.KILOGRAM, "3.25"),
        Want(4, "Brezel", "60", "25", (), "BACK-07", ("All", "Saleable", "Backwaren"), "Z",
             stock="-4"),
        Want(5, "Weißwein Riesling, 0,75 l", "1650", "1200", (code(E9),), "WEIN-12", drinks,
             "S", stock="11", active=False),
        Want(7, "Olivenöl زيت الزيتون", "1390", "1010", (code(E11),), "OEL-01",
             ("All", "Saleable", "Lebensmittel"), "S", Unit.LITRE, "8"),
    ]  # fmt: skip
    check_planned(preview, wants)
    assert report(preview.problems) == [(6, "Kundensteuern")]
    assert "8" in preview.problems[0].message
    check_columns(
        preview,
        read={"Name", "Interne Referenz", "Barcode", "Verkaufspreis", "Kosten",
              "Produktkategorie", "Maßeinheit", "Kundensteuern", "Verfügbare Menge", "Aktiv"},
        not_read={"Produktart", "Kann verkauft werden"},
    )  # fmt: skip
    apply_valid(shop, preview, wants)
    check_stored(shop, wants)


def test_odoo_all_fields_export_takes_the_sales_price_never_the_computed_price(
    shop: Shop,
) -> None:
    preview = preview_of(shop, "odoo_export_all_fields.csv")
    assert preview.system == "Odoo"
    spices = ("All", "Saleable", "Spices")
    wants = [
        Want(2, "Stoney Tangawizi 300ml", "130", "95", (code(E1),), "SODA-300",
             ("All", "Saleable", "Drinks"), "S", stock="120"),
        Want(4, "Savon de Marseille 300 g", "210", "140", (code(E2),), "SAV-300",
             ("All", "Saleable", "Household"), "S", stock="25"),
        Want(5, "تمر مجدول", "780", "610", (code(E3),), "DATE-1KG", ("All", "Saleable", "Food"),
             "Z", Unit.KILOGRAM, "9.5"),
        Want(8, "हल्दी पाउडर 200g", "120", "88", (code(E4),), "HALDI-200", spices, "S",
             stock="-2"),
        Want(9, "சாம்பார் பொடி", "199", "150", (code(E5),), "SAMB-100", spices, "S",
             stock="0", active=False),
        Want(10, "酱油 500ml", "320", "230", (code(E6),), "SOY-500", ("All", "Saleable", "Food"),
             "S", stock="14"),
        Want(11, "Schwarzbrot", "55", "35", (), "BROT-01", ("All", "Saleable", "Bakery"), "S",
             stock="6"),
    ]  # fmt: skip
    # the computed Price (0.0 on every row) is never the price, and nothing is said about it:
    # every row has its Sales Price; the vendors' prices are not the cost
    check_planned(preview, wants)
    assert all(p.draft.sell_price.minor > 0 for p in preview.planned)
    assert not [n for n in preview.notices if n.column == "Price"]
    # continuation rows (a product's 2nd and 3rd vendors) belong to the row above: no product,
    # no problem, no notice
    assert preview.problems == []
    continuation = {3, 6, 7}
    assert not continuation & {p.row for p in [*preview.problems, *preview.notices]}
    check_columns(
        preview,
        read={"Active", "Barcode", "Cost", "Customer Taxes", "Internal Reference", "Name",
              "Product Category", "Quantity On Hand", "Sales Price", "Unit of Measure"},
        not_read={"Can be Purchased", "Can be Sold", "Created on", "Product Type",
                  "Vendor Taxes", "Vendors/Vendor", "Vendors/Price", "Weight"},
    )  # fmt: skip
    apply_valid(shop, preview, wants)
    check_stored(shop, wants)
    assert shop.products.count() == 7


def test_odoo_technical_names(shop: Shop) -> None:
    preview = preview_of(shop, "odoo_products_technical.csv")
    assert preview.system == "Odoo"
    food = ("All", "Saleable", "Food")
    wants = [
        Want(2, "Sukari ya Mtibwa 1kg", "175", "150", (code(E1),), "SUG-1KG", food, "S",
             stock="60"),
        Want(3, "Nyama ya nguruwe (kg)", "780", "590", (own("25250001"),), "PORK-KG",
             ("All", "Saleable", "Butchery"), "S", Unit.KILOGRAM, "12.5"),
        Want(4, "Confiture d'abricot 370 g", "460", "330", (code(E2),), "CONF-370", food, "S",
             stock="-1"),
        Want(5, "حليب طازج 1 لتر", "130", "95", (code(E3),), "MILK-1L",
             ("All", "Saleable", "Dairy"), "E", Unit.LITRE, "30"),
        Want(6, "गेहूं का आटा", "240", "190", (code(E4),), "ATTA-2KG", food, "Z", stock="18",
             active=False),
        Want(7, "ரவா தோசை மாவு", "175", "120", (code(E5),), "DOSA-1KG", food, "S",
             Unit.KILOGRAM, "4.2"),
        Want(8, "米粉 Rice noodles", "210", "150", (code(E6),), "NOOD-400", food, "S",
             stock="25"),
    ]  # fmt: skip
    check_planned(preview, wants)
    # before, each row was refused naming a "Price" column this file does not have
    assert preview.problems == []
    # 25250001: the butcher's label code (its check digit should be 8), kept and said
    assert said(preview.notices, 3, "barcode", "25250001")
    check_columns(
        preview,
        read={"name", "default_code", "barcode", "list_price", "standard_price", "categ_id",
              "uom_id", "taxes_id", "qty_available", "active"},
        not_read={"id", "categ_id/id", "type", "sale_ok"},
    )  # fmt: skip
    apply_valid(shop, preview, wants)
    check_stored(shop, wants)


# -- Frappe Books and ERPNext --------------------------------------------------------------


def test_frappe_books_items_with_the_field_key_row(shop: Shop) -> None:
    preview = preview_of(shop, "frappe_books_items.csv")
    assert preview.system == "Frappe Books"
    wants = [
        Want(3, "Chai Masala 100g", "185", "0", (code(E1),), "CHAI-100", ("Beverages",), "S"),
        Want(4, "Café moulu 250 g", "640", "0", (code(E2),), "CAFE-250", ("Beverages",), "S"),
        Want(5, "عدس أحمر", "230", "0", (own(WRONG_CHECK),), "LENT-KG", ("Grains",), "E",
             Unit.KILOGRAM),
        Want(7, "நல்லெண்ணெய்", "520", "0", (code(E5),), "GING-1L", ("Oils",), "S", Unit.LITRE),
        Want(8, "Delivery within Nairobi", "300", "0", (), "DELIV", ("Services",), "S"),
        Want(9, "花生油 1L", "410", "0", (code(E6),), "PNUT-1L", ("Oils",), "S", Unit.LITRE),
    ]  # fmt: skip
    # row 2 holds the field keys (Item.name, Item.rate...): not data, not a problem
    check_planned(preview, wants)
    assert report(preview.problems) == [(6, "Tax")]  # GST-18: no such rate in the shop
    assert 2 not in {p.row for p in [*preview.problems, *preview.notices]}
    assert not [p for p in preview.planned if p.draft.name.startswith("Item.")]
    assert said(preview.notices, 5, "Barcode", WRONG_CHECK)
    check_columns(
        preview,
        read={"Item Name", "Item Code", "Item Group", "Unit Type", "Rate", "Tax", "Barcode"},
        # UOM is a row of the item's unit conversions, not the item's own unit
        not_read={"Purpose", "Type", "Sales Acc.", "Purchase Acc.", "HSN/SAC",
                  "Track Inventory", "UOM", "Conversion Factor"},
    )  # fmt: skip
    apply_valid(shop, preview, wants)
    check_stored(shop, wants)


def test_erpnext_items_with_a_second_barcode_on_a_child_row(shop: Shop) -> None:
    preview = preview_of(shop, "erpnext_items.csv")
    assert preview.system == "ERPNext"
    wants = [
        # the second barcode comes on row 3, a Barcodes child row with every Item cell empty
        Want(2, "Maziwa Lala 500ml", "60", "48", (code(E1), code(E2)), "MILK-500", ("Dairy",),
             stock="24"),
        Want(4, "Riz parfumé 5 kg", "850", "720", (code(E3),), "RICE-5KG", ("Grains",),
             stock="10"),
        Want(5, "سمن بلدي", "1150", "900", (), "GHEE-KG", ("Dairy",), unit=Unit.KILOGRAM,
             stock="6.5"),
        Want(6, "तूर दाल", "180", "140", (own(WRONG_CHECK),), "TOOR-KG", ("Grains",),
             unit=Unit.KILOGRAM, stock="30", active=False),
        Want(7, "முறுக்கு 200g", "95", "65", (code(E5),), "MURUKKU", ("Snacks",), stock="40"),
        Want(8, "乌龙茶 250g", "520", "380", (code(E6),), "OOLONG-250", ("Beverages",),
             stock="15"),
    ]  # fmt: skip
    check_planned(preview, wants)
    assert preview.problems == []
    assert 3 not in {p.row for p in preview.notices}
    assert said(preview.notices, 6, "Barcode (Barcodes)", WRONG_CHECK)
    check_columns(
        preview,
        read={"Item Code", "Item Name", "Item Group", "Default Unit of Measure",
              "Opening Stock", "Valuation Rate", "Standard Selling Rate", "Disabled",
              "Barcode (Barcodes)"},
        not_read={"Maintain Stock", "ID (Barcodes)", "Barcode Type (Barcodes)"},
    )  # fmt: skip
    apply_valid(shop, preview, wants)
    check_stored(shop, wants)
    for scanned in (E1, E2):
        found = shop.products.by_barcode(scanned)
        assert found is not None and found[0].name == "Maziwa Lala 500ml"


# -- opensourcepos and uniCenta ------------------------------------------------------------


def test_opensourcepos_items_from_its_import_template(shop: Shop) -> None:
    preview = preview_of(shop, "opensourcepos_items.csv")
    assert preview.system == "opensourcepos"
    wants = [
        # 33333333: the template's own example code (its check digit should be 5)
        Want(2, "Kalamu ya wino (blue)", "20", "8", (own("33333333"),), None, ("Stationery",),
             "S", stock="100", reorder="10"),
        Want(3, "Cahier 96 pages", "70", "45", (code(E1),), None, ("Stationery",), "S",
             stock="36", reorder="5"),
        Want(4, "Schulranzen Kinder", "2200", "1450", (code(E2),), None, ("Bags",), "S",
             stock="-5", reorder="2"),
        Want(5, "قلم رصاص HB", "15", "6.50", (code(E3),), None, ("Stationery",), "Z",
             stock="240", reorder="20"),
        Want(8, "毛笔 Brush pen", "180", "110", (code(E6),), None, ("Art",), None, stock="7"),
    ]  # fmt: skip
    check_planned(preview, wants)
    assert report(preview.problems) == [(6, "Tax 1 Percent"), (7, "Barcode")]
    assert "14" in preview.problems[0].message
    assert SPREADSHEET_NUMBER in preview.problems[1].message
    assert said(preview.notices, 2, "Barcode", "33333333")
    check_columns(
        preview,
        read={"Barcode", "Item Name", "Category", "Cost Price", "Unit Price", "Tax 1 Percent",
              "Reorder Level", "location_stock"},
        not_read={"Id", "Supplier ID", "Allow Alt Description", "Item has Serial Number",
                  "Image", "HSN"},
    )  # fmt: skip
    apply_valid(shop, preview, wants)
    check_stored(shop, wants)


def test_unicenta_products_with_a_price_asked_at_the_sale(shop: Shop) -> None:
    preview = preview_of(shop, "unicenta_products.csv")
    assert preview.system == "uniCenta"
    wants = [
        Want(2, "Mkate wa boflo 400g", "60", "48", (code(E1),), "UC-001", ("Bakery",), "S",
             stock="30"),
        # 25407803504: a UPC-A whose leading zero a spreadsheet dropped, restored
        Want(3, "Croissant au beurre", "55", "35", (code("025407803504"),), "UC-002",
             ("Bakery",), "S", stock="12"),
        Want(4, "Nyama ya mbuzi (kg)", "850", "640", (own("2700000012340"),), "UC-003",
             ("Butchery",), "S", stock="9"),
        Want(5, "خبز عربي", "30", "20", (), "UC-004", ("Bakery",), "E", stock="50"),
        Want(6, "मसाला चाय (cup)", "0", "0", (), "UC-005", ("Drinks",), "S", stock="0",
             price_asked=True),
        Want(8, "饺子 Dumplings 500g", "380", "250", (code(E6),), "UC-007", ("Frozen",), "S",
             stock="-2"),
    ]  # fmt: skip
    check_planned(preview, wants)
    assert report(preview.problems) == [(7, "Tax Category")]  # VAT 8%: no such rate
    assert said(preview.notices, 3, "Barcode", "025407803504")
    assert said(preview.notices, 4, "Barcode", "2700000012340")
    assert preview.unused == []
    apply_valid(shop, preview, wants)
    check_stored(shop, wants)
    chai = stored(shop)["मसाला चाय (cup)"]
    assert chai.draft.price_asked is True
