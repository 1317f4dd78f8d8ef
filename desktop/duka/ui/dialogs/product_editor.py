"""Adding or changing a product: its name, code, barcodes, category, unit, prices, tax and
reorder level; a new product may start with the stock already on the shelf."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Approvals, Permission
from duka.core.barcodes import Barcode, WrongCheckDigit, clean_barcode, normalise_barcode
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.products import MAX_NAME, MAX_SKU, Product, ProductDraft, Unit, clean_category_path
from duka.core.quantity import Quantity
from duka.core.settings import TAX_RATES
from duka.i18n import N_, TranslatableError, _
from duka.ui.amounts import amount_text, currency, parse_money, parse_quantity, quantity_text
from duka.ui.approval import approved
from duka.ui.dialogs.form import FormDialog
from duka.ui.scanning import take_scans
from duka.ui.state import AppState
from duka.ui.widgets.rows import select_row
from duka.ui.widgets.screen_fit import watch_dialog

_RETRY_MS = 100
_OWN_CODE = Qt.ItemDataRole.UserRole  # on a code's cell: the code, when kept as the shop's own


class BarcodeList(QWidget):
    """The product's barcodes; scanning into the field (the scanner ends with Enter) adds one.
    A pack's code carries how many units one scan sells.

    A code with a GTIN's shape but a wrong check digit is not added at once: a typing mistake
    is the likely reason, but a shop's own label codes (a butcher's 25250001) look the same,
    so the person is asked whether to keep it as the shop's own code. Such a code is marked in
    the list; labels print it in Code 128, never as an EAN or UPC."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._asking: str | None = None  # the code asked about, while the question is open
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(120)
        self.entry = QLineEdit()
        self.entry.setObjectName("barcodeEntry")
        # A scan anywhere in the editor lands here, and Enter adds the code and stays, so a
        # product's codes (a unit's, a pack's) are scanned one after the other.
        take_scans(self.entry, self.add_entry, on_scan=self._scanned)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        line = QHBoxLayout()
        line.addWidget(self.entry, 1)
        line.addWidget(self.add_button)
        line.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addWidget(self.table)
        self.retranslate()

    def add(self, barcode: Barcode) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        code = QTableWidgetItem(barcode.code)
        if barcode.own:
            code.setData(_OWN_CODE, barcode.code)
        units = QTableWidgetItem(quantity_text(self.state, barcode.quantity))
        units.setTextAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        kind = QTableWidgetItem()
        kind.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        self.table.setItem(row, 0, code)
        self.table.setItem(row, 1, units)
        self.table.setItem(row, 2, kind)
        self._mark(row)

    def _mark(self, row: int) -> None:
        """Say in the row whether its code is the shop's own (in the language on screen)."""
        code, kind = self.table.item(row, 0), self.table.item(row, 2)
        if code is None or kind is None:
            return
        own = self._own(row)
        kind.setText(_("(own code)") if own else "")
        tip = (
            _(
                "The shop's own code: not an EAN or UPC (its check digit is wrong). "
                "Labels print it in Code 128."
            )
            if own
            else ""
        )
        code.setToolTip(tip)
        kind.setToolTip(tip)

    def _own(self, row: int) -> bool:
        """Whether the row's code was kept as the shop's own (and not changed since)."""
        code = self.table.item(row, 0)
        return code is not None and code.data(_OWN_CODE) == code.text().strip()

    def codes(self) -> list[str]:
        """The codes listed, in order."""
        return [
            item.text() for r in range(self.table.rowCount()) if (item := self.table.item(r, 0))
        ]

    def add_entry(self) -> bool:
        """Add the code typed in the field; False when it stays there to be typed again."""
        return self._take(self.entry.text(), scanned=False)

    def _scanned(self, code: str) -> None:
        if self._asking is not None:
            # A scan kept while the question was open arrives as it closes, before the
            # answer is acted on: the same code again is once enough, another waits.
            if normalise_barcode(code) != self._asking:
                QTimer.singleShot(_RETRY_MS, self, lambda: self._scanned(code))
            return
        self._take(code, scanned=True)

    def _take(self, text: str, *, scanned: bool) -> bool:
        text = text.strip()
        self.entry.clear()
        if not text:
            return True
        if not self.add_code(text, scanned=scanned):
            self.entry.setText(text)  # left to be corrected
            self.entry.selectAll()
            self.entry.setFocus()
            return False
        return True

    def add_code(self, text: str, *, scanned: bool = False) -> bool:
        """List `text` (typed or scanned) as a barcode of one unit; a code with a wrong check
        digit only when kept as the shop's own. False when it is not listed."""
        listed = self.codes()
        if normalise_barcode(text) in listed:  # scanned twice: once is enough
            select_row(self.table, listed.index(normalise_barcode(text)))
            return True
        try:
            code, own = clean_barcode(text), False
        except WrongCheckDigit as wrong:
            if not self.keep_as_own(wrong.code, scanned=scanned):
                return False
            code, own = wrong.code, True
        except TranslatableError:
            code, own = text, False  # the service says what is wrong with it, on saving
        if code in listed:
            select_row(self.table, listed.index(code))
            return True
        self.add(Barcode(code, own=own))
        self.table.scrollToBottom()
        return True

    def keep_as_own(self, code: str, *, scanned: bool) -> bool:
        """Ask whether `code`, whose check digit is wrong, is the shop's own code."""
        box = QMessageBox(self)
        watch_dialog(box)
        box.setObjectName("ownCode")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Duka"))
        box.setText(
            _(
                "The barcode {code} has a wrong check digit. Keep {code} as the shop's own code?"
            ).format(code=code)
        )
        box.setInformativeText(
            _(
                "A typing mistake is the likely reason: then type it again. If the shop printed "
                "this code itself (a scale's or a butcher's label), keep it: it sells when "
                "scanned, and labels print it in Code 128, not as an EAN or UPC."
            )
        )
        keep = box.addButton(_("&Keep as own code"), QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("keepOwnCode")
        again = box.addButton(_("&Type it again"), QMessageBox.ButtonRole.RejectRole)
        again.setObjectName("typeAgain")
        box.setEscapeButton(again)
        # A scanner reads a real EAN's check digit itself: a scanned code like this is a label
        # the shop printed. A typed one is more likely a slip of the finger.
        box.setDefaultButton(keep if scanned else again)
        self._asking = code
        try:
            box.exec()
        finally:
            self._asking = None
        return box.clickedButton() is keep

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def barcodes(self) -> tuple[Barcode, ...]:
        """What the list holds; checked by the service with the rest of the product."""
        typed = self.entry.text().strip()
        if not self.add_entry():  # a code typed but not yet added counts too
            raise WrongCheckDigit(normalise_barcode(typed))
        found = []
        for row in range(self.table.rowCount()):
            code = self.table.item(row, 0)
            units = self.table.item(row, 1)
            if code is None or not code.text().strip():
                continue
            quantity = (
                parse_quantity(self.state, units.text()) if units and units.text().strip() else None
            )
            found.append(Barcode(code.text().strip(), quantity or Quantity(1000), self._own(row)))
        return tuple(found)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Barcode"), _("Units per scan"), ""])
        self.entry.setPlaceholderText(_("Scan or type a barcode, then Enter"))
        self.add_button.setText(_("Add"))
        self.remove_button.setText(_("Remove"))
        for row in range(self.table.rowCount()):
            self._mark(row)


class ListPricesRow(QWidget):
    """The product's quantity breaks and list prices in a line, and a button to change
    them (ui/dialogs/product_prices.py)."""

    def __init__(self, state: AppState, product: Product | None) -> None:
        super().__init__()
        self.state = state
        self.product = product
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("listPricesButton")
        self.button.clicked.connect(self.change)
        self.button.setEnabled(state.may(Permission.MANAGE_PRODUCTS))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.summary, 1)
        row.addWidget(self.button)
        self.retranslate()

    def retranslate(self) -> None:
        from duka.ui.price_source import price_list_summary

        self.button.setText(_("Change…"))
        if self.product is not None:
            self.summary.setText(price_list_summary(self.state, self.product.id))

    def change(self) -> None:
        from duka.ui.dialogs.product_prices import ProductPricesDialog

        if self.product is not None and ProductPricesDialog(self.state, self.product, self).exec():
            self.retranslate()


class ProductEditor(FormDialog):
    """A new product when `product` is None, else that product's changes."""

    def __init__(
        self, state: AppState, product: Product | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("productEditor")
        self.state = state
        self.product = product
        self.saved_id: int | None = None
        self.title_id = N_("New product") if product is None else N_("Change a product")
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME)
        self.sku = QLineEdit()
        self.sku.setMaxLength(MAX_SKU)
        self.barcodes = BarcodeList(state)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # A new shop has no categories yet: sized by its (empty) items, the field was too
        # narrow to show its own hint. It takes the row's width, like the text fields.
        self.category.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.unit = QComboBox()
        self.price = QLineEdit()
        # A product without a fixed price: its price is typed at the sale, and the price
        # field holds only a suggestion (may be empty).
        self.price_asked = QCheckBox()
        self.price_asked.setObjectName("priceAsked")
        self.price_asked.toggled.connect(lambda _on: self._show_price_kind())
        self.cost = QLineEdit()
        self.tax = QComboBox()
        self.reorder = QLineEdit()
        self.opening = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(60)
        # Medicines, dairy: each delivery's batch and expiry date are asked when received,
        # and the till sells the batch that expires first (duka.core.batches).
        self.keeps_batches = QCheckBox()
        self.keeps_batches.setObjectName("keepsBatches")
        for field in (self.price, self.cost, self.reorder, self.opening):
            field.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.row(N_("Name"), self.name)
        self.row(N_("Code (SKU)"), self.sku)
        self.row(N_("Barcodes"), self.barcodes)
        self.row(N_("Category"), self.category)
        self.row(N_("Unit"), self.unit)
        self._price_label = self.row(N_("Price"), self.price)
        self.form.addRow("", self.price_asked)
        self._cost_label = self.row(N_("Cost"), self.cost)
        self.row(N_("Tax"), self.tax)
        self.row(N_("Reorder level"), self.reorder)
        self.form.addRow("", self.keeps_batches)
        self._opening_label = self.row(N_("Stock on hand now"), self.opening)
        self.row(N_("Notes"), self.notes)
        # Sizes, colours...: a new product or one with variants opens its grid (a variant
        # or a product sold as it is has none).
        self.variants_button = QPushButton()
        self.variants_button.setObjectName("variantsButton")
        self.variants_button.setAutoDefault(False)
        self.variants_button.clicked.connect(self.open_variants)
        self.variants_button.setVisible(product is None or product.is_parent)
        self.form.addRow("", self.variants_button)
        self.list_prices = ListPricesRow(state, product)
        self._list_prices_label = self.row(N_("Price lists"), self.list_prices)
        self.list_prices.setVisible(product is not None)  # a product saved first
        self._list_prices_label.setVisible(product is not None)
        self._sees_costs = state.may(Permission.SEE_COSTS)
        self.cost.setVisible(self._sees_costs)
        self._cost_label.setVisible(self._sees_costs)
        self._opens_stock = product is None and state.may(Permission.ADJUST_STOCK)
        self.opening.setVisible(self._opens_stock)
        self._opening_label.setVisible(self._opens_stock)
        self.finish_layout()
        self._fill(product)
        self.setMinimumWidth(560)

    def _fill(self, product: Product | None) -> None:
        for category in self.state.shop.products.categories():
            self.category.addItem(category.label, category.path)
        draft = product.draft if product is not None else None
        self.category.setCurrentText(" > ".join(draft.category) if draft else "")
        if draft is None or product is None:
            return
        self.keeps_batches.setChecked(self.state.shop.batches.tracks(product.id))
        self.name.setText(draft.name)
        self.sku.setText(draft.sku or "")
        for barcode in draft.barcodes:
            self.barcodes.add(barcode)
        self.unit.setCurrentIndex(max(0, self.unit.findData(draft.unit)))
        self.price_asked.setChecked(draft.price_asked)
        no_price = draft.price_asked and not draft.sell_price
        self.price.setText("" if no_price else amount_text(self.state, draft.sell_price))
        self.cost.setText(amount_text(self.state, draft.cost_price))
        self.tax.setCurrentIndex(max(0, self.tax.findData(draft.tax_code)))
        self.reorder.setText(quantity_text(self.state, draft.reorder_level))
        self.notes.setPlainText(draft.notes)

    def retranslate(self) -> None:
        super().retranslate()
        unit, tax = self.unit.currentData(), self.tax.currentData()
        self.unit.clear()
        for choice in Unit:
            self.unit.addItem(_(choice.label), choice)
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit)))
        self.tax.clear()
        self.tax.addItem(_("No tax"), None)
        for rate in self.state.settings[TAX_RATES]:
            self.tax.addItem(f"{rate.code} — {rate.name}", rate.code)
        self.tax.setCurrentIndex(max(0, self.tax.findData(tax)))
        line = self.category.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("e.g. Food > Staples"))
        self.barcodes.retranslate()
        self.price_asked.setText(_("Ask the price at the sale"))
        self.variants_button.setText(
            _("Variants (sizes, colours)…") if self.product is None else _("Variants: add values…")
        )
        self.keeps_batches.setText(_("Keep batches and expiry dates"))
        self._show_price_kind()

    def open_variants(self) -> None:
        """The grid: for a new product, saving it makes the product and its variants."""
        from duka.ui.dialogs.variant_grid import VariantGridDialog

        self.error.clear()
        try:
            draft = self.draft()
            family = (
                self.state.shop.variants.family(self.product.id)
                if self.product is not None
                else None
            )
        except TranslatableError as refused:
            self.error.setText(refused.message)
            return
        grid = VariantGridDialog(self.state, draft, family, self)
        if grid.exec() and grid.saved_id is not None and self.product is None:
            self.saved_id = grid.saved_id
            QDialog.accept(self)

    def _show_price_kind(self) -> None:
        """With the price asked at the sale, the price field is a suggestion and may stay
        empty; otherwise it is the price."""
        asked = self.price_asked.isChecked()
        self._price_label.setText(_("Suggested price") if asked else _("Price"))
        self.price.setPlaceholderText(_("None: leave it empty") if asked else "")

    def draft(self) -> ProductDraft:
        """What the form says, read in the shop's locale (a refusal says what is wrong)."""
        cost = self.product.draft.cost_price if self.product is not None else None
        if self._sees_costs or cost is None:
            cost = parse_money(self.state, self.cost.text() or "0")
        return ProductDraft(
            name=self.name.text(),
            sell_price=self._price(),
            cost_price=cost,
            unit=self.unit.currentData(),
            tax_code=self.tax.currentData(),
            sku=self.sku.text(),
            barcodes=self.barcodes.barcodes(),
            category=clean_category_path(self.category.currentText()),
            reorder_level=parse_quantity(self.state, self.reorder.text() or "0"),
            notes=self.notes.toPlainText(),
            price_asked=self.price_asked.isChecked(),
        )

    def _price(self) -> Money:
        """The price typed; a missing or unreadable one is named, and the cursor put there."""
        text = self.price.text().strip()
        if not text and self.price_asked.isChecked():
            return Money.zero(currency(self.state))  # no suggestion: the price is all asked
        try:
            if not text:
                raise InvalidInput(N_("Type the product's price."), field="price")
            return parse_money(self.state, text)
        except TranslatableError as refused:
            self.price.setFocus()
            self.price.selectAll()
            if not text:
                raise
            raise InvalidInput(
                N_("Price: {reason}"), field="price", reason=refused.message
            ) from refused

    def submit(self) -> bool:
        draft = self.draft()
        opening = (
            parse_quantity(self.state, self.opening.text())
            if self._opens_stock and self.opening.text().strip()
            else None
        )
        products, batches = self.state.shop.products, self.state.shop.batches
        keeps = self.keeps_batches.isChecked()

        def save(given: Approvals) -> int:
            approval = given.get(Permission.MANAGE_PRODUCTS)
            if self.product is None:
                saved = products.add(draft, approval, opening_stock=opening)
            else:
                products.update(self.product.id, draft, approval)
                saved = self.product.id
            if keeps != batches.tracks(saved):
                batches.set_tracking(saved, keeps)
            return saved

        done = approved(
            self, self.state, save, asks=(Permission.MANAGE_PRODUCTS,), show_refusals=False
        )
        self.saved_id = done.value if done is not None else None
        return done is not None
