"""Moving in: product files exported by Loyverse, Square, Shopify, WooCommerce and Vend, and
Duka's own export after a spreadsheet saved it, each imported at the right price.

The fixtures in tests/fixtures/moving_in are written from each system's documented columns
(tests/fixtures/moving_in/SOURCES.md). Every product of a file is compared whole: price, cost,
codes (and whether each is the shop's own), SKU, category, tax, unit, stock, reorder level,
active and price asked, in the preview and again as the shop stores it after the import.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import ProductDraft, ProductQuery, Unit
from duka.core.quantity import Quantity
from duka.services.product_exchange import ImportAction
from duka.services.shop import Shop

FILES = Path(__file__).resolve().parents[1] / "fixtures" / "moving_in"
SCIENTIFIC = "spreadsheet turned this barcode into a number and lost digits"
TEE = ("Apparel & Accessories", "Clothing", "Shirts & Tops")

Facts = tuple[object, ...]


@pytest.fixture
def shop(shop_with_kenyan_rates: Shop) -> Shop:
    return shop_with_kenyan_rates


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def want(
    price: str,
    cost: str = "0",
    *,
    codes: Sequence[str] = (),
    own: Sequence[str] = (),
    sku: str | None = None,
    category: tuple[str, ...] = (),
    tax: str | None = None,
    unit: Unit = Unit.PIECE,
    stock: str | None = None,
    reorder: str = "0",
    active: bool = True,
    asked: bool = False,
) -> Facts:
    """What a product should be; a pack's code is written "code=12"."""
    barcodes = [
        (c.partition("=")[0], Quantity.of(c.partition("=")[2] or "1"), False) for c in codes
    ]
    barcodes += [(c, Quantity.of(1), True) for c in own]
    count = None if stock is None else Quantity.of(stock)
    return (kes(price), kes(cost), tuple(barcodes), sku, category, tax, unit, count,
            Quantity.of(reorder), active, asked)  # fmt: skip


def facts(draft: ProductDraft, active: bool, stock: Quantity | None) -> Facts:
    barcodes = tuple((b.code, b.quantity, b.own) for b in draft.barcodes)
    return (draft.sell_price, draft.cost_price, barcodes, draft.sku, draft.category,
            draft.tax_code, draft.unit, stock, draft.reorder_level, active,
            draft.price_asked)  # fmt: skip


def planned(preview: Any) -> dict[str, Facts]:
    rows = preview.planned
    found = {p.draft.name: facts(p.draft, p.active, p.stock) for p in rows}
    assert len(found) == len(rows), "two planned products have the same name"
    assert all(p.action is ImportAction.NEW for p in rows)
    return found


def stored(shop: Shop) -> dict[str, Facts]:
    ids = [
        *shop.products.listing(ProductQuery()).all_ids(),
        *shop.products.listing(ProductQuery(archived=True)).all_ids(),
    ]
    products = [shop.products.get(i) for i in ids]
    return {p.name: facts(p.draft, p.active, p.stock) for p in products}


def as_stored(expected: dict[str, Facts]) -> dict[str, Facts]:
    """A product whose row gave no stock count opens with none."""
    return {
        name: (*f[:7], Quantity(0) if f[7] is None else f[7], *f[8:])
        for name, f in expected.items()
    }


def where(problems: Sequence[Any]) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in problems]


def message(problems: Sequence[Any], row: int, column: str) -> str:
    return str(next(p.message for p in problems if (p.row, p.column) == (row, column)))


def scanned(shop: Shop, code: str) -> str | None:
    found = shop.products.by_barcode(code)
    return None if found is None else found[0].name


def imported(shop: Shop, name: str, expected: dict[str, Facts]) -> Any:
    """Preview `name`, check what it plans, apply it and check what the shop then holds."""
    preview = shop.exchange.preview(FILES / name)
    assert planned(preview) == expected
    shop.exchange.apply(preview, skip_invalid=True)
    assert stored(shop) == as_stored(expected)
    return preview


# -- Loyverse ---------------------------------------------------------------------------

LOYVERSE = {
    "Sukari 1kg": want("180", "150", codes=["6164000000010"], sku="10001",
                       category=("Vyakula",), tax="S", stock="48", reorder="10"),
    "Mchele wa Pishori": want("220", "175.50", sku="10002", category=("Vyakula",),
                              unit=Unit.KILOGRAM, stock="35.5", reorder="5"),
    "شاي أحمر": want("120", "90", codes=["6164000000027"], sku="10003",
                     category=("مشروبات",), tax="S", stock="20", reorder="4"),
    # row 5, बासमती चावल, has Y for 8%: the shop has no 8% rate
    "น้ำปลา": want("0", "60", sku="10005", category=("ซอส",), tax="S", stock="12",
                   asked=True),
    "Nyama ya nguruwe": want("0", "420", own=["25250001"], sku="10006",
                             category=("Butchery",), unit=Unit.KILOGRAM, stock="14.25",
                             asked=True),
    # three rows with the handle "kanga": the later ones leave category, unit and tax empty
    "Kanga (Nyekundu, Kubwa)": want("650", "400", codes=["6164000000034"], sku="10007",
                                    category=("Nguo",), tax="S", stock="5", reorder="2"),
    "Kanga (Bluu, Kubwa)": want("650", "400", sku="10008", category=("Nguo",), tax="S",
                                stock="3", reorder="2"),
    "Kanga (Bluu, Ndogo)": want("550", "330", sku="10009", category=("Nguo",), tax="S",
                                stock="0", reorder="1"),
    "茉莉花茶": want("350", "240", codes=["61640009"], sku="10010", category=("Chai",),
                     stock="7", reorder="2"),
    "Maandazi 🍩": want("20", "8", sku="10011", category=("Bakery",)),
    "Sabuni ya Jamaa": want("95", "70", codes=["6164000000041"], sku="10012",
                            category=("Usafi",), tax="S", stock="-3", reorder="6"),
}  # fmt: skip


def test_a_loyverse_export_with_variable_prices_variants_and_tax_columns(shop: Shop) -> None:
    preview = imported(shop, "loyverse_items.csv", LOYVERSE)
    assert preview.system == "Loyverse"
    tax_8 = 'Tax - "VAT" (8%)'
    assert where(preview.problems) == [(5, tax_8)]
    assert "8" in message(preview.problems, 5, tax_8)
    assert (7, "Barcode") in where(preview.notices)
    assert "25250001" in message(preview.notices, 7, "Barcode")
    assert {"SKU of included item", "Quantity of included item"} <= set(preview.unused)
    assert shop.products.search("बासमती") == []  # the row with a problem was skipped
    assert scanned(shop, "25250001") == "Nyama ya nguruwe"  # the own code scans


# -- Square -----------------------------------------------------------------------------

SQUARE = {
    "Chai Masala": want("150", "95", codes=["012345678905"], sku="CH-01",
                        category=("Vinywaji",), tax="S", stock="30", reorder="5"),
    "Kikombe cha Udongo (Nyekundu, Kubwa)": want("450", "260", codes=["6164000000058"],
                                                 sku="KU-NK", category=("Vyombo",), tax="S",
                                                 stock="6", reorder="2"),
    "Kikombe cha Udongo (Kijani, Ndogo)": want("380", "210", sku="KU-KN",
                                               category=("Vyombo",), tax="S", stock="4",
                                               reorder="2"),
    "Juisi ya Embe (500 ml)": want("120", "70", sku="JE-500", category=("Vinywaji",),
                                   tax="S", stock="24"),
    "Juisi ya Embe (1 L)": want("220", "130", sku="JE-1L", category=("Vinywaji",), tax="S",
                                stock="10"),
    "ชาเขียว": want("0", "40", sku="TH-GT", category=("Vinywaji",), stock="15", asked=True),
    # no regular price: the online sale price is taken, and said
    "قهوة عربية": want("300", "180", sku="QH-01", category=("Vinywaji",), tax="S",
                       stock="9"),
    "मसाला डोसा मिक्स": want("250", "160", sku="DOSA", category=("Unga",), stock="3",
                            active=False),
    "Unga wa Ngano 2kg": want("210", "175", own=["6164000000061"], sku="UNGA-2",
                              category=("Unga",), stock="40", reorder="10"),
    "🍌 Ndizi": want("10", "5", sku="NDIZI", category=("Matunda",), stock="100"),
    "枸杞 Goji": want("600", "420", codes=["6164000000072"], sku="GOJI",
                      category=("Matunda",), tax="S", stock="8"),
}  # fmt: skip


def test_a_square_item_library_export(shop: Shop) -> None:
    preview = imported(shop, "square_items.csv", SQUARE)
    assert preview.system == "Square"
    # a Y nowhere in "Tax - Tourism Levy (2%)": the missing 2% rate is no problem
    assert preview.problems == []
    notices = where(preview.notices)
    assert (8, "Online Sale Price") in notices
    assert (2, "Online Sale Price") not in notices  # Chai Masala has its regular price
    assert (10, "GTIN") in notices
    assert "6164000000061" in message(preview.notices, 10, "GTIN")
    assert {"SEO Title", "SEO Description", "Permalink", "Contains Alcohol"} <= set(preview.unused)


SQUARE_TEMPLATE = {
    "Sandali za Ngozi (38)": want("1800", "1100", sku="SAN-38", category=("Viatu",),
                                  tax="S", stock="4", reorder="1"),
    "Sandali za Ngozi (40)": want("1800", "1100", sku="SAN-40", category=("Viatu",),
                                  tax="S", stock="2", reorder="1"),
    "Asali Safi 500g": want("650", "480", codes=["6164000000089"], sku="ASALI",
                            category=("Vyakula",), stock="12", reorder="3"),
    "Samaki wa Soko": want("0", sku="SAMAKI", category=("Vyakula",), asked=True),
}  # fmt: skip


def test_a_square_template_filled_by_hand(shop: Shop) -> None:
    preview = imported(shop, "square_items_template.csv", SQUARE_TEMPLATE)
    assert preview.system == "Square"
    assert preview.problems == []
    assert (2, "Online Sale Price") not in where(preview.notices)


# -- Shopify ----------------------------------------------------------------------------

SHOPIFY = {
    "Classic Tee (Red, M)": want("1200", "700", codes=["6164000000096"], sku="TEE-RED-M",
                                 category=TEE, tax="S", stock="12"),
    # the two rows below carry only the Handle and the variant's fields
    "Classic Tee (Red, L)": want("1250", "720", codes=["6164000000102"], sku="TEE-RED-L",
                                 category=TEE, tax="S", stock="8"),
    "Classic Tee (Blue, M)": want("1200", "700", sku="TEE-BLU-M", category=TEE, tax="S",
                                  stock="0"),
    "Kikoi ya Pwani 🌊": want("950", "600", sku="KIK-01", category=TEE, stock="15"),
    "عطر العود": want("3500", "2100", sku="OUD-30", tax="S", stock="4", active=False),
    "हल्दी पाउडर 200g": want("180", "110", codes=["8901234567890"], sku="HALDI-200",
                             tax="S", stock="30", active=False),
    "绿茶 Green tea": want("420", "260", own=["6164000000123"], sku="GT-100", tax="S",
                           stock="10"),
    "ผ้าไหมไทย (Standard)": want("2800", "1900", sku="SILK-STD", tax="S", stock="2"),
    "Sabuni ya Mwarubaini": want("250", "140", sku="NEEM-SOAP", tax="S", stock="25"),
}  # fmt: skip


def test_a_shopify_export_with_variant_rows_and_an_image_row(shop: Shop) -> None:
    preview = imported(shop, "shopify_products.csv", SHOPIFY)
    assert preview.system == "Shopify"
    assert preview.problems == []
    # row 5 only adds an image to the tee: neither a product nor a problem
    assert [p.row for p in preview.planned] == [2, 3, 4, 6, 7, 8, 9, 10, 11]
    notices = where(preview.notices)
    assert (11, "Variant Compare At Price") in notices
    assert (2, "Variant Compare At Price") not in notices
    assert (7, "Variant Compare At Price") not in notices
    assert (9, "Variant Barcode") in notices
    assert {"Body (HTML)", "Image Src", "Variant Grams", "SEO Title", "Gift Card"} <= set(
        preview.unused
    )


SHOPIFY_EXCEL = {
    "Kahawa AA 250g": want("750", "500", codes=["036000291452"], sku="KAH-AA", tax="S",
                           stock="18"),
    "Viatu vya Ngozi (40)": want("2500", "1500", codes=["012345678905"], sku="VIA-40",
                                 tax="S", stock="3"),
    "Viatu vya Ngozi (42)": want("2600", "1550", own=["20012345"], sku="VIA-42", tax="S",
                                 stock="1"),
    "Mkate 🍞": want("65", "45", sku="MKATE", stock="20"),
    "Chupa ya Maji": want("50", "30", codes=["61640009"], sku="CHUPA", tax="S",
                          stock="48"),
}  # fmt: skip


def test_a_shopify_template_saved_by_excel(shop: Shop) -> None:
    preview = shop.exchange.preview(FILES / "shopify_template_excel.csv")
    assert preview.system == "Shopify"
    assert where(preview.problems) == [(2, "Variant Barcode"), (4, "Variant Barcode")]
    assert SCIENTIFIC in message(preview.problems, 2, "Variant Barcode")
    assert SCIENTIFIC in message(preview.problems, 4, "Variant Barcode")
    with pytest.raises(InvalidInput):
        shop.exchange.apply(preview)  # two rows have problems: nothing is written
    assert shop.products.count() == 0
    notices = where(preview.notices)
    assert {(3, "Variant Barcode"), (5, "Variant Barcode"), (6, "Variant Barcode")} <= set(notices)
    assert "036000291452" in message(preview.notices, 3, "Variant Barcode")
    assert "012345678905" in message(preview.notices, 5, "Variant Barcode")
    assert "20012345" in message(preview.notices, 6, "Variant Barcode")
    assert planned(preview) == SHOPIFY_EXCEL
    shop.exchange.apply(preview, skip_invalid=True)
    assert stored(shop) == as_stored(SHOPIFY_EXCEL)
    assert scanned(shop, "036000291452") == "Kahawa AA 250g"


# -- WooCommerce ------------------------------------------------------------------------

WOOCOMMERCE = {
    "Beanie": want("20", codes=["6164000000133"], sku="WC-BEANIE",
                   category=("Clothing", "Accessories"), tax="S", stock="24", reorder="5"),
    # row 3 is the variable parent "Hoodie": not a product; its variations take its category
    "Hoodie - Red": want("45", sku="WC-HOODIE-RED", category=("Clothing", "Hoodies"),
                         tax="S", stock="7"),
    "Hoodie - Blue": want("45", sku="WC-HOODIE-BLUE", category=("Clothing", "Hoodies"),
                          tax="S", stock="0"),
    "Kikapu cha Ukili": want("1500", sku="WC-KIKAPU", category=("Handicrafts",),
                             active=False),
    "تمر مجدول": want("800", sku="WC-TAMR", category=("Vyakula", "Matunda"), tax="S",
                      stock="15", active=False),
    "अगरबत्ती": want("150", sku="WC-AGARBATTI", category=("Nyumbani",), tax="S",
                     stock="40"),
    "ข้าวหอมมะลิ 5kg": want("1100", own=["6164000000141"], sku="WC-KHAO",
                            category=("Vyakula",), tax="S", stock="11"),
    "Mug ☕ Karibu": want("350", sku="WC-MUG", category=("Jikoni",), tax="S", stock="12",
                         reorder="3"),
    "红茶 Black tea": want("500", codes=["012345678912"], sku="WC-HONGCHA",
                           category=("Vinywaji", "Chai"), tax="S", stock="9"),
}  # fmt: skip


def test_a_woocommerce_export_at_regular_prices(shop: Shop) -> None:
    preview = imported(shop, "woocommerce_products.csv", WOOCOMMERCE)
    assert preview.system == "WooCommerce"
    assert preview.problems == []
    assert [p.row for p in preview.planned] == [2, 4, 5, 6, 7, 8, 9, 10, 11]
    notices = where(preview.notices)
    assert (8, "Sale price") in notices  # no regular price: the sale price, said
    assert not {(2, "Sale price"), (5, "Sale price"), (10, "Sale price")} & set(notices)
    assert (9, "GTIN, UPC, EAN, or ISBN") in notices
    assert {"Images", "Is featured?", "Backorders allowed?", "Weight (kg)"} <= set(preview.unused)
    beanie = shop.products.search("Beanie")[0]
    assert (beanie.sell_price, beanie.stock) == (kes("20"), Quantity.of(24))


# -- Vend (Lightspeed X-Series) ---------------------------------------------------------

VEND = {
    "Sukari ya Kabisa 2kg": want("320", "250", sku="SUK-2KG", category=("Vyakula",),
                                 tax="S", stock="40", reorder="10"),
    "Kitenge (Njano, M)": want("1400", "800", sku="KIT-NJ-M", category=("Nguo",), tax="S",
                               stock="5", reorder="1"),
    "Kitenge (Nyekundu, L)": want("1450", "820", sku="KIT-NY-L", category=("Nguo",),
                                  tax="S", stock="3", reorder="1"),
    "Kitenge (Njano, L)": want("1450", "820", sku="KIT-NJ-L", category=("Nguo",), tax="S",
                               stock="0", reorder="1"),
    "زيت زيتون": want("1200", "900", sku="ZAIT-500", category=("Vyakula",), tax="S",
                      stock="2", active=False),
    "चाय मसाला": want("90", "60", sku="CHAI-M", category=("Vinywaji",), stock="25",
                      reorder="5"),
    "ข้าวเหนียว": want("300", "200", sku="KHAO-1", category=("Vyakula",), stock="12",
                       reorder="2"),
    "饺子 dumplings 🥟": want("450", "300", sku="JZ-12", category=("Vyakula",), tax="S",
                             stock="-2"),
}  # fmt: skip


def test_a_vend_export_with_an_outlet(shop: Shop) -> None:
    preview = imported(shop, "vend_products.csv", VEND)
    assert preview.system == "Vend"
    assert preview.problems == []
    assert {"loyalty_value", "loyalty_value_default", "account_code",
            "account_code_purchase"} <= set(preview.unused)  # fmt: skip


# -- Duka's own export after a spreadsheet ----------------------------------------------

DUKA = {
    "Sugar 1 kg": want("180", "150", codes=["6164000000010"], sku="SUG1",
                       category=("Food", "Staples"), tax="S", stock="24", reorder="10"),
    # "025407803504" came back as "25407803504": restored, and said
    "Maziwa Lala 500ml": want("65", "52", codes=["025407803504"], sku="LALA",
                              category=("Food", "Dairy"), tax="Z", stock="30", reorder="12"),
    "سكر ناعم": want("95.50", "80.25", codes=["6164000000027", "6164000000034=12"],
                     category=("طعام",), tax="E", stock="3"),
    "बासमती चावल": want("320", "260.75", sku="RICE-IN", category=("Food", "अनाज"),
                        unit=Unit.KILOGRAM, stock="40.125", reorder="2.5"),
    "Mafuta ya taa": want("0.50", "0.35", sku="M1", category=("Household",), tax="S",
                          unit=Unit.MILLILITRE, stock="0", active=False),
    "Chapati 🫓": want("20", "9", own=["20012345"], sku="CHAP", category=("Bakery",),
                      tax="S", stock="50"),
    "Kahawa Tamu": want("750", "500", codes=["036000291452"], sku="KAH",
                        category=("Vinywaji",), tax="S", stock="18", reorder="2"),
}  # fmt: skip


def test_dukas_own_export_after_a_spreadsheet_dropped_leading_zeros(shop: Shop) -> None:
    preview = shop.exchange.preview(FILES / "duka_roundtrip_excel.csv")
    assert preview.system == "Duka"
    assert preview.unused == []
    # every problem of row 6, not only the first
    assert sorted(where(preview.problems)) == [(6, "barcodes"), (6, "price")]
    assert SCIENTIFIC in message(preview.problems, 6, "barcodes")
    notices = where(preview.notices)
    assert {(3, "barcodes"), (8, "barcodes"), (9, "barcodes")} <= set(notices)
    assert "025407803504" in message(preview.notices, 3, "barcodes")
    assert "036000291452" in message(preview.notices, 9, "barcodes")
    assert "20012345" in message(preview.notices, 8, "barcodes")
    assert planned(preview) == DUKA
    rice = next(p for p in preview.planned if p.row == 5)
    assert rice.draft.notes == "वाह, two; three"
    shop.exchange.apply(preview, skip_invalid=True)
    assert stored(shop) == as_stored(DUKA)
    assert scanned(shop, "025407803504") == "Maziwa Lala 500ml"
    assert scanned(shop, "20012345") == "Chapati 🫓"
