"""What does not fit in a window: widgets outside what holds them, texts cut short.

Judged by geometry and size hints, not by pixels: a widget must lie inside its parent (a
scroll area's content may extend past its viewport: it scrolls), and a button, a one-line
label, a field or a choice must be at least as wide as its text needs. A widget that cuts its
text on purpose says so with the dynamic property "elides".
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QScrollBar,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

SLACK = 1  # a pixel of rounding at fractional scales


def _name(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "currentText", "placeholderText"):
        method = getattr(widget, getter, None)
        if method is not None:
            text = str(method())
            if text:
                break
    parts = [type(widget).__name__]
    if widget.objectName():
        parts.append(f"#{widget.objectName()}")
    if text:
        parts.append(repr(text[:40]))
    return " ".join(parts)


def _inside_an_item_view(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def _scroll_content(widget: QWidget) -> bool:
    """True for a scroll area's content widget, which may be larger than its viewport."""
    viewport = widget.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    return isinstance(area, QAbstractScrollArea) and area.viewport() is viewport


def _combo_text_room(combo: QComboBox) -> int:
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    option.frame = combo.hasFrame()
    option.rect = combo.rect()
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def _text_problem(widget: QWidget) -> str | None:
    if widget.property("elides"):
        return None
    width, height = widget.width(), widget.height()
    if isinstance(widget, QAbstractButton) and widget.text():
        hint = widget.sizeHint()
        if width + SLACK < hint.width() or height + SLACK < widget.minimumSizeHint().height():
            return f"cut: {width}x{height} < {hint.width()}x{widget.minimumSizeHint().height()}"
    elif isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        if widget.wordWrap():
            need = widget.heightForWidth(width)
            if need > 0 and height + SLACK < need:
                return f"wrapped text cut: height {height} < {need} at width {width}"
        else:
            hint = widget.sizeHint()
            if width + SLACK < hint.width() or height + SLACK < hint.height():
                return f"cut: {width}x{height} < {hint.width()}x{hint.height()}"
    elif isinstance(widget, QComboBox) and widget.currentText():
        room = _combo_text_room(widget)
        need = widget.fontMetrics().horizontalAdvance(widget.currentText())
        if room + SLACK < need:
            return f"choice cut: room {room} < {need}"
    elif isinstance(widget, QLineEdit | QAbstractSpinBox):
        hint = widget.minimumSizeHint()
        if width + SLACK < hint.width() or height + SLACK < hint.height():
            return f"field squeezed: {width}x{height} < {hint.width()}x{hint.height()}"
        if isinstance(widget, QAbstractSpinBox) and widget.text():
            need = widget.fontMetrics().horizontalAdvance(widget.text())
            if width < need:
                return f"value cut: {width} < {need}"
    return None


def misfits(top: QWidget) -> list[str]:
    """Every visible widget of the window `top` that sticks out or cuts its text."""
    found: list[str] = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top:
            continue
        if widget.objectName().startswith("qt_") or isinstance(widget, QScrollBar):
            continue
        if _inside_an_item_view(widget):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parentWidget(), QComboBox | QAbstractSpinBox
        ):
            continue  # the field inside an editable choice: the choice is judged
        parent = widget.parentWidget()
        if parent is None:
            continue
        if not _scroll_content(widget) and not parent.objectName().startswith("qt_"):
            box = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
            if not box.contains(widget.geometry()):
                found.append(f"{_name(widget)} outside {_name(parent)}: {_rect(widget)}")
                continue
        if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().maximum() > 0:
            found.append(f"{_name(widget)} scrolls sideways")
        if isinstance(widget, QListWidget) and widget.objectName() == "nav":
            if widget.verticalScrollBar().maximum() > 0:
                found.append("the navigation needs a scroll bar")
            if widget.horizontalScrollBar().maximum() > 0:
                found.append("the navigation cuts a screen's name")
        problem = _text_problem(widget)
        if problem is not None:
            found.append(f"{_name(widget)}: {problem}")
    return found


def _rect(widget: QWidget) -> str:
    g: QRect = widget.geometry()
    p = widget.parentWidget()
    size = f" in {p.width()}x{p.height()}" if p is not None else ""
    return f"{g.x()},{g.y()} {g.width()}x{g.height()}{size}"
