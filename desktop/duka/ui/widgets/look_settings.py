"""This computer's screen: a high-contrast theme for the sun, larger text, the quick keys.

Chosen per computer (an outdoor stall's netbook, not the office PC) and applied at once.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QWidget,
)

from duka.i18n import N_, _
from duka.ui.machine import (
    QUICK_KEYS_HIDDEN,
    TEXT_SCALE,
    TEXT_SCALES,
    THEME,
    flag,
    machine_settings,
    text_scale,
    theme,
)

_THEMES = (("normal", N_("Normal")), ("contrast", N_("High contrast (in the sun)")))


def scales_that_fit(widget: QWidget) -> list[int]:
    """The text sizes this computer's screen holds every screen at: on a 1024x600 netbook
    the Sell screen's keys and tiles stay whole up to 115%; 130% and 150% need 768 pixels
    of height (the size chosen before stays offered)."""
    screen = widget.screen()
    height = screen.availableGeometry().height() if screen is not None else 768
    chosen = text_scale()
    return [p for p in TEXT_SCALES if p <= 115 or height >= 700 or p == chosen]


class LookBox(QGroupBox):
    def __init__(self, percent: Callable[[Decimal], str] | None = None) -> None:
        super().__init__()
        # Sizes in the shop's percent ("١٠٠٪؜" in Egypt), like every percent on screen.
        self._percent = percent or (lambda value: f"{value}%")
        self.setObjectName("lookBox")
        self.theme = QComboBox()
        self.theme.setObjectName("themeChoice")
        self.scale = QComboBox()
        self.scale.setObjectName("textScaleChoice")
        self.quick_keys = QCheckBox()
        self.quick_keys.setChecked(not flag(QUICK_KEYS_HIDDEN))
        self._theme_label, self._scale_label = QLabel(), QLabel()
        form = QFormLayout(self)
        form.addRow(self._theme_label, self.theme)
        form.addRow(self._scale_label, self.scale)
        form.addRow(self.quick_keys)
        self.retranslate()
        self.theme.activated.connect(lambda _i: self.choose())
        self.scale.activated.connect(lambda _i: self.choose())
        self.quick_keys.toggled.connect(lambda _on: self.choose())

    def retranslate(self) -> None:
        self.setTitle(_("This computer's screen"))
        self._theme_label.setText(_("Theme"))
        self._scale_label.setText(_("Text size"))
        self.quick_keys.setText(_("Quick keys on the Sell screen"))
        self.theme.clear()
        for key, label in _THEMES:
            self.theme.addItem(_(label), key)
        self.theme.setCurrentIndex(self.theme.findData(theme()))
        self.scale.clear()
        for percent in scales_that_fit(self):
            self.scale.addItem(self._percent(Decimal(percent)), percent)
        self.scale.setCurrentIndex(self.scale.findData(text_scale()))

    def choose(self) -> None:
        """Keep the choice for this computer and show it now."""
        from duka.ui.startup import apply_look

        settings = machine_settings()
        settings.setValue(THEME, self.theme.currentData())
        settings.setValue(TEXT_SCALE, self.scale.currentData())
        settings.setValue(QUICK_KEYS_HIDDEN, not self.quick_keys.isChecked())
        settings.sync()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_look(app)
