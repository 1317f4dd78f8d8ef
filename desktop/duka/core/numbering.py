"""Document number formats the owner sets, such as `INV-{year}-{seq:05}`.

A format is text with fields in braces: `{seq}` the number in its series (required; `{seq:05}`
pads it to five digits), `{year}` (2026), `{yy}` (26), `{month}` (01-12) and `{till}` (the
number of the till that issues it). Braces are
doubled to be printed. Any other field, a format without `{seq}`, or one that could make two
documents look alike by being empty is refused.

When a series restarts each year the counter's period is the year, so the number of the first
invoice of 2027 is 1 again; that is allowed only when the format shows the year, or two
documents would carry the same number.

Each till of a shop numbers its documents in series of its own, so tills that sell apart
never issue the same number. Till 1 (every shop that has one till) numbers as it always did;
another till's number carries its till: S2-000123, and INV-2026-2-00012 from a format that
does not place `{till}` itself.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass

from duka.core.errors import InvalidInput
from duka.core.tills import FIRST_TILL
from duka.i18n import N_

FIELDS = ("seq", "year", "yy", "month", "till")
YEAR_FIELDS = frozenset(("year", "yy"))
MAX_LENGTH = 40
MAX_PAD = 12


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """How a series of documents is numbered, e.g. INV-{year}-{seq:05}."""

    text: str
    yearly: bool = False  # the sequence starts again at 1 each year

    def __post_init__(self) -> None:
        fields = _fields(self.text)
        if "seq" not in fields:
            raise InvalidInput(
                N_("A number format needs the sequence {{seq}}, e.g. INV-{{year}}-{{seq:05}}."),
                field="number_format",
            )
        if len(self.text) > MAX_LENGTH:
            raise InvalidInput(
                N_("A number format can be at most {limit} characters."),
                field="number_format",
                limit=MAX_LENGTH,
            )

    @property
    def shows_year(self) -> bool:
        return bool(YEAR_FIELDS & _fields(self.text))

    def period(self, day: dt.date) -> str:
        """The counter's period for a document dated `day`: the year when numbering restarts
        yearly and the number shows it, else one endless series."""
        return str(day.year) if self.yearly and self.shows_year else ""

    def render(self, seq: int, day: dt.date, till: int = FIRST_TILL) -> str:
        values = {
            "seq": seq,
            "year": day.year,
            "yy": day.year % 100,
            "month": day.month,
            "till": till,
        }
        text = self.text
        if till != FIRST_TILL and "till" not in _fields(text):
            text = _with_till(text)
        return text.format_map(_Values(values))


def _with_till(text: str) -> str:
    """`text` with the till's number just before the sequence: INV-{year}-{till}-{seq:05}."""
    parts: list[str] = []
    placed = False
    for literal, name, spec, _conversion in string.Formatter().parse(text):
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name == "seq" and not placed:
            parts.append("{till}-")
            placed = True
        parts.append(f"{{{name}:{spec}}}" if spec else f"{{{name}}}")
    return "".join(parts)


def till_prefix(prefix: str, till: int) -> str:
    """The start of a fixed series' numbers on `till`: "S-" on till 1, "S2-" on till 2."""
    return prefix if till == FIRST_TILL else f"{prefix.removesuffix('-')}{till}-"


def fixed_number(prefix: str, seq: int, width: int, till: int = FIRST_TILL) -> str:
    """A number of a series whose form Duka fixes (sales, refunds, payments): S-000123 on
    till 1, S2-000123 on till 2."""
    return f"{till_prefix(prefix, till)}{seq:0{width}d}"


class _Values(dict[str, int]):
    pass


def _fields(text: str) -> frozenset[str]:
    """The fields `text` uses, or InvalidInput when it is not a format Duka can fill."""
    found: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise InvalidInput(
            N_("The number format has an unmatched brace: write {{{{ or }}}} for a brace."),
            field="number_format",
        ) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in FIELDS:
            raise InvalidInput(
                N_("The number format knows {fields}, not {{{name}}}."),
                field="number_format",
                fields="{seq} {year} {yy} {month} {till}",
                name=name,
            )
        if conversion or not _valid_spec(spec or ""):
            raise InvalidInput(
                N_("Write the sequence as {{seq}} or padded as {{seq:05}}."),
                field="number_format",
            )
        found.add(name)
    return frozenset(found)


def _valid_spec(spec: str) -> bool:
    """Only zero padding to a width: "", "05", "6"."""
    if not spec:
        return True
    digits = spec[1:] if spec.startswith("0") else spec
    return digits.isdigit() and int(digits) <= MAX_PAD
