"""A newcomer's first day at the counter, walked in a real window.

Run by the Python of an installed Duka (tests/e2e/test_newcomer_walk.py installs one in a new
virtual environment, as the README says) under Xvfb:

    python newcomer_walk.py SHOP.sqlite3 SHOTS_FOLDER

It starts Duka as `duka --db SHOP` does, answers the first start, adds three products,
sells them by scanning, shows the receipt (F10), takes one back, sells to a new customer on
account and closes the day with the Z report, saving a picture of each step in SHOTS_FOLDER.
Exit code 0 when the walk reached its end; what the shop then holds is checked by the test.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

# Imported as a file beside this one: the installed Duka runs this script, not the checkout.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from walker import Walk, Walker, activate, app, later, modal, no_modal, press, scan, type_text

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
OWNER_PIN = "2468"


def ean13(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


PRODUCTS = (
    ("Sugar 1 kg", ean13("600100000001"), "180"),
    ("Maize flour 2 kg", ean13("600100000002"), "230"),
    ("Milk 500 ml", ean13("600100000003"), "65"),
)


def click(widget: QWidget) -> Walk:
    later(lambda _focus: QTest.mouseClick(widget, Qt.MouseButton.LeftButton))
    yield 80


def window() -> QWidget | None:
    from duka.ui.main_window import MainWindow

    found = next((w for w in app().topLevelWidgets() if isinstance(w, MainWindow)), None)
    return found if found is not None and found.isVisible() else None


def screen(key: str) -> object:
    def shown() -> bool:
        main = window()
        return main is not None and no_modal() and main.current_key() == key

    return shown


def first_start(walker: Walker) -> Walk:
    from duka.ui.dialogs.first_run import FirstRunDialog

    yield modal(FirstRunDialog)
    dialog = app().activeModalWidget()
    assert isinstance(dialog, FirstRunDialog)
    walker.shot("01-first-start")
    yield from click(dialog.name_edit)
    yield from type_text("Duka la Mama Pima")
    yield from press(Key.Key_Tab)  # the country: typing its name chooses it
    yield from type_text("Kenya")
    yield 200
    walker.shot("02-first-start-kenya")
    yield from click(dialog.owner_edit)
    yield from type_text("Pima")
    yield from press(Key.Key_Tab)
    yield from type_text(OWNER_PIN)
    yield from press(Key.Key_Tab)
    yield from type_text(OWNER_PIN)
    yield from press(Key.Key_Return)
    yield window
    main = window()
    assert main is not None
    yield from activate(main)


def add_products(walker: Walker) -> Walk:
    from duka.ui.dialogs.product_editor import ProductEditor

    yield from press(Key.Key_3, CTRL)  # Products
    yield screen("products")
    for number, (name, code, price) in enumerate(PRODUCTS, start=1):
        yield from press(Key.Key_N, CTRL)
        yield modal(ProductEditor)
        editor = app().activeModalWidget()
        assert isinstance(editor, ProductEditor)
        yield from click(editor.name)
        yield from type_text(name)
        yield from click(editor.barcodes.entry)
        yield from scan(code)
        yield from click(editor.price)
        yield from type_text(price)
        if number == 1:
            walker.shot("03-new-product")
        yield from press(Key.Key_Return)
        yield no_modal
    walker.shot("04-products")


def sell_by_scanning(walker: Walker) -> Walk:
    from duka.ui.dialogs.opening_float import OpeningFloatDialog
    from duka.ui.dialogs.payment import PaymentDialog

    yield from press(Key.Key_2, CTRL)  # Sell
    yield screen("sell")
    for _name, code, _price in PRODUCTS:
        yield from scan(code)
    walker.shot("05-sale")
    yield from press(Key.Key_F12)
    # The day's first sale opens the drawer: the float is asked once, Enter takes it.
    yield modal(OpeningFloatDialog)
    walker.shot("06-float")
    yield from press(Key.Key_Return)
    yield modal(PaymentDialog)
    walker.shot("07-payment")
    yield from press(Key.Key_Return)  # exact cash
    yield no_modal
    walker.shot("08-sold")


def receipt_on_screen(walker: Walker) -> Walk:
    """No receipt printer is set: F10 shows the receipt on screen."""
    from duka.ui.dialogs.receipt_view import ReceiptView

    yield from press(Key.Key_F10)
    yield modal(ReceiptView)
    walker.shot("09-receipt")
    yield from press(Key.Key_Escape)
    yield no_modal


def take_milk_back(walker: Walker) -> Walk:
    from duka.ui.dialogs.return_goods import ReturnDialog

    yield from press(Key.Key_F6)
    yield modal(ReturnDialog)
    yield from type_text("S-000001")
    yield from press(Key.Key_Return)  # finds the sale; the cursor goes to what comes back
    yield 300
    yield from press(Key.Key_Down)
    yield from press(Key.Key_Down)  # the milk
    yield from type_text("1")
    yield from press(Key.Key_Return)
    yield 200
    walker.shot("10-return")
    yield from press(Key.Key_F12)  # refund
    yield no_modal
    walker.shot("11-returned")


def sell_on_account(walker: Walker) -> Walk:
    """A new customer, added from the sale, takes sugar on account."""
    from duka.ui.dialogs.choose_customer import CustomerDialog
    from duka.ui.dialogs.payment import PaymentDialog

    yield from press(Key.Key_F9)
    yield modal(CustomerDialog)
    picker = app().activeModalWidget()
    assert isinstance(picker, CustomerDialog)
    yield from press(Key.Key_N, CTRL)
    yield lambda: picker.new_box.isVisible()
    yield from click(picker.new_name)
    yield from type_text("Wanjiku")
    yield from click(picker.new_phone)
    yield from type_text("0712345678")
    yield from click(picker.new_limit)
    yield from press(Key.Key_A, CTRL)
    yield from type_text("1000")
    walker.shot("12-new-customer")
    yield from press(Key.Key_Return)  # adds her and chooses her for the sale
    yield no_modal
    yield from scan(PRODUCTS[0][1])
    yield from press(Key.Key_F12)
    yield modal(PaymentDialog)
    yield from press(Key.Key_F5)  # all on account
    walker.shot("13-on-account")
    yield from press(Key.Key_Return)
    yield no_modal
    walker.shot("14-sold-on-account")


def close_the_day(walker: Walker) -> Walk:
    """Count the drawer (the float was 0; 475 sold, 65 given back: two 200s and a 10) and
    close it with the Z report."""
    from duka.ui.dialogs.cash_drawer import CashDrawerDialog, ZReportPreview

    yield from press(Key.Key_F3)
    yield modal(CashDrawerDialog)
    drawer = app().activeModalWidget()
    assert isinstance(drawer, CashDrawerDialog)
    boxes = {value // 100: box for value, box in drawer.counts}
    for note, count in ((200, "2"), (10, "1")):
        yield from click(boxes[note])
        yield from press(Key.Key_A, CTRL)
        yield from type_text(count)
    walker.shot("15-counted")
    yield from click(drawer.close_button)
    yield modal(ZReportPreview)
    walker.shot("16-z-report")
    yield from press(Key.Key_Return)  # close the drawer
    yield modal(CashDrawerDialog)
    yield 300
    walker.shot("17-closed")
    yield from press(Key.Key_Escape)
    yield no_modal


def newcomer(walker: Walker) -> Walk:
    yield from first_start(walker)
    yield from add_products(walker)
    yield from sell_by_scanning(walker)
    yield from receipt_on_screen(walker)
    yield from take_milk_back(walker)
    yield from sell_on_account(walker)
    yield from close_the_day(walker)
    main = window()
    assert main is not None
    main.close()


def main() -> int:
    db, shots = sys.argv[1], Path(sys.argv[2])
    application = QApplication(sys.argv[:1])
    walker = Walker(iter(()), shots)
    walker.walk = newcomer(walker)
    walker.start(500)
    from duka.cli import main as duka

    code = duka(["--db", db, "--lang", "en"])
    application.processEvents()
    if walker.failure is not None:
        return 3
    if not walker.done:
        print("the walk did not reach its end", file=sys.stderr)
        return 4
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
