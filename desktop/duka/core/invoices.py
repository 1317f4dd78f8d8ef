"""Quotes, invoices and credit notes: drafts, what issuing needs, and where each one stands.

A draft has no number and may change. Issuing gives it the next number of its series, fixes
it for good and journals it; an issued invoice is corrected only by a credit note. Totals
follow `core.tax.document_totals` (each line rounded once, the document discount shared over
the lines, tax once per rate), the same as at the counter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.pricing import PriceSource
from duka.core.products import Unit, check_quantity
from duka.core.quantity import Quantity
from duka.core.tax import DocumentTotals, TaxLine, TaxMode, TaxRate, document_totals
from duka.core.vat import REVERSE_CHARGE
from duka.i18n import N_

MAX_LINES = 500
MAX_DESCRIPTION = 300
MAX_NOTES = 2000
MAX_TERMS_DAYS = 365
MAX_QUANTITY = Quantity.of(1_000_000)


class DocKind(Enum):
    QUOTE = "quote"
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    DocKind.QUOTE: N_("Quote"),
    DocKind.INVOICE: N_("Invoice"),
    DocKind.CREDIT_NOTE: N_("Credit note"),
}


class Status(Enum):
    DRAFT = "draft"
    ISSUED = "issued"  # an invoice not yet due, a quote sent, a credit note
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    CREDITED = "credited"  # an invoice cancelled in full by credit notes
    ACCEPTED = "accepted"  # a quote turned into an invoice
    EXPIRED = "expired"  # a quote past its date

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.DRAFT: N_("Draft"),
    Status.ISSUED: N_("Issued"),
    Status.PARTLY_PAID: N_("Partly paid"),
    Status.PAID: N_("Paid"),
    Status.OVERDUE: N_("Overdue"),
    Status.CREDITED: N_("Credited"),
    Status.ACCEPTED: N_("Accepted"),
    Status.EXPIRED: N_("Expired"),
}


@dataclass(frozen=True, slots=True)
class DocLine:
    """A line: a product of the shop (product_id) or free text (product_id None)."""

    description: str
    quantity: Quantity
    unit_price: Money
    rate: TaxRate | None
    unit: Unit = Unit.PIECE
    discount: Money | None = None  # off this line, in the prices' mode
    product_id: int | None = None
    source_line_id: int | None = None  # the invoice line a credit note line corrects
    # Which price list and quantity break gave the price (core/pricing.py); None for a
    # price typed, or a line written before price lists.
    source: PriceSource | None = None

    def tax_line(self) -> TaxLine:
        return TaxLine(self.quantity, self.unit_price, self.rate, self.discount)

    def checked(self) -> DocLine:
        """This line cleaned, or InvalidInput saying what is wrong with it."""
        description = " ".join(self.description.split())
        if not description:
            raise InvalidInput(N_("Every line needs a description."), field="description")
        if len(description) > MAX_DESCRIPTION:
            raise InvalidInput(
                N_("A line's description can be at most {limit} characters."),
                field="description",
                limit=MAX_DESCRIPTION,
            )
        if self.quantity.milli <= 0:
            raise InvalidInput(N_("A quantity must be more than zero."), field="quantity")
        if self.quantity.milli > MAX_QUANTITY.milli:
            raise InvalidInput(
                N_("A quantity can be at most {limit}."), field="quantity", limit="1000000"
            )
        if self.product_id is not None:  # free text (hours, a service) may be 1.5 of anything
            check_quantity(self.quantity, self.unit, N_("A quantity"))
        if self.unit_price.minor < 0:
            raise InvalidInput(N_("A price cannot be negative."), field="price")
        discount = self.discount or None
        if discount is not None:
            gross = self.unit_price.times(self.quantity.value)
            if discount.minor < 0 or discount > gross:
                raise InvalidInput(
                    N_("A discount cannot be negative or more than the line."), field="discount"
                )
        return replace(self, description=description, discount=discount)


@dataclass(frozen=True, slots=True)
class Draft:
    """What a document says before it is issued."""

    kind: DocKind
    currency: str
    mode: TaxMode
    customer_id: int | None = None
    lines: tuple[DocLine, ...] = ()
    discount: Money | None = None  # off the whole document, shared over the lines
    terms_days: int = 0  # invoices: days to pay; quotes: days the quote holds
    reference: str = ""  # the customer's order number
    notes: str = ""
    language: str | None = None  # None: the customer's, else the shop's
    source_id: int | None = None  # the quote an invoice comes from; the invoice credited
    restock: bool = False  # a credit note: the goods come back to the shelf

    def checked(self) -> Draft:
        if len(self.lines) > MAX_LINES:
            raise InvalidInput(N_("A document can have at most {limit} lines."), limit=MAX_LINES)
        for line in self.lines:
            if line.unit_price.currency != self.currency:
                raise InvalidInput(N_("Amounts must be in the shop's currency."))
        if not 0 <= self.terms_days <= MAX_TERMS_DAYS:
            raise InvalidInput(
                N_("Payment terms are from 0 to {limit} days."),
                field="terms",
                limit=MAX_TERMS_DAYS,
            )
        notes = self.notes.strip()
        if len(notes) > MAX_NOTES:
            raise InvalidInput(
                N_("Notes can be at most {limit} characters."), field="notes", limit=MAX_NOTES
            )
        lines = tuple(line.checked() for line in self.lines)
        draft = replace(
            self,
            lines=lines,
            notes=notes,
            reference=" ".join(self.reference.split())[:100],
            discount=self.discount or None,
        )
        draft.totals()  # refuses a discount larger than the lines
        return draft

    def totals(self) -> DocumentTotals:
        return document_totals(
            [line.tax_line() for line in self.lines], self.mode, self.currency, self.discount
        )


def reverse_charged(draft: Draft) -> Draft:
    """`draft` with the VAT of every taxed line reverse charged (core.vat): the REVERSE_CHARGE
    rate, and with prices that included VAT their amounts without it, rounded once each
    (a document discount in proportion), so the business pays what the shop keeps of a sale
    with VAT. Lines without tax stay so. Applying it twice changes nothing."""
    inclusive = draft.mode is TaxMode.INCLUSIVE

    def net(money: Money | None, rate: TaxRate | None) -> Money | None:
        if money is None or not inclusive or rate is None or rate.exempt or not rate.percent:
            return money
        return Money.rounded(money.amount * 100 / (100 + rate.percent), money.currency)

    lines = []
    for line in draft.lines:
        if line.rate is None:
            lines.append(line)
            continue
        price = net(line.unit_price, line.rate)
        assert price is not None
        charged = replace(line, unit_price=price, discount=None, rate=REVERSE_CHARGE)
        cut = net(line.discount, line.rate)
        if cut is not None:
            # Rounded apart, a discount of the whole line could pass its new amount by a cent
            # (0.057 x 1.50 with 0.09 off): the line would be worth less than nothing.
            whole = charged.tax_line().amount()
            cut = whole if cut.minor > whole.minor else cut
        lines.append(replace(charged, discount=cut))
    discount = draft.discount
    if discount is not None and inclusive:
        before = sum(line.tax_line().amount().minor for line in draft.lines)
        after = sum(line.tax_line().amount().minor for line in lines)
        discount = Money.rounded(discount.amount * after / before, discount.currency) or None
    return replace(draft, lines=tuple(lines), discount=discount, mode=TaxMode.EXCLUSIVE)


def check_issuable(draft: Draft) -> None:
    """InvalidInput when the draft cannot be issued as it stands."""
    if draft.customer_id is None:
        raise InvalidInput(N_("Choose the customer this document is for."), field="customer")
    if not draft.lines:
        raise InvalidInput(N_("A document needs at least one line."), field="lines")
    if draft.kind is DocKind.CREDIT_NOTE and draft.source_id is None:
        raise InvalidInput(N_("A credit note corrects an invoice: choose which."))
    if draft.totals().gross.minor <= 0 and draft.kind is not DocKind.QUOTE:
        raise InvalidInput(N_("A document's total must be more than zero."))


def due_date(issued: dt.date, terms_days: int) -> dt.date:
    return issued + dt.timedelta(days=terms_days)


@dataclass(frozen=True, slots=True)
class Standing:
    """Where an issued invoice stands with its money, in minor units."""

    gross: int
    credited: int  # by credit notes
    due: int  # still to pay

    @property
    def paid(self) -> int:
        return max(0, self.gross - self.credited - self.due)


def status_of(
    kind: DocKind,
    issued: bool,
    standing: Standing,
    due: dt.date | None,
    today: dt.date,
    converted: bool = False,
) -> Status:
    """A document's status from what is recorded about it (nothing is stored twice)."""
    if not issued:
        return Status.DRAFT
    if kind is DocKind.QUOTE:
        if converted:
            return Status.ACCEPTED
        return Status.EXPIRED if due is not None and today > due else Status.ISSUED
    if kind is DocKind.CREDIT_NOTE:
        return Status.ISSUED
    if standing.credited >= standing.gross:
        return Status.CREDITED
    if standing.due <= 0:
        return Status.PAID
    if due is not None and today > due:
        return Status.OVERDUE
    return Status.PARTLY_PAID if standing.paid > 0 else Status.ISSUED


def percent_text(percent: Decimal) -> str:
    """16 -> "16", 7.50 -> "7.5": a rate as a short number for a narrow column."""
    normal = percent.normalize()
    return f"{normal:f}"


@dataclass(frozen=True, slots=True)
class Party:
    """The seller's or the buyer's details as a document prints them."""

    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    tax_id: str = ""


@dataclass(frozen=True, slots=True)
class TaxSum:
    """One tax rate's total on an issued document."""

    code: str
    name: str
    percent: Decimal
    exempt: bool
    net: int
    tax: int
    gross: int


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """A document as recorded: its draft content and, once issued, what issuing fixed."""

    id: int
    draft: Draft
    line_ids: tuple[int, ...]
    line_amounts: tuple[int, ...]  # after the document discount, in the prices' mode
    unit_costs: tuple[int, ...]
    issued: bool
    number: str | None
    issue_date: dt.date | None
    due_date: dt.date | None
    net: int
    tax: int
    gross: int
    taxes: tuple[TaxSum, ...]
    bill: Party
    seller: Party
    sale_id: int | None
    ledger_entry_id: int | None
    created_at: str
    issued_at: str | None
    actor: str

    @property
    def kind(self) -> DocKind:
        return self.draft.kind

    @property
    def customer_id(self) -> int | None:
        return self.draft.customer_id


@dataclass(frozen=True, slots=True)
class DocSummary:
    """A row of the documents list."""

    id: int
    kind: DocKind
    number: str | None
    customer_id: int | None
    customer_name: str
    issue_date: dt.date | None
    due_date: dt.date | None
    gross: int
    standing: Standing
    status: Status
    created_at: str
