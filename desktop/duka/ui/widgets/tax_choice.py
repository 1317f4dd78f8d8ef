"""The tax rate of a line bought (a delivery's, a supplier return's), chosen in its table's
cell, and the document's totals as the supplier's tax invoice shows them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QComboBox

from duka.core.tax import DocumentTotals, TaxRate
from duka.i18n import _
from duka.ui.amounts import money_text
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState


def tax_choice(
    rates: Sequence[TaxRate], code: str | None, chosen: Callable[[str | None], None]
) -> QComboBox:
    """ "No tax" and the shop's rates, `code` chosen; `chosen` hears each new choice."""
    box = QComboBox()
    box.setObjectName("lineTax")
    box.addItem(_("No tax"), None)
    for rate in rates:
        box.addItem(rate.name, rate.code)
    box.setCurrentIndex(max(0, box.findData(code)))
    box.currentIndexChanged.connect(lambda _index: chosen(box.currentData()))
    return box


def default_code(code: str | None, rates: Sequence[TaxRate]) -> str | None:
    """A product's own rate, when the shop still has it."""
    return code if any(rate.code == code for rate in rates) else None


def totals_text(state: AppState, totals: DocumentTotals) -> str:
    return _("Before tax: {net}   Tax: {tax}   Total: {total}").format(
        net=isolate(money_text(state, totals.net)),
        tax=isolate(money_text(state, totals.tax)),
        total=isolate(money_text(state, totals.gross)),
    )
