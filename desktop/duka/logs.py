"""The rotating log file that unexpected errors are written to, and reading it back.

Every record goes through `redaction` on its way in (see there what is kept out), and
again on its way out, so that a log written by an older Duka is shown and copied clean too.
An entry is a first line with the time, then indented lines:

    2026-12-07 09:01:53 ERROR duka: Unexpected error
      where: screen users, dialog PinDialog
      ValueError: the PIN <number> cannot be hashed
        at duka/ui/dialogs/pin_entry.py:117 in PinDialog.accept
        at duka/services/access.py:112 in AccessService.add_user
      Duka 0.1.0, Python 3.11.2, Qt 6.6.1, Linux 6.1.0-18-amd64 (x86_64)
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

from duka import __version__, paths
from duka.redaction import describe, hide_home, redact

_MAX_BYTES = 1_000_000
_KEEP = 5
_DATE = "%Y-%m-%d %H:%M:%S"
_configured: Path | None = None

# The first line of an entry (older Duka wrote the milliseconds too).
_ENTRY_START = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:,\d+)? [A-Z]+ )(.*)$")
# Lines this module writes that are code, not data: a place in the code, the screen and
# dialog, versions.
_PLACE = re.compile(r"^ {2,4}at (?:<[\w .]+>|[\w./~-]+):\d+ in [\w.<>]+$")
_WHERE = re.compile(r"^ {2}where: [\w ,()]*$")
_CODE_NAMES = re.compile(r"[^\w ,()]")
_PYTHONS_TRACEBACK = "Traceback (most recent call last):"
_VERSIONS = re.compile(r"^ {2}Duka [\w.+-]+, Python [\w.+-]+(?:, Qt [\w.+-]+)?, [\w .()+-]*$")


class _RedactingFormatter(logging.Formatter):
    """One entry per record, its text and traceback with the personal data taken out."""

    def __init__(self) -> None:
        super().__init__(datefmt=_DATE)

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if not getattr(record, "duka_redacted", False):
            text = redact(text)
        lines = text.splitlines() or [""]
        if record.exc_info and record.exc_info[1] is not None:
            lines += [f"  {line}" for line in describe(record.exc_info[1])]
        head = f"{self.formatTime(record, _DATE)} {record.levelname} {record.name}: "
        return head + "\n".join([lines[0], *(_indented(line) for line in lines[1:])])


def _indented(line: str) -> str:
    return line if line.startswith("  ") else f"  {line}"


def setup_logging() -> Path:
    """Log to <data dir>/logs/duka.log (rotating); return the file's path."""
    global _configured
    import logging.handlers  # only when something is logged: keeps it off the start-up path

    target = paths.log_file()
    if _configured == target:
        return target
    root = logging.getLogger()
    _scrub_older_logs(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=_MAX_BYTES, backupCount=_KEEP, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()  # a read-only data folder must not stop the shop
    handler.setFormatter(_RedactingFormatter())
    for old in list(root.handlers):
        if getattr(old, "_duka", False):
            root.removeHandler(old)
            old.close()
    handler._duka = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = target
    return target


def _log_files(log: Path) -> list[Path]:
    """The log and the files it rotated to, newest first."""
    return [log, *(log.with_name(f"{log.name}.{n}") for n in range(1, _KEEP + 1))]


def _scrub_older_logs(log: Path) -> None:
    """Redact in place, once, what a Duka from before the redaction wrote (its entries are
    Python's tracebacks with their messages as they were)."""
    for file in _log_files(log):
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
            if _PYTHONS_TRACEBACK not in text:
                continue
            cleaned = file.with_name(file.name + ".clean")
            cleaned.write_text(
                "".join(clean_line(line) + "\n" for line in text.splitlines()), encoding="utf-8"
            )
            os.replace(cleaned, file)
        except OSError:
            continue  # a file that is not there, or a folder that cannot be written


def scrub_old_entries() -> None:
    """Redact what an older Duka wrote, before the log's files are handed to someone (the
    folder opened from the app): not only at the next error."""
    _scrub_older_logs(paths.log_file())


def versions() -> str:
    """Duka's, Python's and Qt's versions and the system's, on one line."""
    import platform

    parts = [f"Duka {__version__}", f"Python {platform.python_version()}"]
    # The log is written from the command line too, where Qt is not loaded: its version is
    # read from the interface's Qt only when the interface has loaded it.
    qt = sys.modules.get("PySide6.QtCore")
    if qt is not None:
        parts.append(f"Qt {qt.qVersion()}")
    system = f"{platform.system()} {platform.release()} ({platform.machine()})"
    parts.append(re.sub(r"[^\w .()+-]", "", system))
    return ", ".join(parts)


def log_unexpected(error: BaseException, where: str | None = None) -> Path:
    """Write what went wrong (`where`: the screen or dialog, if known) to the log, with
    nothing personal in it; return the log's path."""
    target = setup_logging()
    lines = ["Unexpected error"]
    if where:
        # Named by the code (a screen's key, a dialog's class), never by what was typed.
        lines.append(f"  where: {_CODE_NAMES.sub('', where)}")
    lines += [f"  {line}" for line in describe(error)]
    lines.append(f"  {versions()}")
    logging.getLogger("duka").error("\n".join(lines), extra={"duka_redacted": True})
    return target


# -- reading it back ----------------------------------------------------------------------


def clean_line(line: str) -> str:
    """A line of the log as it may be shown: the time and the places in the code as they
    are, anything else redacted (again: an older Duka wrote messages as they were)."""
    start = _ENTRY_START.match(line)
    if start:
        return start.group(1) + redact(start.group(2))
    if _PLACE.match(line) or _WHERE.match(line) or _VERSIONS.match(line):
        return line
    return redact(line)


def entries(limit: int, log: Path | None = None) -> list[str]:
    """The newest `limit` entries of the log and the files it rotated to, oldest first,
    each a few lines, redacted."""
    log = log or paths.log_file()
    found: list[list[str]] = []
    for file in _log_files(log):
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            break
        found = _split(text) + found
        if len(found) >= limit:
            break
    return ["\n".join(clean_line(line) for line in entry) for entry in found[-limit:]]


def _split(text: str) -> list[list[str]]:
    grouped: list[list[str]] = []
    for line in text.splitlines():
        if _ENTRY_START.match(line) or not grouped:
            grouped.append([line])
        else:
            grouped[-1].append(line)
    return [lines for lines in grouped if any(line.strip() for line in lines)]


def report(language: str, last: int = 10, log: Path | None = None) -> str:
    """What "Copy details" gives to whoever helps the shop: versions, system, language and
    the newest entries of the log, with nothing personal in them."""
    import platform

    log = log or paths.log_file()
    qt = sys.modules.get("PySide6.QtCore")
    newest = entries(last, log)
    lines = [
        f"Duka {__version__}",
        f"System: {platform.system()} {platform.release()} ({platform.machine()})",
        f"Python: {platform.python_version()}",
        f"Qt: {qt.qVersion()}" if qt is not None else "Qt: -",
        f"Language: {language}",
        f"Log: {hide_home(str(log))}",
        "",
        f"Newest entries of the log ({len(newest)}):" if newest else "The log is empty.",
    ]
    for entry in newest:
        lines += ["", entry]
    return "\n".join(lines) + "\n"
