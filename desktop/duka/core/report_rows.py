"""The rows the report reads give (store.report_reads), named and typed, for the services
that turn them into report tables.

Money is in integer minor units of the shop's currency, quantities in integer thousandths;
a "day" is the shop computer's local date (a counter document's time read in its time zone,
an invoice's issue date). Named tuples rather than dataclasses: a tuple is the cheapest row
to make. Reads of a row per product give `Rows`, which makes each row only when it is looked
at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar, overload

from duka.core.reports import DocKind

R = TypeVar("R", bound=NamedTuple)


class Rows(Sequence[R], Generic[R]):
    """Rows as a read gave them (plain tuples, the fields of `row` in its order), each made a
    `row` when it is looked at; `column` and `columns` read fields of every row by name
    without making them. A month of a busy shop sells 20,000 products: making them all named
    tuples cost a report that shows a page of them a twentieth of its time."""

    def __init__(self, row: type[R], raw: list[tuple[Any, ...]]) -> None:
        self._row = row
        self._raw = raw
        self._index = {name: number for number, name in enumerate(row._fields)}

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, index: int) -> R: ...

    @overload
    def __getitem__(self, index: slice) -> list[R]: ...

    def __getitem__(self, index: int | slice) -> R | list[R]:
        if isinstance(index, slice):
            return list(map(self._made, self._raw[index]))
        return self._made(self._raw[index])

    def __iter__(self) -> Iterator[R]:
        return map(self._made, self._raw)

    def _made(self, raw: tuple[Any, ...]) -> R:
        return tuple.__new__(self._row, raw)

    def column(self, field: str) -> Iterator[Any]:
        """One field of every row, in order."""
        return map(itemgetter(self._index[field]), self._raw)

    def columns(self, *fields: str) -> Iterator[tuple[Any, ...]]:
        """Some fields of every row (two or more), in order, as tuples."""
        if len(fields) < 2:
            raise ValueError("columns takes two fields or more; column takes one")
        indexes = tuple(self._index[field] for field in fields)
        if indexes == tuple(range(len(self._index))):
            return iter(self._raw)  # every field in order: the rows as they are, not copies
        return map(itemgetter(*indexes), self._raw)

    def total(self, field: str) -> int:
        """A field added up over every row."""
        return int(sum(self.column(field)))


class DaySums(NamedTuple):
    """One kind of document's summary of one day."""

    day: dt.date
    kind: DocKind
    documents: int  # how many
    gross: int
    net: int
    tax: int
    discount: int  # what the lines would have come to at list price, less what they did
    cost: int  # of the goods sold, or of those back on the shelf for refunds


class ProductSums(NamedTuple):
    """One product's figures over a period (only numbers: its name is read per page)."""

    product_id: int  # 0: free-text invoice lines
    category_id: int | None  # None: no category, or a product deleted since
    quantity: int  # sold
    returned: int
    gross: int  # sold, with tax
    refunds: int  # refunded, with tax
    tax: int  # on sales less on refunds
    cost: int  # of the goods sold less of those back on the shelf


class ProductLabel(NamedTuple):
    """What a report shows of a product besides its figures."""

    name: str
    sku: str | None
    unit: str  # a core.products.Unit value


class CashierSums(NamedTuple):
    """What one person sold and refunded over a period."""

    actor: str  # as stored (see core.access.shown_actor_name)
    sales: int  # how many
    gross: int
    discount: int
    refunds: int  # how many
    refunded: int


class PaymentSums(NamedTuple):
    """What one payment method took and paid back over a period."""

    method: str  # a core.sale.PaymentMethod value, or core.reports.INVOICED
    payments: int  # how many
    amount: int
    refunds: int  # how many
    refunded: int


class TaxSums(NamedTuple):
    """One tax rate's figures over a period."""

    tax_code: str  # "" when no rate applied
    percent: str  # as the documents stored it
    exempt: bool
    sales_net: int
    sales_tax: int
    refunds_net: int
    refunds_tax: int
    name: str | None  # the rate's name on the latest day of the period that has it


class RefundEntry(NamedTuple):
    """A counter refund."""

    day: dt.date
    number: str
    actor: str
    sale_number: str  # the sale it refunds
    reason: str
    gross: int


class CreditNoteEntry(NamedTuple):
    """An issued credit note."""

    day: dt.date  # its issue date
    number: str
    actor: str
    invoice_number: str  # the invoice it corrects ("" for none)
    notes: str
    gross: int


class DiscountEntry(NamedTuple):
    """A counter sale or an invoice sold below its list prices."""

    day: dt.date
    number: str
    actor: str
    approved_by: str  # "" when nobody had to approve it
    discount: int


class CancelledSale(NamedTuple):
    """A sale cancelled at the till, as the audit trail holds it."""

    day: dt.date
    actor: str
    before: str | None  # JSON: what the sale held
    after: str | None  # JSON: why it was cancelled


class StockHolding(NamedTuple):
    """A product with stock on hand (or below zero)."""

    product_id: int
    name: str
    sku: str  # "" for none
    category_id: int | None
    unit: str
    quantity: int
    cost_price: int
    sell_price: int


class UnsoldStock(NamedTuple):
    """An active product in stock and when a counter sale last took some (the stored time:
    most products of a slow-movers report are left out before it is read as a day)."""

    product_id: int
    name: str
    sku: str  # "" for none
    category_id: int | None
    unit: str
    quantity: int
    cost_price: int
    last_sale_at: str | None  # UTC; None: never sold at the counter before the period


class Contact(NamedTuple):
    """Who a customer or a supplier is, as a report names them."""

    name: str
    phone: str


class Owing(NamedTuple):
    """What is owed, and how much of it is past due."""

    owed: int
    overdue: int


class PayableEntry(NamedTuple):
    """One entry of a supplier's account: a delivery owed (above zero) or a payment or
    other credit (below zero)."""

    supplier_id: int
    day: dt.date
    amount: int


class ExpenseCategory(NamedTuple):
    """An expense category: the starting list's carry a key, the owner's own a name."""

    id: int
    key: str | None
    name: str


class MonthSums(NamedTuple):
    """A month's figure of one thing (an expense category; stock written off)."""

    month: str  # YYYY-MM
    what: int  # the category's id; 0 where there is none
    amount: int


class ExpenseTax(NamedTuple):
    """Expenses of one tax code over a period: before tax, and the input tax."""

    tax_code: str  # "" for none
    net: int
    tax: int


class PurchaseTax(NamedTuple):
    """Deliveries (returned: goods sent back to suppliers) of one rate over a period: before
    tax, and the input tax. A delivery recorded without tax counts whole, under no rate."""

    tax_code: str  # "" for none
    percent: str  # as the documents kept it
    name: str
    net: int
    tax: int
    returned: bool
