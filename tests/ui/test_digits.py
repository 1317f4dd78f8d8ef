"""Qt's widgets write digits as babel does for the shop's language and country: a date
picker, a spin box, the dashboard chart and the money beside them share one zero digit, and a
percent carries the locale's own sign, on screen and on paper."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from babel import localedata
from pypdf import PdfReader
from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from duka.core import settings as spec
from duka.core.invoices import DocKind
from duka.core.money import Money
from duka.i18n.digits import numbering_for, zero_digit
from duka.i18n.formatting import Formats, locale_id
from duka.i18n.languages import LANGUAGES
from duka.services.shop import Shop
from duka.ui.main_window import MainWindow
from duka.ui.qt_locale import qt_locale
from duka.ui.screens.dashboard import DashboardScreen
from duka.ui.state import AppState
from duka.ui.widgets.setting_editors import ChoiceEditor


def zeros(text: str) -> set[str]:
    """The digit zero of every digit in `text`: one element when the digits agree."""
    return {chr(ord(c) - unicodedata.digit(c)) for c in text if unicodedata.category(c) == "Nd"}


PAIRS = [
    ("ar", "EG", "\u0660"),
    ("ar", "MA", "0"),
    ("ar", "KE", "0"),
    ("fa", "IR", "\u06f0"),
    ("bn", "BD", "\u09e6"),
    ("hi", "IN", "0"),
    ("th", "TH", "0"),
    ("en", "KE", "0"),
    ("fr", "FR", "0"),
]


@pytest.mark.parametrize(("language", "country", "zero"), PAIRS)
def test_qt_widgets_and_babel_write_the_same_digits(
    qtbot: QtBot, state: AppState, language: str, country: str, zero: str
) -> None:
    state.save_settings({spec.LANGUAGE.key: language, spec.COUNTRY.key: country})
    picker = QDateEdit(QDate(2026, 12, 7))
    days = QSpinBox()
    days.setRange(0, 365)
    days.setValue(30)
    for widget in (picker, days):
        qtbot.addWidget(widget)
    formats = state.formats
    shown = {
        "date picker": picker.text(),
        "spin box": days.text(),
        "Qt number": QLocale().toString(1234),
        "number": formats.number(Decimal(1234)),
        "money": formats.money(Decimal("1234.50"), "KES"),
        "percent": formats.percent(Decimal(16)),
        "date": formats.date(picker.date().toPython(), "short"),
    }
    for what, text in shown.items():
        assert zeros(text) == {zero}, f"{what}: {text}"


def test_a_picker_already_on_screen_changes_digits_with_the_country(
    qtbot: QtBot, state: AppState
) -> None:
    window = QWidget()
    days = QSpinBox(window)
    days.setValue(30)
    qtbot.addWidget(window)
    state.save_settings({spec.LANGUAGE.key: "ar", spec.COUNTRY.key: "MA"})
    assert days.text() == "30"
    state.save_settings({spec.COUNTRY.key: "EG"})
    assert days.text() == "\u0663\u0660"
    state.save_settings({spec.COUNTRY.key: "KE"})
    assert days.text() == "30"


def test_qt_can_follow_cldr_in_every_country_of_every_shipped_language() -> None:
    """Where Qt's data for a locale has other digits than CLDR's, another country of the
    same language stands in; none is left with two kinds of digits."""
    ids = localedata.locale_identifiers()
    for code in LANGUAGES:
        language = code.split("_")[0]
        names = {code} | {i for i in ids if i.split("_")[0] == language and "_" in i}
        for name in sorted(names):
            if not localedata.exists(name):
                continue
            chosen = qt_locale(name)
            assert chosen.zeroDigit() == zero_digit(numbering_for(name)), name
            assert chosen.language() == QLocale(name).language(), name


@pytest.mark.parametrize(("language", "country"), [("ar", "EG"), ("ar", "KE"), ("fa", "IR")])
def test_a_percent_choice_shows_the_locales_own_sign(
    qtbot: QtBot, state: AppState, language: str, country: str
) -> None:
    state.save_settings({spec.LANGUAGE.key: language, spec.COUNTRY.key: country})
    editor = ChoiceEditor(spec.DISCOUNT_LIMIT, state)
    qtbot.addWidget(editor.combo)
    editor.retranslate()
    texts = [editor.combo.itemText(i) for i in range(editor.combo.count())]
    formats = state.formats
    assert formats.percent(Decimal(10)) in texts
    assert all(formats.percent_sign in t for t in texts if zeros(t))
    assert all(zeros(t) <= {zero_digit(formats.numbering)} for t in texts)


def test_the_dashboard_chart_writes_its_days_in_the_moneys_digits(
    qtbot: QtBot, window: MainWindow
) -> None:
    state = window.state
    state.save_settings({spec.LANGUAGE.key: "ar", spec.COUNTRY.key: "KE"})
    screen = window.show_screen("home")
    assert isinstance(screen, DashboardScreen)
    labels = "".join(bar.label for bar in screen.chart.bars())
    money = screen.tiles["sales"].value.text()
    assert zeros(labels) == zeros(money) == {"0"}
    state.save_settings({spec.COUNTRY.key: "EG"})
    screen = window.show_screen("home")
    assert isinstance(screen, DashboardScreen)
    labels = "".join(bar.label for bar in screen.chart.bars())
    assert zeros(labels) == zeros(screen.tiles["sales"].value.text()) == {"\u0660"}


def test_an_egyptian_invoice_numbers_its_pages_in_the_digits_of_its_money(
    demo_shop: Shop, tmp_path: Path
) -> None:
    demo_shop.settings.save({spec.COUNTRY.key: "EG"})
    issued = [
        d for d in demo_shop.invoices.listing(kinds=[DocKind.INVOICE]) if d.number is not None
    ]
    doc = demo_shop.invoices.get(issued[-1].id)
    path = tmp_path / "fatura.pdf"
    demo_shop.invoices.pdf(doc.id, path, language="ar")
    text = unicodedata.normalize("NFKC", PdfReader(path).pages[0].extract_text())
    formats = Formats(locale_id("ar", "EG"))
    total = formats.money(Money(doc.gross, "KES").amount, "KES")
    assert zeros(total) == {"\u0660"}
    # "page ١ of ١": pypdf gives the words of the right-to-left line one by one, from the
    # left, so the page numbers come just before the word "page".
    words = [w.strip() for w in text.splitlines() if w.strip()]
    at = words.index("صفحة")
    label = " ".join(words[at - 3 : at + 1])
    assert "من" in label
    assert zeros(label) == {"\u0660"}, label


@pytest.mark.parametrize(("language", "country"), [("ar", "EG"), ("tr", "TR"), ("fa", "IR")])
def test_a_discount_typed_as_the_locale_writes_a_percent_is_a_percent(
    state: AppState, language: str, country: str
) -> None:
    from duka.ui.dialogs.sale_line import parse_discount

    state.save_settings({spec.LANGUAGE.key: language, spec.COUNTRY.key: country})
    typed = state.formats.percent(Decimal(10))  # "١٠٪؜", "%10", "۱۰٪"
    assert parse_discount(state, typed, Money.of("250", "KES")) == Money.of("25", "KES")


@pytest.mark.parametrize(("language", "country"), [("ar", "EG"), ("fa", "IR"), ("tr", "TR")])
def test_the_price_change_dialog_writes_its_examples_in_the_shops_digits_and_sign(
    qtbot: QtBot, state: AppState, language: str, country: str
) -> None:
    from duka.core.products import ProductQuery
    from duka.ui.dialogs.price_change import PriceChangeDialog

    state.save_settings({spec.LANGUAGE.key: language, spec.COUNTRY.key: country})
    dialog = PriceChangeDialog(state, ProductQuery(), 12)
    qtbot.addWidget(dialog)
    formats = state.formats
    zero = zero_digit(formats.numbering)
    texts = (
        dialog.scope.text(),
        dialog.percent_label.text(),
        dialog.percent.placeholderText(),
        dialog.round_to.placeholderText(),
    )
    for text in texts:
        assert zeros(text) <= {zero}, text
        assert "%" not in text.replace(formats.percent_sign, ""), text
    assert formats.percent_sign in dialog.percent_label.text()
    # The example typed with the shop's digits raises prices by ten percent (as an input
    # method commits it: QTest types ASCII only).
    qtbot.keyClicks(dialog.percent, "+")
    dialog.percent.insert(formats.count(10))
    assert formats.parse_percent(dialog.percent.text().replace("+", "")) == Decimal(10)


def test_the_report_dates_change_digits_with_the_country(qtbot: QtBot, window: MainWindow) -> None:
    from duka.ui.screens.reports import ReportsScreen

    state = window.state
    state.save_settings({spec.LANGUAGE.key: "ar", spec.COUNTRY.key: "MA"})
    screen = window.show_screen("reports")
    assert isinstance(screen, ReportsScreen)
    assert zeros(screen.first.text() + screen.days.text()) == {"0"}
    state.save_settings({spec.COUNTRY.key: "EG"})
    assert zeros(screen.first.text() + screen.days.text()) == {"\u0660"}


def test_the_keypad_shows_and_types_the_shops_digits(qtbot: QtBot, state: AppState) -> None:
    from PySide6.QtWidgets import QLineEdit

    from duka.ui.widgets.keypad import Keypad

    state.save_settings({spec.LANGUAGE.key: "ar", spec.COUNTRY.key: "EG"})
    field = QLineEdit()
    pad = Keypad(field, state.formats.decimal_symbol, digit=state.formats.count)
    qtbot.addWidget(field)
    qtbot.addWidget(pad)
    assert pad.keys["7"].text() == "\u0667"
    assert pad.keys["mark"].text() == "\u066b"  # as the money above it writes it
    for key in ("1", "2", "mark", "5"):
        pad.keys[key].click()
    assert state.formats.parse_amount(field.text(), "KES") == Decimal("12.5")
    assert zeros(field.text()) == {"\u0660"}
