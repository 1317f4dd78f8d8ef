"""The Expenses screen: what the shop spent over a period, with its total; recording an
expense, the shop's own categories, and the monthly expenses that are due."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.changes import Area
from duka.core.expenses import Expense, ExpenseMethod, Recurring
from duka.core.money import Money
from duka.i18n import N_, N_plural, _
from duka.ui.amounts import currency, money_text
from duka.ui.approval import approved
from duka.ui.models.windowed import Column, isolate
from duka.ui.operations import perform
from duka.ui.screens.invoices import PERIODS, period_days
from duka.ui.screens.listing import ListAction, ListingScreen
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout
from duka.ui.widgets.screen_fit import watch_dialog

_DUE = "#9a5b00"


class ExpensesScreen(ListingScreen[Expense]):
    watches = frozenset({Area.MONEY})
    title_id = N_("Expenses")
    empty_id = N_("No expenses in this period. Record rent, power, transport and the like here.")
    count_label = N_plural("{count} expense", "{count} expenses")
    list_actions = (
        ListAction(
            "record_button",
            N_("Record expense…"),
            "record",
            may=Permission.CASH_SESSION,
            primary=True,
            shortcut="Ctrl+N",
        ),
        ListAction(
            "categories_button",
            N_("Categories…"),
            "categories",
            may=Permission.CASH_SESSION,
        ),
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._rows: list[Expense] = []
        self._total = 0
        super().__init__(state, parent)

    def toolbar(self) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        bar = QWidget()
        flow = FlowLayout(bar)  # on more lines on a netbook or in a longer language
        flow.setContentsMargins(0, 0, 0, 0)
        self.period = QComboBox()
        self.period.setObjectName("expensePeriod")
        self.period.activated.connect(lambda _i: self._reload())
        flow.addWidget(self.period)
        for button in self.action_buttons():
            flow.addWidget(button)
        column.addWidget(bar)
        self.due_strip = QFrame()
        self.due_strip.setObjectName("dueNow")
        self.due_strip.setFrameShape(QFrame.Shape.StyledPanel)
        self.due_rows = QVBoxLayout(self.due_strip)
        self.due_rows.setContentsMargins(8, 4, 8, 4)
        column.addWidget(self.due_strip)
        self.due_strip.hide()
        return holder

    def _money(self, amount: Money) -> str:
        return money_text(self.state, amount)

    def columns(self) -> Sequence[Column[Expense]]:
        def paid_from(row: Expense) -> str:
            if row.method is ExpenseMethod.ACCOUNT:
                return isolate(row.account)
            return _(ExpenseMethod.DRAWER.label)

        return (
            Column(N_("Category"), lambda r: isolate(r.category.shown)),
            Column(N_("Date"), lambda r: self.state.formats.date(r.day, "short")),
            Column(N_("Number"), lambda r: r.number),
            Column(N_("Paid to"), lambda r: isolate(r.payee)),
            Column(N_("Paid from"), paid_from),
            Column(N_("Tax"), lambda r: self._money(r.tax) if r.tax.minor else "", True),
            Column(N_("Amount"), lambda r: self._money(r.gross), True),
        )

    def column_widths(self) -> Sequence[int]:
        return (160, 90, 90, 140, 110, 90, 110)

    def count_rows(self) -> int:
        if not self.state.may(Permission.CASH_SESSION):
            self._rows, self._total = [], 0
            return 0
        expenses = self.state.shop.expenses
        key = self.period.currentData() if hasattr(self, "period") else None
        first, last = period_days(key or "month", expenses.today())
        self._rows = expenses.expenses(first, last)
        self._total = sum(row.gross.minor for row in self._rows)
        return len(self._rows)

    def fetch_rows(self, offset: int, limit: int) -> Sequence[Expense]:
        return self._rows[offset : offset + limit]

    # -- actions -------------------------------------------------------------------------

    def record(self) -> None:
        from duka.ui.dialogs.expense_editor import ExpenseEditor

        dialog = ExpenseEditor(self.state, self)
        if dialog.exec() and dialog.number:
            self.notify(_("Expense {number} recorded.").format(number=dialog.number))

    def categories(self) -> None:
        from duka.ui.dialogs.expense_categories import ExpenseCategoriesDialog

        ExpenseCategoriesDialog(self.state, self).exec()
        self._reload()

    def record_due(self, item: Recurring) -> None:
        expenses = self.state.shop.expenses
        done = approved(
            self,
            self.state,
            lambda given: expenses.record_due(item.id, given.get(Permission.RECORD_EXPENSES)),
            asks=(Permission.RECORD_EXPENSES,),
        )
        if done is not None:
            self.notify(_("Expense {number} recorded.").format(number=done.value))

    def skip_due(self, item: Recurring) -> None:
        expenses = self.state.shop.expenses
        perform(self, self.state, lambda: expenses.skip_due(item.id))

    def notify(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Duka"), text, parent=self)
        watch_dialog(box)
        box.setObjectName("notice")
        box.exec()

    # -- keeping up ----------------------------------------------------------------------

    def _reload(self) -> None:
        super()._reload()
        self._show_total()
        self._show_due()

    def _show_total(self) -> None:
        if not hasattr(self, "period") or not self._rows:
            return
        total = self._money(Money(self._total, currency(self.state)))
        self.summary.setText(
            _("{count} · total {amount}").format(count=self.summary.text(), amount=total)
        )

    def _show_due(self) -> None:
        if not hasattr(self, "due_strip"):
            return
        while self.due_rows.count():
            taken = self.due_rows.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        due = self.state.shop.expenses.due() if self.state.may(Permission.CASH_SESSION) else []
        self.due_strip.setVisible(bool(due))
        if not due:
            return
        heading = QLabel(_("Due now"))
        heading.setStyleSheet(f"font-weight: bold; color: {_DUE}")
        self.due_rows.addWidget(heading)
        may_skip = self.state.may(Permission.MANAGE_EXPENSES)
        for item in due[:3]:  # room on a netbook; the rest follow once these are done
            line = QWidget()
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            parts = [item.category.shown, item.payee, self._money(item.gross)]
            text = " · ".join(isolate(part) for part in parts if part)
            label = QLabel(
                _("{expense}, due {date}").format(
                    expense=text, date=self.state.formats.date(item.next_due, "short")
                )
            )
            label.setObjectName("dueExpense")
            record = QPushButton(_("Record"))
            record.setObjectName("dueRecord")
            record.clicked.connect(lambda _c=False, chosen=item: self.record_due(chosen))
            skip = QPushButton(_("Skip"))
            skip.setObjectName("dueSkip")
            skip.setEnabled(may_skip)
            skip.setToolTip(_("Not paid this month: propose it again next month"))
            skip.clicked.connect(lambda _c=False, chosen=item: self.skip_due(chosen))
            row.addWidget(label, 1)
            row.addWidget(record)
            row.addWidget(skip)
            self.due_rows.addWidget(line)

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "period"):
            return
        keep = self.period.currentData() if self.period.count() else "month"
        self.period.clear()
        for key, label in PERIODS:
            self.period.addItem(_(label), key)
        self.period.setCurrentIndex(max(0, self.period.findData(keep)))
        self._show_total()
        self._show_due()
