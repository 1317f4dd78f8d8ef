"""Translated buttons keep their letters whole: a mnemonic never splits a cluster (the Hindi
"Yes" is हाँ, not ह and a dotted circle)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton

from duka.i18n import LANGUAGES
from duka.ui.language import apply_language
from duka.ui.qt_texts import splits_a_letter, whole_letters
from duka.ui.startup import add_fonts


def dotted_circles(button: QPushButton) -> int:
    """How many dotted circles the button's text shapes to, mnemonic underline included."""
    text = button.text()
    plain = text.replace("&", "", 1)
    layout = QTextLayout(plain, button.font())
    if "&" in text:
        underline = QTextCharFormat()
        underline.setFontUnderline(True)
        mark = QTextLayout.FormatRange()
        mark.start, mark.length, mark.format = text.index("&"), 1, underline
        layout.setFormats([mark])
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    found = 0
    for run in layout.glyphRuns():
        circle = run.rawFont().glyphIndexesForString("\u25cc")
        if circle and circle[0]:
            found += list(run.glyphIndexes()).count(circle[0])
    return found


@pytest.mark.parametrize("language", ["hi", "ar", "fr"])
def test_a_question_box_shapes_its_buttons_whole(qapp: QApplication, language: str) -> None:
    add_fonts()
    apply_language(language)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "?",
        "?",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.YesToAll
        | QMessageBox.StandardButton.NoToAll,
    )
    buttons = box.buttons()
    assert len(buttons) == 4
    for button in buttons:
        assert isinstance(button, QPushButton)
        assert not splits_a_letter(button.text()), button.text()
        assert dotted_circles(button) == 0, button.text()
    if language == "hi":
        yes = box.button(QMessageBox.StandardButton.Yes)
        assert yes is not None and yes.text() == "हाँ (&Y)"
    box.deleteLater()


def test_the_rule_moves_a_splitting_mnemonic_out_of_the_word(qapp: QApplication) -> None:
    add_fonts()
    broken = QPushButton("&हाँ")
    assert splits_a_letter(broken.text()) and dotted_circles(broken) == 1
    assert whole_letters("&हाँ", "&Yes") == "हाँ (&Y)"
    assert whole_letters("फ़ाइल का &नाम:", "File &name:") == "फ़ाइल का नाम (&N):"
    assert whole_letters("&नहीं", "&No") == "&नहीं"  # न is a letter of its own
    assert whole_letters("ن&عم", "&Yes") == "ن&عم"  # Arabic joins across the underline
    assert whole_letters("&Oui", "&Yes") == "&Oui"


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - {"en"}))
def test_the_file_dialog_speaks_the_language_where_qts_catalog_has_gaps(
    qapp: QApplication, language: str
) -> None:
    """Qt 6.11 asks for "&Look in:" and "Files of &type:", which its own catalogs lack:
    Duka's catalog answers what Qt's does not."""
    apply_language(language)
    dialog = QFileDialog(None, "", "")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    english = {"Look in:", "&Look in:", "Files of type:", "Files of &type:", "File &name:"}
    texts = {
        label.objectName(): label.text()
        for label in dialog.findChildren(QLabel)
        if label.objectName() in ("lookInLabel", "fileTypeLabel", "fileNameLabel")
    }
    assert len(texts) == 3
    assert not english & set(texts.values()), texts
    assert not any(splits_a_letter(text) for text in texts.values()), texts
    dialog.deleteLater()
    apply_language("en")
