"""Checking an account's book against its statement's balance on a day."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLabel, QLineEdit, QWidget

from duka.i18n import N_, _
from duka.ui.amounts import money_text, parse_money
from duka.ui.dialogs.form import FormDialog
from duka.ui.state import AppState


class ReconcileDialog(FormDialog):
    title_id = N_("Reconcile an account")
    intro_id = N_(
        "Type the balance the bank's or the mobile-money statement shows at the end of a day. "
        "A difference is noted; tick the box to bring the book to the statement."
    )

    def __init__(self, state: AppState, account_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reconcile")
        self.state = state
        self.account = state.shop.money.get(account_id)
        self.result_text = ""
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setMaximumDate(QDate.currentDate())
        self.day.dateChanged.connect(lambda _d: self.show_book())
        self.book = QLabel()
        self.book.setObjectName("reconcileBook")
        self.statement = QLineEdit()
        self.statement.setObjectName("reconcileStatement")
        self.statement.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.accept_box = QCheckBox()
        self.accept_box.setObjectName("reconcileAccept")
        self.row(N_("Account"), QLabel(self.account.name))
        self.row(N_("Statement date"), self.day)
        self.row(N_("Book balance"), self.book)
        self.row(N_("Statement balance"), self.statement)
        self.row(N_("Difference"), self.accept_box)
        self.finish_layout()
        self.setMinimumWidth(460)

    def show_book(self) -> None:
        day = self.day.date().toPython()
        book = self.state.shop.money.book(self.account.id, None, day)  # type: ignore[arg-type]
        self.book.setText(money_text(self.state, book.closing))

    def retranslate(self) -> None:
        super().retranslate()
        self.accept_box.setText(_("Accept the statement: add an adjustment for the difference"))
        self.show_book()

    def submit(self) -> bool:
        money = self.state.shop.money
        statement = parse_money(self.state, self.statement.text())
        day = self.day.date().toPython()
        accept, account_id = self.accept_box.isChecked(), self.account.id
        result = self.state.perform(
            lambda: money.reconcile(account_id, day, statement, accept)  # type: ignore[arg-type]
        ).value
        if result.difference.minor == 0:
            self.result_text = _("The book matches the statement.")
        else:
            self.result_text = _("The statement differs from the book by {amount}.").format(
                amount=money_text(self.state, result.difference)
            )
        return True
