"""The bar chart: round steps on its axis, bars where the reader expects them (time from the
right in a right-to-left layout), and the bar under the pointer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from duka.ui.widgets.chart import Bar, BarChart, nice_step


def test_the_axis_takes_round_steps() -> None:
    assert [nice_step(n) for n in (0, 3, 10, 95, 1234, 800_000)] == [1, 1, 5, 25, 500, 200_000]


def _painted(chart: BarChart) -> QImage:
    chart.resize(400, 200)
    return chart.grab().toImage()


def _bar_columns(image: QImage) -> list[int]:
    """The x of every column that holds the bars' green somewhere."""
    green = QColor("#2f7d5b")
    found = []
    for x in range(image.width()):
        if any(image.pixelColor(x, y) == green for y in range(0, image.height(), 2)):
            found.append(x)
    return found


def test_bars_run_from_the_left_or_from_the_right(qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_bars([Bar("1", 10_000), Bar("2", 0), Bar("3", 0)], axis=lambda v: str(v // 100))
    left_to_right = _bar_columns(_painted(chart))
    assert left_to_right and max(left_to_right) < 200  # the first day at the left
    assert chart.bar_at(left_to_right[0] + 1, 100) == 0
    chart.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    right_to_left = _bar_columns(_painted(chart))
    assert right_to_left and min(right_to_left) > 200  # the first day at the right
    assert chart.bar_at(right_to_left[-1] - 1, 100) == 0


def test_negative_values_hang_below_zero(qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_bars([Bar("a", 500), Bar("b", -300)])
    image = _painted(chart)
    red = QColor("#b3261e")
    assert any(
        image.pixelColor(x, y) == red
        for x in range(image.width())
        for y in range(image.height() // 2, image.height(), 2)
    )
