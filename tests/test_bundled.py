"""The catalogs, fonts and icons of a frozen (PyInstaller) Duka, found where the spec puts
them, run here by making this Python look frozen over a bundle folder of the test's own."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from duka import bundled

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_lookup() -> Iterator[None]:
    bundled.bundled_dir.cache_clear()
    yield
    bundled.bundled_dir.cache_clear()


def make_bundle(folder: Path) -> Path:
    """A one-folder bundle's data as packaging/duka.spec lays it out, linked to the files."""
    package = folder / "duka"
    for name in ("locales", "resources"):
        source = ROOT / name
        for item in source.rglob("*"):
            if item.is_file():
                target = package / name / item.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(item)
    return package


def test_a_frozen_duka_reads_its_files_from_the_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_lookup: None
) -> None:
    package = make_bundle(tmp_path / "_internal")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)

    assert bundled.resources_dir() == package / "resources"
    assert bundled.locales_dir() == package / "locales"
    # What the start, the PDFs and the receipts open, all inside the bundle:
    from duka.ui.startup import _FONT_FILES

    for name in _FONT_FILES:
        assert (bundled.resources_dir() / "fonts" / name).is_file(), name
    assert (bundled.resources_dir() / "icons" / "duka.svg").is_file()
    assert (bundled.locales_dir() / "ar" / "LC_MESSAGES" / "duka.po").is_file()


def test_a_frozen_duka_reads_the_catalog_from_the_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_lookup: None
) -> None:
    package = make_bundle(tmp_path / "bundle")
    # A catalog only this bundle has: French reads "Bonjour du paquet" for "Sell".
    french = package / "locales" / "fr" / "LC_MESSAGES" / "duka.po"
    french.unlink()
    french.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Sell"\nmsgstr "Bonjour du paquet"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    from duka.i18n.catalog import load_translations

    assert load_translations("fr").gettext("Sell") == "Bonjour du paquet"


def test_not_frozen_or_an_incomplete_bundle_falls_back_to_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_lookup: None
) -> None:
    usual = bundled.resources_dir()
    bundled.bundled_dir.cache_clear()
    # _MEIPASS without sys.frozen is not a bundle (a leftover variable, another tool).
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    make_bundle(tmp_path)
    assert bundled.resources_dir() == usual
    bundled.bundled_dir.cache_clear()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "empty"), raising=False)
    assert bundled.resources_dir() == usual


def test_the_spec_puts_the_data_where_the_frozen_lookup_reads() -> None:
    spec = (ROOT / "packaging" / "duka.spec").read_text(encoding="utf-8")
    placed = dict(re.findall(r'\(str\(root / "(\w+)"\), "([\w/]+)"\)', spec))
    assert placed == {"locales": "duka/locales", "resources": "duka/resources"}
