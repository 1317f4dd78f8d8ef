"""The open shop as the interface holds it: its services and what it is, never its connection.

`Shop` keeps the database connection (`Shop.context`) for the services it wires; the window
is typed against `ShopView` instead, so a screen that reached for the connection, to run SQL
or a transaction of its own, would not type-check (mypy: "ShopView" has no attribute
"context"). A service or a fact the interface needs is added here, and `Shop` provides it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeVar

from duka.core.access import Permission
from duka.core.changes import Changes, Outcome

if TYPE_CHECKING:  # the types only: a start reads no service's code for this module
    from duka.services.access import AccessService
    from duka.services.accounts import AccountService
    from duka.services.audit import AuditService
    from duka.services.batches import BatchService
    from duka.services.carts import CartService
    from duka.services.cash import CashService
    from duka.services.checkout import CheckoutService
    from duka.services.customer_exchange import CustomerExchange
    from duka.services.customers import CustomerService
    from duka.services.expenses import ExpenseService
    from duka.services.invoices import InvoiceService
    from duka.services.labels import LabelService
    from duka.services.maintenance import MaintenanceService
    from duka.services.money import MoneyService
    from duka.services.price_lists import PriceListService
    from duka.services.product_exchange import ProductExchange
    from duka.services.products import ProductService
    from duka.services.promotions import PromotionService
    from duka.services.purchases import PurchaseService
    from duka.services.quick_keys import QuickKeyService
    from duka.services.receipts import ReceiptService
    from duka.services.reports import ReportService
    from duka.services.returns import ReturnService
    from duka.services.settings import SettingsService
    from duka.services.stock import StockService
    from duka.services.suppliers import SupplierService
    from duka.services.sync import SyncService
    from duka.services.tills import TillService
    from duka.services.transfers import TransferService
    from duka.services.variants import VariantService
    from duka.store.database import Upgrade


T = TypeVar("T")


class ShopView(Protocol):
    """What the interface may use of an open `Shop`; every member is read-only."""

    @property
    def access(self) -> AccessService: ...
    @property
    def settings(self) -> SettingsService: ...
    @property
    def products(self) -> ProductService: ...
    @property
    def audit(self) -> AuditService: ...
    @property
    def customers(self) -> CustomerService: ...
    @property
    def carts(self) -> CartService: ...
    @property
    def price_lists(self) -> PriceListService: ...
    @property
    def checkout(self) -> CheckoutService: ...
    @property
    def promotions(self) -> PromotionService: ...
    @property
    def quick_keys(self) -> QuickKeyService: ...
    @property
    def accounts(self) -> AccountService: ...
    @property
    def invoices(self) -> InvoiceService: ...
    @property
    def customer_exchange(self) -> CustomerExchange: ...
    @property
    def receipts(self) -> ReceiptService: ...
    @property
    def returns(self) -> ReturnService: ...
    @property
    def cash(self) -> CashService: ...
    @property
    def stock(self) -> StockService: ...
    @property
    def exchange(self) -> ProductExchange: ...
    @property
    def labels(self) -> LabelService: ...
    @property
    def suppliers(self) -> SupplierService: ...
    @property
    def purchases(self) -> PurchaseService: ...
    @property
    def money(self) -> MoneyService: ...
    @property
    def expenses(self) -> ExpenseService: ...
    @property
    def reports(self) -> ReportService: ...
    @property
    def maintenance(self) -> MaintenanceService: ...
    @property
    def tills(self) -> TillService: ...
    @property
    def sync(self) -> SyncService: ...
    @property
    def transfers(self) -> TransferService: ...
    @property
    def variants(self) -> VariantService: ...
    @property
    def batches(self) -> BatchService: ...

    @property
    def path(self) -> Path:
        """The shop's file."""

    @property
    def backup_dir(self) -> Path:
        """Where its backups go unless told otherwise."""

    @property
    def snapshot(self) -> bool:
        """True: a private copy of a shop Duka may not write to now."""

    @property
    def upgrade(self) -> Upgrade | None:
        """Set when opening brought a shop written by an older Duka up to date."""

    def detached(self) -> ShopView:
        """The same shop on a connection of its own, for long work in another thread."""

    def touch_anchor(self) -> None:
        """Something was written: keep the journal's anchor near the file's head."""

    def perform(
        self, operation: Callable[[], T], asking: Collection[Permission] = ()
    ) -> Outcome[T]:
        """Run one service operation: its result and what it changed (Shop.perform)."""

    def take_changes(self) -> Changes:
        """What this shop's connection wrote since it was last asked."""

    def outside_changes(self) -> Changes:
        """What other connections committed to the file since the last call."""

    def close(self) -> None: ...

    def __enter__(self) -> ShopView: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
