"""The time services stamp on what they record (UTC, ISO 8601), replaceable in tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def day_start(day: dt.date) -> str:
    """The UTC stamp of local midnight starting `day`, as times are stored."""
    return stamp(dt.datetime.combine(day, dt.time()).astimezone())


def days_between(first: dt.date | None, last: dt.date | None) -> tuple[str | None, str | None]:
    """The stamps [since, until) of the local days `first` to `last`, both included."""
    return (
        day_start(first) if first else None,
        day_start(last + dt.timedelta(days=1)) if last else None,
    )
