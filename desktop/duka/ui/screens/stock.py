"""The Stock screen: what is running low (with how much to order), and stocktakes.

A stocktake is counted by scanning (each scan counts what its code holds) or by typing the
counted quantity; Duka shows each difference and posts them all in one transaction. Lines
left uncounted are not touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.changes import Area, Changes
from duka.core.products import Product, ProductQuery, ProductRow, ProductSort, Unit
from duka.core.quantity import Quantity
from duka.core.stock import suggested_order
from duka.i18n import N_, TranslatableError, _, ngettext
from duka.ui.amounts import parse_quantity, quantity_text
from duka.ui.models.windowed import Column, WindowedTableModel, isolate
from duka.ui.operations import attempt, perform
from duka.ui.screens.base import Screen
from duka.ui.state import AppState
from duka.ui.widgets.expiring_page import ExpiringPage
from duka.ui.widgets.orders_page import OrdersPage
from duka.ui.widgets.product_picker import ProductPicker
from duka.ui.widgets.rows import select_row
from duka.ui.widgets.screen_fit import watch_dialog
from duka.ui.widgets.tills_heard import TillsHeardLine
from duka.ui.widgets.transfers_page import TransfersPage

_END = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_DIFFERS = "#9a5b00"


def shown_quantity(state: AppState, quantity: Quantity, unit: Unit) -> str:
    amount = quantity_text(state, quantity)
    return amount if unit is Unit.PIECE else f"{amount} {_(unit.label)}"


class LowStockPage(QWidget):
    """Products at or below their reorder level, however many, with what to order."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.query = ProductQuery(low_stock=True, sort=ProductSort.NAME)
        self._listing = state.shop.products.listing(self.query)
        self.model: WindowedTableModel[ProductRow] = WindowedTableModel(
            self._columns(), self._count, self._fetch
        )
        self.table = QTableView()
        self.table.setObjectName("lowStock")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for number, width in enumerate((0, 110, 110, 110, 140)):
            if width:
                self.table.setColumnWidth(number, width)
        self.summary = QLabel()
        self.print_button = QPushButton()
        self.export_button = QPushButton()
        self.labels_button = QPushButton()
        self.print_button.clicked.connect(self.print_list)
        self.export_button.clicked.connect(self.export_list)
        self.labels_button.clicked.connect(self.print_labels)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.print_button, self.export_button, self.labels_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def _columns(self) -> Sequence[Column[ProductRow]]:
        state = self.state
        return (
            Column(N_("Name"), lambda r: r.name),
            Column(N_("Code"), lambda r: r.sku or ""),
            Column(
                N_("On hand"),
                lambda r: shown_quantity(state, r.stock, r.unit),
                align_end=True,
                color=lambda r: "#b3261e" if r.stock.milli <= 0 else "#9a5b00",
            ),
            Column(
                N_("Reorder level"),
                lambda r: shown_quantity(state, r.reorder_level, r.unit),
                align_end=True,
            ),
            Column(N_("Suggested order"), self._suggested, align_end=True),
        )

    def _suggested(self, row: ProductRow) -> str:
        suggested = suggested_order(row.stock, row.reorder_level)
        if not row.unit.measured:
            suggested = Quantity(-(-suggested.milli // 1000) * 1000)
        return shown_quantity(self.state, suggested, row.unit)

    def _count(self) -> int:
        self._listing = self.state.shop.products.listing(self.query)
        return self._listing.count

    def _fetch(self, offset: int, limit: int) -> Sequence[ProductRow]:
        return self._listing.page(offset, limit)

    def refresh(self) -> None:
        self.model.refresh()
        self.retranslate()

    def retranslate(self) -> None:
        count = self.model.rowCount()
        self.summary.setText(
            ngettext(
                "{count} product at or below its reorder level",
                "{count} products at or below their reorder level",
                count,
            ).format(count=self.state.formats.number(count))
        )
        self.print_button.setText(_("Print…"))
        self.export_button.setText(_("Export…"))
        self.labels_button.setText(_("Labels…"))
        for button in (self.print_button, self.export_button, self.labels_button):
            button.setEnabled(count > 0)
        self.model.retranslate()

    def print_list(self) -> None:
        from duka.ui.printing import open_document

        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the low stock list"), "low-stock.pdf", _("PDF (*.pdf)")
        )
        if chosen:
            path = Path(chosen)
            if attempt(self, lambda: self.state.shop.stock.low_stock_pdf(path)) is not None:
                open_document(path)

    def export_list(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the low stock list"), "low-stock.csv", _("CSV (*.csv)")
        )
        if chosen:
            path = Path(chosen)
            count = attempt(self, lambda: self.state.shop.stock.export_low_stock(path))
            if count is not None:
                notice(self, _("Exported {count} products to {path}.").format(
                    count=self.state.formats.number(count), path=path
                ))  # fmt: skip

    def print_labels(self) -> None:
        from duka.ui.dialogs.labels import LabelsDialog

        LabelsDialog(self.state, [], self, low_stock=True).exec()


@dataclass
class CountLine:
    product: Product
    counted: Quantity | None = None


class StocktakePage(QWidget):
    """Counting stock: scan or type, see the differences, post them in one go."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.lines: list[CountLine] = []
        self.picker = ProductPicker(state)
        self.picker.picked.connect(self.scanned)
        self.picker.not_found.connect(self._not_found)
        self.category_box = QComboBox()
        self.add_all_button = QPushButton()
        self.add_all_button.clicked.connect(self.add_category)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("stocktake")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._edited)
        self.message = QLabel()
        self.message.setObjectName("dialogError")
        self.summary = QLabel()
        self.note = QLineEdit()
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        self.post_button = QPushButton()
        self.post_button.setObjectName("primary")
        self.post_button.clicked.connect(self.post)
        top = QHBoxLayout()
        top.addWidget(self.picker, 2)
        top.addWidget(self.category_box, 1)
        top.addWidget(self.add_all_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.remove_button)
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.post_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # -- counting ----------------------------------------------------------------------

    def _line_of(self, product_id: int) -> int | None:
        return next((i for i, line in enumerate(self.lines) if line.product.id == product_id), None)

    def scanned(self, product: Product, units: Quantity, by_scan: bool = True) -> None:
        """A scan counts what its code holds, once more; a typed name adds the line to fill."""
        self.message.clear()
        number = self._line_of(product.id)
        if number is None:
            self.lines.append(CountLine(product))
            number = len(self.lines) - 1
        line = self.lines[number]
        if by_scan:
            line.counted = (line.counted or Quantity(0)) + units
        self._show()
        select_row(self.table, number)
        counted = self.table.item(number, 2)
        if counted is not None:
            self.table.scrollToItem(counted)
            if not by_scan:
                self.table.editItem(counted)

    def _not_found(self, text: str) -> None:
        self.message.setText(_("No product has the code or name “{text}”.").format(text=text))

    def add_category(self) -> None:
        """Every active product of the chosen category (all when none), still to count."""
        category = self.category_box.currentData()
        products = self.state.shop.products
        listing = products.listing(ProductQuery(category_id=category))
        known = {line.product.id for line in self.lines}
        for row in listing.page(0, min(listing.count, 5000)):
            if row.id not in known:
                self.lines.append(CountLine(products.get(row.id)))
        self._show()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            del self.lines[row]
        self._show()

    def clear(self) -> None:
        self.lines.clear()
        self.note.clear()
        self._show()

    def _edited(self, item: QTableWidgetItem) -> None:
        if item.column() != 2 or self._filling:
            return
        line = self.lines[item.row()]
        text = item.text().strip()
        try:
            line.counted = parse_quantity(self.state, text) if text else None
            self.message.clear()
        except TranslatableError as error:
            self.message.setText(error.message)
        self._show()

    _filling = False

    def _show(self) -> None:
        self._filling = True
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            product = line.product
            unit = product.draft.unit
            expected = product.stock
            difference = line.counted - expected if line.counted is not None else None
            cells = (
                isolate(product.name),
                shown_quantity(self.state, expected, unit),
                quantity_text(self.state, line.counted) if line.counted is not None else "",
                "" if difference is None else self._signed(difference, unit),
                product.draft.sku or "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3):
                    item.setTextAlignment(_END)
                if column != 2:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column == 3 and difference is not None and difference.milli:
                    item.setForeground(Qt.GlobalColor.darkYellow)
                self.table.setItem(row, column, item)
        self._filling = False
        counted = [line for line in self.lines if line.counted is not None]
        differing = [line for line in counted if line.counted != line.product.stock]
        self.summary.setText(
            _("{counted} of {lines} counted, {differ} differ").format(
                counted=self.state.formats.number(len(counted)),
                lines=self.state.formats.number(len(self.lines)),
                differ=self.state.formats.number(len(differing)),
            )
        )
        self.post_button.setEnabled(bool(counted) and self.state.may(Permission.ADJUST_STOCK))

    def _signed(self, quantity: Quantity, unit: Unit) -> str:
        text = shown_quantity(self.state, quantity, unit)
        return f"+{text}" if quantity.milli > 0 else text

    def counts(self) -> dict[int, Quantity]:
        return {n.product.id: n.counted for n in self.lines if n.counted is not None}

    def post(self) -> None:
        counts = self.counts()
        stock, note = self.state.shop.stock, self.note.text()
        done = perform(self, self.state, lambda: stock.post_stocktake(counts, note))
        if done is None:
            return
        number = done.value
        notice(self, _("Stocktake {number} posted.").format(number=number))
        self.clear()

    def retranslate(self) -> None:
        self.picker.retranslate()
        keep = self.category_box.currentData()
        self.category_box.clear()
        self.category_box.addItem(_("All categories"), None)
        for category in self.state.shop.products.categories():
            self.category_box.addItem(category.label, category.id)
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(keep)))
        self.add_all_button.setText(_("Add all to count"))
        self.table.setHorizontalHeaderLabels(
            [_("Product"), _("Expected"), _("Counted"), _("Difference"), _("Code")]
        )
        self.note.setPlaceholderText(_("Note (optional)"))
        self.remove_button.setText(_("Remove"))
        self.clear_button.setText(_("Start again"))
        self.post_button.setText(_("Post the stocktake"))
        self._show()


def notice(parent: QWidget, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, _("Duka"), text, parent=parent)
    watch_dialog(box)
    box.setObjectName("notice")
    box.exec()


class StockScreen(Screen):
    # Settings: a branch made, or heard of through the other tills.
    watches = frozenset({Area.STOCK, Area.PRODUCTS, Area.SALES, Area.SETTINGS, Area.PURCHASES})

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.tabs = QTabWidget()
        self.low = LowStockPage(state)
        self.count = StocktakePage(state)
        self.transfers = TransfersPage(state)
        self.orders = OrdersPage(state)
        self.expiring = ExpiringPage(state)
        self.tabs.addTab(self.low, "")
        self.tabs.addTab(self.count, "")
        self.tabs.addTab(self.transfers, "")
        self.tabs.addTab(self.orders, "")
        self.tabs.addTab(self.expiring, "")
        # With several tills, the stock counts their sales only as far as their batches came.
        self.tills_heard = TillsHeardLine(
            state,
            N_("The stock counts the other tills' sales as far as they came: {tills}"),
            this_branch=True,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tills_heard)
        layout.addWidget(self.tabs, 1)
        state.settings_changed.connect(self.retranslate)
        self.retranslate()

    def data_changed(self, changes: Changes) -> None:
        self.low.refresh()
        self.orders.refresh()
        self.expiring.refresh()
        self._show_transfers()
        self.tills_heard.refresh()

    def shown(self) -> None:
        self.low.refresh()
        self.orders.refresh()
        self.expiring.refresh()
        self._show_transfers()
        self.tills_heard.refresh()

    def _show_transfers(self) -> None:
        """The transfers tab, only for a shop with more than one branch."""
        many = self.state.shop.transfers.many_branches()
        self.tabs.setTabVisible(self.tabs.indexOf(self.transfers), many)
        if many:
            self.transfers.refresh()

    def permissions_changed(self) -> None:
        self.expiring.retranslate()
        self.count.retranslate()
        self.transfers.retranslate()
        self.orders.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Stock"))
        self.tabs.setTabText(0, _("Low stock"))
        self.tabs.setTabText(1, _("Stocktake"))
        self.tabs.setTabText(2, _("Transfers"))
        self.tabs.setTabText(3, _("Purchase orders"))
        self.tabs.setTabText(4, _("Expiring"))
        self.tills_heard.refresh()
        self.low.retranslate()
        self.count.retranslate()
        self.transfers.retranslate()
        self.orders.retranslate()
        self.expiring.retranslate()
        self._show_transfers()
