"""Who may do what: roles, permissions, PINs, and the sign-in lockout.

A PIN identifies a person at a shared counter; it is not a secret that protects the file
(whoever can copy the file can read it). It is stored as a salted scrypt hash so that it
never appears anywhere, and PINs must differ between active users so that typing one is
enough to sign in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
from dataclasses import dataclass
from enum import Enum

from duka.core.errors import InvalidInput, NotAllowed
from duka.i18n import N_, _, ascii_digits

PIN_MIN = 4
PIN_MAX = 8
ATTEMPTS_BEFORE_LOCK = 5
FIRST_LOCK = dt.timedelta(seconds=30)
LONGEST_LOCK = dt.timedelta(hours=1)

_SCRYPT_N = 2**14  # ~40 ms on the slow machines Duka runs on: felt once per sign-in
_SCRYPT_R = 8
_SCRYPT_P = 1


class Role(Enum):
    OWNER = "owner"
    MANAGER = "manager"
    CASHIER = "cashier"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.OWNER: N_("Owner"),
    Role.MANAGER: N_("Manager"),
    Role.CASHIER: N_("Cashier"),
}


class Permission(Enum):
    """Each value's label completes the sentence "You may not …"."""

    SELL = N_("sell")
    TAKE_PAYMENTS = N_("take payments")
    PARK_SALES = N_("park sales")
    RETURN_GOODS = N_("take returns")
    DISCOUNT = N_("give discounts above the limit or change prices at the counter")
    SELL_EXPIRED = N_("sell goods whose batch has expired")
    BIG_REFUNDS = N_("give refunds above the cashiers' limit")
    CASH_SESSION = N_("open or close a cash session")
    MANAGE_CUSTOMERS = N_("add or change customers")
    SET_CREDIT_LIMITS = N_("set credit limits")
    EXCEED_CREDIT_LIMIT = N_("sell on account beyond a customer's credit limit")
    ADJUST_ACCOUNTS = N_("adjust customers' balances or give store credit")
    MANAGE_PRODUCTS = N_("add or change products and prices")
    ADJUST_STOCK = N_("adjust stock by hand")
    RECEIVE_STOCK = N_("receive deliveries")
    MANAGE_SUPPLIERS = N_("add or change suppliers")
    PAY_SUPPLIERS = N_("pay suppliers")
    RECORD_EXPENSES = N_("record expenses above the cashiers' limit or from an account")
    MANAGE_EXPENSES = N_("add expense categories or change recurring expenses")
    ISSUE_INVOICES = N_("write quotes and invoices")
    VOID_DOCUMENTS = N_("void issued documents")
    SEE_COSTS = N_("see cost prices and profit")
    EXPORT_DATA = N_("export data")
    VIEW_AUDIT = N_("see the audit trail")
    VERIFY = N_("check the shop file")
    CHANGE_SETTINGS = N_("change the shop's settings")
    MANAGE_USERS = N_("manage users")
    BACKUP_RESTORE = N_("make or restore backups")
    APPROVE = N_("approve restricted actions")
    MANAGE_MONEY = N_("manage the bank and mobile-money accounts or move money between them")
    OWNER_MONEY = N_("record the owner's drawings and capital or allow an account's overdraft")

    @property
    def label(self) -> str:
        return self.value


_OWNER_ONLY = {
    Permission.MANAGE_USERS,
    Permission.BACKUP_RESTORE,
    Permission.CHANGE_SETTINGS,
    Permission.OWNER_MONEY,
}
_CASHIER = {
    Permission.SELL,
    Permission.TAKE_PAYMENTS,
    Permission.PARK_SALES,
    Permission.RETURN_GOODS,
    Permission.CASH_SESSION,
    Permission.MANAGE_CUSTOMERS,
    Permission.ISSUE_INVOICES,  # a tax invoice for a sale, asked for at the counter
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.MANAGER: frozenset(Permission) - _OWNER_ONLY,
    Role.CASHIER: frozenset(_CASHIER),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a signed-in user, or the command line with the owner's rights."""

    user_id: int | None
    name: str  # as stored in the audit trail and on sales: in English, it is journaled
    role: Role
    os_user: str | None = None  # the command line's: whoever runs it

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @classmethod
    def command_line(cls, os_user: str) -> Actor:
        # Whoever can run the command line can read the file anyway: it acts as the owner,
        # and the audit trail names it with the operating system's user.
        return cls(None, _COMMAND_LINE.format(user=os_user), Role.OWNER, os_user)

    @property
    def shown_name(self) -> str:
        """The name for reading, in the reader's language."""
        return shown_actor_name(self.name)


_COMMAND_LINE = N_("command line ({user})")


def shown_actor_name(stored: str) -> str:
    """A stored actor's name for reading: the command line's in the reader's language,
    a user's as it is. Records keep the English form, as the journal hashed it."""
    head, tail = _COMMAND_LINE.split("{user}")
    if stored.startswith(head) and stored.endswith(tail) and len(stored) > len(head + tail):
        return _(_COMMAND_LINE).format(user=stored[len(head) : -len(tail)])
    return stored


@dataclass(frozen=True, slots=True)
class Approval:
    """A manager's or owner's PIN, given once for one restricted action."""

    approver_id: int
    approver_name: str
    permission: Permission
    token: int  # the services accept each token once


@dataclass(frozen=True, slots=True)
class Approvals:
    """The approvals given so far for one action, at most one per permission."""

    given: tuple[Approval, ...] = ()

    def get(self, permission: Permission) -> Approval | None:
        return next((a for a in self.given if a.permission is permission), None)

    def __contains__(self, permission: object) -> bool:
        return any(a.permission is permission for a in self.given)

    def adding(self, approval: Approval) -> Approvals:
        kept = tuple(a for a in self.given if a.permission is not approval.permission)
        return Approvals((*kept, approval))


class ApprovalNeeded(NotAllowed):
    """The acting user may not do this alone: `permission` names what a manager's or the
    owner's approval would allow, so the interface can ask for it and try again."""

    def __init__(self, message_id: str, permission: Permission, **params: object) -> None:
        super().__init__(message_id, **params)
        self.permission = permission


def clean_pin(pin: str) -> str:
    """The PIN in ASCII digits, or InvalidInput saying what is wrong with it."""
    digits = ascii_digits(pin.strip())
    if not digits.isdigit() or not digits.isascii():
        raise InvalidInput(N_("A PIN is made of digits only."), field="pin")
    if not PIN_MIN <= len(digits) <= PIN_MAX:
        raise InvalidInput(
            N_("A PIN has {low} to {high} digits."), field="pin", low=PIN_MIN, high=PIN_MAX
        )
    if len(set(digits)) == 1:
        raise InvalidInput(N_("A PIN cannot be one digit repeated."), field="pin")
    return digits


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """A self-describing salted scrypt hash: scrypt$n$r$p$salt$hash (hex)."""
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            pin.encode("ascii"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except (ValueError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(computed.hex(), digest)


def lock_delay(lockouts: int) -> dt.timedelta:
    """How long sign-in stays locked after the `lockouts`-th run of wrong PINs (1, 2...)."""
    delay = FIRST_LOCK * (1 << max(0, lockouts - 1))
    return min(delay, LONGEST_LOCK)


def clean_user_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise InvalidInput(N_("A user needs a name."), field="name")
    if len(text) > 60:
        raise InvalidInput(N_("A user's name has at most 60 characters."), field="name")
    return text


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise InvalidInput(
            N_("“{role}” is not a role; choose owner, manager or cashier."), role=value
        ) from None
