"""FEFO allocation, returns to their batch and the expiry rules, against plain restatements."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.batches import (
    BatchStock,
    allocate,
    checked_batch,
    fefo_order,
    is_expired,
    returned_to,
)
from duka.core.errors import InvalidInput
from duka.core.quantity import Quantity

TODAY = dt.date(2026, 12, 7)


def batch(batch_id: int, days: int, milli: int) -> BatchStock:
    return BatchStock(batch_id, f"B{batch_id}", TODAY + dt.timedelta(days=days), Quantity(milli))


batches_strategy = st.lists(
    st.builds(
        batch,
        st.integers(1, 10_000),
        st.integers(-30, 60),
        st.integers(-5_000, 20_000),
    ),
    max_size=8,
    unique_by=lambda b: b.batch_id,
)


def test_the_batch_that_expires_first_goes_first() -> None:
    later, sooner, expired = batch(1, 20, 5000), batch(2, 3, 2000), batch(3, -1, 9000)
    taken = allocate(Quantity(4000), [later, sooner, expired], TODAY)
    assert [(t.batch_id, t.quantity.milli, t.expired) for t in taken] == [
        (2, 2000, False),
        (1, 2000, False),
    ]


def test_a_batch_is_good_on_its_expiry_day_and_expired_the_next() -> None:
    assert not is_expired(TODAY, TODAY)
    assert is_expired(TODAY - dt.timedelta(days=1), TODAY)
    taken = allocate(Quantity(1000), [batch(1, 0, 1000)], TODAY)
    assert not taken[0].expired


def test_only_expired_stock_is_taken_marked_expired() -> None:
    taken = allocate(Quantity(1000), [batch(1, -2, 5000)], TODAY)
    assert [(t.batch_id, t.expired) for t in taken] == [(1, True)]


def test_stock_without_a_batch_comes_before_expired_batches() -> None:
    taken = allocate(Quantity(3000), [batch(1, -2, 5000)], TODAY, unbatched=Quantity(2000))
    assert [(t.batch_id, t.quantity.milli, t.expired) for t in taken] == [
        (None, 2000, False),
        (1, 1000, True),
    ]


def test_the_cashiers_pick_goes_first_even_when_it_expires_later() -> None:
    taken = allocate(Quantity(1000), [batch(1, 2, 5000), batch(2, 30, 5000)], TODAY, chosen=2)
    assert [t.batch_id for t in taken] == [2]


def test_more_than_the_batches_hold_is_taken_without_a_batch() -> None:
    taken = allocate(Quantity(7000), [batch(1, 2, 5000)], TODAY)
    assert [(t.batch_id, t.quantity.milli) for t in taken] == [(1, 5000), (None, 2000)]


@given(
    st.integers(1, 50_000),
    batches_strategy,
    st.integers(0, 10_000),
    st.one_of(st.none(), st.integers(1, 10_000)),
)
def test_allocation_against_a_plain_restatement(
    wanted: int, batches: list[BatchStock], unbatched: int, chosen: int | None
) -> None:
    taken = allocate(Quantity(wanted), batches, TODAY, unbatched=Quantity(unbatched), chosen=chosen)
    assert sum(t.quantity.milli for t in taken) == wanted
    assert all(t.quantity.milli > 0 for t in taken)
    held = {b.batch_id: b for b in batches}
    for part in taken:
        if part.batch_id is not None:
            assert part.quantity <= held[part.batch_id].quantity
            assert part.expired == is_expired(held[part.batch_id].expiry, TODAY)
    # Restated: fill from the chosen batch, then unexpired by expiry, then stock without a
    # batch, then expired batches by expiry, then the rest without a batch.
    usable = [b for b in fefo_order(batches) if b.quantity.milli > 0]
    pick = [b for b in usable if b.batch_id == chosen]
    rest = [b for b in usable if b.batch_id != chosen]
    order: list[tuple[int | None, int]] = [(b.batch_id, b.quantity.milli) for b in pick]
    order += [(b.batch_id, b.quantity.milli) for b in rest if not is_expired(b.expiry, TODAY)]
    order.append((None, unbatched))
    order += [(b.batch_id, b.quantity.milli) for b in rest if is_expired(b.expiry, TODAY)]
    expected: dict[int | None, int] = {}
    left = wanted
    for batch_id, holds in order:
        part = min(left, holds)
        if part > 0:
            expected[batch_id] = expected.get(batch_id, 0) + part
            left -= part
    if left:
        expected[None] = expected.get(None, 0) + left
    assert {t.batch_id: t.quantity.milli for t in taken} == expected
    # an expired batch is taken only when nothing unexpired (nor stock without a batch) is left
    if any(t.expired for t in taken) and chosen is None:
        unexpired = sum(b.quantity.milli for b in rest if not is_expired(b.expiry, TODAY))
        assert wanted > unexpired + unbatched


@given(
    st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 5)), st.integers(1, 5000)), max_size=5),
    st.integers(1, 20_000),
)
def test_returns_go_back_to_the_batches_sold_from(
    sold_raw: list[tuple[int | None, int]], quantity: int
) -> None:
    sold = [(b, Quantity(q)) for b, q in sold_raw]
    back = returned_to(Quantity(quantity), sold)
    assert sum(q.milli for _b, q in back) == quantity
    per_batch: dict[int | None, int] = {}
    for batch_id, part in sold:
        per_batch[batch_id] = per_batch.get(batch_id, 0) + part.milli
    for batch_id, part in back:
        if batch_id is not None:
            assert part.milli <= per_batch[batch_id]  # never more than it gave


def test_a_second_return_fills_what_the_first_left() -> None:
    sold = [(1, Quantity(2000)), (2, Quantity(3000))]
    first = returned_to(Quantity(2000), sold)
    assert first == [(2, Quantity(2000))]  # the last batch handed over comes back first
    second = returned_to(Quantity(2000), sold, first)
    assert second == [(2, Quantity(1000)), (1, Quantity(1000))]


def test_receiving_needs_a_batch_and_an_expiry_not_past() -> None:
    assert checked_batch("  L 12  ", TODAY, TODAY, "Milk") == "L 12"
    with pytest.raises(InvalidInput, match="batch number"):
        checked_batch(" ", TODAY, TODAY, "Milk")
    with pytest.raises(InvalidInput, match="expiry date"):
        checked_batch("L12", None, TODAY, "Milk")
    with pytest.raises(InvalidInput, match="expired on 2026-12-06"):
        checked_batch("L12", TODAY - dt.timedelta(days=1), TODAY, "Milk")
