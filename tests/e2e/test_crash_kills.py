"""Some fifty kills of real Duka processes while they sell, back up, restore and import:
nothing reported done is lost, nothing is left half done, and `duka verify` passes.
bench/crash.py runs the same with a thousand kills."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.crash_harness import run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kills with SIGKILL")


def test_fifty_kills_lose_nothing_reported_and_leave_nothing_half_done(tmp_path: Path) -> None:
    tally = run(tmp_path, sales=24, backups=10, restores=10, imports=8, seed=16)
    assert tally.total >= 50
    assert tally.sales_reported > 24  # the sellers did complete sales between the kills
    assert tally.backups_reported > 0
