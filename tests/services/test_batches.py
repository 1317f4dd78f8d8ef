"""Batches and expiry through the services: receiving, FEFO at the till, expired refusals
and their approval, returns to their batch, write-off, counting, verify, export and import."""

import datetime as dt
from pathlib import Path

import pytest

from duka.core.access import ApprovalNeeded, Permission, Role
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.purchases import OrderLineDraft, PurchaseOrderDraft
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod, Tender
from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine, SupplierDraft
from duka.services.shop import Shop
from tests.conftest import OWNER_PIN


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def day(days: int) -> dt.date:
    return dt.datetime.now().astimezone().date() + dt.timedelta(days=days)


@pytest.fixture
def pharmacy(kenya_shop: Shop) -> tuple[Shop, int, int]:
    """Panadol keeps batches; a supplier to receive it from."""
    shop = kenya_shop
    panadol = shop.products.add(ProductDraft("Panadol", kes("50"), kes("30"), sku="PAN"))
    shop.batches.set_tracking(panadol, True)
    supplier = shop.suppliers.add(SupplierDraft("Dawa Ltd"))
    return shop, panadol, supplier


def receive(shop: Shop, supplier: int, product: int, *lots: tuple[str, str, int | None]) -> str:
    lines = tuple(
        ReceivedLine(
            product,
            Quantity.of(quantity),
            kes("30"),
            batch=batch,
            expiry=None if days is None else day(days),
        )
        for batch, quantity, days in lots
    )
    return shop.suppliers.receive(GoodsReceivedDraft(supplier, lines))


def sell(shop: Shop, product: int, quantity: str, **options: object) -> str:
    checkout = shop.checkout
    line = checkout.line_for(shop.products.get(product), Quantity.of(quantity))
    if "batch_id" in options:
        from dataclasses import replace

        line = replace(line, batch_id=options.pop("batch_id"))  # type: ignore[arg-type]
    cart, _ = checkout.new_cart().add(line)
    return checkout.complete(
        None, cart, [Tender(PaymentMethod.CASH, cart.totals().gross)], **options
    ).number  # type: ignore[arg-type]


def held(shop: Shop, product: int) -> dict[str, str]:
    return {b.number: str(b.quantity) for b in shop.batches.batches_of(product)}


def problems(shop: Shop) -> dict[str, tuple[str, ...]]:
    return {r.name: r.problems for r in shop.maintenance.verify() if r.problems}


def expire(shop: Shop, batch: str, days: int) -> None:
    """Move the shop's clock so that `batch` is `days` past its expiry (the batch was
    received before it expired, as it must be)."""
    db = shop.context.db
    expiry = dt.date.fromisoformat(
        db.execute("SELECT expiry FROM batches WHERE number = ?", (batch,)).fetchone()[0]
    )
    moment = dt.datetime.combine(expiry + dt.timedelta(days=days), dt.time(12)).astimezone()
    shop.context.clock = lambda: moment


def test_receiving_keeps_stock_per_batch_and_a_sale_takes_the_first_to_expire(
    pharmacy: tuple[Shop, int, int],
) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("LATE", "10", 200), ("SOON", "4", 20))
    assert held(shop, panadol) == {"SOON": "4", "LATE": "10"}  # the first to expire first
    assert shop.stock.level(panadol) == Quantity.of(14)
    number = sell(shop, panadol, "6")
    assert held(shop, panadol) == {"LATE": "8"}
    moves = shop.context.db.execute(
        "SELECT b.number, m.quantity FROM stock_movements m JOIN batches b ON b.id = m.batch_id "
        "WHERE m.document = ? ORDER BY m.id",
        (number,),
    ).fetchall()
    assert moves == [("SOON", -4000), ("LATE", -2000)]  # one line, two movements
    assert problems(shop) == {}


def test_the_cashier_may_pick_a_batch(pharmacy: tuple[Shop, int, int]) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("LATE", "10", 200), ("SOON", "4", 20))
    late = next(b.batch_id for b in shop.batches.batches_of(panadol) if b.number == "LATE")
    sell(shop, panadol, "1", batch_id=late)
    assert held(shop, panadol) == {"SOON": "4", "LATE": "9"}


def test_receiving_without_expiry_or_expired_is_refused_and_writes_nothing(
    pharmacy: tuple[Shop, int, int],
) -> None:
    shop, panadol, supplier = pharmacy
    db = shop.context.db
    before = db.execute("SELECT count(*) FROM stock_movements").fetchone()
    with pytest.raises(InvalidInput, match="give the expiry date of batch L1"):
        receive(shop, supplier, panadol, ("L1", "5", None))
    with pytest.raises(InvalidInput, match="expired on"):
        receive(shop, supplier, panadol, ("L1", "5", -1))
    with pytest.raises(InvalidInput, match="type the batch number"):
        receive(shop, supplier, panadol, ("", "5", 30))
    assert db.execute("SELECT count(*) FROM stock_movements").fetchone() == before
    assert db.execute("SELECT count(*) FROM batches").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM goods_received").fetchone() == (0,)
    # the same batch again with another expiry date is a mistake too
    receive(shop, supplier, panadol, ("L1", "5", 30))
    with pytest.raises(InvalidInput, match="came before with the expiry date"):
        receive(shop, supplier, panadol, ("L1", "5", 31))
    receive(shop, supplier, panadol, ("L1", "5", 30))  # the same batch: one row
    assert held(shop, panadol) == {"L1": "10"}


def test_receiving_against_a_purchase_order_records_the_batch(
    pharmacy: tuple[Shop, int, int],
) -> None:
    shop, panadol, supplier = pharmacy
    order = shop.purchases.create(
        PurchaseOrderDraft(supplier, (OrderLineDraft(panadol, Quantity.of(10), kes("30")),))
    )
    found = shop.purchases.find(order)
    shop.purchases.receive(
        found.id,
        [ReceivedLine(panadol, Quantity.of(10), kes("30"), batch="PO-LOT", expiry=day(90))],
    )
    assert held(shop, panadol) == {"PO-LOT": "10"}


def test_an_expired_batch_is_refused_at_the_till_unless_a_manager_approves(
    pharmacy: tuple[Shop, int, int],
) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("OLD", "3", 5))
    expire(shop, "OLD", 2)
    db = shop.context.db
    sales_before = db.execute("SELECT count(*) FROM sales").fetchone()
    with pytest.raises(ApprovalNeeded, match="batch OLD expired on") as refused:
        sell(shop, panadol, "1")  # even the owner is asked: nothing leaves by chance
    assert refused.value.permission is Permission.SELL_EXPIRED
    shop.access.add_user("Neema", Role.CASHIER, "1357")
    shop.access.sign_in("1357")
    with pytest.raises(ApprovalNeeded):
        sell(shop, panadol, "1")
    assert db.execute("SELECT count(*) FROM sales").fetchone() == sales_before
    assert held(shop, panadol) == {"OLD": "3"}
    approval = shop.access.approve(OWNER_PIN, Permission.SELL_EXPIRED)
    sell(shop, panadol, "1", expired_approval=approval)
    assert held(shop, panadol) == {"OLD": "2"}
    action, approver = db.execute(
        "SELECT action, approved_by FROM audit WHERE action = 'expired_sold'"
    ).fetchone()
    assert (action, approver) == ("expired_sold", 1)  # recorded, with the owner's approval
    # it is listed for write-off (its value at cost for who may see costs)
    assert [b.value for b in shop.batches.expiring(30)] == [kes("0")]
    shop.access.sign_in(OWNER_PIN)
    [expired] = [b for b in shop.batches.expiring(30) if b.expired]
    assert (expired.batch, expired.days_left, expired.value) == ("OLD", -2, kes("60"))


def test_a_fresh_batch_is_sold_before_an_expired_one_needs_asking(
    pharmacy: tuple[Shop, int, int],
) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("OLD", "3", 1), ("NEW", "2", 60))
    expire(shop, "OLD", 1)
    sell(shop, panadol, "2")  # from NEW: nothing to approve
    assert held(shop, panadol) == {"OLD": "3"}
    with pytest.raises(ApprovalNeeded):
        sell(shop, panadol, "1")


def test_returns_go_back_to_their_batch(pharmacy: tuple[Shop, int, int]) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("A", "2", 10), ("B", "10", 40))
    number = sell(shop, panadol, "5")  # 2 from A, 3 from B
    sale = shop.returns.find(number)
    line = sale.lines[0].line_id
    shop.returns.refund(number, {line: (Quantity.of(4), True)}, PaymentMethod.CASH)
    assert held(shop, panadol) == {"A": "1", "B": "10"}  # B's 3 back first, then 1 to A
    again = shop.returns.find(number)
    shop.returns.refund(number, {line: (Quantity.of(1), False)}, PaymentMethod.CASH)
    del again
    assert held(shop, panadol) == {"A": "1", "B": "10"}  # damaged: back to A, written off
    assert problems(shop) == {}


def test_writing_off_and_counting_per_batch(pharmacy: tuple[Shop, int, int]) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("A", "5", 3), ("B", "10", 40))
    a, b = (x.batch_id for x in shop.batches.batches_of(panadol))
    assert shop.batches.write_off(a) == Quantity.of(5)
    assert held(shop, panadol) == {"B": "10"}
    shop.batches.post_count({b: Quantity.of(8)}, "shelf count")
    assert held(shop, panadol) == {"B": "8"}
    assert shop.stock.level(panadol) == Quantity.of(8)
    with pytest.raises(InvalidInput):
        shop.batches.write_off(a)  # nothing left in it
    assert problems(shop) == {}


def test_expiring_lists_within_the_days_with_value_at_cost(
    pharmacy: tuple[Shop, int, int],
) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("WEEK", "4", 5), ("YEAR", "10", 365))
    rows = shop.batches.expiring(7)
    assert [(r.batch, r.days_left, r.quantity, r.value) for r in rows] == [
        ("WEEK", 5, Quantity.of(4), kes("120"))
    ]
    assert [r.batch for r in shop.batches.expiring(400)] == ["WEEK", "YEAR"]
    table = shop.reports.run("expiring", days=7)
    assert table.values("batch") == ["WEEK"]


def test_verify_catches_a_tampered_batch_level(pharmacy: tuple[Shop, int, int]) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("A", "5", 30))
    shop.context.db.execute("UPDATE batch_levels SET quantity = quantity + 1000")
    found = problems(shop)
    assert any("batch_levels: batch" in p for ps in found.values() for p in ps)


def test_export_and_import_round_trip(pharmacy: tuple[Shop, int, int], tmp_path: Path) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("A", "5", 30), ("B", "3", 60))
    out = tmp_path / "batches.csv"
    assert shop.batches.export(out) == 2
    text = out.read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "product_id,sku,batch,expiry,quantity"
    assert text[1] == f"{panadol},PAN,A,{day(30).isoformat()},5"
    # the same file, read into a new product's opening stock per batch
    other = shop.products.add(ProductDraft("Calpol", kes("80"), kes("50"), sku="CAL"))
    shop.batches.set_tracking(other, True)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"sku,batch,expiry,quantity\nCAL,X,{day(-1).isoformat()},3\nCAL,Y,,2\n")
    before = shop.context.db.execute("SELECT count(*) FROM stock_movements").fetchone()
    with pytest.raises(InvalidInput, match="expired on"):
        shop.batches.import_opening(bad)
    assert shop.context.db.execute("SELECT count(*) FROM stock_movements").fetchone() == before
    moved = tmp_path / "calpol.csv"
    moved.write_text(out.read_text(encoding="utf-8-sig").replace(f"{panadol},PAN", ",CAL"))
    assert shop.batches.import_opening(moved) == 2
    assert held(shop, other) == {"A": "5", "B": "3"}
    assert problems(shop) == {}


def test_an_invoice_takes_the_first_to_expire_and_refuses_an_expired_batch(
    pharmacy: tuple[Shop, int, int],
) -> None:
    from dataclasses import replace

    from duka.core.customers import NewCustomer
    from duka.core.invoices import DocKind

    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("LATE", "10", 200), ("SOON", "3", 20))
    customer = shop.customers.add(NewCustomer("Kliniki", kes("100000")))
    invoices = shop.invoices

    def invoice(quantity: str) -> int:
        line = invoices.product_line(shop.products.get(panadol), Quantity.of(quantity))
        blank = invoices.new_draft(DocKind.INVOICE, customer)
        return invoices.save_draft(replace(blank, lines=(line,)))

    invoices.issue(invoice("5"))
    assert held(shop, panadol) == {"LATE": "8"}
    expire(shop, "LATE", 1)
    draft_id = invoice("1")
    with pytest.raises(InvalidInput, match="batch LATE expired on"):
        invoices.issue(draft_id)
    assert held(shop, panadol) == {"LATE": "8"}
    assert problems(shop) == {}


def test_a_product_stocktake_of_a_batch_product_asks_to_count_per_batch(
    pharmacy: tuple[Shop, int, int],
) -> None:
    shop, panadol, supplier = pharmacy
    receive(shop, supplier, panadol, ("A", "5", 30))
    before = shop.context.db.execute("SELECT count(*) FROM stock_movements").fetchone()
    with pytest.raises(InvalidInput, match="count it batch by batch"):
        shop.stock.post_stocktake({panadol: Quantity.of(4)})
    assert shop.context.db.execute("SELECT count(*) FROM stock_movements").fetchone() == before
    shop.stock.post_stocktake({panadol: Quantity.of(5)})  # what the batches hold: nothing to do


def test_another_tills_batches_and_sales_arrive_with_their_levels(
    kenya_shop: Shop, tmp_path: Path, private_home: Path
) -> None:
    from duka.services.shop import Shop as OpenShop
    from tests.services.test_sync_tills import two_tills, verified

    hub = kenya_shop
    _tea, two_path, folder = two_tills(hub, tmp_path)
    panadol = hub.products.add(ProductDraft("Panadol", kes("50"), kes("30"), sku="PAN"))
    hub.batches.set_tracking(panadol, True)
    supplier = hub.suppliers.add(SupplierDraft("Dawa Ltd"))
    hub.sync.exchange(folder)
    with OpenShop.open(two_path, backup_dir=private_home / "backups-2") as two:
        two.context.actor = two.access.sign_in(OWNER_PIN, "Zawadi")
        two.sync.exchange(folder)
        receive(two, supplier, panadol, ("T2-LOT", "8", 60))
        sell(two, panadol, "3")
        two.sync.exchange(folder)
    report = hub.sync.exchange(folder)
    assert not report.refused, report
    assert held(hub, panadol) == {"T2-LOT": "5"}  # the trigger counted what arrived
    assert verified(hub) == {}
