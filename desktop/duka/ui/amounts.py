"""Money and quantities as the person at the counter reads and types them, in the shop's locale."""

from __future__ import annotations

from duka.core.currency import currency_digits
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.settings import CURRENCY
from duka.i18n import _
from duka.ui.state import AppState


def currency(state: AppState) -> str:
    return str(state.settings[CURRENCY])


def money_text(state: AppState, amount: Money) -> str:
    """With the currency sign, for reading: "KSh 1,250.50"."""
    return state.formats.money(amount.amount, amount.currency)


def price_text(state: AppState, price: Money, asked: bool) -> str:
    """A product's price in a list: a price asked at the sale says so, with its suggestion."""
    if not asked:
        return money_text(state, price)
    if not price:
        return _("asked at the sale")
    # The suggestion first: a narrow column elides the end of the text.
    return _("{price} (asked at the sale)").format(price=money_text(state, price))


def amount_text(state: AppState, amount: Money) -> str:
    """Without the sign, for a field to edit: "1,250.50"."""
    return state.formats.number(amount.amount, currency_digits(amount.currency))


def parse_money(state: AppState, text: str) -> Money:
    code = currency(state)
    return Money.of(state.formats.parse_amount(text, code), code)


def quantity_text(state: AppState, quantity: Quantity) -> str:
    return state.formats.quantity(quantity.value)


def parse_quantity(state: AppState, text: str) -> Quantity:
    return Quantity.of(state.formats.parse_quantity(text))
