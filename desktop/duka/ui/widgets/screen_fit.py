"""Windows that fit the screen they are on, from a 1024x600 netbook to a 4K screen.

The main window opens at most as large as the screen's free area and is brought back onto it
when a saved placement came from a larger screen. Every dialog is watched (`FittedDialog`,
the base of Duka's dialogs, or `watch_dialog` for one Qt makes): a dialog that would be
taller or wider than the screen, when it opens or when it grows later, gets its body put in
a scroll area while its buttons stay in view below it.

The watch is a filter on each dialog, not one on the application: an application's filter
sees every object Qt makes, and the first one PySide has no class for (Qt's private helpers)
makes it load every class of Qt with all their enums, about 45 ms of each start.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# What a window manager's title bar and borders take around a window (Qt only knows the
# frame once the window is shown).
FRAME_ALLOWANCE = QSize(16, 40)
SCROLLED_BODY = "fitScrolledBody"  # the object name of a dialog's scrolled body
_MINIMUM_SEEN = "fitMinimumSeen"  # a dialog's minimum size when it was last fitted


def screen_of(widget: QWidget) -> QScreen | None:
    shown = widget.window()
    parent = shown.parentWidget()
    for candidate in (shown, parent.window() if parent is not None else None):
        if candidate is not None and candidate.isVisible():
            return candidate.screen()
    return QGuiApplication.screenAt(QPoint(widget.window().geometry().center())) or (
        QGuiApplication.primaryScreen()
    )


def available(widget: QWidget) -> QRect:
    """The part of the screen a window of `widget` may take (without panels and docks)."""
    screen = screen_of(widget)
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def room_for_window(widget: QWidget) -> QSize:
    """The largest client size a window may have on its screen, frame included."""
    room = available(widget).size()
    frame = widget.frameGeometry().size() - widget.geometry().size()
    if not widget.isVisible():
        frame = FRAME_ALLOWANCE
    return QSize(max(room.width() - frame.width(), 1), max(room.height() - frame.height(), 1))


def fit_window(window: QWidget, preferred: QSize) -> None:
    """Size `window` to `preferred`, or to the screen's free area where that is smaller, and
    centre it there."""
    room = room_for_window(window)
    window.setMinimumSize(window.minimumSize().boundedTo(room))
    window.resize(preferred.boundedTo(room))
    centre_on_screen(window)


def centre_on_screen(window: QWidget) -> None:
    area = available(window)
    size = window.frameGeometry().size() if window.isVisible() else window.size() + FRAME_ALLOWANCE
    window.move(
        area.x() + max((area.width() - size.width()) // 2, 0),
        area.y() + max((area.height() - size.height()) // 2, 0),
    )


def clamp_to_screen(window: QWidget) -> None:
    """Bring a window (a restored placement, a dialog that grew) back inside its screen:
    smaller if it is larger than the screen, moved if it sticks out."""
    area = available(window)
    room = room_for_window(window)
    if window.isMaximized() or window.isFullScreen():
        return
    if window.width() > room.width() or window.height() > room.height():
        window.resize(window.size().boundedTo(room))
    frame = window.frameGeometry() if window.isVisible() else window.geometry()
    x = min(max(frame.x(), area.x()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.y()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.x()), max(y, area.y()))


# -- dialogs ------------------------------------------------------------------------------


def _is_button_row(item: QLayout | QWidget | None) -> bool:
    """A dialog's bottom row: a button box, or a row holding nothing but buttons."""
    if isinstance(item, QDialogButtonBox):
        return True
    if not isinstance(item, QLayout):
        return False
    items = [item.itemAt(i) for i in range(item.count())]
    found = [i.widget() for i in items if i is not None and i.widget() is not None]
    return bool(found) and all(isinstance(w, QAbstractButton | QDialogButtonBox) for w in found)


def scroll_body(dialog: QDialog) -> QScrollArea | None:
    """Put everything in `dialog`'s layout but its bottom buttons in a scroll area; the
    scroll area already made, or None when the dialog's layout cannot be split (not a box)."""
    made = dialog.findChild(QScrollArea, SCROLLED_BODY)
    if made is not None:
        return made
    outer = dialog.layout()
    if not isinstance(outer, QBoxLayout) or outer.direction() not in (
        QBoxLayout.Direction.TopToBottom,
        QBoxLayout.Direction.BottomToTop,
    ):
        return None
    keep = 0  # the trailing items that stay in view: the buttons
    while keep < outer.count():
        last = outer.itemAt(outer.count() - 1 - keep)
        if last is None or not _is_button_row(last.widget() or last.layout()):
            break
        keep += 1
    body = QWidget()
    body.setObjectName("fitBody")
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 0, 0)
    inner.setSpacing(outer.spacing())
    moving = outer.count() - keep
    for _index in range(moving):
        stretch = outer.stretch(0)
        item = outer.takeAt(0)
        if item is None:
            break
        widget, layout = item.widget(), item.layout()
        if widget is not None:
            inner.addWidget(widget, stretch, item.alignment())
        elif layout is not None:
            inner.addLayout(layout, stretch)
        else:
            inner.addItem(item)
    area = QScrollArea()
    area.setObjectName(SCROLLED_BODY)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(body)
    outer.insertWidget(0, area, 1)
    return area


def fit_dialog(dialog: QDialog) -> None:
    """Keep `dialog` on its screen: when it is larger than the screen's free area its body
    scrolls (buttons stay in view) and the dialog takes what room there is."""
    room = room_for_window(dialog)
    wanted = dialog.sizeHint().expandedTo(dialog.minimumSizeHint()).expandedTo(dialog.size())
    if wanted.width() <= room.width() and wanted.height() <= room.height():
        # It fits: make sure it has all it asked for (a dialog that grew while shown may
        # not) and that none of it is off the screen.
        if dialog.isVisible():
            # Qt grows a shown window only to its minimum (where rows are squeezed), or to
            # two thirds of the screen: when its content changed (its minimum moved), a
            # dialog gets the size it asks for. A size the user chose is kept otherwise.
            least, seen = dialog.minimumSize(), dialog.property(_MINIMUM_SEEN)
            dialog.setProperty(_MINIMUM_SEEN, least)
            if seen is not None and seen != least:
                grown = dialog.size().expandedTo(dialog.sizeHint()).boundedTo(room)
                if grown != dialog.size():
                    dialog.resize(grown)
            clamp_to_screen(dialog)
        return
    area = scroll_body(dialog)
    if area is None:
        dialog.resize(dialog.size().boundedTo(room))
        clamp_to_screen(dialog)
        return
    body = area.widget()
    outer = dialog.layout()
    assert body is not None and outer is not None
    if dialog.isVisible():  # added to a shown dialog: Qt leaves them hidden
        body.show()
        area.show()
    # What the dialog wants now: the body's own size with room for a scroll bar, and the
    # buttons kept below it.
    need = body.sizeHint().expandedTo(body.minimumSizeHint())
    bar = area.style().pixelMetric(area.style().PixelMetric.PM_ScrollBarExtent)
    margins = outer.contentsMargins()
    width, height = need.width() + bar, need.height()
    for index in range(1, outer.count()):
        kept = outer.itemAt(index)
        hint = kept.sizeHint() if kept is not None else QSize()
        width = max(width, hint.width())
        height += hint.height() + max(outer.spacing(), 0)
    target = QSize(
        width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
    )
    dialog.setMinimumSize(dialog.minimumSize().boundedTo(room))
    dialog.resize(target.expandedTo(dialog.size()).boundedTo(room))
    clamp_to_screen(dialog)


class DialogFitter(QObject):
    """Fits each dialog to its screen when it opens and whenever it grows."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: set[int] = set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind in (QEvent.Type.Show, QEvent.Type.Resize)
            and isinstance(watched, QDialog)
            and watched.isWindow()
        ):
            if kind == QEvent.Type.Show:
                fit_dialog(watched)
            elif watched.isVisible() and id(watched) not in self._pending:
                # A dialog that grew while open (rows shown, a report added): refit once the
                # resize is over rather than inside it.
                self._pending.add(id(watched))
                QTimer.singleShot(0, watched, lambda d=watched: self._refit(d))
        return False

    def _refit(self, dialog: QDialog) -> None:
        self._pending.discard(id(dialog))
        try:
            if dialog.isVisible():
                fit_dialog(dialog)
        except RuntimeError:  # the dialog went in the meantime
            pass


_fitters: list[DialogFitter] = []


def watch_dialog(dialog: QDialog) -> None:
    """Fit `dialog` to its screen when it opens and whenever it grows."""
    if not _fitters:
        app = QApplication.instance()
        _fitters.append(DialogFitter(app))  # lives as long as the application
    dialog.installEventFilter(_fitters[0])


class FittedDialog(QDialog):
    """A dialog that fits its screen: the base of every dialog of Duka's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        watch_dialog(self)
