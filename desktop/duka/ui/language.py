"""Switching the interface language while the app runs.

gettext switches first; then Qt's own translator is swapped, which sends every widget a
LanguageChange event: each screen re-reads its texts there, keeping what the user typed.
Qt ships translations of its dialogs and buttons for some languages only (none for Hindi);
our catalog translates the texts Qt shows, through GettextQtTranslator, for the others and
for the texts Qt's own catalogs lack.
The layout direction is set from the language itself: Qt only mirrors on its own when a
qtbase translation says so.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication, QComboBox

from duka.i18n import _, current_language, is_rtl, set_language
from duka.i18n.formatting import locale_id
from duka.ui.qt_locale import qt_locale
from duka.ui.qt_texts import QT_TEXTS, whole_letters

_installed: list[QTranslator] = []
# The shop's country: with the language it decides the digits Qt's widgets write.
_country: list[str | None] = [None]


class GettextQtTranslator(QTranslator):
    """Answers Qt's own texts (OK, Cancel, Copy...) from Duka's catalog."""

    def __init__(self, rtl: bool) -> None:
        super().__init__()
        self._rtl = rtl

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        if source == "QT_LAYOUT_DIRECTION":
            return "RTL" if self._rtl else "LTR"
        message = QT_TEXTS.get((context, source)) or QT_TEXTS.get(("", source))
        if not message:
            return source  # never None: Qt would show an empty text
        return whole_letters(_(message), source)

    def isEmpty(self) -> bool:
        return False


def _qtbase(code: str) -> QTranslator | None:
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{code}", folder):
        return translator
    return None


def apply_country(country: str | None) -> None:
    """Make Qt's dates and numbers those of the language spoken in `country` (Arabic-Indic
    digits for an Egyptian shop, Latin ones for a Moroccan one), as babel writes them.
    Charts and labels that wrote digits themselves write them again on settings_changed."""
    _country[0] = country
    _set_qt_locale(locale_id(current_language(), country))


def _set_qt_locale(name: str) -> None:
    QLocale.setDefault(qt_locale(name))
    app = QCoreApplication.instance()
    if isinstance(app, QApplication):
        # A widget takes the default locale when made; windows already open take it again
        # (and pass it to their children) so a date picker on screen changes digits too.
        for window in app.topLevelWidgets():
            if not window.testAttribute(Qt.WidgetAttribute.WA_SetLocale):
                window.unsetLocale()


def apply_language(code: str, country: str | None = None) -> None:
    """Make `code` the language of everything on screen, now (with the shop's `country`,
    else the one given last, for the digits)."""
    set_language(code)
    if country is not None:
        _country[0] = country
    app = QCoreApplication.instance()
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    rtl = is_rtl(code)
    if code != "en":  # Qt's own texts are English already
        # Qt asks the translator installed last first: its own catalog where it ships
        # one, then ours for what that catalog lacks ("&Look in:" is new in Qt 6.11).
        for chosen in (GettextQtTranslator(rtl), _qtbase(code)):
            if chosen is not None:
                QCoreApplication.installTranslator(chosen)
                _installed.append(chosen)
    _set_qt_locale(locale_id(code, _country[0]))
    # Deliver the LanguageChange events now, so every text on screen has changed when this
    # returns (the caller may read or grab the window next).
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    if isinstance(app, QApplication):
        app.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        _measure_choices_again(app)


def _measure_choices_again(app: QApplication) -> None:
    """A choice box measures its longest text once, when first shown: after a switch to a
    language with longer words it would cut them. Setting its policy again makes it measure
    the texts it now has."""
    first_show = QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow
    for widget in app.allWidgets():
        if isinstance(widget, QComboBox) and widget.sizeAdjustPolicy() == first_show:
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            widget.setSizeAdjustPolicy(first_show)
