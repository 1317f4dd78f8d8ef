"""One editor widget per kind of setting, made from the setting's declaration."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from duka.core.currency import known_currencies
from duka.core.settings import MAX_LOGO_BYTES, Kind, Setting
from duka.core.territory import country_codes, country_name
from duka.i18n import LANGUAGES, _, current_language, language_label
from duka.ui.models.tax_rates import CODE, EXEMPT, NAME, PERCENT, TaxRatesModel
from duka.ui.state import AppState

# The choice format of a setting chosen in percent (discount limits).
PERCENT_CHOICE = "{value}%"


class Editor(QObject):
    changed = Signal()

    def __init__(self, setting: Setting[Any], state: AppState) -> None:
        super().__init__()
        self.setting = setting
        self.state = state
        self.widget: QWidget = QWidget()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Texts inside the editor (choices, buttons) in the current language."""


class TextEditor(Editor):
    def __init__(self, setting: Setting[Any], state: AppState) -> None:
        super().__init__(setting, state)
        self.edit = QLineEdit()
        self.edit.setMaxLength(200)
        self.edit.textEdited.connect(self.changed)
        self.widget = self.edit

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(str(value or ""))

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(
            _(self.setting.placeholder) if self.setting.placeholder else ""
        )


class NamesEditor(Editor):
    """Names typed with commas between them: "M-Pesa, Airtel Money"."""

    def __init__(self, setting: Setting[Any], state: AppState) -> None:
        super().__init__(setting, state)
        self.edit = QLineEdit()
        self.edit.setMaxLength(200)
        self.edit.textEdited.connect(self.changed)
        self.widget = self.edit

    def value(self) -> tuple[str, ...]:
        return tuple(n for n in (" ".join(p.split()) for p in self.edit.text().split(",")) if n)

    def set_value(self, value: Any) -> None:
        self.edit.setText(", ".join(value or ()))
        self.edit.setCursorPosition(0)  # the first names show in a narrow field

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(_(self.setting.placeholder))


class DigitsEditor(TextEditor):
    def __init__(self, setting: Setting[Any], state: AppState) -> None:
        super().__init__(setting, state)
        self.edit.setMaxLength(20)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)


class LongTextEditor(Editor):
    def __init__(self, setting: Setting[Any], state: AppState) -> None:
        super().__init__(setting, state)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 3 + 14)
        self.edit.textChanged.connect(self.changed)
        self.widget = self.edit

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText(str(value or ""))
        self.edit.blockSignals(False)


class ComboEditor(Editor):
    """A choice among codes whose shown names depend on the language."""

    def __init__(self, setting: Setting[Any], state: AppState) -> None:
        super().__init__(setting, state)
        self.combo = QComboBox()
        self.combo.setMaxVisibleItems(20)
        # A long choice (a country, a scale format) in some language must not widen the page.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(12)
        self.combo.activated.connect(lambda _index: self.changed.emit())
        self.widget = self.combo
        self.retranslate()

    def choices(self) -> list[tuple[str, Any]]:
        raise NotImplementedError

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        if index < 0 and value not in (None, ""):
            self.combo.addItem(str(value), value)  # keep a stored value we do not list
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def retranslate(self) -> None:
        keep = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        for text, data in self.choices():
            self.combo.addItem(text, data)
        self.combo.blockSignals(False)
        if keep is not None:
            self.set_value(keep)


class CountryEditor(ComboEditor):
    def choices(self) -> list[tuple[str, Any]]:
        language = current_language()
        named = [(country_name(code, language), code) for code in country_codes()]
        named.sort(key=lambda item: item[0].casefold())
        return [("", ""), *named]


class CurrencyEditor(ComboEditor):
    def choices(self) -> list[tuple[str, Any]]:
        formats = self.state.formats
        return [
            (f"{code} — {formats.currency_name(code)}", code) for code in sorted(known_currencies())
        ]


class LanguageEditor(ComboEditor):
    def choices(self) -> list[tuple[str, Any]]:
        return [(language_label(code), code) for code in LANGUAGES]


class ChoiceEditor(ComboEditor):
    def choices(self) -> list[tuple[str, Any]]:
        setting = self.setting
        if setting.choice_labels:
            return [
                (_(label), choice)
                for choice, label in zip(setting.choices, setting.choice_labels, strict=True)
            ]
        return [
            (
                _(setting.zero_label)
                if choice == 0 and setting.zero_label
                else self._choice_text(choice),
                choice,
            )
            for choice in setting.choices
        ]

    def _choice_text(self, choice: Any) -> str:
        formats = self.state.formats
        if self.setting.choice_format == PERCENT_CHOICE:
            # The locale's own percent sign, as every other percent on screen, not the
            # one a catalog happened to write.
            return formats.percent(Decimal(choice))
        return _(self.setting.choice_format).format(value=formats.number(choice))


class YesNoEditor(Editor):
    def __init__(self, setting: Setting[Any], state: AppState) -> None:
        super().__init__(setting, state)
        self.box = QCheckBox()
        self.box.toggled.connect(lambda _on: self.changed.emit())
        self.widget = self.box

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(bool(value))
        self.box.blockSignals(False)


class TaxRatesEditor(Editor):
    problem = Signal(str)

    def __init__(self, setting: Setting[Any], state: AppState) -> None:
        super().__init__(setting, state)
        self.model = TaxRatesModel(state.formats)
        self.model.edited.connect(self.changed)
        self.model.invalid.connect(self.problem)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CODE, 70), (PERCENT, 90), (EXEMPT, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(column, width)
        self.table.setMinimumHeight(150)
        self.table.setMaximumHeight(190)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.widget = box
        self.retranslate()

    def _add(self) -> None:
        row = self.model.add_rate()
        self.table.setCurrentIndex(self.model.index(row, NAME))
        self.table.edit(self.model.index(row, NAME))

    def _remove(self) -> None:
        self.model.remove_rate(self.table.currentIndex().row())

    def value(self) -> Any:
        return self.model.rates()

    def set_value(self, value: Any) -> None:
        self.model.set_rates(tuple(value))

    def retranslate(self) -> None:
        self.add_button.setText(_("Add a rate"))
        self.remove_button.setText(_("Remove the rate"))
        self.model.retranslate(self.state.formats)


class LogoEditor(Editor):
    _PREVIEW = QSize(180, 72)

    def __init__(self, setting: Setting[Any], state: AppState) -> None:
        super().__init__(setting, state)
        self._image: bytes | None = None
        self.preview = QLabel()
        self.preview.setFixedSize(self._PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("logoPreview")
        self.choose_button = QPushButton()
        self.clear_button = QPushButton()
        self.choose_button.clicked.connect(self._choose)
        self.clear_button.clicked.connect(self._clear)
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.widget = box
        self.retranslate()

    def _choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self.widget, _("Choose the shop's logo"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        # The settings service checks size and format when the form is saved; reading one
        # byte past the limit is enough for it to refuse a huge file.
        with path.open("rb") as handle:
            self._image = handle.read(MAX_LOGO_BYTES + 1)
        self._show()
        self.changed.emit()

    def _clear(self) -> None:
        self._image = None
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        pixmap = QPixmap()
        if self._image and pixmap.loadFromData(self._image):
            self.preview.setPixmap(
                pixmap.scaled(
                    self._PREVIEW,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("No logo"))
        self.clear_button.setEnabled(self._image is not None)

    def value(self) -> bytes | None:
        return self._image

    def set_value(self, value: Any) -> None:
        self._image = value
        self._show()

    def retranslate(self) -> None:
        self.choose_button.setText(_("Choose…"))
        self.clear_button.setText(_("Remove"))
        self._show()


EDITORS: dict[Kind, type[Editor]] = {
    Kind.TEXT: TextEditor,
    Kind.NUMBER_FORMAT: TextEditor,
    Kind.LONG_TEXT: LongTextEditor,
    Kind.COUNTRY: CountryEditor,
    Kind.CURRENCY: CurrencyEditor,
    Kind.LANGUAGE: LanguageEditor,
    Kind.YES_NO: YesNoEditor,
    Kind.CHOICE: ChoiceEditor,
    Kind.TAX_RATES: TaxRatesEditor,
    Kind.IMAGE: LogoEditor,
    Kind.NAMES: NamesEditor,
    Kind.DIGITS: DigitsEditor,
}
