import logging
import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from duka.i18n import N_, TranslatableError
from duka.ui.instance import ActivationServer, InstanceLock, ask_running_to_raise
from duka.ui.operations import attempt, show_unexpected


def test_one_duka_per_shop_file(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    first, second = InstanceLock(db), InstanceLock(db)
    assert first.try_lock()
    assert not second.try_lock(timeout_ms=50)
    holder = second.holder()
    assert holder is not None and holder.pid == os.getpid()
    first.unlock()
    assert second.try_lock()
    second.unlock()


def test_a_second_start_brings_the_first_window_forward(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    server = ActivationServer(db)
    with qtbot.waitSignal(server.raise_requested, timeout=5000):
        assert ask_running_to_raise(db)
    server.close()
    assert not ask_running_to_raise(tmp_path / "other.sqlite3", timeout_ms=100)


def test_an_unexpected_error_is_logged_and_the_apology_names_the_log(
    qtbot: QtBot, private_home: Path, no_blocking_dialogs: list[str]
) -> None:
    try:
        raise RuntimeError("the printer caught fire")
    except RuntimeError as error:
        show_unexpected(error)
    log = private_home / "logs" / "duka.log"
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "the printer caught fire" in log.read_text(encoding="utf-8")
    assert no_blocking_dialogs and str(log) in no_blocking_dialogs[0]
    assert no_blocking_dialogs[0].startswith("Sorry, something went wrong.")


def test_a_refusal_is_shown_and_the_action_returns_nothing(refusals: list[str]) -> None:
    def refuse() -> int:
        raise TranslatableError(N_("Please choose a country."))

    assert attempt(None, refuse) is None
    assert attempt(None, lambda: 42) == 42
    assert refusals == ["Please choose a country."]
