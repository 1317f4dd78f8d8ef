"""Receivables: who owes the shop what, and for how long (0-30, 31-60, 61-90, over 90 days),
largest or oldest first; with the way to each customer's page, a payment or a reminder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from duka.core.access import Permission
from duka.core.changes import Area
from duka.core.ledger import Receivable, ReceivableRows
from duka.core.money import Money
from duka.i18n import N_, N_plural, _
from duka.ui.amounts import currency, money_text
from duka.ui.models.windowed import Column
from duka.ui.screens.customers import OVER_LIMIT, OWES
from duka.ui.screens.listing import ListAction, ListingScreen
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout

BY_AMOUNT = ReceivableRows.BY_AMOUNT
BY_AGE = ReceivableRows.BY_AGE
BY_NAME = ReceivableRows.BY_NAME
_OLD = "#b3261e"


class ReceivablesScreen(ListingScreen[Receivable]):
    watches = frozenset({Area.CUSTOMERS, Area.SALES, Area.INVOICES})
    title_id = N_("Who owes")
    empty_id = N_("Nobody owes the shop anything.")
    count_label = N_plural("{count} customer owes", "{count} customers owe")
    list_actions = (
        ListAction(
            "pay_button", N_("Take a payment…"), "take_payment", row=True, primary=True, reload=True
        ),
        ListAction("reminder_button", N_("Reminder…"), "reminder", row=True),
        ListAction(
            "open_button", N_("Open"), "open_customer", row=True, opens_row=True, reload=True
        ),
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._rows: Sequence[Receivable] = []
        self._totals = ""
        self._today = dt.date.today()
        super().__init__(state, parent)

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
        layout.addWidget(self.sort_label)
        layout.addWidget(self.sort)
        layout.addStretch()
        for button in self.action_buttons():
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

    # -- actions -------------------------------------------------------------------------

    def open_customer(self) -> None:
        from duka.ui.dialogs.customer_page import CustomerPage

        if (row := self.selected()) is not None:
            CustomerPage(self.state, row.customer_id, self).exec()

    def take_payment(self) -> None:
        from duka.ui.dialogs.account_payment import AccountPaymentDialog

        if (row := self.selected()) is not None:
            AccountPaymentDialog(self.state, row.customer_id, self).exec()

    def reminder(self) -> None:
        from duka.ui.dialogs.reminder import ReminderDialog

        if (row := self.selected()) is not None:
            customer = self.state.shop.customers.get(row.customer_id)
            ReminderDialog(self.state, customer, self).exec()

    # -- keeping up ----------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "sort"):
            return
        self.sort_label.setText(_("Sort by"))
        self.totals.setText(self._totals)
        keep = self.sort.currentData()
        self.sort.clear()
        self.sort.addItem(_("Largest amount"), BY_AMOUNT)
        self.sort.addItem(_("Oldest debt"), BY_AGE)
        self.sort.addItem(_("Name"), BY_NAME)
        self.sort.setCurrentIndex(max(0, self.sort.findData(keep)))
