"""A customer's page: who they are, what they owe against their limit, and their account
(every entry with the running balance), purchases and documents; with the buttons to take a
payment, correct the account, and print a statement or a reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission, shown_actor_name
from duka.core.customers import CustomerRow
from duka.core.money import Money
from duka.i18n import LANGUAGES, _
from duka.ui.amounts import money_text
from duka.ui.models.windowed import isolate
from duka.ui.screens.customers import CREDIT, OVER_LIMIT, OWES
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog
from duka.ui.widgets.tills_heard import BALANCE_HEARD, TillsHeardLine

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
SHOWN_ENTRIES = 1000  # the newest; the statement covers any period


def _table(columns: int, stretch: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]], money_from: int) -> None:
    table.setRowCount(len(rows))
    for number, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(isolate(text))
            if column >= money_from:
                item.setTextAlignment(_END)
            table.setItem(number, column, item)


class CustomerPage(FittedDialog):
    def __init__(self, state: AppState, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerPage")
        self.state = state
        self.customer_id = customer_id
        self.customer: CustomerRow = state.shop.customers.get(customer_id)

        self.name = QLabel()
        self.name.setObjectName("screenTitle")
        self.contact = QLabel()
        self.contact.setWordWrap(True)
        self.balance = QLabel()
        self.balance.setObjectName("customerBalance")
        self.limit = QLabel()
        self.available = QLabel()
        figures = QGridLayout()
        self._figure_labels = [QLabel(), QLabel(), QLabel()]
        for row, (label, value) in enumerate(
            zip(self._figure_labels, (self.balance, self.limit, self.available), strict=True)
        ):
            figures.addWidget(label, row, 0)
            figures.addWidget(value, row, 1)
        head = QHBoxLayout()
        who = QVBoxLayout()
        who.addWidget(self.name)
        who.addWidget(self.contact)
        head.addLayout(who, 1)
        head.addLayout(figures)
        # With several tills, the balance holds their sales and payments as far as they came.
        self.tills_heard = TillsHeardLine(state, BALANCE_HEARD)

        self.pay_button = QPushButton()
        self.pay_button.setObjectName("primary")
        self.adjust_button = QPushButton()
        self.statement_button = QPushButton()
        self.reminder_button = QPushButton()
        self.edit_button = QPushButton()
        actions = QHBoxLayout()
        for button, slot in (
            (self.pay_button, self.take_payment),
            (self.statement_button, self.statement),
            (self.reminder_button, self.reminder),
            (self.adjust_button, self.adjust),
            (self.edit_button, self.edit),
        ):
            button.clicked.connect(slot)
            actions.addWidget(button)
        actions.addStretch(1)

        self.ledger = _table(6, 2)
        self.ledger.setObjectName("customerLedger")
        self.purchases = _table(4, 1)
        self.documents = _table(4, 2)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.ledger, "")
        self.tabs.addTab(self.purchases, "")
        self.tabs.addTab(self.documents, "")
        self.tabs.addTab(self.details, "")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tills_heard)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.resize(980, 640)
        self.load()

    # -- showing ---------------------------------------------------------------------------

    def load(self) -> None:
        state = self.state
        self.customer = state.shop.customers.get(self.customer_id)
        c = self.customer
        self.setWindowTitle(_("Customer: {name}").format(name=isolate(c.name)))
        self.name.setText(isolate(c.name))
        self.contact.setText("   ".join(isolate(t) for t in (c.phone, c.email) if t))
        owed = c.balance
        self._figure_labels[0].setText(_("Owes") if owed.minor >= 0 else _("Store credit"))
        self.balance.setText(money_text(state, owed if owed.minor >= 0 else -owed))
        colour = OVER_LIMIT if owed > c.credit_limit else OWES if owed.minor > 0 else CREDIT
        self.balance.setStyleSheet(f"color: {colour}; font-size: 18pt; font-weight: 600;")
        self._figure_labels[1].setText(_("Credit limit"))
        self.limit.setText(money_text(state, c.credit_limit))
        self._figure_labels[2].setText(_("Can still buy on account"))
        available = c.available
        self.available.setText(money_text(state, max(available, Money.zero(owed.currency))))
        self._load_ledger()
        self._load_purchases()
        self._load_documents()
        self._load_details()
        self.retranslate()

    def _day(self, stamp: str) -> str:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
        return self.state.formats.date(moment.date(), "short")

    def _load_ledger(self) -> None:
        accounts = self.state.shop.accounts
        entries = accounts.entries(self.customer_id, SHOWN_ENTRIES)
        rows = []
        for entry in reversed(entries):  # newest first: what the person came to see
            rows.append(
                (
                    self._day(entry.at),
                    entry.document,
                    accounts.describe(entry),
                    shown_actor_name(entry.actor),
                    money_text(self.state, entry.amount),
                    money_text(self.state, entry.balance),
                )
            )
        _fill(self.ledger, rows, 4)
        for column, width in ((0, 100), (1, 120), (3, 130), (4, 130), (5, 130)):
            self.ledger.setColumnWidth(column, width)

    def _load_purchases(self) -> None:
        rows = [
            (
                self._day(p.at),
                p.number,
                money_text(self.state, p.gross),
                money_text(self.state, p.on_account) if p.on_account else "",
            )
            for p in self.state.shop.accounts.purchases(self.customer_id)
        ]
        _fill(self.purchases, rows, 2)
        self.purchases.setColumnWidth(0, 120)
        for column in (2, 3):
            self.purchases.setColumnWidth(column, 140)

    def _load_documents(self) -> None:
        rows = [
            (self._day(d.at), d.number, _(d.label), money_text(self.state, d.amount))
            for d in self.state.shop.accounts.documents(self.customer_id)
        ]
        _fill(self.documents, rows, 3)
        for column, width in ((0, 100), (1, 130), (3, 140)):
            self.documents.setColumnWidth(column, width)

    def _load_details(self) -> None:
        c = self.customer
        language = LANGUAGES[c.language].native_name if c.language in LANGUAGES else ""
        pairs = [
            (_("Phone"), c.phone),
            (_("Email"), c.email),
            (_("Address"), c.address),
            (_("Tax number"), c.tax_id),
            (_("Documents in"), language or _("The shop's language")),
            (_("Notes"), c.notes),
            (_("Customer number"), str(c.id)),
        ]
        self.details.setText(
            "\n".join(f"{label}: {isolate(value)}" for label, value in pairs if value)
        )

    def retranslate(self) -> None:
        may = self.state.may
        for button, text in (
            (self.pay_button, _("Take a payment…")),
            (self.adjust_button, _("Correct…")),
            (self.statement_button, _("Statement…")),
            (self.reminder_button, _("Reminder…")),
            (self.edit_button, _("Change details…")),
        ):
            button.setText(text)
        self.pay_button.setEnabled(may(Permission.TAKE_PAYMENTS))
        self.edit_button.setEnabled(may(Permission.MANAGE_CUSTOMERS))
        self.reminder_button.setEnabled(self.customer.balance.minor > 0)
        self.tills_heard.refresh()
        self.tabs.setTabText(0, _("Account"))
        self.tabs.setTabText(1, _("Purchases"))
        self.tabs.setTabText(2, _("Documents"))
        self.tabs.setTabText(3, _("Details"))
        self.documents.setHorizontalHeaderLabels([_("Date"), _("Document"), _("What"), _("Amount")])
        self.ledger.setHorizontalHeaderLabels(
            [_("Date"), _("Document"), _("What"), _("By"), _("Amount"), _("Balance")]
        )
        self.purchases.setHorizontalHeaderLabels(
            [_("Date"), _("Sale"), _("Total"), _("On account")]
        )

    # -- actions ---------------------------------------------------------------------------

    def take_payment(self) -> None:
        from duka.ui.dialogs.account_payment import AccountPaymentDialog

        dialog = AccountPaymentDialog(self.state, self.customer_id, self)
        if dialog.exec():
            self.load()

    def adjust(self) -> None:
        from duka.ui.dialogs.account_adjust import AccountAdjustDialog

        if AccountAdjustDialog(self.state, self.customer_id, self).exec():
            self.load()

    def edit(self) -> None:
        from duka.ui.dialogs.customer_editor import CustomerEditor

        if CustomerEditor(self.state, self.customer, self).exec():
            self.load()

    def statement(self) -> None:
        from duka.ui.dialogs.customer_statement import CustomerStatementDialog

        CustomerStatementDialog(self.state, self.customer, self).exec()

    def reminder(self) -> None:
        from duka.ui.dialogs.reminder import ReminderDialog

        ReminderDialog(self.state, self.customer, self).exec()
