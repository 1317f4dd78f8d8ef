"""A field to scan or type a product: a barcode finds it at once (a pack's code counts as its
units), typing a name or code offers what matches."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget

from duka.core.products import Product
from duka.core.quantity import Quantity
from duka.i18n import _
from duka.ui.models.windowed import isolate
from duka.ui.scanning import take_scans
from duka.ui.state import AppState

_OFFERED = 12


class ProductPicker(QLineEdit):
    # Product, the units one scan of its code holds, and whether it was scanned (or typed)
    picked = Signal(object, object, bool)
    not_found = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("productPicker")
        self.state = state
        self.setClearButtonEnabled(True)
        # Scans aimed at its window come here, and Enter looks up without reaching the
        # window's buttons: a scan adds its product, never presses OK or opens a dialog.
        take_scans(self, self.look_up)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(_("Scan a barcode, or type a name or code and press Enter"))

    def look_up(self) -> None:
        text = self.text().strip()
        if not text:
            return
        products = self.state.shop.products
        scanned = products.by_barcode(text)
        if scanned is not None:
            self.clear()
            self.picked.emit(scanned[0], scanned[1], True)
            return
        rows = products.search(text, _OFFERED)
        if len(rows) == 1:
            self.clear()
            self.picked.emit(products.get(rows[0].id), Quantity(1000), False)
        elif rows:
            menu = QMenu(self)
            menu.setObjectName("pickerChoices")
            for row in rows:
                label = f"{isolate(row.name)}  {row.sku or row.barcode or ''}".strip()
                action = QAction(label, menu)
                action.triggered.connect(lambda _on=False, pid=row.id: self._choose(pid))
                menu.addAction(action)
            menu.popup(self.mapToGlobal(QPoint(0, self.height())))
        else:
            self.not_found.emit(text)

    def _choose(self, product_id: int) -> None:
        product: Product = self.state.shop.products.get(product_id)
        self.clear()
        self.picked.emit(product, Quantity(1000), False)
