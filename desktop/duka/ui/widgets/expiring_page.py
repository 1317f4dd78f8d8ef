"""The Stock screen's Expiring tab: batches in stock that expire within the days chosen, and
those expired (in red), with their value at cost; an expired batch is written off here, and
a batch is counted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Approvals, Permission
from duka.core.batches import DEFAULT_EXPIRING_DAYS
from duka.core.money import total
from duka.i18n import N_, TranslatableError, _, ngettext
from duka.services.batches import ExpiringBatch
from duka.ui.amounts import currency, money_text, parse_quantity, quantity_text
from duka.ui.approval import approved
from duka.ui.batch_text import expiry_text
from duka.ui.models.windowed import isolate
from duka.ui.operations import ask, perform, show_refusal
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import watch_dialog

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_RED = QColor("#c62828")
_TITLES = (
    N_("Product"),
    N_("Code"),
    N_("Batch"),
    N_("Expiry"),
    N_("Days left"),
    N_("On hand"),
    N_("Value at cost"),
)


class ExpiringPage(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.rows: list[ExpiringBatch] = []
        self.days_label = QLabel()
        self.days = QSpinBox()
        self.days.setObjectName("expiringDays")
        self.days.setRange(0, 3650)
        self.days.setValue(DEFAULT_EXPIRING_DAYS)
        self.days.valueChanged.connect(lambda _v: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("expiringSummary")
        self.summary.setWordWrap(True)
        self.write_off_button = QPushButton()
        self.write_off_button.setObjectName("writeOffBatch")
        self.write_off_button.clicked.connect(self.write_off_selected)
        self.count_button = QPushButton()
        self.count_button.setObjectName("countBatch")
        self.count_button.clicked.connect(self.count_selected)
        self.table = QTableWidget(0, len(_TITLES))
        self.table.setObjectName("expiringBatches")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(_TITLES)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._enable)
        top = QHBoxLayout()
        top.addWidget(self.days_label)
        top.addWidget(self.days)
        top.addStretch(1)
        top.addWidget(self.count_button)
        top.addWidget(self.write_off_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        self.rows = self.state.shop.batches.expiring(self.days.value())
        self.table.setRowCount(len(self.rows))
        sees_costs = self.state.may(Permission.SEE_COSTS)
        for row, batch in enumerate(self.rows):
            cells = (
                isolate(batch.name),
                isolate(batch.sku),
                isolate(batch.batch),
                expiry_text(self.state, batch.expiry),
                self._days_left(batch.days_left),
                quantity_text(self.state, batch.quantity),
                money_text(self.state, batch.value) if sees_costs else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 4:
                    item.setTextAlignment(_END)
                if batch.expired:
                    item.setForeground(_RED)
                self.table.setItem(row, column, item)
        expired = sum(1 for b in self.rows if b.expired)
        value = total((b.value for b in self.rows), currency(self.state))
        text = ngettext(
            "{count} batch, {expired} expired", "{count} batches, {expired} expired", len(self.rows)
        ).format(
            count=self.state.formats.number(len(self.rows)),
            expired=self.state.formats.number(expired),
        )
        if sees_costs:
            text += " · " + _("{value} at cost").format(value=money_text(self.state, value))
        self.summary.setText(text)
        self._enable()

    def _days_left(self, days: int) -> str:
        if days < 0:
            return ngettext("expired {days} day ago", "expired {days} days ago", -days).format(
                days=self.state.formats.number(-days)
            )
        if days == 0:
            return _("expires today")
        return self.state.formats.number(days)

    def _selected(self) -> ExpiringBatch | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.rows[min(rows)] if rows and min(rows) < len(self.rows) else None

    def _enable(self) -> None:
        chosen = self._selected()
        self.write_off_button.setEnabled(chosen is not None)
        self.count_button.setEnabled(chosen is not None)

    def write_off_selected(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        value = money_text(self.state, chosen.value) if chosen.value.minor else ""
        question = _("Write off batch {batch} of “{name}”: {quantity} {value}?").format(
            batch=chosen.batch,
            name=chosen.name,
            quantity=quantity_text(self.state, chosen.quantity),
            value=f"({value})" if value else "",
        )
        if not ask(self, _("Write off"), question.replace(" ?", "?")):
            return
        batches = self.state.shop.batches

        def write_off(given: Approvals) -> object:
            return batches.write_off(chosen.batch_id, "expired", given.get(Permission.ADJUST_STOCK))

        approved(self, self.state, write_off, asks=(Permission.ADJUST_STOCK,))
        self.refresh()

    def count_selected(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        dialog = QInputDialog(self)
        watch_dialog(dialog)
        dialog.setWindowTitle(_("Count a batch"))
        dialog.setLabelText(
            _("How many of batch {batch} of “{name}” are on the shelf?").format(
                batch=chosen.batch, name=chosen.name
            )
        )
        dialog.setTextValue(quantity_text(self.state, chosen.quantity))
        if not dialog.exec():
            return
        try:
            counted = parse_quantity(self.state, dialog.textValue())
        except TranslatableError as refused:
            show_refusal(self, refused)
            return
        batches = self.state.shop.batches
        perform(self, self.state, lambda: batches.post_count({chosen.batch_id: counted}))
        self.refresh()

    def retranslate(self) -> None:
        self.days_label.setText(_("Expiring within (days)"))
        self.write_off_button.setText(_("Write off…"))
        self.count_button.setText(_("Count…"))
        self.table.setHorizontalHeaderLabels([_(title) for title in _TITLES])
        may = self.state.may(Permission.ADJUST_STOCK)
        self.count_button.setVisible(may)
        self.write_off_button.setToolTip(_("Throw the batch away: it leaves the stock"))
        self.refresh()
