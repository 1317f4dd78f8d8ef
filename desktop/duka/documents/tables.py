"""Tables in files: CSV as spreadsheets and shop software write it, and Excel workbooks.

A CSV may come with or without a byte-order mark, in UTF-8 or UTF-16, separated by commas,
semicolons (what Excel writes where the comma is the decimal mark) or tabs. Other 8-bit
encodings cannot be told apart reliably (an Arabic Windows file reads as plausible French
accents), so they are refused with advice rather than imported as garbled names.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from duka.core.cells import escape_cell
from duka.core.errors import InvalidInput
from duka.documents.output import atomic_path
from duka.i18n import N_

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE = 64 * 1024

# Limits on what a file may make Duka read. A product list of 100,000 rows is some 10 MB of
# CSV and 60 MB of workbook XML; a "zip bomb" of 1 MB unpacks to a gigabyte, and openpyxl
# took 2 GB of memory and 13 s to find no rows in one. The archive's own directory says how
# large each part unpacks (Python's zipfile never yields more than that), so a workbook is
# measured before anything is unpacked.
MAX_FILE_MB = 256  # a CSV file, or a workbook's parts once unpacked
MAX_PARTS = 2000  # a workbook's files inside its archive (a plain one has about ten)
MAX_RATIO = 200  # unpacked : packed, for parts over a megabyte (real sheets pack 5-30x)
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_CELL = 32_767  # Excel's own limit on a cell's text


@dataclass(frozen=True, slots=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)
    kind: str  # "CSV" or "XLSX"
    encoding: str = ""  # "UTF-8", "UTF-8 with BOM", "UTF-16"; empty for a workbook
    delimiter: str = ""


def read_table(path: Path) -> Table:
    """The first sheet or the CSV at `path`, its first non-blank row as headers; blank rows
    are skipped but keep their numbers, so problems point at the right row."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise InvalidInput(
            N_("Duka could not read {name}: {reason}"), name=name, reason=error.strerror or ""
        ) from None
    if head.startswith(b"PK\x03\x04"):
        _check_archive(path)
        return _read_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidInput(
            N_("{name} is an old Excel file (.xls). Save it as .xlsx or CSV and try again."),
            name=name,
        )
    if path.stat().st_size > MAX_FILE_MB * 1024 * 1024:
        raise _too_large(name)
    text, encoding = _decode(path.read_bytes(), name)
    return _read_csv(text, encoding, name)


def _too_large(name: str) -> InvalidInput:
    return InvalidInput(
        N_("{name} is larger than {limit} MB once unpacked. Split it into smaller files."),
        name=name,
        limit=MAX_FILE_MB,
    )


def _check_archive(path: Path) -> None:
    """Refuse a workbook whose parts would unpack too large, or unpack suspiciously far,
    before any of it is unpacked."""
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(path) as archive:
            parts = archive.infolist()
    except (BadZipFile, OSError, ValueError):
        raise _not_a_table(path.name) from None
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_FILE_MB * 1024 * 1024:
        raise _too_large(path.name)
    for part in parts:
        if part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise InvalidInput(
                N_(
                    "{name} unpacks to {ratio} times its size, which no real workbook does. "
                    "Open it in your spreadsheet and save it again, or save it as CSV."
                ),
                name=path.name,
                ratio=part.file_size // max(part.compress_size, 1),
            )


def _check_row(name: str, number: int, cells: Sequence[str]) -> None:
    if number > MAX_ROWS + 1:
        raise InvalidInput(
            N_("{name} has more than {limit} rows. Split it into smaller files."),
            name=name,
            limit=MAX_ROWS,
        )
    if len(cells) > MAX_COLUMNS and any(c.strip() for c in cells[MAX_COLUMNS:]):
        raise InvalidInput(
            N_("Row {row} of {name} has more than {limit} columns."),
            row=number,
            name=name,
            limit=MAX_COLUMNS,
        )
    if any(len(c) > MAX_CELL for c in cells):
        raise InvalidInput(
            N_("Row {row} of {name} has a cell longer than {limit} characters."),
            row=number,
            name=name,
            limit=MAX_CELL,
        )


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            return raw[3:].decode("utf-8"), "UTF-8 with BOM"
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16"), "UTF-16"
        sample = raw[:200]
        if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and 0 not in sample[0::2]:
            return raw.decode("utf-16-le"), "UTF-16"
        if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and 0 not in sample[1::2]:
            return raw.decode("utf-16-be"), "UTF-16"
        if b"\x00" in raw:
            raise _not_a_table(name)
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        raise InvalidInput(
            N_(
                "{name} is not in an encoding Duka can read. In your spreadsheet, save it as "
                "“CSV UTF-8” (or as an Excel workbook) and try again."
            ),
            name=name,
        ) from None


def _not_a_table(name: str) -> InvalidInput:
    return InvalidInput(
        N_("{name} is not a table. Duka reads CSV files and Excel workbooks (.xlsx)."),
        name=name,
    )


def _empty(name: str) -> InvalidInput:
    return InvalidInput(N_("{name} has no rows to import."), name=name)


def sniff_delimiter(sample: str) -> str:
    """The separator that splits the first lines into the same, largest number of cells."""
    lines = sample.splitlines()[:50]
    if len(sample) >= _SAMPLE and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample may be cut too
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if any(r)]
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths) / len(widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(text: str, encoding: str, name: str) -> Table:
    controls = sum(1 for ch in text[:_SAMPLE] if unicodedata.category(ch) == "Cc")
    if controls > text[:_SAMPLE].count("\n") * 2 + text[:_SAMPLE].count("\t") + 8:
        raise _not_a_table(name)
    delimiter = sniff_delimiter(text[:_SAMPLE])
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            _check_row(name, reader.line_num, cells)
            if not any(cell.strip() for cell in cells):
                continue
            if headers is None:
                headers = [cell.strip() for cell in cells]
            else:
                rows.append((reader.line_num, cells))
    except csv.Error:
        raise _not_a_table(name) from None
    if headers is None or not rows:
        raise _empty(name)
    return Table(headers, rows, "CSV", encoding, delimiter)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # Excel keeps every number as a float: 58.99 comes back as 58.99 through its
        # shortest repr, and a barcode typed as a number as a whole number.
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, int):
        return str(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _read_xlsx(path: Path) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    handle = path.open("rb")  # a file, not a name: the workbook is known by its content
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        handle.close()
        raise _not_a_table(path.name) from None
    try:
        sheet = book.active if book.active is not None else book.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            _check_row(path.name, number, cells)
            if not any(c.strip() for c in cells):
                continue
            if headers is None:
                headers = [c.strip() for c in cells]
                while headers and not headers[-1]:
                    headers.pop()
            else:
                rows.append((number, cells))
    finally:
        book.close()
        handle.close()
    if not headers or not rows:
        raise _empty(path.name)
    return Table(headers, rows, "XLSX")


# -- writing -----------------------------------------------------------------------------


def write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    bom: bool = True,
    guarded: bool = False,
) -> None:
    """UTF-8 with a byte-order mark (so Excel shows every script), commas, CRLF lines;
    without the mark for files meant for other programs (`bom=False`). Text a spreadsheet
    would run as a formula gets an apostrophe in front (`core.cells`), unless the rows come
    `guarded` already."""
    encoding = "utf-8-sig" if bom else "utf-8"
    with atomic_path(path) as part, part.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(headers)
        if guarded:
            writer.writerows(rows)
        else:
            writer.writerows([escape_cell(cell) for cell in row] for row in rows)


def write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[str | Decimal | None]],
    sheet_title: str = "Products",
) -> None:
    """A workbook with one sheet; Decimal cells become numbers, text stays text (so codes
    keep their leading zeros), and text that looks like a formula is guarded as in CSV, so
    no cell is ever a formula."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    sheet.append(list(headers))
    try:
        for row in rows:
            sheet.append([escape_cell(v) if isinstance(v, str) else v for v in row])
    except BaseException:
        # Cancelled or failed: finish openpyxl's temporary sheet file tidily (left open, it
        # fails later, at garbage collection); nothing has reached `path`.
        sheet.close()
        raise
    with atomic_path(path) as part:
        book.save(part)
