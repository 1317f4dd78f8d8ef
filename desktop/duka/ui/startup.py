"""The start of the app, step by step: fonts, the instance lock, the shop, the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from duka import paths
from duka.bundled import resources_dir
from duka.core.access import Actor
from duka.core.errors import StoreUnavailable
from duka.i18n import N_, TranslatableError, _, current_language
from duka.services.shop import Shop, check_location, os_user, upgrade_line
from duka.services.shop_view import ShopView
from duka.ui.idle import IdleLock
from duka.ui.instance import ActivationServer, InstanceLock, ask_running_to_raise
from duka.ui.language import apply_language
from duka.ui.operations import show_refusal, tell
from duka.ui.state import AppState
from duka.ui.widgets.screen_fit import watch_dialog

EXIT_OK = 0
EXIT_REFUSED = 2

# Noto covers every shipped language's script the same way on every computer (Chinese with a
# subset of Noto Sans CJK SC: the hanzi a shop uses), and lets Qt fall back between scripts
# within one line of text. Registering all of them costs about 2 ms: Qt reads a font's tables
# only when it first draws with it.
UI_FONT_FAMILIES = [
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Noto Sans Tamil",
    "Noto Sans Thai",
    "Noto Sans CJK SC",
]
_FONT_FILES = tuple(
    f"{stem}-{style}.ttf"
    for stem in (
        "NotoSans",
        "NotoSansArabic",
        "NotoSansDevanagari",
        "NotoSansBengali",
        "NotoSansTamil",
        "NotoSansThai",
        "NotoSansSC",
    )
    for style in ("Regular", "Bold")
)


def add_fonts() -> None:
    """The bundled fonts, for Qt to draw every script with."""
    folder = resources_dir() / "fonts"
    for name in _FONT_FILES:
        QFontDatabase.addApplicationFont(str(folder / name))


def load_fonts(app: QApplication) -> None:
    from duka.ui.machine import text_scale

    add_fonts()
    font = QFont(app.font())
    font.setFamilies(UI_FONT_FAMILIES)
    font.setPointSizeF(10 * text_scale() / 100)  # this computer's larger text, if chosen
    app.setFont(font)


def load_icon(app: QApplication) -> None:
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "duka.svg")))


FUSION_CHOSEN = "dukaFusion"  # a property of the application once its style is Fusion


def load_style(app: QApplication) -> None:
    # Fusion looks the same everywhere, which the style sheet relies on.
    if app.property(FUSION_CHOSEN) is not True:
        app.setStyle("Fusion")
        app.setProperty(FUSION_CHOSEN, True)
    app.setStyleSheet(style_sheet())


def style_sheet() -> str:
    """The style sheet, its text sizes scaled as this computer chose, in its theme."""
    import re

    from duka.ui.machine import text_scale, theme

    scale = text_scale() / 100
    parts = []
    for name in ("style.qss", "contrast.qss" if theme() == "contrast" else ""):
        sheet = resources_dir() / name
        if name and sheet.is_file():
            parts.append(sheet.read_text(encoding="utf-8"))
    return re.sub(
        r"(\d+(?:\.\d+)?)pt",
        lambda m: f"{round(float(m.group(1)) * scale, 1)}pt",
        "\n".join(parts),
    )


def apply_look(app: QApplication) -> None:
    """This computer's theme and text size, at once (no restart): the app font and the
    style sheet change, and every window is laid out again."""
    load_fonts(app)
    load_style(app)
    for widget in app.topLevelWidgets():
        widget.updateGeometry()
        widget.update()


class Startup:
    def __init__(
        self, app: QApplication, *, db: str | None, language: str | None, screen: str | None
    ) -> None:
        self.app = app
        self.db = db
        self.language = language
        self.screen = screen
        self.headless = False
        self.screenshot_size = (1366, 768)  # a screenshot's window, in logical pixels

    def refuse(self, error: TranslatableError) -> int:
        if self.headless:
            print(f"duka: {error.message}", file=sys.stderr)
        else:
            show_refusal(None, error)
        return EXIT_REFUSED

    def run(self, *, screenshot: Path | None, exit_after_show: bool) -> int:
        self.headless = screenshot is not None or exit_after_show
        app = self.app
        app.setApplicationName("Duka")
        app.setOrganizationName("Duka")
        load_fonts(app)
        load_style(app)
        load_icon(app)
        if self.language:
            apply_language(self.language)

        try:
            path, _named = paths.resolve_db_path(self.db)
        except OSError as error:
            return self.refuse(
                StoreUnavailable(
                    N_("Duka could not create its data folder: {reason}"), reason=str(error)
                )
            )
        try:
            check_location(path)  # before the lock file is made beside it
        except TranslatableError as error:
            return self.refuse(error)
        lock = InstanceLock(path)
        if not lock.try_lock():
            return self._already_open(path, lock)
        try:
            return self._run_locked(path, screenshot, exit_after_show)
        finally:
            lock.unlock()

    def _already_open(self, path: Path, lock: InstanceLock) -> int:
        if not self.headless and ask_running_to_raise(path):
            print(
                _("Duka already has {path} open; its window was brought forward.").format(path=path)
            )
            return EXIT_OK
        holder = lock.holder()
        if holder is None:
            return self.refuse(
                StoreUnavailable(
                    N_("Duka may not create its lock file beside {path}. Choose another place."),
                    path=str(path),
                )
            )
        return self.refuse(
            StoreUnavailable(
                N_("{path} is open in Duka on {host} (process {pid}). Close it there first."),
                path=str(path),
                host=holder.host or "?",
                pid=holder.pid,
            )
        )

    def _run_locked(self, path: Path, screenshot: Path | None, exit_after_show: bool) -> int:
        # Rendering without a screen is a command-line use: it acts with the owner's rights,
        # like the other commands. The app itself starts locked until a PIN is typed.
        actor = Actor.command_line(os_user()) if self.headless else None
        while True:
            self.restore_from: Path | None = None
            self.restored_by: Actor | None = None
            try:
                shop: ShopView = Shop.open(
                    path, backup_dir=paths.backup_dir(), actor=actor, anchor_dir=paths.anchor_dir()
                )
            except TranslatableError as error:
                return self.refuse(error)
            try:
                state = AppState(shop, self.language)
                if state.language != current_language():
                    apply_language(state.language)
                if shop.upgrade is not None and self.headless:
                    print(upgrade_line(shop.upgrade), file=sys.stderr)
                if not self.headless and not self._set_up(state):
                    return EXIT_OK
                code = self._show_window(state, path, screenshot, exit_after_show)
            finally:
                shop.close()
            if self.restore_from is None or self.restored_by is None:
                return code
            self._restore(path, self.restore_from, self.restored_by)

    def _restore(self, path: Path, backup: Path, by: Actor) -> None:
        """Put `backup` in place of the shop, whose window has closed (this process still
        holds the instance lock), through the command line's own restore; then the loop
        above opens the window again, over the restored shop or, if refused, the old one."""

        from duka.services.restoring import restore_shop
        from duka.ui.workers import finish_all

        finish_all()  # an automatic backup still reading the shop ends first
        try:
            kept, upgrade = restore_shop(
                path,
                backup,
                backup_dir=paths.backup_dir(),
                anchor_dir=paths.anchor_dir(),
                actor=Actor(None, by.name, by.role),
            )
        except TranslatableError as error:
            show_refusal(None, error)
            return
        text = _("Restored {backup} into {path}.").format(backup=backup, path=path)
        if kept is not None:
            text += "\n" + _("The replaced file was kept as {kept}").format(kept=kept)
        if upgrade is not None:  # an older backup was brought up to date as it was opened
            text += "\n" + upgrade_line(upgrade, isolated=True)
        tell(None, _("Restore"), text)

    def _set_up(self, state: AppState) -> bool:
        """Ask the first-run questions, or for an owner if a shop has none yet; False if the
        person chose to leave instead."""
        if not state.settings.is_set_up:
            from duka.ui.dialogs.first_run import FirstRunDialog

            return FirstRunDialog(state).exec() == FirstRunDialog.DialogCode.Accepted
        if not state.shop.access.has_users():
            from duka.ui.dialogs.pin_entry import PinDialog

            dialog = PinDialog(
                N_("Who owns this shop?"),
                N_(
                    "Duka now signs people in with a PIN. Enter the owner's name and PIN; "
                    "the owner then adds the other users."
                ),
                ask_name=True,
            )

            def create(d: PinDialog) -> object:
                user = state.shop.access.create_owner(d.name, d.pin)
                state.signed_in.emit()
                return user

            dialog.accept_with = create
            return bool(dialog.exec())
        return True

    def _show_window(
        self, state: AppState, path: Path, screenshot: Path | None, exit_after_show: bool
    ) -> int:
        from duka.ui.main_window import MainWindow

        window = MainWindow(state)
        if self.screen == "lock":
            window.lock_screen.refresh()
            window.pages.setCurrentWidget(window.lock_screen)
        elif state.actor is not None:
            window.show_screen(self.screen or window.start_screen())
        if screenshot is not None:
            # The whole screen, as a maximized window, without a frame (not in the picture).
            window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
            window.resize(*self.screenshot_size)
            return save_screenshot(window, screenshot)

        def listen() -> None:
            # A second start asks this one to come forward; listening for it can wait for
            # the first paint (the lock file already keeps a second Duka out).
            server = ActivationServer(path, window)
            server.raise_requested.connect(window.bring_forward)
            window.activation = server  # kept as long as the window

        # Timers bound to the window: none fires after it is gone (a start that quits at once).
        QTimer.singleShot(300, window, listen)
        idle = IdleLock(state, parent=window)
        QTimer.singleShot(1200, window, lambda: preload(state))
        # The day's automatic backup after the first paint, in the thread pool.
        QTimer.singleShot(2000, window, lambda: window.auto_backups.start())
        # Syncing with the shop's other tills, if this computer has a folder for this shop.
        QTimer.singleShot(2500, window, window.auto_sync.start)
        window.restore_placement()
        window.show()
        idle.watch(self.app, window.windowHandle())
        state.watch()  # another process's writes to the shop reach the screens
        upgrade = state.shop.upgrade
        if upgrade is not None and not self.headless:
            # Said once, over the first screen: this start brought an older shop up to date.
            QTimer.singleShot(
                0, window, lambda: upgrade_notice(window, upgrade_line(upgrade, isolated=True))
            )
        if exit_after_show:
            QTimer.singleShot(0, self.app.quit)
        code = self.app.exec()
        state.watch(False)
        window.auto_sync.stop()  # a round under way ends before the shop closes
        self.restore_from, self.restored_by = window.restore_from, window.restored_by
        # The window goes before its shop closes: nothing of it (a timer, the idle lock, a
        # backup's answer, a language change) may act on a closed shop, nor beside the window
        # a restore opens next.
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return code


def upgrade_notice(parent: QWidget, line: str) -> QMessageBox:
    """The one line saying that the shop's data was updated and where the copy of it as it
    was is (upgrade_line), over the first screen, which it does not hold up."""
    box = QMessageBox(QMessageBox.Icon.Information, _("Duka"), line, parent=parent)
    box.setObjectName("upgradeNotice")
    watch_dialog(box)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def save_screenshot(window: QMainWindow, out: Path) -> int:
    window.show()
    app = QApplication.instance()
    assert app is not None
    for _round in range(3):
        app.processEvents()
    image = window.grab()
    if not image.save(str(out)):
        print(f"duka: cannot write {out}", file=sys.stderr)
        return EXIT_REFUSED
    window.close()
    return EXIT_OK


def preload(state: AppState) -> None:
    """While the shopkeeper looks at the first screen: the locale's number and money data
    (babel), the code that completes a sale and prints its receipt, and the busiest list,
    so the first scan, Pay and the Products screen go without the wait of reading them
    (about 40 ms on a slow laptop)."""
    _ = state.formats
    _ = state.shop.checkout
    import duka.services.receipts
    import duka.ui.screens.products  # noqa: F401
