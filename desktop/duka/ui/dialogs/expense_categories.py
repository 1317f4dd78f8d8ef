"""The expense categories: the starting list in the shop's language, and the shop's own,
which the owner or a manager adds here."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import Permission
from duka.i18n import TranslatableError, _
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog


class ExpenseCategoriesDialog(FittedDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expenseCategories")
        self.state = state
        self.listing = QListWidget()
        self.name = QLineEdit()
        self.name.setObjectName("categoryName")
        self.name.setMaxLength(60)
        self.name.returnPressed.connect(self.add)
        self.add_button = QPushButton()
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add)
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        adding = QHBoxLayout()
        adding.addWidget(self.name, 1)
        adding.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.listing, 1)
        layout.addLayout(adding)
        layout.addWidget(self.error)
        layout.addWidget(close)
        may = state.may(Permission.MANAGE_EXPENSES)
        self.name.setEnabled(may)
        self.add_button.setEnabled(may)
        self.setMinimumSize(380, 360)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Expense categories"))
        self.name.setPlaceholderText(_("A category of the shop's own"))
        self.add_button.setText(_("Add"))
        self.listing.clear()
        for category in self.state.shop.expenses.categories():
            self.listing.addItem(category.shown)

    def add(self) -> None:
        expenses, name = self.state.shop.expenses, self.name.text()
        self.error.clear()
        try:
            self.state.perform(lambda: expenses.add_category(name))
        except TranslatableError as error:
            self.error.setText(error.message)
            return
        self.name.clear()
        self.retranslate()
