"""How a report's cell reads: on screen and on paper in the language being spoken
(`cell_text`), and in a spreadsheet as a number, a date or a translated label
(`sheet_value`). CSV has its own rule, for other programs (core.reports.csv_text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from duka.core.currency import currency_digits
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.reports import Cell, Column, ColumnKind
from duka.i18n import _
from duka.i18n.formatting import Formats


def column_text(
    column: Column, formats: Formats, currency: str, plain_money: bool = False
) -> Callable[[Cell], str]:
    """How a cell of `column` reads in the language being spoken."""

    def text(value: Cell) -> str:
        return cell_text(column, value, formats, currency, plain_money)

    return text


def cell_text(
    column: Column, value: Cell, formats: Formats, currency: str, plain_money: bool = False
) -> str:
    """A cell as the screen and the PDF show it: money, quantities, counts, percents and
    dates as the locale writes them (`formats`, e.g. printing.document_formats), labels
    translated; `plain_money` leaves the currency out (a table that names it once). None is
    an empty cell."""
    if value is None:
        return ""
    kind = column.kind
    if isinstance(value, dt.date):
        return formats.date(value, "LLL y" if kind is ColumnKind.MONTH else "short")
    if isinstance(value, Decimal):
        return formats.percent(value) if kind is ColumnKind.RATE else formats.number(value)
    if isinstance(value, int):
        if kind is ColumnKind.PERCENT:
            return formats.percent(Decimal(value).scaleb(-2), decimals=2)
        if kind is ColumnKind.MONEY:
            amount = Money(value, currency).amount
            if plain_money:
                return formats.number(amount, currency_digits(currency))
            return formats.money(amount, currency)
        if kind is ColumnKind.QUANTITY:
            return formats.quantity(Quantity(value).value)
        return str(value) if column.identifies else formats.number(value)
    if kind is ColumnKind.LABEL:
        return _(column.label_of(value)) if value else ""
    return value


def sheet_value(column: Column, value: Cell, currency: str) -> object:
    """A cell as a spreadsheet holds it: numbers as numbers (money in major units), dates as
    dates, labels translated."""
    if isinstance(value, int) and not isinstance(value, bool):
        if column.kind is ColumnKind.MONEY:
            return Money(value, currency).amount
        if column.kind is ColumnKind.QUANTITY:
            return Quantity(value).value
        if column.kind is ColumnKind.PERCENT:
            return Decimal(value).scaleb(-2)
    if column.kind is ColumnKind.LABEL and isinstance(value, str):
        return _(column.label_of(value)) if value else ""
    return value
