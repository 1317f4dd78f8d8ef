"""A small bar chart drawn with QPainter: days, weeks or products along one axis and an
amount along the other, with the axis labelled in the shop's money format.

No plotting library: Qt draws it, so it follows the window's font, colours and direction. In
a right-to-left layout time runs from the right, as Arabic readers expect, and the amounts
stand at the right-hand edge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

_BAR = QColor("#2f7d5b")
_BAR_NEGATIVE = QColor("#b3261e")
_BAR_HOVER = QColor("#1f3a4d")
_GRID = QColor("#d8dfe5")
_TEXT = QColor("#4a5a66")
_STEPS = (1, 2, 2.5, 5)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # under the bar (a day, a week, a product)
    value: int  # in minor units (or any integer the axis format reads)
    tip: str = ""  # shown when the pointer rests on the bar


def nice_step(largest: int, lines: int = 4) -> int:
    """A round step (1, 2, 2.5 or 5 times a power of ten) so that about `lines` grid lines
    cover `largest`."""
    if largest <= 0:
        return 1
    raw = largest / lines
    power = 1
    while power * 10 <= raw:
        power *= 10
    for factor in _STEPS:
        step = factor * power
        if step >= raw and step == int(step):  # whole minor units only
            return max(1, int(step))
    return 10 * power


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("barChart")
        self.setMouseTracking(True)
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._bars: list[Bar] = []
        self._axis: Callable[[int], str] = str
        self._hover: int | None = None
        self._label_every = 1

    def set_bars(self, bars: Sequence[Bar], axis: Callable[[int], str] = str) -> None:
        """Show `bars`; `axis` writes a grid line's value (money in the shop's format)."""
        self._bars = list(bars)
        self._axis = axis
        self._hover = None
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(600, 220)

    # -- geometry -----------------------------------------------------------------------

    def _scale(self) -> tuple[int, int, int]:
        """(lowest, highest, step) of the value axis, zero always included."""
        values = [bar.value for bar in self._bars] or [0]
        top, bottom = max(0, max(values)), min(0, min(values))
        step = nice_step(max(top - bottom, 1))
        high = -(-top // step) * step if top else 0
        low = (bottom // step) * step if bottom else 0
        if high == low:
            high = low + step
        return low, high, step

    def _plot_area(self, metrics: QFontMetricsF, low: int, high: int, step: int) -> QRectF:
        labels = [self._axis(v) for v in range(low, high + 1, step)]
        axis_width = max((metrics.horizontalAdvance(t) for t in labels), default=0) + 10
        rect = QRectF(self.rect()).adjusted(6, 8, -6, -(metrics.height() + 10))
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            return rect.adjusted(0, 0, -axis_width, 0)
        return rect.adjusted(axis_width, 0, 0, 0)

    def _bar_rect(self, area: QRectF, index: int, value: int, low: int, high: int) -> QRectF:
        count = len(self._bars)
        slot = area.width() / count
        width = max(2.0, slot * 0.7)
        position = (
            index
            if self.layoutDirection() == Qt.LayoutDirection.LeftToRight
            else (count - 1 - index)
        )
        left = area.left() + slot * position + (slot - width) / 2
        span = high - low
        zero_y = area.bottom() - area.height() * (0 - low) / span
        value_y = area.bottom() - area.height() * (value - low) / span
        return QRectF(left, min(zero_y, value_y), width, abs(zero_y - value_y))

    # -- drawing ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(self.font())
        low, high, step = self._scale()
        area = self._plot_area(metrics, low, high, step)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        painter.setPen(QPen(_GRID, 1))
        for value in range(low, high + 1, step):
            y = area.bottom() - area.height() * (value - low) / (high - low)
            painter.setPen(QPen(_GRID, 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            text = self._axis(value)
            painter.setPen(_TEXT)
            width = metrics.horizontalAdvance(text)
            x = area.right() + 6 if rtl else area.left() - 6 - width
            painter.drawText(QPointF(x, y + metrics.ascent() / 2 - 1), text)
        if not self._bars:
            painter.end()
            return
        slot = area.width() / len(self._bars)
        widest = max(metrics.horizontalAdvance(bar.label) for bar in self._bars) + 8
        self._label_every = max(1, int(-(-widest // max(slot, 1.0))))
        for index, bar in enumerate(self._bars):
            rect = self._bar_rect(area, index, bar.value, low, high)
            colour = _BAR_NEGATIVE if bar.value < 0 else _BAR
            if index == self._hover:
                colour = _BAR_HOVER
            painter.fillRect(rect, colour)
            # Labels of the bars that have room, counted from the latest bar back, so the
            # most recent day is always named.
            if (len(self._bars) - 1 - index) % self._label_every == 0:
                width = metrics.horizontalAdvance(bar.label)
                centre = rect.center().x()
                painter.setPen(_TEXT)
                left = min(max(2.0, centre - width / 2), self.width() - width - 2)  # never cut
                painter.drawText(QPointF(left, area.bottom() + metrics.ascent() + 4), bar.label)
        painter.end()

    # -- pointing -----------------------------------------------------------------------

    def bar_at(self, x: float, y: float) -> int | None:
        if not self._bars:
            return None
        metrics = QFontMetricsF(self.font())
        low, high, step = self._scale()
        area = self._plot_area(metrics, low, high, step)
        if not area.contains(QPointF(x, y)):
            return None
        slot = area.width() / len(self._bars)
        position = int((x - area.left()) // slot)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            position = len(self._bars) - 1 - position
        return position if 0 <= position < len(self._bars) else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        index = self.bar_at(point.x(), point.y())
        if index != self._hover:
            self._hover = index
            self.update()
        if index is not None:
            bar = self._bars[index]
            QToolTip.showText(
                event.globalPosition().toPoint(),
                bar.tip or f"{bar.label}: {self._axis(bar.value)}",
                self,
            )
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)
