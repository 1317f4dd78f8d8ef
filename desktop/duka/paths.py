"""Where Duka keeps its files on this computer.

The shop database is chosen by `--db PATH`, else the DUKA_DB variable, else duka.sqlite3 in
the per-user data folder. DUKA_HOME moves the whole data folder (logs, backups, the default
database), which portable installs and tests use.

The data folder per system: Windows %APPDATA%\\Duka, macOS ~/Library/Application Support/Duka,
elsewhere $XDG_DATA_HOME/Duka or ~/.local/share/Duka. The rule is spelled out here rather than
left to platformdirs, whose choices have moved between its versions (an upgrade must never
look for the shop in a new place), and so that tests run each system's branch anywhere.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

APP_NAME = "Duka"
DB_FILENAME = "duka.sqlite3"


def data_dir() -> Path:
    home = os.environ.get("DUKA_HOME")
    if home:
        return Path(home).expanduser()
    return system_data_dir()


def system_data_dir() -> Path:
    """The usual place for a user's application data on this system, with Duka's folder."""
    if sys.platform == "win32":
        # The roaming profile folder, where Duka has always kept the shop on Windows.
        roaming = os.environ.get("APPDATA", "").strip()
        if roaming:
            return Path(roaming) / APP_NAME
        # A session without the variable (a service, a stripped environment): ask the shell.
        from platformdirs import user_data_dir

        return Path(user_data_dir(APP_NAME, appauthor=False, roaming=True))
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    # XDG: a relative XDG_DATA_HOME is invalid and ignored.
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / APP_NAME


def log_dir() -> Path:
    return data_dir() / "logs"


def log_file() -> Path:
    return log_dir() / "duka.log"


def backup_dir() -> Path:
    return data_dir() / "backups"


def anchor_dir() -> Path:
    """Where the journal's anchors (each shop file's last known head) are kept."""
    return data_dir() / "anchors"


def start_folder() -> Path | None:
    """The folder a window started from the Finder should work in instead of the one it was
    given: macOS starts an app in "/", where the save dialogs would then propose to write
    (and a user may not). The user's home then; None where the start's folder will do."""
    try:
        here = Path.cwd()
    except OSError:  # the folder it was started in is gone
        return Path.home()
    return Path.home() if here == Path(here.anchor) else None


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


# What Windows (and a FAT-formatted USB stick anywhere) refuses in a file name: the
# characters below and control characters, names of devices, a trailing dot or space.
_REFUSED_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)}
)


def safe_file_name(name: str) -> str:
    """`name` (a document number, a customer's name and a suffix) made into a file name every
    system accepts, for a save dialog to propose: refused characters become "-"."""
    cleaned = _REFUSED_IN_NAMES.sub("-", name).rstrip(". ") or "-"
    stem, dot, suffix = cleaned.partition(".")
    if stem.upper() in _DEVICE_NAMES:
        cleaned = f"{stem}_{dot}{suffix}"
    return cleaned
