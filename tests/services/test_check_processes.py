"""How a large journal's check starts its worker processes on each system: forking only on
Linux from the command line; Windows has no fork, and macOS's system libraries are not safe
to use in a forked child, so both spawn fresh interpreters (as the app does everywhere)."""

from __future__ import annotations

import subprocess
import sys
from multiprocessing.context import SpawnContext

import pytest

from duka.services.maintenance import _process_context


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_spawn(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    with monkeypatch.context() as system:
        system.setattr(sys, "platform", platform)
        chosen = _process_context()
    assert isinstance(chosen, SpawnContext)


def test_linux_forks_only_before_qt_has_started() -> None:
    # In a fresh interpreter: this test run has Qt loaded already.
    probe = (
        "from duka.services.maintenance import _process_context as c; import sys;"
        "print(c().get_start_method()); import PySide6.QtCore; print(c().get_start_method())"
    )
    if sys.platform != "linux":
        pytest.skip("the fork branch is Linux's")
    methods = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert methods == ["fork", "spawn"]
