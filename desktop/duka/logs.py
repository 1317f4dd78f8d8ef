"""The rotating log file that unexpected errors are written to."""

from __future__ import annotations

import logging
from pathlib import Path

from duka import paths

_MAX_BYTES = 1_000_000
_KEEP = 5
_configured: Path | None = None


def setup_logging() -> Path:
    """Log to <data dir>/logs/duka.log (rotating); return the file's path."""
    global _configured
    import logging.handlers  # only when something is logged: keeps it off the start-up path

    target = paths.log_file()
    if _configured == target:
        return target
    root = logging.getLogger()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=_MAX_BYTES, backupCount=_KEEP, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()  # a read-only data folder must not stop the shop
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for old in list(root.handlers):
        if getattr(old, "_duka", False):
            root.removeHandler(old)
    handler._duka = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = target
    return target


def log_unexpected(error: BaseException) -> Path:
    """Write `error` with its traceback to the log; return the log's path."""
    target = setup_logging()
    logging.getLogger("duka").error("Unexpected error", exc_info=error)
    return target
