from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from duka.core import settings as spec
from duka.services.shop import Shop
from duka.ui.main_window import MainWindow
from duka.ui.screens.settings import SettingsScreen
from duka.ui.widgets.setting_editors import (
    ComboEditor,
    LogoEditor,
    TaxRatesEditor,
    TextEditor,
    YesNoEditor,
)


def settings_screen(window: MainWindow) -> SettingsScreen:
    screen = window.show_screen("settings")
    assert isinstance(screen, SettingsScreen)
    return screen


def text_editor(screen: SettingsScreen, setting: spec.Setting[str]) -> TextEditor:
    editor = screen.editors[setting.key]
    assert isinstance(editor, TextEditor)
    return editor


def stored(shop: Shop, key: str) -> object:
    row = shop.context.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def test_typing_and_saving_writes_the_setting(
    qtbot: QtBot, window: MainWindow, demo_shop: Shop
) -> None:
    screen = settings_screen(window)
    assert not screen.save_button.isEnabled()
    edit = text_editor(screen, spec.SHOP_NAME).edit
    edit.selectAll()
    qtbot.keyClicks(edit, "Duka la Baraka")
    assert screen.save_button.isEnabled()
    assert screen.status.text() == "Unsaved changes"
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert stored(demo_shop, "shop_name") == '"Duka la Baraka"'
    assert window.windowTitle() == "Duka la Baraka — Duka"
    assert not screen.save_button.isEnabled()
    assert screen.status.text() == "All changes are saved."


def test_ctrl_s_saves(qtbot: QtBot, window: MainWindow, demo_shop: Shop) -> None:
    screen = settings_screen(window)
    edit = text_editor(screen, spec.PHONE).edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "+254 700 123 456")
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stored(demo_shop, "phone") == '"+254 700 123 456"'


def test_a_refused_value_is_explained_and_nothing_is_saved(
    qtbot: QtBot, window: MainWindow, demo_shop: Shop, refusals: list[str]
) -> None:
    screen = settings_screen(window)
    text_editor(screen, spec.PHONE).edit.setText("+254 711 000 000")
    name = text_editor(screen, spec.SHOP_NAME)
    name.edit.clear()
    name.changed.emit()
    assert not screen.save()
    assert refusals == ["Shop name cannot be empty."]
    assert stored(demo_shop, "shop_name") == '"Duka la Mama Amina"'
    assert stored(demo_shop, "phone") == '"+254 712 000 111"'  # not half of the changes


def test_discard_brings_back_the_saved_values(window: MainWindow) -> None:
    screen = settings_screen(window)
    text_editor(screen, spec.PHONE).edit.setText("typed by mistake")
    screen.discard()
    assert text_editor(screen, spec.PHONE).edit.text() == "+254 712 000 111"
    assert not screen.is_dirty()


def test_switching_language_keeps_what_was_typed(window: MainWindow, demo_shop: Shop) -> None:
    screen = settings_screen(window)
    text_editor(screen, spec.PHONE).edit.setText("0700 000 000")  # typed, not saved
    language = screen.editors[spec.LANGUAGE.key]
    assert isinstance(language, ComboEditor)
    language.combo.setCurrentIndex(language.combo.findData("ar"))
    language.combo.activated.emit(language.combo.currentIndex())
    QApplication.processEvents()
    assert stored(demo_shop, "language") == '"ar"'
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert screen.title.text() == "الإعدادات"
    assert screen.save_button.text() == "حفظ"
    assert text_editor(screen, spec.PHONE).edit.text() == "0700 000 000"
    assert screen.is_dirty()
    country = screen.editors[spec.COUNTRY.key]
    assert isinstance(country, ComboEditor)
    assert country.combo.currentText() == "كينيا" and country.value() == "KE"
    language.combo.setCurrentIndex(language.combo.findData("hi"))
    language.combo.activated.emit(language.combo.currentIndex())
    assert screen.title.text() == "सेटिंग्स"
    assert text_editor(screen, spec.PHONE).edit.text() == "0700 000 000"


def test_tax_rates_are_edited_in_the_shops_locale(
    window: MainWindow, demo_shop: Shop, refusals: list[str]
) -> None:
    screen = settings_screen(window)
    editor = screen.editors[spec.TAX_RATES.key]
    assert isinstance(editor, TaxRatesEditor)
    model = editor.model
    row = model.add_rate()
    assert model.setData(model.index(row, 1), "Tourism levy")
    assert not model.setData(model.index(row, 2), "7,5")  # English locale: refused...
    assert "Did you mean 7.5?" in screen.status.text()  # ...with the reason on screen
    assert model.setData(model.index(row, 2), "7.5")
    assert model.data(model.index(row, 2)) == "7.5%"
    assert screen.save()
    rates = demo_shop.settings.load()[spec.TAX_RATES]
    assert rates[-1].name == "Tourism levy" and str(rates[-1].percent) == "7.5"
    model.remove_rate(row)
    assert screen.save()
    assert len(demo_shop.settings.load()[spec.TAX_RATES]) == 3


def test_an_invalid_tax_table_is_refused_on_save(
    window: MainWindow, demo_shop: Shop, refusals: list[str]
) -> None:
    screen = settings_screen(window)
    editor = screen.editors[spec.TAX_RATES.key]
    assert isinstance(editor, TaxRatesEditor)
    row = editor.model.add_rate()
    editor.model.setData(editor.model.index(row, 0), "S")  # the code of VAT 16% already
    assert not screen.save()
    assert refusals and "codes must differ" in refusals[0]
    assert len(demo_shop.settings.load()[spec.TAX_RATES]) == 3


def test_a_logo_is_loaded_and_saved(window: MainWindow, demo_shop: Shop, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    path = tmp_path / "logo.png"
    image.save(str(path))
    screen = settings_screen(window)
    editor = screen.editors[spec.LOGO.key]
    assert isinstance(editor, LogoEditor)
    editor.load_file(path)
    assert editor.preview.pixmap() is not None and not editor.preview.pixmap().isNull()
    assert screen.save()
    assert demo_shop.settings.load()[spec.LOGO] == path.read_bytes()


def test_back_up_now_runs_in_the_background(
    qtbot: QtBot, window: MainWindow, private_home: Path
) -> None:
    screen = settings_screen(window)
    qtbot.mouseClick(screen.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.backup_button.isEnabled(), timeout=10_000)
    copies = list((private_home / "backups").glob("*.sqlite3"))
    assert len(copies) == 1
    assert "verified" in screen._backup_result.text()


@pytest.mark.parametrize("language", ["en", "fr", "ar", "hi"])
def test_every_label_is_translated(window: MainWindow, language: str) -> None:
    from duka.i18n import _
    from duka.ui.language import apply_language

    screen = settings_screen(window)
    apply_language(language)
    for setting in spec.SETTINGS:
        assert screen._labels[setting.key].text() == _(setting.label)


def test_factur_x_is_not_switched_on_without_a_tax_number(
    qtbot: QtBot, window: MainWindow, demo_shop: Shop, refusals: list[str]
) -> None:
    """No valid Factur-X data can name a shop without a tax number: the screen says so and
    saves nothing; with the number typed, both are saved."""
    screen = settings_screen(window)
    tax = text_editor(screen, spec.TAX_ID)
    tax.edit.clear()
    tax.changed.emit()
    facturx = screen.editors[spec.FACTURX.key]
    assert isinstance(facturx, YesNoEditor)
    facturx.box.setFocus()
    qtbot.keyClick(facturx.box, Qt.Key.Key_Space)
    assert facturx.box.isChecked()
    assert not screen.save()
    assert refusals == [
        "Factur-X data names the shop by its tax number: enter the tax number first."
    ]
    assert stored(demo_shop, spec.FACTURX.key) in (None, "false")
    qtbot.keyClicks(tax.edit, "P051111111A")
    assert screen.save()
    assert stored(demo_shop, spec.FACTURX.key) == "true"
