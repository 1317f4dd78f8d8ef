"""The Customers screen: the people and businesses the shop knows, what each owes, and the
way into a customer's page (double-click or Enter), payments, import and export."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from duka.core.access import Permission
from duka.core.changes import Area, Changes
from duka.core.customers import CustomerRow
from duka.i18n import LANGUAGES, N_, N_plural, _
from duka.ui.amounts import money_text
from duka.ui.models.windowed import Column
from duka.ui.operations import attempt, tell
from duka.ui.screens.listing import ListingScreen
from duka.ui.state import AppState

OWES = "#9a5b00"
OVER_LIMIT = "#b3261e"
CREDIT = "#1b6e3a"
_ARCHIVED = "#7a8a96"
SEARCH_LIMIT = 500  # matches shown while searching; the rest by typing more


def balance_colour(row: CustomerRow) -> str | None:
    if not row.active:
        return _ARCHIVED
    if row.balance.minor > 0:
        return OVER_LIMIT if row.balance > row.credit_limit else OWES
    return CREDIT if row.balance.minor < 0 else None


class CustomersScreen(ListingScreen):
    watches = frozenset({Area.CUSTOMERS, Area.SALES})  # a sale on account moves a balance
    title_id = N_("Customers")
    empty_id = N_("No customers yet. Add the people who buy from you, or import them from a file.")
    count_label = N_plural("{count} customer", "{count} customers")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._found: list[CustomerRow] | None = None  # the matches while searching
        super().__init__(state, parent)
        self.table.doubleClicked.connect(lambda _index: self.open_customer())
        self.table.activated.connect(lambda _index: self.open_customer())
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._enable())
        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.add_customer)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self.search.setFocus)
        self._enable()

    def toolbar(self) -> QWidget:
        bar = QWidget()
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setObjectName("customerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._reload())
        self.search.returnPressed.connect(self._open_first)
        layout.addWidget(self.search, 1)
        self.add_button = QPushButton()
        self.open_button = QPushButton()
        self.pay_button = QPushButton()
        self.pay_button.setObjectName("primary")
        self.import_button = QPushButton()
        self.export_button = QPushButton()
        for button, slot in (
            (self.pay_button, self.take_payment),
            (self.open_button, self.open_customer),
            (self.add_button, self.add_customer),
            (self.import_button, self.import_customers),
            (self.export_button, self.export_customers),
        ):
            button.clicked.connect(slot)
            layout.addWidget(button)
        return bar

    def columns(self) -> Sequence[Column[CustomerRow]]:
        def dimmed(row: CustomerRow) -> str | None:
            return None if row.active else _ARCHIVED

        return (
            Column(N_("Name"), lambda r: r.name, color=dimmed),
            Column(N_("Phone"), lambda r: r.phone, color=dimmed),
            Column(
                N_("Balance"), lambda r: money_text(self.state, r.balance), True, balance_colour
            ),
            Column(
                N_("Credit limit"), lambda r: money_text(self.state, r.credit_limit), True, dimmed
            ),
            Column(
                N_("Language"),
                lambda r: LANGUAGES[r.language].native_name if r.language in LANGUAGES else "",
                color=dimmed,
            ),
            Column(N_("Email"), lambda r: r.email, color=dimmed),
        )

    def _balance(self, row: CustomerRow) -> str:
        return money_text(self.state, row.balance)

    def _limit(self, row: CustomerRow) -> str:
        return money_text(self.state, row.credit_limit)

    def column_widths(self) -> Sequence[int]:
        return (260, 170, 130, 130, 100, 200)

    def _text(self) -> str:
        return self.search.text().strip() if hasattr(self, "search") else ""

    def count_rows(self) -> int:
        if not self.state.may(Permission.MANAGE_CUSTOMERS):
            self._found = []
            return 0
        text = self._text()
        if text:
            self._found = self.state.shop.customers.search(text, SEARCH_LIMIT)
            return len(self._found)
        self._found = None
        return self.state.shop.customers.count()

    def fetch_rows(self, offset: int, limit: int) -> Sequence[CustomerRow]:
        if self._found is not None:
            return self._found[offset : offset + limit]
        return self.state.shop.customers.page(offset, limit)

    def selected(self) -> CustomerRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.model.row(index.row())
        return row if isinstance(row, CustomerRow) else None

    # -- actions -------------------------------------------------------------------------

    def _open_first(self) -> None:
        if self.model.rowCount():
            self.table.selectRow(0)
            self.open_customer()

    def open_customer(self, customer_id: int | None = None) -> None:
        from duka.ui.dialogs.customer_page import CustomerPage

        if customer_id is None:
            row = self.selected()
            if row is None:
                return
            customer_id = row.id
        CustomerPage(self.state, customer_id, self).exec()
        self._reload()

    def add_customer(self) -> None:
        from duka.ui.dialogs.customer_editor import CustomerEditor

        if not self.state.may(Permission.MANAGE_CUSTOMERS):
            return
        editor = CustomerEditor(self.state, None, self)
        if editor.exec() and editor.saved_id is not None:
            self._reload()
            self.open_customer(editor.saved_id)

    def take_payment(self) -> None:
        from duka.ui.dialogs.account_payment import AccountPaymentDialog

        row = self.selected()
        if row is not None:
            AccountPaymentDialog(self.state, row.id, self).exec()
            self._reload()

    def import_customers(self) -> None:
        from duka.ui.dialogs.import_preview import CUSTOMERS, ImportDialog

        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Import customers"), "", _("Spreadsheets (*.csv *.txt *.xlsx)")
        )
        if chosen:
            ImportDialog(self.state, Path(chosen), self, kind=CUSTOMERS).exec()
            self._reload()

    def export_customers(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export customers"),
            "customers.csv",
            _("CSV (*.csv);;Excel workbook (*.xlsx)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        exchange = self.state.shop.customer_exchange
        count = attempt(self, lambda: exchange.export(path))
        if count is not None:
            tell(
                self,
                _("Duka"),
                _("Exported {count} customers to {path}.").format(count=count, path=path),
            )

    # -- keeping up ----------------------------------------------------------------------

    def _reload(self) -> None:
        self.model.refresh()
        ListingScreen.retranslate(self)
        self._enable()

    def data_changed(self, changes: Changes) -> None:
        self._reload()

    def _enable(self) -> None:
        if not hasattr(self, "add_button"):
            return
        may = self.state.may
        chosen = self.selected() is not None
        self.add_button.setEnabled(may(Permission.MANAGE_CUSTOMERS))
        self.import_button.setEnabled(may(Permission.MANAGE_CUSTOMERS))
        self.export_button.setEnabled(may(Permission.EXPORT_DATA))
        self.open_button.setEnabled(chosen)
        self.pay_button.setEnabled(chosen and may(Permission.TAKE_PAYMENTS))

    def shown(self) -> None:
        self._reload()
        self.search.setFocus()

    def permissions_changed(self) -> None:
        self._reload()

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "add_button"):
            return
        if self._text():
            self.body.setCurrentWidget(self.table)  # no matches: an empty list, not the intro
        self.search.setPlaceholderText(_("Search by name or phone (Ctrl+F)"))
        for button, text in (
            (self.add_button, _("New customer…")),
            (self.open_button, _("Open")),
            (self.pay_button, _("Take a payment…")),
            (self.import_button, _("Import…")),
            (self.export_button, _("Export…")),
        ):
            button.setText(text)
        self._enable()
