"""The error log file: what an unexpected error leaves in it, and reading it back."""

from __future__ import annotations

import logging
import platform
import re
from pathlib import Path

from duka import __version__
from duka.logs import entries, log_unexpected, report, setup_logging


def fail_with(pin: str, customer: str, email: str) -> BaseException:
    """An error raised where the PIN, the customer and the e-mail are locals and in the
    message, as a careless message in Duka's own code could have them."""
    record = {"pin": pin, "customer": customer, "email": email}
    try:
        raise RuntimeError(f"saving {record['customer']} <{email}> with PIN {pin} failed")
    except RuntimeError as error:
        return error


def written(log: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return log.read_text(encoding="utf-8")


def test_an_unexpected_error_leaves_no_pin_nor_personal_data_in_the_log(
    private_home: Path,
) -> None:
    error = fail_with("482913", "Amina Odhiambo", "amina@example.co.ke")
    error.add_note("typed by Amina Odhiambo at 0712 345 678")
    log = log_unexpected(error, where="screen users, dialog PinDialog")
    assert log == private_home / "logs" / "duka.log"
    text = written(log)
    for secret in ("482913", "amina@example.co.ke", "0712 345 678", "Amina", "Odhiambo"):
        assert secret not in text
    lines = text.splitlines()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ERROR duka: Unexpected error", lines[0])
    assert lines[1] == "  where: screen users, dialog PinDialog"
    assert lines[2] == "  RuntimeError: saving … … <<email>> with PIN <number> failed"
    assert lines[3] == "    note: typed by … … at <number>"
    assert re.fullmatch(r"    at \S*tests/logs/test_log_file\.py:\d+ in fail_with", lines[-2])
    assert lines[-1].startswith(f"  Duka {__version__}, Python {platform.python_version()}")


def test_a_name_in_a_message_goes_when_the_error_carries_it(private_home: Path) -> None:
    class NotOnTheList(Exception):
        def __init__(self, customer: str) -> None:
            super().__init__(f"{customer} is not on the list")
            self.customer = customer

    try:
        raise NotOnTheList("Amina Odhiambo")
    except NotOnTheList as error:
        text = written(log_unexpected(error))
    assert "Amina" not in text
    assert "NotOnTheList: <value> is not on the list" in text


def test_any_record_with_a_traceback_is_redacted_too(private_home: Path) -> None:
    log = setup_logging()
    try:
        int("4821x")
    except ValueError:
        logging.getLogger("duka.printing").exception("printing for 0712345678 failed")
    text = written(log)
    assert "4821" not in text and "0712345678" not in text
    assert "duka.printing: printing for <number> failed" in text
    assert "  ValueError: invalid literal for int() with base 10: <text>" in text


def test_the_newest_entries_come_back_newest_last_across_the_rotated_files(
    private_home: Path,
) -> None:
    log = setup_logging()
    for number in range(3):
        log_unexpected(RuntimeError(f"failure number {number}"))
    older = log.with_name("duka.log.1")
    older.write_text(
        "2026-12-01 08:00:00 ERROR duka: Unexpected error\n  RuntimeError: from yesterday\n",
        encoding="utf-8",
    )
    found = entries(10)
    assert [e.splitlines()[1] for e in found] == [
        "  RuntimeError: from yesterday",
        "  RuntimeError: failure number 0",
        "  RuntimeError: failure number 1",
        "  RuntimeError: failure number 2",
    ]
    assert [e.splitlines()[1] for e in entries(2)] == [
        "  RuntimeError: failure number 1",
        "  RuntimeError: failure number 2",
    ]


def test_a_log_written_by_an_older_duka_is_shown_redacted(private_home: Path) -> None:
    log = private_home / "logs" / "duka.log"
    log.parent.mkdir(parents=True)
    log.write_text(
        "2026-11-30 17:02:11,512 ERROR duka: Unexpected error\n"
        "Traceback (most recent call last):\n"
        '  File "/home/amina/duka/desktop/duka/services/access.py", line 1112, in set_pin\n'
        "    digits = clean_pin(pin)\n"
        "ValueError: PIN 739154 for Amina Odhiambo (amina@example.co.ke) refused: 'Amina'\n",
        encoding="utf-8",
    )
    (shown,) = entries(5)
    for secret in ("739154", "amina@example.co.ke", "'Amina'", "/home/amina"):
        assert secret not in shown
    assert shown.splitlines()[0] == "2026-11-30 17:02:11,512 ERROR duka: Unexpected error"
    assert "  File <text>, line <number>, in set_pin" in shown
    assert "ValueError: PIN <number> for … … (<email>) refused: <text>" in shown


def test_the_report_names_the_versions_and_the_language(private_home: Path) -> None:
    log_unexpected(fail_with("482913", "Amina Odhiambo", "amina@example.co.ke"))
    text = report("ar", last=3)
    lines = text.splitlines()
    assert lines[0] == f"Duka {__version__}"
    assert f"Python: {platform.python_version()}" in lines
    assert "Language: ar" in lines
    assert "Newest entries of the log (1):" in lines
    assert "482913" not in text and "amina@example.co.ke" not in text
    assert "RuntimeError: saving" in text


def test_an_empty_log_says_so(private_home: Path) -> None:
    assert entries(5) == []
    assert "The log is empty." in report("en")


def test_a_log_written_by_an_older_duka_is_redacted_in_place_at_the_next_error(
    private_home: Path,
) -> None:
    log = private_home / "logs" / "duka.log"
    log.parent.mkdir(parents=True)
    older = log.with_name("duka.log.2")
    older.write_text(
        "2026-11-30 17:02:11,512 ERROR duka: Unexpected error\n"
        "Traceback (most recent call last):\n"
        "ValueError: PIN 739154 for Amina Odhiambo refused\n",
        encoding="utf-8",
    )
    log.write_text("2026-12-01 08:00:00 INFO duka: a line with nothing to take out\n", "utf-8")
    log_unexpected(RuntimeError("the printer caught fire"))
    kept = older.read_text(encoding="utf-8")
    assert "739154" not in kept and "Amina" not in kept
    assert "ValueError: PIN <number> for … … refused" in kept
    current = written(log)
    assert current.startswith("2026-12-01 08:00:00 INFO duka: a line with nothing to take out\n")
    assert "RuntimeError: the printer caught fire" in current
