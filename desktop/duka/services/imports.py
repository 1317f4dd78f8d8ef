"""What every import shares: a file read and checked in full before anything is written (a
preview), the refusal when rows have problems, the result, and cancelling."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from duka.core.errors import InvalidInput, UserError
from duka.core.product_import import RowProblem, decimal_mark
from duka.core.settings import ShopSettings
from duka.documents.tables import Table as Table  # the interface reads tables through here
from duka.i18n import N_, N_plural
from duka.i18n.formatting import Formats, locale_id

Progress = Callable[[int, int], bool]  # (done, total) -> False to cancel

_ROWS_WITH_PROBLEMS = N_plural(
    "{count} row has a problem, so nothing was imported.",
    "{count} rows have problems, so nothing was imported.",
)


class ImportAction(Enum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"


class Planned(Protocol):
    @property
    def row(self) -> int: ...

    @property
    def action(self) -> ImportAction: ...


C = TypeVar("C")
P = TypeVar("P", bound=Planned)


@dataclass(slots=True)
class ImportPreview(Generic[C, P]):
    """A file read and checked, not yet written: which column is which (`mapping`), the
    rows planned and the problems found."""

    path: Path
    table: Table
    mapping: tuple[C | None, ...]
    decimal_mark: str
    planned: list[P] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # The system whose export the file is ("Shopify"), None for a sheet of Duka's columns
    # or a hand-made one; what was said about rows that are imported all the same (a code
    # kept as the shop's own, a sale price taken where no regular price was); the file's
    # headers that nothing was read from.
    system: str | None = None
    notices: list[RowProblem] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return self.table.headers

    @property
    def row_count(self) -> int:
        return len(self.table.rows)

    def count(self, action: ImportAction) -> int:
        return sum(1 for p in self.planned if p.action is action)

    @property
    def invalid_rows(self) -> int:
        return len({p.row for p in self.problems})

    def check(self, skip_invalid: bool) -> None:
        """Refuse the import if a row has a problem, unless those rows are to be skipped."""
        if self.problems and not skip_invalid:
            singular, plural = _ROWS_WITH_PROBLEMS
            refusal = InvalidInput(singular, count=self.invalid_rows)
            refusal.counted(plural)
            raise refusal


@dataclass(frozen=True, slots=True)
class ImportResult:
    number: str
    added: int
    updated: int
    unchanged: int
    skipped: int


def numbers_mark(
    table: Table, columns: Sequence[object], number_columns: Collection[object], shop: ShopSettings
) -> str:
    """The decimal mark the file's numbers are written with (58.99 or 58,99), found from the
    numbers themselves; a number that could be read two ways follows the shop's language."""
    indexes = [i for i, c in enumerate(columns) if c in number_columns]
    samples = (cells[i] for _, cells in table.rows for i in indexes if i < len(cells))
    language, country = shop.locale_parts
    return decimal_mark(samples, Formats(locale_id(language, country)).decimal_mark)


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__(N_("The import was cancelled; nothing was changed."))
