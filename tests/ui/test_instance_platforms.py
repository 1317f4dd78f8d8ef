"""The single-instance socket's name on Windows and macOS, and a real second start here with
the user names and temporary folders those systems have."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from duka.ui.instance import ActivationServer, ask_running_to_raise, server_name

# What users are called on shop computers: a Windows domain account, a full name with
# spaces and accents, another script, a very long one.
USERS = [
    "SHOP\\amina",
    "Zoë Ünal",
    "Иван Петров",
    "a.very.long.user-name.from.the.company.directory",
]
# macOS: sockets live in $TMPDIR, such as this (49 characters); sun_path holds 104 bytes.
MAC_TMPDIR = "/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T"


@pytest.mark.parametrize("user", USERS)
def test_the_name_is_a_valid_windows_pipe_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, user: str
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv("USER", raising=False)
    monkeypatch.setenv("USERNAME", user)
    name = server_name(tmp_path / "shop.sqlite3")
    pipe = "\\\\.\\pipe\\" + name  # what Qt opens on Windows
    assert re.fullmatch(r"duka-[A-Za-z0-9_.-]+-[0-9a-f]{16}", name), name
    assert "\\" not in name and "/" not in name
    assert len(pipe) <= 256


@pytest.mark.parametrize("user", USERS)
def test_the_socket_path_fits_a_macos_unix_socket(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, user: str
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("USER", user)
    path = f"{MAC_TMPDIR}/{server_name(tmp_path / 'shop.sqlite3')}"
    assert len(path.encode("utf-8")) + 1 <= 104  # with its closing NUL


def test_one_name_per_user_and_shop_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shop, other = tmp_path / "shop.sqlite3", tmp_path / "other.sqlite3"
    monkeypatch.setenv("USER", "Иван")
    ivan = server_name(shop)
    assert server_name(shop) == ivan != server_name(other)
    monkeypatch.setenv("USER", "Пётр")  # both read "____" once shortened
    assert server_name(shop) != ivan


@pytest.mark.parametrize("user", [USERS[0], USERS[3]])
def test_a_second_start_finds_the_first_with_a_long_temporary_folder(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, user: str
) -> None:
    # A temporary folder as long as macOS's, so the socket's path is as long as there.
    temporary = tmp_path / ("t" * max(1, len(MAC_TMPDIR) - len(str(tmp_path)) - 1))
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setenv("USER", user)
    db = tmp_path / "shop.sqlite3"
    server = ActivationServer(db)
    try:
        with qtbot.waitSignal(server.raise_requested, timeout=5000):
            assert ask_running_to_raise(db)
    finally:
        server.close()
