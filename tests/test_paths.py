"""The data folder on each system, run here by taking that system's place (sys.platform and
its environment), and file names every system accepts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from duka import paths


@pytest.fixture
def no_duka_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The system's own folder is used (no DUKA_HOME), in a home of the test's own."""
    home = tmp_path / "user"
    home.mkdir()
    monkeypatch.delenv("DUKA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    return home


def test_windows_keeps_the_shop_in_the_roaming_application_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_duka_home: Path
) -> None:
    appdata = tmp_path / "AppData" / "Roaming"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(appdata))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))

    assert paths.data_dir() == appdata / "Duka"
    db, named = paths.resolve_db_path(None)
    assert (db, named) == (appdata / "Duka" / "duka.sqlite3", False)
    assert db.parent.is_dir()  # made for the first start
    assert paths.backup_dir() == appdata / "Duka" / "backups"
    assert paths.log_file() == appdata / "Duka" / "logs" / "duka.log"


def test_macos_keeps_it_in_application_support_whatever_xdg_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_duka_home: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    # Newer platformdirs would follow this on a Mac; Duka must not move the shop when it does.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))

    expected = no_duka_home / "Library" / "Application Support" / "Duka"
    assert paths.data_dir() == expected
    assert paths.resolve_db_path(None)[0] == expected / "duka.sqlite3"
    assert paths.anchor_dir() == expected / "anchors"


def test_linux_follows_xdg_data_home_when_it_is_a_full_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_duka_home: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert paths.data_dir() == no_duka_home / ".local" / "share" / "Duka"

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.data_dir() == tmp_path / "xdg" / "Duka"

    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")  # invalid by the XDG rules: ignored
    assert paths.data_dir() == no_duka_home / ".local" / "share" / "Duka"


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_duka_home_moves_the_data_folder_on_every_system(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("APPDATA", str(tmp_path / "appdata"))
    monkeypatch.setenv("DUKA_HOME", str(tmp_path / "stick" / "Duka"))
    assert paths.data_dir() == tmp_path / "stick" / "Duka"


@pytest.mark.parametrize(
    ("proposed", "expected"),
    [
        ("INV-2027/0001.pdf", "INV-2027-0001.pdf"),
        ('statement-Mama "Chips": Kibera?.pdf', "statement-Mama -Chips-- Kibera-.pdf"),
        ("reminder-A\\B|C*<D>", "reminder-A-B-C--D-"),
        ("statement-Tab\there.pdf", "statement-Tab-here.pdf"),
        ("CON.pdf", "CON_.pdf"),
        ("com1", "com1_"),
        ("Console.pdf", "Console.pdf"),
        ("reminder-Duka Ltd.", "reminder-Duka Ltd"),
        ("بقالة الأمل.pdf", "بقالة الأمل.pdf"),
        ("", "-"),
    ],
)
def test_proposed_file_names_are_valid_on_windows(proposed: str, expected: str) -> None:
    assert paths.safe_file_name(proposed) == expected


def test_a_start_in_the_root_folder_works_in_the_users_home(
    monkeypatch: pytest.MonkeyPatch, no_duka_home: Path, tmp_path: Path
) -> None:
    # The Finder starts an app in "/": save dialogs proposing "products.csv" would put it
    # at the top of the disk.
    monkeypatch.chdir("/")
    assert paths.start_folder() == no_duka_home
    monkeypatch.chdir(tmp_path)  # a terminal's folder, or the Documents a shortcut names
    assert paths.start_folder() is None
