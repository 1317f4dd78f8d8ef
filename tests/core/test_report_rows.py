"""Rows of a report read: made named when looked at, read by field name without making them."""

from __future__ import annotations

import pytest

from duka.core.report_rows import ProductSums, Rows

RAW = [(7, 2, 3000, 0, 4500, 0, 620, 3100), (0, None, 1000, 500, 900, 300, 80, 0)]


def test_a_row_is_made_named_when_looked_at() -> None:
    rows = Rows(ProductSums, list(RAW))
    assert len(rows) == 2
    assert rows[0] == ProductSums(7, 2, 3000, 0, 4500, 0, 620, 3100)
    assert rows[0].gross == 4500 and rows[-1].category_id is None
    assert [r.product_id for r in rows] == [7, 0]
    assert rows[1:] == [ProductSums(0, None, 1000, 500, 900, 300, 80, 0)]
    assert all(isinstance(r, ProductSums) for r in rows[0:2])
    with pytest.raises(IndexError):
        rows[2]


def test_fields_are_read_by_name_for_every_row() -> None:
    rows = Rows(ProductSums, list(RAW))
    assert list(rows.column("refunds")) == [0, 300]
    assert list(rows.columns("product_id", "quantity")) == [(7, 3000), (0, 1000)]
    assert list(rows.columns(*ProductSums._fields)) == RAW
    backwards = rows.columns(*reversed(ProductSums._fields))
    assert next(backwards) == tuple(reversed(RAW[0]))
    assert rows.total("gross") == 5400 and rows.total("tax") == 700
    with pytest.raises(KeyError):
        rows.column("price")
    with pytest.raises(ValueError):
        rows.columns("gross")  # one field: column
