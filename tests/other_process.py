"""Writing to a shop from another process, as a second till or `duka` on the command line
would, while the test's own connection stays open."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_OPEN = """
import sys
from pathlib import Path
from duka.core.access import Actor
from duka.services.shop import Shop

with Shop.open(Path(sys.argv[1]), backup_dir=Path(sys.argv[2]), actor=Actor.command_line("t"),
               create=False) as shop:
"""


def write_elsewhere(shop_path: Path, backups: Path, *lines: str) -> None:
    """Run `lines` (Python, with `shop` open on `shop_path`) in a process of its own."""
    code = _OPEN + "".join(f"    {line}\n" for line in lines)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "desktop"), str(ROOT), env.get("PYTHONPATH", "")]
    )
    subprocess.run([sys.executable, "-c", code, str(shop_path), str(backups)], check=True, env=env)
