"""Adding or changing a customer: name, phone, email, address, tax number, the language their
documents are written in, credit limit and notes. A phone another customer has is allowed
(families share phones) but pointed out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from duka.core.access import Approvals, Permission
from duka.core.customers import CustomerRow, NewCustomer
from duka.i18n import LANGUAGES, N_, _, language_label
from duka.ui.amounts import amount_text, parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState


def price_list_choice(state: AppState, customer_id: int | None) -> QComboBox:
    """Retail, then the lists in use (and the customer's, if it was set aside)."""
    choice = QComboBox()
    choice.setObjectName("customerPriceList")
    # Its first entry is named later, in the user's language: the box follows its text.
    choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    choice.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    lists = state.shop.price_lists
    current = lists.customer_list(customer_id) if customer_id is not None else None
    choice.addItem("", None)
    for found in lists.lists():
        if found.active or found.id == current:
            choice.addItem(found.name, found.id)
    choice.setCurrentIndex(max(0, choice.findData(current)))
    return choice


class CustomerEditor(FormDialog):
    def __init__(
        self, state: AppState, customer: CustomerRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerEditor")
        self.state = state
        self.customer = customer
        self.saved_id: int | None = None
        self.title_id = N_("New customer") if customer is None else N_("Change a customer")
        self.name = QLineEdit(customer.name if customer else "")
        self.phone = QLineEdit(customer.phone if customer else "")
        self.phone.textChanged.connect(lambda _t: self._check_phone())
        self.phone_note = QLabel()
        self.phone_note.setObjectName("formStatus")
        self.email = QLineEdit(customer.email if customer else "")
        self.address = QPlainTextEdit(customer.address if customer else "")
        self.address.setMaximumHeight(60)
        self.tax_id = QLineEdit(customer.tax_id if customer else "")
        self.language = QComboBox()
        self.language.addItem("", None)
        for code in LANGUAGES:
            self.language.addItem(language_label(code), code)
        self.language.setCurrentIndex(
            max(0, self.language.findData(customer.language if customer else None))
        )
        limit = customer.credit_limit if customer else None
        self.limit = QLineEdit(
            amount_text(state, limit) if limit is not None else state.formats.count(0)
        )
        self.limit.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.limit.setEnabled(customer is None or state.may(Permission.MANAGE_CUSTOMERS))
        self.notes = QPlainTextEdit(customer.notes if customer else "")
        self.notes.setMaximumHeight(60)
        self.price_list = price_list_choice(state, customer.id if customer else None)
        self.active = QCheckBox()
        self.active.setChecked(customer.active if customer else True)
        self.row(N_("Name"), self.name)
        self.row(N_("Phone"), self.phone)
        self.form.addRow("", self.phone_note)
        self.row(N_("Email"), self.email)
        self.row(N_("Address"), self.address)
        self.row(N_("Tax number"), self.tax_id)
        self.row(N_("Documents in"), self.language)
        self.row(N_("Credit limit"), self.limit)
        self.row(N_("Price list"), self.price_list)
        self.row(N_("Notes"), self.notes)
        if customer is not None:
            self.row(N_("Active"), self.active)
        self.finish_layout()
        self.setMinimumWidth(480)

    def retranslate(self) -> None:
        super().retranslate()
        self.language.setItemText(0, _("The shop's language"))
        self.price_list.setItemText(0, _("Retail (the products' own prices)"))
        self.price_list.setToolTip(
            _("The prices this customer buys at, at the till and on invoices")
        )
        self.limit.setToolTip(_("What this customer may owe at most; 0: no sales on account"))
        self._check_phone()

    def _check_phone(self) -> None:
        other = self.customer.id if self.customer else None
        shared = self.state.shop.customers.phone_in_use(self.phone.text(), other)
        self.phone_note.setText(_("Another customer has this phone number.") if shared else "")
        self.phone_note.setVisible(shared)

    def draft(self) -> NewCustomer:
        return NewCustomer(
            name=self.name.text(),
            credit_limit=parse_money(self.state, self.limit.text() or "0"),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            tax_id=self.tax_id.text(),
            language=self.language.currentData(),
            notes=self.notes.toPlainText(),
        )

    def submit(self) -> bool:
        from duka.ui.approval import approved

        draft = self.draft()
        customers = self.state.shop.customers

        listed = self.price_list.currentData()

        def save(given: Approvals) -> int:
            approval = given.get(Permission.SET_CREDIT_LIMITS)

            def saved() -> int:
                if self.customer is None:
                    return customers.add(draft, approval)
                customers.update(self.customer.id, draft, self.active.isChecked(), approval)
                return self.customer.id

            return self.state.shop.price_lists.saving_customer(saved, listed)

        done = approved(
            self, self.state, save, asks=(Permission.SET_CREDIT_LIMITS,), show_refusals=False
        )
        if done is None:
            return False
        self.saved_id = done.value
        return True
