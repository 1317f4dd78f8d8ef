"""Every service operation that writes says what it changed, and the set is the truth: the
tables it wrote (seen by triggers set on them for the test) all belong to areas in its set."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from duka.core import settings as spec
from duka.core.access import Role
from duka.core.changes import Area, Changes
from duka.core.customers import NewCustomer
from duka.core.invoices import DocKind
from duka.core.ledger import PaymentMethod as LedgerMethod
from duka.core.money import Money
from duka.core.products import PriceChange, ProductDraft, ProductQuery
from duka.core.promotions import Kind, PromotionDraft, Scope
from duka.core.quantity import Quantity
from duka.core.quick_keys import Layout
from duka.core.sale import PaymentMethod as SaleMethod
from duka.core.sale import Tender
from duka.core.suppliers import GoodsReceivedDraft, ReceivedLine, SupplierDraft
from duka.core.suppliers import PaymentMethod as SupplierMethod
from duka.services.shop import Shop
from duka.store.changes_repo import TABLE_AREAS
from tests.other_process import write_elsewhere

A = Area


def kes(amount: str) -> Money:
    return Money.of(amount, "KES")


def sell(shop: Shop, *, customer: int | None = None, on_account: bool = False) -> str:
    line = shop.checkout.line_for(shop.products.get(1), Quantity.of(1))
    cart, _ = shop.checkout.new_cart().add(line)
    if customer is not None:
        cart = cart.with_customer(shop.customers.get(customer))
    due = cart.totals().gross
    method = SaleMethod.ACCOUNT if on_account else SaleMethod.CASH
    return shop.checkout.complete(None, cart, [Tender(method, due)]).number


def refund(shop: Shop) -> object:
    number = sell(shop)
    sale = shop.returns.find(number)
    line = sale.lines[0]
    return shop.returns.refund(number, {line.line_id: (Quantity.of(1), True)}, SaleMethod.CASH)


def park_and_resume(shop: Shop) -> object:
    line = shop.checkout.line_for(shop.products.get(1), Quantity.of(1))
    parked = shop.carts.park(None, shop.checkout.new_cart().add(line)[0])
    cart_id, cart = shop.carts.resume(parked, None, shop.checkout.new_cart())
    return shop.carts.cancel(cart_id, cart, "changed mind")


def a_customer(shop: Shop) -> int:
    return shop.customers.page(0, 1)[0].id


def draft_invoice(shop: Shop) -> int:
    draft = shop.invoices.new_draft(DocKind.INVOICE, a_customer(shop))
    line = shop.invoices.product_line(shop.products.get(1), Quantity.of(2))
    draft = replace(draft, lines=(line,))
    return shop.invoices.save_draft(draft)


def issued_invoice(shop: Shop) -> int:
    invoice_id = draft_invoice(shop)
    shop.invoices.issue(invoice_id)
    return invoice_id


def import_products(shop: Shop) -> object:
    path = shop.path.with_name("in.csv")
    path.write_text("name,price\nKahawa,120\n", encoding="utf-8")
    return shop.exchange.apply(shop.exchange.preview(path))


def import_customers(shop: Shop) -> object:
    path = shop.path.with_name("people.csv")
    path.write_text("name,phone\nMwanaisha,+254 711 000 111\n", encoding="utf-8")
    return shop.customer_exchange.apply(shop.customer_exchange.preview(path))


def a_promotion(shop: Shop) -> PromotionDraft:
    today = shop.promotions.local_now().date()
    # Long after the demo's own promotions, so that it overlaps none of them.
    starts = today + dt.timedelta(days=400)
    return PromotionDraft(
        "Tea 10% off",
        Kind.PERCENT,
        Scope.PRODUCTS,
        starts,
        starts,
        frozenset({1}),
        percent=Decimal(10),
    )


# (what the shopkeeper does, the operation, the areas it changes)
OPERATIONS: list[tuple[str, Callable[[Shop], Any], set[Area]]] = [
    (
        "change a setting",
        lambda s: s.settings.save({spec.PHONE.key: "+254 700 999 999"}),
        {A.SETTINGS, A.AUDIT},
    ),
    (
        "add a product",
        lambda s: s.products.add(ProductDraft("Tea", kes("90"), kes("60"))),
        {A.PRODUCTS, A.STOCK, A.AUDIT},
    ),
    (
        "change a product",
        lambda s: s.products.update(1, ProductDraft("Chai", kes("95"), kes("60"))),
        {A.PRODUCTS, A.STOCK, A.AUDIT},
    ),
    ("stop selling a product", lambda s: s.products.set_active(1, False), {A.PRODUCTS, A.AUDIT}),
    (
        "change prices in bulk",
        lambda s: s.products.change_prices(ProductQuery(), PriceChange(Decimal(10))),
        {A.PRODUCTS, A.AUDIT},
    ),
    ("add a category", lambda s: s.products.add_category("Drinks > Hot"), {A.PRODUCTS}),
    ("import products", import_products, {A.PRODUCTS, A.STOCK, A.AUDIT}),
    (
        "adjust stock",
        lambda s: s.stock.adjust(1, Quantity.of(1), "found"),
        {A.STOCK, A.AUDIT},
    ),
    (
        "post a stocktake",
        lambda s: s.stock.post_stocktake({1: Quantity.of(3)}),
        {A.STOCK, A.AUDIT},
    ),
    ("keep batches of a product", lambda s: s.batches.set_tracking(1, True), {A.PRODUCTS, A.AUDIT}),
    (
        "write off an expired batch",
        lambda s: s.batches.write_off(s.batches.expiring(0)[0].batch_id),
        {A.STOCK, A.AUDIT},
    ),
    (
        "count a batch",
        lambda s: s.batches.post_count({s.batches.expiring(30)[0].batch_id: Quantity.of(2)}),
        {A.STOCK, A.AUDIT},
    ),
    ("add a supplier", lambda s: s.suppliers.add(SupplierDraft("Ketepa")), {A.SUPPLIERS, A.AUDIT}),
    (
        "change a supplier",
        lambda s: s.suppliers.update(1, SupplierDraft("Ketepa Ltd")),
        {A.SUPPLIERS, A.AUDIT},
    ),
    (
        "receive a delivery",
        lambda s: s.suppliers.receive(
            GoodsReceivedDraft(1, (ReceivedLine(1, Quantity.of(2), kes("50")),))
        ),
        {A.STOCK, A.SUPPLIERS, A.PRODUCTS, A.AUDIT},
    ),
    (
        "pay a supplier",
        lambda s: s.suppliers.pay(1, kes("10"), SupplierMethod.CASH),
        {A.SUPPLIERS, A.CASH, A.AUDIT},
    ),
    (
        "add a customer",
        lambda s: s.customers.add(NewCustomer("Neema", Money.zero("KES"))),
        {A.CUSTOMERS, A.AUDIT},
    ),
    ("import customers", import_customers, {A.CUSTOMERS, A.AUDIT}),
    (
        "take a customer's payment",
        lambda s: s.accounts.receive_payment(
            a_customer(s), kes("10"), LedgerMethod.CASH, keep_as_credit=True
        ),
        {A.CUSTOMERS, A.CASH, A.INVOICES, A.AUDIT},
    ),
    (
        "correct an account",
        lambda s: s.accounts.adjust(a_customer(s), kes("5"), "typo"),
        {A.CUSTOMERS, A.AUDIT},
    ),
    ("sell", sell, {A.SALES, A.STOCK, A.CASH, A.CUSTOMERS, A.PARKED}),
    ("refund", refund, {A.SALES, A.STOCK, A.CASH, A.CUSTOMERS, A.PARKED, A.AUDIT}),
    ("park, resume and cancel a sale", park_and_resume, {A.PARKED, A.AUDIT}),
    ("open the drawer", lambda s: s.cash.open(kes("500")), {A.CASH}),
    (
        "pay out of the drawer",
        lambda s: s.cash.move(kes("50"), "bread", paid_in=False, opening_float=kes("500")),
        {A.CASH},
    ),
    ("save an invoice draft", draft_invoice, {A.INVOICES}),
    (
        "delete an invoice draft",
        lambda s: s.invoices.delete_draft(draft_invoice(s)),
        {A.INVOICES},
    ),
    ("issue an invoice", issued_invoice, {A.INVOICES, A.CUSTOMERS, A.STOCK}),
    (
        "void an invoice",
        lambda s: s.invoices.void(issued_invoice(s), "wrong customer"),
        {A.INVOICES, A.CUSTOMERS, A.STOCK, A.AUDIT},
    ),
    (
        "take an invoice's payment",
        lambda s: s.invoices.receive_payment(issued_invoice(s), kes("1"), LedgerMethod.CASH),
        {A.INVOICES, A.CUSTOMERS, A.CASH, A.STOCK, A.AUDIT},
    ),
    (
        "lay out the quick keys",
        lambda s: s.quick_keys.save(Layout().add_page("Drinks").add_tile(0, 1)),
        {A.QUICK_KEYS, A.AUDIT},
    ),
    (
        "add a user",
        lambda s: s.access.add_user("Rehema", Role.CASHIER, "97531"),
        {A.USERS, A.AUDIT},
    ),
    ("make a promotion", lambda s: s.promotions.create(a_promotion(s)), {A.PRODUCTS, A.AUDIT}),
    (
        "end a promotion",
        lambda s: s.promotions.end(s.promotions.create(a_promotion(s))),
        {A.PRODUCTS, A.AUDIT},
    ),
    ("sign in", lambda s: s.access.sign_in("1234", "Amina"), {A.USERS, A.AUDIT}),
    ("lock the screen", lambda s: s.access.lock(), {A.AUDIT}),
]


@pytest.fixture
def watched(demo_shop: Shop) -> Iterator[tuple[Shop, Callable[[], set[str]]]]:
    """The demo shop, with every table's writes noted in a temporary table."""
    db = demo_shop.context.db
    db.execute("CREATE TEMP TABLE written (name TEXT)")
    for table in _tables(db):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"CREATE TEMP TRIGGER note_{table}_{event.lower()} AFTER {event} ON main.{table} "
                f"BEGIN INSERT INTO written VALUES ('{table}'); END"
            )

    def written() -> set[str]:
        names = {r[0] for r in db.execute("SELECT DISTINCT name FROM temp.written")}
        db.execute("DELETE FROM temp.written")
        return names

    demo_shop.take_changes()
    yield demo_shop, written


def _tables(db: sqlite3.Connection) -> list[str]:
    """The shop's ordinary tables (not the search index's own, nor SQLite's)."""
    return [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%' "
            "AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'products_fts%' "
            "AND name != '_sqlite_migrations'"
        )
    ]


@pytest.mark.parametrize(
    ("name", "operation", "expected"), OPERATIONS, ids=[o[0] for o in OPERATIONS]
)
def test_each_write_returns_what_it_changed(
    watched: tuple[Shop, Callable[[], set[str]]],
    name: str,
    operation: Callable[[Shop], Any],
    expected: set[Area],
) -> None:
    shop, written = watched
    written()
    outcome = shop.perform(lambda: operation(shop))
    assert outcome.changes == Changes(frozenset(expected)), f"{name}: {outcome.changes}"
    touched = {TABLE_AREAS[t] for t in written()} - {None}
    assert touched <= outcome.changes.areas, f"{name} wrote {touched - outcome.changes.areas}"
    assert shop.take_changes() == Changes()  # reported once


def test_every_table_belongs_to_an_area_or_is_a_cache(demo_shop: Shop) -> None:
    assert set(_tables(demo_shop.context.db)) == set(TABLE_AREAS) - {"products_fts"}


def test_a_refused_operation_changes_nothing_but_its_refusal(demo_shop: Shop) -> None:
    demo_shop.access.sign_in("1357", "Wanjiru")  # a cashier
    demo_shop.take_changes()
    from duka.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        demo_shop.perform(lambda: demo_shop.access.add_user("X", Role.CASHIER, "2468"))
    # The denied attempt is in the audit trail, which is all that changed.
    assert demo_shop.take_changes() == Changes.of(A.AUDIT)


def test_a_write_inside_another_counts_once(demo_shop: Shop) -> None:
    demo_shop.take_changes()
    with demo_shop.context.writing(A.PRODUCTS):
        demo_shop.customers.add(NewCustomer("Neema", Money.zero("KES")))
        assert demo_shop.take_changes() == Changes()  # not committed yet
    assert demo_shop.take_changes() == Changes.of(A.PRODUCTS, A.CUSTOMERS, A.AUDIT)


def test_a_rolled_back_write_reports_nothing(demo_shop: Shop) -> None:
    demo_shop.take_changes()
    before = demo_shop.context.db.execute("SELECT count(*) FROM change_versions").fetchone()
    with pytest.raises(RuntimeError), demo_shop.context.writing(A.CUSTOMERS):
        demo_shop.customers.add(NewCustomer("Neema", Money.zero("KES")))
        raise RuntimeError("power cut")
    assert demo_shop.take_changes() == Changes()
    after = demo_shop.context.db.execute("SELECT count(*) FROM change_versions").fetchone()
    assert after == before


def test_a_write_by_another_process_is_read_as_its_change_set(
    demo_shop: Shop, tmp_path: Path
) -> None:
    assert demo_shop.outside_changes() == Changes()  # where things stand
    demo_shop.products.add(ProductDraft("Tea", kes("90"), kes("60")))  # its own write
    assert demo_shop.outside_changes() == Changes()
    write_elsewhere(
        demo_shop.path,
        tmp_path,
        "from duka.core.customers import NewCustomer",
        "from duka.core.money import Money",
        'shop.customers.add(NewCustomer("From the other till", Money.zero("KES")))',
    )
    assert demo_shop.outside_changes() == Changes.of(A.CUSTOMERS, A.AUDIT)
    assert demo_shop.outside_changes() == Changes()  # read once


def test_a_detached_connections_writes_are_not_taken_for_anothers(demo_shop: Shop) -> None:
    demo_shop.outside_changes()
    with demo_shop.detached() as worker:
        outcome = worker.perform(lambda: import_products(worker))
    assert outcome.changes.touches({A.PRODUCTS})
    assert demo_shop.outside_changes() == Changes()


def test_services_write_only_through_transactions_that_say_what_they_change() -> None:
    import duka.services

    folder = Path(duka.services.__file__).parent
    raw = [
        path.name
        for path in sorted(folder.rglob("*.py"))
        if path.name != "context.py" and "transaction(" in path.read_text(encoding="utf-8")
    ]
    assert raw == []
