from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def duka(private_home: Path) -> Run:
    """Run the real `duka` command line in a child process, as a user would."""

    def run(
        *args: str, env: dict[str, str] | None = None, stdin: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        environment = dict(os.environ)
        environment.update(
            {
                "DUKA_HOME": str(private_home),
                "QT_QPA_PLATFORM": "offscreen",
                "PYTHONPATH": str(ROOT / "desktop") + os.pathsep + os.environ.get("PYTHONPATH", ""),
                "LANG": "C.UTF-8",
            }
        )
        environment.pop("DUKA_DB", None)
        environment.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "duka", *args],
            env=environment,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run
