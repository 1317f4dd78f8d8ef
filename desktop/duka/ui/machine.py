"""What belongs to this computer rather than to the shop: window size and place, later the
chosen printer. Kept in an INI file in the data folder (QSettings), not in the database, so
a backup restored on another computer does not bring this one's screen layout with it."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from duka import paths


def machine_settings() -> QSettings:
    return QSettings(str(paths.data_dir() / "duka.ini"), QSettings.Format.IniFormat)
