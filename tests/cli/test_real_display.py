"""The app starts on a real X11 display (Xvfb), not only offscreen."""

import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Run


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (installed by CI)")
def test_duka_starts_in_a_real_window(duka: Run, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite3"
    assert duka("demo", "--db", str(db)).returncode == 0
    import subprocess
    import sys

    from tests.cli.conftest import ROOT

    result = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-m", "duka", "--db", str(db), "--exit-after-show"],
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "DUKA_HOME": str(tmp_path / "home"),
            "PYTHONPATH": str(ROOT / "desktop"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
