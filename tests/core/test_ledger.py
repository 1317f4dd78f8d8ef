import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.core.errors import InvalidInput
from duka.core.ledger import Ageing, age, allocate, check_reason, credit_needed
from duka.core.money import Money


def test_a_payment_settles_the_oldest_debts_first() -> None:
    assert allocate(150, [(1, 100), (2, 80), (3, 40)]) == [(1, 100), (2, 50)]


def test_chosen_debts_are_settled_first_then_the_oldest() -> None:
    assert allocate(150, [(1, 100), (2, 80), (3, 40)], picked=[3]) == [(3, 40), (1, 100), (2, 10)]


def test_a_debt_that_is_not_open_cannot_be_chosen() -> None:
    with pytest.raises(InvalidInput):
        allocate(10, [(1, 100)], picked=[7])


open_items = st.lists(
    st.tuples(st.integers(1, 50), st.integers(1, 10**7)), max_size=30, unique_by=lambda t: t[0]
)


@given(amount=st.integers(-5, 10**8), items=open_items, data=st.data())
def test_allocation_never_pays_a_debt_twice_or_beyond_it(
    amount: int, items: list[tuple[int, int]], data: st.DataObject
) -> None:
    ids = [entry for entry, _open in items]
    picked = data.draw(st.lists(st.sampled_from(ids), unique=True) if ids else st.just([]))
    parts = allocate(amount, items, picked)
    paid = [entry for entry, _part in parts]
    assert len(paid) == len(set(paid))  # each debt at most once
    remaining = dict(items)
    assert all(0 < part <= remaining[entry] for entry, part in parts)
    assert sum(part for _e, part in parts) == min(max(amount, 0), sum(remaining.values()))
    # the chosen ones come first, in the order chosen
    assert paid[: len(picked)] == picked[: len(paid)]


def test_debts_are_aged_by_their_day() -> None:
    today = dt.date(2026, 11, 25)
    found = age(
        [
            (today, 10),
            (today - dt.timedelta(days=30), 20),
            (today - dt.timedelta(days=31), 40),
            (today - dt.timedelta(days=90), 80),
            (today - dt.timedelta(days=91), 160),
        ],
        today,
    )
    assert found == Ageing(30, 40, 80, 160)
    assert found.total == 310


def test_credit_is_needed_beyond_the_limit_counting_store_credit() -> None:
    limit = Money.of("500", "KES")
    assert not credit_needed(Money.of("100", "KES"), Money.of("400", "KES"), limit)
    assert credit_needed(Money.of("100", "KES"), Money.of("400.01", "KES"), limit)
    # a customer holding 300 of store credit may take 800 on a 500 limit
    assert not credit_needed(Money.of("-300", "KES"), Money.of("800", "KES"), limit)
    assert credit_needed(Money.of("0", "KES"), Money.of("1", "KES"), Money.of("0", "KES"))


def test_an_adjustment_needs_a_reason() -> None:
    with pytest.raises(InvalidInput):
        check_reason("   ")
    assert check_reason("  counted  twice ") == "counted twice"


def test_receivable_rows_read_names_and_ages_only_for_the_rows_looked_at() -> None:
    from duka.core.ledger import ReceivableRows

    owing = [(n, n * 10 + n % 3) for n in range(1000, 0, -1)]  # most owed first
    asked: list[list[int]] = []
    aged: list[list[int]] = []

    def labels(ids: object) -> dict[int, tuple[str, str, int]]:
        wanted = list(ids)  # type: ignore[call-overload]
        asked.append(wanted)
        return {i: (f"Name {1000 - i:04d}", f"+254 {i}", 500) for i in wanted}

    def ages(ids: object) -> dict[int, tuple[Ageing, str]]:
        wanted = list(ids)  # type: ignore[call-overload]
        aged.append(wanted)
        return {i: (Ageing(i * 10, 0, 0, i % 3), f"2026-0{1 + i % 9}-01") for i in wanted}

    rows = ReceivableRows(owing, labels, ages)
    assert len(rows) == 1000 and asked == [] and aged == []
    first = rows[0]
    assert (first.customer_id, first.name, first.total) == (1000, "Name 0000", 10001)
    assert len(asked) == len(aged) == 1 and len(asked[0]) == ReceivableRows.PAGE
    rows[5]
    assert len(asked) == len(aged) == 1  # the same page
    by_age = rows.ordered(ReceivableRows.BY_AGE)
    assert [r.oldest for r in by_age[:3]] == ["2026-01-01"] * 3
    by_name = rows.ordered(ReceivableRows.BY_NAME)
    assert by_name[0].name == "Name 0000" and by_name[-1].name == "Name 0999"
    assert by_name[-1].customer_id == 1
    by_amount = by_name.ordered(ReceivableRows.BY_AMOUNT)
    assert by_amount[0].total >= by_amount[1].total >= by_amount[999].total
