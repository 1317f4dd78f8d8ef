"""Shared test set-up: Qt offscreen, a private data folder, and ready-made shops."""

from __future__ import annotations

import os
import sqlite3
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

# Before anything imports Qt: tests draw offscreen and quietly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false;qt.qpa.*=false")

from duka.core.access import Actor
from duka.i18n import set_language
from duka.services.shop import Shop
from duka.store import sql


def _file_of(database: object, uri: bool) -> str | None:
    """The file a standard-library connect opens, or None for a database in memory."""
    name = os.fsdecode(database) if isinstance(database, (str, bytes, os.PathLike)) else ""
    if uri and name.startswith("file:"):
        name = unquote(urlsplit(name).path)
    if not name or name == ":memory:" or "mode=memory" in str(database):
        return None
    return name


class _Watched(sqlite3.Connection):
    """A standard-library connection the one-library guard counts until it is closed."""

    release: Any = None

    def close(self) -> None:
        super().close()
        if self.release is not None:
            self.release()


_real_connect = sqlite3.connect


def _guarded_connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
    """sqlite3.connect, refused on a file this process has open through apsw, and counted
    (until closed or dropped) so that apsw refuses the file meanwhile: one SQLite library
    per open file, in the tests and the bench helpers they call as in Duka itself."""
    path = _file_of(database, bool(kwargs.get("uri")))
    if path is None or "factory" in kwargs or len(args) > 3:
        return _real_connect(database, *args, **kwargs)
    key = os.path.realpath(path)
    if key in sql.files_open_through_apsw():
        raise sql.TwoLibraries(f"{path} is open through apsw; sqlite3.connect refused")
    conn = _real_connect(database, *args, factory=_Watched, **kwargs)
    counts = sql._standard_library_files
    counts[key] = counts.get(key, 0) + 1

    def release() -> None:
        if counts.get(key, 0) <= 1:
            counts.pop(key, None)
        else:
            counts[key] -= 1

    conn.release = weakref.finalize(conn, release)
    return conn


@pytest.fixture(autouse=True, scope="session")
def one_library_per_file() -> Iterator[None]:
    """No test opens a file through both SQLite libraries at once (see duka.store.sql)."""
    sqlite3.connect = _guarded_connect  # type: ignore[assignment]
    try:
        yield
    finally:
        sqlite3.connect = _real_connect


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, never the real one, and English."""
    home = tmp_path / "home"
    monkeypatch.setenv("DUKA_HOME", str(home))
    monkeypatch.delenv("DUKA_DB", raising=False)
    set_language("en")
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shop.sqlite3"


OWNER_PIN = "4321"


@pytest.fixture
def shop(db_path: Path, private_home: Path) -> Iterator[Shop]:
    """A new, empty shop; nobody is signed in."""
    with Shop.open(db_path, backup_dir=private_home / "backups") as opened:
        yield opened


@pytest.fixture
def kenya_shop(shop: Shop) -> Shop:
    """A set-up shop whose owner, Zawadi, is signed in."""
    shop.settings.first_run(
        "Duka la Test", "KE", language="en", owner_name="Zawadi", owner_pin=OWNER_PIN
    )
    return shop


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop made once (PINs are slow to hash on purpose), copied for each test."""
    from duka.demo.shop import create_demo

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite3"
    with Shop.open(path, backup_dir=folder, actor=Actor.command_line("tester")) as made:
        create_demo(made)
        made.context.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_shop(demo_template: Path, db_path: Path, private_home: Path) -> Iterator[Shop]:
    """The demo shop, with its owner Amina (PIN 1234) signed in."""
    from duka.demo.shop import OWNER

    db_path.write_bytes(demo_template.read_bytes())
    with Shop.open(db_path, backup_dir=private_home / "backups") as opened:
        opened.access.sign_in(OWNER[1], OWNER[0])
        yield opened
