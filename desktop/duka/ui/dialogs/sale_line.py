"""Changing one line of the sale (its quantity, price or discount) or the whole sale's
discount. A discount is typed as an amount ("50") or a percent ("10%")."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from duka.core.access import Permission
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.sale import Cart, CartLine, lowest_within
from duka.core.settings import DISCOUNT_LIMIT
from duka.i18n import N_, _
from duka.ui.amounts import amount_text, money_text, parse_money, parse_quantity, quantity_text
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.keypad import Keypad

_PERCENT_SIGNS = ("%", "\u066a")
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))


DISCOUNT_INTRO = N_("A discount is an amount, or a percent such as {example}.")


def discount_intro(state: AppState) -> str:
    """The intro of a dialog taking a discount, its example in the shop's own percent."""
    return _(DISCOUNT_INTRO).format(example=state.formats.percent(Decimal(10)))


def parse_discount(state: AppState, text: str, of: Money) -> Money | None:
    """ "10%" of `of` (rounded once) or an amount; None when the field is empty."""
    # The sign as the locale writes it ("١٠٪؜" in Egypt, "%10" in Turkey), marks and all.
    text = text.translate(_BIDI_MARKS).strip()
    if not text:
        return None
    if text.endswith(_PERCENT_SIGNS) or text.startswith(_PERCENT_SIGNS):
        percent = state.formats.parse_quantity(text.strip("".join(_PERCENT_SIGNS)).strip())
        if not 0 <= percent <= 100:
            raise InvalidInput(N_("A discount in percent is between 0 and 100."), field="discount")
        return Money.rounded(of.amount * Decimal(percent) / 100, of.currency)
    return parse_money(state, text)


class QuantityDialog(FormDialog):
    title_id = N_("Quantity")

    def __init__(self, state: AppState, line: CartLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.line = line
        self.result_line: CartLine | None = None
        self.field = QLineEdit(quantity_text(state, line.quantity))
        measured = line.unit.measured
        self.row(N_("Weight or measure") if measured else N_("How many"), self.field)
        self.keypad = Keypad(self.field, state.formats.decimal_symbol, digit=state.formats.count)
        self.finish_layout(self.keypad)
        self.intro.setText(
            f"{isolate(line.name)} ({_(line.unit.label)})" if measured else line.name
        )
        self.intro.setVisible(True)
        self.field.selectAll()

    def retranslate(self) -> None:
        super().retranslate()
        self.intro.setVisible(True)  # the product's name, not a catalog text

    def submit(self) -> bool:
        quantity = parse_quantity(self.state, self.field.text())
        self.result_line = replace(self.line, quantity=quantity).checked()
        return True


class AskedPriceDialog(FormDialog):
    """The price of a product without a fixed price, asked when it is scanned, chosen or
    tapped. Enter takes the price typed, Esc adds nothing. Like every dialog that does not
    `take_scans`, a scan made while it is open waits for the Sell screen below."""

    title_id = N_("Price asked at the sale")

    def __init__(self, state: AppState, line: CartLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("askedPriceDialog")
        self.state = state
        self.line = line
        self.result_line: CartLine | None = None
        self.suggested = line.suggested if line.suggested is not None else line.list_price
        self.price = QLineEdit(amount_text(state, self.suggested) if self.suggested else "")
        self.price.setObjectName("askedPrice")
        self.price.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self._price_label = self.row(N_("Price each"), self.price)
        self.hint = QLabel()
        self.hint.setObjectName("askedPriceHint")
        self.hint.setWordWrap(True)
        self.keypad = Keypad(self.price, state.formats.decimal_symbol, digit=state.formats.count)
        self.finish_layout(self.hint, self.keypad)
        self.price.setFocus()
        self.price.selectAll()

    def retranslate(self) -> None:
        super().retranslate()
        unit = self.line.unit
        name = isolate(self.line.name)
        self.intro.setText(f"{name} ({_(unit.label)})" if unit.measured else self.line.name)
        self.intro.setVisible(True)
        if unit.measured:
            self._price_label.setText(_("Price per {unit}").format(unit=_(unit.label)))
        self.hint.setText(self._hint())

    def _hint(self) -> str:
        if not self.suggested:
            return _("Type the price agreed with the customer.")
        said = [_("Suggested price: {price}.").format(price=money_text(self.state, self.suggested))]
        lowest = lowest_within(self.suggested, self.state.settings[DISCOUNT_LIMIT])
        if lowest is not None and not self.state.may(Permission.DISCOUNT):
            said.append(
                _("Below {price}, a manager approves it at Pay.").format(
                    price=money_text(self.state, lowest)
                )
            )
        return " ".join(said)

    def submit(self) -> bool:
        text = self.price.text().strip()
        if not text:
            raise InvalidInput(N_("Type a price above zero."), field="price")
        self.result_line = self.line.at_asked_price(parse_money(self.state, text))
        return True


class LineDiscountDialog(FormDialog):
    title_id = N_("Price and discount")
    intro_id = DISCOUNT_INTRO

    def intro_text(self) -> str:
        return discount_intro(self.state)

    def __init__(self, state: AppState, line: CartLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.line = line
        self.result_line: CartLine | None = None
        self.price = QLineEdit(amount_text(state, line.unit_price))
        self.discount = QLineEdit(amount_text(state, line.discount) if line.discount else "")
        self.row(N_("Price each"), self.price)
        self.row(N_("Discount"), self.discount)
        self.finish_layout()
        self.discount.setFocus()

    def submit(self) -> bool:
        price = parse_money(self.state, self.price.text())
        gross = price.times(self.line.quantity.value)
        discount = parse_discount(self.state, self.discount.text(), gross)
        self.result_line = replace(self.line, unit_price=price, discount=discount).checked()
        return True


class CartDiscountDialog(FormDialog):
    title_id = N_("Discount on the whole sale")
    intro_id = DISCOUNT_INTRO

    def intro_text(self) -> str:
        return discount_intro(self.state)

    def __init__(self, state: AppState, cart: Cart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.cart = cart
        self.result_cart: Cart | None = None
        self.discount = QLineEdit(amount_text(state, cart.discount) if cart.discount else "")
        self.row(N_("Discount"), self.discount)
        self.finish_layout()

    def submit(self) -> bool:
        subtotal = Money(sum(line.amount().minor for line in self.cart.lines), self.cart.currency)
        discount = parse_discount(self.state, self.discount.text(), subtotal)
        self.result_cart = self.cart.with_discount(discount)
        return True
