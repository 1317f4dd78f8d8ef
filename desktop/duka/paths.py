"""Where Duka keeps its files on this computer.

The shop database is chosen by `--db PATH`, else the DUKA_DB variable, else duka.sqlite3 in
the per-user data folder. DUKA_HOME moves the whole data folder (logs, backups, the default
database), which portable installs and tests use.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Duka"
DB_FILENAME = "duka.sqlite3"


def data_dir() -> Path:
    home = os.environ.get("DUKA_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_dir  # imported here: only needed without DUKA_HOME

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=True))


def log_dir() -> Path:
    return data_dir() / "logs"


def log_file() -> Path:
    return log_dir() / "duka.log"


def backup_dir() -> Path:
    return data_dir() / "backups"


def anchor_dir() -> Path:
    """Where the journal's anchors (each shop file's last known head) are kept."""
    return data_dir() / "anchors"


def resolve_db_path(cli_value: str | None) -> tuple[Path, bool]:
    """The database to open, and whether the user named it (not the default)."""
    if cli_value:
        return Path(cli_value).expanduser(), True
    from_env = os.environ.get("DUKA_DB")
    if from_env:
        return Path(from_env).expanduser(), True
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DB_FILENAME, False
