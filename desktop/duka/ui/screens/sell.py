"""The Sell screen: scan, build the sale, take the money. Made to be used without a mouse.

The scan field keeps the keyboard: a barcode scanner's code lands here even when a click
moved the focus to the table or a button, and a scan made while a box is open waits for it
to close (duka.ui.scanning). Typing a name shows what matches; Enter adds the first match,
arrows choose another. Every change to the sale is saved
at once, so a crash or a power cut loses nothing; the sale is there again at the next start.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Approvals, Permission, shown_actor_name
from duka.core.money import Money, total
from duka.core.name_grams import is_spaceless
from duka.core.quantity import Quantity
from duka.core.sale import Cart, CartLine, CompletedSale, LinePromotion, Tender
from duka.core.settings import DRAWER_OPENED_FIRST
from duka.i18n import N_, TranslatableError, _
from duka.ui.amounts import money_text, parse_quantity, price_text, quantity_text
from duka.ui.models.cart import CartModel
from duka.ui.models.windowed import isolate
from duka.ui.operations import attempt, perform, show_refusal
from duka.ui.scanning import take_scans
from duka.ui.screens.base import Screen
from duka.ui.sell_batches import BatchLineDelegate, line_notes
from duka.ui.state import AppState
from duka.ui.widgets import till_promotions
from duka.ui.widgets.cart_rows import fit_rows
from duka.ui.widgets.dialog_parts import ok_cancel
from duka.ui.widgets.fitted_columns import FittedColumns
from duka.ui.widgets.quick_keys import QuickKeys
from duka.ui.widgets.rows import select_row
from duka.ui.widgets.screen_fit import FittedDialog, watch_dialog
from duka.ui.widgets.touch import touch_scrolling

_OFFERED = 8
_TILES_AFTER_PAINT_MS = 50
_SIDE_WIDTH = 300  # the side's least width (its keys may want more)
_RECEIPT = re.compile(r"^[sS]-\d{6}$")  # a receipt's barcode
# "3*" before a code or a name sells three at once.
_TIMES = re.compile(r"^\s*(\d+(?:[.,٫]\d+)?)\s*[*×xX]\s*(.+)$")
_COUNT = re.compile(r"^\s*\d+(?:[.,٫]\d+)?\s*[*×xX]\s*$")

# (key, catalog string) for the key guide and the buttons.
KEYS = (
    ("F2", N_("Quantity")),
    ("F4", N_("Price / discount")),
    ("Shift+F4", N_("Discount on the sale")),
    ("Del", N_("Remove line")),
    ("F8", N_("Park")),
    ("F7", N_("Parked sales")),
    ("Esc", N_("Clear / cancel sale")),
    ("F10", N_("Last receipt")),
    ("F6", N_("Return goods")),
    ("F3", N_("Cash drawer")),
    ("F9", N_("Customer")),
)


class SellScreen(Screen):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setObjectName("sellScreen")
        self.cart_id, cart = state.shop.carts.open_cart()
        self.restored = not cart.is_empty
        self.last_sale: CompletedSale | None = None
        self._new_promotion: LinePromotion | None = None  # the last change's, to tell
        # The float given when a sale is to open the drawer, until that sale is made.
        self._opening_float: Money | None = None

        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.scan = QLineEdit()
        self.scan.setObjectName("scanField")
        self.scan.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("scanResults")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.hide()
        self.results.itemClicked.connect(lambda item: self._add_product(item.data(256)))
        self.notice = QLabel()
        self.notice.setObjectName("sellNotice")
        self.notice.setWordWrap(True)

        self.model = CartModel(state, cart)
        self.table = QTableView()
        self.table.setObjectName("cartTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)  # a long name is cut short, as before, not wrapped
        # Drawn in Python, so only while a line keeps batches (painting is most of a scan).
        self._batch_lines = BatchLineDelegate(self.table)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._columns = FittedColumns(self.table, range(1, 5))  # the figures, never cut short

        self.total_label = QLabel()
        self.total_label.setObjectName("saleTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self.figures = QGridLayout()
        self._figure_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for row, key in enumerate(("items", "subtotal", "discount", "saving", "tax")):
            name, value = QLabel(), QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignTrailing)
            self.figures.addWidget(name, row, 0)
            self.figures.addWidget(value, row, 1)
            self._figure_labels[key] = (name, value)
        self.cashier = QLabel()
        self.cashier.setObjectName("sellCashier")
        self.pay_button = QPushButton()
        self.pay_button.setObjectName("payButton")
        self.pay_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pay_button.clicked.connect(self.pay)

        self.key_buttons: list[tuple[QPushButton, str, str]] = []
        keys = QGridLayout()
        actions: dict[str, Callable[[], None]] = {
            "F2": self.change_quantity,
            "F4": self.change_line_price,
            "Shift+F4": self.discount_sale,
            "F7": self.resume_parked,
            "F8": self.park,
            "F12": self.pay,
            "Del": self.remove_line,
            "Esc": self.escape,
            "F10": self.last_receipt,
            "F6": self.return_goods,
            "F3": self.cash_drawer,
            "F9": self.choose_customer,
        }
        # No key of its own on screen (a rare, manager's action): F5, and the line's menu.
        self._shortcut("F5", self.remove_promotion)
        till_promotions.offer_on_lines(self.table, self.remove_promotion)
        for number, (key, label_id) in enumerate(KEYS):
            button = QPushButton()
            button.setObjectName("sellKey")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(actions[key])
            keys.addWidget(button, number // 2, number % 2)
            self.key_buttons.append((button, key, label_id))
            sequence = "Delete" if key == "Del" else "Escape" if key == "Esc" else key
            self._shortcut(sequence, actions[key])
        self._shortcut("F12", self.pay)
        self._shortcut("Ctrl+B", self.choose_batch)

        self.total_name = QLabel()
        self.total_name.setObjectName("saleTotalName")
        self.customer = QLabel()
        self.customer.setObjectName("sellCustomer")
        side = QVBoxLayout()
        side.addWidget(self.cashier)
        side.addWidget(self.customer)
        side.addLayout(self.figures)
        # The room to spare lies above the total: a figure that appears (a discount, a
        # promotion's saving) takes some and moves nothing else, so the total, Pay and the
        # keys stay where the cashier's hand knows them (and are not painted again).
        side.addStretch(1)
        total = QHBoxLayout()  # one row: a netbook's height is short
        total.addWidget(self.total_name, 0, Qt.AlignmentFlag.AlignBottom)
        total.addWidget(self.total_label, 1)
        side.addLayout(total)
        self._total_row = total
        side.addWidget(self.pay_button)
        side.addLayout(keys)
        side_box = QWidget()
        side_box.setObjectName("sellSide")
        side_box.setLayout(side)
        # As wide as its keys need in the language shown (the cart takes the rest).
        side_box.setMinimumWidth(_SIDE_WIDTH)
        self._side_box = side_box
        self._keys = keys
        self._side = side
        self._key_columns = 2

        # Quick keys beside the cart: a trader without a scanner taps what is sold.
        self.quick = QuickKeys(state)
        self.quick.chosen.connect(self.tile_chosen)
        self.quick.arrange.connect(self.arrange_keys)
        for number in range(1, 10):
            self._shortcut(f"Alt+{number}", partial(self.press_tile, number))
        touch_scrolling(self.table)
        touch_scrolling(self.results)
        cart_and_keys = QVBoxLayout()  # the cart above, the tiles below: the full width
        cart_and_keys.addWidget(self.table, 1)
        cart_and_keys.addWidget(self.quick, 1)

        main = QVBoxLayout()
        main.addWidget(self.title)
        main.addWidget(self.scan)
        main.addWidget(self.results)
        main.addWidget(self.notice)
        main.addLayout(cart_and_keys, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(main, 1)
        layout.addWidget(side_box)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(150)
        self._typing.timeout.connect(self._offer)
        self.scan.textEdited.connect(lambda _text: self._typing.start())
        self.scan.installEventFilter(self)
        # A scan reaches the field wherever the focus is on this screen, and is kept while
        # a box is open over it; what is typed on the table or a button comes here too.
        take_scans(self.scan, self.enter, on_scan=self._scanned, area=self, keeps_typing=True)

        self.show_quick_keys(reload=False)  # filled when shown
        self.retranslate()
        self._show_cart(select=len(cart.lines) - 1)
        if self.restored:
            self._say(
                N_("The sale that was being made is back: carry on, or press Esc to cancel it.")
            )
        unseen = self._unconfirmed_sale()
        if unseen is not None:
            self._say(
                N_("Sale {number} was completed just before Duka closed. F10 prints its receipt."),
                number=unseen,
            )

    def _shortcut(self, sequence: str, action: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(sequence), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)

    # -- texts ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Sell"))
        self.scan.setPlaceholderText(_("Scan a barcode, or type a name or code"))
        for button, key, label_id in self.key_buttons:
            button.setText(f"{_(label_id)}\n{key}")
        self.pay_button.setText(_("Pay") + "  (F12)")
        names = {
            "items": N_("Items"),
            "subtotal": N_("Subtotal"),
            "discount": N_("Discount"),
            "saving": till_promotions.SAVING_LABEL,
            "tax": N_("Tax included") if self.model.cart.mode.value == "inclusive" else N_("Tax"),
        }
        for key, (label, _value) in self._figure_labels.items():
            label.setText(_(names[key]))
        self.model.retranslate()
        self._side_box.setMinimumWidth(_SIDE_WIDTH)  # other words: measured again
        self._show_cart()  # every line measured again, and the figures
        self.quick.retranslate()
        self._reserve_notice()
        self._arrange_keys()
        actor = self.state.actor
        self.cashier.setText(_("Cashier: {name}").format(name=actor.shown_name) if actor else "")
        self._show_customer()

    # -- fitting a netbook and a 4K screen ----------------------------------------------------

    def _reserve_notice(self) -> None:
        # Two lines are kept for a notice even when there is none, so the cart does not move
        # down under the cashier's eyes when one appears (measured in this language's script).
        sample = f"{_('Sell')}\n{_('Pay')}"
        lines = self.notice.fontMetrics().boundingRect(
            QRect(0, 0, 2000, 2000), Qt.TextFlag.TextWordWrap, sample
        )
        self.notice.setMinimumHeight(lines.height() + 4)

    def _arrange_keys(self) -> None:
        """Two columns of keys where the screen is tall enough, else three or four: a 1024x600
        netbook in Arabic or Hindi (taller script) keeps every key whole and in reach."""
        buttons = [button for button, _key, _label in self.key_buttons]
        grid = self._keys
        high = max(button.sizeHint().height() for button in buttons)
        gap = max(grid.verticalSpacing(), 0)

        def height(columns: int) -> int:
            rows = -(-len(buttons) // columns)
            return rows * high + (rows - 1) * gap

        others = self._side.minimumSize().height() - height(self._key_columns)
        outer = self.layout()
        margins = outer.contentsMargins() if outer is not None else None
        room = self.height() - (margins.top() + margins.bottom() if margins else 0)
        columns = next((c for c in (2, 3) if others + height(c) <= room), 4)
        if columns == self._key_columns:
            return
        self._key_columns = columns
        for button in buttons:
            grid.removeWidget(button)
        for number, button in enumerate(buttons):
            grid.addWidget(button, number // columns, number % columns)
        for column in range(4):  # the room shared alike between the columns in use
            grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange_keys()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Whether a line's words may be drawn unshaped depends on it (models.cart); not while
        # the screen is still being made.
        if event.type() == QEvent.Type.LayoutDirectionChange and hasattr(self, "_columns"):
            try:
                self.model.retranslate()
                self._show_cart()
            except Exception as error:  # noqa: BLE001 - an error must not escape into Qt
                from duka.logs import log_unexpected  # only when something went wrong

                log_unexpected(error, where="SellScreen (direction change)")

    def _say(self, message_id: str, **params: object) -> None:
        self._notice(_(message_id).format(**params), "info")

    def _warn(self, text: str) -> None:
        self._notice(text, "warning")

    def _notice(self, text: str, state: str) -> None:
        self.notice.setText(text)
        self.notice.setProperty("state", state)
        self.notice.style().unpolish(self.notice)  # the style sheet reads the new state
        self.notice.style().polish(self.notice)

    # -- the cart on screen -------------------------------------------------------------------

    @property
    def cart(self) -> Cart:
        return self.model.cart

    def _show_cart(self, select: int | None = None) -> None:
        notes = line_notes(self.state, self.cart)
        noted = self.model.set_batch_notes(notes)
        fit_rows(self.table, self.cart, sorted({*self.model.written, *noted}), notes)
        self._columns.fit(self.model.written, len(self.cart.lines))
        if bool(notes) != (self.table.itemDelegateForColumn(0) is self._batch_lines):
            # None: the view's own delegate again (Qt takes it; the stubs say otherwise).
            chosen = self._batch_lines if notes else None
            self.table.setItemDelegateForColumn(0, chosen)  # type: ignore[arg-type]
        if select is not None and 0 <= select < len(self.cart.lines):
            select_row(self.table, select)
            self.table.updateGeometries()  # the scroll bar's range, for rows just made taller
            self.table.scrollTo(self.model.index(select, 0))
        self._show_totals()

    def _show_customer(self) -> None:
        customer = self.cart.customer_id
        if customer is None:
            self.customer.setText(_("No customer (F9)"))
            return
        try:
            row = self.state.shop.customers.get(customer)
        except TranslatableError:
            self.customer.setText(_("Customer: {name}").format(name=str(customer)))
            return
        lines = [_("Customer: {name}").format(name=isolate(row.name))]
        owed, limit = row.balance, row.credit_limit
        if owed.minor > 0:
            lines.append(
                _("Owes {owed} of a {limit} limit").format(
                    owed=money_text(self.state, owed), limit=money_text(self.state, limit)
                )
            )
        elif owed.minor < 0:
            lines.append(_("Store credit {amount}").format(amount=money_text(self.state, -owed)))
        else:
            lines.append(_("Credit limit {limit}").format(limit=money_text(self.state, limit)))
        if self.cart.price_list_id is not None:
            named = self.state.shop.price_lists.names().get(self.cart.price_list_id, "")
            lines.append(_("Prices: {list}").format(list=isolate(named)))
        self.customer.setText("\n".join(lines))
        over = owed > limit
        self.customer.setStyleSheet("color: #b3261e;" if over else "")

    def _show_totals(self) -> None:
        cart = self.cart
        if cart.is_empty:
            # Nothing to pay: blank, which also spares reading the locale's number data
            # while the window first appears.
            for label, value in self._figure_labels.values():
                label.hide()
                value.hide()
            self.total_label.setText("")
            self.pay_button.setEnabled(False)
            return
        totals = cart.totals()
        subtotal = total((line.amount() for line in cart.lines), cart.currency)
        values = {
            "items": quantity_text(self.state, cart.item_count()),
            "subtotal": money_text(self.state, subtotal),
            "discount": money_text(self.state, totals.discount) if totals.discount else "",
            "saving": till_promotions.saving_text(self.state, cart),
            "tax": money_text(self.state, totals.tax),
        }
        for key, (label, value) in self._figure_labels.items():
            value.setText(values[key])
            label.setVisible(bool(values[key]))
            value.setVisible(bool(values[key]))
        self.total_label.setText(money_text(self.state, cart.to_pay(totals)))
        if cart.trade_in is not None:
            self.total_name.setText(
                _("Total, less goods brought back ({amount})").format(
                    amount=money_text(self.state, cart.trade_in.credit)
                )
            )
        else:
            self.total_name.setText(_("Total"))
        self.pay_button.setEnabled(bool(cart.lines))
        # The side widens for a long total and stays so (until the language changes): the
        # next sale's short one would narrow it, and every scan after would move the whole
        # screen back and forth. Only the sale's figures count: a long customer's name
        # widens the side while it is shown, as before.
        margins = self._side.contentsMargins()
        wanted = 0
        for part in (self.figures, self._total_row):
            part.invalidate()  # measured with the new figures (Qt would do it later)
            wanted = max(wanted, part.sizeHint().width() + margins.left() + margins.right())
        if wanted > self._side_box.minimumWidth():
            self._side_box.setMinimumWidth(wanted)

    def _change(self, cart: Cart, select: int | None = None) -> bool:
        """Show `cart` and save it at once; False (and the old cart stays) if refused."""
        carts, cart_id = self.state.shop.carts, self.cart_id
        # Priced by the customer's list and each line's quantity (a break may now apply).
        cart = self.state.shop.price_lists.priced(cart)
        cart = till_promotions.promoted(self.state, cart)  # the best in force, on each line
        self._new_promotion = till_promotions.newly_applied(self.cart, cart)
        saved = perform(self, self.state, lambda: carts.save(cart_id, cart))
        if saved is None and not cart.is_empty:
            return False
        self.cart_id = saved.value if saved is not None else None
        self.model.set_cart(cart)
        self._show_cart(select)
        self._show_customer()
        return True

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return rows[0].row()
        return len(self.cart.lines) - 1 if self.cart.lines else None

    # -- scanning and searching ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scan and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if event.key() == Qt.Key.Key_Down else -1)
                return True
            if event.key() == Qt.Key.Key_Delete and not self.scan.text():
                # The field keeps Delete for its text; with no text it removes the line.
                self.remove_line()
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        if self.results.isVisible() and self.results.count():
            row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
            self.results.setCurrentRow(row)
        elif self.cart.lines:
            current = self.selected_row()
            start = current if current is not None else 0
            select_row(self.table, max(0, min(len(self.cart.lines) - 1, start + step)))

    def _split(self) -> tuple[Quantity, str]:
        text = self.scan.text().strip()
        times = _TIMES.match(text)
        if times:
            try:
                return parse_quantity(self.state, times.group(1)), times.group(2).strip()
            except TranslatableError:
                pass
        return Quantity.of(1), text

    def _offer(self) -> None:
        _times, text = self._split()
        self.results.clear()
        # One Latin letter matches too much to offer; one Chinese or Thai letter is a word.
        if (len(text) < 2 and not is_spaceless(text)) or text.isdigit():
            self.results.hide()
            return
        rows = self.state.shop.products.search(text, _OFFERED)
        for row in rows:
            price = price_text(self.state, row.sell_price, row.price_asked)
            if row.is_parent:  # chosen, it offers its variants
                price = _("{price}, choose a variant…").format(price=price)
            label = f"{isolate(row.name)}   {price}"
            item = QListWidgetItem(label)
            item.setData(256, row.id)
            self.results.addItem(item)
        self.results.setVisible(bool(rows))
        if rows:
            self.results.setCurrentRow(0)
            frame = 2 * self.results.frameWidth()
            self.results.setFixedHeight(self.results.sizeHintForRow(0) * len(rows) + frame)

    def _scanned(self, code: str) -> None:
        """A scan replaces what was typed, except a count typed before it (3*)."""
        typed = self.scan.text()
        self.results.hide()
        self.results.clear()
        self.scan.setText((typed if _COUNT.match(typed) else "") + code)
        self.scan.setFocus()
        self.enter()

    def enter(self) -> None:
        """Enter in the scan field: a barcode, or the highlighted search result."""
        stale = self._typing.isActive()  # typed since the matches were offered
        self._typing.stop()
        times, text = self._split()
        if not text:
            return
        if _RECEIPT.match(text):  # a receipt's barcode: the customer brings something back
            self.scan.clear()
            self.return_goods(text.upper())
            return
        checkout = self.state.shop.checkout
        try:
            scanned = checkout.scan(text, self.state.settings)
        except TranslatableError as refused:
            show_refusal(self, refused)
            return
        if scanned is not None:
            line = checkout.scanned_line(scanned, self.state.settings)
            if times != Quantity.of(1):
                line = replace(line, quantity=Quantity(line.quantity.milli * times.milli // 1000))
            if scanned.product.draft.price_asked and not line.asked:
                priced = self._ask_price(line)
                if priced is None:
                    return
                line = priced
            self._add_line(line)
            return
        if stale or not self.results.isVisible() or not self.results.count():
            self._offer()
        item = self.results.currentItem() if self.results.isVisible() else None
        if item is None:
            self._warn(_("Nothing is known by “{code}”.").format(code=text))
            if text.isdigit() and len(text) >= 6 and self.state.may(Permission.MANAGE_PRODUCTS):
                self._offer_new_product(text, times)
            return
        self._add_product(int(item.data(256)), times)

    def _offer_new_product(self, code: str, times: Quantity) -> None:
        """An unknown barcode: a manager can make the product there and then."""
        from duka.ui.dialogs.product_editor import ProductEditor

        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Unknown barcode"),
            _("No product has the barcode {code}. Add it now?").format(code=code),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        watch_dialog(box)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        editor = ProductEditor(self.state, None, self)
        # A code with a wrong check digit is asked about: the shop's own label code is kept.
        if not editor.barcodes.add_code(code):
            return
        editor.name.setFocus()
        if editor.exec() and editor.saved_id is not None:
            self.scan.clear()
            self._add_product(editor.saved_id, times)

    def _pick_variant(self, parent_id: int) -> int | None:
        """A product sold in sizes, colours...: the cashier picks which (core.variants)."""
        from duka.ui.dialogs.variant_picker import VariantPicker

        family = attempt(self, lambda: self.state.shop.variants.family(parent_id))
        if family is None:
            return None
        picker = VariantPicker(self.state, family, self)
        chosen = picker.chosen if picker.exec() else None
        self.scan.setFocus()
        return chosen

    def _add_product(self, product_id: int, times: Quantity | None = None) -> None:
        checkout = self.state.shop.checkout
        product = self.state.shop.products.get(product_id)
        if product.is_parent:
            chosen = self._pick_variant(product_id)
            if chosen is None:
                return
            product = self.state.shop.products.get(chosen)
        quantity = times or Quantity.of(1)
        line = attempt(self, lambda: checkout.line_for(product, quantity, self.state.settings))
        if line is not None and product.draft.price_asked:
            line = self._ask_price(line)
        if line is not None:
            self._add_line(line)

    def _ask_price(self, line: CartLine) -> CartLine | None:
        """The line at the price typed for a product without a fixed price; None (and
        nothing added, the field cleared) when the cashier backs out with Esc."""
        from duka.ui.dialogs.sale_line import AskedPriceDialog

        dialog = AskedPriceDialog(self.state, line, self)
        if not dialog.exec() or dialog.result_line is None:
            self.scan.clear()
            self.results.hide()
            self.scan.setFocus()
            return None
        return dialog.result_line

    def _add_line(self, line: CartLine) -> None:
        try:
            cart, index = self.cart.add(line)
        except TranslatableError as refused:
            self._warn(refused.message)
            return
        if self._change(cart, select=index):
            self.scan.clear()
            self.results.hide()
            self.notice.clear()
            if self._new_promotion is not None:
                told, fields = till_promotions.applied_notice(self.state, self._new_promotion)
                self._say(told, **fields)
            self._batch_notice(index)
            self.scan.setFocus()

    # -- batches ----------------------------------------------------------------------------------

    def _batch_notice(self, row: int) -> None:
        """Say which batch a line of a product keeping batches comes from; an expired one is
        a warning: a manager's PIN is asked at Pay."""
        note = self.model.batch_notes.get(row)
        if note is None:
            return
        _short, text, expired = note
        if expired:
            self._warn(
                _(
                    "“{name}”: {batch}. It cannot be sold unless a manager approves with their "
                    "PIN at Pay; Ctrl+B picks another batch."
                ).format(name=self.cart.lines[row].name, batch=text)
            )
        else:
            self._notice(_("{batch}. Ctrl+B picks another batch.").format(batch=text), "")

    def choose_batch(self) -> None:
        """Ctrl+B: the cashier picks the batch the selected line comes from."""
        from duka.ui.dialogs.choose_batch import ChooseBatchDialog

        row = self.selected_row()
        if row is None or row not in self.model.batch_notes:
            return
        line = self.cart.lines[row]
        dialog = ChooseBatchDialog(self.state, line, self)
        if dialog.exec() and dialog.chosen is not None:
            self._replace(row, replace(line, batch_id=dialog.chosen or None))
            self._batch_notice(row)
        self.scan.setFocus()

    # -- quick keys -------------------------------------------------------------------------------

    def show_quick_keys(self, reload: bool = True) -> None:
        """The grid, unless this computer is a scanner-only counter that hides it."""
        from duka.ui.machine import QUICK_KEYS_HIDDEN, flag

        hidden = flag(QUICK_KEYS_HIDDEN)
        self.quick.setVisible(not hidden)
        if not hidden and reload:
            self.quick.reload()
            self.quick.grid_holder.adjustSize()

    def press_tile(self, number: int) -> None:
        self.quick.press(number)

    def tile_chosen(self, product_id: int) -> None:
        """A tile sells one; a weighed product asks its weight, one without a price its
        price. The line joins the cart as a scanned one does."""
        from duka.ui.dialogs.sale_line import LineDiscountDialog, QuantityDialog

        checkout = self.state.shop.checkout
        product = attempt(self, lambda: self.state.shop.products.get(product_id))
        if product is not None and product.is_parent:
            chosen = self._pick_variant(product_id)
            product = self.state.shop.products.get(chosen) if chosen is not None else None
        if product is None:
            return
        line = attempt(
            self, lambda: checkout.line_for(product, Quantity.of(1), self.state.settings)
        )
        if line is None:
            return
        if line.unit.measured:
            weigh = QuantityDialog(self.state, line, self)
            if not weigh.exec() or weigh.result_line is None:
                self.scan.setFocus()
                return
            line = weigh.result_line
        if product.draft.price_asked:
            priced_line = self._ask_price(line)
            if priced_line is None:
                return
            line = priced_line
        elif line.unit_price.minor == 0:  # no price yet: asked now
            priced = LineDiscountDialog(self.state, line, self)
            priced.price.setFocus()
            priced.price.selectAll()
            if not priced.exec() or priced.result_line is None:
                self.scan.setFocus()
                return
            line = priced.result_line
        self._add_line(line)

    def arrange_keys(self) -> None:
        from duka.ui.dialogs.quick_keys import ArrangeDialog

        if ArrangeDialog(self.state, self).exec():
            self.quick.reload()
        self.scan.setFocus()

    # -- the keys ---------------------------------------------------------------------------------

    def change_quantity(self) -> None:
        from duka.ui.dialogs.sale_line import QuantityDialog

        row = self.selected_row()
        if row is None:
            return
        dialog = QuantityDialog(self.state, self.cart.lines[row], self)
        if dialog.exec() and dialog.result_line is not None:
            self._replace(row, dialog.result_line)

    def change_line_price(self) -> None:
        from duka.ui.dialogs.sale_line import LineDiscountDialog

        row = self.selected_row()
        if row is None:
            return
        dialog = LineDiscountDialog(self.state, self.cart.lines[row], self)
        if dialog.exec() and dialog.result_line is not None:
            self._replace(row, dialog.result_line)

    def _replace(self, row: int, line: CartLine) -> None:
        try:
            cart = self.cart.replaced(row, line)
        except TranslatableError as refused:
            show_refusal(self, refused)
            return
        self._change(cart, select=row)

    def discount_sale(self) -> None:
        from duka.ui.dialogs.sale_line import CartDiscountDialog

        if self.cart.is_empty:
            return
        dialog = CartDiscountDialog(self.state, self.cart, self)
        if dialog.exec() and dialog.result_cart is not None:
            self._change(dialog.result_cart)

    def remove_promotion(self) -> None:
        """Take the selected line's promotion off (a manager approves)."""
        row = self.selected_row()
        if row is not None:
            cart = till_promotions.removed(self, self.state, self.cart, row)
            if cart is not None:
                self._change(cart, select=row)

    def remove_line(self) -> None:
        row = self.selected_row()
        if row is not None:
            self._change(self.cart.without(row), select=min(row, len(self.cart.lines) - 2))

    def escape(self) -> None:
        if self.scan.text() or self.results.isVisible():
            self.scan.clear()
            self.results.hide()
            return
        if self.cart.is_empty:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Cancel the sale"),
            _("Cancel this sale of {amount}? Its lines will be removed.").format(
                amount=money_text(self.state, self.cart.totals().gross)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        watch_dialog(box)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            self.state.shop.carts.cancel(self.cart_id, self.cart)
        except TranslatableError as refused:
            show_refusal(self, refused)
            return
        self._fresh()
        self._say(N_("The sale was cancelled."))

    def park(self) -> None:
        if self.cart.is_empty:
            return
        cart = self.cart
        carts, cart_id = self.state.shop.carts, self.cart_id
        if perform(self, self.state, lambda: carts.park(cart_id, cart)) is not None:
            self._fresh()
            self._say(N_("The sale is parked: F7 brings it back."))

    def resume_parked(self) -> None:
        carts = self.state.shop.carts
        parked = carts.parked()
        if not parked:
            self._say(N_("No sale is parked."))
            return
        dialog = _ParkedDialog(self.state, parked, self)
        if not dialog.exec() or dialog.chosen is None:
            return
        chosen = dialog.chosen
        cart = self.cart
        cart_id = self.cart_id
        found = perform(self, self.state, lambda: carts.resume(chosen, cart_id, cart))
        if found is not None:
            self.cart_id, cart = found.value
            self.model.set_cart(cart)
            self._show_cart(select=len(cart.lines) - 1)
            self._show_customer()
            self.notice.clear()

    def _fresh(self) -> None:
        self.cart_id = None
        self.model.set_cart(self.state.shop.carts.new_cart())
        self._show_cart()
        self._show_customer()
        self.scan.clear()
        self.scan.setFocus()

    def pay(self) -> None:
        from duka.ui.approval import approved
        from duka.ui.dialogs.opening_float import opening_float
        from duka.ui.dialogs.payment import PaymentDialog

        if self.cart.is_empty:
            return
        checkout = self.state.shop.checkout
        cart, cart_id = self.cart, self.cart_id
        if self._drawer_notice():  # the shop wants the drawer opened with F3 first
            return
        if self._opening_float is None:  # asked once, kept if the payment is backed out of
            go_on, self._opening_float = opening_float(self, self.state)
            if not go_on:
                self.scan.setFocus()
                return
        opening = self._opening_float

        def complete(tenders: list[Tender]) -> CompletedSale | None:
            # The service says what needs a manager: a discount beyond the cashier's limit,
            # a sale on account beyond the customer's credit limit.
            def sell(given: Approvals) -> CompletedSale:
                return checkout.complete(
                    cart_id,
                    cart,
                    tenders,
                    given.get(Permission.DISCOUNT),
                    given.get(Permission.EXCEED_CREDIT_LIMIT),
                    opening_float=opening,
                    expired_approval=given.get(Permission.SELL_EXPIRED),
                )

            done = approved(
                self,
                self.state,
                sell,
                asks=(Permission.DISCOUNT, Permission.EXCEED_CREDIT_LIMIT, Permission.SELL_EXPIRED),
            )
            return done.value if done is not None else None

        dialog = PaymentDialog(self.state, cart, checkout.cash_step(), complete, self)
        if cart.trade_in is not None:
            dialog.set_due(max(cart.to_pay(), Money.zero(cart.currency)))
        sale = dialog.result_value if dialog.exec() == QDialog.DialogCode.Accepted else None
        if sale is None:
            self.scan.setFocus()
            return
        self._opening_float = None  # the drawer is open now
        self.last_sale = sale
        self._confirm(sale.number)
        self._print_receipt(sale.number, open_drawer=sale.paid_cash, every_sale=True)
        self._fresh()
        self._say(
            N_("Sale {number} done. Change: {change}"),
            number=sale.number,
            change=money_text(self.state, sale.change),
        )

    def return_goods(self, number: str = "") -> None:
        from duka.ui.dialogs.return_goods import ReturnDialog

        dialog = ReturnDialog(self.state, self, exchange=bool(self.cart.lines))
        if number:
            dialog.number.setText(number)
            dialog.look_up()
        if dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.trade_in is not None:  # an exchange: the goods pay for this sale
                self._change(self.cart.with_trade_in(dialog.trade_in))
            elif dialog.refunded is not None:
                self._notice(dialog.outcome(), "info")
        self.scan.setFocus()

    def choose_customer(self) -> None:
        from duka.ui.dialogs.choose_customer import CustomerDialog

        dialog = CustomerDialog(self.state, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and (dialog.chosen or dialog.cleared):
            chosen = attempt(
                self, lambda: self.state.shop.price_lists.with_customer(self.cart, dialog.chosen)
            )
            if chosen is not None:
                self._change(chosen)
        self.scan.setFocus()

    def cash_drawer(self) -> None:
        from duka.ui.dialogs.cash_drawer import CashDrawerDialog

        if not self.state.may(Permission.CASH_SESSION):
            return
        CashDrawerDialog(self.state, self).exec()
        self._opening_float = None
        self._drawer_notice()
        self.scan.setFocus()

    def _drawer_notice(self) -> bool:
        """Say, before the first scan, that the shop wants the drawer opened with F3 first;
        True while that is so."""
        # Read afresh (the command line may have changed it). Most shops do not ask for it:
        # their first screen then needs no cash service.
        waiting = bool(self.state.shop.settings.load()[DRAWER_OPENED_FIRST]) and (
            self.state.shop.cash.current() is None
        )
        if not waiting and not self.notice.text():
            return False
        from duka.services.cash import DRAWER_FIRST

        if waiting:
            self._warn(_(DRAWER_FIRST))
        elif self.notice.text() == _(DRAWER_FIRST):
            self.notice.clear()
        return waiting

    def _print_receipt(self, number: str, open_drawer: bool, every_sale: bool) -> bool:
        """Send the receipt to this computer's printer in the background; the sale is
        already safe, so a failure only says so (F10 tries again). False if no printer."""
        from duka.ui.receipt_raster import paint_receipt
        from duka.ui.widgets.printer_settings import printer_choice
        from duka.ui.workers import Worker, start

        choice = printer_choice()
        if not choice.chosen or (every_sale and not choice.every_sale):
            return False
        receipts = self.state.shop.receipts
        try:  # made here, with the window's database; only the sending waits on the device
            payload = receipts.printer_bytes(
                receipts.receipt(number), paint_receipt, open_drawer and choice.drawer
            )
        except TranslatableError as refused:
            self._warn(refused.message)
            return True
        worker = Worker(lambda: receipts.send(payload, choice.kind, choice.target))
        worker.signals.failed.connect(self._print_failed)
        start(worker)
        return True

    def _print_failed(self, error: object) -> None:
        reason = error.message if isinstance(error, TranslatableError) else str(error)
        self._warn(_("The receipt did not print. {reason} F10 prints it again.").format(
            reason=reason))  # fmt: skip

    def last_receipt(self) -> None:
        """Print the newest sale's receipt again; with no printer chosen for this computer,
        show it on screen (to print on any printer or save as PDF)."""
        from duka.ui.dialogs.receipt_view import ReceiptView

        receipts = self.state.shop.receipts
        number = receipts.last_number()
        if number is None:
            self._say(N_("No sale has been made yet."))
            return
        if self._print_receipt(number, open_drawer=False, every_sale=False):
            return
        view = attempt(self, lambda: ReceiptView(self.state, number, self))
        if view is not None:
            view.exec()
        self.scan.setFocus()

    # -- sales the cashier saw completed ---------------------------------------------------------

    def _confirmed_key(self) -> str:
        return "sell/confirmed"

    def _confirm(self, number: str) -> None:
        """Remember, on this computer, the last sale the screen showed as done."""
        from duka.ui.machine import machine_settings

        machine_settings().setValue(self._confirmed_key(), f"{self.state.shop.path}\t{number}")

    def _unconfirmed_sale(self) -> str | None:
        """The newest sale, if Duka stopped between writing it and showing it (a crash or a
        power cut right after Pay): the cashier never saw it done, so it is pointed out."""
        from duka.ui.machine import machine_settings

        stored = machine_settings().value(self._confirmed_key())
        last = self.state.shop.carts.last_sale_number()
        if not isinstance(stored, str) or last is None:
            return None
        path, _sep, number = stored.partition("\t")
        if path != str(self.state.shop.path) or number == last:
            return None
        return last

    # -- the screen's life ------------------------------------------------------------------------

    def shown(self) -> None:
        self.scan.setFocus()
        # Prices, names and this month's sales may have changed. As the app's first screen
        # (not yet visible), the window paints first and the tiles fill a moment later:
        # their prices load babel's number data, which cost the first paint some 50 ms.
        if self.isVisible():
            self.show_quick_keys()
        else:
            QTimer.singleShot(_TILES_AFTER_PAINT_MS, self.show_quick_keys)
        self.retranslate()
        self._drawer_notice()

    def permissions_changed(self) -> None:
        self.retranslate()


class _ParkedDialog(FittedDialog):
    def __init__(self, state: AppState, parked: list, parent: QWidget | None = None) -> None:  # type: ignore[type-arg]
        super().__init__(parent)
        self.setWindowTitle(_("Parked sales"))
        self.chosen: int | None = None
        self.list = QListWidget()
        for cart in parked:
            gross = money_text(state, cart.cart.totals().gross)
            first = cart.cart.lines[0].name if cart.cart.lines else ""
            text = _("{time} · {who} · {count} lines · {amount} · {first}").format(
                time=state.formats.datetime(
                    dt.datetime.fromisoformat(cart.parked_at).astimezone(), "short"
                ),
                who=shown_actor_name(cart.actor),
                count=state.formats.count(len(cart.cart.lines)),
                amount=gross,
                first=isolate(first),
            )
            item = QListWidgetItem(text)
            item.setData(256, cart.id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Choose the sale to bring back, then Enter.")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.list.setFocus()
        self.resize(560, 320)

    def accept(self) -> None:
        item = self.list.currentItem()
        self.chosen = int(item.data(256)) if item is not None else None
        super().accept()
