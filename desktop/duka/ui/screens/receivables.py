"""Receivables: who owes the shop what, and for how long (0-30, 31-60, 61-90, over 90 days),
largest or oldest first; with the way to each customer's page, a payment or a reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from duka.core.access import Permission
from duka.core.changes import Area, Changes
from duka.core.ledger import Receivable, ReceivableRows
from duka.core.money import Money
from duka.i18n import N_, N_plural, _
from duka.ui.amounts import currency, money_text
from duka.ui.models.windowed import Column
from duka.ui.screens.customers import OVER_LIMIT, OWES
from duka.ui.screens.listing import ListingScreen
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout

BY_AMOUNT = ReceivableRows.BY_AMOUNT
BY_AGE = ReceivableRows.BY_AGE
BY_NAME = ReceivableRows.BY_NAME
_OLD = "#b3261e"


class ReceivablesScreen(ListingScreen):
    watches = frozenset({Area.CUSTOMERS, Area.SALES, Area.INVOICES})
    title_id = N_("Who owes")
    empty_id = N_("Nobody owes the shop anything.")
    count_label = N_plural("{count} customer owes", "{count} customers owe")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._rows: Sequence[Receivable] = []
        self._totals = ""
        self._today = dt.date.today()
        super().__init__(state, parent)
        self.table.doubleClicked.connect(lambda _index: self.open_customer())
        self.table.activated.connect(lambda _index: self.open_customer())
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        self._enable()

    def toolbar(self) -> QWidget:
        bar = QWidget()
        column = QVBoxLayout(bar)
        column.setContentsMargins(0, 0, 0, 0)
        layout = FlowLayout()  # on more lines on a netbook or in a longer language
        column.addLayout(layout)
        self.sort_label = QLabel()
        self.sort = QComboBox()
        self.sort.setObjectName("receivablesSort")
        self.sort.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.sort.activated.connect(lambda _i: self._reload())
        self.totals = QLabel()
        self.totals.setObjectName("receivablesTotals")
        self.totals.setWordWrap(True)  # two lines on a netbook rather than a cut sum
        self.open_button = QPushButton()
        self.pay_button = QPushButton()
        self.pay_button.setObjectName("primary")
        self.reminder_button = QPushButton()
        layout.addWidget(self.sort_label)
        layout.addWidget(self.sort)
        layout.addStretch()
        for button, slot in (
            (self.pay_button, self.take_payment),
            (self.reminder_button, self.reminder),
            (self.open_button, self.open_customer),
        ):
            button.clicked.connect(slot)
            layout.addWidget(button)
        column.addWidget(self.totals)  # the shop's totals by age, below: they may wrap
        return bar

    def _money(self, minor: int) -> str:
        return money_text(self.state, Money(minor, currency(self.state))) if minor else ""

    def columns(self) -> Sequence[Column[Receivable]]:
        def owing(row: Receivable) -> str | None:
            return OVER_LIMIT if row.total > row.credit_limit else OWES

        def old(row: Receivable) -> str | None:
            return _OLD if row.ageing.over_90 else None

        return (
            Column(N_("Name"), lambda r: r.name),
            Column(N_("Phone"), lambda r: r.phone),
            Column(N_("Owes"), lambda r: self._money(r.total), True, owing),
            Column(N_("0–30 days"), lambda r: self._money(r.ageing.current), True),
            Column(N_("31–60 days"), lambda r: self._money(r.ageing.days_31_60), True),
            Column(N_("61–90 days"), lambda r: self._money(r.ageing.days_61_90), True),
            Column(N_("Over 90 days"), lambda r: self._money(r.ageing.over_90), True, old),
            Column(
                N_("Oldest debt"),
                lambda r: _("{days} days").format(
                    days=self.state.formats.number(r.days_oldest(self._today))
                ),
                True,
                old,
            ),
            Column(N_("Credit limit"), lambda r: self._money(r.credit_limit), True),
        )

    def column_widths(self) -> Sequence[int]:
        return (220, 150, 120, 110, 110, 110, 110, 100, 110)

    def count_rows(self) -> int:
        if not self.state.may(Permission.TAKE_PAYMENTS):
            self._rows = []
            return 0
        found = self.state.shop.accounts.receivables()
        self._today = found.today
        order = self.sort.currentData() if hasattr(self, "sort") else BY_AMOUNT
        self._rows = found.rows if order in (None, BY_AMOUNT) else found.rows.ordered(order)
        rows = self._rows
        t = found.totals
        self._totals = _("Owed in all: {total} — over 90 days: {old}").format(
            total=money_text(self.state, Money(t.total, found.currency)),
            old=money_text(self.state, Money(t.over_90, found.currency)),
        )
        if hasattr(self, "totals"):
            self.totals.setText(self._totals)
        return len(rows)

    def fetch_rows(self, offset: int, limit: int) -> Sequence[Receivable]:
        return self._rows[offset : offset + limit]

    def selected(self) -> Receivable | None:
        row = self.table.currentIndex().row()
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- actions -------------------------------------------------------------------------

    def open_customer(self) -> None:
        from duka.ui.dialogs.customer_page import CustomerPage

        row = self.selected()
        if row is not None:
            CustomerPage(self.state, row.customer_id, self).exec()
            self._reload()

    def take_payment(self) -> None:
        from duka.ui.dialogs.account_payment import AccountPaymentDialog

        row = self.selected()
        if row is not None:
            AccountPaymentDialog(self.state, row.customer_id, self).exec()
            self._reload()

    def reminder(self) -> None:
        from duka.ui.dialogs.reminder import ReminderDialog

        row = self.selected()
        if row is not None:
            customer = self.state.shop.customers.get(row.customer_id)
            ReminderDialog(self.state, customer, self).exec()

    # -- keeping up ----------------------------------------------------------------------

    def _reload(self) -> None:
        self.model.refresh()
        ListingScreen.retranslate(self)
        self._enable()

    def data_changed(self, changes: Changes) -> None:
        self._reload()

    def _enable(self) -> None:
        if not hasattr(self, "open_button"):
            return
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.pay_button.setEnabled(chosen)
        self.reminder_button.setEnabled(chosen)

    def shown(self) -> None:
        self._reload()

    def permissions_changed(self) -> None:
        self._reload()

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "open_button"):
            return
        self.sort_label.setText(_("Sort by"))
        self.totals.setText(self._totals)
        keep = self.sort.currentData()
        self.sort.clear()
        self.sort.addItem(_("Largest amount"), BY_AMOUNT)
        self.sort.addItem(_("Oldest debt"), BY_AGE)
        self.sort.addItem(_("Name"), BY_NAME)
        self.sort.setCurrentIndex(max(0, self.sort.findData(keep)))
        for button, text in (
            (self.open_button, _("Open")),
            (self.pay_button, _("Take a payment…")),
            (self.reminder_button, _("Reminder…")),
        ):
            button.setText(text)
        self._enable()
