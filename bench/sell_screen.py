"""One measurement of scanning at the Sell screen: `python bench/sell_screen.py DB CODE...`.

With `--customer ID` first, every sale is for that customer (priced by their price list).
Prints JSON: scan_to_cart_ms (every scan: from the scanner's Enter to the cart table painted
with the new line, the sale saved to disk on the way), and the cart's final line count. The
sale is emptied every ten scans, as customers come and go. Run in a process of its own.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false;qt.qpa.*=false")


def main(db: Path, codes: list[str], customer: int | None = None) -> dict[str, object]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from duka.core.access import Actor
    from duka.services.shop import Shop
    from duka.ui.app import _offscreen_screen
    from duka.ui.main_window import MainWindow
    from duka.ui.screens.sell import SellScreen
    from duka.ui.startup import load_fonts, load_style, preload
    from duka.ui.state import AppState

    # Qt's offscreen screen is 800x600 unless told: a 1366x768 one, as a counter PC's, made
    # as the app's --screenshot makes its own (a real display is left alone).
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        _offscreen_screen((1366, 768), 1.0)
    app = QApplication(sys.argv[:1])
    load_fonts(app)
    load_style(app)
    shop = Shop.open(db, backup_dir=db.parent / "backups", actor=Actor.command_line("bench"))
    state = AppState(shop)
    window = MainWindow(state)
    window.resize(1366, 768)
    window.show()
    screen = window.show_screen("sell")
    assert isinstance(screen, SellScreen)
    preload(state)
    viewport = screen.table.viewport()

    def settle() -> None:
        # Whatever the last step left to lay out and paint is done before the next scan,
        # as between a cashier's actions (a scanner's keys take tens of milliseconds).
        for _ in range(20):
            app.processEvents()

    settle()

    def for_customer() -> None:
        if customer is not None:
            screen._change(shop.price_lists.with_customer(screen.cart, customer))

    for_customer()
    timings = []
    for number, code in enumerate(codes):
        if number % 10 == 0 and not screen.cart.is_empty:
            shop.carts.cancel(screen.cart_id, screen.cart)
            screen._fresh()
            for_customer()
            settle()
        screen.scan.setText(code)  # the scanner's digits, typed before its Enter
        started = time.perf_counter()
        QTest.keyClick(screen.scan, Qt.Key.Key_Return)
        viewport.repaint()
        timings.append((time.perf_counter() - started) * 1000)
        app.processEvents()
    lines = len(screen.cart.lines)
    window.close()
    shop.close()
    return {"scan_to_cart_ms": timings, "lines": lines}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "desktop"))
    args = sys.argv[1:]
    chosen = int(args[1]) if args[:1] == ["--customer"] else None
    if chosen is not None:
        args = args[2:]
    print(json.dumps(main(Path(args[0]), args[1:], chosen)))
