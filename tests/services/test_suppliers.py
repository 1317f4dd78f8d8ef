import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import ProductDraft, Unit
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind, moving_average
from duka.core.suppliers import GoodsReceivedDraft, PaymentMethod, ReceivedLine, SupplierDraft
from duka.services.shop import Shop


def kes(amount: str | int) -> Money:
    return Money.of(amount, "KES")


@pytest.fixture
def shop(kenya_shop: Shop) -> Shop:
    return kenya_shop


def product(shop: Shop, name: str, cost: str, stock: str = "0", unit: Unit = Unit.PIECE) -> int:
    return shop.products.add(
        ProductDraft(name, kes("100"), kes(cost), unit=unit), opening_stock=Quantity.of(stock)
    )


def delivery(
    supplier_id: int, *lines: tuple[int, str, str], paid: bool = False
) -> GoodsReceivedDraft:
    return GoodsReceivedDraft(
        supplier_id,
        tuple(ReceivedLine(p, Quantity.of(q), kes(c)) for p, q, c in lines),
        paid=paid,
        reference="INV-77",
    )


def verify_problems(shop: Shop) -> dict[str, tuple[str, ...]]:
    return {r.name: r.problems for r in shop.maintenance.verify() if r.problems}


def test_receiving_on_credit_adds_stock_moves_cost_and_what_is_owed(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100", stock="10")
    salt = product(shop, "Salt", "20")
    bidco = shop.suppliers.add(SupplierDraft("  Bidco   Ltd ", "0722 000 111", "P051"))
    number = shop.suppliers.receive(delivery(bidco, (sugar, "30", "120"), (salt, "12", "18.50")))
    assert number == "GRN-00001"
    assert shop.stock.level(sugar) == Quantity.of(40)
    # (10 × 100 + 30 × 120) / 40 = 115: the cost follows what was paid, weighted by quantity
    assert shop.products.get(sugar).draft.cost_price == kes("115")
    assert shop.products.get(salt).draft.cost_price == kes("18.50")  # none was on hand
    supplier = shop.suppliers.get(bidco)
    assert (supplier.name, supplier.phone, supplier.owed) == (
        "Bidco Ltd",
        "0722 000 111",
        kes("3822"),
    )
    received = shop.stock.history(sugar)[0]
    assert (received.kind, received.document, received.unit_cost) == (
        MovementKind.RECEIVE,
        number,
        kes("120"),
    )
    [grn] = shop.suppliers.deliveries(bidco)
    assert (grn.number, grn.total, grn.paid) == (number, kes("3822"), False)
    assert verify_problems(shop) == {}


def test_a_delivery_paid_on_the_spot_leaves_nothing_owed(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    shop.suppliers.receive(delivery(bidco, (sugar, "5", "110"), paid=True))
    assert shop.suppliers.get(bidco).owed == kes(0)
    statement = shop.suppliers.statement(bidco)
    assert [(e.kind, e.document, e.amount, e.balance) for e in statement.entries] == [
        ("received", "GRN-00001", kes("550"), kes("550")),
        ("payment", "PAY-00001", kes("-550"), kes("0")),
    ]
    assert statement.entries[1].note == "GRN-00001 INV-77"


def test_partial_payments_and_the_statement(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    days = iter(dt.datetime(2026, 3, day, 9, tzinfo=dt.UTC) for day in range(1, 28))
    shop.context.clock = lambda: next(days)
    shop.suppliers.receive(delivery(bidco, (sugar, "10", "100")))  # owes 1000
    assert shop.suppliers.pay(bidco, kes("300"), PaymentMethod.MOBILE, "MPESA QX1") == "PAY-00001"
    shop.suppliers.receive(delivery(bidco, (sugar, "2", "100")))  # owes 900
    with pytest.raises(InvalidInput) as caught:
        shop.suppliers.pay(bidco, kes("900.01"), PaymentMethod.CASH)
    assert "more than the 900.00 KES owed" in caught.value.message
    for bad in (kes(0), kes("-5"), Money.of("5", "UGX")):
        with pytest.raises(InvalidInput):
            shop.suppliers.pay(bidco, bad, PaymentMethod.CASH)
    assert shop.suppliers.get(bidco).owed == kes("900")
    shop.suppliers.pay(bidco, kes("900"), PaymentMethod.BANK)
    statement = shop.suppliers.statement(bidco)
    assert statement.opening == kes(0) and statement.closing == kes(0)
    assert [e.balance for e in statement.entries] == [kes(1000), kes(700), kes(900), kes(0)]
    # a period begins with what was owed before it
    later = shop.suppliers.statement(bidco, since=statement.entries[2].at)
    assert later.opening == kes(700)
    assert [e.document for e in later.entries] == ["GRN-00002", "PAY-00002"]
    between = shop.suppliers.statement(bidco, statement.entries[1].at, statement.entries[3].at)
    assert (between.opening, between.closing) == (kes(1000), kes(900))
    assert shop.context.db.execute("SELECT count(*) FROM supplier_payments").fetchone() == (2,)


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        ((), "at least one line"),
        (((0, "0", "10"),), "more than zero"),
        (((0, "1", "-1"),), "cannot be negative"),
        (((0, "1.5", "10"),), "more than 0 decimals"),
    ],
)
def test_a_bad_delivery_writes_nothing(
    shop: Shop, lines: tuple[tuple[int, str, str], ...], says: str
) -> None:
    sugar = product(shop, "Sugar", "100", stock="1")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    lines = tuple((sugar, q, c) for _, q, c in lines)
    with pytest.raises(InvalidInput) as caught:
        shop.suppliers.receive(delivery(bidco, *lines))
    assert says in caught.value.message
    assert shop.stock.level(sugar) == Quantity.of(1)
    assert shop.suppliers.deliveries(bidco) == [] and shop.suppliers.get(bidco).owed == kes(0)
    # and the number it would have had is still free
    shop.suppliers.receive(delivery(bidco, (sugar, "1", "100")))
    assert [d.number for d in shop.suppliers.deliveries(bidco)] == ["GRN-00001"]


def test_an_archived_supplier_cannot_deliver(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    shop.suppliers.update(bidco, SupplierDraft("Bidco Kenya"), active=False)
    with pytest.raises(InvalidInput) as caught:
        shop.suppliers.receive(delivery(bidco, (sugar, "1", "100")))
    assert "no longer an active supplier" in caught.value.message
    assert [s.name for s in shop.suppliers.suppliers()] == ["Bidco Kenya"]
    assert shop.suppliers.suppliers(active_only=True) == []
    with pytest.raises(InvalidInput):
        shop.suppliers.add(SupplierDraft("   "))


def test_verify_finds_a_delivery_changed_behind_dukas_back(shop: Shop) -> None:
    sugar = product(shop, "Sugar", "100")
    bidco = shop.suppliers.add(SupplierDraft("Bidco"))
    shop.suppliers.receive(delivery(bidco, (sugar, "10", "100")))
    db = shop.context.db
    db.execute("DROP TRIGGER goods_received_lines_no_update")
    db.execute("UPDATE goods_received_lines SET quantity = 1000, total = 10000")
    found = verify_problems(shop)
    assert any(
        "goods_received_lines_no_update was removed" in p for p in found["Stock and suppliers"]
    )
    assert any("lines add up to 10000" in p for p in found["Stock and suppliers"])
    assert any("no matching stock movement" in p for p in found["Stock and suppliers"])
    assert found["Journal and audit trail"]  # the journal's hash no longer matches


amounts = st.integers(min_value=0, max_value=10**9)
quantities = st.integers(min_value=1, max_value=10**7)


@given(amounts, quantities, amounts, quantities)
def test_the_moving_average_lies_between_the_old_and_new_cost(
    cost: int, on_hand: int, paid: int, received: int
) -> None:
    new = moving_average(
        Quantity(on_hand), Money(cost, "KES"), Quantity(received), Money(paid, "KES")
    )
    assert min(cost, paid) <= new.minor <= max(cost, paid)


@given(amounts, quantities, amounts, quantities)
def test_the_moving_average_keeps_the_stock_value_to_half_a_cent_a_unit(
    cost: int, on_hand: int, paid: int, received: int
) -> None:
    new = moving_average(
        Quantity(on_hand), Money(cost, "KES"), Quantity(received), Money(paid, "KES")
    )
    before = Decimal(cost) * on_hand + Decimal(paid) * received
    after = Decimal(new.minor) * (on_hand + received)
    assert abs(after - before) <= Decimal(on_hand + received) / 2


@given(amounts, st.integers(min_value=-(10**6), max_value=0), amounts, quantities)
def test_stock_sold_before_it_arrived_takes_the_new_cost(
    cost: int, on_hand: int, paid: int, received: int
) -> None:
    new = moving_average(
        Quantity(on_hand), Money(cost, "KES"), Quantity(received), Money(paid, "KES")
    )
    assert new == Money(paid, "KES")


@given(amounts, quantities, quantities)
def test_receiving_at_the_same_cost_changes_nothing(cost: int, on_hand: int, received: int) -> None:
    same = Money(cost, "KES")
    assert moving_average(Quantity(on_hand), same, Quantity(received), same) == same
