"""The Money screen: the cash drawer and each bank and mobile-money account with its balance,
the chosen one's book with its running balance, and moving money between them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.changes import Area, Changes
from duka.core.money_accounts import Book, MoneyAccount
from duka.i18n import N_, TranslatableError, _
from duka.services.money import drawer_label
from duka.ui.amounts import money_text
from duka.ui.models.text_rows import TextRowsModel
from duka.ui.models.windowed import isolate
from duka.ui.screens.base import Screen
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import watch_dialog

DRAWER = -1  # the accounts table's first row: this computer's cash drawer

_BUTTONS = (
    ("new_account_button", N_("New account…"), "new_account", Permission.MANAGE_MONEY),
    ("transfer_button", N_("Transfer…"), "transfer", Permission.MANAGE_MONEY),
    ("reconcile_button", N_("Reconcile…"), "reconcile", Permission.MANAGE_MONEY),
    ("owner_button", N_("Drawing / capital…"), "owner_money", Permission.OWNER_MONEY),
)


class MoneyScreen(Screen):
    watches = frozenset({Area.MONEY, Area.CASH, Area.SALES, Area.CUSTOMERS})

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("moneyScreen")
        self._accounts: list[MoneyAccount] = []
        self._ids: list[int] = []
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.accounts_model = TextRowsModel(
            (N_("Account"), N_("Kind"), N_("Balance")), frozenset({2})
        )
        self.accounts_view = self._table("moneyAccounts", self.accounts_model, 0)
        self.book_title = QLabel()
        self.book_title.setObjectName("bookTitle")
        self.book_model = TextRowsModel(
            (N_("Date"), N_("What"), N_("Note"), N_("Amount"), N_("Balance")), frozenset({3, 4})
        )
        self.book_view = self._table("moneyBook", self.book_model, 2)
        for column, width in ((0, 100), (1, 150), (3, 130), (4, 130)):
            self.book_view.setColumnWidth(column, width)
        self.accounts_view.setColumnWidth(1, 150)
        self.accounts_view.setColumnWidth(2, 150)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        # An account's book over a period (its balance before it brought forward); the
        # drawer's book one cash session at a time.
        today = QDate.currentDate()
        self.first = QDateEdit(today.addMonths(-3))
        self.first.setObjectName("bookFrom")
        self.last = QDateEdit(today)
        self.last.setObjectName("bookTo")
        for field in (self.first, self.last):
            field.setCalendarPopup(True)
            field.dateChanged.connect(lambda _d: self.show_book())
        self.from_label = QLabel()
        self.to_label = QLabel()
        self.session = QComboBox()
        self.session.setObjectName("bookSession")
        self.session.currentIndexChanged.connect(lambda _i: self.show_book())
        period = QHBoxLayout()
        period.addWidget(self.book_title, 1)
        for widget in (self.from_label, self.first, self.to_label, self.last, self.session):
            period.addWidget(widget)
        buttons = QHBoxLayout()
        self.buttons: dict[str, tuple[QPushButton, str, Permission]] = {}
        for name, label_id, slot, permission in _BUTTONS:
            button = QPushButton()
            button.setObjectName(name)
            button.clicked.connect(getattr(self, slot))
            buttons.addWidget(button)
            self.buttons[name] = (button, label_id, permission)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.accounts_view)
        layout.addLayout(buttons)
        layout.addLayout(period)
        layout.addWidget(self.book_view, 1)
        layout.addWidget(self.empty)
        self.accounts_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_book())
        self.retranslate()
        self.permissions_changed()
        self.load()

    def _table(self, name: str, model: TextRowsModel, stretch: int) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.verticalHeader().setVisible(False)
        view.setWordWrap(False)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = view.horizontalHeader()
        header.setDefaultSectionSize(150)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return view

    # -- reading --------------------------------------------------------------------------

    def load(self) -> None:
        money = self.state.shop.money
        keep = self.selected_account()
        self._accounts = money.accounts() if self.state.may(Permission.MANAGE_MONEY) else []
        rows: list[tuple[str, ...]] = []
        negative: list[bool] = []
        expected = money.drawer_expected() if self.state.may(Permission.CASH_SESSION) else None
        rows.append(
            (
                _("Cash drawer"),
                _("Cash"),
                money_text(self.state, expected) if expected is not None else _("closed"),
            )
        )
        negative.append(False)
        self._ids = [DRAWER]
        for account in self._accounts:
            name = (
                account.name if account.active else _("{name} (closed)").format(name=account.name)
            )
            rows.append(
                (isolate(name), _(account.kind.label), money_text(self.state, account.balance))
            )
            negative.append(account.balance.minor < 0)
            self._ids.append(account.id)
        self.accounts_model.set_rows(rows, negative)
        self._fit_accounts()
        if self.state.may(Permission.CASH_SESSION):
            self._fill_sessions()
        row = self._ids.index(keep) if keep in self._ids else min(1, len(self._ids) - 1)
        self.accounts_view.selectionModel().setCurrentIndex(
            self.accounts_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.show_book()

    def _fit_accounts(self) -> None:
        """As tall as its rows, up to five: the book below gets the rest."""
        view = self.accounts_view
        shown = min(max(1, self.accounts_model.rowCount()), 5)
        height = view.horizontalHeader().height() + 2 * view.frameWidth()
        view.setFixedHeight(height + sum(view.rowHeight(r) for r in range(shown)))

    def selected_account(self) -> int | None:
        index = self.accounts_view.currentIndex()
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        return self._ids[index.row()]

    def _fill_sessions(self) -> None:
        """This computer's newest cash sessions, the open one first."""
        keep = self.session.currentData()
        self.session.blockSignals(True)
        self.session.clear()
        for number, opened, _closed in self.state.shop.money.drawer_sessions():
            moment = dt.datetime.fromisoformat(opened).astimezone()
            self.session.addItem(
                _("Cash session {number}, {time}").format(
                    number=number, time=self.state.formats.datetime(moment, "short")
                ),
                number,
            )
        self.session.setCurrentIndex(max(0, self.session.findData(keep)))
        self.session.blockSignals(False)

    def show_book(self) -> None:
        chosen = self.selected_account()
        drawer = chosen == DRAWER
        for widget in (self.from_label, self.first, self.to_label, self.last):
            widget.setVisible(chosen is not None and not drawer)
        self.session.setVisible(drawer and self.session.count() > 0)
        money = self.state.shop.money
        book: Book | None = None
        first: dt.date | None = None
        try:
            if drawer and self.session.count():
                book = money.drawer_book(self.session.currentData())
            elif chosen is not None and not drawer:
                first = self.first.date().toPython()  # type: ignore[assignment]
                last: dt.date = self.last.date().toPython()  # type: ignore[assignment]
                book = money.book(chosen, first, last)
        except TranslatableError:
            book = None
        if book is None:
            self.book_title.setText("")
            self.book_model.set_rows([])
            self.empty.setText(
                _("The cash drawer is not open.") if drawer else _("Choose an account above.")
            )
            self.empty.setVisible(True)
            return
        self.book_title.setText(
            _("Book of {name}: {balance}").format(
                name=isolate(book.title), balance=money_text(self.state, book.closing)
            )
        )
        formats = self.state.formats
        rows = []
        negative = []
        if first is not None:
            rows.append(
                (formats.date(first, "short"), _("Brought forward"), "", "",
                 money_text(self.state, book.opening))
            )  # fmt: skip
            negative.append(book.opening.minor < 0)
        for line in book.lines:
            rows.append(
                (
                    formats.date(line.day, "short"),
                    drawer_label(line.kind) if drawer else _(line.label),
                    isolate(line.note),
                    money_text(self.state, line.amount),
                    money_text(self.state, line.balance),
                )
            )
            negative.append(line.balance.minor < 0)
        self.book_model.set_rows(rows, negative)
        self.empty.setText(_("Nothing in this book yet.") if not book.lines else "")
        self.empty.setVisible(not book.lines)
        self.book_view.scrollToBottom()

    # -- keeping up -----------------------------------------------------------------------

    def data_changed(self, changes: Changes) -> None:
        self.load()

    def shown(self) -> None:
        self.load()

    def retranslate(self) -> None:
        self.title.setText(_("Money"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("to"))
        for button, label_id, _permission in self.buttons.values():
            button.setText(_(label_id))
        self.accounts_model.retranslate()
        self.book_model.retranslate()
        if self._ids:
            self.load()

    def permissions_changed(self) -> None:
        for button, _label, permission in self.buttons.values():
            button.setVisible(self.state.may(permission))

    # -- actions --------------------------------------------------------------------------

    def new_account(self) -> None:
        from duka.ui.dialogs.money_account import MoneyAccountDialog

        dialog = MoneyAccountDialog(self.state, self)
        if dialog.exec():
            self.load()

    def transfer(self) -> None:
        from duka.ui.dialogs.money_transfer import MoneyTransferDialog

        MoneyTransferDialog(self.state, self.selected_account(), self).exec()

    def reconcile(self) -> None:
        from duka.ui.dialogs.money_reconcile import ReconcileDialog

        chosen = self.selected_account()
        if chosen is None or chosen == DRAWER:
            self.notify(_("Choose a bank or mobile-money account to reconcile."))
            return
        dialog = ReconcileDialog(self.state, chosen, self)
        if dialog.exec() and dialog.result_text:
            self.notify(dialog.result_text)

    def owner_money(self) -> None:
        from duka.ui.dialogs.owner_money import OwnerMoneyDialog

        dialog = OwnerMoneyDialog(self.state, self)
        if dialog.exec() and dialog.number:
            self.notify(_("{number} recorded.").format(number=dialog.number))

    def notify(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Duka"), text, parent=self)
        watch_dialog(box)
        box.setObjectName("notice")
        box.exec()
