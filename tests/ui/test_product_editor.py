"""The product editor's barcodes: a code with a wrong check digit is a typing mistake unless
the person keeps it as the shop's own code (a butcher's 25250001), which is then marked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from duka.core.barcodes import Barcode
from duka.core.money import Money
from duka.ui.dialogs.product_editor import ProductEditor
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.scanner import REAL_BOX_EXEC, Counter

OWN = "25250001"  # an EAN-8's shape; its check digit would be 5


@pytest.fixture
def real_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Boxes wait in exec() for the person, as they do in the app."""
    monkeypatch.setattr(QMessageBox, "exec", REAL_BOX_EXEC)


@pytest.fixture
def editor(qtbot: QtBot, window: MainWindow, state: AppState) -> Iterator[ProductEditor]:
    dialog = ProductEditor(state, None, window)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.close()


def box() -> QMessageBox:
    found = QApplication.activeModalWidget()
    assert isinstance(found, QMessageBox), found
    return found


def button(name: str) -> QPushButton:
    found = box().findChild(QPushButton, name)
    assert found is not None, name
    return found


def listed(dialog: ProductEditor) -> list[tuple[str, str]]:
    """Each code in the list with its mark."""
    table = dialog.barcodes.table
    return [
        (table.item(r, 0).text(), table.item(r, 2).text())  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def test_a_typed_code_with_a_wrong_check_digit_is_asked_about_and_kept_as_the_shops_own(
    qtbot: QtBot, editor: ProductEditor, state: AppState, real_boxes: None
) -> None:
    seen: dict[str, object] = {}

    def asked(key: str) -> None:
        seen[key] = (box().text(), box().defaultButton().objectName())

    def after_again() -> None:
        entry = editor.barcodes.entry
        seen["again"] = (entry.text(), entry.selectedText(), listed(editor))

    counter = (
        Counter(qtbot)
        .at(editor.barcodes.entry)
        .type(OWN)
        .press(Qt.Key.Key_Return)
        .wait(200)
        .then(lambda: asked("first"))
        .press(Qt.Key.Key_Return)  # Enter: the default for a typed code is to type it again
        .wait(200)
        .then(after_again)
        .at(editor.barcodes.entry)
        .press(Qt.Key.Key_Return)  # the same code again: asked again
        .wait(200)
        .then(lambda: button("keepOwnCode").click())
        .wait(200)
        .run()
    )
    assert counter.left_open == []
    question = f"The barcode {OWN} has a wrong check digit. Keep {OWN} as the shop's own code?"
    assert seen["first"] == (question, "typeAgain")
    assert seen["again"] == (OWN, OWN, [])  # left in the field, selected, to be typed again
    assert listed(editor) == [(OWN, "(own code)")] and editor.barcodes.entry.text() == ""

    editor.name.setText("Pork by the kg")
    editor.price.setText("600")
    editor.accept()
    assert editor.error.text() == "" and editor.saved_id is not None
    product = state.shop.products.get(editor.saved_id)
    assert product.draft.barcodes == (Barcode(OWN, own=True),)

    # Changed later (its price), the product keeps its own code and is saved without a word.
    again = ProductEditor(state, product, editor.parentWidget())
    assert listed(again) == [(OWN, "(own code)")]
    again.price.setText("650")
    again.accept()
    assert again.error.text() == ""
    changed = state.shop.products.get(product.id)
    assert changed.draft.sell_price == Money.of("650", "KES")
    assert changed.draft.barcodes == (Barcode(OWN, own=True),)


def test_a_scanned_one_is_asked_about_with_keep_as_the_default(
    qtbot: QtBot, editor: ProductEditor, real_boxes: None
) -> None:
    """A scanner checks a real EAN's digit itself: such a scan is a label the shop printed."""
    seen: list[object] = []
    counter = (
        Counter(qtbot)
        .at(editor.name)  # a scan anywhere in the editor lands in its barcodes
        .scan(OWN)
        .wait(200)
        .then(lambda: seen.append(box().defaultButton().objectName()))
        .scan(OWN)  # a second read while the question is open is kept, not an answer
        .scan("4006381333931")  # and so is the next code
        .wait(100)
        .then(lambda: seen.append(box().text()))
        .press(Qt.Key.Key_Return)  # the person read the question: keep
        .wait(300)
        .run()
    )
    assert seen[0] == "keepOwnCode" and OWN in str(seen[1])
    assert counter.left_open == []
    # The second read found it listed; the next code came after the answer.
    assert listed(editor) == [(OWN, "(own code)"), ("4006381333931", "")]
    assert editor.name.text() == ""


def test_a_valid_code_and_one_not_kept_are_never_marked(
    editor: ProductEditor, state: AppState, no_blocking_dialogs: list[str]
) -> None:
    """The conftest answers every box without choosing: the code is not kept."""
    editor.barcodes.entry.setText("4006381333931")
    editor.barcodes.add_entry()
    editor.barcodes.entry.setText("ABC-1")
    editor.barcodes.add_entry()
    assert listed(editor) == [("4006381333931", ""), ("ABC-1", "")]
    editor.name.setText("Notebook")
    editor.price.setText("120")
    editor.barcodes.entry.setText("4006381333932")  # typed, not added, then Save
    editor.accept()
    assert len(no_blocking_dialogs) == 1 and "4006381333932" in no_blocking_dialogs[0]
    assert "wrong check digit" in editor.error.text()
    assert editor.saved_id is None and not state.shop.products.search("Notebook")
    assert editor.barcodes.entry.text() == "4006381333932"


def test_the_mark_follows_the_language(
    editor: ProductEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duka.ui.language import apply_language

    def keep(shown: QMessageBox) -> int:
        shown.findChild(QPushButton, "keepOwnCode").click()  # type: ignore[union-attr]
        return 0

    monkeypatch.setattr(QMessageBox, "exec", keep)
    editor.barcodes.entry.setText(OWN)
    editor.barcodes.add_entry()
    apply_language("fr")
    QApplication.processEvents()
    assert listed(editor) == [(OWN, "(code maison)")]


def test_an_unknown_own_code_scanned_at_the_sell_screen_becomes_a_product_that_sells(
    window: MainWindow, state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtTest import QTest

    sell = window.show_screen("sell")
    assert isinstance(sell, SellScreen)
    asked: list[str] = []

    def answer(shown: QMessageBox) -> int:
        asked.append(shown.objectName() or shown.text())
        if shown.objectName() == "ownCode":
            shown.findChild(QPushButton, "keepOwnCode").click()  # type: ignore[union-attr]
            return 0
        return int(QMessageBox.StandardButton.Yes)  # "Add it now?"

    def fill_in(dialog: ProductEditor) -> int:
        dialog.name.setText("Pork by the kg")
        dialog.price.setText("600")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(ProductEditor, "exec", fill_in)
    for _ in range(2):
        QTest.keyClicks(sell.scan, OWN)
        QTest.keyClick(sell.scan, Qt.Key.Key_Return)
    assert asked[1] == "ownCode" and len(asked) == 2  # the second scan found the product
    assert [(line.name, line.quantity.milli) for line in sell.cart.lines] == [
        ("Pork by the kg", 2000)
    ]
    found = state.shop.products.by_barcode(OWN)
    assert found is not None and found[0].draft.barcodes == (Barcode(OWN, own=True),)
