"""Which automatic backups to keep: the newest of each day for a week, of each week for a
month, of each month for a year (7 daily, 4 weekly, 12 monthly), as backup tools do.

Only files Duka named itself are ever considered (`SHOP-auto-YYYYMMDD-HHMMSS.sqlite3`): a
copy the shopkeeper made by hand, or any other file in the folder, is never deleted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable

AUTO_LABEL = "auto"
DAILY, WEEKLY, MONTHLY = 7, 4, 12

_STAMP = re.compile(r"(\d{8}-\d{6})(?:-\d+)?\.sqlite3")


def auto_stamp(name: str, stem: str) -> dt.datetime | None:
    """When the automatic backup of shop `stem` called `name` was made (local time), or
    None for any file Duka did not name so."""
    prefix = f"{stem}-{AUTO_LABEL}-"
    if not name.startswith(prefix):
        return None
    found = _STAMP.fullmatch(name[len(prefix) :])
    if found is None:
        return None
    try:
        return dt.datetime.strptime(found.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def _newest_per(
    stamps: list[dt.datetime], bucket: Callable[[dt.datetime], Hashable], wanted: set[Hashable]
) -> set[dt.datetime]:
    newest: dict[Hashable, dt.datetime] = {}
    for moment in stamps:
        key = bucket(moment)
        if key in wanted and (key not in newest or moment > newest[key]):
            newest[key] = moment
    return set(newest.values())


def _week(moment: dt.datetime | dt.date) -> tuple[int, int]:
    year, week, _day = moment.isocalendar()
    return year, week


def _month(moment: dt.datetime | dt.date) -> tuple[int, int]:
    return moment.year, moment.month


def kept(
    stamps: Iterable[dt.datetime],
    today: dt.date,
    daily: int = DAILY,
    weekly: int = WEEKLY,
    monthly: int = MONTHLY,
) -> set[dt.datetime]:
    """The backups (by when they were made) that the rotation keeps on `today`.

    A day, week or month counts back from today's, today's included. A backup dated after
    today (a clock that was wrong, or put right since) is kept: nothing says it is old.
    """
    stamps = list(stamps)
    days: set[Hashable] = {today - dt.timedelta(days=n) for n in range(daily)}
    weeks: set[Hashable] = {_week(today - dt.timedelta(weeks=n)) for n in range(weekly)}
    months: set[Hashable] = set()
    year, month = today.year, today.month
    for _n in range(monthly):
        months.add((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keep = {moment for moment in stamps if moment.date() > today}
    keep |= _newest_per(stamps, lambda moment: moment.date(), days)
    keep |= _newest_per(stamps, _week, weeks)
    keep |= _newest_per(stamps, _month, months)
    return keep
