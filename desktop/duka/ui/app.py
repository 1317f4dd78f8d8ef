"""Starting the app: one instance per shop, the shop opened, the language set, the window.

Refusals (a file Duka cannot use, a shop open elsewhere) are shown in a dialog in the
language chosen so far, and nothing is changed. Unexpected errors are logged and shown as a
short apology naming the log file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from duka.i18n import LANGUAGES, TranslatableError, set_language


def _has_screen(platform: str | None) -> bool:
    if sys.platform != "linux" or platform:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_app(
    *,
    db: str | None,
    language: str | None,
    screen: str | None,
    screenshot: Path | None,
    exit_after_show: bool = False,
    size: tuple[int, int] = (1366, 768),
    scale: float = 1.0,
) -> int:
    if language is not None and language not in LANGUAGES:
        print(
            f"duka: unknown language {language!r}; choose one of {', '.join(LANGUAGES)}",
            file=sys.stderr,
        )
        return 2
    screen_file = _offscreen_screen(size, scale) if screenshot is not None else None
    if not _has_screen(os.environ.get("QT_QPA_PLATFORM")):
        print(
            "duka: no screen was found (DISPLAY is not set). Start Duka from a desktop "
            "session, or use --screenshot OUT.png to render it without one.",
            file=sys.stderr,
        )
        return 2
    if language:
        set_language(language)
    from duka.paths import start_folder

    folder = start_folder()
    if folder is not None:
        if db:  # a shop named from where Duka was started stays that file
            db = str(Path(db).expanduser().absolute())
        os.chdir(folder)
    # Qt warns on every start that Latin fonts lack Arabic shaping tables; that is expected
    # (Qt falls back to the Arabic font) and only noise in a shopkeeper's terminal.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false")

    _import_services_before_qt()
    from PySide6.QtWidgets import QApplication

    from duka.ui.startup import FUSION_CHOSEN, Startup

    app = QApplication.instance()
    if app is None:
        # Fusion, as Qt starts: asking for it later would have PySide make QStyle's class
        # (about 7 ms of the start; the first paint needs no Python QStyle).
        app = QApplication([*sys.argv[:1], "-style", "Fusion"])
        app.setProperty(FUSION_CHOSEN, True)
    assert isinstance(app, QApplication)
    if screen_file is not None:  # read by Qt as it started
        screen_file.unlink(missing_ok=True)
        screen_file.parent.rmdir()
    _install_excepthook(headless=screenshot is not None or exit_after_show)
    from duka.ui.workers import finish_all

    app.aboutToQuit.connect(finish_all)
    startup = Startup(app, db=db, language=language, screen=screen)
    if screenshot is not None:
        startup.screenshot_size = size
    return startup.run(screenshot=screenshot, exit_after_show=exit_after_show)


def _offscreen_screen(size: tuple[int, int], scale: float) -> Path:
    """Draw without a screen, on one of `size` logical pixels scaled by `scale` (as a 4K
    screen at 200% is 1920x1080 scaled by 2): Qt's offscreen platform reads the screen from
    a small JSON file when it starts."""
    import json
    import tempfile

    width, height = size
    screen = {
        "name": "duka",
        "x": 0,
        "y": 0,
        "width": round(width * scale),
        "height": round(height * scale),
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1.0,
    }
    folder = Path(tempfile.mkdtemp(prefix="duka-screen-"))
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = repr(scale)
    return config


def _import_services_before_qt() -> None:
    """PySide6 inspects every module imported after it; the services the first screen needs
    (with babel) are imported first so that this costs nothing at each start. Completing a
    sale and its receipt are read once the window is up (startup.preload)."""
    import duka.services.carts
    import duka.services.shop  # noqa: F401


def _install_excepthook(headless: bool = False) -> None:
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if headless:
            # Nobody can answer a dialog offscreen: say it, log it and stop with code 70.
            from duka.logs import log_unexpected

            print(f"duka: unexpected error, logged in {log_unexpected(error)}", file=sys.stderr)
            sys.stderr.flush()
            os._exit(70)
        if isinstance(error, TranslatableError):
            from duka.ui.operations import show_refusal

            show_refusal(None, error)
            return
        if isinstance(error, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        from duka.ui.operations import show_unexpected

        show_unexpected(error)

    sys.excepthook = hook
