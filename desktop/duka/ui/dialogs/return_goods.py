"""Taking goods back: find the sale (scan its receipt's barcode or type its number), say how
many of each line come back and whether they go back on the shelf, and how to pay back. The
amount to refund shows, and follows the quantities, before the refund is made."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Approvals, Permission
from duka.core.errors import InvalidInput
from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.core.returns import plan_return, refund_totals
from duka.core.sale import PaymentMethod, TradeIn
from duka.i18n import N_, TranslatableError, _
from duka.services.returns import RefundDone, SaleForReturn
from duka.ui.amounts import money_text, parse_quantity, quantity_text
from duka.ui.approval import approved
from duka.ui.dialogs.opening_float import opening_float
from duka.ui.models.windowed import isolate
from duka.ui.scanning import take_scans
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog

_BACK, _SHELF = 3, 4
STORE_CREDIT = N_("Store credit (on the customer's account)")
_NUMBER = re.compile(r"^[sS]-\d+$")


class ReturnDialog(FittedDialog):
    def __init__(
        self, state: AppState, parent: QWidget | None = None, exchange: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("returnDialog")
        self.state = state
        self.sale: SaleForReturn | None = None
        self.trade_in: TradeIn | None = None  # chosen instead of a refund: "Exchange"
        self.refunded: RefundDone | None = None
        self.number = QLineEdit()
        # A receipt's barcode scanned anywhere in the dialog, or Enter after its number,
        # loads the sale; nothing here refunds on Enter (F12 or the button does).
        take_scans(self.number, self.look_up)
        self.matches = QListWidget()  # sales of a day or a customer, to choose from
        self.matches.setMaximumHeight(140)
        self.matches.itemActivated.connect(self._pick)
        self.matches.itemClicked.connect(self._pick)
        self.matches.hide()
        self.summary = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.method = QComboBox()
        for method in (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.MOBILE,
                       PaymentMethod.ACCOUNT):  # fmt: skip
            self.method.addItem("", method)
        self.reason = QLineEdit()
        self.refund_total = QLabel()
        self.refund_total.setObjectName("paymentOutcome")
        self.table.itemChanged.connect(lambda _item: self._show_refund())
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        refund = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        refund.setAutoDefault(False)
        refund.setDefault(False)
        QShortcut(QKeySequence("F12"), self).activated.connect(self.accept)
        self.exchange_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.exchange_button.setVisible(exchange)  # only with goods on the sale being made
        self.exchange_button.clicked.connect(self.exchange)

        form = QFormLayout()
        self._labels = [QLabel(), QLabel(), QLabel()]
        form.addRow(self._labels[0], self.number)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.matches)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        below = QFormLayout()
        below.addRow(self._labels[1], self.method)
        below.addRow(self._labels[2], self.reason)
        layout.addLayout(below)
        layout.addWidget(self.refund_total)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(760, 480)
        self.retranslate()
        self.number.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Return goods"))
        for label, text in zip(
            self._labels, (N_("Sale number"), N_("Pay back by"), N_("Reason")), strict=True
        ):
            label.setText(_(text))
        self.number.setPlaceholderText(
            _("Scan the receipt's barcode, type S-000123, a date or the customer's name")
        )
        self.table.setHorizontalHeaderLabels(
            [_("Item"), _("Sold"), _("Can come back"), _("Comes back"), _("Back on the shelf")]
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Refund") + "  (F12)")
        for index in range(self.method.count()):
            method = self.method.itemData(index)
            # Paid back to the customer's account: credit in the shop for a later sale.
            text = _(STORE_CREDIT) if method is PaymentMethod.ACCOUNT else _(method.label)
            self.method.setItemText(index, text)
        self.exchange_button.setText(_("Exchange: take it off this sale"))
        self._show_refund()

    def _show_refund(self) -> None:
        """The amount to refund for the quantities typed so far (nothing is written)."""
        if self.sale is None:
            self.refund_total.clear()
            return
        try:
            wanted = self.wanted()
            if not wanted:
                amount = Money.zero(self.sale.currency)
            else:
                planned = plan_return(self.sale.lines, wanted)
                amount = refund_totals(planned, self.sale.mode, self.sale.currency).gross
        except TranslatableError as refused:
            self.refund_total.setText(refused.message)
            self.refund_total.setProperty("state", "short")
        else:
            self.refund_total.setText(
                _("To refund: {amount}").format(amount=money_text(self.state, amount))
            )
            self.refund_total.setProperty("state", "ok" if amount.minor else "")
        self.refund_total.style().unpolish(self.refund_total)
        self.refund_total.style().polish(self.refund_total)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The button box makes its OK the default as it shows: Refund must not look like
        # what Enter does.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # Enter in the table or a field must not press Refund
            return
        super().keyPressEvent(event)

    def look_up(self) -> None:
        self.error.clear()
        text = self.number.text().strip()
        if text and not _NUMBER.match(text):
            self._offer_sales(text)  # a day or a customer: the receipt was lost
            return
        self.matches.hide()
        try:
            sale = self.state.shop.returns.find(text)
        except TranslatableError as refused:
            self.error.setText(refused.message)
            return
        if self.sale is not None and self.sale.number == sale.number:
            return  # the same receipt once more: what was filled in stays
        self.sale = sale
        moment = self.state.formats.datetime(
            dt.datetime.fromisoformat(sale.at).astimezone(), "short"
        )
        self.summary.setText(_("Sale {number} of {time}").format(number=sale.number, time=moment))
        self.table.blockSignals(True)  # the rows are whole only at the end
        self.table.setRowCount(len(sale.lines))
        for row, line in enumerate(sale.lines):
            cells = (
                isolate(line.name),
                quantity_text(self.state, line.quantity),
                quantity_text(self.state, line.returnable),
            )
            end = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column:
                    item.setTextAlignment(end)
                self.table.setItem(row, column, item)
            back = QTableWidgetItem("")
            back.setTextAlignment(end)
            self.table.setItem(row, _BACK, back)
            shelf = QTableWidgetItem()
            shelf.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            shelf.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, _SHELF, shelf)
        self.table.blockSignals(False)
        index = self.method.findData(sale.original_method)
        self.method.setCurrentIndex(max(index, 0))
        self._show_refund()
        self.table.setFocus()
        if sale.lines:
            self.table.setCurrentCell(0, _BACK)

    def _offer_sales(self, text: str) -> None:
        returns = self.state.shop.returns
        day = None
        for parse in (dt.date.fromisoformat, self.state.formats.parse_date):
            try:
                day = parse(text)
                break
            except (ValueError, TranslatableError):
                continue
        try:
            found = returns.find_sales(text, day)
        except TranslatableError as refused:
            self.error.setText(refused.message)
            return
        self.matches.clear()
        for sale in found:
            moment = dt.datetime.fromisoformat(sale.at).astimezone()
            label = "   ".join(
                part
                for part in (
                    sale.number,
                    self.state.formats.datetime(moment, "short"),
                    money_text(self.state, sale.total),
                    isolate(sale.customer or ""),
                )
                if part
            )
            item = QListWidgetItem(label)
            item.setData(256, sale.number)
            self.matches.addItem(item)
        self.matches.setVisible(bool(found))
        if found:
            self.matches.setCurrentRow(0)
            self.matches.setFocus()
        else:
            self.error.setText(_("No sale was found for “{text}”.").format(text=text))

    def _pick(self, item: QListWidgetItem) -> None:
        self.number.setText(str(item.data(256)))
        self.look_up()

    def wanted(self) -> dict[int, tuple[Quantity, bool]]:
        assert self.sale is not None
        found = {}
        for row, line in enumerate(self.sale.lines):
            back, shelf = self.table.item(row, _BACK), self.table.item(row, _SHELF)
            assert back is not None and shelf is not None
            text = back.text().strip()
            if not text:
                continue
            quantity = parse_quantity(self.state, text)
            found[line.line_id] = (quantity, shelf.checkState() == Qt.CheckState.Checked)
        return found

    def accept(self) -> None:
        self.error.clear()
        if self.sale is None or self.number.hasFocus():
            self.look_up()
            return
        number, reason = self.sale.number, self.reason.text()
        try:
            wanted = self.wanted()
            method = self.method.currentData()

            returns = self.state.shop.returns
            go_on, opening = opening_float(self, self.state)  # the drawer's first cash
            if not go_on:
                return

            def run(given: Approvals) -> RefundDone:
                approval = given.get(Permission.BIG_REFUNDS)  # above the cashiers' limit
                return returns.refund(
                    number, wanted, method, reason, approval, opening_float=opening
                )

            done = approved(
                self, self.state, run, asks=(Permission.BIG_REFUNDS,), show_refusals=False
            )
        except (InvalidInput, TranslatableError) as refused:
            self.error.setText(refused.message)
            return
        if done is not None:
            self.refunded = done.value
            super().accept()

    def exchange(self) -> None:
        """Keep the goods' value for the sale being made instead of paying it back now."""
        self.error.clear()
        if self.sale is None:
            self.look_up()
            return
        try:
            wanted = self.wanted()
            plan = self.state.shop.returns.plan(self.sale.number, wanted)
        except TranslatableError as refused:
            self.error.setText(refused.message)
            return
        self.trade_in = TradeIn(
            self.sale.number,
            tuple((line, quantity.milli, restock) for line, (quantity, restock) in wanted.items()),
            plan.total,
        )
        QDialog.accept(self)

    def outcome(self) -> str:
        assert self.refunded is not None
        return _("Refund {number}: give back {amount}.").format(
            number=self.refunded.number, amount=money_text(self.state, self.refunded.total)
        )
