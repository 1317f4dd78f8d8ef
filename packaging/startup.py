"""The built Duka's start-up against bench/run.py's reference and against the source's own.

    python packaging/startup.py dist/duka/duka SHOP.sqlite3 HOME [ROUNDS]

Run by the source's Python (the virtual environment Duka is installed in). Times the bundle
showing its main window on the shop and settling (`--exit-after-show`), the bare PySide6
window of bench/bare_window.py, and `python -m duka` from the source, alternately and after
one untimed warm-up each, as bench/run.py's startup_ratio does, so a busy machine slows all
three alike. Prints the medians and the two ratios (goal: bundle_startup_ratio <= 1.3).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import _child_env, _time_command  # noqa: E402 - bench/ is not a package


def measure(bundle: Path, shop: Path, home: Path, rounds: int) -> dict[str, float]:
    env = _child_env(home)
    commands = {
        "bundle": [str(bundle), "--db", str(shop), "--exit-after-show"],
        "bare": [sys.executable, str(ROOT / "bench" / "bare_window.py")],
        "source": [sys.executable, "-m", "duka", "--db", str(shop), "--exit-after-show"],
    }
    for command in commands.values():  # warm the file cache and bytecode once, untimed
        _time_command(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            times[name].append(_time_command(command, env))
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    return {
        "bundle_startup_ratio": round(medians["bundle"] / medians["bare"], 3),
        "bundle_over_source_ratio": round(medians["bundle"] / medians["source"], 3),
        "bundle_startup_ms": round(medians["bundle"] * 1000, 1),
        "source_startup_ms": round(medians["source"] * 1000, 1),
        "startup_bare_ms": round(medians["bare"] * 1000, 1),
    }


def main() -> None:
    bundle, shop, home = (Path(argument).resolve() for argument in sys.argv[1:4])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 11
    for name, value in measure(bundle, shop, home, rounds).items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
