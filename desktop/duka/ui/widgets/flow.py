"""A row of buttons or fields that wraps onto more lines when the window is narrow.

Toolbars built with it never cut a button's text on a 1024x600 netbook nor in a language
with longer words: what does not fit on a line goes to the next one, each item at its size
hint. Right-to-left languages fill each line from the right.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._stretch_after: set[int] = set()  # lines break nowhere; the rest goes to the end
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # -- what QLayout needs -----------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addStretch(self) -> None:
        """Items added after this go to the far end of the line they are on (if it has room)."""
        self._stretch_after.add(len(self._items))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            return self._items.pop(index)
        return None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        width = height = 0
        for item in self._shown():
            hint = item.sizeHint()
            width += hint.width() + (self._spacing if width else 0)
            height = max(height, hint.height())
        margins = self.contentsMargins()
        return QSize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        """As narrow as the widest item: the rest wraps."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize().expandedTo(item.sizeHint()))
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- placing ----------------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, place: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        lines: list[list[tuple[QLayoutItem, QSize, bool]]] = [[]]
        used = 0
        for index, item in enumerate(self._items):
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            widget = item.widget() if isinstance(item, QWidgetItem) else None
            if widget is not None:
                policy = widget.sizePolicy().horizontalPolicy()
                if policy == QSizePolicy.Policy.Ignored:
                    hint = item.minimumSize()
            extra = self._spacing if lines[-1] else 0
            if lines[-1] and used + extra + hint.width() > area.width():
                lines.append([])
                used, extra = 0, 0
            lines[-1].append((item, hint, index in self._stretch_after))
            used += extra + hint.width()
        y = area.y()
        mirrored = self._mirrored()
        for line in lines:
            if not line:
                continue
            height = max(hint.height() for _item, hint, _s in line)
            if place:
                self._place_line(line, area, y, height, mirrored)
            y += height + self._spacing
        return y - self._spacing - area.y() + margins.top() + margins.bottom()

    def _place_line(
        self,
        line: list[tuple[QLayoutItem, QSize, bool]],
        area: QRect,
        y: int,
        height: int,
        mirrored: bool,
    ) -> None:
        total = sum(hint.width() for _item, hint, _s in line) + self._spacing * (len(line) - 1)
        spare = max(area.width() - total, 0)
        x = 0
        for item, hint, pushed in line:
            if pushed:
                x += spare
                spare = 0
            top = y + (height - hint.height()) // 2
            left = area.right() + 1 - x - hint.width() if mirrored else area.x() + x
            item.setGeometry(QRect(QPoint(left, top), hint))
            x += hint.width() + self._spacing

    def _mirrored(self) -> bool:
        owner = self.parentWidget()
        direction = owner.layoutDirection() if owner is not None else Qt.LayoutDirection.LeftToRight
        return direction == Qt.LayoutDirection.RightToLeft
