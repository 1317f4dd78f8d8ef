"""apsw's errors reach the user as the standard library's did: by SQLite's result code."""

from __future__ import annotations

from pathlib import Path

import apsw
import pytest

from duka.store.database import open_database, translate_error, user_error


def test_a_mistake_in_duka_s_sql_is_named_as_sqlite_names_it_and_is_a_bug(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "s.sqlite3", backup_dir=tmp_path / "b")
    with pytest.raises(apsw.SQLError) as caught:
        conn.execute("SELECT * FROM nowhere")
    assert translate_error(caught.value, tmp_path / "s.sqlite3").message.endswith(": SQLITE_ERROR")
    assert user_error(caught.value) is None  # not the disk's doing: logged, not explained
    with pytest.raises(apsw.ConstraintError) as refused:
        conn.execute("INSERT INTO barcodes (code, product_id) VALUES ('1', 999)")
    assert translate_error(refused.value, tmp_path).message.endswith(
        ": SQLITE_CONSTRAINT_FOREIGNKEY"
    )
    assert user_error(refused.value) is None
    conn.close()
