"""The Products screen's Price lists tab: the lists (retail's quantity breaks first), and
for the chosen one the products it prices, with their prices and breaks, to change."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.money import Money
from duka.core.pricing import RETAIL, ListedProduct
from duka.core.quantity import Quantity
from duka.i18n import N_, _, ngettext
from duka.ui.amounts import amount_text, currency, quantity_text
from duka.ui.models.windowed import Column, WindowedTableModel
from duka.ui.operations import attempt, perform
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout
from duka.ui.widgets.product_picker import ProductPicker


class PriceListsPage(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priceListsPage")
        self.state = state
        self.list_box = QComboBox()
        self.list_box.setObjectName("priceListChoice")
        self.list_box.setMinimumWidth(220)
        self.list_box.activated.connect(lambda _i: self.reload())
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_list)
        self.rename_button = QPushButton()
        self.rename_button.clicked.connect(self.rename_list)
        self.active_button = QPushButton()
        self.active_button.clicked.connect(self.toggle_active)
        self.picker = ProductPicker(state)
        self.picker.picked.connect(lambda product, _units, _scanned: self.edit(product.id))
        self.change_button = QPushButton()
        self.change_button.clicked.connect(lambda: self.edit_selected())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model: WindowedTableModel[ListedProduct] = WindowedTableModel(
            self._columns(), self._count, self._fetch
        )
        self.table = QTableView()
        self.table.setObjectName("priceListProducts")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            4, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.activated.connect(lambda _index: self.edit_selected())
        top = QWidget()
        bar = FlowLayout(top)
        bar.setContentsMargins(0, 0, 0, 0)
        self.list_label = QLabel()
        for widget in (
            self.list_label,
            self.list_box,
            self.new_button,
            self.rename_button,
            self.active_button,
        ):
            bar.addWidget(widget)
        adding = QHBoxLayout()
        adding.addWidget(self.picker, 1)
        adding.addWidget(self.change_button)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.summary)
        layout.addLayout(adding)
        layout.addWidget(self.table, 1)
        self._fill_lists()
        self.retranslate()

    # -- the lists ------------------------------------------------------------------------

    def list_id(self) -> int:
        chosen = self.list_box.currentData()
        return RETAIL if chosen is None else int(chosen)

    def _fill_lists(self, select: int | None = None) -> None:
        keep = self.list_id() if select is None else select
        self.list_box.clear()
        self.list_box.addItem(_("Retail: quantity breaks"), RETAIL)
        for found in self.state.shop.price_lists.lists():
            name = found.name if found.active else _("{name} (set aside)").format(name=found.name)
            self.list_box.addItem(name, found.id)
        self.list_box.setCurrentIndex(max(0, self.list_box.findData(keep)))
        self.reload()

    def new_list(self) -> None:
        name, ok = QInputDialog.getText(self, _("New price list"), _("Name of the list:"))
        if not ok or not name.strip():
            return
        lists = self.state.shop.price_lists
        done = perform(self, self.state, lambda: lists.create(name))
        if done is not None:
            self._fill_lists(done.value)

    def rename_list(self) -> None:
        list_id = self.list_id()
        if list_id == RETAIL:
            return
        lists = self.state.shop.price_lists
        old = lists.get(list_id).name
        name, ok = QInputDialog.getText(
            self, _("Rename the list"), _("Name of the list:"), text=old
        )
        if ok and perform(self, self.state, lambda: lists.rename(list_id, name)) is not None:
            self._fill_lists(list_id)

    def toggle_active(self) -> None:
        list_id = self.list_id()
        if list_id == RETAIL:
            return
        lists = self.state.shop.price_lists
        active = lists.get(list_id).active
        if perform(self, self.state, lambda: lists.set_active(list_id, not active)) is not None:
            self._fill_lists(list_id)

    # -- its products ---------------------------------------------------------------------

    def _columns(self) -> Sequence[Column[ListedProduct]]:
        return (
            Column(N_("Name"), lambda r: r.name),
            Column(N_("Code"), lambda r: r.sku),
            Column(N_("Own price"), lambda r: self._money(r.own), align_end=True),
            Column(N_("Cost"), lambda r: self._money(r.cost), align_end=True),
            Column(N_("Prices on this list"), self._prices),
        )

    def _money(self, minor: int) -> str:
        return amount_text(self.state, Money(minor, currency(self.state)))

    def _prices(self, row: ListedProduct) -> str:
        parts = []
        for milli, price in row.prices:
            if milli:
                parts.append(
                    _("from {quantity}: {price}").format(
                        quantity=quantity_text(self.state, Quantity(milli)),
                        price=self._money(price),
                    )
                )
            else:
                parts.append(self._money(price))
        return "; ".join(parts)

    def _count(self) -> int:
        return self.state.shop.price_lists.count_listed(self.list_id())

    def _fetch(self, offset: int, limit: int) -> Sequence[ListedProduct]:
        return self.state.shop.price_lists.listed_page(self.list_id(), offset, limit)

    def reload(self) -> None:
        self.model.refresh()
        count = self.model.rowCount()
        list_id = self.list_id()
        retail = list_id == RETAIL
        if retail:
            text = ngettext(
                "{count} product has quantity breaks.",
                "{count} products have quantity breaks.",
                count,
            )
        else:
            text = ngettext(
                "{count} product has a price on this list; the others sell at retail.",
                "{count} products have a price on this list; the others sell at retail.",
                count,
            )
        self.summary.setText(text.format(count=self.state.formats.count(count)))
        manage = self.state.may(Permission.MANAGE_PRODUCTS)
        for button in (self.rename_button, self.active_button):
            button.setEnabled(manage and not retail)
        self.new_button.setEnabled(manage)
        self.picker.setEnabled(manage)
        self.change_button.setEnabled(manage)
        self.table.setColumnHidden(3, not self.state.may(Permission.SEE_COSTS))
        if not retail:
            active = self.state.shop.price_lists.get(list_id).active
            self.active_button.setText(_("Use again") if not active else _("Set aside"))

    def edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.picker.setFocus()
            return
        found = self.model.row(rows[0].row())
        if found is not None:
            self.edit(found.product_id)

    def edit(self, product_id: int) -> None:
        from duka.ui.dialogs.product_prices import ProductPricesDialog

        self.picker.clear()
        product = attempt(self, lambda: self.state.shop.products.get(product_id))
        if product is None:
            return
        dialog = ProductPricesDialog(self.state, product, self, only_list=self.list_id())
        if dialog.exec():
            self.reload()

    def retranslate(self) -> None:
        self.list_label.setText(_("Price list:"))
        self.new_button.setText(_("New list…"))
        self.rename_button.setText(_("Rename…"))
        self.change_button.setText(_("Change prices…"))
        self.picker.setPlaceholderText(_("Scan or type a product to give it prices on this list"))
        if self.list_box.count():
            self.list_box.setItemText(0, _("Retail: quantity breaks"))
        self.model.retranslate()
        self.reload()
