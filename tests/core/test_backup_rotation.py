import datetime as dt

from duka.core.backup_rotation import auto_stamp, kept


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_the_rotation_keeps_7_daily_4_weekly_12_monthly_and_deletes_the_rest() -> None:
    today = dt.date(2026, 12, 7)  # a Monday, ISO week 50
    stamps = {
        "2026-12-07 09:00": False,  # an earlier backup of today
        "2026-12-07 18:00": True,  # today's newest
        "2026-12-06 18:00": True,  # each of the last 7 days ...
        "2026-12-05 18:00": True,
        "2026-12-04 18:00": True,
        "2026-12-03 18:00": True,
        "2026-12-02 18:00": True,
        "2026-12-01 18:00": True,  # ... up to today - 6
        "2026-11-30 18:00": True,  # not daily, not its week's newest: November's newest
        "2026-11-29 18:00": True,  # week 48's newest
        "2026-11-28 18:00": False,  # week 48, older
        "2026-11-20 18:00": True,  # week 47's newest (the 4th week back)
        "2026-11-10 18:00": False,  # week 46: past the weeks, not November's newest
        "2026-10-15 18:00": True,  # October's newest
        "2026-10-03 18:00": False,
        "2026-01-05 18:00": True,  # January 2026: the 12th month back
        "2025-12-31 18:00": False,  # the 13th month back
        "2026-12-09 08:00": True,  # after today: a clock put right since; kept
    }
    found = kept([at(s) for s in stamps], today)
    assert found == {at(s) for s, keep in stamps.items() if keep}


def test_a_year_of_daily_backups_comes_down_to_at_most_23() -> None:
    today = dt.date(2026, 12, 7)
    stamps = [
        dt.datetime.combine(today - dt.timedelta(days=n), dt.time(hour))
        for n in range(400)
        for hour in (9, 21)
    ]
    found = kept(stamps, today)
    assert len(found) <= 7 + 4 + 12
    assert all(moment.hour == 21 for moment in found)  # always the day's newest
    assert max(found) == dt.datetime(2026, 12, 7, 21)
    assert min(found).date() == dt.date(2026, 1, 31)  # January's newest


def test_only_duka_s_own_names_are_automatic_backups() -> None:
    assert auto_stamp("shop-auto-20261207-181500.sqlite3", "shop") == at("2026-12-07 18:15")
    assert auto_stamp("shop-auto-20261207-181500-2.sqlite3", "shop") == at("2026-12-07 18:15")
    for name in (
        "shop-20261207-181500.sqlite3",  # made by hand
        "shop-replaced-20261207-181500.sqlite3",  # kept by a restore
        "other-auto-20261207-181500.sqlite3",  # another shop's
        "shop-auto-20261207-181500.sqlite3.anchor",
        "shop-auto-20261307-181500.sqlite3",  # no such month
        "shop-auto-latest.sqlite3",
    ):
        assert auto_stamp(name, "shop") is None, name
