"""The Shop facade: open a shop's database and get its services."""

from __future__ import annotations

import getpass
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from duka.core.access import Actor
from duka.services.access import AccessService
from duka.services.audit import AuditService
from duka.services.clock import Clock, system_clock
from duka.services.context import Context
from duka.services.customers import CustomerService
from duka.services.labels import LabelService
from duka.services.maintenance import MaintenanceService
from duka.services.product_exchange import ProductExchange
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.services.stock import StockService
from duka.services.suppliers import SupplierService
from duka.store.database import DEFAULT_BUSY_TIMEOUT_MS, check_path, connect, open_database


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def check_location(path: Path) -> bool:
    """Refuse a shop path Duka cannot use, before anything is created; True if a shop file
    is already there."""
    return check_path(Path(path))


class Shop:
    """One open shop. Close it (or use `with`) when done."""

    def __init__(self, context: Context, backup_dir: Path) -> None:
        self.context = context
        self.access = AccessService(context)
        self.audit = AuditService(context)
        self.settings = SettingsService(context, self.access)
        self.products = ProductService(context, self.settings)
        self.stock = StockService(context, self.settings, self.products)
        self.exchange = ProductExchange(context, self.settings)
        self.labels = LabelService(context, self.settings, self.products, self.stock)
        self.suppliers = SupplierService(context, self.settings, self.products)
        self.customers = CustomerService(context, self.settings)
        self.maintenance = MaintenanceService(context, self.settings, backup_dir)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        backup_dir: Path,
        actor: Actor | None = None,
        clock: Clock = system_clock,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> Shop:
        """Open (creating and migrating if need be) the shop at `path`.

        Raises a StoreUnavailable refusal, with nothing changed, when the file cannot be used.
        `actor` is who acts; None leaves the shop locked until someone signs in.
        """
        db = open_database(path, backup_dir=backup_dir, busy_timeout_ms=busy_timeout_ms)
        return cls(Context(db, Path(path), actor, clock), backup_dir)

    @property
    def path(self) -> Path:
        return self.context.path

    def detached(self) -> Shop:
        """The same shop, with the same person acting, on a connection of its own: for long
        work in another thread (an import, an export). Close it when done; the window's
        connection must not write meanwhile."""
        context = replace(self.context, db=connect(self.path), open_approvals=set())
        return Shop(context, self.maintenance.backup_dir)

    def close(self) -> None:
        self.context.db.close()

    def __enter__(self) -> Shop:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
