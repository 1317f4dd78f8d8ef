"""Shared test set-up: Qt offscreen, a private data folder, and ready-made shops."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything imports Qt: tests draw offscreen and quietly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.text.font.db=false;qt.qpa.*=false")

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


@pytest.fixture
def shop(db_path: Path, private_home: Path) -> Iterator[Shop]:
    with Shop.open(db_path, backup_dir=private_home / "backups", actor="tester") as opened:
        yield opened


@pytest.fixture
def kenya_shop(shop: Shop) -> Shop:
    shop.settings.first_run("Duka la Test", "KE")
    return shop


@pytest.fixture
def demo_shop(shop: Shop) -> Shop:
    from duka.services.demo import create_demo

    create_demo(shop)
    return shop
