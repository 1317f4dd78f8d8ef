"""The error log's redaction: what a message may keep, and what never reaches the log."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duka.i18n import N_, TranslatableError
from duka.redaction import (
    carried_values,
    describe,
    frames,
    hide_home,
    message,
    redact,
    short_path,
)


def raised(error: BaseException) -> BaseException:
    """`error` with a traceback of its own, as the log gets it."""
    try:
        raise error
    except BaseException as caught:  # noqa: BLE001 - the test's own error, handed back
        return caught


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the PIN 4821 was refused", "the PIN <number> was refused"),
        ("PIN 73915428 again", "PIN <number> again"),
        ("call 0712 345 678 today", "call <number> today"),
        ("call +254-712-345678 today", "call <number> today"),
        ("(020) 444-1234", "(<number>"),
        ("write to amina.odhiambo@example.co.ke please", "write to <email> please"),
        ("KeyError: 'Amina Odhiambo'", "KeyError: <text>"),
        ('no customer "Amina" here', "no customer <text> here"),
        ("'Amina's shop' is closed", "<text> is closed"),
        ("can't read 'x' in the shop's file", "can't read <text> in the shop's file"),
        (
            "invalid literal for int() with base 10: '12a4'",
            "invalid literal for int() with base 10: <text>",
        ),
        ("got b'\\x00Amina'", "got <text>"),
        ("“Amina” and «Baraka»", "<text> and <text>"),
        ("no product named زيت الزيتون", "no product named … …"),
        ("Zoë owes", "… owes"),
        ("राम का खाता", "… … …"),
        ("١٢٣٤٥٦٧٨٩٠", "<number>"),
        ("saving Amina Odhiambo failed", "saving … … failed"),
        ("the account of (Baraka) is closed", "the account of (…) is closed"),
    ],
)
def test_data_is_taken_out_of_a_message(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "UNIQUE constraint failed: customers.phone",
        "[Errno 28] No space left on device",
        "division by zero",
        "expected 3 values, got 2",
        "database is locked",
        "NoneType object has no attribute total",
        "Cannot operate on a closed database. Nothing was written",
        "expected None, got a QWidget",
    ],
)
def test_the_codes_own_wording_stays(text: str) -> None:
    assert redact(text) == text


def test_a_path_in_the_home_folder_loses_the_users_name() -> None:
    assert redact("cannot write /home/amina/backups/shop.sqlite3 now") == (
        "cannot write ~/backups/shop.sqlite3 now"
    )
    assert redact(r"in C:\Users\Amina\x.db") == r"in ~\x.db"
    # A capitalised folder may be a name too ("/media/Amina/USB"): it goes like any name.
    assert redact("in /Users/amina/Library/x") == "in ~/…/x"
    # Quoted, as Python's file errors put it, the whole name goes (a file may be named after
    # a customer: "Statement Amina.pdf").
    assert redact("[Errno 2] No such file: '/home/amina/Statement Amina.pdf'") == (
        "[Errno 2] No such file: <text>"
    )


def test_a_customers_name_carried_in_an_errors_fields_is_taken_out() -> None:
    class MergeFailed(Exception):
        def __init__(self, customer: str, phone: str) -> None:
            super().__init__(f"cannot merge {customer} ({phone}) into the list")
            self.customer = customer
            self.phone = phone

    error = MergeFailed("Amina Odhiambo", "0712345678")
    assert set(carried_values(error)) == {"Amina Odhiambo", "0712345678"}
    assert message(error) == "cannot merge <value> (<value>) into the list"
    # Several arguments: each is data (Python shows them as a tuple of quoted values).
    assert message(LookupError("customer", "Baraka Mwangi")) == "(<text>, <text>)"


def test_a_refusal_keeps_its_wording_without_its_values() -> None:
    error = TranslatableError(
        N_("{name} owes {amount}: over the limit"), name="Amina", amount="1 200"
    )
    assert message(error) == "{name} owes {amount}: over the limit"


def test_a_pin_in_an_exception_message_never_reaches_the_description() -> None:
    def set_pin(pin: str) -> None:
        raise ValueError(f"the PIN {pin} could not be hashed")

    try:
        set_pin("482913")
    except ValueError as error:
        lines = describe(error)
    text = "\n".join(lines)
    assert "482913" not in text
    assert lines[0] == "ValueError: the PIN <number> could not be hashed"
    # Where it happened, oldest call first, without the test's folder or its locals.
    assert re.fullmatch(r"  at \S*tests/logs/test_redaction\.py:\d+ in .*set_pin", lines[-1])


def test_a_chain_of_errors_is_described_cause_by_cause() -> None:
    try:
        try:
            {}["amina@example.com"]
        except KeyError as missing:
            raise RuntimeError("the customer 0712345678 could not be found") from missing
    except RuntimeError as error:
        lines = describe(error)
    headings = [line for line in lines if not line.startswith("  ")]
    assert headings == [
        "RuntimeError: the customer <number> could not be found",
        "caused by KeyError: <text>",
    ]


def test_a_database_error_keeps_its_kind_and_the_code_words() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE customers (phone TEXT UNIQUE)")
    conn.execute("INSERT INTO customers VALUES (?)", ("0712345678",))
    with pytest.raises(sqlite3.IntegrityError) as caught:
        conn.execute("INSERT INTO customers VALUES (?)", ("0712345678",))
    first = describe(caught.value)[0]
    assert first == "sqlite3.IntegrityError: UNIQUE constraint failed: customers.phone"


def test_code_files_are_named_from_their_package() -> None:
    home = os.path.expanduser("~")
    assert short_path(f"{home}/src/duka/desktop/duka/services/sell.py") == "duka/services/sell.py"
    assert short_path("/usr/lib/python3/dist-packages/PySide6/QtCore.py") == "PySide6/QtCore.py"
    assert short_path("/usr/lib/python3.11/sqlite3/dbapi2.py") == "sqlite3/dbapi2.py"
    assert short_path(f"{home}/scripts/tool.py") == "~/scripts/tool.py"
    assert short_path("/home/amina/scripts/tool.py") == "~/scripts/tool.py"
    assert short_path("<frozen importlib._bootstrap>") == "<frozen importlib._bootstrap>"


def test_a_deep_traceback_keeps_its_ends() -> None:
    def deeper(n: int) -> None:
        if n == 0:
            raise RecursionError("deep")
        deeper(n - 1)

    error = raised_from(lambda: deeper(60))
    found = frames(error.__traceback__)
    assert len(found) == 41 and "more calls" in found[2]
    assert found[-1].endswith("in test_a_deep_traceback_keeps_its_ends.<locals>.deeper")


def raised_from(action: object) -> BaseException:
    try:
        action()  # type: ignore[operator]
    except BaseException as error:  # noqa: BLE001 - handed back to the test
        return error
    raise AssertionError("nothing was raised")


personal = st.one_of(
    st.from_regex(r"\A[0-9]{4,8}\Z"),  # a PIN
    st.from_regex(r"\A\+?[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3,4}\Z"),  # a phone
    st.from_regex(r"\A[a-z]{2,8}\.[a-z]{2,8}@[a-z]{3,8}\.(com|co\.ke)\Z"),  # an e-mail
)


@given(st.text(max_size=40), personal, st.text(max_size=40))
def test_no_pin_phone_or_email_survives_in_any_message(before: str, data: str, after: str) -> None:
    text = f"{before} {data} {after}"
    cleaned = redact(text)
    assert data not in cleaned
    assert redact(cleaned) == cleaned  # the log is redacted again when read: nothing moves


@given(st.text(max_size=80))
def test_redacting_twice_changes_nothing_more(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
    assert not re.search(r"\d(?:[ \t.()/-]{0,2}\d){3}", once)  # no PIN-long number


def test_a_broken_message_does_not_stop_the_log(tmp_path: Path) -> None:
    class Unprintable(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    assert message(raised(Unprintable())) == "(the message could not be read)"


def test_a_system_error_keeps_its_number_and_wording_but_not_its_file() -> None:
    assert message(OSError(28, "No space left on device")) == "[Errno 28] No space left on device"
    missing = FileNotFoundError(2, "No such file or directory", "/home/amina/Statement.pdf")
    assert message(missing) == "[Errno 2] No such file or directory: <text>"


def test_the_logs_own_folder_is_named_without_the_users_home() -> None:
    home = os.path.expanduser("~")
    place = os.path.join(home, ".local", "share", "Duka", "logs", "duka.log")
    assert hide_home(place) == os.path.join("~", ".local", "share", "Duka", "logs", "duka.log")
    assert hide_home("/home/amina/Duka/logs") == "~/Duka/logs"
