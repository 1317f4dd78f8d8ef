"""Duka left alone on the Sell screen: `python bench/idle_app.py DB` (run by bench/run.py).

The demo shop is opened, its owner signed in, the Sell screen shown with its quick keys and
the idle lock watching, as after a start; then nothing happens. It prints "ready" once the
window has settled and runs until killed: the parent measures its CPU time meanwhile.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false;qt.qpa.*=false")


def main(db: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import duka.services.shop  # noqa: F401 - before Qt, as the app does
    from duka.demo.shop import OWNER
    from duka.services.shop import Shop
    from duka.ui.idle import IdleLock
    from duka.ui.main_window import MainWindow
    from duka.ui.startup import load_fonts, load_style, preload
    from duka.ui.state import AppState

    app = QApplication(sys.argv[:1])
    load_fonts(app)
    load_style(app)
    shop = Shop.open(db, backup_dir=db.parent / "backups")
    shop.access.sign_in(OWNER[1], OWNER[0])
    state = AppState(shop)
    window = MainWindow(state)
    window.resize(1024, 600)
    window.show()
    window.show_screen("sell")
    idle = IdleLock(state, parent=window)
    app.installEventFilter(idle)
    preload(state)

    def ready() -> None:
        print("ready", flush=True)

    QTimer.singleShot(2000, ready)  # the first paint, fonts and lazy imports are done
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
