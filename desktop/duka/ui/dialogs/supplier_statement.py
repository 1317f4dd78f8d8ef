"""A supplier's statement for a period: what was owed before it, each delivery and payment
with the running balance, and what is owed at its end; saved as a PDF to send or print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duka.core.suppliers import Statement, Supplier
from duka.i18n import _
from duka.paths import safe_file_name
from duka.ui.amounts import money_text
from duka.ui.models.windowed import isolate
from duka.ui.operations import attempt
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter


def day_start(day: dt.date) -> str:
    """The moment a local day begins, as the UTC stamp the records carry."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).isoformat(timespec="seconds")


def entry_label(kind: str) -> str:
    return _("Delivery") if kind == "received" else _("Payment")


class SupplierStatementDialog(FittedDialog):
    def __init__(self, state: AppState, supplier: Supplier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supplierStatement")
        self.state = state
        self.supplier = supplier
        self.statement: Statement | None = None
        today = QDate.currentDate()
        self.since = QDateEdit(today.addMonths(-3))
        self.until = QDateEdit(today)
        for field in (self.since, self.until):
            field.setCalendarPopup(True)
            field.dateChanged.connect(lambda _d: self.load())
        self.opening = QLabel()
        self.closing = QLabel()
        self.closing.setObjectName("statementClosing")
        self.table = QTableWidget(0, 6)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.pdf_button = QPushButton(_("Save as PDF…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        period = QHBoxLayout()
        self._from_label = QLabel(_("From"))
        self._to_label = QLabel(_("to"))
        for widget in (self._from_label, self.since, self._to_label, self.until):
            period.addWidget(widget)
        period.addStretch(1)
        period.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        title = QLabel(isolate(supplier.name))
        title.setObjectName("screenTitle")
        layout.addWidget(title)
        layout.addLayout(period)
        layout.addWidget(self.opening)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.closing)
        layout.addWidget(close)
        self.setWindowTitle(_("Supplier statement"))
        self.table.setHorizontalHeaderLabels(
            [_("Date"), _("What"), _("Document"), _("Note"), _("Amount"), _("Balance")]
        )
        self.resize(820, 520)
        self.load()

    def period(self) -> tuple[str, str]:
        since = self.since.date().toPython()
        until = self.until.date().toPython()
        assert isinstance(since, dt.date) and isinstance(until, dt.date)
        return day_start(since), day_start(until + dt.timedelta(days=1))

    def load(self) -> None:
        since, until = self.period()
        suppliers = self.state.shop.suppliers
        found = attempt(self, lambda: suppliers.statement(self.supplier.id, since, until))
        if found is None:
            return
        self.statement = found
        self.opening.setText(
            _("Owed at the start: {amount}").format(amount=money_text(self.state, found.opening))
        )
        self.closing.setText(
            _("Owed at the end: {amount}").format(amount=money_text(self.state, found.closing))
        )
        self.table.setRowCount(len(found.entries))
        for row, entry in enumerate(found.entries):
            moment = dt.datetime.fromisoformat(entry.at).astimezone()
            cells = (
                self.state.formats.date(moment.date(), "short"),
                entry_label(entry.kind),
                entry.document,
                entry.note,
                money_text(self.state, entry.amount),
                money_text(self.state, entry.balance),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(isolate(text))
                if column >= 4:
                    item.setTextAlignment(_END)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def save_pdf(self) -> None:
        from duka.ui.printing import open_document

        name = safe_file_name(f"statement-{self.supplier.name}.pdf")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the statement"), name, _("PDF (*.pdf)")
        )
        if not chosen:
            return
        path = Path(chosen)
        since, until = self.period()
        suppliers = self.state.shop.suppliers
        if (
            attempt(self, lambda: suppliers.statement_pdf(self.supplier.id, since, until, path))
            is not None
        ):
            open_document(path)
