"""Sending stock to another branch: which branch, what goes (scanned or typed) and a note.
Sending more than is on hand asks first, as the stock would go below zero here."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from duka.core.products import Product
from duka.core.quantity import Quantity
from duka.i18n import N_, TranslatableError, _, ngettext
from duka.ui.amounts import parse_quantity, quantity_text
from duka.ui.dialogs.form import FormDialog
from duka.ui.models.windowed import isolate
from duka.ui.operations import ask
from duka.ui.state import AppState
from duka.ui.widgets.product_picker import ProductPicker
from duka.ui.widgets.rows import select_row

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter


def branch_title(number: int, name: str) -> str:
    """A branch as people read it: "Branch 1001 · Town", or "Branch 1" without a name."""
    if name:
        return _("Branch {number} · {name}").format(number=number, name=isolate(name))
    return _("Branch {number}").format(number=number)


@dataclass
class _Line:
    product: Product
    on_hand: Quantity
    quantity: Quantity


class SendStockDialog(FormDialog):
    title_id = N_("Send stock to a branch")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sendStock")
        self.state = state
        self.number: str | None = None
        self.lines: list[_Line] = []
        self._filling = False
        self.branch = QComboBox()
        self.branch.setObjectName("toBranch")
        for known in state.shop.transfers.destinations():
            self.branch.addItem(branch_title(known.number, known.name), known.number)
        self.picker = ProductPicker(state)
        self.picker.picked.connect(self.add)
        self.picker.not_found.connect(
            lambda text: self.error.setText(
                _("No product has the code or name “{text}”.").format(text=text)
            )
        )
        self.note = QLineEdit()
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("sentLines")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._edited)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.summary = QLabel()
        self.row(N_("To branch"), self.branch)
        self.row(N_("Product"), self.picker)
        self.row(N_("Note"), self.note)
        under = QWidget()
        line = QHBoxLayout(under)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.summary, 1)
        line.addWidget(self.remove_button)
        self.finish_layout(self.table, under)
        self.resize(720, 480)

    def add(self, product: Product, units: Quantity, by_scan: bool = True) -> None:
        """A product scanned or chosen: a new line, or one more of it."""
        self.error.clear()
        found = next((i for i, n in enumerate(self.lines) if n.product.id == product.id), None)
        if found is None:
            on_hand = self.state.shop.stock.level(product.id)
            self.lines.append(_Line(product, on_hand, units))
            found = len(self.lines) - 1
        elif by_scan:
            self.lines[found].quantity = self.lines[found].quantity + units
        self._show()
        select_row(self.table, found)
        quantity = self.table.item(found, 2)
        if quantity is not None and not by_scan:
            self.table.editItem(quantity)

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            del self.lines[row]
        self._show()

    def _edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 2:
            return
        try:
            self.lines[item.row()].quantity = parse_quantity(self.state, item.text())
            self.error.clear()
        except TranslatableError as error:
            self.error.setText(error.message)
        self._show()

    def _show(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            cells = (
                isolate(line.product.name),
                quantity_text(self.state, line.on_hand),
                quantity_text(self.state, line.quantity),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(_END)
                if column != 2:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == 1 and line.quantity.milli > line.on_hand.milli:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        self._filling = False
        count = len(self.lines)
        self.summary.setText(
            ngettext("{count} product to send", "{count} products to send", count).format(
                count=self.state.formats.number(count)
            )
            if count
            else ""
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.table.setHorizontalHeaderLabels([_("Product"), _("On hand"), _("To send")])
        self.remove_button.setText(_("Remove"))
        self.note.setPlaceholderText(_("optional"))
        self.picker.retranslate()
        self._show()

    def submit(self) -> bool:
        to_branch = self.branch.currentData()
        wanted: dict[int, Quantity] = {}
        for line in self.lines:
            wanted[line.product.id] = wanted.get(line.product.id, Quantity(0)) + line.quantity
        transfers = self.state.shop.transfers
        beyond = False
        if wanted and to_branch is not None:
            short = transfers.shortages(wanted)
            if short:
                names = ", ".join(isolate(s.name) for s in short)
                if not ask(
                    self,
                    _("Send more than is in stock?"),
                    _(
                        "This sends more than this branch has of: {names}. Its stock will go "
                        "below zero here. Send anyway?"
                    ).format(names=names),
                ):
                    return False
                beyond = True
        note = self.note.text()
        branch = int(to_branch) if to_branch is not None else 0
        self.number = self.state.perform(
            lambda: transfers.send(branch, wanted, note, beyond_stock=beyond)
        ).value
        return True
