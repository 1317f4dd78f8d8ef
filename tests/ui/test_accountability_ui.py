"""The lock screen, switching users, the Audit and Users screens, approvals, auto-lock."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from duka.core.access import Permission, Role
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.ui.approval import with_approval
from duka.ui.dialogs.pin_entry import PinDialog
from duka.ui.idle import IdleLock
from duka.ui.main_window import MainWindow
from duka.ui.screens.audit import AuditScreen
from duka.ui.screens.users import UsersScreen
from duka.ui.state import AppState
from tests.ui.helpers import cell


def type_pin(qtbot: QtBot, window: MainWindow, pin: str) -> None:
    screen = window.lock_screen
    for digit in pin:
        qtbot.keyClick(screen, digit)  # typed anywhere on the screen, it reaches the PIN
    qtbot.keyClick(screen.pin, Qt.Key.Key_Return)


def visible_screens(window: MainWindow) -> list[str]:
    from duka.ui.main_window import SCREENS

    return [e.key for row, e in enumerate(SCREENS) if not window.nav.item(row).isHidden()]


def test_switching_user_is_one_key_and_a_pin(qtbot: QtBot, window: MainWindow) -> None:
    window.show_screen("settings")
    assert window.pages.currentWidget() is window.app_page
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.pages.currentWidget() is window.lock_screen
    assert window.state.actor is None
    type_pin(qtbot, window, "1357")  # Wanjiru, a cashier
    assert window.pages.currentWidget() is window.app_page
    assert window.state.actor is not None and window.state.actor.name == "Wanjiru"
    assert "Wanjiru" in window.user_label.text()
    # A cashier sees the counter's screens only, and lands on an allowed one.
    assert visible_screens(window) == [
        "sell", "products", "expenses", "customers", "receivables", "invoices"
    ]  # fmt: skip
    assert window.current_key() == "sell"
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "sell"  # the settings shortcut does nothing for her


def test_work_on_screen_survives_a_switch(qtbot: QtBot, window: MainWindow) -> None:
    from duka.core import settings as spec
    from duka.ui.screens.settings import SettingsScreen

    settings = window.show_screen("settings")
    assert isinstance(settings, SettingsScreen)
    settings.editors[spec.PHONE.key].widget.setText("0722 typed, not saved")  # type: ignore[attr-defined]
    window.lock()
    type_pin(qtbot, window, "1234")  # Amina again
    assert window.current_key() == "settings"
    assert settings.editors[spec.PHONE.key].widget.text() == "0722 typed, not saved"  # type: ignore[attr-defined]


def test_a_wrong_pin_says_so_and_keeps_the_lock(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    type_pin(qtbot, window, "9999")
    assert window.pages.currentWidget() is window.lock_screen
    assert window.lock_screen.message.text() == "Wrong PIN."
    assert window.lock_screen.pin.text() == ""


def test_five_wrong_pins_disable_the_keypad_for_a_while(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    for _ in range(5):
        type_pin(qtbot, window, "9999")
    screen = window.lock_screen
    assert not screen.pin.isEnabled() and not screen.keys[0].isEnabled()
    assert screen.message.text() == "Too many wrong PINs. Try again in 30 seconds."
    for _ in range(30):
        screen._tick()
    assert screen.pin.isEnabled() and screen.message.text() == ""


def test_the_keypad_works_for_touch_screens(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    screen = window.lock_screen
    keys = {button.text(): button for button in screen.keys}
    for digit in "2580":
        qtbot.mouseClick(keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keys["⌫"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keys["0"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keys["✓"], Qt.MouseButton.LeftButton)
    assert window.state.actor is not None and window.state.actor.name == "Baraka"
    assert "settings" in visible_screens(window) and "users" not in visible_screens(window)


def test_the_audit_screen_lists_and_filters(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    type_pin(qtbot, window, "9999")
    type_pin(qtbot, window, "1234")
    audit = window.show_screen("audit")
    assert isinstance(audit, AuditScreen)
    model = audit.model
    assert model.rowCount() > 10
    assert cell(model, 0, 2) == "Signed in"  # the newest first
    assert cell(model, 1, 2) == "Wrong PIN ✗"
    assert model.data(model.index(1, 2), Qt.ItemDataRole.ForegroundRole) is not None
    audit.action_box.setCurrentIndex(audit.action_box.findData("user_added"))
    audit.apply_filter()
    names = {cell(model, r, 3) for r in range(model.rowCount())}
    assert names == {"Amina", "Baraka", "Wanjiru", "Hassan"}
    audit.action_box.setCurrentIndex(0)
    audit.search.setText("Baraka")
    assert 0 < model.rowCount() < 10
    assert audit.summary.text().endswith("entries") or audit.summary.text().endswith("entry")


def test_the_users_screen_adds_and_disables(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = window.show_screen("users")
    assert isinstance(users, UsersScreen)
    assert users.model.rowCount() == 4

    def fill(dialog: PinDialog) -> int:
        assert dialog.name_edit is not None and dialog.role_box is not None
        dialog.name_edit.setText("Neema")
        dialog.role_box.setCurrentIndex(dialog.role_box.findData(Role.CASHIER))
        dialog.pin_edit.setText("9753")
        assert dialog.again_edit is not None
        dialog.again_edit.setText("9753")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(PinDialog, "exec", fill)
    users.add_user()
    assert users.model.rowCount() == 5
    row = next(r for r in range(5) if cell(users.model, r, 0) == "Neema")
    users.table.setCurrentIndex(users.model.index(row, 0))
    assert users.active_button.text() == "Disable"
    users.toggle_active()
    assert [u.active for u in window.state.shop.access.users() if u.name == "Neema"] == [False]


def test_a_pin_dialog_keeps_its_fields_when_refused(qtbot: QtBot, state: AppState) -> None:
    dialog = PinDialog("Add a user", "x", ask_name=True, ask_role=True)
    qtbot.addWidget(dialog)
    dialog.accept_with = lambda d: state.shop.access.add_user(d.name, d.role, d.pin)
    dialog.name_edit.setText("Neema")  # type: ignore[union-attr]
    dialog.pin_edit.setText("1111")
    dialog.again_edit.setText("1111")  # type: ignore[union-attr]
    dialog.accept()
    assert dialog.error.text() == "A PIN cannot be one digit repeated."
    assert dialog.name_edit.text() == "Neema"  # type: ignore[union-attr]
    assert dialog.result() == 0


def test_a_cashier_gets_a_managers_approval(
    qtbot: QtBot, state: AppState, monkeypatch: pytest.MonkeyPatch
) -> None:
    state.sign_in("1357")  # Wanjiru
    shown: list[str] = []

    def manager_types_pin(dialog: PinDialog) -> int:
        shown.append(dialog.intro.text())
        dialog.pin_edit.setText("2580")  # Baraka
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(PinDialog, "exec", manager_types_pin)
    sugar = ProductDraft("Sugar", Money.of("180", "KES"), Money.of("150", "KES"))
    product_id = with_approval(
        None, state, Permission.MANAGE_PRODUCTS, lambda a: state.shop.products.add(sugar, a)
    )
    assert product_id
    assert shown == [
        "Wanjiru may not add or change products and prices. A manager or the owner can "
        "approve it with their PIN."
    ]


@pytest.fixture
def idle(state: AppState) -> Iterator[IdleLock]:
    watcher = IdleLock(state)
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    watcher.watch(app)
    yield watcher
    app.focusWindowChanged.disconnect(watcher._watch_window)
    watcher.deleteLater()


def test_idle_time_locks_the_screen(qtbot: QtBot, window: MainWindow, idle: IdleLock) -> None:
    from PySide6.QtGui import QKeyEvent

    from duka.core import settings as spec

    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle())
    window.state.save_settings({spec.AUTO_LOCK.key: 5})
    idle.last_input -= 4 * 60
    idle.check()
    assert window.state.actor is not None  # 4 idle minutes: not yet
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    # Someone types: the key reaches the window first, and the count starts again.
    QCoreApplication.sendEvent(window.windowHandle(), key)
    idle.last_input -= 4 * 60
    idle.check()
    assert window.state.actor is not None
    idle.last_input -= 2 * 60
    idle.check()
    assert window.state.actor is None
    assert window.pages.currentWidget() is window.lock_screen


def test_never_means_never(window: MainWindow, idle: IdleLock) -> None:
    from duka.core import settings as spec

    window.state.save_settings({spec.AUTO_LOCK.key: 0})
    idle.last_input -= 24 * 3600
    idle.check()
    assert window.state.actor is not None


def test_audit_values_read_in_the_shops_words() -> None:
    from duka.core.audit import AuditEntry
    from duka.i18n.formatting import Formats
    from duka.ui.screens.audit import shown_subject, shown_value

    formats = Formats("en_KE")
    assert shown_value('{"credit_limit": "5000.00 KES"}', formats) == (
        "Credit limit: Ksh\u00a05,000.00"
    )
    assert shown_value('{"role": "cashier"}', formats) == "Role: Cashier"
    assert shown_value('{"active": false}', formats) == "Active: no"
    assert shown_value('"+254 700"', formats) == "+254 700"
    assert shown_value(None, formats) == ""
    # A field Duka does not know (an older or newer Duka wrote it) stays readable as stored.
    assert shown_value('{"colour": "red"}', formats) == "colour: red"

    def entry(action: str, subject: str) -> AuditEntry:
        return AuditEntry(
            1, "2026-11-25T08:00:00+00:00", None, "x", action, subject, None, None, None, "done"
        )

    assert shown_subject(entry("denied", "CHANGE_SETTINGS")) == "change the shop's settings"
    assert shown_subject(entry("setting_changed", "setting: auto_lock_minutes")) == (
        "Lock the screen when idle for"
    )
    assert shown_subject(entry("customer_added", "customer 4: محمد")) == (
        "Customer 4: \u2068محمد\u2069"
    )
    assert shown_subject(entry("price_override", "3 lines")) == "3 lines"
    assert shown_subject(entry("user_disabled", "user: Baraka (disabled)")) == (
        "\u2068Baraka\u2069 (disabled)"
    )
    assert shown_subject(entry("backup", "/tmp/shop 5: x.sqlite3")) == "/tmp/shop 5: x.sqlite3"


def test_the_audit_trail_reads_in_french(qtbot: QtBot, window: MainWindow) -> None:
    """Records stay as written (in English, journaled); the screen says them in French:
    the kind of thing changed, the fields, and the command line as a user."""
    from duka.core.access import Actor
    from duka.core.suppliers import SupplierDraft
    from duka.ui.language import apply_language

    shop = window.state.shop
    signed_in = shop.context.actor
    shop.context.actor = Actor.command_line("root")
    try:
        supplier = shop.suppliers.add(SupplierDraft("Juma", "0722 000 111"))
    finally:
        shop.context.actor = signed_in
    apply_language("fr")
    audit = window.show_screen("audit")
    assert isinstance(audit, AuditScreen)
    model = audit.model
    row = [cell(model, 0, column) for column in range(model.columnCount())]
    assert row[1] == "ligne de commande (root)"
    assert row[3].replace("\u2068", "").replace("\u2069", "") == f"Fournisseur {supplier} : Juma"
    assert row[5] == "Nom : Juma, Téléphone : 0722 000 111"
    assert "ligne de commande (root)" in {
        audit.actor_box.itemText(i) for i in range(audit.actor_box.count())
    }
    # What was journaled is what was written: English, as before.
    stored = shop.context.db.execute(
        "SELECT actor, subject FROM audit ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert tuple(stored) == ("command line (root)", f"supplier {supplier}: Juma")


def test_the_idle_lock_wakes_only_when_the_lock_is_due(window: MainWindow) -> None:
    """No repeating timer while the shop waits (a netbook on battery): one single shot at
    the moment the lock is due, none at all when the shop never locks."""
    from duka.core import settings as spec

    window.state.save_settings({spec.AUTO_LOCK.key: 5})
    watcher = IdleLock(window.state)
    timer = watcher._timer
    assert timer.isActive() and timer.isSingleShot()
    assert 299_000 <= timer.remainingTime() <= 301_000  # a coarse timer may round up
    watcher.last_input -= 4 * 60
    watcher.check()
    assert 59_000 <= timer.remainingTime() <= 61_000
    window.state.save_settings({spec.AUTO_LOCK.key: 0})
    watcher.check()
    assert not timer.isActive()
