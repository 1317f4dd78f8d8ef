"""Taking the money: cash with change, card, mobile money, the customer's account, or a split.

The cash field opens holding the amount due, selected, so Enter alone takes exact cash; typing
replaces it with what the customer hands over. Quick buttons offer the usual notes. Until the
cashier types in it, the cash field only holds what the other ways leave to pay, so an amount
by card, mobile money or on account never needs the cash cleared first; "All on account" (F5)
puts the whole amount on the customer's account in one step. The mobile-money services offered
are the shop's own (Settings), else those of its country.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka.core import settings as spec
from duka.core.country_taxes import COUNTRY_TAXES
from duka.core.currency import quick_cash
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.sale import Cart, CompletedSale, PaymentMethod, Settlement, Tender, settle
from duka.i18n import N_, TranslatableError, _
from duka.services.printing import mobile_money_lines
from duka.ui.amounts import amount_text, money_text, parse_money
from duka.ui.state import AppState
from duka.ui.widgets.keypad import Keypad
from duka.ui.widgets.screen_fit import FittedDialog

MOBILE_PROVIDERS = ("M-Pesa", "Airtel Money", "MTN MoMo", "bKash", "UPI", "Pix", "Orange Money")
ALL_ON_ACCOUNT_KEY = "F5"


def mobile_providers(state: AppState) -> tuple[str, ...]:
    """The shop's mobile-money services; else its country's usual ones; else a general list."""
    settings = state.settings
    own = settings[spec.MOBILE_MONEY]
    if own:
        return own
    entry = COUNTRY_TAXES.get(str(settings[spec.COUNTRY]))
    return entry.mobile_money if entry is not None and entry.mobile_money else MOBILE_PROVIDERS


class PaymentDialog(FittedDialog):
    def __init__(
        self,
        state: AppState,
        cart: Cart,
        cash_step: int,
        complete: Callable[[list[Tender]], CompletedSale | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.state = state
        self.cart = cart
        self.due = cart.totals().gross
        self.cash_step = cash_step
        self._complete = complete
        self.result_value: CompletedSale | None = None

        self.due_label = QLabel()
        self.due_label.setObjectName("paymentDue")
        self.cash = QLineEdit(amount_text(state, self.due))
        self.card = QLineEdit()
        self.card_reference = QLineEdit()
        self.mobile = QLineEdit()
        self.provider = QComboBox()
        self.provider.setEditable(True)
        self.provider.addItems(mobile_providers(state))
        self.pay_to = QLabel()  # where the customer sends M-Pesa, to read out to them
        self.pay_to.setObjectName("formStatus")
        self.pay_to.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.provider.currentTextChanged.connect(lambda _text: self._show_pay_to())
        self.mobile_reference = QLineEdit()
        self.account = QLineEdit()
        self.account.setEnabled(cart.customer_id is not None)
        self.all_on_account = QPushButton()
        self.all_on_account.setEnabled(cart.customer_id is not None)
        self.all_on_account.setAutoDefault(False)
        self.all_on_account.clicked.connect(self.put_all_on_account)
        QShortcut(QKeySequence(ALL_ON_ACCOUNT_KEY), self).activated.connect(self.put_all_on_account)
        account_row = QHBoxLayout()
        account_row.addWidget(self.account, 1)
        account_row.addWidget(self.all_on_account)
        self._cash_follows = True  # the cash holds what is left until the cashier types in it
        self.cash.textEdited.connect(self._cash_typed)
        for field in (self.cash, self.card, self.mobile, self.account):
            field.setAlignment(Qt.AlignmentFlag.AlignTrailing)
            field.textChanged.connect(self._update)
        for field in (self.card, self.mobile, self.account):
            field.textEdited.connect(lambda _text: self._cash_takes_the_rest())

        quick = QHBoxLayout()
        self.quick_buttons: list[QPushButton] = []
        for amount in [self.due.minor, *quick_cash(self.due.minor, self.due.currency)]:
            button = QPushButton(amount_text(state, Money(amount, self.due.currency)))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _on=False, a=amount: self._quick(a))
            quick.addWidget(button)
            self.quick_buttons.append(button)

        self.form = QFormLayout()
        self._labels: list[tuple[QLabel, str]] = []
        self._row(N_("&Cash given"), self.cash)
        self.form.addRow("", _wrap(quick))
        self._row(N_("Ca&rd"), self.card)
        self._row(N_("Card slip number"), self.card_reference)
        self._row(N_("&Mobile money"), self.mobile)
        self._row(N_("Provider"), self.provider)
        self.form.addRow("", self.pay_to)
        self._row(N_("Transaction code"), self.mobile_reference)
        self._row(N_("On &account"), _wrap(account_row))
        self._labels[-1][0].setBuddy(self.account)

        self.outcome = QLabel()
        self.outcome.setObjectName("paymentOutcome")
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        # Cash tendered typed with a finger: the keypad beside the form (on the left in a
        # right-to-left language), its digits in their usual order.
        self.keypad = Keypad(self.cash, state.formats.decimal_symbol, digit=state.formats.count)
        self.keypad.setMaximumWidth(4 * self.keypad.keys["0"].minimumWidth() + 8)
        fields = QHBoxLayout()
        fields.addLayout(self.form, 1)
        fields.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addWidget(self.due_label)
        layout.addLayout(fields)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._update()
        self.cash.setFocus()
        self.cash.selectAll()

    def _show_pay_to(self) -> None:
        """The shop's M-Pesa Till (and Paybill, where Settings name its account) while
        M-Pesa is the provider; the receipt prints them too."""
        settings = self.state.settings
        lines: list[str] = []
        if self.provider.currentText().strip().casefold() == "m-pesa":
            account = str(settings[spec.MPESA_ACCOUNT])
            lines = mobile_money_lines(settings, account)
            if not account:  # the Paybill account is the sale's number, not known yet
                lines = lines[:1] if settings[spec.MPESA_TILL] else []
        # A right-to-left mark first: Latin text alone would sit at the far end in Arabic.
        mark = "\u200f" if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else ""
        self.pay_to.setText(mark + "   ".join(lines))
        self.pay_to.setVisible(bool(lines))

    def set_due(self, due: Money) -> None:
        """What is left to pay (after goods brought back in an exchange)."""
        self.due = due
        for button in self.quick_buttons:  # they were for the whole total
            button.hide()
        self.cash.setText(amount_text(self.state, due))
        self.cash.selectAll()
        self._cash_follows = True
        self.retranslate()
        self._update()

    def _row(self, label_id: str, field: QWidget) -> None:
        label = QLabel()
        label.setBuddy(field)
        self._labels.append((label, label_id))
        self.form.addRow(label, field)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Payment"))
        self.due_label.setText(
            _("To pay: {amount}").format(amount=money_text(self.state, self.due))
        )
        for label, label_id in self._labels:
            label.setText(_(label_id))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Complete the sale (Enter)"))
        self._show_pay_to()
        self.all_on_account.setText(_("All on account ({key})").format(key=ALL_ON_ACCOUNT_KEY))
        self.all_on_account.setToolTip(
            _("Put the whole amount on the customer's account")
            if self.cart.customer_id is not None
            else _("Choose the customer first (F9 on the Sell screen).")
        )

    def _quick(self, amount: int) -> None:
        self._cash_follows = False
        self.cash.setText(amount_text(self.state, Money(amount, self.due.currency)))
        self.cash.setFocus()

    def _cash_typed(self, _text: str) -> None:
        self._cash_follows = False

    def _cash_takes_the_rest(self) -> None:
        """While the cashier has not typed a cash amount, the cash is what the other ways of
        paying leave: typing the whole amount on account leaves no cash to clear."""
        if not self._cash_follows:
            return
        others = 0
        for field in (self.card, self.mobile, self.account):
            try:
                others += self._amount(field).minor
            except TranslatableError:
                return  # half-typed: keep the cash until the amount reads
        left = self.due.minor - others
        self.cash.setText(
            amount_text(self.state, Money(left, self.due.currency)) if left > 0 else ""
        )

    def put_all_on_account(self) -> None:
        """The whole amount due on the customer's account, in one step."""
        self.error.clear()
        if self.cart.customer_id is None:
            self.error.setText(_("Choose the customer first (F9 on the Sell screen)."))
            return
        for field in (self.cash, self.card, self.mobile):
            field.clear()
        self.account.setText(amount_text(self.state, self.due))
        self._cash_follows = False
        self.account.setFocus()
        self.account.selectAll()

    def _amount(self, field: QLineEdit) -> Money:
        text = field.text().strip()
        return parse_money(self.state, text) if text else Money.zero(self.due.currency)

    def tenders(self) -> list[Tender]:
        """What was entered, or InvalidInput for an amount that is not one."""
        found = []
        cash = self._amount(self.cash)
        if cash or not any(f.text().strip() for f in (self.card, self.mobile, self.account)):
            found.append(Tender(PaymentMethod.CASH, cash))
        provider = self.provider.currentText()
        for method, field, named, reference in (
            (PaymentMethod.CARD, self.card, "", self.card_reference.text()),
            (PaymentMethod.MOBILE, self.mobile, provider, self.mobile_reference.text()),
            (PaymentMethod.ACCOUNT, self.account, "", ""),
        ):
            amount = self._amount(field)
            if amount:
                found.append(Tender(method, amount, named.strip(), reference.strip()))
        return found

    def settlement(self) -> Settlement:
        return settle(self.due, self.tenders(), self.cash_step)

    def _update(self) -> None:
        self.error.clear()
        try:
            settled = self.settlement()
        except (InvalidInput, TranslatableError) as refused:
            self.outcome.setText(self._short_text() or refused.message)
            self.outcome.setProperty("state", "short")
        else:
            text = _("Change: {amount}").format(amount=money_text(self.state, settled.change))
            if settled.rounding:
                text += "   " + _("(cash rounded by {amount})").format(
                    amount=money_text(self.state, settled.rounding)
                )
            self.outcome.setText(text)
            self.outcome.setProperty("state", "ok")
        self.outcome.style().unpolish(self.outcome)
        self.outcome.style().polish(self.outcome)

    def _short_text(self) -> str:
        """ "Still to pay: …" in the shop's own money format, when that is what is wrong."""
        try:
            given = sum(t.amount.minor for t in self.tenders())
        except TranslatableError:
            return ""
        if given >= self.due.minor:
            return ""
        left = Money(self.due.minor - given, self.due.currency)
        return _("Still to pay: {amount}").format(amount=money_text(self.state, left))

    def accept(self) -> None:
        self.error.clear()
        try:
            tenders = self.tenders()
            self.settlement()
        except TranslatableError as refused:
            self.error.setText(refused.message)
            return
        done = self._complete(tenders)
        if done is not None:
            self.result_value = done
            super().accept()


def _wrap(layout: QHBoxLayout) -> QWidget:
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder
