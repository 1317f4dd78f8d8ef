"""The editable table of tax rates on the Settings screen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from duka.core.tax import TaxRate
from duka.i18n import N_, TranslatableError, _
from duka.i18n.formatting import Formats

Index = QModelIndex | QPersistentModelIndex

CODE, NAME, PERCENT, EXEMPT = range(4)
_TITLES = (N_("Code"), N_("Name"), N_("Rate"), N_("Exempt"))


@dataclass
class _Draft:
    """A rate as typed, possibly not valid yet; checked when the settings are saved."""

    code: str
    name: str
    percent: Decimal
    exempt: bool


class TaxRatesModel(QAbstractTableModel):
    invalid = Signal(str)  # a typed value was refused; the text says why
    edited = Signal()

    def __init__(self, formats: Formats) -> None:
        super().__init__()
        self.formats = formats
        self._rows: list[_Draft] = []

    def set_rates(self, rates: tuple[TaxRate, ...]) -> None:
        self.beginResetModel()
        self._rows = [_Draft(r.code, r.name, r.percent, r.exempt) for r in rates]
        self.endResetModel()

    def rates(self) -> tuple[TaxRate, ...]:
        """The rates as TaxRate values; raises InvalidInput for a row that is not valid."""
        return tuple(TaxRate(r.code, r.name, r.percent, r.exempt) for r in self._rows)

    def add_rate(self) -> int:
        row = len(self._rows)
        used = {r.code for r in self._rows}
        code = next(c for c in (chr(ord("A") + i) for i in range(26)) if c not in used)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(_Draft(code, _("New rate"), Decimal(0), False))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_rate(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.edited.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_TITLES)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == EXEMPT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        rate = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == CODE:
                return rate.code
            if column == NAME:
                return rate.name
            if column == PERCENT:
                if role == Qt.ItemDataRole.EditRole:
                    return self.formats.number(rate.percent)
                return self.formats.percent(rate.percent)
        if role == Qt.ItemDataRole.CheckStateRole and column == EXEMPT:
            return Qt.CheckState.Checked if rate.exempt else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PERCENT:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        rate = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == EXEMPT:
            rate.exempt = Qt.CheckState(value) == Qt.CheckState.Checked
            if rate.exempt:
                rate.percent = Decimal(0)
            self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), EXEMPT))
            self.edited.emit()
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value)
        if column == CODE:
            rate.code = text.strip()
        elif column == NAME:
            rate.name = " ".join(text.split())
        elif column == PERCENT:
            try:
                rate.percent = self.formats.parse_percent(text)
            except TranslatableError as error:
                self.invalid.emit(error.message)
                return False
            if rate.percent != 0:
                rate.exempt = False
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), EXEMPT))
        self.edited.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_TITLES)
        ):
            return _(_TITLES[section])
        return None  # never super().headerData() (a PySide6 6.12 refcount bug)

    def retranslate(self, formats: Formats) -> None:
        self.formats = formats
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(_TITLES) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, EXEMPT))
