"""Tills' ids as people read them: each till of a shop gives ids in its own range (see
duka.store.tills), and an id shows its till: 17 is till 1's (as every single-till shop has
always numbered), 3-17 is till 3's seventeenth."""

from __future__ import annotations

# A billion rows per table per till: a busy till writes about a million journal entries a
# year. Decimal, so an id read in a file shows its till: 2000000017 is till 3's 17th.
SPAN = 1_000_000_000
FIRST_TILL = 1


def till_of(row_id: int) -> int:
    """The till that gave `row_id`."""
    return (row_id - 1) // SPAN + 1


def local_number(row_id: int) -> int:
    """`row_id`'s place among its till's ids (1 for the till's first)."""
    return (row_id - 1) % SPAN + 1


def shown(row_id: int) -> str:
    """An id as people read it: till 1's as they always were (17), another till's with its
    till (3-17)."""
    till = till_of(row_id)
    return str(row_id) if till == FIRST_TILL else f"{till}-{local_number(row_id)}"


def read_shown(text: str) -> int | None:
    """The id written as `shown` writes it (17, 3-17), or None."""
    till, dash, local = text.strip().partition("-")
    if not dash:
        return int(till) if till.isdigit() and int(till) > 0 else None
    if not (till.isdigit() and local.isdigit()) or int(till) < 1:
        return None
    if not 1 <= int(local) <= SPAN:
        return None
    return (int(till) - 1) * SPAN + int(local)
