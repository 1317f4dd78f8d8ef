"""An older shop opened by a command: brought up to date, and said so once on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from duka.store.migrations import SCHEMA_VERSION
from tests.cli.conftest import Run
from tests.services.test_upgrades import VERSIONS, copy_fixture

OLD = [v for v in VERSIONS if v < SCHEMA_VERSION]


@pytest.mark.parametrize("version", [OLD[0], OLD[-1]])
def test_the_command_line_says_once_that_it_updated_the_shop(
    version: int, tmp_path: Path, duka: Run, private_home: Path
) -> None:
    path = copy_fixture(version, tmp_path)
    first = duka("verify", "--db", str(path))
    assert first.returncode == 0, first.stdout + first.stderr
    said = first.stderr.strip().splitlines()
    assert len(said) == 1
    copies = list((private_home / "backups").glob(f"{path.stem}-before-v{SCHEMA_VERSION}-*"))
    assert len(copies) == 1
    assert said[0] == (
        f"Duka updated this shop's data from version {version} to {SCHEMA_VERSION}; "
        f"a copy of it as it was is in {copies[0]}."
    )
    assert "No problems found." in first.stdout
    again = duka("verify", "--db", str(path))
    assert again.returncode == 0 and again.stderr == ""


def test_restoring_an_older_backup_says_it_updated_it(
    tmp_path: Path, duka: Run, private_home: Path
) -> None:
    backup = copy_fixture(OLD[-1], tmp_path)
    target = tmp_path / "shop.sqlite3"
    done = duka("restore", str(backup), "--db", str(target))
    assert done.returncode == 0, done.stdout + done.stderr
    (copy,) = (private_home / "backups").glob(f"shop-before-v{SCHEMA_VERSION}-*")
    assert done.stderr.splitlines() == [
        f"Duka updated this shop's data from version {OLD[-1]} to {SCHEMA_VERSION}; "
        f"a copy of it as it was is in {copy}."
    ]
