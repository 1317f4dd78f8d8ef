"""The Customers screen: the people and businesses the shop knows, what each owes, and the
way into a customer's page (double-click or Enter), payments, import and export."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QWidget

from duka.core.access import Permission
from duka.core.changes import Area
from duka.core.customers import CustomerRow
from duka.i18n import LANGUAGES, N_, N_plural, _
from duka.ui.amounts import money_text
from duka.ui.models.windowed import Column
from duka.ui.operations import attempt, tell
from duka.ui.screens.listing import ListAction, ListingScreen
from duka.ui.state import AppState
from duka.ui.widgets.rows import select_row

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


class CustomersScreen(ListingScreen[CustomerRow]):
    watches = frozenset({Area.CUSTOMERS, Area.SALES})  # a sale on account moves a balance
    title_id = N_("Customers")
    empty_id = N_("No customers yet. Add the people who buy from you, or import them from a file.")
    count_label = N_plural("{count} customer", "{count} customers")
    list_actions = (
        ListAction(
            "pay_button",
            N_("Take a payment…"),
            "take_payment",
            row=True,
            may=Permission.TAKE_PAYMENTS,
            primary=True,
            reload=True,
        ),
        ListAction("open_button", N_("Open"), "open_customer", row=True, opens_row=True),
        ListAction(
            "add_button",
            N_("New customer…"),
            "add_customer",
            may=Permission.MANAGE_CUSTOMERS,
            shortcut="Ctrl+N",
        ),
        ListAction(
            "import_button", N_("Import…"), "import_customers", may=Permission.MANAGE_CUSTOMERS
        ),
        ListAction("export_button", N_("Export…"), "export_customers", may=Permission.EXPORT_DATA),
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._found: list[CustomerRow] | None = None  # the matches while searching
        super().__init__(state, parent)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self.search.setFocus)

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
        for button in self.action_buttons():
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

    # -- actions -------------------------------------------------------------------------

    def _open_first(self) -> None:
        if self.model.rowCount():
            select_row(self.table, 0)
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

        editor = CustomerEditor(self.state, None, self)
        if editor.exec() and editor.saved_id is not None:
            self._reload()
            self.open_customer(editor.saved_id)

    def take_payment(self) -> None:
        from duka.ui.dialogs.account_payment import AccountPaymentDialog

        if (row := self.selected()) is not None:
            AccountPaymentDialog(self.state, row.id, self).exec()

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

    def shown(self) -> None:
        super().shown()
        self.search.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "search"):
            return
        if self._text():
            self.body.setCurrentWidget(self.table)  # no matches: an empty list, not the intro
        self.search.setPlaceholderText(_("Search by name or phone (Ctrl+F)"))
