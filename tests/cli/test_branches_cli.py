"""`duka branch new`, `duka branch list` and `duka transfer list`: a branch is made from the
shop's first till, its tills from its hub, and the transfers between them are listed."""

from __future__ import annotations

from pathlib import Path

from duka.core.access import Actor
from duka.core.quantity import Quantity
from duka.services.shop import Shop
from tests.cli.conftest import Run
from tests.cli.test_tills_cli import hub_file  # noqa: F401  (a fixture)


def rows(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


def test_a_branch_is_made_listed_and_transfers_are_listed(
    duka: Run,
    hub_file: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    town = tmp_path / "town.sqlite3"
    made = duka("branch", "new", "--from", str(hub_file), "--db", str(town), "--name", "Town")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == (
        f"Branch 1001 (Town) is ready in {town}: its first till is till 1001."
    )
    listed = rows(duka("branch", "list", "--db", str(town)).stdout)
    assert listed == [
        ["number", "name", "hub_till", "this"],
        ["1", "", "1", "no"],
        ["1001", "Town", "1001", "yes"],
    ]
    # A till made from the branch's hub is a till of the branch.
    counter = tmp_path / "town2.sqlite3"
    second = duka("till", "new", "--from", str(town), "--db", str(counter), "--name", "Two")
    assert second.stdout.strip() == f"Till 1002 (Two) is ready in {counter}."
    assert rows(duka("branch", "list", "--db", str(counter)).stdout)[2][3] == "yes"
    # Made from anywhere but the shop's first till: refused, nothing made.
    other = tmp_path / "other.sqlite3"
    refused = duka("branch", "new", "--from", str(town), "--db", str(other), "--name", "X")
    assert refused.returncode == 2 and not other.exists()
    assert "first till" in refused.stderr

    with Shop.open(hub_file, backup_dir=tmp_path / "b", actor=Actor.command_line("t")) as hub:
        tea = hub.products.search("Chai")[0].id
        number = hub.transfers.send(1001, {tea: Quantity.of(2)})
    listing = rows(duka("transfer", "list", "--db", str(hub_file)).stdout)
    assert listing[0] == ["number", "from", "to", "state", "at"]
    assert listing[1][:4] == [number, "1", "1001", "in_transit"]
    assert duka("verify", "--db", str(hub_file)).returncode == 0
