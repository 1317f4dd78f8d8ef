"""Arranging the quick keys: pages, the tiles on each, their order and colour.

Everything works by touch or keys as well as by dragging: a tile moves earlier or later with
buttons, and a drag in the list of tiles does the same. Nothing is kept until Save; the
layout goes to the whole shop (the database) or to this computer only.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka.core.products import Product
from duka.core.quantity import Quantity
from duka.core.quick_keys import COLOURS, Layout
from duka.i18n import N_, TranslatableError, _
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout
from duka.ui.widgets.product_picker import ProductPicker
from duka.ui.widgets.quick_keys import load_layout, save_layout, shop_wide
from duka.ui.widgets.screen_fit import FittedDialog
from duka.ui.widgets.touch import touch_px, touch_scrolling


class ArrangeDialog(FittedDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arrangeKeys")
        self.setWindowTitle(_("Arrange the quick keys"))
        self.state = state
        self.layout_ = load_layout(state)
        self._names: dict[int, str] = {}
        finger = self._finger = touch_px(self)

        self.pages = QListWidget()
        self.pages.setObjectName("arrangePages")
        self.pages.currentRowChanged.connect(lambda _row: self._show_tiles())
        self.tiles = QListWidget()
        self.tiles.setObjectName("arrangeTiles")
        self.tiles.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tiles.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tiles.model().rowsMoved.connect(self._dropped)
        for view in (self.pages, self.tiles):
            touch_scrolling(view)
        self.picker = ProductPicker(state)
        self.picker.picked.connect(self._picked)

        def button(text_id: str, action: object, name: str) -> QPushButton:
            made = QPushButton(_(text_id))
            made.setObjectName(name)
            made.setAutoDefault(False)
            made.setMinimumHeight(finger)
            made.clicked.connect(action)
            return made

        page_buttons = FlowLayout()
        self.add_page_button = button(N_("New page"), self.add_page, "addPage")
        for made in (
            self.add_page_button,
            button(N_("Rename"), self.rename_page, "renamePage"),
            button(N_("Remove page"), self.remove_page, "removePage"),
            button(N_("Earlier"), lambda: self.move_page(-1), "pageEarlier"),
            button(N_("Later"), lambda: self.move_page(1), "pageLater"),
        ):
            page_buttons.addWidget(made)
        tile_buttons = FlowLayout()
        self.earlier = button(N_("Move earlier"), lambda: self.move_tile(-1), "tileEarlier")
        self.later = button(N_("Move later"), lambda: self.move_tile(1), "tileLater")
        for made in (
            self.earlier,
            self.later,
            button(N_("Colour"), self.next_colour, "tileColour"),
            button(N_("Remove tile"), self.remove_tile, "removeTile"),
        ):
            tile_buttons.addWidget(made)

        self.for_shop = QCheckBox(_("The same keys on every computer of the shop"))
        self.for_shop.setChecked(shop_wide())
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(QLabel(_("Pages")))
        left.addWidget(self.pages, 1)
        left.addLayout(page_buttons)
        right = QVBoxLayout()
        right.addWidget(QLabel(_("Tiles on this page (drag to reorder)")))
        right.addWidget(self.picker)
        right.addWidget(self.tiles, 1)
        right.addLayout(tile_buttons)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.for_shop)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._show_pages(0)
        self.resize(760, 520)

    # -- showing ----------------------------------------------------------------------------

    def _name(self, product_id: int) -> str:
        if product_id not in self._names:
            try:
                self._names[product_id] = self.state.shop.products.get(product_id).name
            except TranslatableError:
                self._names[product_id] = "?"
        return self._names[product_id]

    def _show_pages(self, current: int) -> None:
        self.pages.blockSignals(True)
        self.pages.clear()
        for page in self.layout_.pages:
            item = QListWidgetItem(page.name)
            item.setSizeHint(QSize(0, self._finger))
            self.pages.addItem(item)
        self.pages.blockSignals(False)
        if self.layout_.pages:
            self.pages.setCurrentRow(max(0, min(current, len(self.layout_.pages) - 1)))
        self._show_tiles()

    def _show_tiles(self, current: int | None = None) -> None:
        page = self.pages.currentRow()
        self.tiles.clear()
        has_page = 0 <= page < len(self.layout_.pages)
        self.picker.setEnabled(has_page)
        if not has_page:
            return
        for tile in self.layout_.pages[page].tiles:
            item = QListWidgetItem(isolate(self._name(tile.product_id)))
            item.setBackground(QColor(tile.colour))
            item.setForeground(QColor("#111111"))
            item.setSizeHint(QSize(0, self._finger))  # a row a finger can take
            self.tiles.addItem(item)
        if current is not None:
            self.tiles.setCurrentRow(current)

    def _change(self, changed: Layout, page: int | None = None, tile: int | None = None) -> None:
        self.layout_ = changed
        self.error.clear()
        if page is not None:
            self._show_pages(page)
        self._show_tiles(tile)

    def _refused(self, refused: TranslatableError) -> None:
        self.error.setText(refused.message)

    # -- pages ------------------------------------------------------------------------------

    def add_page(self) -> None:
        name, ok = QInputDialog.getText(self, _("New page"), _("Name of the page"))
        if not ok:
            return
        try:
            self._change(self.layout_.add_page(name), page=len(self.layout_.pages))
        except TranslatableError as refused:
            self._refused(refused)

    def rename_page(self) -> None:
        page = self.pages.currentRow()
        if page < 0:
            return
        old = self.layout_.pages[page].name
        name, ok = QInputDialog.getText(self, _("Rename"), _("Name of the page"), text=old)
        if not ok:
            return
        try:
            self._change(self.layout_.rename_page(page, name), page=page)
        except TranslatableError as refused:
            self._refused(refused)

    def remove_page(self) -> None:
        page = self.pages.currentRow()
        if page >= 0:
            self._change(self.layout_.remove_page(page), page=page)

    def move_page(self, step: int) -> None:
        page = self.pages.currentRow()
        if page >= 0:
            self._change(self.layout_.move_page(page, step), page=page + step)

    # -- tiles ------------------------------------------------------------------------------

    def _picked(self, product: Product, _units: Quantity, _scanned: bool) -> None:
        page = self.pages.currentRow()
        if page < 0:
            return
        try:
            changed = self.layout_.add_tile(page, product.id)
        except TranslatableError as refused:
            self._refused(refused)
            return
        self._names[product.id] = product.name
        self._change(changed, tile=len(changed.pages[page].tiles) - 1)

    def add_product(self, product_id: int) -> None:
        """Add a product to the page shown (as the picker does once one is chosen)."""
        self._picked(self.state.shop.products.get(product_id), Quantity.of(1), False)

    def move_tile(self, step: int) -> None:
        page, tile = self.pages.currentRow(), self.tiles.currentRow()
        if page >= 0 and tile >= 0:
            changed = self.layout_.move_tile(page, tile, step)
            moved = changed != self.layout_
            self._change(changed, tile=tile + step if moved else tile)

    def _dropped(
        self, _parent: QModelIndex, start: int, _end: int, _target: QModelIndex, row: int
    ) -> None:
        page = self.pages.currentRow()
        target = row - 1 if row > start else row  # the row counted before the tile left
        self.layout_ = self.layout_.place_tile(page, start, target)

    def next_colour(self) -> None:
        page, tile = self.pages.currentRow(), self.tiles.currentRow()
        if page < 0 or tile < 0:
            return
        colour = self.layout_.pages[page].tiles[tile].colour
        following = COLOURS[(COLOURS.index(colour) + 1) % len(COLOURS)]
        self._change(self.layout_.colour_tile(page, tile, following), tile=tile)

    def remove_tile(self) -> None:
        page, tile = self.pages.currentRow(), self.tiles.currentRow()
        if page >= 0 and tile >= 0:
            changed = self.layout_.remove_tile(page, tile)
            self._change(changed, tile=min(tile, len(changed.pages[page].tiles) - 1))

    # -- keeping ----------------------------------------------------------------------------

    def accept(self) -> None:
        try:
            save_layout(self.state, self.layout_, self.for_shop.isChecked())
        except TranslatableError as refused:
            self._refused(refused)
            return
        super().accept()
