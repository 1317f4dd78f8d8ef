import pytest

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.services.shop import Shop
from duka.store import sql


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def add(
    shop: Shop, name: str, unit: Unit = Unit.PIECE, reorder: str = "0", stock: str = "0"
) -> int:
    return shop.products.add(
        ProductDraft(name, kes("100"), kes("60"), unit=unit, reorder_level=Quantity.of(reorder)),
        opening_stock=Quantity.of(stock),
    )


def problems(shop: Shop) -> tuple[str, ...]:
    results = {r.name: r for r in shop.maintenance.verify()}
    return results["Stock and suppliers"].problems


def test_stock_on_hand_is_the_sum_of_the_ledger(kenya_shop: Shop) -> None:
    shop = kenya_shop
    rice = add(shop, "Rice", Unit.KILOGRAM, stock="25.5")
    assert shop.stock.level(rice) == Quantity.of("25.5")
    assert shop.stock.adjust(rice, Quantity.of("-0.25"), "spilt on the floor") == Quantity.of(
        "25.25"
    )
    after = shop.stock.adjust(rice, Quantity.of("2"), "  torn   sack ", MovementKind.WRITE_OFF)
    assert after == Quantity.of("23.25")  # a write-off always takes away
    history = shop.stock.history(rice)
    assert [(m.kind, m.quantity, m.reason) for m in history] == [
        (MovementKind.WRITE_OFF, Quantity.of("-2"), "torn sack"),
        (MovementKind.ADJUST, Quantity.of("-0.25"), "spilt on the floor"),
        (MovementKind.OPENING, Quantity.of("25.5"), ""),
    ]
    assert all(m.actor == "Zawadi" and m.unit_cost == kes("60") for m in history)
    assert problems(shop) == ()


@pytest.mark.parametrize(
    ("change", "reason", "says"),
    [
        ("1", "   ", "give a reason"),
        ("0", "counted", "cannot be zero"),
        ("1.5", "counted", "more than 0 decimals"),
    ],
)
def test_bad_adjustments_change_nothing(
    kenya_shop: Shop, change: str, reason: str, says: str
) -> None:
    soap = add(kenya_shop, "Soap", stock="4")
    with pytest.raises(InvalidInput) as caught:
        kenya_shop.stock.adjust(soap, Quantity.of(change), reason)
    assert says in caught.value.message
    assert kenya_shop.stock.level(soap) == Quantity.of(4)
    assert len(kenya_shop.stock.history(soap)) == 1


def test_a_stocktake_posts_only_the_differences_in_one_go(kenya_shop: Shop) -> None:
    shop = kenya_shop
    soap, rice, tea = (
        add(shop, "Soap", stock="10"),
        add(shop, "Rice", Unit.KILOGRAM, stock="5"),
        add(shop, "Tea", stock="3"),
    )
    counts = {soap: Quantity.of(8), rice: Quantity.of("5.125"), tea: Quantity.of(3)}
    lines = shop.stock.count_lines(counts)
    assert [(line.name, line.difference) for line in lines] == [
        ("Soap", Quantity.of(-2)),
        ("Rice", Quantity.of("0.125")),
        ("Tea", Quantity.of(0)),
    ]
    number = shop.stock.post_stocktake(counts, "month end")
    assert number == "STK-00001"
    assert [shop.stock.level(i) for i in (soap, rice, tea)] == list(counts.values())
    assert len(shop.stock.history(tea)) == 1  # nothing posted where nothing differed
    counted = shop.stock.history(soap)[0]
    assert (counted.kind, counted.document, counted.reason) == (
        MovementKind.COUNT,
        number,
        "month end",
    )
    assert shop.stock.post_stocktake({soap: Quantity.of(8)}) == "STK-00002"


def test_a_bad_count_stops_the_whole_stocktake(kenya_shop: Shop) -> None:
    soap, tea = add(kenya_shop, "Soap", stock="10"), add(kenya_shop, "Tea", stock="3")
    for bad in (Quantity.of("-1"), Quantity.of("1.5")):
        with pytest.raises(InvalidInput):
            kenya_shop.stock.post_stocktake({soap: Quantity.of(1), tea: bad})
    assert kenya_shop.stock.level(soap) == Quantity.of(10)
    with pytest.raises(InvalidInput):
        kenya_shop.stock.post_stocktake({})


def test_low_stock_suggests_what_to_order(kenya_shop: Shop) -> None:
    shop = kenya_shop
    add(shop, "Plenty", reorder="5", stock="50")
    add(shop, "Out", reorder="6", stock="0")
    add(shop, "Short", reorder="10", stock="10")  # at the level counts as low
    add(shop, "Flour", Unit.KILOGRAM, reorder="2.5", stock="1.2")
    add(shop, "Never reordered", reorder="0", stock="0")
    lines = shop.stock.low_stock()
    assert [(line.product.name, line.suggested) for line in lines] == [
        ("Flour", Quantity.of("3.8")),
        ("Out", Quantity.of(12)),
        ("Short", Quantity.of(10)),
    ]


def test_the_ledger_cannot_be_rewritten_and_verify_sees_a_tampered_level(kenya_shop: Shop) -> None:
    shop = kenya_shop
    soap = add(shop, "Soap", stock="10")
    db = shop.context.db
    with pytest.raises(sql.ConstraintError):
        db.execute("UPDATE stock_movements SET quantity = 99000")
    with pytest.raises(sql.ConstraintError):
        db.execute("DELETE FROM stock_movements")
    db.execute("UPDATE stock_levels SET quantity = 12000 WHERE product_id = ?", (soap,))
    found = problems(shop)
    assert len(found) == 1 and "shows 12 on hand but its movements add up to 10" in found[0]
    db.execute("DROP TRIGGER stock_movements_no_delete")
    assert any("stock_movements_no_delete was removed" in p for p in problems(shop))


def test_a_cashier_sees_movements_without_their_cost(kenya_shop: Shop) -> None:
    from duka.core.access import Role

    soap = add(kenya_shop, "Soap", stock="10")
    kenya_shop.access.add_user("Wanjiru", Role.CASHIER, "1357")
    kenya_shop.access.sign_in("1357")
    assert kenya_shop.stock.history(soap)[0].unit_cost == kes("0")


def test_opening_stock_must_suit_the_unit(kenya_shop: Shop) -> None:
    for stock, says in (("1.5", "more than 0 decimals"), ("-2", "cannot be negative")):
        with pytest.raises(InvalidInput) as caught:
            add(kenya_shop, "Soap", stock=stock)
        assert says in caught.value.message
    assert kenya_shop.products.count() == 0
