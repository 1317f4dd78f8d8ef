import csv
import subprocess
from pathlib import Path

import pytest

from duka.core.access import Role
from duka.core.errors import Conflict, InvalidInput, NotAllowed
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit
from duka.core.purchases import (
    NeedsConfirmation,
    OrderLineDraft,
    OrderState,
    PurchaseOrderDraft,
    SupplierReturnDraft,
)
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine, SupplierDraft
from duka.services.shop import Shop


def kes(amount: str | int) -> Money:
    return Money.of(amount, "KES")


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    return kenya_shop


def product(shop: Shop, name: str, cost: str, stock: str = "0", reorder: str = "0") -> int:
    return shop.products.add(
        ProductDraft(
            name, kes("100"), kes(cost), unit=Unit.PIECE, reorder_level=Quantity.of(reorder)
        ),
        opening_stock=Quantity.of(stock),
    )


def line(product_id: int, quantity: str, cost: str) -> OrderLineDraft:
    return OrderLineDraft(product_id, Quantity.of(quantity), kes(cost))


def came(product_id: int, quantity: str, cost: str) -> ReceivedLine:
    return ReceivedLine(product_id, Quantity.of(quantity), kes(cost))


def verify_problems(shop: Shop) -> dict[str, tuple[str, ...]]:
    return {r.name: r.problems for r in shop.maintenance.verify() if r.problems}


def counts(shop: Shop) -> tuple[int, ...]:
    tables = (
        "goods_received",
        "goods_received_lines",
        "supplier_ledger",
        "stock_movements",
        "purchase_orders",
        "purchase_order_receipts",
        "purchase_order_cancellations",
        "supplier_returns",
        "journal",
    )
    db = shop.context.db
    return tuple(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def test_orders_from_low_stock_go_one_per_supplier(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100", stock="2", reorder="10")  # 18 to order
    salt = product(shop, "Salt", "20", stock="1", reorder="5")  # 9
    rice = product(shop, "Rice", "150", stock="0", reorder="4")  # never delivered: 8
    product(shop, "Tea", "50", stock="40", reorder="5")  # not low
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    kapa = shop.suppliers.add(SupplierDraft("Kapa"))
    # Who brings what is read from the deliveries: the last one to bring each product.
    shop.suppliers.receive(GoodsReceivedDraft(kapa, (came(sugar, "1", "100"),)))
    shop.suppliers.receive(GoodsReceivedDraft(bidco, (came(sugar, "1", "100"),)))
    shop.suppliers.receive(GoodsReceivedDraft(kapa, (came(salt, "1", "20"),)))
    suggested = {s.product_id: s for s in shop.purchases.suggestions()}
    assert set(suggested) == {sugar, salt, rice}
    assert (suggested[sugar].supplier_id, suggested[sugar].quantity) == (bidco, Quantity.of(16))
    assert (suggested[rice].supplier_id, suggested[rice].quantity) == (None, Quantity.of(8))

    numbers = shop.purchases.from_low_stock(default_supplier=kapa)
    assert numbers == ["PO-000001", "PO-000002"]
    orders = {o.supplier_name: o for o in shop.purchases.orders()}
    assert {p.product_id for p in orders["Bidco"].lines} == {sugar}
    assert {p.product_id: p.ordered for p in orders["Kapa"].lines} == {
        salt: Quantity.of(8),
        rice: Quantity.of(8),
    }
    assert orders["Kapa"].total == kes(8 * 20 + 8 * 150)
    assert all(o.state is OrderState.OPEN for o in orders.values())
    assert verify_problems(shop) == {}


def test_without_a_default_supplier_products_never_delivered_wait(shop: Shop) -> None:
    product(shop, "Rice", "150", stock="0", reorder="4")
    with pytest.raises(InvalidInput):
        shop.purchases.from_low_stock(default_supplier=None)
    assert shop.purchases.orders() == []


def test_receiving_in_parts_says_what_is_still_to_come(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100")
    salt = product(shop, "Salt", "20")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    number = shop.purchases.create(
        PurchaseOrderDraft(
            bidco, (line(sugar, "10", "100"), line(salt, "5", "20")), " ring  first "
        )
    )
    order = shop.purchases.find(number)
    assert (order.note, order.total, order.still_to_come) == ("ring first", kes(1100), kes(1100))

    first = shop.purchases.receive(order.id, [came(sugar, "4", "105")])
    order = shop.purchases.get(order.id)
    assert order.state is OrderState.PARTLY_RECEIVED
    assert [(p.received, p.still_to_come) for p in order.lines] == [
        (Quantity.of(4), Quantity.of(6)),
        (Quantity(0), Quantity.of(5)),
    ]
    assert order.still_to_come == kes(6 * 100 + 5 * 20)
    assert order.deliveries == (first,)
    # The delivery is one like any other: stock, cost and what is owed.
    assert shop.stock.level(sugar) == Quantity.of(4)
    assert shop.suppliers.get(bidco).owed == kes(420)

    second = shop.purchases.receive(order.id, [came(sugar, "6", "100"), came(salt, "5", "20")])
    order = shop.purchases.get(order.id)
    assert order.state is OrderState.RECEIVED
    assert order.deliveries == (first, second)
    assert order.still_to_come == kes(0)
    with pytest.raises(Conflict):
        shop.purchases.cancel(order.id, "late")
    assert verify_problems(shop) == {}


def test_receiving_beyond_the_order_asks_first_and_writes_nothing(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100")
    tea = product(shop, "Tea", "50")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    order = shop.purchases.find(
        shop.purchases.create(PurchaseOrderDraft(bidco, (line(sugar, "10", "100"),)))
    )
    shop.purchases.receive(order.id, [came(sugar, "8", "100")])
    before = counts(shop)
    with pytest.raises(NeedsConfirmation):
        shop.purchases.receive(order.id, [came(sugar, "3", "100")])  # 11 of 10
    with pytest.raises(NeedsConfirmation):
        shop.purchases.receive(order.id, [came(tea, "1", "50")])  # not on the order
    assert counts(shop) == before
    assert shop.stock.level(sugar) == Quantity.of(8)

    shop.purchases.receive(order.id, [came(sugar, "3", "100")], confirmed=True)
    order = shop.purchases.get(order.id)
    assert order.state is OrderState.RECEIVED
    assert order.lines[0].received == Quantity.of(11)
    assert order.lines[0].still_to_come == Quantity(0)


def test_cancelling_needs_a_reason_and_stops_receiving(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    order = shop.purchases.find(
        shop.purchases.create(PurchaseOrderDraft(bidco, (line(sugar, "10", "100"),)))
    )
    shop.purchases.receive(order.id, [came(sugar, "2", "100")])
    with pytest.raises(InvalidInput):
        shop.purchases.cancel(order.id, "   ")
    shop.purchases.cancel(order.id, "  out of  stock at the supplier ")
    order = shop.purchases.get(order.id)
    assert (order.state, order.cancel_reason) == (
        OrderState.CANCELLED,
        "out of stock at the supplier",
    )
    assert order.still_to_come == kes(0)
    with pytest.raises(Conflict):
        shop.purchases.receive(order.id, [came(sugar, "1", "100")])
    with pytest.raises(Conflict):
        shop.purchases.cancel(order.id, "again")
    trail = shop.context.db.execute(
        "SELECT after FROM audit WHERE action = 'purchase_order_cancelled' AND subject = ?",
        (order.number,),
    ).fetchall()
    assert len(trail) == 1 and "out of stock at the supplier" in trail[0][0]
    assert verify_problems(shop) == {}


def test_bad_orders_are_refused(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    for lines in ((), (line(sugar, "0", "1"),), (line(sugar, "1", "1"), line(sugar, "2", "1"))):
        with pytest.raises(InvalidInput):
            shop.purchases.create(PurchaseOrderDraft(bidco, lines))
    with pytest.raises(InvalidInput):  # pieces have no decimals
        shop.purchases.create(PurchaseOrderDraft(bidco, (line(sugar, "1.5", "1"),)))
    assert shop.purchases.orders() == []


def test_a_supplier_return_takes_the_stock_and_credits_the_supplier(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    shop.suppliers.receive(GoodsReceivedDraft(bidco, (came(sugar, "10", "100"),)))
    assert shop.suppliers.get(bidco).owed == kes(1000)
    draft = SupplierReturnDraft(bidco, (line(sugar, "3", "100"),), "  torn bags ")
    number = shop.purchases.return_goods(draft)
    assert number == "SR-000001"
    assert shop.stock.level(sugar) == Quantity.of(7)
    assert shop.suppliers.get(bidco).owed == kes(700)
    moved = shop.stock.history(sugar)[0]
    assert (moved.kind, moved.document, moved.quantity) == (
        MovementKind.ADJUST,
        number,
        Quantity.of(-3),
    )
    assert "supplier" in moved.reason and "torn bags" in moved.reason
    entry = shop.suppliers.statement(bidco).entries[-1]
    assert (entry.kind, entry.document, entry.amount) == ("adjustment", number, kes(-300))
    [sent] = shop.purchases.returns()
    assert (sent.number, sent.reason, sent.total) == (number, "torn bags", kes(300))
    assert verify_problems(shop) == {}


def test_returning_more_than_on_hand_asks_first(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100", stock="2")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    draft = SupplierReturnDraft(bidco, (line(sugar, "3", "100"),), "expired")
    before = counts(shop)
    with pytest.raises(NeedsConfirmation):
        shop.purchases.return_goods(draft)
    with pytest.raises(InvalidInput):
        shop.purchases.return_goods(SupplierReturnDraft(bidco, draft.lines, " "))
    assert counts(shop) == before
    shop.purchases.return_goods(draft, confirmed=True)
    assert shop.stock.level(sugar) == Quantity.of(-1)


def test_verify_finds_a_return_missing_from_the_account(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100", stock="5")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    number = shop.purchases.return_goods(
        SupplierReturnDraft(bidco, (line(sugar, "1", "100"),), "broken")
    )
    db = shop.context.db
    db.execute("DROP TRIGGER supplier_ledger_no_delete")
    db.execute("DELETE FROM supplier_ledger WHERE document = ?", (number,))
    found = " ".join(p for problems in verify_problems(shop).values() for p in problems)
    assert f"supplier_returns {number}: missing from the supplier's account" in found


def test_cashiers_may_not_order_or_return(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100", stock="5")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    shop.access.add_user("Wanjiru", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    with pytest.raises(NotAllowed):
        shop.purchases.create(PurchaseOrderDraft(bidco, (line(sugar, "1", "100"),)))
    with pytest.raises(NotAllowed):
        shop.purchases.return_goods(SupplierReturnDraft(bidco, (line(sugar, "1", "1"),), "x"))


def test_the_order_pdf_is_in_the_supplier_s_language(shop: Shop, tmp_path: Path) -> None:
    """A supplier who reads French gets their orders in French (the shop's language
    otherwise); a language Duka does not speak is refused and nothing changes."""
    sugar = product(shop, "Sukari ya Mumias", "100")
    french = shop.suppliers.add(SupplierDraft("Sucrerie de Lyon", language="fr"))
    local = shop.suppliers.add(SupplierDraft("Bidco"))
    assert shop.suppliers.get(french).language == "fr"

    def title(supplier: int) -> str:
        order = shop.purchases.create(PurchaseOrderDraft(supplier, (line(sugar, "5", "100"),)))
        out = tmp_path / f"{order}.pdf"
        shop.purchases.pdf(shop.purchases.find(order).id, out)
        return subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout

    assert "Bon de commande" in title(french)
    assert "Purchase order" in title(local)  # the shop's language, English
    with pytest.raises(InvalidInput):
        shop.suppliers.update(local, SupplierDraft("Bidco", language="xx"))
    assert shop.suppliers.get(local).language is None
    shop.suppliers.update(local, SupplierDraft("Bidco", language="sw"))
    assert "Oda ya ununuzi" in title(local)


def test_the_order_pdf_and_csv(shop: Shop, tmp_path: Path) -> None:
    sugar = product(shop, "Sukari ya Mumias", "100")
    bidco = shop.suppliers.add(SupplierDraft("Bidco", "0722 000 111"))
    order = shop.purchases.find(
        shop.purchases.create(PurchaseOrderDraft(bidco, (line(sugar, "10", "100"),)))
    )
    shop.purchases.receive(order.id, [came(sugar, "4", "100")])
    for language in ("en", "ar", "hi"):
        out = tmp_path / f"po-{language}.pdf"
        assert shop.purchases.pdf(order.id, out, language=language) == 1
        text = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "PO-000001" in text and "Bidco" in text and "Sukari" in text
    assert (
        "Purchase order"
        in subprocess.run(
            ["pdftotext", str(tmp_path / "po-en.pdf"), "-"], capture_output=True, text=True
        ).stdout
    )
    count = shop.purchases.export(tmp_path / "orders.csv")
    with open(tmp_path / "orders.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert count == 1
    assert rows == [
        {
            "number": "PO-000001",
            "supplier": "Bidco",
            "state": "partly_received",
            "ordered_at": order.at,
            "lines": "1",
            "total": "1000.00",
            "still_to_come": "600.00",
        }
    ]
