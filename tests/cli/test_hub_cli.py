"""`duka hub serve` and `duka sync --hub`: a till syncs with the hub over the network, the
hub's own file takes the till's sale by itself, Ctrl-C stops the hub cleanly, and bad usage
or an unreachable hub exits 2 with one clear line."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from duka.core.access import Actor
from duka.core.money import Money
from duka.core.products import ProductDraft
from duka.core.quantity import Quantity
from duka.services.shop import Shop
from tests.cli.conftest import ROOT, Run


@pytest.fixture
def hub_file(tmp_path: Path) -> Path:
    path = tmp_path / "hub.sqlite3"
    with Shop.open(path, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as shop:
        shop.settings.first_run("Duka", "KE", language="en", owner_name="Zawadi", owner_pin="4321")
        shop.products.add(
            ProductDraft("Chai", Money.of("100", "KES"), Money.of("60", "KES"), sku="CHAI"),
            opening_stock=Quantity.of(20),
        )
    return path


def _serve(home: Path, *args: str) -> subprocess.Popen[str]:
    environment = dict(os.environ)
    environment.update(
        {
            "DUKA_HOME": str(home),
            "PYTHONPATH": str(ROOT / "desktop") + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
        }
    )
    environment.pop("DUKA_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "duka", "hub", "serve", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_till_syncs_through_the_hub_served_from_the_command_line(
    duka: Run, hub_file: Path, tmp_path: Path, private_home: Path
) -> None:
    till = tmp_path / "till2.sqlite3"
    assert (
        duka("till", "new", "--from", str(hub_file), "--db", str(till), "--name", "Two").returncode
        == 0
    )
    assert duka("sell", "--db", str(till), "CHAI").stdout.strip() == "S2-000001"
    server = _serve(private_home, "--db", str(hub_file), "--address", "127.0.0.1", "--port", "0")
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        found = re.fullmatch(
            r"Serving the tills on http://127\.0\.0\.1:(\d+) from (.+); Ctrl-C stops\.\n", first
        )
        assert found, first
        port, served = found.group(1), Path(found.group(2))
        assert served == tmp_path / "hub.sqlite3.sync"
        synced = duka("sync", "--db", str(till), "--hub", f"127.0.0.1:{port}")
        assert synced.returncode == 0, synced.stderr
        lines = synced.stdout.splitlines()
        assert re.fullmatch(
            rf"Hub http://127\.0\.0\.1:{port}: fetched \d+ files, sent \d+ files\.", lines[0]
        )
        assert lines[1].startswith("Till 2: sent ")
        assert (tmp_path / "till2.sqlite3.sync" / "till-2" / "state.json").is_file()

        def hub_has_it() -> bool:
            try:
                state = json.loads((served / "till-1" / "state.json").read_text())
            except (OSError, ValueError):
                return False
            return int(state.get("applied", {}).get("2", 0)) >= 1

        deadline = time.monotonic() + 30
        while not hub_has_it() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert hub_has_it()  # the hub's own round took the till's sale
        again = duka("sync", "--db", str(till), "--hub", f"http://127.0.0.1:{port}")
        assert again.returncode == 0 and "Till 1: applied" in again.stdout
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
        assert server.returncode == 0, err
        assert out.rstrip().endswith("Stopped.")
        assert "Till 2 Two: applied " in out  # what the hub's rounds applied, said
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()
    exported = duka("export", "sales", str(tmp_path / "sales.csv"), "--db", str(hub_file))
    assert exported.returncode == 0 and "S2-000001" in (tmp_path / "sales.csv").read_text()


def test_bad_usage_and_an_unreachable_hub_exit_2(duka: Run, hub_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    both = duka("sync", "--db", str(hub_file), "--folder", str(folder), "--hub", "h:1")
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    neither = duka("sync", "--db", str(hub_file))
    assert neither.returncode == 2 and "one of the arguments --folder --hub" in neither.stderr
    bad = duka("sync", "--db", str(hub_file), "--hub", "https://hub:8765")
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        "duka: https://hub:8765 is not a hub's address such as http://192.168.1.10:8765"
    )
    away = duka("sync", "--db", str(hub_file), "--hub", "127.0.0.1:1")
    assert away.returncode == 2 and away.stdout == ""
    assert away.stderr.startswith("duka: The hub at http://127.0.0.1:1 cannot be reached: ")
    assert len(away.stderr.strip().splitlines()) == 1
    port = duka("hub", "serve", "--db", str(hub_file), "--port", "70000")
    assert port.returncode == 2 and "70000 is not a port number" in port.stderr


def test_a_branch_hub_serves_its_tills_and_keeps_in_step_upstream(
    duka: Run, hub_file: Path, tmp_path: Path, private_home: Path
) -> None:
    """`--upstream`: the branch's hub mirrors the folder it serves with the main hub's."""
    branch = tmp_path / "branch.sqlite3"
    counter = tmp_path / "counter.sqlite3"
    assert (
        duka(
            "till", "new", "--from", str(hub_file), "--db", str(branch), "--name", "Branch"
        ).returncode
        == 0
    )
    assert (
        duka("till", "new", "--from", str(hub_file), "--db", str(counter), "--name", "A").returncode
        == 0
    )
    assert duka("sell", "--db", str(counter), "CHAI").stdout.strip() == "S3-000001"
    main = _serve(private_home, "--db", str(hub_file), "--address", "127.0.0.1", "--port", "0")
    try:
        assert main.stdout is not None
        main_port = re.findall(r":(\d+) from", main.stdout.readline())[0]
        relay = _serve(
            private_home, "--db", str(branch), "--address", "127.0.0.1", "--port", "0",
            "--upstream", f"127.0.0.1:{main_port}", "--rounds", "2",
        )  # fmt: skip
        assert relay.stdout is not None
        branch_port = re.findall(r":(\d+) from", relay.stdout.readline())[0]
        assert (
            duka("sync", "--db", str(counter), "--hub", f"127.0.0.1:{branch_port}").returncode == 0
        )
        out, err = relay.communicate(timeout=60)
        assert relay.returncode == 0, err
        assert f"Hub http://127.0.0.1:{main_port}: fetched" in out
        relayed = tmp_path / "hub.sqlite3.sync" / "till-3"
        assert list(relayed.glob("*.batch")) and (relayed / "state.json").is_file()
    finally:
        main.send_signal(signal.SIGINT)
        main.communicate(timeout=30)
