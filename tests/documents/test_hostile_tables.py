"""Hostile spreadsheets: a zip bomb, too many rows, columns or characters."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from duka.core.errors import InvalidInput
from duka.documents import tables
from duka.documents.tables import read_table, write_xlsx
from tests.cli.conftest import ROOT

_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
)
_SHEET_TAIL = "</t></is></c></row></sheetData></worksheet>"


def zip_bomb(path: Path, unpacked_mb: int = 1024) -> Path:
    """A real workbook whose one cell holds `unpacked_mb` MB of letters: about 1 MB packed."""
    good = path.with_name("good.xlsx")
    write_xlsx(good, ["name"], [["Tea"]])
    with (
        zipfile.ZipFile(good) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for item in source.infolist():
            if item.filename.startswith("xl/worksheets/sheet"):
                with bomb.open(item.filename, "w", force_zip64=True) as sheet:
                    sheet.write(_SHEET_HEAD.encode())
                    block = b"A" * (1024 * 1024)
                    for _ in range(unpacked_mb):
                        sheet.write(block)
                    sheet.write(_SHEET_TAIL.encode())
            else:
                bomb.writestr(item, source.read(item.filename))
    return path


# The peak is read from VmHWM: ru_maxrss survives exec and would report the test runner's.
MEASURE = """
import json, sys, time
from pathlib import Path
from duka.core.errors import InvalidInput
from duka.documents.tables import read_table
start = time.monotonic()
try:
    read_table(Path(sys.argv[1]))
    said = "read"
except InvalidInput as error:
    said = error.message
seconds = time.monotonic() - start
status = Path("/proc/self/status").read_text().split("VmHWM:")[1]
print(json.dumps({"said": said, "seconds": seconds, "peak_mb": int(status.split()[0]) / 1024}))
"""


def test_a_zip_bomb_is_refused_quickly_and_in_little_memory(tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 1.2 * 1024 * 1024
    env = {"PYTHONPATH": str(ROOT / "desktop"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(bomb)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    measured = json.loads(done.stdout)
    print(f"zip bomb: {measured}")
    assert "which no real workbook does" in measured["said"] or "larger than" in measured["said"]
    assert measured["seconds"] < 2
    assert measured["peak_mb"] < 200


def test_a_workbook_that_unpacks_too_large_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_FILE_MB", 1)
    monkeypatch.setattr(tables, "MAX_RATIO", 10**6)
    with pytest.raises(InvalidInput, match="larger than 1 MB"):
        read_table(zip_bomb(tmp_path / "big.xlsx", unpacked_mb=2))


def test_rows_columns_and_cells_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_ROWS", 3)
    many = tmp_path / "many.csv"
    many.write_text("name,price\n" + "Tea,1\n" * 4)
    with pytest.raises(InvalidInput, match="more than 3 rows"):
        read_table(many)
    wide = tmp_path / "wide.xlsx"
    write_xlsx(wide, ["name", *(f"c{i}" for i in range(300))], [["Tea", *["x"] * 300]])
    with pytest.raises(InvalidInput, match="more than 200 columns"):
        read_table(wide)
    long = tmp_path / "long.csv"
    long.write_text("name,price\n" + "T" * 40_000 + ",1\n")
    with pytest.raises(InvalidInput, match="longer than 32767 characters"):
        read_table(long)
