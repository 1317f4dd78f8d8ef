"""Stock sent from one branch to another: a document at each end.

The sending till writes the transfer (its own number series, TR-000001, TR1001-000001 at
branch 1001's hub) and takes the stock out of its branch in one transaction; the transfer
travels with the other changes, and the receiving branch lists it as incoming until one of
its tills receives it, writing a receipt of its own (what arrived of each product, which may
differ from what was sent) and taking the stock in. Neither end edits the other's rows, so
the two never conflict. A transfer is received once; two tills of the branch receiving it
while apart both arrive, the first receipt (the lowest id) stands, and the other till takes
its stock back at its next exchange (docs/architecture.md, "Several tills").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from duka.core.access import Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotFound
from duka.core.products import check_quantity
from duka.core.quantity import Quantity
from duka.core.stock import MovementKind
from duka.i18n import N_
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.products import ProductService
from duka.services.settings import SettingsService
from duka.services.trail import record
from duka.store import (
    branches,
    journal,
    numbering,
    products_repo,
    stock_repo,
    tills,
    transfers_repo,
)
from duka.store.branches import Branch
from duka.store.transfers_repo import TransferRow

SERIES = "transfer"
PREFIX = "TR-"
MAX_NOTE = 200
# Why a receipt's stock went back out (a till of the branch received the transfer first).
TAKEN_BACK = "received twice: the first receipt stands"


@dataclass(frozen=True, slots=True)
class Shortage:
    """A line that sends more than the branch has on hand."""

    product_id: int
    name: str
    on_hand: Quantity
    sending: Quantity


class BeyondStock(Conflict):
    """Sending more than is on hand: the caller asks, and sends again with beyond_stock."""

    def __init__(self, shortages: Sequence[Shortage]) -> None:
        first = shortages[0]
        super().__init__(
            N_("{name}: {on_hand} on hand, {sending} to send. Send more than is in stock?"),
            name=first.name,
            on_hand=str(first.on_hand),
            sending=str(first.sending),
        )
        self.shortages = tuple(shortages)


@dataclass(frozen=True, slots=True)
class Transfer:
    """A transfer as this branch sees it, with its lines (quantities as sent)."""

    row: TransferRow
    lines: tuple[transfers_repo.TransferLine, ...]
    currency: str

    @property
    def number(self) -> str:
        return self.row.number

    @property
    def received(self) -> bool:
        return self.row.receipt_id is not None

    def quantity(self, product_id: int) -> Quantity:
        return Quantity(sum(x.quantity for x in self.lines if x.product_id == product_id))


class TransferService:
    def __init__(
        self, context: Context, settings: SettingsService, products: ProductService
    ) -> None:
        self._ctx = context
        self._settings = settings
        self._products = products

    # -- reading --------------------------------------------------------------------------

    def this_branch(self) -> int:
        return tills.this_branch(self._ctx.db)

    def branches(self) -> list[Branch]:
        return branches.known(self._ctx.db)

    def many_branches(self) -> bool:
        """Whether the shop has another branch to send to (as far as this file knows)."""
        return len(self.branches()) > 1

    def destinations(self) -> list[Branch]:
        own = self.this_branch()
        return [b for b in self.branches() if b.number != own]

    def listing(self, everywhere: bool = False) -> list[TransferRow]:
        """Transfers sent from or to this branch (or every branch's), newest first."""
        return transfers_repo.transfers(self._ctx.db, None if everywhere else self.this_branch())

    def in_transit(self) -> list[Transfer]:
        """Transfers sent from or to this branch and not received yet, newest first: the
        incoming ones to receive here, and the stock this branch sent that is on its way."""
        db, currency = self._ctx.db, self._settings.currency()
        return [
            Transfer(row, tuple(transfers_repo.lines(db, row.id)), currency)
            for row in transfers_repo.transfers(db, self.this_branch())
            if row.receipt_id is None
        ]

    def incoming(self) -> list[Transfer]:
        own = self.this_branch()
        return [t for t in self.in_transit() if t.row.to_branch == own]

    def get(self, number: str) -> Transfer:
        row = transfers_repo.by_number(self._ctx.db, number.strip())
        if row is None:
            raise NotFound(N_("There is no transfer {number}."), number=number)
        lines = tuple(transfers_repo.lines(self._ctx.db, row.id))
        return Transfer(row, lines, self._settings.currency())

    def shortages(self, lines: Mapping[int, Quantity]) -> list[Shortage]:
        """The lines that would send more than this branch has on hand."""
        levels = stock_repo.levels(self._ctx.db, list(lines))
        found = []
        for product_id, quantity in lines.items():
            on_hand = levels.get(product_id, Quantity(0))
            if quantity.milli > on_hand.milli:
                name = self._products.get(product_id).name
                found.append(Shortage(product_id, name, on_hand, quantity))
        return found

    # -- sending --------------------------------------------------------------------------

    def send(
        self,
        to_branch: int,
        lines: Mapping[int, Quantity],
        note: str = "",
        beyond_stock: bool = False,
    ) -> str:
        """Send stock to branch `to_branch`: the transfer and the stock going out of this
        branch, in one transaction; its number. More than is on hand raises BeyondStock
        unless `beyond_stock` (the user said yes)."""
        require(self._ctx, Permission.ADJUST_STOCK)
        own = self.this_branch()
        if to_branch == own:
            raise InvalidInput(N_("Stock cannot be sent to this branch itself."), field="branch")
        if not branches.exists(self._ctx.db, to_branch):
            raise NotFound(N_("There is no branch {number}."), number=to_branch)
        note = _checked_note(note)
        if not lines:
            raise InvalidInput(N_("Add at least one product to send."))
        for product_id, quantity in lines.items():
            product = self._products.get(product_id)
            check_quantity(quantity, product.draft.unit, N_("A quantity sent"))
            if quantity.milli <= 0:
                raise InvalidInput(N_("A quantity sent must be more than zero."), field="quantity")
        ctx = self._ctx
        with ctx.writing(Area.STOCK) as db:
            short = self.shortages(lines)
            if short and not beyond_stock:
                raise BeyondStock(short)
            at, user, actor = ctx.now(), ctx.user_id, ctx.actor_name
            number = numbering.next_fixed(db, SERIES, PREFIX, 6)
            costs = {p: products_repo.cost(db, p) for p in lines}
            transfer_id = transfers_repo.insert_transfer(
                db,
                number=number,
                from_branch=own,
                to_branch=to_branch,
                note=note,
                at=at,
                user_id=user,
                actor=actor,
                lines=[(p, q.milli, costs[p]) for p, q in lines.items()],
            )
            stock_repo.add_movements(
                db,
                [(p, MovementKind.TRANSFER_OUT, -q, costs[p]) for p, q in lines.items()],
                reason=note,
                document=number,
                at=at,
                user_id=user,
                actor=actor,
            )
            journal.append(db, journal.TRANSFER.kind, transfer_id, at, user, actor)
            record(
                ctx,
                AuditAction.TRANSFER_SENT,
                number,
                after={
                    "to_branch": to_branch,
                    "lines": len(lines),
                    "beyond_stock": [s.product_id for s in short],
                    "note": note,
                },
            )
        return number

    # -- receiving ------------------------------------------------------------------------

    def receive(
        self, number: str, counted: Mapping[int, Quantity] | None = None, note: str = ""
    ) -> Transfer:
        """Receive transfer `number` at this branch: its receipt and the stock coming in,
        in one transaction. `counted` is what arrived of each product when it differs from
        what was sent (a product left out arrived as sent); the difference is noted."""
        require(self._ctx, Permission.RECEIVE_STOCK)
        transfer = self.get(number)
        own = self.this_branch()
        if transfer.row.to_branch != own:
            raise InvalidInput(
                N_("Transfer {number} is for branch {branch}, not this one."),
                number=transfer.number,
                branch=transfer.row.to_branch,
            )
        note = _checked_note(note)
        counted = dict(counted or {})
        sent = {x.product_id for x in transfer.lines}
        for product_id, quantity in counted.items():
            if product_id not in sent:
                raise InvalidInput(
                    N_("Transfer {number} did not send that product."), number=transfer.number
                )
            product = self._products.get(product_id)
            check_quantity(quantity, product.draft.unit, N_("A received quantity"))
            if quantity.milli < 0:
                raise InvalidInput(N_("A received quantity cannot be negative."), field="quantity")
        arrived = [
            (p, counted.get(p, transfer.quantity(p)))
            for p in dict.fromkeys(x.product_id for x in transfer.lines)
        ]
        costs = {x.product_id: x.unit_cost for x in transfer.lines}
        ctx = self._ctx
        with ctx.writing(Area.STOCK) as db:
            again = transfers_repo.by_number(db, transfer.number)
            if again is not None and again.receipt_id is not None:
                raise Conflict(
                    N_("Transfer {number} was received already, by {actor} at {at}."),
                    number=transfer.number,
                    actor=again.received_by or "",
                    at=again.received_at or "",
                )
            at, user, actor = ctx.now(), ctx.user_id, ctx.actor_name
            receipt_id = transfers_repo.insert_receipt(
                db,
                transfer_id=transfer.row.id,
                branch=own,
                note=note,
                at=at,
                user_id=user,
                actor=actor,
                lines=[(p, q.milli) for p, q in arrived],
            )
            moves = [(p, MovementKind.TRANSFER_IN, q, costs[p]) for p, q in arrived if q.milli]
            if moves:
                stock_repo.add_movements(
                    db, moves, reason=note, document=transfer.number, at=at, user_id=user,
                    actor=actor,
                )  # fmt: skip
            journal.append(db, journal.TRANSFER_RECEIPT.kind, receipt_id, at, user, actor)
            differences = {
                str(p): str(q - transfer.quantity(p))
                for p, q in arrived
                if q != transfer.quantity(p)
            }
            record(
                ctx,
                AuditAction.TRANSFER_RECEIVED,
                transfer.number,
                after={"from_branch": transfer.row.from_branch, "differences": differences,
                       "note": note},
            )  # fmt: skip
        return self.get(transfer.number)

    def settle(self) -> list[str]:
        return settle_twice_received(self._ctx)


def _checked_note(note: str) -> str:
    note = " ".join(note.split())
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            N_("A note can be at most {limit} characters."), field="note", limit=MAX_NOTE
        )
    return note


def settle_twice_received(ctx: Context) -> list[str]:
    """Take back the stock of this till's receipts of transfers another till of the
    branch received first (both while apart): the first receipt stands. Called after
    each exchange; the numbers of the transfers settled."""
    db = ctx.db
    found = transfers_repo.received_here_twice(db)
    if not found:
        return []
    settled = []
    with ctx.writing(Area.STOCK) as conn:
        for number, receipt_id in found:
            row = transfers_repo.by_number(conn, number)
            costs = (
                {x.product_id: x.unit_cost for x in transfers_repo.lines(conn, row.id)}
                if row is not None
                else {}
            )
            moves = [
                (p, MovementKind.TRANSFER_IN, -Quantity(q), costs.get(p, 0))
                for p, q in transfers_repo.receipt_lines(conn, receipt_id)
                if q
            ]
            if moves:
                stock_repo.add_movements(
                    conn, moves, reason=TAKEN_BACK, document=number, at=ctx.now(),
                    user_id=None, actor=ctx.actor_name,
                )  # fmt: skip
            settled.append(number)
    return settled
