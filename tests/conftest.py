"""Shared test set-up: Qt offscreen, a private data folder, and ready-made shops."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests draw offscreen and quietly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false;qt.qpa.*=false")

from duka.core.access import Actor
from duka.i18n import set_language
from duka.services.shop import Shop


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
