"""What belongs to this computer rather than to the shop: window size and place, later the
chosen printer. Kept in an INI file in the data folder (QSettings), not in the database, so
a backup restored on another computer does not bring this one's screen layout with it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

from duka import paths


def machine_settings() -> QSettings:
    return QSettings(str(paths.data_dir() / "duka.ini"), QSettings.Format.IniFormat)


# Keys of what each computer chooses for itself.
QUICK_KEYS_SCOPE = "quick_keys/scope"  # "shop": the layout in the database; "computer": here
QUICK_KEYS_LAYOUT = "quick_keys/layout"  # this computer's own layout (JSON)
QUICK_KEYS_HIDDEN = "quick_keys/hidden"  # a scanner-only counter hides the grid
THEME = "look/theme"  # "normal" or "contrast" (outdoors, in the sun)
TEXT_SCALE = "look/text_scale"  # percent of the usual text size
TEXT_SCALES = (100, 115, 130, 150)


def flag(key: str, default: bool = False) -> bool:
    value = machine_settings().value(key, default)
    return value in (True, "true", "1", 1)


def text_scale() -> int:
    try:
        value = int(str(machine_settings().value(TEXT_SCALE, 100)))
    except ValueError:
        return 100
    return value if value in TEXT_SCALES else 100


def theme() -> str:
    value = machine_settings().value(THEME, "normal")
    return "contrast" if value == "contrast" else "normal"


# The second place for backups is this computer's: a USB stick is /media/amina/STICK on one
# computer and E:\ on another, and a shop restored elsewhere must not point there. What the
# last copy there did is this computer's news too.
BACKUP_PLACE = "backups/second_place"  # a folder path, "" for none
BACKUP_WARN_DAYS = "backups/warn_days"  # the Today screen warns past this many days
BACKUP_WARN_DEFAULT = 2
BACKUP_LAST_COPY = "backups/last_copy_at"  # local ISO time of the last verified copy there
BACKUP_PROBLEM = "backups/problem"  # PlaceProblem value of the last attempt ("" when fine)
BACKUP_PROBLEM_AT = "backups/problem_at"
BACKUP_PROBLEM_REASON = "backups/problem_reason"
BACKUP_LOCAL_ERROR = "backups/local_error"  # the usual folder's backup failed: why


# The folder the tills exchange their changes through is this computer's too (a USB stick's
# path differs between computers), and one computer may keep several shop files (a test copy
# beside the real one): one folder per shop file, under a key made from the file's path.
SYNC_FOLDERS = "sync_folders"


def _sync_key(shop: Path) -> str:
    # QSettings reads "/" and "\" in a key as groups: the path's digest names it instead.
    return f"{SYNC_FOLDERS}/{hashlib.sha256(str(shop.resolve()).encode()).hexdigest()[:20]}"


def sync_folder(shop: Path) -> Path | None:
    value = str(machine_settings().value(_sync_key(shop), "") or "")
    return Path(value) if value else None


def set_sync_folder(shop: Path, folder: Path | None) -> None:
    settings = machine_settings()
    settings.setValue(_sync_key(shop), str(folder) if folder else "")
    settings.sync()


# Syncing through the hub's address on the network instead of a folder (http://host:port),
# and this computer serving the shop's tills (the port, 0 for not serving): this computer's
# choices too, per shop file, beside its folder.
SYNC_HUBS = "sync_hubs"
HUB_PORTS = "hub_serve"


def _key_of(group: str, shop: Path) -> str:
    return f"{group}/{_sync_key(shop).partition('/')[2]}"


def sync_hub(shop: Path) -> str | None:
    value = str(machine_settings().value(_key_of(SYNC_HUBS, shop), "") or "")
    return value or None


def set_sync_hub(shop: Path, address: str | None) -> None:
    settings = machine_settings()
    settings.setValue(_key_of(SYNC_HUBS, shop), address or "")
    settings.sync()


def served_port(shop: Path) -> int | None:
    """The port this computer serves the shop's tills on, None when it does not."""
    try:
        port = int(str(machine_settings().value(_key_of(HUB_PORTS, shop), 0) or 0))
    except ValueError:
        return None
    return port if 0 < port < 65536 else None


def set_served_port(shop: Path, port: int | None) -> None:
    settings = machine_settings()
    settings.setValue(_key_of(HUB_PORTS, shop), port or 0)
    settings.sync()
