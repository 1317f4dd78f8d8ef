"""The reference for startup_ratio: a bare PySide6 window with a table, babel and sqlite_utils
imported, shown, and the process exits once the event loop is idle."""

import sys

import babel  # noqa: F401 - part of the reference's cost
import sqlite_utils  # noqa: F401 - part of the reference's cost
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1366, 768)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
