"""The files of the folder exchange that the till and the hub's server both read and write:
a till's batch files (`FIRST-LAST.batch`) and its `state.json`, each written whole."""

from __future__ import annotations

import json
import os
from pathlib import Path

STATE = "state.json"


def batch_range(path: Path) -> tuple[int, int] | None:
    first, _dash, last = path.stem.partition("-")
    if path.suffix != ".batch" or not (first.isdigit() and last.isdigit()):
        return None
    return int(first), int(last)


def write_whole(path: Path, data: bytes) -> None:
    # Under a temporary name, then renamed: a reader (another till, the hub) never sees half
    # a file, and one cut off by a power cut is never taken for a batch.
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def written(state: dict[str, object] | None) -> int:
    """How many times its till wrote this state (0 for a state from before the count)."""
    found = state.get("written") if state else None
    return found if isinstance(found, int) and not isinstance(found, bool) else 0


def read_state(path: Path) -> dict[str, object] | None:
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None
