"""Products with variants: one transaction for a grid, clashes refused with nothing written,
prices that follow the parent, variants sold, stocked and reported one by one."""

from __future__ import annotations

import datetime as dt

import pytest

from duka.core.barcodes import Barcode, check_digit
from duka.core.errors import Conflict, InvalidInput
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.core.variants import VariantDraft, VariantOption
from duka.services.shop import Shop
from duka.store import variants_repo


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def ean(body: str) -> str:
    return body + check_digit(body)


TEE = ProductDraft("T-shirt", kes("800"), kes("450"), sku="TEE", category=("Clothes",))
OPTIONS = [VariantOption("Size", ("S", "M")), VariantOption("Colour", ("Red", "Blue"))]


def grid(shop: Shop) -> list[VariantDraft]:
    planned = shop.variants.plan(TEE, OPTIONS)
    return [
        VariantDraft(
            p.values,
            p.sku,
            (Barcode(ean(f"61640010000{i}")),),
            price=kes("900") if p.values == ("M", "Blue") else None,
            stock=Quantity.of(5),
        )
        for i, p in enumerate(planned)
    ]


def counts(shop: Shop) -> tuple[int, ...]:
    db = shop.context.db
    return tuple(
        int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        for table in ("products", "barcodes", "stock_movements", "journal", "audit")
    )


def test_a_grid_is_made_in_one_go_with_codes_prices_and_stock(kenya_shop: Shop) -> None:
    shop = kenya_shop
    parent_id = shop.variants.create(TEE, OPTIONS, grid(shop))
    family = shop.variants.family(parent_id)
    assert [v.values for v in family.variants] == [
        ("S", "Red"), ("S", "Blue"), ("M", "Red"), ("M", "Blue")
    ]  # fmt: skip
    assert [v.sku for v in family.variants] == [
        "TEE-S-RED",
        "TEE-S-BLUE",
        "TEE-M-RED",
        "TEE-M-BLUE",
    ]
    assert family.variants[0].name == "T-shirt (S / Red)"
    assert [v.price.minor // 100 for v in family.variants] == [800, 800, 800, 900]
    assert [v.follows for v in family.variants] == [True, True, True, False]
    assert all(v.stock == Quantity.of(5) for v in family.variants)
    parent = shop.products.get(parent_id)
    assert parent.is_parent and parent.stock == Quantity(0) and not parent.draft.barcodes
    variant = shop.products.get(family.variants[0].id)
    assert variant.parent_id == parent_id and variant.draft.category == ("Clothes",)
    assert not [p for r in shop.maintenance.verify() for p in r.problems]


def test_a_grid_with_a_repeated_code_or_barcode_writes_nothing(kenya_shop: Shop) -> None:
    shop = kenya_shop
    shop.products.add(ProductDraft("Cap", kes("300"), kes("100"), sku="CAP-1",
                                   barcodes=(Barcode(ean("616400200001")),)))  # fmt: skip
    before = counts(shop)
    planned = grid(shop)
    twice_sku = [planned[0], VariantDraft(planned[1].values, planned[0].sku)]
    twice_code = [planned[0], VariantDraft(planned[1].values, "X", planned[0].barcodes)]
    shop_sku = [VariantDraft(planned[0].values, "CAP-1")]
    shop_code = [VariantDraft(planned[0].values, "Y", (Barcode(ean("616400200001")),))]
    for variants, words in (
        (twice_sku, "would both have the code “TEE-S-RED”"),
        (twice_code, "would both have the barcode"),
        (shop_sku, "“CAP-1”, which another product has"),
        (shop_code, "which another product has"),
    ):
        with pytest.raises(Conflict) as caught:
            shop.variants.create(TEE, OPTIONS, variants)
        assert words in caught.value.message
        assert counts(shop) == before
    with pytest.raises(InvalidInput):
        shop.variants.create(
            ProductDraft("Cap", kes("1"), kes("1"), sku="CAP-1"), OPTIONS, planned[:1]
        )
    assert counts(shop) == before


def test_a_parent_price_reaches_the_variants_that_follow_it(kenya_shop: Shop) -> None:
    shop = kenya_shop
    parent_id = shop.variants.create(TEE, OPTIONS, grid(shop))
    parent = shop.products.get(parent_id)
    shop.products.update(
        parent_id, ProductDraft(**{**_fields(parent.draft), "sell_price": kes("850")})
    )
    prices = [v.price.minor // 100 for v in shop.variants.family(parent_id).variants]
    assert prices == [850, 850, 850, 900]  # the one with its own price keeps it
    # A variant given its own price stops following
    first = shop.variants.family(parent_id).variants[0]
    mine = shop.products.get(first.id)
    shop.products.update(
        first.id, ProductDraft(**{**_fields(mine.draft), "sell_price": kes("700")})
    )
    shop.products.update(
        parent_id, ProductDraft(**{**_fields(parent.draft), "sell_price": kes("820")})
    )
    prices = [v.price.minor // 100 for v in shop.variants.family(parent_id).variants]
    assert prices == [700, 820, 820, 900]
    assert variants_repo.options_of(shop.context.db, first.id)[2] is False  # type: ignore[index]
    assert not [p for r in shop.maintenance.verify() for p in r.problems]


def _fields(draft: ProductDraft) -> dict[str, object]:
    return {f: getattr(draft, f) for f in ProductDraft.__slots__}  # type: ignore[attr-defined]


def test_a_new_value_makes_the_missing_variants(kenya_shop: Shop) -> None:
    shop = kenya_shop
    parent_id = shop.variants.create(TEE, OPTIONS, grid(shop))
    made = shop.variants.add_value(parent_id, "size", "XL")
    family = shop.variants.family(parent_id)
    assert family.options[0].values == ("S", "M", "XL")
    assert [shop.products.get(i).draft.sku for i in made] == ["TEE-XL-RED", "TEE-XL-BLUE"]
    with pytest.raises(InvalidInput):
        shop.variants.add_value(parent_id, "Size", "xl")  # already there
    with pytest.raises(InvalidInput):
        shop.variants.add_value(parent_id, "Fabric", "Cotton")
    renamed = [VariantOption("Sizes", ("S", "M", "XL")), OPTIONS[1]]
    with pytest.raises(InvalidInput):
        shop.variants.add_variants(parent_id, renamed, [])


def test_a_variant_is_scanned_sold_and_reported_and_the_parent_is_not_sold(
    kenya_shop: Shop,
) -> None:
    shop = kenya_shop
    parent_id = shop.variants.create(TEE, OPTIONS, grid(shop))
    family = shop.variants.family(parent_id)
    blue = family.variants[3]
    scanned = shop.checkout.scan(ean("616400100003"))
    assert scanned is not None and scanned.product.id == blue.id
    cart, _ = shop.checkout.new_cart().add(shop.checkout.scanned_line(scanned))
    cart, _ = cart.add(
        shop.checkout.line_for(shop.products.get(family.variants[0].id), Quantity.of(2))
    )
    shop.checkout.complete(None, cart, [Tender(PaymentMethod.CASH, kes("2500"))])
    assert shop.products.get(blue.id).stock == Quantity.of(4)
    with pytest.raises(InvalidInput) as caught:
        shop.checkout.line_for(shop.products.get(parent_id), Quantity.of(1))
    assert "sold by its variants" in caught.value.message
    # searching the parent's name offers the parent and its variants
    found = [row.id for row in shop.products.search("T-shirt", 20)]
    assert parent_id in found and blue.id in found
    # one row a variant, and the roll-up adds them up under the parent
    today = dt.date.today()
    by_variant = shop.reports.run("sales-by-product", today, today)
    names = {row[1] for row in by_variant.rows}
    assert names == {"T-shirt (M / Blue)", "T-shirt (S / Red)"}
    rolled = shop.reports.run("sales-by-product-family", today, today)
    assert [(row[1], row[5]) for row in rolled.rows] == [("T-shirt", Quantity.of(3).milli)]
    # archiving a variant takes it off the till, not the others
    shop.products.set_active(blue.id, False)
    assert [v.active for v in shop.variants.family(parent_id).variants] == [True] * 3 + [False]


def test_the_parent_is_never_stocked_counted_or_received(kenya_shop: Shop) -> None:
    from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine, SupplierDraft

    shop = kenya_shop
    levelled = ProductDraft(**{**_fields(TEE), "reorder_level": Quantity.of(2)})
    parent_id = shop.variants.create(levelled, OPTIONS, grid(shop))
    assert shop.products.get(parent_id).draft.reorder_level == Quantity(0)
    first = shop.variants.family(parent_id).variants[0]
    assert shop.products.get(first.id).draft.reorder_level == Quantity.of(2)
    supplier = shop.suppliers.add(SupplierDraft("Nguo Ltd", "0700"))
    for attempt in (
        lambda: shop.stock.adjust(parent_id, Quantity.of(3), "found"),
        lambda: shop.stock.post_stocktake({parent_id: Quantity.of(3)}),
        lambda: shop.suppliers.receive(
            GoodsReceivedDraft(supplier, (ReceivedLine(parent_id, Quantity.of(3), kes("400")),))
        ),
    ):
        with pytest.raises(InvalidInput) as caught:
            attempt()
        assert "stocked by its variants" in caught.value.message
    # each variant is counted and received as any product is
    shop.stock.post_stocktake({first.id: Quantity.of(9)})
    shop.suppliers.receive(
        GoodsReceivedDraft(supplier, (ReceivedLine(first.id, Quantity.of(3), kes("400")),))
    )
    assert shop.products.get(first.id).stock == Quantity.of(12)
    assert shop.products.get(parent_id).stock == Quantity(0)


def test_a_cashier_may_not_make_variants_and_nothing_is_written(kenya_shop: Shop) -> None:
    from duka.core.access import Role
    from duka.core.errors import NotAllowed

    shop = kenya_shop
    shop.access.add_user("Wanjiru", Role.CASHIER, "1357")
    parent_id = shop.variants.create(TEE, OPTIONS, grid(shop)[:2])
    shop.access.sign_in("1357", "Wanjiru")
    before = counts(shop)
    with pytest.raises(NotAllowed):
        shop.variants.create(
            ProductDraft("Cap", kes("300"), kes("100"), sku="CAP"),
            [VariantOption("Size", ("S",))],
            [VariantDraft(("S",), "CAP-S")],
        )
    with pytest.raises(NotAllowed):
        shop.variants.add_value(parent_id, "Size", "L")
    assert counts(shop)[:3] == before[:3]  # the refusals themselves are in the audit trail
    # the cashier sells a variant all the same
    assert shop.variants.family(parent_id).variants[0].sku == "TEE-S-RED"
