"""The lock screen: type your PIN and press Enter.

The PIN alone says who you are; choosing a name first is optional (and keeps a run of wrong
PINs from locking everybody out). Digits typed anywhere on the screen go into the PIN, and a
keypad serves touch screens. Nothing behind the lock screen is closed or lost.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from duka.core.access import PIN_MAX
from duka.core.settings import SHOP_NAME
from duka.i18n import TranslatableError, _
from duka.services.access import SignInRefused, wait_refusal
from duka.ui.state import AppState

_ANYONE = None  # the first entry of the list: the PIN says who it is


class LockScreen(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.state = state
        self._wait = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

        self.shop_label = QLabel()
        self.shop_label.setObjectName("lockShop")
        self.title = QLabel()
        self.title.setObjectName("lockTitle")
        self.users = QListWidget()
        self.users.setObjectName("lockUsers")
        self.users.setFixedWidth(250)
        self.users.setWordWrap(True)
        self.users.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.users.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pin = QLineEdit()
        self.users.currentRowChanged.connect(lambda _row: self.pin.setFocus())
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(PIN_MAX)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.returnPressed.connect(self.submit)
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        # A keypad reads 1 2 3 from the left in every language, as on a phone.
        pad = QWidget()
        pad.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        keypad = QGridLayout(pad)
        keypad.setContentsMargins(0, 0, 0, 0)
        self.keys: list[QPushButton] = []
        for position, key in enumerate("123456789⌫0✓"):
            button = QPushButton(key)
            button.setObjectName("key")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumSize(72, 56)
            button.clicked.connect(lambda _checked=False, k=key: self._key(k))
            keypad.addWidget(button, position // 3, position % 3)
            self.keys.append(button)
        self.sign_in_button = self.keys[-1]

        card = QFrame()
        card.setObjectName("lockCard")
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(self.shop_label, 0, Qt.AlignmentFlag.AlignHCenter)
        card_layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        card_layout.addSpacing(8)
        card_layout.addWidget(self.pin)
        card_layout.addWidget(pad)
        card_layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.users)
        row.addSpacing(24)
        row.addWidget(card)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.setFocusProxy(self.pin)
        self.retranslate()

    # -- showing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Ready for the next person: names up to date, PIN empty."""
        self.users.blockSignals(True)
        self.users.clear()
        anyone = QListWidgetItem(_("Anyone: the PIN says who"))
        anyone.setData(Qt.ItemDataRole.UserRole, _ANYONE)
        self.users.addItem(anyone)
        for user in self.state.shop.access.active_users():
            item = QListWidgetItem(f"{user.name}\n{_(user.role.label)}")
            item.setData(Qt.ItemDataRole.UserRole, user.name)
            self.users.addItem(item)
        self.users.setCurrentRow(0)
        self.users.blockSignals(False)
        self.pin.clear()
        if not self._wait:
            self.message.clear()
        self.shop_label.setText(self.state.settings[SHOP_NAME] or "Duka")
        self.pin.setFocus()

    def retranslate(self) -> None:
        self.title.setText(_("Enter your PIN"))
        self.sign_in_button.setToolTip(_("Sign in"))
        self.keys[9].setToolTip(_("Delete the last digit"))
        if self.users.count():
            self.users.item(0).setText(_("Anyone: the PIN says who"))
        if self._wait:
            self._show_wait()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- typing -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Digits typed while focus is elsewhere on the screen still reach the PIN.
        if event.text().isdigit() and self.pin.isEnabled():
            self.pin.setFocus()
            self.pin.insert(event.text())
            return
        if event.key() == Qt.Key.Key_Escape:
            self.pin.clear()
            return
        super().keyPressEvent(event)

    def _key(self, key: str) -> None:
        if key == "⌫":
            self.pin.backspace()
        elif key == "✓":
            self.submit()
        else:
            self.pin.insert(key)
        self.pin.setFocus()

    def submit(self) -> None:
        if self._wait or not self.pin.text():
            return
        chosen = self.users.currentItem()
        name = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
        pin = self.pin.text()
        self.pin.clear()
        try:
            self.state.sign_in(pin, name)
        except SignInRefused as refused:
            if refused.wait_seconds:
                self._wait = refused.wait_seconds
                self._set_enabled(False)
                self._countdown.start()
                self._show_wait()
            else:
                self.message.setText(refused.message)
        except TranslatableError as error:
            self.message.setText(error.message)
        else:
            self.message.clear()

    # -- waiting after wrong PINs -------------------------------------------------------

    def _tick(self) -> None:
        self._wait = max(0, self._wait - 1)
        if self._wait:
            self._show_wait()
            return
        self._countdown.stop()
        self._set_enabled(True)
        self.message.clear()
        self.pin.setFocus()

    def _show_wait(self) -> None:
        self.message.setText(wait_refusal(self._wait).message)

    def _set_enabled(self, enabled: bool) -> None:
        self.pin.setEnabled(enabled)
        for key in self.keys:
            key.setEnabled(enabled)
