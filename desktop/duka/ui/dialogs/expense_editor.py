"""Recording an expense: the day, category, amount (with the tax in it where the shop is
registered), who was paid, where the money came from, a note and the receipt's file. Above
the cashiers' limit a manager approves it with their PIN."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from duka.core.access import Permission
from duka.core.errors import InvalidInput
from duka.core.expenses import (
    FILE_MAX_BYTES,
    Attachment,
    ExpenseDraft,
    ExpenseMethod,
    RecurringDraft,
    month_after,
)
from duka.core.tax import TaxMode, rate_tax
from duka.i18n import N_, TranslatableError, _
from duka.ui.amounts import money_text, parse_money
from duka.ui.approval import approved
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.operations import perform
from duka.ui.qt_locale import qt_locale
from duka.ui.state import AppState


class ExpenseEditor(FormDialog):
    title_id = N_("Record an expense")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expenseEditor")
        self.state = state
        self.number: str | None = None
        self.attachment: Attachment | None = None
        expenses = state.shop.expenses
        self._rates = expenses.tax_rates()
        self._accounts = expenses.accounts()
        today = expenses.today()
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setObjectName("expenseDay")
        self.day.setCalendarPopup(True)
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        locale = qt_locale(str(state.formats.locale))  # 31/10/2026 as the shop's country
        self.day.setLocale(locale)
        self.day.setDisplayFormat(locale.dateFormat(QLocale.FormatType.ShortFormat))
        self.category = QComboBox()
        self.category.setObjectName("expenseCategory")
        self.amount = QLineEdit()
        self.amount.setObjectName("expenseAmount")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.amount.textChanged.connect(lambda _t: self._show_tax())
        self.rate = QComboBox()
        self.rate.setObjectName("expenseRate")
        self.rate.currentIndexChanged.connect(lambda _i: self._show_tax())
        self.tax_shown = QLabel()
        self.tax_shown.setObjectName("expenseTax")
        self.payee = QLineEdit()
        self.payee.setObjectName("expensePayee")
        self.source = QComboBox()
        self.source.setObjectName("expenseSource")
        self.note = QLineEdit()
        self.note.setObjectName("expenseNote")
        self.attach_button = QPushButton()
        self.attach_button.setObjectName("expenseAttach")
        self.attach_button.clicked.connect(self.choose_file)
        self.file_name = QLabel()
        self.file_name.setObjectName("expenseFile")
        attach = QWidget()
        attach_row = QHBoxLayout(attach)
        attach_row.setContentsMargins(0, 0, 0, 0)
        attach_row.addWidget(self.attach_button)
        attach_row.addWidget(self.file_name, 1)
        # Rent and the like: proposed again on this day every month (Expenses, "Due now").
        self.monthly = QCheckBox(self)
        self.monthly.setObjectName("expenseMonthly")
        self.limit_note = QLabel()
        self.limit_note.setObjectName("expenseLimit")
        self.limit_note.setWordWrap(True)
        self.row(N_("Date"), self.day)
        self.row(N_("Category"), self.category)
        self.row(N_("Amount paid"), self.amount)
        if self._rates:  # only a shop registered for tax takes tax out of what it spends
            self.row(N_("Tax rate"), self.rate)
            self.row(N_("Tax"), self.tax_shown)
        self.row(N_("Paid to"), self.payee)
        self.row(N_("Paid from"), self.source)
        self.row(N_("Note"), self.note)
        self.row(N_("Receipt"), attach)
        if state.may(Permission.MANAGE_EXPENSES):
            self.row(N_("Every month"), self.monthly)
        else:
            self.monthly.hide()  # a cashier records what was paid, not what will be
        self.finish_layout(self.limit_note)
        self.setMinimumWidth(440)

    def retranslate(self) -> None:
        super().retranslate()
        keep = self.category.currentData()
        self.category.clear()
        for category in self.state.shop.expenses.categories():
            self.category.addItem(category.shown, category.id)
        self.category.setCurrentIndex(max(0, self.category.findData(keep)))
        keep = self.rate.currentData()
        self.rate.clear()
        self.rate.addItem(_("No tax"), None)
        for rate in self._rates:
            self.rate.addItem(rate.name, rate.code)
        self.rate.setCurrentIndex(max(0, self.rate.findData(keep)))
        keep = self.source.currentData()
        self.source.clear()
        self.source.addItem(_(ExpenseMethod.DRAWER.label), None)
        for account in self._accounts:
            self.source.addItem(account.name, account.id)
        self.source.setCurrentIndex(max(0, self.source.findData(keep)))
        self.payee.setPlaceholderText(_("e.g. the landlord, Kenya Power"))
        self.attach_button.setText(_("Attach a photo or PDF…"))
        self.monthly.setText(_("Propose it again on this day every month"))
        self._show_file()
        self._show_tax()
        limit = self.state.shop.expenses.limit()
        if limit is not None and not self.state.may(Permission.RECORD_EXPENSES):
            self.limit_note.setText(
                _("Above {amount} from the drawer, a manager approves with their PIN.").format(
                    amount=money_text(self.state, limit)
                )
            )
        self.limit_note.setVisible(bool(self.limit_note.text()))

    def _show_file(self) -> None:
        self.file_name.setText(self.attachment.name if self.attachment else _("No file"))

    def _show_tax(self) -> None:
        code = self.rate.currentData()
        rate = next((r for r in self._rates if r.code == code), None)
        try:
            gross = parse_money(self.state, self.amount.text())
        except (TranslatableError, ValueError):
            self.tax_shown.setText("")
            return
        tax = rate_tax(gross, rate, TaxMode.INCLUSIVE)
        self.tax_shown.setText(
            _("{tax} (without tax: {net})").format(
                tax=isolate(money_text(self.state, tax)),
                net=isolate(money_text(self.state, gross - tax)),
            )
        )

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Attach the receipt"), "", _("Photos and PDF (*.jpg *.jpeg *.png *.pdf)")
        )
        if chosen:
            self.attach(Path(chosen))

    def attach(self, path: Path) -> None:
        """Keep `path`'s bytes for the expense (refused here at once when too big)."""
        self.error.clear()
        try:
            if path.stat().st_size > FILE_MAX_BYTES:
                raise InvalidInput(
                    N_(
                        "The attached file {name} is larger than {limit} MB: attach a smaller "
                        "photo."
                    ),
                    name=path.name,
                    limit=FILE_MAX_BYTES // (1024 * 1024),
                )
            self.attachment = Attachment(path.name, path.read_bytes()).checked()
        except TranslatableError as error:
            self.attachment = None
            self.error.setText(error.message)
        except OSError as error:
            self.attachment = None
            self.error.setText(str(error))
        self._show_file()

    def draft(self) -> ExpenseDraft:
        picked = self.day.date()
        account = self.source.currentData()
        return ExpenseDraft(
            day=dt.date(picked.year(), picked.month(), picked.day()),
            category_id=int(self.category.currentData() or 0),
            gross=parse_money(self.state, self.amount.text()),
            method=ExpenseMethod.DRAWER if account is None else ExpenseMethod.ACCOUNT,
            account_id=account,
            tax_code=self.rate.currentData() if self._rates else None,
            payee=self.payee.text(),
            note=self.note.text(),
            attachment=self.attachment,
        )

    def monthly_draft(self, draft: ExpenseDraft) -> RecurringDraft:
        """The same expense proposed on this day (the 28th at the latest) from next month."""
        day = min(draft.day.day, 28)
        following = month_after(draft.day, day)
        return RecurringDraft(
            category_id=draft.category_id,
            gross=draft.gross,
            day_of_month=day,
            first_due=following,
            method=draft.method,
            account_id=draft.account_id,
            tax_code=draft.tax_code,
            payee=draft.payee,
            note=draft.note,
        )

    def submit(self) -> bool:
        draft = self.draft()
        expenses = self.state.shop.expenses
        monthly = self.monthly_draft(draft) if self.monthly.isChecked() else None
        if monthly is not None:
            try:  # refused before anything is written
                monthly.checked(expenses.currency(), expenses.tax_rates())
            except TranslatableError as error:
                self.error.setText(error.message)
                return False
        done = approved(
            self,
            self.state,
            lambda given: expenses.record(draft, given.get(Permission.RECORD_EXPENSES)),
            asks=(Permission.RECORD_EXPENSES,),
            show_refusals=False,
        )
        if done is None:
            return False  # nobody approved it: the form stays as typed
        self.number = done.value
        if monthly is not None:
            perform(self, self.state, lambda: expenses.add_recurring(monthly))
        return True
