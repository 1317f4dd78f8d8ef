"""The first start: the shop's name and country; the country proposes its currency, language,
tax rates and mobile money, which the owner confirms or changes before starting."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from duka.core import settings as spec
from duka.core.country_taxes import propose
from duka.core.currency import known_currencies
from duka.core.errors import InvalidInput
from duka.core.tax import TaxRate
from duka.core.territory import country_codes, country_defaults, country_name
from duka.i18n import LANGUAGES, N_, _, current_language, language_label
from duka.i18n.formatting import Formats, locale_id
from duka.ui.dialogs.pin_entry import pin_field
from duka.ui.language import apply_country, apply_language
from duka.ui.models.tax_rates import CODE, EXEMPT, PERCENT
from duka.ui.operations import attempt
from duka.ui.state import AppState
from duka.ui.widgets.dialog_parts import ok_cancel
from duka.ui.widgets.screen_fit import FittedDialog
from duka.ui.widgets.setting_editors import DigitsEditor, NamesEditor, TaxRatesEditor

MPESA = "M-Pesa"


def _system_country() -> str:
    name = QLocale.system().name()  # e.g. "en_KE"
    code = name.split("_")[1] if "_" in name else ""
    return code if code in country_codes() else ""


class FirstRunDialog(FittedDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.state = state
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("intro")
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        self.country = QComboBox()
        self.country.setMaxVisibleItems(20)
        self.currency = QComboBox()
        self.currency.setMaxVisibleItems(20)
        for combo in (self.country, self.currency):
            # As wide as the column, not as the longest name of ~250 (in Tamil, wider than a
            # netbook); the list that opens shows the names whole.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(language_label(code), code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.owner_edit = QLineEdit()
        self.owner_edit.setMaxLength(60)
        self.pin_edit = pin_field()
        self.again_edit = pin_field()
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # Tamil's labels
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        fields = (
            self.name_edit,
            self.country,
            self.language,
            self.owner_edit,
            self.pin_edit,
            self.again_edit,
        )
        self._labels = [QLabel() for _ in fields]
        for label, field in zip(self._labels, fields, strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)

        # What the country proposes, shown for the owner to confirm or change.
        self.rates = TaxRatesEditor(spec.TAX_RATES, state)
        self.rates.table.setMinimumHeight(120)
        for column, width in ((CODE, 48), (PERCENT, 72), (EXEMPT, 64)):
            self.rates.table.setColumnWidth(column, width)
        self.tax_note = QLabel()
        self.tax_note.setObjectName("formStatus")
        self.tax_note.setWordWrap(True)
        self.mobile = NamesEditor(spec.MOBILE_MONEY, state)
        self.mobile.edit.textChanged.connect(lambda _t: self._show_mpesa())
        self.till = DigitsEditor(spec.MPESA_TILL, state)
        self.paybill = DigitsEditor(spec.MPESA_PAYBILL, state)
        self.proposed = QGroupBox()
        self.proposed_form = QFormLayout(self.proposed)
        # Long labels (French, Hindi) go above their field rather than push the column wider
        # than a netbook's screen.
        self.proposed_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.proposed_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        proposed_fields = (
            self.currency,
            self.rates.widget,
            self.tax_note,
            self.mobile.widget,
            self.till.widget,
            self.paybill.widget,
        )
        self._proposed_labels = [QLabel() for _ in proposed_fields]
        for label, field in zip(self._proposed_labels, proposed_fields, strict=True):
            label.setBuddy(field)
            if field in (self.currency, self.rates.widget):  # the whole width, the name above
                self.proposed_form.addRow(label)
                self.proposed_form.addRow(field)
            elif field is self.tax_note:
                self.proposed_form.addRow(field)
            else:
                self.proposed_form.addRow(label, field)
        self._proposal: tuple[TaxRate, ...] = ()

        self.buttons = ok_cancel(self)
        columns = QHBoxLayout()
        columns.addLayout(self.form, 4)
        columns.addWidget(self.proposed, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)

        self.country.activated.connect(lambda _i: self._propose())
        # Digits follow the language and the country chosen, as they will in the shop.
        self.language.activated.connect(
            lambda _i: apply_language(
                self.language.currentData(), self.country.currentData() or None
            )
        )
        self._fill_countries(_system_country())
        self._fill_currencies(None)
        self._propose()
        self.retranslate()
        self.setMinimumWidth(820)

    def showEvent(self, event: QShowEvent) -> None:
        # Qt opens a window at most two thirds of the screen high, which squeezes the tax
        # table on a netbook: take the height the form needs, within the screen.
        super().showEvent(event)
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry().height() - 40
            wanted = max(self.height(), self.sizeHint().height())
            self.resize(self.width(), min(wanted, room))

    def _fill_countries(self, keep: str | None) -> None:
        language = current_language()
        self.country.blockSignals(True)
        self.country.clear()
        named = sorted(
            ((country_name(c, language), c) for c in country_codes()), key=lambda i: i[0].casefold()
        )
        self.country.addItem("", "")
        for name, code in named:
            self.country.addItem(name, code)
        self.country.setCurrentIndex(max(0, self.country.findData(keep or "")))
        self.country.blockSignals(False)

    def _fill_currencies(self, keep: str | None) -> None:
        formats = Formats(locale_id(current_language(), self.country.currentData() or None))
        self.currency.clear()
        for code in sorted(known_currencies()):
            self.currency.addItem(f"{code} — {formats.currency_name(code)}", code)
        if keep:
            self.currency.setCurrentIndex(self.currency.findData(keep))

    def _propose(self) -> None:
        code = self.country.currentData()
        if not code:
            return
        apply_country(code)
        proposal = country_defaults(code)
        if proposal.currency:
            self.currency.setCurrentIndex(self.currency.findData(proposal.currency))
        self.language.setCurrentIndex(self.language.findData(proposal.language))
        self._propose_taxes(code)

    def _propose_taxes(self, code: str) -> None:
        taxes = propose(code)
        self._proposal = taxes.rates
        self.rates.set_value(taxes.rates)
        self.tax_note.setText(_(taxes.note) if taxes.note else "")
        self.tax_note.setVisible(bool(taxes.note))
        self.mobile.set_value(taxes.mobile_money)
        self._show_mpesa()

    def _takes_mpesa(self) -> bool:
        return MPESA.casefold() in (name.casefold() for name in self.mobile.value())

    def _show_mpesa(self) -> None:
        """The Till and Paybill fields only where the shop takes M-Pesa."""
        shown = self._takes_mpesa()
        for editor, label in ((self.till, self._proposed_labels[4]),
                              (self.paybill, self._proposed_labels[5])):  # fmt: skip
            editor.widget.setVisible(shown)
            label.setVisible(shown)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Welcome to Duka"))
        self.intro.setText(
            _(
                "Tell Duka about your shop and choose your PIN: you sign in with it, and "
                "as the owner you add the other users. The rest can change later in Settings."
            )
        )
        texts = (
            _("Shop name"),
            _("Country"),
            _("Language"),
            _("Your name (the owner)"),
            _("Your PIN (4 to 8 digits)"),
            _("The same PIN again"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        proposed = (
            _("Currency"),
            _("Tax rates"),
            "",
            _("Mobile money the shop takes"),
            _("M-Pesa Till number"),
            _("M-Pesa Paybill number"),
        )
        for label, text in zip(self._proposed_labels, proposed, strict=True):
            label.setText(text)
        self.proposed.setTitle(_("Proposed for your country: check and change"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Start"))
        self._fill_countries(self.country.currentData())
        self._fill_currencies(self.currency.currentData())
        for editor in (self.rates, self.mobile, self.till, self.paybill):
            editor.retranslate()
        code = self.country.currentData()
        if code and self._unchanged_rates():  # still the proposal: name it in this language
            self._proposal = propose(code).rates
            self.rates.set_value(self._proposal)
            note = propose(code).note
            self.tax_note.setText(_(note) if note else "")

    def _unchanged_rates(self) -> bool:
        try:
            return bool(self.rates.value() == self._proposal)
        except InvalidInput:
            return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _start(self) -> object:
        if self.pin_edit.text() != self.again_edit.text():
            raise InvalidInput(N_("The two PINs differ."), field="pin")
        more: dict[str, object] = {
            spec.TAX_RATES.key: self.rates.value(),
            spec.MOBILE_MONEY.key: self.mobile.value(),
        }
        if self._takes_mpesa():
            more[spec.MPESA_TILL.key] = self.till.value()
            more[spec.MPESA_PAYBILL.key] = self.paybill.value()
        return self.state.shop.settings.first_run(
            self.name_edit.text(),
            self.country.currentData() or "",
            self.currency.currentData(),
            self.language.currentData(),
            owner_name=self.owner_edit.text(),
            owner_pin=self.pin_edit.text(),
            more=more,
        )

    def accept(self) -> None:
        if attempt(self, self._start) is None:
            self.pin_edit.clear()
            self.again_edit.clear()
            return
        self.state.reload()
        self.state.signed_in.emit()
        super().accept()
