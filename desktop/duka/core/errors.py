"""Refusals the person at the counter sees, each with a translatable message.

Services raise these for anything a user can fix or should know; the interface shows the
message in the current language and nothing is changed. Anything else is a bug, logged and
shown as a short apology.
"""

from __future__ import annotations

from duka.i18n import TranslatableError


class UserError(TranslatableError):
    """Base of every refusal that is the user's to resolve."""


class InvalidInput(UserError):
    """A value typed or imported is not acceptable (a number, a name, a rate)."""

    def __init__(self, message_id: str, *, field: str | None = None, **params: object) -> None:
        super().__init__(message_id, **params)
        self.field = field


class NotFound(UserError):
    """Something named by the user does not exist."""


class Conflict(UserError):
    """The request clashes with what is already recorded (a duplicate, an issued document)."""


class NotAllowed(UserError):
    """The acting user may not do this."""


class StoreUnavailable(UserError):
    """The shop's database cannot be opened or used as asked."""


class NewerDatabase(StoreUnavailable):
    """The database was written by a newer Duka than this one."""


class DatabaseBusy(StoreUnavailable):
    """Another program holds the database; trying again later may work."""


class NoShop(StoreUnavailable):
    """There is no shop at the path, and the command does not create one."""


class DiskFull(StoreUnavailable):
    """The disk holding the shop (or a file being written) is full; nothing was changed."""


class ReadOnlyStore(StoreUnavailable):
    """The shop cannot be written to: a read-only disk, folder or file."""


class BackupFailed(UserError):
    """A backup could not be written or did not verify."""


class BackupPlaceMissing(BackupFailed):
    """The second place for backups is not there (a USB stick not plugged in) or refuses
    writing."""


class PrinterUnavailable(UserError):
    """The receipt printer could not be reached or refused the receipt; nothing else changed."""
