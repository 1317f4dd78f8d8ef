from dataclasses import replace
from decimal import Decimal

import pytest

from duka.core import settings as spec
from duka.core.barcodes import Barcode, check_digit, clean_barcode
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.money import Money
from duka.core.products import PriceChange, ProductDraft, ProductQuery, ProductSort, Unit
from duka.core.quantity import Quantity
from duka.core.tax import TaxRate
from duka.services.shop import Shop
from duka.store import products_repo


def ean(body: str) -> str:
    return body + check_digit(body)


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def draft(name: str = "Sugar 1 kg", price: str = "180", **changes: object) -> ProductDraft:
    fields: dict[str, object] = {"name": name, "sell_price": kes(price), "cost_price": kes("150")}
    fields.update(changes)
    return ProductDraft(**fields)  # type: ignore[arg-type]


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    kenya_shop.settings.save(
        {
            spec.TAX_RATES.key: (
                TaxRate("S", "VAT 16%", Decimal(16)),
                TaxRate("E", "Exempt", Decimal(0), True),
            )
        }
    )
    return kenya_shop


def test_barcodes_are_checked_where_they_carry_a_check_digit() -> None:
    assert clean_barcode(" 4006381 333931 ") == "4006381333931"
    assert clean_barcode("96385074") == "96385074"  # EAN-8
    assert clean_barcode("036000291452") == "036000291452"  # UPC-A
    assert clean_barcode("ABC-123") == "ABC-123"  # Code 128, as typed
    assert clean_barcode("٤٠٠٦٣٨١٣٣٣٩٣١") == "4006381333931"  # typed in Arabic-Indic digits
    for wrong in ("4006381333932", "96385075", "036000291453"):
        with pytest.raises(InvalidInput) as caught:
            clean_barcode(wrong)
        assert "wrong check digit" in caught.value.message
    with pytest.raises(InvalidInput):
        clean_barcode("   ")


def test_a_product_keeps_everything_it_was_given(shop: Shop) -> None:
    single, tray = ean("616400000001"), ean("616400000002")
    product_id = shop.products.add(
        draft(
            "Mayai (eggs)",
            "15",
            unit=Unit.PIECE,
            tax_code="E",
            sku="EGG1",
            barcodes=(Barcode(single), Barcode(tray, Quantity.pieces(30))),
            category=("Food", "Dairy and eggs"),
            reorder_level=Quantity.of(60),
            notes="  fragile ",
        )
    )
    product = shop.products.get(product_id)
    assert product.name == "Mayai (eggs)" and product.active
    assert product.draft.barcodes == (Barcode(single), Barcode(tray, Quantity.pieces(30)))
    assert product.draft.category == ("Food", "Dairy and eggs")
    assert product.draft.notes == "fragile"
    found = shop.products.by_barcode(tray)
    assert found is not None and found[0].id == product_id and found[1] == Quantity.pieces(30)
    assert [c.label for c in shop.products.categories()] == ["Food", "Food > Dairy and eggs"]


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"name": "   "}, "cannot be empty"),
        ({"sell_price": Money(-1, "KES")}, "cannot be negative"),
        (
            {"sell_price": Money.of("1", "UGX"), "cost_price": Money.of("1", "UGX")},
            "shop's currency",
        ),
        ({"tax_code": "Q"}, "no tax rate"),
        ({"barcodes": (Barcode("4006381333932"),)}, "wrong check digit"),
        ({"barcodes": (Barcode("ABC"), Barcode("ABC"))}, "listed twice"),
        ({"reorder_level": Quantity.of("1.5")}, "cannot have more than 0 decimals"),
        ({"sku": "X" * 41}, "at most 40"),
    ],
)
def test_bad_products_are_refused_and_nothing_is_written(
    shop: Shop, changes: dict[str, object], says: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        shop.products.add(draft(**changes))
    assert says in caught.value.message
    assert shop.products.count() == 0


def test_a_barcode_or_code_belongs_to_one_product(shop: Shop) -> None:
    shop.products.add(draft(sku="S1", barcodes=(Barcode(ean("616400000001")),)))
    with pytest.raises(Conflict) as caught:
        shop.products.add(draft("Other", barcodes=(Barcode("X1"), Barcode(ean("616400000001")))))
    assert "already belongs" in caught.value.message
    with pytest.raises(Conflict):
        shop.products.add(draft("Other", sku="S1"))
    assert shop.products.count() == 1
    assert shop.products.by_barcode("X1") is None  # the refused product left nothing behind


def test_changes_to_price_and_cost_are_recorded(shop: Shop) -> None:
    product_id = shop.products.add(draft(barcodes=(Barcode("OLD"),)))
    shop.products.update(product_id, draft(price="190", barcodes=(Barcode("NEW"),)))
    product = shop.products.get(product_id)
    assert product.draft.sell_price == kes("190")
    assert shop.products.by_barcode("OLD") is None and shop.products.by_barcode("NEW")
    trail = shop.context.db.execute(
        "SELECT action, before, after FROM audit WHERE action = 'price_changed'"
    ).fetchall()
    assert trail == [("price_changed", '"180.00 KES"', '"190.00 KES"')]


def test_a_shops_own_code_is_kept_and_the_product_changes_like_any_other(shop: Shop) -> None:
    """25250001 has a wrong EAN-8 check digit: kept as the shop's own code, it reads back as
    one, so a later change of price is not refused for it."""
    with pytest.raises(InvalidInput, match="wrong check digit"):
        shop.products.add(draft("Pork", barcodes=(Barcode("25250001"),)))
    product_id = shop.products.add(
        draft("Pork", barcodes=(Barcode("25250001", own=True), Barcode(ean("616400000031"))))
    )
    stored = shop.products.get(product_id)
    assert stored.draft.barcodes == (
        Barcode("25250001", own=True),
        Barcode(ean("616400000031")),
    )
    shop.products.update(product_id, replace(stored.draft, sell_price=kes("650")))
    again = shop.products.get(product_id)
    assert again.draft.sell_price == kes("650")
    assert again.draft.barcodes == stored.draft.barcodes
    found = shop.products.by_barcode("25250001")
    assert found is not None and found[0].id == product_id


def test_archive_delete_and_history(shop: Shop) -> None:
    kept = shop.products.add(draft("Kept"))
    gone = shop.products.add(draft("Typo"))
    shop.stock.adjust(kept, Quantity.of(5), "found in the back")
    with pytest.raises(Conflict):
        shop.products.delete(kept)  # it has a history
    shop.products.delete(gone)
    with pytest.raises(NotFound):
        shop.products.get(gone)
    shop.products.set_active(kept, False)
    assert shop.products.listing(ProductQuery()).count == 0
    archived = shop.products.listing(ProductQuery(archived=True))
    assert [r.name for r in archived.page(0, 10)] == ["Kept"]
    shop.products.set_active(kept, True)
    assert shop.products.listing(ProductQuery()).count == 1


@pytest.fixture
def stocked(shop: Shop) -> Shop:
    items = [
        ("Sugar 1 kg", "180", ("Food", "Staples"), "10", "4"),
        ("sukari ya miwa", "150", ("Food", "Staples"), "0", "4"),
        ("Soap bar", "45", ("Household",), "30", "5"),
        ("酱油 soy sauce", "280", ("Food", "Imports"), "2", "3"),
        ("чай", "90", ("Food", "Imports"), "8", "2"),
        ("बासमती चावल 1 किलो", "320", ("Food", "Staples"), "1", "5"),
    ]
    for index, (name, price, category, stock, reorder) in enumerate(items):
        product_id = shop.products.add(
            draft(
                name,
                price,
                sku=f"P{index}",
                category=category,
                barcodes=(Barcode(ean(f"61640000001{index}")),),
                reorder_level=Quantity.of(reorder),
            )
        )
        if stock != "0":
            shop.stock.adjust(product_id, Quantity.of(stock), "opening count")
    return shop


def names(shop: Shop, query: ProductQuery) -> list[str]:
    listing = shop.products.listing(query)
    return [r.name for r in listing.page(0, listing.count)]


def test_lists_sort_filter_and_search(stocked: Shop) -> None:
    assert names(stocked, ProductQuery()) == [
        "Soap bar",
        "Sugar 1 kg",
        "sukari ya miwa",
        "чай",
        "बासमती चावल 1 किलो",
        "酱油 soy sauce",
    ]
    assert names(stocked, ProductQuery(sort=ProductSort.PRICE))[:2] == ["Soap bar", "чай"]
    assert names(stocked, ProductQuery(sort=ProductSort.PRICE, descending=True))[0] == (
        "बासमती चावल 1 किलो"
    )
    assert names(stocked, ProductQuery(sort=ProductSort.STOCK))[0] == "sukari ya miwa"
    food = next(c.id for c in stocked.products.categories() if c.label == "Food")
    assert len(names(stocked, ProductQuery(category_id=food))) == 5  # subcategories too
    assert names(stocked, ProductQuery(low_stock=True)) == [
        "sukari ya miwa",
        "बासमती चावल 1 किलो",
        "酱油 soy sauce",
    ]
    assert names(stocked, ProductQuery(text="su")) == ["Sugar 1 kg", "sukari ya miwa"]
    assert names(stocked, ProductQuery(text="sug 1")) == ["Sugar 1 kg"]
    assert names(stocked, ProductQuery(text="P3")) == ["酱油 soy sauce"]  # the code
    assert names(stocked, ProductQuery(text="चावल")) == ["बासमती चावल 1 किलो"]
    assert names(stocked, ProductQuery(text="油")) == ["酱油 soy sauce"]  # inside a word
    assert names(stocked, ProductQuery(text=ean("616400000012"))) == ["Soap bar"]
    assert names(stocked, ProductQuery(text='"*(')) == []  # nonsense finds nothing, quietly


def test_typing_finds_twenty_at_most(stocked: Shop) -> None:
    assert [r.name for r in stocked.products.search("s")][:1] in (
        ["Sugar 1 kg"],
        ["Soap bar"],
        ["sukari ya miwa"],
    )
    assert [r.name for r in stocked.products.search(ean("616400000010"))] == ["Sugar 1 kg"]
    assert [r.name for r in stocked.products.search("616400")][:1]  # a barcode's beginning
    assert len(stocked.products.search("s", limit=2)) == 2


def test_the_products_list_pages_through_a_covering_index(stocked: Shop) -> None:
    plan = " ".join(
        str(row[3])
        for row in stocked.context.db.execute(
            "EXPLAIN QUERY PLAN SELECT p.id FROM products p WHERE p.active = ? "
            "ORDER BY p.name COLLATE NOCASE ASC, p.id ASC LIMIT 256 OFFSET 999000",
            (1,),
        )
    )
    assert "USING COVERING INDEX products_name" in plan
    assert "TEMP B-TREE" not in plan
    ids = products_repo.page_ids(stocked.context.db, ProductQuery(), 2, 2)
    assert [stocked.products.get(i).name for i in ids] == ["sukari ya miwa", "чай"]


def test_a_cashier_never_sees_costs(stocked: Shop) -> None:
    stocked.access.add_user(
        "Wanjiru", __import__("duka.core.access").core.access.Role.CASHIER, "1357"
    )
    stocked.access.sign_in("1357")
    row = stocked.products.listing(ProductQuery()).page(0, 1)[0]
    assert row.cost_price is None
    assert stocked.products.get(row.id).draft.cost_price.is_zero()
    assert all(m.unit_cost.is_zero() for m in stocked.stock.history(row.id))


def test_bulk_price_change_of_a_list(stocked: Shop) -> None:
    food = next(c.id for c in stocked.products.categories() if c.label == "Food > Imports")
    changed = stocked.products.change_prices(
        ProductQuery(category_id=food), PriceChange(Decimal("10"), round_to=kes("5"))
    )
    assert changed == 2
    prices = {r.name: r.sell_price for r in stocked.products.listing(ProductQuery()).page(0, 10)}
    assert prices["чай"] == kes("100")  # 99.00 rounded to the nearest 5
    assert prices["酱油 soy sauce"] == kes("310")  # 308.00 -> 310
    assert prices["Sugar 1 kg"] == kes("180")  # not in the list: unchanged
    trail = stocked.context.db.execute(
        "SELECT subject, after FROM audit WHERE action = 'price_changed'"
    ).fetchall()
    assert trail[-1][0] == "2 products" and '"percent": "10"' in trail[-1][1]


def test_price_change_rounding() -> None:
    assert PriceChange(Decimal("-5")).apply(kes("99.99")) == kes("94.99")  # 94.9905
    assert PriceChange(Decimal("12.5")).apply(kes("0.04")) == kes("0.05")  # 0.045 half up
    with pytest.raises(InvalidInput):
        PriceChange(Decimal("-100")).apply(kes("1"))


def test_the_search_index_follows_every_change_and_verify_checks_it(shop: Shop) -> None:
    kept = shop.products.add(draft("Sukari nyeupe", sku="SK1"))
    gone = shop.products.add(draft("Chumvi"))
    shop.products.update(kept, draft("Sukari ya kahawia", sku="SK2"))
    shop.products.delete(gone)
    assert [r.name for r in shop.products.search("kahawia")] == ["Sukari ya kahawia"]
    assert shop.products.search("nyeupe") == [] and shop.products.search("Chumvi") == []
    assert [r.name for r in shop.products.search("SK2")] == ["Sukari ya kahawia"]
    results = {r.name: r.problems for r in shop.maintenance.verify()}
    assert results["Stock and suppliers"] == ()
    shop.context.db.execute("UPDATE products SET name = 'Mchele' WHERE id = ?", (kept,))
    found = {r.name: r.problems for r in shop.maintenance.verify()}["Search index"]
    assert any("search index differs" in p for p in found)


def test_the_kept_product_counts_follow_and_verify_checks_them(shop: Shop) -> None:
    kept = shop.products.add(draft("Sukari"))
    gone = shop.products.add(draft("Chumvi"))
    shop.products.set_active(kept, False)
    shop.products.delete(gone)
    assert shop.products.count() == 1
    assert shop.products.listing(ProductQuery(archived=True)).count == 1
    assert shop.products.listing(ProductQuery()).count == 0
    shop.context.db.execute("UPDATE product_counts SET n = 5 WHERE active = 1")
    found = {r.name: r.problems for r in shop.maintenance.verify()}["Stock and suppliers"]
    assert found == ("product_counts: 5 active products kept, 0 in the table",)
