"""How a receipt reaches each kind of printer: a device or file and a network printer for
real, and a Windows printer through a stand-in for the Windows print spooler (win32print),
since the spooler exists only on Windows."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from duka.core.errors import PrinterUnavailable
from duka.services.shop import Shop

PAYLOAD = b"\x1b@Duka\n\xd8\xa8\n\x1dV\x00"  # initialise, text, a code-page byte, cut


class Spooler:
    """The part of win32print python-escpos uses, keeping what a real spooler would print."""

    PRINTER_ENUM_NAME = 2

    def __init__(self, printers: list[str], default: str) -> None:
        self.printers, self.default = printers, default
        self.jobs: list[dict[str, Any]] = []
        self.open_handles = 0

    def EnumPrinters(self, flags: int, name: str, level: int) -> list[dict[str, str]]:
        return [{"pPrinterName": printer} for printer in self.printers]

    def GetDefaultPrinter(self) -> str:
        return self.default

    def OpenPrinter(self, name: str) -> dict[str, Any]:
        self.open_handles += 1
        job: dict[str, Any] = {"printer": name, "data": b"", "finished": False}
        self.jobs.append(job)
        return job

    def StartDocPrinter(self, handle: dict[str, Any], level: int, info: tuple[str, ...]) -> int:
        handle["doc"] = info
        return len(self.jobs)

    def StartPagePrinter(self, handle: dict[str, Any]) -> None:
        handle["page"] = True

    def WritePrinter(self, handle: dict[str, Any], data: bytes) -> int:
        handle["data"] += data
        return len(data)

    def EndPagePrinter(self, handle: dict[str, Any]) -> None:
        pass

    def EndDocPrinter(self, handle: dict[str, Any]) -> None:
        handle["finished"] = True

    def ClosePrinter(self, handle: dict[str, Any]) -> None:
        self.open_handles -= 1


@pytest.fixture
def spooler(monkeypatch: pytest.MonkeyPatch) -> Spooler:
    from escpos.printer import win32raw

    fake = Spooler(["POS-80 Thermal", "Office LaserJet"], default="POS-80 Thermal")
    monkeypatch.setattr(win32raw, "_DEP_WIN32PRINT", True)
    monkeypatch.setattr(win32raw, "win32print", fake, raising=False)
    monkeypatch.setattr(
        win32raw,
        "pywintypes",
        SimpleNamespace(error=type("error", (Exception,), {})),
        raising=False,
    )
    return fake


def test_an_empty_windows_printer_name_prints_on_the_default_printer(
    shop: Shop, spooler: Spooler
) -> None:
    shop.receipts.send(PAYLOAD, "windows", "")
    [job] = spooler.jobs
    assert job["printer"] == "POS-80 Thermal"
    assert job["doc"][2] == "RAW"  # the bytes go to the printer as they are, no driver
    assert job["data"] == PAYLOAD
    assert job["finished"] and spooler.open_handles == 0


def test_a_named_windows_printer_gets_the_job(shop: Shop, spooler: Spooler) -> None:
    shop.receipts.send(PAYLOAD, "windows", "  Office LaserJet ")
    assert [(job["printer"], job["data"]) for job in spooler.jobs] == [("Office LaserJet", PAYLOAD)]


def test_an_unknown_windows_printer_is_said_and_nothing_prints(
    shop: Shop, spooler: Spooler
) -> None:
    with pytest.raises(PrinterUnavailable) as refused:
        shop.receipts.send(PAYLOAD, "windows", "Kitchen")
    assert "Kitchen" in refused.value.message
    assert spooler.jobs == []


def test_the_windows_kind_elsewhere_says_why_it_cannot_print(shop: Shop) -> None:
    from escpos.printer import win32raw

    if win32raw.is_usable():
        pytest.skip("this computer has the Windows print spooler")
    with pytest.raises(PrinterUnavailable):
        shop.receipts.send(PAYLOAD, "windows", "")


def test_a_device_or_file_gets_the_bytes_as_they_are(shop: Shop, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    shop.receipts.send(PAYLOAD, "file", str(device))
    assert device.read_bytes() == PAYLOAD


def test_a_network_printer_gets_the_bytes_on_its_port(shop: Shop) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    received = bytearray()

    def printer() -> None:
        connection, _address = listener.accept()
        with connection:
            while chunk := connection.recv(4096):
                received.extend(chunk)

    thread = threading.Thread(target=printer)
    thread.start()
    try:
        shop.receipts.send(PAYLOAD, "network", f"127.0.0.1:{port}")
    finally:
        thread.join(timeout=10)
        listener.close()
    assert bytes(received) == PAYLOAD


def test_a_missing_device_is_said_not_raised(shop: Shop, tmp_path: Path) -> None:
    with pytest.raises(PrinterUnavailable):
        shop.receipts.send(PAYLOAD, "file", str(tmp_path / "no" / "such" / "lp0"))
