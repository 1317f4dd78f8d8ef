"""Handing a finished PDF to the computer: opened in its PDF viewer, which prints it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def open_document(path: Path) -> bool:
    """Open `path` with the system's viewer; False where there is none (the file stays)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
