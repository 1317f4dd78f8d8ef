"""Batches and expiry: which batch a sale takes, which a return goes back to, and when a
batch is expired.

A product that tracks batches is received with a batch number and an expiry date; its stock
is kept per batch. A sale takes the batch that expires first (FEFO) unless the cashier picks
one; an expired batch is sold only with a manager's approval. Days are the shop's local
days: a batch is good to the end of its expiry day, and expired from the next morning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from duka.core.errors import InvalidInput
from duka.core.quantity import Quantity
from duka.i18n import N_

MAX_BATCH_LENGTH = 40
# How far ahead the Expiring tab and report look unless told otherwise.
DEFAULT_EXPIRING_DAYS = 30


def local_day(moment: dt.datetime) -> dt.date:
    """The shop computer's local date at `moment` (an aware time, as the clock gives)."""
    return moment.astimezone().date()


def is_expired(expiry: dt.date, today: dt.date) -> bool:
    """Whether a batch with this expiry date may no longer be sold on `today`."""
    return expiry < today


def days_left(expiry: dt.date, today: dt.date) -> int:
    """Days from `today` to the expiry date: 0 on the day, negative once expired."""
    return (expiry - today).days


def checked_batch(number: str, expiry: dt.date | None, today: dt.date, name: str) -> str:
    """The batch number as kept (spaces tidied), or InvalidInput when a product that tracks
    batches is received without a batch number, without an expiry date, or with an expiry
    date already past."""
    number = " ".join(number.split())
    if not number:
        raise InvalidInput(
            N_("“{name}” keeps batches: type the batch number of what came."),
            field="batch",
            name=name,
        )
    if len(number) > MAX_BATCH_LENGTH:
        raise InvalidInput(
            N_("A batch number can be at most {limit} characters."),
            field="batch",
            limit=MAX_BATCH_LENGTH,
        )
    if expiry is None:
        raise InvalidInput(
            N_("“{name}” keeps batches: give the expiry date of batch {batch}."),
            field="expiry",
            name=name,
            batch=number,
        )
    if is_expired(expiry, today):
        raise InvalidInput(
            N_("Batch {batch} of “{name}” expired on {date}: it cannot be received."),
            field="expiry",
            name=name,
            batch=number,
            date=expiry.isoformat(),
        )
    return number


@dataclass(frozen=True, slots=True)
class BatchStock:
    """A batch of a product and what this branch holds of it."""

    batch_id: int
    number: str
    expiry: dt.date
    quantity: Quantity


@dataclass(frozen=True, slots=True)
class Taken:
    """Part of a sale line taken from one batch (None: from stock kept without a batch)."""

    batch_id: int | None
    quantity: Quantity
    expired: bool = False


def fefo_order(batches: Sequence[BatchStock]) -> list[BatchStock]:
    """Batches in the order a sale takes them: the first to expire first (then the oldest)."""
    return sorted(batches, key=lambda b: (b.expiry, b.batch_id))


def allocate(
    wanted: Quantity,
    batches: Sequence[BatchStock],
    today: dt.date,
    *,
    unbatched: Quantity | None = None,
    chosen: int | None = None,
) -> list[Taken]:
    """Which batches `wanted` comes from: the batch the cashier chose, then the unexpired
    batches that expire first, then stock kept without a batch (`unbatched`: received before
    the product kept batches), then expired batches (marked: a manager must approve), and
    what is left beyond all of them without a batch (the shelf holds more than the books).

    Each part is at most what its batch holds, and the parts add up to `wanted`. Only
    batches holding stock are considered."""
    left = wanted.milli
    taken: list[Taken] = []
    ordered = [b for b in fefo_order(batches) if b.quantity.milli > 0]
    if chosen is None and ordered and ordered[0].quantity.milli >= left > 0:
        soonest = ordered[0]  # the usual line: the first to expire holds it all
        if not is_expired(soonest.expiry, today):
            return [Taken(soonest.batch_id, wanted)]
    if chosen is not None:
        first = [b for b in ordered if b.batch_id == chosen]
        ordered = first + [b for b in ordered if b.batch_id != chosen]
    fresh = [b for b in ordered if not is_expired(b.expiry, today) or b.batch_id == chosen]
    stale = [b for b in ordered if b not in fresh]

    def take(batch_id: int | None, holds: int, expired: bool) -> None:
        nonlocal left
        part = min(left, holds)
        if part > 0:
            taken.append(Taken(batch_id, Quantity(part), expired))
            left -= part

    for batch in fresh:
        take(batch.batch_id, batch.quantity.milli, is_expired(batch.expiry, today))
    take(None, unbatched.milli if unbatched is not None else 0, False)
    for batch in stale:
        take(batch.batch_id, batch.quantity.milli, True)
    if left > 0:
        taken.append(Taken(None, Quantity(left)))
    return _merged(taken)


def _merged(parts: list[Taken]) -> list[Taken]:
    """Parts of one batch joined (stock without a batch may be taken twice)."""
    joined: dict[int | None, Taken] = {}
    for part in parts:
        before = joined.get(part.batch_id)
        joined[part.batch_id] = (
            part
            if before is None
            else Taken(part.batch_id, before.quantity + part.quantity, before.expired)
        )
    return list(joined.values())


def returned_to(
    quantity: Quantity,
    sold: Sequence[tuple[int | None, Quantity]],
    returned: Sequence[tuple[int | None, Quantity]] = (),
) -> list[tuple[int | None, Quantity]]:
    """Which batches `quantity` brought back goes to: those the sale took it from (`sold`,
    in the order it took them), less what earlier returns took back to each, the last
    batch taken first (what was handed over last comes back first). What is beyond them goes
    back without a batch."""
    left_in: dict[int | None, int] = {}
    order: list[int | None] = []
    for batch_id, part in sold:
        if batch_id not in left_in:
            order.append(batch_id)
            left_in[batch_id] = 0
        left_in[batch_id] += part.milli
    for batch_id, part in returned:
        if batch_id in left_in:
            left_in[batch_id] -= part.milli
    left = quantity.milli
    back: list[tuple[int | None, Quantity]] = []
    for batch_id in reversed(order):
        room = min(left, max(left_in[batch_id], 0))
        if room > 0:
            back.append((batch_id, Quantity(room)))
            left -= room
    if left > 0:
        for index, (batch_id, part) in enumerate(back):
            if batch_id is None:
                back[index] = (None, Quantity(part.milli + left))
                break
        else:
            back.append((None, Quantity(left)))
    return back


@dataclass(frozen=True, slots=True)
class ExpiredStock:
    """An expired batch a sale would take: what the refusal names."""

    product_id: int
    name: str
    batch: str
    expiry: dt.date
