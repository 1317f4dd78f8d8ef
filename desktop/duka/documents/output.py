"""Writing a document file so that a crash or a full disk never leaves half of one behind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A path to write to instead of `path`; it replaces `path` only if the block succeeds.

    The temporary file sits beside the target (same folder, so the same file system, which
    os.replace needs) and is removed when writing fails.
    """
    part = path.with_name(path.name + ".part")
    try:
        yield part
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
