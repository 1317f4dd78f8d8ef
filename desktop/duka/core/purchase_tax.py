"""Input tax on what the shop buys: a delivery's or a supplier return's tax, by rate.

Only a shop registered for tax (one with tax rates) claims tax back, so only its lines take
a rate: the rate on the supplier's invoice, one of the shop's own. The costs are typed as a
supplier's tax invoice prints them, before tax: the stock is valued at that cost (the tax is
claimed back, so it is no cost of the goods), and the tax is added on top, rounded once per
rate on the whole document as on every other document (core.tax, prices without tax). The
supplier is owed (or credits, for goods sent back) the total with the tax.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.tax import (
    DocumentTotals,
    TaxLine,
    TaxMode,
    TaxRate,
    document_totals,
    shop_rate,
)
from duka.i18n import N_


@dataclass(frozen=True, slots=True)
class BoughtLine:
    """What tax needs of a line bought: how many, the unit cost before tax, the rate's code
    (None: no tax on the line)."""

    quantity: Quantity
    unit_cost: Money
    tax_code: str | None


def purchase_rate(tax_code: str | None, rates: Sequence[TaxRate]) -> TaxRate | None:
    """The shop's rate `tax_code` on a supplier's invoice (None for none)."""
    return shop_rate(
        tax_code, rates, N_("The shop is not registered for tax: it claims no tax back.")
    )


def purchase_totals(
    lines: Sequence[BoughtLine], rates: Sequence[TaxRate], currency: str
) -> DocumentTotals:
    """The document's totals by rate: each line's amount (quantity x unit cost, rounded
    once) is before tax, and each rate's tax is rounded once on the sum of its lines."""
    taxed = [
        TaxLine(line.quantity, line.unit_cost, purchase_rate(line.tax_code, rates))
        for line in lines
    ]
    return document_totals(taxed, TaxMode.EXCLUSIVE, currency)


def carries_tax(lines: Sequence[BoughtLine]) -> bool:
    """Whether a document records its tax by rate: some line has a rate. A document of a
    shop that is not registered, or of goods without tax, keeps none (as before)."""
    return any(line.tax_code is not None for line in lines)


def check_invoice_number(totals: DocumentTotals, reference: str) -> None:
    """Tax is claimed back on the supplier's tax invoice: a document with tax names it."""
    if totals.tax.minor and not reference.strip():
        raise InvalidInput(
            N_("Type the number of the supplier's tax invoice: the tax is claimed back on it."),
            field="reference",
        )
