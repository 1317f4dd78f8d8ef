"""Kill Duka a thousand times while it sells, backs up, restores and imports:
`python bench/crash.py [--kills 1000] [--seed N]`.

The same rounds as the test suite's crash test (tests/crash_harness.py), more of them:
every kill is checked at once (reported sales all there, reported backups all good, the
shop whole), and `duka verify` runs after each kind. Prints the count of kills of each kind
and what was reported done between them; exits 1 at the first thing lost.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "desktop"))
sys.path.insert(0, str(ROOT))

from tests.crash_harness import run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000, help="how many kills in all")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    # Most kills while selling, as in a shop; the rest spread over the other work.
    sales = args.kills * 6 // 10
    backups = restores = args.kills * 3 // 20
    imports = args.kills - sales - backups - restores
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="duka-crash-") as folder:
        try:
            tally = run(
                Path(folder),
                sales=sales,
                backups=backups,
                restores=restores,
                imports=imports,
                seed=args.seed,
                say=lambda text: print(text, flush=True),
            )
        except AssertionError as error:
            print(f"LOST: {error}", flush=True)
            return 1
    print(
        f"{tally.total} kills ({', '.join(f'{k} {v}' for k, v in tally.kills.items())}) in "
        f"{time.perf_counter() - started:.0f} s: {tally.sales_reported} sales, "
        f"{tally.backups_reported} backups, {tally.restores_done} restores and "
        f"{tally.imports_done} imports reported done, none lost; verify passed after each kind"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
