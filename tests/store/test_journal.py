"""The journal: hash chain, append-only, and verification against tampering by plain SQL."""

from pathlib import Path

import pytest

from duka.services import maintenance
from duka.services.shop import Shop
from duka.store import journal, sql


@pytest.fixture
def trail(demo_shop: Shop) -> Shop:
    """The demo shop: its setup left a few dozen audit entries, all journaled."""
    assert journal.count(demo_shop.context.db) >= 20
    return demo_shop


def problems(shop: Shop) -> list[str]:
    results = {r.name: r for r in shop.maintenance.verify()}
    return list(results["Journal and audit trail"].problems)


def raw(shop: Shop) -> sql.Connection:
    """Another program's connection to the file: no Duka, no rules (through apsw, as the
    shop is open in this process: one SQLite library per open file)."""
    return sql.open_file(shop.path)


def drop_triggers(conn: sql.Connection) -> None:
    for name in journal.TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")


def test_a_clean_journal_verifies(trail: Shop) -> None:
    assert problems(trail) == []
    first = trail.context.db.execute("SELECT prev_hash, content FROM journal WHERE seq = 1")
    prev_hash, content = first.fetchone()
    assert prev_hash == journal.GENESIS
    assert content.startswith(b"1,'")


def test_the_chain_links_each_row_to_the_last(trail: Shop) -> None:
    rows = trail.context.db.execute("SELECT prev_hash, content, hash FROM journal ORDER BY seq")
    previous = journal.GENESIS
    for prev_hash, content, digest in rows:
        assert prev_hash == previous
        assert digest == journal.chain_hash(prev_hash, content)
        previous = digest


def test_triggers_refuse_changes_and_deletions(trail: Shop) -> None:
    conn = raw(trail)
    for statement in (
        "UPDATE journal SET actor = 'someone' WHERE seq = 1",
        "DELETE FROM journal WHERE seq = 1",
        "UPDATE audit SET actor = 'someone' WHERE id = 1",
        "DELETE FROM audit WHERE id = 1",
    ):
        with pytest.raises(sql.Error, match="append-only"):
            conn.execute(statement)
    assert problems(trail) == []


def test_an_edited_record_is_named(trail: Shop) -> None:
    conn = raw(trail)
    drop_triggers(conn)
    conn.execute("UPDATE audit SET actor = 'Mallory' WHERE id = 3")
    seq = conn.execute("SELECT seq FROM journal WHERE kind = 'audit' AND source_id = 3")
    found = problems(trail)
    assert f"audit row 3 differs from what journal sequence {seq.fetchone()[0]} recorded" in found
    assert "journal: the protection trigger journal_no_update was removed" in found


def test_a_deleted_record_is_named(trail: Shop) -> None:
    conn = raw(trail)
    drop_triggers(conn)
    conn.execute("DELETE FROM audit WHERE id = 5")
    found = problems(trail)
    assert any(p.startswith("audit row 5 (journal sequence") and "deleted" in p for p in found)


def test_an_inserted_record_is_named(trail: Shop) -> None:
    conn = raw(trail)
    conn.execute(
        "INSERT INTO audit (at, actor, action) VALUES ('2026-01-01T00:00:00+00:00', 'x', 'void')"
    )
    new_id = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    assert f"audit row {new_id} was added outside Duka (it is not in the journal)" in problems(
        trail
    )


def test_an_edited_journal_row_breaks_the_chain(trail: Shop) -> None:
    conn = raw(trail)
    drop_triggers(conn)
    conn.execute("UPDATE journal SET content = CAST(content || 'x' AS BLOB) WHERE seq = 7")
    found = problems(trail)
    assert "journal: sequence 7 was changed after it was written" in found


def test_a_deleted_journal_row_leaves_a_gap(trail: Shop) -> None:
    conn = raw(trail)
    drop_triggers(conn)
    seq, source = conn.execute(
        "SELECT seq, source_id FROM journal WHERE kind = 'audit' ORDER BY seq LIMIT 1 OFFSET 3"
    ).fetchone()
    conn.execute("DELETE FROM journal WHERE seq = ?", (seq,))
    found = problems(trail)
    assert f"journal: sequence {seq} is missing" in found
    assert f"journal: sequence {seq + 1} does not follow on from sequence {seq}" in found
    assert any(p.startswith(f"audit row {source} was added outside Duka") for p in found)


def test_a_forged_journal_row_does_not_fit(trail: Shop) -> None:
    conn = raw(trail)
    last, digest = conn.execute(
        "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    conn.execute(
        "INSERT INTO journal VALUES (?, 'now', 'audit', 'audit', 999999, NULL, 'x', x'00', ?, ?)",
        (last + 1, digest, bytes(32)),
    )
    found = problems(trail)
    assert f"journal: sequence {last + 1} was changed after it was written" in found
    assert f"audit row 999999 (journal sequence {last + 1}) was deleted" in found


def test_new_entries_chain_on_after_a_restart(trail: Shop, tmp_path: Path) -> None:
    trail.settings.save({"phone": "+254 711 111 111"})
    path = trail.path
    trail.close()
    with Shop.open(path, backup_dir=tmp_path) as again:
        again.access.sign_in("1234")
        again.access.lock()
        again.access.sign_in("1234")
        assert problems(again) == []


def test_large_journals_are_checked_in_parallel_with_the_same_findings(
    trail: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = raw(trail)
    drop_triggers(conn)
    conn.execute("UPDATE audit SET subject = 'forged' WHERE id = 9")
    conn.execute("UPDATE journal SET hash = zeroblob(32) WHERE seq = 12")
    serial = sorted(problems(trail))
    monkeypatch.setattr(maintenance, "PARALLEL_FROM", 1)
    parallel = sorted(problems(trail))
    assert parallel == serial
    assert any("audit row 9 differs" in p for p in parallel)
    assert "journal: sequence 12 was changed after it was written" in parallel
    assert "journal: sequence 13 does not follow on from sequence 12" in parallel


def test_ranges_cover_every_sequence_once() -> None:
    assert list(journal.ranges([(1, 10)], 3)) == [(1, 4), (5, 8), (9, 10)]
    assert list(journal.ranges([(1, 1)], 4)) == [(1, 1)]
    assert list(journal.ranges([], 2)) == []
    # Two tills' chains: no range runs from one into the other.
    till_2 = 1_000_000_000
    assert list(journal.ranges([(1, 6), (till_2 + 1, till_2 + 2)], 2)) == [
        (1, 4),
        (5, 6),
        (till_2 + 1, till_2 + 2),
    ]
