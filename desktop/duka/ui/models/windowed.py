"""A read-only table model that holds only the pages of rows on screen.

The row count is asked once; rows are fetched a page at a time when the view paints them and
the least recently used pages are dropped, so a list of a million products costs as little
memory as a list of a hundred.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from duka.i18n import _

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_START = int((Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter).value)
_END = int((Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter).value)

PAGE_SIZE = 128
PAGES_KEPT = 16


def isolate(text: str) -> str:
    """`text` as a unit of its own direction inside any line (Unicode first-strong isolate):
    a phone number stays "+254 712 000 111" on an Arabic screen, and an Arabic name keeps its
    order on an English one."""
    return f"\u2068{text}\u2069" if text else text


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A column of a windowed table: its title, text, alignment and colour."""

    title: str  # catalog string
    text: Callable[[Row], str]
    align_end: bool = False  # numbers line up at the end (right in LTR, left in RTL)
    color: Callable[[Row], str | None] | None = None  # a text colour, e.g. for refusals


class WindowedTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self,
        columns: Sequence[Column[Row]],
        count: Callable[[], int],
        fetch: Callable[[int, int], Sequence[Row]],
    ) -> None:
        super().__init__()
        self._columns = list(columns)
        self._count_source = count
        self._fetch = fetch
        self._count = count()
        self._pages: OrderedDict[int, Sequence[Row]] = OrderedDict()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def row(self, number: int) -> Row | None:
        if not 0 <= number < self._count:
            return None
        page_number, offset = divmod(number, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            page = self._fetch(page_number * PAGE_SIZE, PAGE_SIZE)
            self._pages[page_number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page[offset] if offset < len(page) else None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called for every role of every visible cell at each paint: plain ints, compared
        # once, because Qt's enums cost microseconds each in Python.
        if role == _DISPLAY:
            found = self.row(index.row())
            return None if found is None else isolate(self._columns[index.column()].text(found))
        if role == _ALIGNMENT:
            return _END if self._columns[index.column()].align_end else _START
        if role == _FOREGROUND:
            column = self._columns[index.column()]
            if column.color is None:
                return None
            found = self.row(index.row())
            shade = None if found is None else column.color(found)
            return QColor(shade) if shade else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # Return None, never super().headerData(): on PySide6 6.12 that drains None's refcount.
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(self._columns[section].title)
            if role == Qt.ItemDataRole.TextAlignmentRole and self._columns[section].align_end:
                return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None

    def refresh(self) -> None:
        """Forget what was read and count again (after records were added or changed)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._count_source()
        self.endResetModel()

    def retranslate(self) -> None:
        """Texts depend on the language (headers, units, money): repaint them all."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self._columns) - 1))
        if self._count:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._count - 1, len(self._columns) - 1)
            )
