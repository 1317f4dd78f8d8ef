"""Branches: other shops of the same owner, each with its own tills and its own stock.

Till numbers say which branch a till is in, so no two places ever give the same number
while they are apart: branch 1 (every shop made before branches) has tills 1 to 1000, and
each further branch a block of its own, 1001 to 2000, 2001 to 3000 and so on. A branch is
numbered by the first till of its block, its hub: branch 1001's hub is till 1001.
"""

from __future__ import annotations

from collections.abc import Iterable

from duka.core.tills import FIRST_TILL

BLOCK = 1000  # till numbers a branch has
FIRST_BRANCH = FIRST_TILL


def branch_of(till: int) -> int:
    """The branch till `till` is in: the first number of its block."""
    return (till - 1) // BLOCK * BLOCK + 1


def last_till(branch: int) -> int:
    """The highest till number branch `branch` may give."""
    return branch + BLOCK - 1


def next_branch(known: Iterable[int]) -> int:
    """The number a new branch gets: the block after every branch known."""
    return max(known, default=FIRST_BRANCH) + BLOCK
