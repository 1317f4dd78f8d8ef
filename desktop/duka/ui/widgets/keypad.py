"""An on-screen keypad for a finger: quantities, weights and cash, without a keyboard, in the
shop's digits.

Digits stay in the order every calculator and phone has (7 8 9 at the top, left to right)
in every language; in a right-to-left language the keypad's place in its window mirrors,
not the digits. Each key is at least 9 mm square (duka.ui.widgets.touch).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from duka.i18n import _
from duka.ui.widgets.touch import touch_px

_ROWS = (("7", "8", "9"), ("4", "5", "6"), ("1", "2", "3"), ("mark", "0", "erase"))


class Keypad(QWidget):
    """Types into `field` as its keyboard would; the first key replaces a selected text
    (a field opened with its value selected, as the quantity and cash fields are)."""

    def __init__(
        self,
        field: QLineEdit,
        decimal_mark: str = ".",
        parent: QWidget | None = None,
        digit: Callable[[int], str] = str,
    ):
        super().__init__(parent)
        self.setObjectName("keypad")
        self.field = field
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        side = touch_px(self)
        for row, keys in enumerate(_ROWS):
            for column, key in enumerate(keys):
                # The shop's own digits (Arabic-Indic in Egypt), as every number around it.
                text = {"mark": decimal_mark, "erase": "⌫"}.get(key) or digit(int(key))
                button = QPushButton(text)
                button.setObjectName("keypadKey")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the keyboard
                button.setAutoDefault(False)
                button.setMinimumSize(side, side)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.clicked.connect(
                    lambda _on=False, k=text if key != "erase" else "": self.press(k)
                )
                grid.addWidget(button, row, column)
                self.keys[key] = button  # by the key's place: "7", "mark", "erase"
        self.keys["erase"].setAccessibleName(_("Erase"))
        # The digits keep their order in a right-to-left window; the keypad itself is
        # placed on the mirrored side by its parent's layout.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

    def press(self, text: str) -> None:
        """Type `text` (one key), or erase one character when empty."""
        field = self.field
        if text:
            field.insert(text)  # replaces the selection, as typing does
        elif field.hasSelectedText():
            field.del_()
        else:
            field.backspace()
        field.textEdited.emit(field.text())
        field.setFocus()
