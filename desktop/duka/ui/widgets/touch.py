"""Sizes and gestures for a finger: 9 mm targets and lists that scroll by dragging."""

from __future__ import annotations

import math

from PySide6.QtGui import QInputDevice
from PySide6.QtWidgets import QAbstractScrollArea, QScroller, QWidget

TARGET_MM = 9.0
# A 10.1" netbook at 1024x600 (the smallest touch screen Duka is used on) has about 118 dots
# an inch; a screen that does not say its size is taken to be one.
NETBOOK_DPI = 118.0


def touch_px(widget: QWidget | None = None, mm: float = TARGET_MM) -> int:
    """`mm` in the widget's logical pixels on its screen (at least 9 mm is a finger's size)."""
    dpi = NETBOOK_DPI
    screen = widget.screen() if widget is not None else None
    if screen is not None and screen.physicalSize().width() > 0:
        measured = screen.physicalDotsPerInch()
        if 70 <= measured <= 600:  # a size reported as 0 or nonsense is not believed
            dpi = measured / max(screen.devicePixelRatio(), 1.0)
    return max(math.ceil(mm / 25.4 * dpi), math.ceil(mm / 25.4 * NETBOOK_DPI))


def has_touch_screen() -> bool:
    """Whether a touch screen is plugged in (Qt lists the input devices it found)."""
    return any(
        device.type() == QInputDevice.DeviceType.TouchScreen for device in QInputDevice.devices()
    )


def touch_scrolling(view: QAbstractScrollArea) -> None:
    """Drag the list with a finger (a mouse still selects as before). Only where there is a
    touch screen: the gesture reacts to nothing else, and asking Qt for the list's viewport
    makes PySide load every widget class it has (about 15 ms of a start)."""
    if has_touch_screen():
        QScroller.grabGesture(view.viewport(), QScroller.ScrollerGestureType.TouchGesture)
