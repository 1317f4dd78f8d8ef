"""Batches and expiry: which products keep batches, what each batch holds, what expires
soon, writing off an expired batch, counting per batch, and the export and import of
batches. The sale, the delivery and the return call the helpers at the end of this module
inside their own transactions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.batches import (
    DEFAULT_EXPIRING_DAYS,
    BatchStock,
    ExpiredStock,
    Taken,
    allocate,
    checked_batch,
    days_left,
    is_expired,
    local_day,
    returned_to,
)
from duka.core.changes import Area
from duka.core.errors import InvalidInput, NotFound
from duka.core.money import Money
from duka.core.products import Unit, check_quantity
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind, stock_value
from duka.i18n import N_
from duka.services.access_rules import allowed, require
from duka.services.context import Context
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import batches_repo, numbering, products_repo, stock_repo
from duka.store.sql import Executor

EXPORT_COLUMNS = ("product_id", "sku", "batch", "expiry", "quantity")


@dataclass(frozen=True, slots=True)
class ExpiringBatch:
    """A batch holding stock that expires within the days asked (or has expired)."""

    batch_id: int
    product_id: int
    name: str
    sku: str
    unit: Unit
    batch: str
    expiry: dt.date
    days_left: int  # negative: expired that many days ago
    quantity: Quantity
    unit_cost: Money  # zero for who may not see costs
    value: Money  # at cost

    @property
    def expired(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True, slots=True)
class BatchChoice:
    """A batch the cashier may pick for a line, with what it holds."""

    batch_id: int
    number: str
    expiry: dt.date
    quantity: Quantity
    expired: bool


class BatchService:
    def __init__(
        self, context: Context, settings: SettingsService, products: ProductService
    ) -> None:
        self._ctx = context
        self._settings = settings
        self._products = products

    def today(self) -> dt.date:
        """The shop's local day now (expiry is counted in it)."""
        return local_day(self._ctx.clock())

    # -- which products keep batches --------------------------------------------------------

    def tracks(self, product_id: int) -> bool:
        return bool(batches_repo.tracked(self._ctx.db, [product_id]))

    def tracked(self, product_ids: Sequence[int]) -> set[int]:
        return batches_repo.tracked(self._ctx.db, product_ids)

    def set_tracking(self, product_id: int, on: bool) -> None:
        """Make a product keep batches and expiry dates (or stop). Stock it holds already
        stays, without a batch, and is sold after its unexpired batches."""
        require(self._ctx, Permission.MANAGE_PRODUCTS)
        product = self._products.get(product_id)
        if self.tracks(product_id) == on:
            return
        with self._ctx.writing(Area.PRODUCTS) as db:
            batches_repo.set_tracked(db, product_id, on, self._ctx.now(), self._ctx.actor_name)
            record(
                self._ctx,
                AuditAction.PRODUCT_CHANGED,
                f"product {product_id}: {product.name}",
                before={"tracks_batches": not on},
                after={"tracks_batches": on},
            )

    # -- what there is ----------------------------------------------------------------------

    def batches_of(self, product_id: int) -> list[BatchChoice]:
        """The product's batches holding stock, the first to expire first."""
        today = self.today()
        found = sorted(
            batches_repo.in_stock(self._ctx.db, product_id), key=lambda b: (b.expiry, b.batch_id)
        )
        return [
            BatchChoice(b.batch_id, b.number, b.expiry, b.quantity, is_expired(b.expiry, today))
            for b in found
        ]

    def all_batches(self, product_id: int) -> list[BatchStock]:
        """Every batch of the product, with what it holds (for counting)."""
        return batches_repo.all_of(self._ctx.db, product_id)

    def preview(
        self, product_id: int, quantity: Quantity, chosen: int | None = None
    ) -> list[tuple[Taken, str, dt.date]]:
        """Which batches a line would be taken from now (for the till's line): each part
        with its batch's number and expiry; stock without a batch is left out."""
        db = self._ctx.db
        taken = _allocation(db, product_id, quantity, self.today(), chosen)
        names = batches_repo.numbers(db, [t.batch_id for t in taken if t.batch_id is not None])
        return [(t, *names[t.batch_id]) for t in taken if t.batch_id is not None]

    def expiring(self, days: int = DEFAULT_EXPIRING_DAYS) -> list[ExpiringBatch]:
        """Batches holding stock that expire within `days` days from today, and those
        expired, the first to expire first, with their value at cost."""
        if days < 0:
            raise InvalidInput(N_("Say how many days: zero or more."), field="days")
        today = self.today()
        currency = self._settings.currency()
        costs = allowed(self._ctx, Permission.SEE_COSTS)
        rows = batches_repo.held(self._ctx.db, today + dt.timedelta(days=days))
        found = []
        for row in rows:
            cost = Money(row.cost_price if costs else 0, currency)
            found.append(
                ExpiringBatch(
                    row.batch_id,
                    row.product_id,
                    row.name,
                    row.sku,
                    Unit(row.unit),
                    row.number,
                    row.expiry,
                    days_left(row.expiry, today),
                    row.quantity,
                    cost,
                    stock_value(row.quantity, cost),
                )
            )
        return found

    # -- writing off and counting -------------------------------------------------------------

    def write_off(
        self, batch_id: int, reason: str = "", approval: Approval | None = None
    ) -> Quantity:
        """Take what a batch holds off the stock (an expired batch thrown away); returns
        how much."""
        require(self._ctx, Permission.ADJUST_STOCK, approval)
        reason = " ".join(reason.split()) or "expired"
        with self._ctx.writing(Area.STOCK) as db:
            found = batches_repo.get(db, batch_id)
            if found is None:
                raise NotFound(N_("There is no batch number {id}."), id=batch_id)
            product_id, number, expiry = found
            held = batches_repo.level(db, batch_id)
            if held.milli <= 0:
                raise InvalidInput(N_("Batch {batch} holds nothing to write off."), batch=number)
            stock_repo.add_movement(
                db,
                product_id=product_id,
                kind=MovementKind.WRITE_OFF,
                quantity=-held,
                unit_cost=products_repo.cost(db, product_id),
                reason=reason,
                document="",
                at=self._ctx.now(),
                user_id=self._ctx.user_id,
                actor=self._ctx.actor_name,
                batch_id=batch_id,
            )
            record(
                self._ctx,
                AuditAction.STOCK_ADJUSTED,
                f"product {product_id}: batch {number}",
                before=str(held),
                after={"batch": number, "expiry": expiry.isoformat(), "reason": reason},
                approval=approval,
            )
        return held

    def post_count(self, counts: Mapping[int, Quantity], note: str = "") -> str:
        """A stocktake of batches ({batch id: what was counted}): each batch brought to its
        count in one transaction; returns the stocktake's number (the product stocktake's
        series)."""
        require(self._ctx, Permission.ADJUST_STOCK)
        if not counts:
            raise InvalidInput(N_("Count at least one product first."))
        db = self._ctx.db
        for batch_id, counted in counts.items():
            found = batches_repo.get(db, batch_id)
            if found is None:
                raise NotFound(N_("There is no batch number {id}."), id=batch_id)
            product = self._products.get(found[0])
            check_quantity(counted, product.draft.unit, N_("A counted quantity"))
            if counted.milli < 0:
                raise InvalidInput(N_("A counted quantity cannot be negative."), field="quantity")
        with self._ctx.writing(Area.STOCK) as db:
            number = numbering.next_fixed(db, "stocktake", "STK-", 5)
            at = self._ctx.now()
            changed = 0
            for batch_id, counted in counts.items():
                product_id = batches_repo.get(db, batch_id)[0]  # type: ignore[index]
                difference = counted - batches_repo.level(db, batch_id)
                if not difference.milli:
                    continue
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
                    batch_id=batch_id,
                )
                changed += 1
            record(
                self._ctx,
                AuditAction.STOCKTAKE,
                number,
                after={"batches": len(counts), "changed": changed, "note": note},
            )
        return number

    # -- export and import ------------------------------------------------------------------

    def export(self, path: Path) -> int:
        """Every batch holding stock as CSV: product_id, sku, batch, expiry (ISO date),
        quantity ('.' decimals); returns how many."""
        require(self._ctx, Permission.EXPORT_DATA)
        from duka.documents.tables import write_csv

        rows = batches_repo.export_rows(self._ctx.db)
        write_csv(
            Path(path),
            list(EXPORT_COLUMNS),
            (
                [str(product_id), sku, number, expiry, str(Quantity(milli))]
                for product_id, sku, number, expiry, milli in rows
            ),
        )
        record(self._ctx, AuditAction.EXPORT, Path(path).name, after={"batches": len(rows)})
        return len(rows)

    def import_opening(self, path: Path) -> int:
        """Opening stock per batch from a file of the export's columns (product_id or sku,
        batch, expiry, quantity): every row checked first, then all written in one
        transaction, or nothing; returns how many batches."""
        require(self._ctx, Permission.ADJUST_STOCK)
        from duka.documents.tables import read_table

        table = read_table(Path(path))
        header = [name.strip().lower() for name in table.headers]
        missing = [c for c in ("batch", "expiry", "quantity") if c not in header]
        if missing or ("product_id" not in header and "sku" not in header):
            raise InvalidInput(
                N_("A batch file needs the columns product_id or sku, batch, expiry and quantity.")
            )
        today = self.today()
        db = self._ctx.db
        planned: list[tuple[int, str, dt.date, Quantity]] = []
        for row_number, raw in table.rows:
            cells = dict(zip(header, (c.strip() for c in raw), strict=False))
            product_id = _product_of(db, cells)
            if product_id is None:
                raise InvalidInput(
                    N_("Row {row}: there is no such product."), row=row_number, field="product"
                )
            product = self._products.get(product_id)
            if not self.tracks(product_id):
                raise InvalidInput(
                    N_("Row {row}: “{name}” does not keep batches."),
                    row=row_number,
                    name=product.name,
                )
            try:
                text = cells.get("expiry", "")
                expiry = dt.date.fromisoformat(text) if text else None
                quantity = Quantity.of(Decimal(cells.get("quantity", "")))
            except (ValueError, ArithmeticError):
                raise InvalidInput(
                    N_("Row {row}: the expiry is a date as YYYY-MM-DD, the quantity a number."),
                    row=row_number,
                ) from None
            number = checked_batch(cells.get("batch", ""), expiry, today, product.name)
            assert expiry is not None
            if quantity.milli <= 0:
                raise InvalidInput(
                    N_("Row {row}: the quantity must be more than zero."), row=row_number
                )
            check_quantity(quantity, product.draft.unit)
            planned.append((product_id, number, expiry, quantity))
        if not planned:
            raise InvalidInput(N_("The file has no rows."))
        with self._ctx.writing(Area.STOCK) as db:
            at, actor = self._ctx.now(), self._ctx.actor_name
            for product_id, number, expiry, quantity in planned:
                name = self._products.get(product_id).name
                batch_id = batch_for(db, product_id, name, number, expiry, at, actor)
                stock_repo.add_movement(
                    db,
                    product_id=product_id,
                    kind=MovementKind.OPENING,
                    quantity=quantity,
                    unit_cost=products_repo.cost(db, product_id),
                    reason="batches imported",
                    document="",
                    at=at,
                    user_id=self._ctx.user_id,
                    actor=actor,
                    batch_id=batch_id,
                )
            record(self._ctx, AuditAction.IMPORT, Path(path).name, after={"batches": len(planned)})
        return len(planned)


def _product_of(db: Executor, cells: Mapping[str, str]) -> int | None:
    if cells.get("product_id", "").isdigit():
        row = db.execute(
            "SELECT id FROM products WHERE id = ?", (int(cells["product_id"]),)
        ).fetchone()
        if row:
            return int(row[0])
    if cells.get("sku"):
        return products_repo.by_sku(db, cells["sku"])
    return None


# -- inside other operations' transactions ------------------------------------------------


def batch_for(
    db: Executor,
    product_id: int,
    name: str,
    number: str,
    expiry: dt.date,
    at: str,
    actor: str,
) -> int:
    """The batch `number` of the product, written now if new; refused when the product
    received it before with another expiry date."""
    found = batches_repo.find(db, product_id, number)
    if found is None:
        return batches_repo.add(db, product_id, number, expiry, at, actor)
    batch_id, known = found
    if known != expiry:
        raise InvalidInput(
            N_("Batch {batch} of “{name}” came before with the expiry date {date}."),
            field="expiry",
            batch=number,
            name=name,
            date=known.isoformat(),
        )
    return batch_id


def _allocation(
    db: Executor,
    product_id: int,
    quantity: Quantity,
    today: dt.date,
    chosen: int | None,
    batches: list[BatchStock] | None = None,
) -> list[Taken]:
    if batches is None:
        batches = batches_repo.in_stock(db, product_id)
    fresh = sum(
        b.quantity.milli for b in batches if b.batch_id == chosen or not is_expired(b.expiry, today)
    )
    # Stock kept without a batch comes after the fresh batches: read only when they fall short
    # (a sale's usual line reads nothing more than its batches).
    unbatched = batches_repo.unbatched(db, product_id) if fresh < quantity.milli else Quantity(0)
    return allocate(
        quantity,
        batches,
        today,
        unbatched=Quantity(max(unbatched.milli, 0)),
        chosen=chosen,
    )


@dataclass(frozen=True, slots=True)
class SaleMoves:
    """A sale's movements: (product, quantity taken, unit cost) with each one's batch, and
    the expired batches among them (a manager must approve)."""

    moves: list[tuple[int, Quantity, int]]
    batch_ids: list[int | None]
    expired: list[ExpiredStock]


def sale_moves(
    db: Executor,
    lines: Sequence[tuple[int, str, Quantity, int, int | None]],
    today: dt.date,
) -> SaleMoves:
    """Each sale line (product, name, quantity, unit cost, batch the cashier chose) as the
    movements that take it off the shelf: a product keeping batches from the batch that
    expires first, others as one movement. One read finds which products keep batches and
    their batches holding stock."""
    tracked, held = batches_repo.for_sale(db, list({line[0] for line in lines}))
    moves: list[tuple[int, Quantity, int]] = []
    batch_ids: list[int | None] = []
    expired: list[ExpiredStock] = []
    for product_id, name, quantity, unit_cost, chosen in lines:
        if product_id not in tracked:
            moves.append((product_id, quantity, unit_cost))
            batch_ids.append(None)
            continue
        taken = _allocation(db, product_id, quantity, today, chosen, held.get(product_id, []))
        stale = [t.batch_id for t in taken if t.expired and t.batch_id is not None]
        for number, expiry in batches_repo.numbers(db, stale).values():
            expired.append(ExpiredStock(product_id, name, number, expiry))
        for part in taken:
            moves.append((product_id, part.quantity, unit_cost))
            batch_ids.append(part.batch_id)
    return SaleMoves(moves, batch_ids, expired)


def return_parts(
    db: Executor, sale_number: str, sale_id: int, product_id: int, quantity: Quantity
) -> list[tuple[int | None, Quantity]]:
    """Which batches goods brought back from a sale go back to (see core.batches)."""
    sold = batches_repo.taken_by(db, sale_number, product_id)
    if all(batch_id is None for batch_id, _q in sold):
        return [(None, quantity)]
    return returned_to(quantity, sold, batches_repo.returned_from(db, sale_id, product_id))


def received_batch(
    db: Executor,
    product_id: int,
    name: str,
    number: str,
    expiry: dt.date | None,
    today: dt.date,
    at: str,
    actor: str,
) -> int | None:
    """The batch a delivery line goes into (None for a product that keeps no batches)."""
    if not batches_repo.tracked(db, [product_id]):
        return None
    number = checked_batch(number, expiry, today, name)
    assert expiry is not None
    return batch_for(db, product_id, name, number, expiry, at, actor)
