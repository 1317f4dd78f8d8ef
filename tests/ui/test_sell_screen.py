from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from duka.core.money import Money
from duka.core.quantity import Quantity
from duka.services.shop import Shop
from duka.ui.main_window import MainWindow
from duka.ui.screens.sell import SellScreen
from duka.ui.state import AppState
from tests.ui.helpers import cell


@pytest.fixture
def screen(window: MainWindow) -> SellScreen:
    found = window.show_screen("sell")
    assert isinstance(found, SellScreen)
    return found


def barcode(shop: Shop, name: str) -> str:
    row = shop.context.db.execute(
        "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id "
        "WHERE p.name = ? AND b.quantity = 1000",
        (name,),
    ).fetchone()
    return str(row[0])


def scan(screen: SellScreen, code: str) -> None:
    QTest.keyClicks(screen.scan, code)
    QTest.keyClick(screen.scan, Qt.Key.Key_Return)


def in_dialog(action: Callable[[object], None]) -> None:
    """Do `action` to the dialog that is about to open and wait in exec()."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        action(dialog)

    QTimer.singleShot(20, act)


def test_three_scans_then_f12_and_enter_sell_for_exact_cash(
    qtbot: QtBot, screen: SellScreen, state: AppState
) -> None:
    shop = state.shop
    codes = [
        barcode(shop, "Sugar 1 kg"),
        barcode(shop, "Maziwa fresh (milk) 500 ml"),
        barcode(shop, "Sugar 1 kg"),
    ]
    for code in codes:
        scan(screen, code)
    assert [cell(screen.model, r, 0) for r in range(2)] == [
        "Sugar 1 kg",
        "Maziwa fresh (milk) 500 ml",
    ]
    assert cell(screen.model, 0, 1) == "2"
    due = screen.cart.totals().gross
    before = shop.context.db.execute("SELECT count(*) FROM sales").fetchone()[0]
    in_dialog(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Return))  # type: ignore[arg-type]
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)
    assert shop.context.db.execute("SELECT count(*) FROM sales").fetchone()[0] == before + 1
    gross, change = shop.context.db.execute(
        "SELECT gross, change FROM sales ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert gross == due.minor and change == 0
    assert screen.cart.is_empty and "Change" in screen.notice.text()
    assert shop.carts.open_cart()[0] is None


def test_f10_shows_the_last_receipt_on_screen_without_a_printer(
    qtbot: QtBot, screen: SellScreen, state: AppState, tmp_path: object
) -> None:
    from duka.ui.dialogs.receipt_view import ReceiptView

    shown: list[str] = []

    def look(dialog: object) -> None:
        assert isinstance(dialog, ReceiptView)
        shown.append(dialog.number)
        assert dialog.paper.pixmap().width() == 384  # the demo's 58 mm paper, as printed
        path = tmp_path / f"{dialog.number}"  # type: ignore[operator]
        dialog.save_to(path)
        assert path.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        assert "saved" in dialog.status.text()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Close).click()

    before = state.shop.receipts.last_number()  # the demo's last sale
    in_dialog(look)
    QTest.keyClick(screen.scan, Qt.Key.Key_F10)
    assert shown == [before]
    scan(screen, barcode(state.shop, "Sugar 1 kg"))
    with qtbot.waitActive(screen.window()):  # offscreen, closing a dialog activates nothing
        screen.window().activateWindow()
    in_dialog(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Return))  # type: ignore[arg-type]
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)
    newest = state.shop.receipts.last_number()
    assert newest != before
    in_dialog(look)
    screen.last_receipt()  # F10 (offscreen, the closed dialog keeps the window's keys)
    assert shown == [before, newest]


def test_a_scan_while_the_table_has_the_focus_still_lands(
    qtbot: QtBot, screen: SellScreen, state: AppState
) -> None:
    from tests.ui.scanner import Counter, scan_with_scanner

    scan_with_scanner(qtbot, screen.table, barcode(state.shop, "Sugar 1 kg"))
    assert [line.name for line in screen.cart.lines] == ["Sugar 1 kg"]
    assert screen.scan.text() == ""
    Counter(qtbot).at(screen.table).type("sug").press(Qt.Key.Key_Return).run()  # typed
    assert [line.name[:5] for line in screen.cart.lines] == ["Sugar", "Sugar"]


def test_typing_a_name_offers_matches_and_enter_adds_the_first(
    qtbot: QtBot, screen: SellScreen
) -> None:
    QTest.keyClicks(screen.scan, "3*sugar")
    qtbot.waitUntil(lambda: screen.results.isVisible(), timeout=3000)
    assert "Sugar" in screen.results.item(0).text()
    QTest.keyClick(screen.scan, Qt.Key.Key_Return)
    assert screen.cart.lines[0].quantity == Quantity.of(3)
    QTest.keyClicks(screen.scan, "no such thing at all")
    QTest.keyClick(screen.scan, Qt.Key.Key_Return)
    assert "Nothing is known" in screen.notice.text()
    assert len(screen.cart.lines) == 1


def test_the_sale_in_progress_is_back_after_a_restart(screen: SellScreen, state: AppState) -> None:
    scan(screen, barcode(state.shop, "Maziwa fresh (milk) 500 ml"))
    again = SellScreen(state)  # what the next start makes
    assert [line.name for line in again.cart.lines] == ["Maziwa fresh (milk) 500 ml"]
    assert "is back" in again.notice.text()
    again.deleteLater()


def test_delete_removes_a_line_and_park_then_resume(screen: SellScreen, state: AppState) -> None:
    scan(screen, barcode(state.shop, "Maziwa fresh (milk) 500 ml"))
    scan(screen, barcode(state.shop, "Sugar 1 kg"))
    QTest.keyClick(screen.scan, Qt.Key.Key_Delete)
    assert [line.name for line in screen.cart.lines] == ["Maziwa fresh (milk) 500 ml"]
    QTest.keyClick(screen.scan, Qt.Key.Key_F8)
    assert screen.cart.is_empty and "parked" in screen.notice.text()
    in_dialog(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Return))  # type: ignore[arg-type]
    QTest.keyClick(screen.scan, Qt.Key.Key_F7)
    assert [line.name for line in screen.cart.lines] == ["Maziwa fresh (milk) 500 ml"]
    assert state.shop.carts.parked() == []


def test_paying_with_a_note_gives_change_and_a_short_payment_is_refused(
    screen: SellScreen, state: AppState
) -> None:
    from duka.ui.dialogs.payment import PaymentDialog

    scan(screen, barcode(state.shop, "Sugar 1 kg"))
    done: list[object] = []
    dialog = PaymentDialog(state, screen.cart, 1, lambda t: done.append(t) or "ok", screen)
    dialog.cash.setText("1")
    assert dialog.outcome.text().startswith("Still to pay")
    dialog.accept()
    assert not done and dialog.error.text()
    dialog.cash.setText("1000")
    assert dialog.outcome.text().startswith("Change")
    dialog.accept()
    assert done and dialog.result_value == "ok"


def test_scanning_a_receipt_takes_goods_back(screen: SellScreen, state: AppState) -> None:
    from duka.ui.dialogs.return_goods import ReturnDialog

    shop = state.shop
    sale = shop.returns.find("S-000001")
    line = sale.lines[0]
    level = shop.stock.level(line.product_id)

    def give_back(dialog: object) -> None:
        assert isinstance(dialog, ReturnDialog)
        assert dialog.sale is not None and dialog.sale.number == "S-000001"
        dialog.table.item(0, 3).setText("99")  # type: ignore[union-attr]
        dialog.accept()  # more than was sold: refused, the dialog stays
        assert "can still be returned" in dialog.error.text()
        dialog.table.item(0, 3).setText("1")  # type: ignore[union-attr]
        dialog.accept()

    in_dialog(give_back)
    scan(screen, "S-000001")
    assert screen.notice.text().startswith("Refund R-0000")
    assert shop.stock.level(line.product_id) == level + Quantity.of(1)
    assert {r.name: r.problems for r in shop.maintenance.verify()}["Sales"] == ()


def test_the_cash_drawer_opens_takes_money_in_and_closes(
    closed_drawer: AppState, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    from duka.ui.dialogs.cash_drawer import CashDrawerDialog, ZReportPreview

    state = closed_drawer
    opened: list[object] = []
    monkeypatch.setattr("duka.ui.dialogs.cash_drawer.open_document", opened.append)
    dialog = CashDrawerDialog(state)
    qtbot.addWidget(dialog)
    assert not dialog.closing.isVisibleTo(dialog) and dialog.opening.isVisibleTo(dialog)
    dialog.float_field.setText("1,000")
    dialog.open_drawer()
    session = state.shop.cash.current()
    assert session is not None and dialog.closing.isVisibleTo(dialog)
    dialog.amount.setText("200")
    dialog.move_cash(paid_in=False)  # no reason: refused, nothing moves
    assert dialog.message.text() and dialog.amount.text() == "200"
    dialog.reason.setText("transport")
    dialog.move_cash(paid_in=False)
    assert "Ksh\u00a0800.00" in dialog.status.text()
    thousand = next(box for value, box in dialog.counts if value == 100000)
    thousand.setValue(1)
    assert "Ksh\u00a01,000.00" in dialog.counted.text()
    in_dialog(lambda preview: isinstance(preview, ZReportPreview) and preview.reject())
    dialog.close_drawer()  # the preview, then back to counting: still open
    assert state.shop.cash.current() is not None and not opened
    in_dialog(lambda preview: QTest.keyClick(preview, Qt.Key.Key_Return))  # type: ignore[arg-type]
    dialog.close_drawer()
    assert state.shop.cash.current() is None and len(opened) == 1
    assert dialog.message.objectName() == "dialogSuccess"  # said in the success colour
    assert f"Z report {session.id} is saved" in dialog.message.text()
    report = state.shop.cash.report(session.id)
    assert report.counted == Money.of("1000", "KES") and report.difference == Money.of("200", "KES")


def test_an_unknown_barcode_can_become_a_product_there_and_then(
    screen: SellScreen, state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from duka.ui.dialogs.product_editor import ProductEditor

    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)

    def fill_in(editor: ProductEditor) -> int:
        editor.name.setText("Kahawa ya Kilimanjaro")
        editor.price.setText("350")
        editor.accept()
        return int(editor.result())

    monkeypatch.setattr(ProductEditor, "exec", fill_in)
    scan(screen, "6164009999995")
    assert [line.name for line in screen.cart.lines] == ["Kahawa ya Kilimanjaro"]
    found = state.shop.checkout.scan("6164009999995")
    assert found is not None and found.product.name == "Kahawa ya Kilimanjaro"


def test_a_sale_completed_just_before_a_crash_is_pointed_out(
    screen: SellScreen, state: AppState
) -> None:
    from duka.core.sale import PaymentMethod, Tender

    scan(screen, barcode(state.shop, "Sugar 1 kg"))
    in_dialog(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Return))  # type: ignore[arg-type]
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)
    assert "was completed just before" not in SellScreen(state).notice.text()
    # the next sale commits, then the power goes before the screen shows it
    checkout = state.shop.checkout
    line = checkout.scanned_line(checkout.scan(barcode(state.shop, "Sugar 1 kg")))  # type: ignore[arg-type]
    cart, _ = checkout.new_cart().add(line)
    unseen = checkout.complete(None, cart, [Tender(PaymentMethod.CASH, cart.totals().gross)])
    again = SellScreen(state)
    assert f"Sale {unseen.number} was completed just before Duka closed" in again.notice.text()


def test_each_sale_prints_on_this_computers_printer_and_a_failure_only_says_so(
    qtbot: QtBot, screen: SellScreen, state: AppState, tmp_path: object
) -> None:
    from duka.ui.widgets.printer_settings import PrinterChoice, save_printer_choice

    device = tmp_path / "lp0"  # type: ignore[operator]
    device.write_bytes(b"")
    save_printer_choice(PrinterChoice("file", str(device), every_sale=True, drawer=True))
    scan(screen, barcode(state.shop, "Sugar 1 kg"))
    in_dialog(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Return))  # type: ignore[arg-type]
    QTest.keyClick(screen.scan, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: device.stat().st_size > 0, timeout=5000)
    printed = device.read_bytes()
    assert printed.startswith(b"\x1b@") and b"Sugar 1 kg" in printed and b"\x1bp" in printed

    save_printer_choice(PrinterChoice("network", "127.0.0.1:1", every_sale=True, drawer=False))
    screen.last_receipt()  # F10: print again, to a printer that is not there
    qtbot.waitUntil(lambda: "did not print" in screen.notice.text(), timeout=10000)
    assert state.shop.carts.open_cart()[0] is None  # the sale itself is safe


def test_the_test_print_in_settings(qtbot: QtBot, state: AppState, tmp_path: object) -> None:
    from duka.ui.widgets.printer_settings import PrinterBox, printer_choice

    box = PrinterBox(state)
    qtbot.addWidget(box)
    device = tmp_path / "printer.bin"  # type: ignore[operator]
    box.kind.setCurrentIndex(box.kind.findData("file"))
    box.target.setText(str(device))
    box.test_print()
    qtbot.waitUntil(lambda: box.outcome.text() == "Printed.", timeout=5000)
    assert b"Printer test" in device.read_bytes()
    assert printer_choice().kind == "file" and printer_choice().target == str(device)


def test_the_z_report_goes_to_the_receipt_printer(
    qtbot: QtBot, state: AppState, tmp_path: object
) -> None:
    from duka.ui.dialogs.cash_drawer import CashDrawerDialog
    from duka.ui.widgets.printer_settings import PrinterChoice, save_printer_choice

    device = tmp_path / "lp0"  # type: ignore[operator]
    save_printer_choice(PrinterChoice("file", str(device), every_sale=True, drawer=True))
    session = state.shop.cash.current().id  # type: ignore[union-attr]
    dialog = CashDrawerDialog(state)
    qtbot.addWidget(dialog)
    dialog.loose.setText("100")
    in_dialog(lambda preview: QTest.keyClick(preview, Qt.Key.Key_Return))  # type: ignore[arg-type]
    dialog.close_drawer()
    qtbot.waitUntil(lambda: device.exists() and device.stat().st_size > 0, timeout=5000)
    assert f"Z report {session}".encode() in device.read_bytes()


def test_an_exchange_at_the_counter(screen: SellScreen, state: AppState) -> None:
    from duka.ui.dialogs.return_goods import ReturnDialog

    shop = state.shop
    scan(screen, barcode(shop, "Sugar 1 kg"))
    first = shop.returns.find("S-000001").lines[0]

    def swap(dialog: object) -> None:
        assert isinstance(dialog, ReturnDialog) and dialog.exchange_button.isVisible()
        dialog.number.setText("S-000001")
        dialog.look_up()
        dialog.table.item(0, 3).setText("1")  # type: ignore[union-attr]
        dialog.exchange_button.click()

    in_dialog(swap)
    QTest.keyClick(screen.scan, Qt.Key.Key_F6)
    assert screen.cart.trade_in is not None and screen.cart.trade_in.sale_number == "S-000001"
    assert "brought back" in screen.total_name.text()
    assert shop.carts.open_cart()[1].trade_in == screen.cart.trade_in  # saved at once
    refunds = shop.context.db.execute("SELECT count(*) FROM refunds").fetchone()[0]
    in_dialog(lambda dialog: QTest.keyClick(dialog, Qt.Key.Key_Return))  # type: ignore[arg-type]
    screen.pay()  # F12's slot (offscreen, the window is not active again after a dialog)
    assert shop.context.db.execute("SELECT count(*) FROM refunds").fetchone()[0] == refunds + 1
    assert shop.returns.find("S-000001").lines[0].returned == first.returned + Quantity.of(1)
    assert screen.cart.is_empty
    assert {r.name: r.problems for r in shop.maintenance.verify()}["Sales"] == ()


def test_f9_chooses_the_customer_and_their_account_can_pay(
    screen: SellScreen, state: AppState
) -> None:
    from duka.core.sale import PaymentMethod, Tender
    from duka.ui.dialogs.choose_customer import CustomerDialog

    shop = state.shop
    someone = shop.customers.search("", 1)[0]

    def choose(dialog: object) -> None:
        assert isinstance(dialog, CustomerDialog)
        dialog.search.setText(someone.name[:4])
        assert dialog.list.count() >= 1
        dialog.accept()

    scan(screen, barcode(shop, "Sugar 1 kg"))
    in_dialog(choose)
    QTest.keyClick(screen.scan, Qt.Key.Key_F9)
    assert screen.cart.customer_id is not None
    assert screen.customer.text().startswith("Customer:")
    chosen = shop.customers.get(screen.cart.customer_id)
    assert chosen.name[:4] == someone.name[:4]
    done = shop.checkout.complete(
        screen.cart_id, screen.cart, [Tender(PaymentMethod.ACCOUNT, screen.cart.totals().gross)]
    )
    row = shop.context.db.execute("SELECT customer_id FROM sales WHERE id = ?", (done.id,))
    assert row.fetchone() == (chosen.id,)


def test_a_lost_receipt_found_by_its_day_or_customer(state: AppState, qtbot: QtBot) -> None:
    import datetime as dt

    from duka.ui.dialogs.return_goods import ReturnDialog

    shop = state.shop
    at = shop.context.db.execute("SELECT at FROM sales WHERE number = 'S-000001'").fetchone()[0]
    day = dt.datetime.fromisoformat(at).astimezone().date()
    dialog = ReturnDialog(state)
    qtbot.addWidget(dialog)
    dialog.number.setText(day.isoformat())
    dialog.look_up()
    numbers = [dialog.matches.item(i).text().split()[0] for i in range(dialog.matches.count())]
    assert "S-000001" in numbers and dialog.sale is None
    dialog._pick(dialog.matches.item(numbers.index("S-000001")))
    assert dialog.sale is not None and dialog.sale.number == "S-000001"
    dialog.number.setText("nobody by this name")
    dialog.look_up()
    assert "No sale was found" in dialog.error.text()


def test_the_return_dialog_shows_the_refund_before_it_is_made(
    state: AppState, qtbot: QtBot
) -> None:
    from duka.ui.dialogs.return_goods import ReturnDialog

    shop = state.shop
    refunds = shop.context.db.execute("SELECT count(*) FROM refunds").fetchone()[0]
    sale = shop.returns.find("S-000001")
    line = sale.lines[0]
    dialog = ReturnDialog(state)
    qtbot.addWidget(dialog)
    dialog.number.setText("S-000001")
    dialog.look_up()
    assert dialog.refund_total.text() == "To refund: " + state.formats.money(Decimal(0), "KES")
    dialog.table.item(0, 3).setText("1")  # type: ignore[union-attr]
    planned = shop.returns.plan("S-000001", {line.line_id: (Quantity.of(1), True)}).total
    assert planned.minor > 0
    assert dialog.refund_total.text() == "To refund: " + state.formats.money(planned.amount, "KES")
    dialog.table.item(0, 3).setText("99")  # type: ignore[union-attr]
    assert "can still be returned" in dialog.refund_total.text()
    assert shop.context.db.execute("SELECT count(*) FROM refunds").fetchone()[0] == refunds
