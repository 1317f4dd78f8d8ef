"""One measurement of the Products screen over a shop: `python bench/products_table.py DB`.

Prints JSON: first_paint_ms (from asking for the screen to its table painted with the first
rows), scroll_end_ms (the median of jumping to the last row and painting it, five times from
the top), and peak_rss_mb (the process's peak resident memory, Qt included). Run in a process
of its own so the memory figure is the app's alone.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false;qt.qpa.*=false")


def _peak_rss_kb() -> int:
    """This process's peak resident memory. Linux's VmHWM belongs to the program itself;
    ru_maxrss also keeps the peak of the process this one was forked from (a benchmark
    runner holding a million journal rows would be counted)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main(db: Path) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from duka.core.access import Actor
    from duka.services.shop import Shop
    from duka.ui.main_window import MainWindow
    from duka.ui.startup import load_fonts, load_style, preload
    from duka.ui.state import AppState

    app = QApplication(sys.argv[:1])
    load_fonts(app)
    load_style(app)
    shop = Shop.open(db, backup_dir=db.parent / "backups", actor=Actor.command_line("bench"))
    state = AppState(shop)
    window = MainWindow(state)
    window.show_screen("sell")
    window.show()
    # A person clicks Products a moment after the window appears; the app uses that moment
    # (its start-up timers) to load the locale's data, so the measure starts after them.
    settle = time.perf_counter() + 1.5
    while time.perf_counter() < settle:
        app.processEvents()
        time.sleep(0.01)
    preload(state)  # what the app's start-up timer loads in that moment
    # The measurement asks the table for its viewport, which the app never does; PySide
    # builds that type's Python enums on first use (~10 ms), so do it before the clock runs.
    from PySide6.QtWidgets import QTableView

    QTableView().viewport()

    started = time.perf_counter()
    screen = window.show_screen("products")
    table = screen.table  # type: ignore[attr-defined]
    table.viewport().repaint()
    app.processEvents()
    first_paint = time.perf_counter() - started
    assert table.model().rowCount() > 0

    jumps = []
    for _ in range(5):
        table.scrollToTop()
        table.viewport().repaint()
        app.processEvents()
        started = time.perf_counter()
        table.scrollToBottom()
        table.viewport().repaint()
        app.processEvents()
        jumps.append(time.perf_counter() - started)
    last = table.model().rowCount() - 1
    assert (
        table.rowAt(table.viewport().height() - 2) in (last, -1)
        or table.indexAt(table.viewport().rect().bottomLeft()).row() >= last - 40
    )
    window.close()
    shop.close()
    return {
        "first_paint_ms": round(first_paint * 1000, 1),
        "scroll_end_ms": round(statistics.median(jumps) * 1000, 1),
        "peak_rss_mb": round(_peak_rss_kb() / 1024, 1),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "desktop"))
    print(json.dumps(main(Path(sys.argv[1]))))
