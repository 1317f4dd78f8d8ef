"""Choosing the customer of a sale (F9): type part of a name or phone, Enter takes the
highlighted one; "No customer" clears it. "New customer" (Ctrl+N) adds one, with a name and
a phone (and a credit limit for who may set one), and chooses them, without leaving the sale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.core.customers import NewCustomer
from duka.i18n import TranslatableError, _
from duka.ui.amounts import parse_money
from duka.ui.models.windowed import isolate
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog

NEW_CUSTOMER_KEY = "Ctrl+N"

_ROLE = 256


class CustomerDialog(FittedDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerDialog")
        self.state = state
        self.chosen: int | None = None
        self.cleared = False
        self.search = QLineEdit()
        self.search.textChanged.connect(self._fill)
        self.search.returnPressed.connect(self.accept)
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.none_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ResetRole)
        self.none_button.clicked.connect(self._clear)
        self.new_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.show_new_form)
        self.new_button.setVisible(state.may(Permission.MANAGE_CUSTOMERS))
        QShortcut(QKeySequence(NEW_CUSTOMER_KEY), self).activated.connect(self.show_new_form)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        # The new customer's form, in the same dialog: the sale stays where it is.
        self.new_box = QGroupBox()
        form = QFormLayout(self.new_box)
        self.new_name = QLineEdit()
        self.new_name.setMaxLength(200)
        self.new_phone = QLineEdit()
        self.new_phone.setMaxLength(40)
        self.new_limit = QLineEdit(self.state.formats.count(0))
        self.new_limit.setAlignment(Qt.AlignmentFlag.AlignTrailing)
        self._new_labels = [QLabel(), QLabel(), QLabel()]
        for label, field in zip(
            self._new_labels, (self.new_name, self.new_phone, self.new_limit), strict=True
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        self._may_limit = state.may(Permission.SET_CREDIT_LIMITS)
        self.new_limit.setVisible(self._may_limit)
        self._new_labels[2].setVisible(self._may_limit)
        self.new_error = QLabel()
        self.new_error.setObjectName("dialogError")
        self.new_error.setWordWrap(True)
        self.add_button = QPushButton()
        self.add_button.setObjectName("primary")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_customer)
        form.addRow(self.new_error)
        form.addRow("", self.add_button)
        self.new_box.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.new_box)
        layout.addWidget(self.buttons)
        self.setWindowTitle(_("Customer"))
        self.search.setPlaceholderText(_("Type part of a name or a phone number"))
        self.none_button.setText(_("No customer"))
        self.new_button.setText(_("New customer ({key})").format(key=NEW_CUSTOMER_KEY))
        self.new_box.setTitle(_("New customer"))
        for label, text in zip(
            self._new_labels, (_("Name"), _("Phone"), _("Credit limit")), strict=True
        ):
            label.setText(text)
        self.new_limit.setToolTip(_("What this customer may owe at most; 0: no sales on account"))
        self.add_button.setText(_("Add and choose"))
        self.resize(480, 360)
        self._fill("")
        self.search.setFocus()

    def show_new_form(self) -> None:
        """The new customer's form, with what was typed in the search: a name or a phone."""
        if not self.state.may(Permission.MANAGE_CUSTOMERS):
            return
        typed = self.search.text().strip()
        if typed and not self.new_box.isVisibleTo(self):
            looks_like_phone = sum(c.isdigit() for c in typed) >= max(3, len(typed) // 2)
            (self.new_phone if looks_like_phone else self.new_name).setText(typed)
        if not self.new_box.isVisibleTo(self):
            self.new_box.show()
            # Room for the form without squeezing the list, within the screen.
            screen = self.screen()
            room = screen.availableGeometry().height() - 60 if screen is not None else 700
            wanted = self.height() + self.new_box.sizeHint().height()
            self.resize(self.width(), min(wanted, room))
        self.new_name.setFocus()
        self.new_name.selectAll()

    def add_customer(self) -> None:
        self.new_error.clear()
        shop = self.state.shop
        try:
            typed = self.new_limit.text().strip() if self._may_limit else ""
            limit = parse_money(self.state, typed or "0")
            new = NewCustomer(self.new_name.text(), limit, phone=self.new_phone.text())
            new_id = self.state.perform(lambda: shop.customers.add(new)).value
        except TranslatableError as refused:
            self.new_error.setText(refused.message)
            return
        self.chosen = new_id
        QDialog.accept(self)

    def keyPressEvent(self, event: object) -> None:  # arrows move in the list from the field
        key = getattr(event, "key", lambda: None)()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
            step = 1 if key == Qt.Key.Key_Down else -1
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def _fill(self, text: str) -> None:
        self.list.clear()
        for row in self.state.shop.customers.search(text, 30):
            label = isolate(row.name) + (f"   {isolate(row.phone)}" if row.phone else "")
            item = QListWidgetItem(label)
            item.setData(_ROLE, row.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _clear(self) -> None:
        self.cleared = True
        self.chosen = None
        super().accept()

    def accept(self) -> None:
        if self.new_box.isVisibleTo(self) and self.new_box.isAncestorOf(self.focusWidget()):
            self.add_customer()  # Enter in the new customer's form adds them
            return
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = int(item.data(_ROLE))
        super().accept()
