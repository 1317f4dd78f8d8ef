"""A barcode scanner is a keyboard that types fast: its code, a few ms a key, then Enter.

One filter, on whichever window has the keyboard, tells a scan from typing (at least
MIN_LENGTH keys, each within GAP_MS of the one before, then Enter) and makes each scan one
event: it goes, once, to the field that takes scans in the window in front (`take_scans`),
wherever the focus is in that window, and its Enter never reaches a button. While a box or a
dialog that takes no scans is in front, a scan is kept (with a beep and a notice) and handed
to the window below once that is in front again, so a scanner never answers a question the
cashier did not read. Where nothing takes scans, a scan is refused the same way.

Typed keys are held back while they might be the start of a scan (GAP_MS at most), then
delivered as typed to the widget with the focus: people type slower than that.

A field that takes scans also acts on a typed Enter itself and keeps it, so Enter there never
presses a dialog's default button either.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QThread, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip, QWidget

from duka.i18n import N_, _
from duka.ui.models.windowed import isolate

GAP_MS = 50
MIN_LENGTH = 4
_NOTICE_MS = 5000
_RETRY_MS = 100
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock,
)  # fmt: skip
_COMMANDS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
KEPT = N_("The scan {code} is kept: it goes in once this window is closed.")
REFUSED = N_("Nothing here takes scans: {code} was not used.")


@dataclass(eq=False)
class _Target:
    """A field that takes scans, and what a scan there does."""

    field: QLineEdit
    act: Callable[[], object]
    on_scan: Callable[[str], object] | None
    area: QWidget | None
    keeps_typing: bool

    def alive(self) -> bool:
        return shiboken6.isValid(self.field) and (self.area is None or shiboken6.isValid(self.area))

    def ready(self) -> bool:
        return self.alive() and self.field.isVisible() and self.field.isEnabled()

    def covers(self, widget: QWidget | None) -> bool:
        area = self.area or self.field
        return widget is not None and (widget is area or area.isAncestorOf(widget))

    def take(self, code: str) -> None:
        if self.on_scan is not None:
            self.on_scan(code)
            return
        self.field.setText(code)
        self.act()


@dataclass(eq=False)
class _Kept:
    """A scan made while a box was in front, for the field below it."""

    code: str
    target: _Target
    level: int  # the event loop's depth then: the box's exec() runs the deepest one
    free_ticks: int = 0


class _EnterActs(QObject):
    """Enter typed in a field that takes scans acts there and goes no further."""

    def __init__(self, target: _Target) -> None:
        super().__init__(target.field)
        self.target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _ENTER and not event.modifiers() & _COMMANDS:
                self.target.act()
                return True
        return False


def take_scans(
    field: QLineEdit,
    act: Callable[[], object],
    *,
    on_scan: Callable[[str], object] | None = None,
    area: QWidget | None = None,
    keeps_typing: bool = False,
) -> None:
    """`field` takes the scans of its window: a scan sets its text to the code and calls
    `act` (or calls `on_scan(code)`), as Enter typed in it calls `act`. With `area`, the
    scans aimed at that part of the window (the focus is in it) come here first; with
    `keeps_typing`, what is typed on a part of `area` that takes no text goes to `field`."""
    target = _Target(field, act, on_scan, area, keeps_typing)
    field.installEventFilter(_EnterActs(target))
    scanner().targets.append(target)


def _widget_of(window: QWindow) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if widget.windowHandle() is window:
            return widget
    return None


def _takes_text(widget: QWidget) -> bool:
    return widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)


class Scanner(QObject):
    """Watches the keys of the window that has the keyboard (see the module's note)."""

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self.targets: list[_Target] = []
        self._held: list[tuple[Qt.Key, str, Qt.KeyboardModifier]] = []
        self._last_key_at = 0
        self._swallowed: Counter[int] = Counter()
        self.waiting: list[_Kept] = []
        self.notice_text = ""  # the last notice, for the tests and the log of a day
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self._flush)
        self._retry = QTimer(self)
        self._retry.setInterval(_RETRY_MS)
        self._retry.timeout.connect(self._hand_over)
        app.focusWindowChanged.connect(self._watch)
        self._watch(app.focusWindow())

    def _watch(self, window: QWindow | None) -> None:
        # Only the window with the keyboard gets keys; watching it alone costs nothing on
        # the many events of the widgets inside it. Installing twice keeps one filter.
        if window is not None:
            window.installEventFilter(self)

    # -- telling a scan from typing ---------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(watched, QWindow):
            assert isinstance(event, QKeyEvent)
            return self._pressed(watched, event)
        if kind == QEvent.Type.KeyRelease:
            assert isinstance(event, QKeyEvent)
            if self._swallowed[event.key()] > 0:
                self._swallowed[event.key()] -= 1
                return True
        return False

    def _pressed(self, window: QWindow, event: QKeyEvent) -> bool:
        key, text = Qt.Key(event.key()), event.text()
        if key in _MODIFIER_KEYS:
            return False  # a scanner's Shift for a capital letter is part of its burst
        now = event.timestamp() or int(time.monotonic() * 1000)
        fast = bool(self._held) and 0 <= now - self._last_key_at <= GAP_MS
        commands = bool(event.modifiers() & _COMMANDS)
        if key in _ENTER and not commands:
            if fast and len(self._held) >= MIN_LENGTH and not self._pin_typed():
                code = "".join(held for _key, held, _mods in self._held)
                self._held.clear()
                self._flush_timer.stop()
                self._swallowed[key] += 1
                self._deliver(window, code)
                return True
            self._flush()
            self._typing_goes_to_field()
            return False
        printable = len(text) == 1 and text.isprintable()
        if printable and not commands and not event.isAutoRepeat():
            if self._held and not fast:
                self._flush()  # a pause: what came before was typed
            self._held.append((key, text, event.modifiers()))
            self._last_key_at = now
            self._swallowed[key] += 1
            self._flush_timer.start(GAP_MS)
            return True
        self._flush()
        return False

    def _pin_typed(self) -> bool:
        """A PIN rolled fast on the keypad is as quick as a scanner; nobody scans into a
        hidden field, though, so there a burst that fits the field was typed."""
        focus = QApplication.focusWidget()
        return (
            isinstance(focus, QLineEdit)
            and focus.echoMode() != QLineEdit.EchoMode.Normal
            and len(self._held) <= focus.maxLength()
        )

    def _flush(self) -> None:
        """The held keys were typed: deliver them as they came, to the focus."""
        self._flush_timer.stop()
        held, self._held = self._held, []
        for key, text, modifiers in held:
            receiver = self._typing_receiver()
            if receiver is None:
                return
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(receiver, QKeyEvent(kind, key, modifiers, text))

    def _typing_receiver(self) -> QWidget | None:
        grabber = QWidget.keyboardGrabber()
        if grabber is not None:
            return grabber
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup.focusWidget() or popup
        self._typing_goes_to_field()
        return QApplication.focusWidget() or QApplication.activeWindow()

    def _typing_goes_to_field(self) -> None:
        focus = QApplication.focusWidget()
        if focus is None or _takes_text(focus):
            return
        for target in self._live():
            if target.keeps_typing and target.ready() and target.covers(focus):
                target.field.setFocus()
                return

    # -- delivering a scan ------------------------------------------------------------------

    def _live(self) -> list[_Target]:
        self.targets = [t for t in self.targets if t.alive()]
        return self.targets

    def _target_in(self, window: QWidget | None) -> _Target | None:
        if window is None:
            return None
        ready = [t for t in self._live() if t.ready() and t.field.window() is window]
        focus = window.focusWidget()
        for target in reversed(ready):  # the newest first: a part made later sits on top
            if target.covers(focus):
                return target
        return ready[-1] if ready else None

    def _below(self, front: QWidget) -> _Target | None:
        """The target of the window a box or dialog was opened over."""
        parent = front.parentWidget()
        while parent is not None:
            window = parent.window()
            found = self._target_in(window)
            if found is not None:
                return found
            parent = window.parentWidget()
        others = [
            t for t in self._live() if t.ready() and not t.field.window().isModal()
        ]  # a box without a parent sits over the main window
        return others[-1] if others else None

    def _deliver(self, window: QWindow, code: str) -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()  # a list offered for what was typed: the scan replaces it
        front = QApplication.activeModalWidget() or _widget_of(window)
        target = self._target_in(front)
        if target is not None and all(kept.target is not target for kept in self.waiting):
            target.take(code)  # (scans kept for it go first: it waits behind them)
            return
        aimed = target or (self._below(front) if front is not None else None)
        if aimed is None:
            self._say(front, _(REFUSED).format(code=isolate(code)))
            return
        self.waiting.append(_Kept(code, aimed, QThread.currentThread().loopLevel()))
        if target is None:
            self._say(front, _(KEPT).format(code=isolate(code)))
        self._retry.start()

    def _free(self, target: _Target) -> bool:
        modal = QApplication.activeModalWidget()
        return (
            target.ready()
            and (modal is None or modal is target.field.window())
            and QApplication.activePopupWidget() is None
        )

    def _hand_over(self) -> None:
        """Kept scans go in, in order, once their window is in front again."""
        for kept in list(self.waiting):
            if kept not in self.waiting:
                continue  # handed over meanwhile (a box opened by a scan ran this again)
            target = kept.target
            if not target.alive() or not target.field.window().isVisible():
                self.waiting.remove(kept)  # its window was closed: nothing to give it to
                continue
            if not self._free(target):
                kept.free_ticks = 0
                continue
            kept.free_ticks += 1
            # A box hides before its exec() returns: the code that opened it acts on the
            # answer first (a cancelled sale is cancelled without this scan). A window shown
            # without exec() never lowers the depth: a moment in front is enough then.
            if QThread.currentThread().loopLevel() >= kept.level and kept.free_ticks < 3:
                continue
            self.waiting.remove(kept)
            QToolTip.hideText()
            target.take(kept.code)  # may open a box: the next for the same field waits
        if not self.waiting:
            self._retry.stop()

    def _say(self, over: QWidget | None, text: str) -> None:
        QApplication.beep()
        self.notice_text = text
        if over is not None:
            # A tip takes no focus, so the box keeps its keys; it sits under the box, whose
            # question and buttons stay in view.
            under = over.mapToGlobal(QPoint(0, over.height()))
            QToolTip.showText(under, text, over, QRect(), _NOTICE_MS)


_scanner: Scanner | None = None


def scanner() -> Scanner:
    """The app's one scanner watch (made with the first field that takes scans)."""
    global _scanner
    if _scanner is None or not shiboken6.isValid(_scanner):
        app = QApplication.instance()
        assert isinstance(app, QGuiApplication)
        _scanner = Scanner(app)
    return _scanner
