"""What a backup holds, shown before it replaces the shop: when it was made, the shop's
name, its last sale and how many products, customers and sales it has. Nothing changes
until the owner confirms; Enter (or a scanner's) never confirms, Cancel is the default."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka.i18n import _
from duka.services.restoring import BackupContents
from duka.ui.auto_backup import isolate
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import FittedDialog


class RestorePreview(FittedDialog):
    def __init__(
        self, contents: BackupContents, state: AppState, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restorePreview")
        self.contents = contents
        self.setWindowTitle(_("Restore from a backup"))
        formats = state.formats
        question = QLabel(_("Replace the shop with this backup?"))
        question.setObjectName("sectionTitle")
        question.setWordWrap(True)

        def moment(value: dt.datetime) -> str:
            return formats.datetime(value.astimezone(), "short")

        last_sale = _("none")
        if contents.last_sale:
            at = contents.last_sale_at or ""
            try:
                when = moment(dt.datetime.fromisoformat(at))
            except ValueError:
                when = at
            last_sale = _("{number}, {time}").format(
                number=isolate(contents.last_sale), time=isolate(when)
            )
        self.rows: dict[str, str] = {
            "file": contents.path.name,
            "made": moment(contents.made),
            "shop": contents.shop_name or "—",
            "last_sale": last_sale,
            "products": formats.number(contents.products),
            "customers": formats.number(contents.customers),
            "sales": formats.number(contents.sales),
        }
        labels = {
            "file": _("Backup file"),
            "made": _("Made on"),
            "shop": _("Shop"),
            "last_sale": _("Last sale"),
            "products": _("Products"),
            "customers": _("Customers"),
            "sales": _("Sales"),
        }
        # Each value reads in the window's direction, its own parts isolated: on an Arabic
        # screen every value starts at the right, and "S-000296" keeps its dash in place.
        mark = "\u200f" if self.isRightToLeft() else ""
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.values: dict[str, QLabel] = {}
        for key, text in self.rows.items():
            value = QLabel(f"{mark}{text}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"restore_{key}")
            self.values[key] = value
            form.addRow(labels[key], value)
        value_font = self.values["last_sale"].font()
        value_font.setBold(True)
        for key in ("made", "shop", "last_sale"):
            self.values[key].setFont(value_font)
        note = QLabel(
            _(
                "The shop as it is now is replaced by this backup. Duka first keeps a copy of "
                "it in the backup folder, then opens again: sign in with a PIN of the "
                "restored shop."
            )
        )
        note.setWordWrap(True)
        self.confirm = QPushButton(_("Replace the shop with this backup"))
        self.confirm.setAutoDefault(False)
        self.confirm.clicked.connect(self.accept)
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.setDefault(True)
        self.cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.setMinimumWidth(min(560, self.screen().availableGeometry().width() - 40))
