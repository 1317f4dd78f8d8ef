"""The Shop facade: open a shop's database and get its services."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Collection
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from duka.core.access import Actor, Permission
from duka.core.changes import Changes, Outcome
from duka.i18n import _
from duka.services.access import AccessService
from duka.services.anchor import AnchorBook, Keeper
from duka.services.clock import Clock, system_clock
from duka.services.context import Context
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.store.database import (
    DEFAULT_BUSY_TIMEOUT_MS,
    Connection,
    Upgrade,
    check_path,
    connect,
    open_and_upgrade,
    open_for_reading,
)
from duka.store.shop_lock import ShopLock

if TYPE_CHECKING:
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
    from duka.services.promotions import PromotionService
    from duka.services.purchases import PurchaseService
    from duka.services.quick_keys import QuickKeyService
    from duka.services.receipts import ReceiptService
    from duka.services.reports import ReportService
    from duka.services.returns import ReturnService
    from duka.services.stock import StockService
    from duka.services.suppliers import SupplierService
    from duka.services.sync import SyncService
    from duka.services.tills import TillService
    from duka.services.transfers import TransferService
    from duka.services.variants import VariantService


T = TypeVar("T")


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _context(
    db: Connection, path: Path, actor: Actor | None, clock: Clock, anchor_dir: Path | None
) -> Context:
    """What the services of a shop just opened share; the journal's anchor is kept in
    `anchor_dir` when one is given."""
    context = Context(db, path, actor, clock)
    if anchor_dir is not None:
        context.anchor = Keeper(AnchorBook(anchor_dir), db, path)
    return context


def check_location(path: Path) -> bool:
    """Refuse a shop path Duka cannot use, before anything is created; True if a shop file
    is already there."""
    return check_path(Path(path))


def upgrade_line(upgrade: Upgrade, *, isolated: bool = False) -> str:
    """The one line that tells the shopkeeper an older shop was brought up to date;
    `isolated` keeps the path left to right inside a right-to-left sentence on screen."""
    path = f"\u2066{upgrade.backup}\u2069" if isolated else str(upgrade.backup)
    return _(
        "Duka updated this shop's data from version {old} to {new}; a copy of it as it was "
        "is in {path}."
    ).format(old=upgrade.old, new=upgrade.new, path=path)


class Shop:
    """One open shop, and the one place its services are made and handed to each other.
    Close it (or use `with`) when done. The interface holds it as a `ShopView`, without
    `context` (the connection): tests, the command line and the demo may use it."""

    def __init__(self, context: Context, backup_dir: Path, lock: ShopLock | None = None) -> None:
        self.context = context
        # Held shared while the shop is open, so a restore never swaps the file under it.
        self.lock = lock
        self.access = AccessService(context)
        self.settings = SettingsService(context, self.access)
        self.products = ProductService(context, self.settings)
        self.backup_dir = backup_dir
        self.snapshot = False  # True: a private copy of a shop Duka may not write to now
        # Set when opening brought a shop written by an older Duka up to date: said once.
        self.upgrade: Upgrade | None = None
        self._closed = False

    # The services below are made when first used: their code (and what it imports) is
    # not read at every start, which kept the window's first appearance quick.

    @cached_property
    def sync(self) -> SyncService:
        from duka.services.sync import SyncService

        return SyncService(self.context)

    @cached_property
    def tills(self) -> TillService:
        from duka.services.tills import TillService

        return TillService(self.context)

    @cached_property
    def audit(self) -> AuditService:
        from duka.services.audit import AuditService

        return AuditService(self.context)

    @cached_property
    def customers(self) -> CustomerService:
        from duka.services.customers import CustomerService

        return CustomerService(self.context, self.settings)

    @cached_property
    def price_lists(self) -> PriceListService:
        from duka.services.price_lists import PriceListService

        return PriceListService(self.context, self.settings)

    @cached_property
    def carts(self) -> CartService:
        from duka.services.carts import CartService

        return CartService(self.context, self.settings)

    @cached_property
    def checkout(self) -> CheckoutService:
        from duka.services.checkout import CheckoutService

        # The drawer and the returns are made when a sale first needs them.
        return CheckoutService(
            self.context,
            self.settings,
            self.products,
            cash=lambda: self.cash,
            returns=lambda: self.returns,
            promotions=lambda: self.promotions,
        )

    @cached_property
    def promotions(self) -> PromotionService:
        from duka.services.promotions import PromotionService

        return PromotionService(self.context, self.settings)

    @cached_property
    def quick_keys(self) -> QuickKeyService:
        from duka.services.quick_keys import QuickKeyService

        return QuickKeyService(self.context)

    @cached_property
    def accounts(self) -> AccountService:
        from duka.services.accounts import AccountService

        return AccountService(self.context, self.settings, self.customers, self.cash)

    @cached_property
    def invoices(self) -> InvoiceService:
        from duka.services.invoices import InvoiceService

        return InvoiceService(
            self.context, self.settings, self.customers, accounts=lambda: self.accounts
        )

    @cached_property
    def customer_exchange(self) -> CustomerExchange:
        from duka.services.customer_exchange import CustomerExchange

        return CustomerExchange(self.context, self.settings)

    @cached_property
    def receipts(self) -> ReceiptService:
        from duka.services.receipts import ReceiptService

        return ReceiptService(self.context, self.settings)

    @cached_property
    def returns(self) -> ReturnService:
        from duka.services.returns import ReturnService

        return ReturnService(self.context, self.settings, self.cash)

    @cached_property
    def cash(self) -> CashService:
        from duka.services.cash import CashService

        return CashService(self.context, self.settings)

    @cached_property
    def money(self) -> MoneyService:
        from duka.services.money import MoneyService

        return MoneyService(self.context, self.settings, self.cash, self.products)

    @cached_property
    def stock(self) -> StockService:
        from duka.services.stock import StockService

        return StockService(self.context, self.settings, self.products)

    @cached_property
    def batches(self) -> BatchService:
        from duka.services.batches import BatchService

        return BatchService(self.context, self.settings, self.products)

    @cached_property
    def transfers(self) -> TransferService:
        from duka.services.transfers import TransferService

        return TransferService(self.context, self.settings, self.products)

    @cached_property
    def variants(self) -> VariantService:
        from duka.services.variants import VariantService

        return VariantService(self.context, self.products)

    @cached_property
    def exchange(self) -> ProductExchange:
        from duka.services.product_exchange import ProductExchange

        return ProductExchange(self.context, self.settings)

    @cached_property
    def labels(self) -> LabelService:
        from duka.services.labels import LabelService

        return LabelService(self.context, self.settings, self.products, self.stock)

    @cached_property
    def suppliers(self) -> SupplierService:
        from duka.services.suppliers import SupplierService

        return SupplierService(self.context, self.settings, self.products)

    @cached_property
    def purchases(self) -> PurchaseService:
        from duka.services.purchases import PurchaseService

        return PurchaseService(
            self.context, self.settings, self.products, self.suppliers, self.stock
        )

    @cached_property
    def expenses(self) -> ExpenseService:
        from duka.services.expenses import ExpenseService

        return ExpenseService(self.context, self.settings, self.cash)

    @cached_property
    def reports(self) -> ReportService:
        from duka.services.reports import ReportService

        return ReportService(self.context, self.settings)

    @cached_property
    def maintenance(self) -> MaintenanceService:
        from duka.services.maintenance import MaintenanceService

        return MaintenanceService(self.context, self.settings, self.backup_dir)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        backup_dir: Path,
        actor: Actor | None = None,
        clock: Clock = system_clock,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        computer: str | None = None,
        create: bool = True,
        lock: ShopLock | None = None,
        anchor_dir: Path | None = None,
    ) -> Shop:
        """Open (migrating if need be) the shop at `path`; with `create`, make it if there
        is none, else refuse (NoShop) and make nothing.

        Raises a StoreUnavailable refusal, with nothing changed, when the file cannot be used.
        `actor` is who acts; None leaves the shop locked until someone signs in. `computer`
        names the computer whose cash drawer takes the money (default: its host name).
        `lock` is the shop lock if the caller holds it already (a restore); otherwise the
        shop lock is taken shared, and a shop being restored is refused before anything
        is written. `anchor_dir` is the folder where the journal's anchor is kept (the data
        folder's `anchors`); None keeps none.
        """
        held = lock if lock is not None else ShopLock(Path(path)).shared()
        try:
            db, upgrade = open_and_upgrade(
                path, backup_dir=backup_dir, busy_timeout_ms=busy_timeout_ms, create=create
            )
        except BaseException:
            if lock is None:
                held.release()
            raise
        context = _context(db, Path(path), actor, clock, anchor_dir)
        if computer is not None:
            context.computer = computer
        shop = cls(context, backup_dir, held)
        shop.upgrade = upgrade
        return shop

    @classmethod
    def open_for_reading(
        cls,
        path: Path,
        *,
        backup_dir: Path,
        actor: Actor | None = None,
        clock: Clock = system_clock,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        anchor_dir: Path | None = None,
    ) -> Shop:
        """An existing shop for work that only reads it (verify, reports, exports, printing,
        backups): the shop itself where Duka may write to it now, else a private snapshot
        (a read-only disk or folder, a full disk, another program holding the write lock).
        What such work notes in a snapshot (the audit entry of an export) is not kept. The
        shop lock is held shared while the shop is there, so a restore never swaps the file
        under a reader (a missing shop gets no lock file beside it)."""
        held = ShopLock(Path(path))
        if Path(path).is_file():
            held.shared()
        try:
            db, snapshot, upgrade = open_for_reading(
                path, backup_dir=backup_dir, busy_timeout_ms=busy_timeout_ms
            )
        except BaseException:
            held.release()
            raise
        shop = cls(_context(db, Path(path), actor, clock, anchor_dir), backup_dir, held)
        shop.snapshot = snapshot
        shop.upgrade = upgrade
        return shop

    @property
    def path(self) -> Path:
        return self.context.path

    def detached(self) -> Shop:
        """The same shop, with the same person acting, on a connection of its own: for long
        work in another thread (an import, an export). Close it when done; the window's
        connection must not write meanwhile."""
        context = replace(self.context, db=connect(self.path), open_approvals=set(), anchor=None)
        return Shop(context, self.backup_dir)

    def perform(
        self, operation: Callable[[], T], asking: Collection[Permission] = ()
    ) -> Outcome[T]:
        """Run one service operation: its result, and what this shop's connection changed
        (by it, and by any write made since the last call that nobody reported). A refusal
        propagates; what the refused attempt wrote (its audit entry) stays in
        `take_changes`. A refusal for one of the permissions in `asking` is not written
        to the audit trail as a denial: the interface asks a manager's PIN for it."""
        context = self.context
        context.spent_approvals.clear()
        context.asking = frozenset(asking)
        try:
            value = operation()
        except BaseException:
            # Not done, so the approvals it used still stand: asked for another approval
            # it needs, the action is tried again with all of them.
            context.open_approvals |= context.spent_approvals
            raise
        finally:
            context.spent_approvals.clear()
            context.asking = frozenset()
        return Outcome(value, context.take_changes())

    def take_changes(self) -> Changes:
        """What this shop's connection wrote since it was last asked (after a refusal, the
        audit entry of the denied attempt)."""
        return self.context.take_changes()

    def outside_changes(self) -> Changes:
        """What other connections (another window, the command line, a sync) committed to
        the file since the last call; the first call only notes where things stand."""
        if self.closed:
            return Changes()
        return self.context.outside_changes()

    def touch_anchor(self) -> None:
        """Something was written: keep the journal's anchor near the file's head."""
        self.context.activity()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        self._closed = True
        self.context.checkpoint()
        self.context.db.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Shop:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
