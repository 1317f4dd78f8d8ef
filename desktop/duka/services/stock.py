"""The stock ledger: adjustments, write-offs, stocktakes, history, low stock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import ProductQuery, ProductRow, ProductSort, Unit, check_quantity
from duka.core.quantity import Quantity
from duka.core.stock import Movement, MovementKind, suggested_order
from duka.documents.tables import write_csv
from duka.i18n import N_, _
from duka.services.access_rules import allowed, require
from duka.services.context import Context
from duka.services.printing import document_formats, page_labels, right_to_left, shop_name
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import batches_repo, numbering, products_repo, stock_repo

_MANUAL = (MovementKind.ADJUST, MovementKind.WRITE_OFF)


@dataclass(frozen=True, slots=True)
class CountLine:
    product_id: int
    name: str
    unit: Unit
    expected: Quantity
    counted: Quantity

    @property
    def difference(self) -> Quantity:
        return self.counted - self.expected


@dataclass(frozen=True, slots=True)
class LowStockLine:
    product: ProductRow
    suggested: Quantity


class StockService:
    def __init__(
        self, context: Context, settings: SettingsService, products: ProductService
    ) -> None:
        self._ctx = context
        self._settings = settings
        self._products = products

    def level(self, product_id: int) -> Quantity:
        return stock_repo.level(self._ctx.db, product_id)

    def adjust(
        self,
        product_id: int,
        change: Quantity,
        reason: str,
        kind: MovementKind = MovementKind.ADJUST,
        approval: Approval | None = None,
    ) -> Quantity:
        """Add (or with a negative change, take away) stock by hand, with a reason;
        returns the new level."""
        require(self._ctx, Permission.ADJUST_STOCK, approval)
        if kind not in _MANUAL:
            raise ValueError(f"{kind} is not a manual movement")
        reason = " ".join(reason.split())
        if not reason:
            raise InvalidInput(N_("Please give a reason for this change of stock."), field="reason")
        if not change.milli:
            raise InvalidInput(N_("The change of stock cannot be zero."), field="quantity")
        if kind is MovementKind.WRITE_OFF and change.milli > 0:
            change = -change  # a write-off always takes stock away
        product = self._products.stocked(product_id)
        check_quantity(change, product.draft.unit)
        with self._ctx.writing(Area.STOCK) as db:
            before = stock_repo.level(db, product_id)
            stock_repo.add_movement(
                db,
                product_id=product_id,
                kind=kind,
                quantity=change,
                unit_cost=products_repo.cost(db, product_id),
                reason=reason,
                document="",
                at=self._ctx.now(),
                user_id=self._ctx.user_id,
                actor=self._ctx.actor_name,
            )
            after = before + change
            record(
                self._ctx,
                AuditAction.STOCK_ADJUSTED,
                f"product {product_id}: {product.name}",
                before=str(before),
                after={"stock": str(after), "reason": reason},
                approval=approval,
            )
        return after

    def history(self, product_id: int, limit: int = 500) -> list[Movement]:
        """The product's movements, newest first (costs hidden from who may not see them)."""
        product = self._products.get(product_id)
        currency = product.draft.sell_price.currency
        moves = stock_repo.history(self._ctx.db, product_id, currency, limit)
        if not allowed(self._ctx, Permission.SEE_COSTS):
            moves = [replace(m, unit_cost=Money.zero(currency)) for m in moves]
        return moves

    # -- stocktake ------------------------------------------------------------------------

    def count_lines(self, counts: Mapping[int, Quantity]) -> list[CountLine]:
        """What was counted against what the ledger says, product by product."""
        levels = stock_repo.levels(self._ctx.db, list(counts))
        lines = []
        for product_id, counted in counts.items():
            product = self._products.stocked(product_id)
            check_quantity(counted, product.draft.unit, N_("A counted quantity"))
            if counted.milli < 0:
                raise InvalidInput(N_("A counted quantity cannot be negative."), field="quantity")
            lines.append(
                CountLine(
                    product_id,
                    product.name,
                    product.draft.unit,
                    levels.get(product_id, Quantity(0)),
                    counted,
                )
            )
        return lines

    def post_stocktake(self, counts: Mapping[int, Quantity], note: str = "") -> str:
        """Bring the ledger to what was counted, in one transaction; returns the stocktake's
        number. Differences are taken against the level at posting time, so sales made
        while counting do not count twice."""
        require(self._ctx, Permission.ADJUST_STOCK)
        if not counts:
            raise InvalidInput(N_("Count at least one product first."))
        self.count_lines(counts)  # checks quantities and products before anything is written
        batched = batches_repo.tracked(self._ctx.db, list(counts))
        with self._ctx.writing(Area.STOCK) as db:
            number = numbering.next_fixed(db, "stocktake", "STK-", 5)
            at = self._ctx.now()
            changed = 0
            for product_id, counted in counts.items():
                expected = stock_repo.level(db, product_id)
                difference = counted - expected
                if not difference.milli:
                    continue
                if product_id in batched:  # a difference of which batch? Counted per batch.
                    raise InvalidInput(
                        N_(
                            "“{name}” keeps batches: count it batch by batch (Stock, "
                            "Expiring, Count…)."
                        ),
                        field="quantity",
                        name=self._products.get(product_id).name,
                    )
                stock_repo.add_movement(
                    db,
                    product_id=product_id,
                    kind=MovementKind.COUNT,
                    quantity=difference,
                    unit_cost=products_repo.cost(db, product_id),
                    reason=note,
                    document=number,
                    at=at,
                    user_id=self._ctx.user_id,
                    actor=self._ctx.actor_name,
                )
                changed += 1
            record(
                self._ctx,
                AuditAction.STOCKTAKE,
                number,
                after={"counted": len(counts), "changed": changed, "note": note},
            )
        return number

    # -- low stock ------------------------------------------------------------------------

    def low_stock_pdf(self, path: Path) -> int:
        """The low stock list to print, in the language on screen; returns its pages."""
        # What is short and how much to order is stock management, as on the Stock screen.
        require(self._ctx, Permission.ADJUST_STOCK)
        # reportlab loads only when something is printed: it would slow every start.
        from duka.documents.stock_lists import LowStockItem, LowStockTitles, write_low_stock_list

        settings = self._settings.load()
        formats = document_formats(settings)
        today = dt.datetime.now().astimezone().date()

        def amount(quantity: Quantity) -> str:
            return formats.quantity(quantity.value)

        items = [
            LowStockItem(
                name=line.product.name,
                sku=line.product.sku or "",
                on_hand=amount(line.product.stock),
                reorder_level=amount(line.product.reorder_level),
                suggested_order=amount(line.suggested),
                unit=_(line.product.unit.label),
            )
            for line in self.low_stock()
        ]
        titles = LowStockTitles(
            title=_("Low stock"),
            name=_("Name"),
            sku=_("Code"),
            on_hand=_("On hand"),
            reorder_level=_("Reorder level"),
            suggested_order=_("Suggested order"),
            unit=_("Unit"),
        )
        return write_low_stock_list(
            Path(path),
            items,
            titles=titles,
            shop_name=shop_name(settings),
            date_text=formats.date(today, "long"),
            page_label=page_labels(formats),
            right_to_left=right_to_left(),
        )

    def export_low_stock(self, path: Path) -> int:
        """The low stock list as CSV (UTF-8 with a byte-order mark); returns how many."""
        require(self._ctx, Permission.EXPORT_DATA)
        lines = self.low_stock()
        write_csv(
            Path(path),
            ["name", "sku", "barcode", "unit", "stock", "reorder_level", "suggested_order"],
            (
                [
                    line.product.name,
                    line.product.sku or "",
                    line.product.barcode or "",
                    line.product.unit.value,
                    str(line.product.stock),
                    str(line.product.reorder_level),
                    str(line.suggested),
                ]
                for line in lines
            ),
        )
        record(self._ctx, AuditAction.EXPORT, Path(path).name, after={"low_stock": len(lines)})
        return len(lines)

    def low_stock(self) -> list[LowStockLine]:
        """Products at or below their reorder level, with how much to order."""
        listing = self._products.listing(ProductQuery(low_stock=True, sort=ProductSort.NAME))
        rows = listing.page(0, listing.count)
        lines = []
        for row in rows:
            suggested = suggested_order(row.stock, row.reorder_level)
            if not row.unit.measured:
                whole = -(-suggested.milli // 1000) * 1000  # whole pieces, rounded up
                suggested = Quantity(whole)
            lines.append(LowStockLine(row, suggested))
        return lines
