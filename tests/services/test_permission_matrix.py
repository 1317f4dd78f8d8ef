"""Every restricted service operation, tried as every role."""

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from duka.core import settings as spec
from duka.core.access import ROLE_PERMISSIONS, Permission, Role
from duka.core.audit import AuditFilter
from duka.core.customers import NewCustomer
from duka.core.errors import NotAllowed
from duka.core.money import Money
from duka.core.products import PriceChange, ProductDraft, ProductQuery
from duka.core.quantity import Quantity
from duka.core.sale import PaymentMethod as SaleMethod
from duka.core.sale import Tender
from duka.core.suppliers import GoodsReceivedDraft, PaymentMethod, ReceivedLine, SupplierDraft
from duka.services.shop import Shop
from tests.conftest import OWNER_PIN

PINS = {Role.OWNER: OWNER_PIN, Role.MANAGER: "2580", Role.CASHIER: "1357"}


def sell(shop: Shop, discount: str | None = None) -> object:
    line = shop.checkout.line_for(shop.products.get(1), Quantity.of(1))
    cart, _ = shop.checkout.new_cart().add(line)
    if discount is not None:
        cart = cart.with_discount(Money.of(discount, "KES"))
    due = cart.totals().gross
    return shop.checkout.complete(None, cart, [Tender(SaleMethod.CASH, due)])


def park(shop: Shop) -> object:
    line = shop.checkout.line_for(shop.products.get(1), Quantity.of(1))
    return shop.carts.park(None, shop.checkout.new_cart().add(line)[0])


def import_file(shop: Shop, text: str) -> object:
    path = shop.path.with_name("in.csv")
    path.write_text(text, encoding="utf-8")
    return shop.exchange.apply(shop.exchange.preview(path))


OPERATIONS: list[tuple[str, Permission, Callable[[Shop], Any]]] = [
    (
        "change a setting",
        Permission.CHANGE_SETTINGS,
        lambda s: s.settings.save({spec.PHONE.key: "+254 700 999 999"}),
    ),
    (
        "add a product",
        Permission.MANAGE_PRODUCTS,
        lambda s: s.products.add(ProductDraft("Tea", Money.of("90", "KES"), Money.of("60", "KES"))),
    ),
    (
        "add a customer",
        Permission.MANAGE_CUSTOMERS,
        lambda s: s.customers.add(NewCustomer("Neema", Money.zero("KES"))),
    ),
    (
        "give credit",
        Permission.SET_CREDIT_LIMITS,
        lambda s: s.customers.add(NewCustomer("Juma", Money.of("500", "KES"))),
    ),
    (
        "change prices in bulk",
        Permission.MANAGE_PRODUCTS,
        lambda s: s.products.change_prices(ProductQuery(), PriceChange(Decimal(10))),
    ),
    (
        "adjust stock",
        Permission.ADJUST_STOCK,
        lambda s: s.stock.adjust(1, Quantity.of(1), "found"),
    ),
    (
        "post a stocktake",
        Permission.ADJUST_STOCK,
        lambda s: s.stock.post_stocktake({1: Quantity.of(3)}),
    ),
    ("add a supplier", Permission.MANAGE_SUPPLIERS, lambda s: s.suppliers.add(SupplierDraft("X"))),
    (
        "receive a delivery",
        Permission.RECEIVE_STOCK,
        lambda s: s.suppliers.receive(
            GoodsReceivedDraft(1, (ReceivedLine(1, Quantity.of(2), Money.of("50", "KES")),))
        ),
    ),
    (
        "pay a supplier",
        Permission.PAY_SUPPLIERS,
        lambda s: s.suppliers.pay(1, Money.of("10", "KES"), PaymentMethod.CASH),
    ),
    ("read a supplier statement", Permission.PAY_SUPPLIERS, lambda s: s.suppliers.statement(1)),
    ("import products", Permission.MANAGE_PRODUCTS, lambda s: import_file(s, "name,price\nX,1\n")),
    (
        "export products",
        Permission.EXPORT_DATA,
        lambda s: s.exchange.export(s.path.with_name("out.csv")),
    ),
    ("sell", Permission.SELL, sell),
    ("park a sale", Permission.PARK_SALES, park),
    ("sell at a big discount", Permission.DISCOUNT, lambda s: sell(s, "40")),
    ("list users", Permission.MANAGE_USERS, lambda s: s.access.users()),
    (
        "add a user",
        Permission.MANAGE_USERS,
        lambda s: s.access.add_user("Hassan", Role.CASHIER, "2468"),
    ),
    ("disable a user", Permission.MANAGE_USERS, lambda s: s.access.set_active("Extra", False)),
    ("change a role", Permission.MANAGE_USERS, lambda s: s.access.set_role("Extra", Role.MANAGER)),
    ("set another's PIN", Permission.MANAGE_USERS, lambda s: s.access.set_pin("Extra", "8642")),
    ("verify", Permission.VERIFY, lambda s: s.maintenance.verify()),
    ("back up", Permission.BACKUP_RESTORE, lambda s: s.maintenance.backup()),
    ("back up in the background", Permission.BACKUP_RESTORE, lambda s: s.maintenance.backup_copy()),
    ("read the audit trail", Permission.VIEW_AUDIT, lambda s: s.audit.page(AuditFilter(), 0, 10)),
    ("count the audit trail", Permission.VIEW_AUDIT, lambda s: s.audit.count(AuditFilter())),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One staffed shop, copied for each case (PIN hashing is slow on purpose)."""
    folder = tmp_path_factory.mktemp("matrix")
    path = folder / "template.sqlite3"
    with Shop.open(path, backup_dir=folder / "b") as shop:
        shop.settings.first_run(
            "Duka", "KE", language="en", owner_name="Zawadi", owner_pin=OWNER_PIN
        )
        shop.access.add_user("Baraka", Role.MANAGER, PINS[Role.MANAGER])
        shop.access.add_user("Wanjiru", Role.CASHIER, PINS[Role.CASHIER])
        shop.access.add_user("Extra", Role.CASHIER, "9753")
        tea = shop.products.add(ProductDraft("Tea", Money.of("90", "KES"), Money.of("60", "KES")))
        supplier = shop.suppliers.add(SupplierDraft("Ketepa"))
        shop.suppliers.receive(
            GoodsReceivedDraft(
                supplier, (ReceivedLine(tea, Quantity.of(10), Money.of("60", "KES")),)
            )
        )
        shop.context.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def snapshot(shop: Shop) -> dict[str, object]:
    db = shop.context.db
    return {
        table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in (
            "settings",
            "products",
            "customers",
            "users",
            "stock_movements",
            "suppliers",
            "supplier_ledger",
            "sales",
            "carts",
        )
    }


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize(
    ("name", "permission", "operation"), OPERATIONS, ids=[o[0] for o in OPERATIONS]
)
def test_each_role_may_do_exactly_what_it_is_allowed(
    template: Path,
    tmp_path: Path,
    role: Role,
    name: str,
    permission: Permission,
    operation: Callable[[Shop], Any],
) -> None:
    path = tmp_path / "shop.sqlite3"
    path.write_bytes(template.read_bytes())
    with Shop.open(path, backup_dir=tmp_path / "b") as shop:
        shop.access.sign_in(PINS[role])
        before = snapshot(shop)
        denied_before = shop.context.db.execute(
            "SELECT count(*) FROM audit WHERE outcome = 'denied'"
        ).fetchone()[0]
        if permission in ROLE_PERMISSIONS[role]:
            operation(shop)
        else:
            with pytest.raises(NotAllowed):
                operation(shop)
            assert snapshot(shop) == before  # nothing changed
            denied = shop.context.db.execute(
                "SELECT actor, action, subject FROM audit WHERE outcome = 'denied' ORDER BY id"
            ).fetchall()
            assert len(denied) == denied_before + 1
            assert denied[-1] == (shop.access.actor.name, "denied", permission.name)  # type: ignore[union-attr]


def test_the_roles_are_as_the_shop_needs_them() -> None:
    owner, manager, cashier = (ROLE_PERMISSIONS[r] for r in Role)
    assert owner == frozenset(Permission)
    assert owner - manager == {
        Permission.MANAGE_USERS,
        Permission.BACKUP_RESTORE,
        Permission.CHANGE_SETTINGS,
        Permission.OWNER_MONEY,  # the owner's drawings and capital, and overdrafts
    }
    for forbidden in (
        Permission.MANAGE_PRODUCTS,
        Permission.ADJUST_STOCK,
        Permission.VOID_DOCUMENTS,
        Permission.SEE_COSTS,
        Permission.EXPORT_DATA,
        Permission.CHANGE_SETTINGS,
        Permission.DISCOUNT,
        Permission.BIG_REFUNDS,
        Permission.MANAGE_MONEY,
    ):
        assert forbidden not in cashier
    for needed in (
        Permission.SELL,
        Permission.TAKE_PAYMENTS,
        Permission.PARK_SALES,
        Permission.RETURN_GOODS,
        Permission.CASH_SESSION,
    ):
        assert needed in cashier
