"""The payment dialog as a cashier uses it: the shop's mobile money, and a sale on account
without clearing the cash first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from duka.core import settings as spec
from duka.core.money import Money
from duka.core.sale import Cart, PaymentMethod, Tender
from duka.services.shop import Shop
from duka.ui.dialogs.payment import MOBILE_PROVIDERS, PaymentDialog
from duka.ui.state import AppState
from tests.services.test_checkout import scan_into
from tests.ui.test_sell_screen import barcode


def a_cart(shop: Shop, customer: bool) -> Cart:
    cart = scan_into(shop, shop.checkout.new_cart(), barcode(shop, "Sugar 1 kg"))
    if customer:
        first = shop.customers.search("", 1)[0]
        cart = cart.with_customer(first.id)
    return cart


def open_dialog(
    qtbot: QtBot, state: AppState, cart: Cart, done: list[list[Tender]]
) -> PaymentDialog:
    def complete(tenders: list[Tender]) -> str:
        done.append(tenders)
        return "ok"

    dialog = PaymentDialog(state, cart, 1, complete)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_the_whole_sale_goes_on_account_with_one_key(qtbot: QtBot, state: AppState) -> None:
    cart = a_cart(state.shop, customer=True)
    done: list[list[Tender]] = []
    dialog = open_dialog(qtbot, state, cart, done)
    assert dialog.cash.text()  # the amount due, pre-filled for exact cash
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_F5)
    assert dialog.cash.text() == "" and dialog.account.hasFocus()
    QTest.keyClick(dialog.account, Qt.Key.Key_Return)
    assert done == [[Tender(PaymentMethod.ACCOUNT, cart.totals().gross)]]


def test_typing_an_amount_on_account_leaves_only_the_rest_in_cash(
    qtbot: QtBot, state: AppState
) -> None:
    cart = a_cart(state.shop, customer=True)
    due = cart.totals().gross
    done: list[list[Tender]] = []
    dialog = open_dialog(qtbot, state, cart, done)
    dialog.account.setFocus()
    QTest.keyClicks(dialog.account, "50")
    rest = due - Money.of(50, due.currency)
    assert dialog.settlement().change.minor == 0
    QTest.keyClick(dialog.account, Qt.Key.Key_Return)
    assert done == [
        [
            Tender(PaymentMethod.CASH, rest),
            Tender(PaymentMethod.ACCOUNT, Money.of(50, due.currency)),
        ]
    ]


def test_cash_the_cashier_typed_stays_as_typed(qtbot: QtBot, state: AppState) -> None:
    cart = a_cart(state.shop, customer=False)
    dialog = open_dialog(qtbot, state, cart, [])
    QTest.keyClicks(dialog.cash, "1000")
    QTest.keyClicks(dialog.card, "10")
    assert dialog.cash.text() == "1000"


def test_without_a_customer_on_account_says_to_choose_one(qtbot: QtBot, state: AppState) -> None:
    dialog = open_dialog(qtbot, state, a_cart(state.shop, customer=False), [])
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_F5)
    assert "F9" in dialog.error.text()
    assert dialog.cash.text()  # nothing changed


@pytest.mark.parametrize(
    ("own", "country", "offered"),
    [
        (("Airtel Money", "M-Pesa"), "KE", ["Airtel Money", "M-Pesa"]),
        ((), "BD", ["bKash", "Nagad", "Rocket"]),
        ((), "NO", list(MOBILE_PROVIDERS)),
    ],
)
def test_mobile_money_offers_the_shops_own_services(
    qtbot: QtBot, state: AppState, own: tuple[str, ...], country: str, offered: list[str]
) -> None:
    state.shop.settings.save({spec.MOBILE_MONEY.key: own, spec.COUNTRY.key: country})
    state.reload()
    dialog = open_dialog(qtbot, state, a_cart(state.shop, customer=False), [])
    assert [dialog.provider.itemText(i) for i in range(dialog.provider.count())] == offered


def test_with_m_pesa_chosen_the_dialog_shows_the_till_to_read_out(
    qtbot: QtBot, state: AppState
) -> None:
    dialog = open_dialog(qtbot, state, a_cart(state.shop, customer=False), [])
    assert dialog.provider.currentText() == "M-Pesa"  # the demo shop's first
    assert dialog.pay_to.isVisible() and dialog.pay_to.text() == "M-Pesa Till 123456"
    dialog.provider.setCurrentText("Airtel Money")
    assert not dialog.pay_to.isVisible()
