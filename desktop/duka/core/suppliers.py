"""Suppliers, the goods they deliver, and what the shop owes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import clean_name
from duka.core.purchase_tax import BoughtLine, purchase_totals
from duka.core.quantity import Quantity
from duka.core.tax import DocumentTotals, TaxRate
from duka.i18n import LANGUAGES, N_


class PaymentMethod(Enum):
    CASH = "cash"
    BANK = "bank"
    MOBILE = "mobile"
    CARD = "card"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _METHODS[self]


_METHODS = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.BANK: N_("Bank transfer"),
    PaymentMethod.MOBILE: N_("Mobile money"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.OTHER: N_("Other"),
}


@dataclass(frozen=True, slots=True)
class SupplierDraft:
    name: str
    phone: str = ""
    tax_id: str = ""
    notes: str = ""
    language: str | None = None  # their purchase orders' (None: the shop's)

    def checked(self) -> SupplierDraft:
        if self.language is not None and self.language not in LANGUAGES:
            raise InvalidInput(
                N_("Duka does not speak the language “{code}”."),
                field="language",
                code=self.language,
            )
        return SupplierDraft(
            clean_name(self.name, N_("A supplier name")),
            " ".join(self.phone.split()),
            self.tax_id.strip(),
            self.notes.strip(),
            self.language,
        )


@dataclass(frozen=True, slots=True)
class Supplier:
    id: int
    name: str
    phone: str
    tax_id: str
    notes: str
    active: bool
    owed: Money  # what the shop owes this supplier now
    language: str | None = None  # their purchase orders' (None: the shop's)


@dataclass(frozen=True, slots=True)
class ReceivedLine:
    product_id: int
    quantity: Quantity
    unit_cost: Money  # before tax, as the supplier's tax invoice prints it
    tax_code: str | None = None  # the rate on the supplier's invoice (None: no tax)
    # For a product that keeps batches (duka.core.batches): what came is one batch.
    batch: str = ""
    expiry: dt.date | None = None

    @property
    def total(self) -> Money:
        """The line's amount before tax."""
        return self.unit_cost.times(self.quantity.value)

    @property
    def bought(self) -> BoughtLine:
        return BoughtLine(self.quantity, self.unit_cost, self.tax_code)


@dataclass(frozen=True, slots=True)
class GoodsReceivedDraft:
    """A delivery: its lines, and whether it was paid on the spot or is owed."""

    supplier_id: int
    lines: tuple[ReceivedLine, ...]
    paid: bool = False
    method: PaymentMethod = PaymentMethod.CASH
    reference: str = ""  # the supplier's invoice or delivery note number
    notes: str = ""

    def checked(self) -> GoodsReceivedDraft:
        if not self.lines:
            raise InvalidInput(N_("A delivery needs at least one line."), field="lines")
        for line in self.lines:
            if line.quantity.milli <= 0:
                raise InvalidInput(
                    N_("A received quantity must be more than zero."), field="quantity"
                )
            if line.unit_cost.minor < 0:
                raise InvalidInput(N_("A cost cannot be negative."), field="unit_cost")
        return self

    def totals(self, rates: Sequence[TaxRate], currency: str) -> DocumentTotals:
        """Before tax, the tax by rate, and what the supplier is owed (core.purchase_tax)."""
        return purchase_totals([line.bought for line in self.lines], rates, currency)


@dataclass(frozen=True, slots=True)
class GoodsReceived:
    id: int
    number: str
    supplier_id: int
    total: Money
    paid: bool
    at: str


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One line of a supplier's account: + what the shop came to owe, - what it paid."""

    at: str
    kind: str
    document: str
    amount: Money
    balance: Money
    note: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    supplier: Supplier
    since: str | None
    until: str | None
    opening: Money
    entries: tuple[LedgerEntry, ...]
    closing: Money
