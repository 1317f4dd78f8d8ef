"""A receipt as the bytes an ESC/POS thermal printer takes (python-escpos).

Text mode when every text of the receipt is in the printer's Western code page: fast, sharp
and small. Otherwise (Arabic, Urdu, Persian, Devanagari, Bengali, Tamil, Thai, Chinese...), a
printer cannot shape, order or even hold the text itself, so the receipt arrives already
painted as a picture (`raster_png`, made by the interface with Qt and the bundled fonts,
which shapes every script) and is sent as a raster image.
"""

from __future__ import annotations

import contextlib
import io
import textwrap
from collections.abc import Iterable
from typing import Any

from duka.documents.receipt import ReceiptData

# Characters per line in the printer's font A (12 x 24 dots at 203 dpi).
COLUMNS = {58: 32, 80: 48}
DOTS = {58: 384, 80: 576}  # printable width


def fits_text_mode(data: ReceiptData) -> bool:
    """Whether the printer can print every text itself (its Western code page, left to
    right)."""
    try:
        for text in _texts(data):
            text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return not data.rtl


def _texts(data: ReceiptData) -> Iterable[str]:
    yield data.shop_name
    yield data.title
    yield from data.header
    yield from data.meta
    for line in data.lines:
        yield from (line.name, line.detail, line.amount, line.note)
    for pair in (*data.totals, data.total, *data.taxes, *data.payments):
        yield from pair
    yield from data.footer


def receipt_bytes(
    data: ReceiptData, *, raster_png: bytes | None = None, open_drawer: bool = False
) -> bytes:
    """The printer's bytes: text mode, or the painted receipt when `raster_png` is given."""
    with contextlib.redirect_stdout(io.StringIO()):  # python-escpos prints its choices
        return _receipt_bytes(data, raster_png, open_drawer)


def _receipt_bytes(data: ReceiptData, raster_png: bytes | None, open_drawer: bool) -> bytes:
    from escpos.printer import Dummy

    printer = Dummy()
    # The paper's printable width, which centring the picture needs.
    printer.profile.profile_data["media"]["width"]["pixels"] = DOTS.get(data.width_mm, 576)
    printer.hw("INIT")
    if raster_png is not None:
        from PIL import Image

        picture = Image.open(io.BytesIO(raster_png)).convert("1")
        printer.image(picture, impl="bitImageRaster", center=True)
        printer.set(align="center")
        _barcode(printer, data.number)
    else:
        _text_receipt(printer, data, COLUMNS.get(data.width_mm, 48))
    printer.text("\n")
    if open_drawer:
        printer.cashdraw(2)
    printer.cut()
    return bytes(printer.output)


def _text_receipt(printer: object, data: ReceiptData, columns: int) -> None:
    p = printer  # an escpos printer; typed loosely, as python-escpos has no type hints

    def pair(start: str, end: str) -> None:
        room = columns - len(end) - 1
        parts = textwrap.wrap(start, max(room, 8)) or [""]
        for part in parts[:-1]:
            p.text(part + "\n")  # type: ignore[attr-defined]
        p.text(parts[-1].ljust(room) + " " + end + "\n")  # type: ignore[attr-defined]

    def rule() -> None:
        p.text("-" * columns + "\n")  # type: ignore[attr-defined]

    p.set(align="center", bold=True, double_height=True, double_width=True)  # type: ignore[attr-defined]
    p.text(textwrap.fill(data.shop_name, columns // 2) + "\n")  # type: ignore[attr-defined]
    p.set(align="center", normal_textsize=True)  # type: ignore[attr-defined]
    for text in (*data.header, data.title, *data.meta):
        p.text(textwrap.fill(text, columns) + "\n")  # type: ignore[attr-defined]
    p.set(align="left", normal_textsize=True)  # type: ignore[attr-defined]
    rule()
    for line in data.lines:
        p.text(textwrap.fill(line.name, columns) + "\n")  # type: ignore[attr-defined]
        pair("  " + line.detail, line.amount)
        if line.note:
            p.text(textwrap.fill("  " + line.note, columns) + "\n")  # type: ignore[attr-defined]
    rule()
    for label, value in data.totals:
        pair(label, value)
    p.set(align="left", bold=True, double_height=True)  # type: ignore[attr-defined]
    pair(*data.total)
    p.set(align="left", normal_textsize=True)  # type: ignore[attr-defined]
    for label, value in data.taxes:
        pair(label, value)
    rule()
    for label, value in data.payments:
        pair(label, value)
    p.set(align="center")  # type: ignore[attr-defined]
    _barcode(p, data.number)
    for text in data.footer:
        p.text(text + "\n")  # type: ignore[attr-defined]


def _barcode(printer: object, number: str) -> None:
    """The sale's number in the printer's own Code 128, to scan for a return."""
    printer.barcode(  # type: ignore[attr-defined]
        "{B" + number, "CODE128", function_type="B", height=60, width=2
    )


# -- sending ----------------------------------------------------------------------------------

PRINTER_KINDS = ("file", "network", "serial", "usb", "windows")


def send_to_printer(kind: str, target: str, payload: bytes, timeout: float = 5.0) -> None:
    """Hand `payload` to the printer: `kind` is one of PRINTER_KINDS and `target` a device
    or file path, host[:port], serial port, vendor:product in hex, or a Windows printer's
    name. Raises OSError (or ValueError for a target it cannot read) when that fails."""
    with contextlib.redirect_stdout(io.StringIO()):
        printer = _connect(kind, target.strip(), timeout)
        try:
            printer._raw(payload)
        finally:
            printer.close()


def _connect(kind: str, target: str, timeout: float) -> Any:
    from escpos import printer as escpos_printer

    if kind == "file":  # a device such as /dev/usb/lp0, or a file to look at
        return escpos_printer.File(devfile=target)
    if kind == "network":
        host, _sep, port = target.partition(":")
        connected = escpos_printer.Network(host, port=int(port or 9100), timeout=timeout)
        return connected
    if kind == "serial":
        return escpos_printer.Serial(devfile=target, timeout=timeout)
    if kind == "usb":
        vendor, _sep, product = target.partition(":")
        return escpos_printer.Usb(int(vendor, 16), int(product, 16), timeout=int(timeout * 1000))
    if kind == "windows":
        # "" (not None) is how python-escpos takes "the default printer": with None it
        # refuses every job ("Printer not found") before it looks the default up.
        return escpos_printer.Win32Raw(target)
    raise ValueError(f"unknown printer kind {kind!r}")
