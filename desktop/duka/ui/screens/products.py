"""The Products screen: every product in the shop, however many there are.

Typing searches names, codes and barcodes as you type (a scanner's code finds its product);
filters narrow the list to a category, low stock or archived products; a click on a column
header sorts by it. From here products are added and changed, stock is adjusted, prices are
changed in bulk, and the list is imported, exported or printed as shelf labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.changes import Area, Changes
from duka.core.products import Product, ProductQuery, ProductRow, ProductSort, Unit
from duka.i18n import N_, N_plural, TranslatableError, _
from duka.services.products import ProductListing
from duka.ui.amounts import money_text, price_text, quantity_text
from duka.ui.models.windowed import Column
from duka.ui.operations import attempt, perform, show_refusal, show_unexpected
from duka.ui.scanning import take_scans
from duka.ui.screens.listing import ListAction, ListingScreen, text_of
from duka.ui.state import AppState
from duka.ui.widgets.flow import FlowLayout
from duka.ui.widgets.rows import select_row
from duka.ui.widgets.screen_fit import watch_dialog
from duka.ui.workers import ProgressWorker, start

if TYPE_CHECKING:
    from duka.ui.widgets.price_lists_page import PriceListsPage

_LOW = "#9a5b00"
_OUT = "#b3261e"
_ARCHIVED = "#7a8a96"
# Header sections that sort, and by what (the others have no index to sort a million by).
_SORTS = {0: ProductSort.NAME, 2: ProductSort.CODE, 4: ProductSort.PRICE, 6: ProductSort.STOCK}
_COST_COLUMN = 5
_PRICE_LISTS = 2  # the tab of the price lists


class ProductsScreen(ListingScreen[ProductRow]):
    watches = frozenset({Area.PRODUCTS, Area.STOCK, Area.SALES})  # the stock column
    title_id = N_("Products")
    empty_id = N_("No products yet. Add them one by one, or import a list from a spreadsheet.")
    count_label = N_plural("{count} product", "{count} products")
    list_actions = (
        ListAction(
            "add_button",
            N_("New product… (Ctrl+N)"),
            "add_product",
            primary=True,
            shortcut="Ctrl+N",
        ),
        ListAction("edit_button", N_("Change…"), "edit_product", row=True, opens_row=True),
        ListAction("adjust_button", N_("Adjust stock…"), "adjust_stock", row=True),
        ListAction("history_button", N_("History"), "show_history", row=True),
        ListAction(
            "archive_button",
            lambda row: N_("Bring back") if row is not None and not row.active else N_("Archive"),
            "toggle_archived",
            row=True,
            may=Permission.MANAGE_PRODUCTS,
        ),
        ListAction(
            "prices_button",
            N_("Change prices…"),
            "change_prices",
            listed=True,
            may=Permission.MANAGE_PRODUCTS,
        ),
        ListAction(
            "import_button", N_("Import…"), "import_products", may=Permission.MANAGE_PRODUCTS
        ),
        ListAction("export_button", N_("Export…"), "export_products", may=Permission.EXPORT_DATA),
        ListAction("labels_button", N_("Labels…"), "print_labels", listed=True),
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self.query = ProductQuery()
        self._listing: ProductListing | None = None
        super().__init__(state, parent)
        self.table.setSortingEnabled(False)  # sorting is the service's, by the header
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._sort_by)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(150)  # a scanner types a code in a few ms: one search
        self._typing.timeout.connect(self.apply_filter)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self.search.setFocus)
        self._counted_fresh = True
        self._add_promotions_tab()
        self.permissions_changed()

    # -- the Promotions tab ----------------------------------------------------------------

    def _add_promotions_tab(self) -> None:
        """The products, the promotions and the price lists as tabs of the screen, under its
        title; the price lists' page is made when first opened (ui/widgets/price_lists_page.py)."""
        from duka.ui.widgets.promotions_page import PromotionsPage

        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        products = QWidget()
        inner = QVBoxLayout(products)
        inner.setContentsMargins(0, 0, 0, 0)
        while outer.count() > 1:  # the toolbar, the count and the list move into the tab
            item = outer.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                inner.addWidget(widget, 1 if widget is self.body else 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("productTabs")
        self.tabs.addTab(products, "")
        self.promotions = PromotionsPage(self.state)
        self.tabs.addTab(self.promotions, "")
        self.tabs.addTab(QWidget(), "")  # the price lists, made when first opened
        self.price_lists: PriceListsPage | None = None
        self.tabs.currentChanged.connect(self._tab_chosen)
        outer.addWidget(self.tabs, 1)
        self._name_tabs()

    def _name_tabs(self) -> None:
        if hasattr(self, "tabs"):
            self.tabs.setTabText(0, _("Products"))
            self.tabs.setTabText(1, _("Promotions"))
            self.tabs.setTabText(_PRICE_LISTS, _("Price lists"))

    def _refresh_promotions(self) -> None:
        """The promotions are read when their tab is in front (and again as they change)."""
        if self.tabs.currentWidget() is self.promotions:
            self.promotions.refresh()

    def _tab_chosen(self, index: int) -> None:
        """The price lists' page is made the first time its tab is in front."""
        self._refresh_promotions()
        if index != _PRICE_LISTS or self.price_lists is not None:
            return
        from duka.ui.widgets.price_lists_page import PriceListsPage

        self.price_lists = PriceListsPage(self.state)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(_PRICE_LISTS)
        self.tabs.insertTab(_PRICE_LISTS, self.price_lists, "")
        self.tabs.setCurrentIndex(_PRICE_LISTS)
        self.tabs.blockSignals(False)
        self._name_tabs()

    # -- the bars above the list ---------------------------------------------------------

    def toolbar(self) -> QWidget:
        bar = QWidget()
        rows = QVBoxLayout(bar)
        rows.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("productSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        take_scans(self.search, self._search_entered)  # a scan opens its product
        self.category_box = QComboBox()
        self.category_box.setMinimumWidth(200)
        self.category_box.activated.connect(lambda _i: self.apply_filter())
        self.low_box = QCheckBox()
        self.low_box.toggled.connect(lambda _on: self.apply_filter())
        self.archived_box = QCheckBox()
        self.archived_box.toggled.connect(lambda _on: self.apply_filter())
        filters.addWidget(self.search, 1)
        filters.addWidget(self.category_box)
        filters.addWidget(self.low_box)
        filters.addWidget(self.archived_box)
        buttons = FlowLayout()  # wraps on a narrow window rather than cutting the buttons
        for button in self.action_buttons():
            buttons.addWidget(button)
        rows.addLayout(filters)
        rows.addLayout(buttons)
        return bar

    def _fill_categories(self) -> None:
        keep = self.category_box.currentData()
        self.category_box.clear()
        self.category_box.addItem(_("All categories"), None)
        for category in self.state.shop.products.categories():
            self.category_box.addItem(category.label, category.id)
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(keep)))

    # -- the list ------------------------------------------------------------------------

    def columns(self) -> Sequence[Column[ProductRow]]:
        def dimmed(row: ProductRow) -> str | None:
            return None if row.active else _ARCHIVED

        def stock_colour(row: ProductRow) -> str | None:
            if not row.active:
                return _ARCHIVED
            if row.stock.milli <= 0 and (row.reorder_level.milli > 0 or row.stock.milli < 0):
                return _OUT
            return _LOW if row.low else None

        return (
            Column(N_("Name"), _indented, color=dimmed),
            Column(N_("Barcode"), text_of(lambda r: r.barcode), color=dimmed),
            Column(N_("Code"), text_of(lambda r: r.sku), color=dimmed),
            Column(N_("Category"), text_of(lambda r: r.category), color=dimmed),
            Column(N_("Price"), self._price, align_end=True, color=dimmed),
            Column(N_("Cost"), self._cost, align_end=True, color=dimmed),
            Column(N_("Stock"), self._stock, align_end=True, color=stock_colour),
            Column(N_("Tax"), text_of(lambda r: r.tax_code), color=dimmed),
        )

    def _price(self, row: ProductRow) -> str:
        # Looked up at each paint: the locale changes with the language.
        return price_text(self.state, row.sell_price, row.price_asked)

    def _cost(self, row: ProductRow) -> str:
        return "" if row.cost_price is None else money_text(self.state, row.cost_price)

    def _stock(self, row: ProductRow) -> str:
        if row.is_parent:
            return ""  # its stock is its variants': on their rows, just below it
        amount = quantity_text(self.state, row.stock)
        return amount if row.unit is Unit.PIECE else f"{amount} {_(row.unit.label)}"

    def column_widths(self) -> Sequence[int]:
        return (300, 130, 90, 170, 110, 110, 110, 50)

    def count_rows(self) -> int:
        self._listing = self.state.shop.products.listing(self.query)
        return self._listing.count

    def fetch_rows(self, offset: int, limit: int) -> Sequence[ProductRow]:
        return self._listing.page(offset, limit) if self._listing is not None else []

    def apply_filter(self) -> None:
        self._typing.stop()
        self.query = ProductQuery(
            text=self.search.text().strip(),
            category_id=self.category_box.currentData(),
            low_stock=self.low_box.isChecked(),
            archived=self.archived_box.isChecked(),
            sort=self.query.sort,
            descending=self.query.descending,
        )
        self._reload()

    def _sort_by(self, section: int) -> None:
        sort = _SORTS.get(section)
        header = self.table.horizontalHeader()
        if sort is None:
            # keep showing the order the list really has
            current = next(k for k, v in _SORTS.items() if v is self.query.sort)
            order = (
                Qt.SortOrder.DescendingOrder
                if self.query.descending
                else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(current, order)
            return
        descending = sort is self.query.sort and not self.query.descending
        self.query = ProductQuery(
            self.query.text,
            self.query.category_id,
            self.query.low_stock,
            self.query.archived,
            sort,
            descending,
        )
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(section, order)
        self.apply_filter()

    def _search_entered(self) -> None:
        """Enter in the search (as a scanner sends it): open the product if only one matches."""
        self.apply_filter()
        if self.model.rowCount() == 1:
            select_row(self.table, 0)
            self.edit_product()

    def selected_product(self) -> Product | None:
        row = self.selected()
        if row is None:
            return None
        return attempt(self, lambda: self.state.shop.products.get(row.id))

    def _selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        found = [self.model.row(number) for number in rows]
        return [row.id for row in found if row is not None]

    # -- actions -------------------------------------------------------------------------

    def add_product(self) -> None:
        from duka.ui.dialogs.product_editor import ProductEditor

        if ProductEditor(self.state, None, self).exec():
            self._fill_categories()

    def edit_product(self) -> None:
        from duka.ui.dialogs.product_editor import ProductEditor

        product = self.selected_product()
        if product is not None and ProductEditor(self.state, product, self).exec():
            self._fill_categories()

    def adjust_stock(self) -> None:
        from duka.ui.dialogs.stock_adjust import StockAdjustDialog

        product = self.selected_product()
        if product is not None:
            StockAdjustDialog(self.state, product, self).exec()

    def show_history(self) -> None:
        from duka.ui.dialogs.stock_history import StockHistoryDialog

        product = self.selected_product()
        if product is not None:
            StockHistoryDialog(self.state, product, self).exec()

    def toggle_archived(self) -> None:
        row = self.selected()
        if row is None:
            return
        products = self.state.shop.products

        def toggle() -> bool:
            products.set_active(row.id, not row.active)
            return True

        perform(self, self.state, toggle)

    def change_prices(self) -> None:
        from duka.ui.dialogs.price_change import PriceChangeDialog

        dialog = PriceChangeDialog(self.state, self.query, self.model.rowCount(), self)
        if dialog.exec() and dialog.changed is not None:
            self.notify(
                _("{count} prices changed.").format(count=self.state.formats.number(dialog.changed))
            )

    def import_products(self) -> None:
        from duka.ui.dialogs.import_preview import ImportDialog

        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import products"),
            "",
            _("Spreadsheets (*.csv *.xlsx *.txt *.tsv);;All files (*)"),
        )
        if not chosen:
            return
        dialog = ImportDialog(self.state, Path(chosen), self)
        if dialog.exec() and dialog.outcome is not None:
            result = dialog.outcome
            self._fill_categories()
            self.notify(
                _(
                    "Imported as {number}: {added} added, {updated} updated, "
                    "{skipped} rows skipped."
                ).format(
                    number=result.number,
                    added=self.state.formats.number(result.added),
                    updated=self.state.formats.number(result.updated),
                    skipped=self.state.formats.number(result.skipped),
                )
            )

    def export_products(self) -> None:
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self,
            _("Export products"),
            "products.csv",
            _("CSV (*.csv);;Excel workbook (*.xlsx)"),
        )
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() not in (".csv", ".xlsx"):
                path = path.with_name(path.name + (".xlsx" if "xlsx" in chosen_filter else ".csv"))
            self.export_to(path)

    def export_to(self, path: Path) -> ProgressWorker:
        """Export in the thread pool, with progress; the finished message says where."""
        from PySide6.QtWidgets import QProgressDialog

        total = self.state.shop.products.count()
        progress = QProgressDialog(_("Exporting products…"), _("Cancel"), 0, max(total, 1), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        shop = self.state.shop

        def job(report: object) -> int:
            with shop.detached() as own:
                return own.exchange.export(path, report)  # type: ignore[arg-type]

        worker = ProgressWorker(job)
        worker.signals.progress.connect(lambda done, _total: progress.setValue(done))
        worker.signals.done.connect(lambda count: self._exported(count, path, progress))
        worker.signals.failed.connect(lambda error: self._failed(error, progress))
        progress.canceled.connect(worker.cancel)
        start(worker)
        return worker

    def _exported(self, count: object, path: Path, progress: QWidget) -> None:
        progress.close()
        written = count if isinstance(count, int) else 0
        self.notify(
            _("Exported {count} products to {path}.").format(
                count=self.state.formats.number(written), path=path
            )
        )

    def _failed(self, error: object, progress: QWidget) -> None:
        progress.close()
        if isinstance(error, TranslatableError):
            show_refusal(self, error)
        elif isinstance(error, BaseException):
            show_unexpected(error, self)

    def print_labels(self) -> None:
        from duka.ui.dialogs.labels import LabelsDialog

        LabelsDialog(self.state, self._selected_ids(), self).exec()

    def notify(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, _("Duka"), text, parent=self)
        watch_dialog(box)
        box.setObjectName("notice")
        box.exec()

    # -- keeping up ----------------------------------------------------------------------

    def shown(self) -> None:
        self._refresh_promotions()
        if self._counted_fresh:
            self._counted_fresh = False  # just made: what it shows was read a moment ago
            return
        self._fill_categories()
        self._reload()

    def permissions_changed(self) -> None:
        if hasattr(self, "promotions"):
            self.promotions.refresh()
        self.table.setColumnHidden(_COST_COLUMN, not self.state.may(Permission.SEE_COSTS))
        if not self._counted_fresh:
            self.model.refresh()  # someone else: costs show or hide
        self._enable()

    def data_changed(self, changes: Changes) -> None:
        super().data_changed(changes)
        self._refresh_promotions()
        self._enable()
        if self.price_lists is not None:
            self.price_lists.reload()

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "archived_box"):
            return
        self.search.setPlaceholderText(_("Search by name, code or barcode (Ctrl+F)"))
        self._name_tabs()
        self.low_box.setText(_("Low stock"))
        self.archived_box.setText(_("Archived"))
        if hasattr(self, "tabs"):
            self._name_tabs()
            self.promotions.retranslate()
        self._fill_categories()


def _indented(row: ProductRow) -> str:
    """A variant's name indented under its product: sorted by name, a product's variants
    come right after it (core.variants.variant_name), so the list reads as a tree."""
    return f"\u2003\u2003{row.name}" if row.parent_id is not None else row.name
