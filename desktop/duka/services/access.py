"""Users, signing in with a PIN, locking the screen, and managers' approvals."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from duka.core.access import (
    ATTEMPTS_BEFORE_LOCK,
    Actor,
    Approval,
    Permission,
    Role,
    clean_pin,
    clean_user_name,
    hash_pin,
    lock_delay,
    pin_matches,
)
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from duka.i18n import N_, N_plural
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.trail import record
from duka.store import users_repo
from duka.store.users_repo import UserRow


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user as the Users screen shows them (no PIN hash)."""

    id: int
    name: str
    role: Role
    active: bool
    last_sign_in: str | None


class SignInRefused(NotAllowed):
    """A PIN was refused; `wait_seconds` says how long sign-in stays locked, if it is."""

    def __init__(self, message_id: str, *, wait_seconds: int = 0, **params: object) -> None:
        super().__init__(message_id, **params)
        self.wait_seconds = wait_seconds


def _info(row: UserRow) -> UserInfo:
    return UserInfo(row.id, row.name, row.role, row.active, row.last_sign_in)


class AccessService:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- who is here ----------------------------------------------------------------------

    @property
    def actor(self) -> Actor | None:
        return self._ctx.actor

    def may(self, permission: Permission) -> bool:
        return self._ctx.actor is not None and self._ctx.actor.may(permission)

    def has_users(self) -> bool:
        return users_repo.count(self._ctx.db) > 0

    def active_users(self) -> list[UserInfo]:
        """Names and roles for the lock screen (shown at the counter anyway)."""
        return [_info(row) for row in users_repo.active_users(self._ctx.db)]

    def users(self) -> list[UserInfo]:
        require(self._ctx, Permission.MANAGE_USERS)
        return [_info(row) for row in users_repo.all_users(self._ctx.db)]

    # -- users ----------------------------------------------------------------------------

    def create_owner(self, name: str, pin: str) -> UserInfo:
        """The first user of a shop. Refused once any user exists. When nobody is acting
        (the app's first start) the owner is signed in; the command line stays itself."""
        clean = clean_user_name(name)
        digits = clean_pin(pin)
        with self._ctx.writing(Area.USERS) as conn:
            if users_repo.count(conn):
                raise Conflict(N_("This shop already has its owner."))
            at = self._ctx.now()
            creator = self._ctx.actor.name if self._ctx.actor is not None else clean
            user_id = users_repo.insert(conn, clean, Role.OWNER, hash_pin(digits), at, creator)
            if self._ctx.actor is None:
                users_repo.update(conn, user_id, at, clean, last_sign_in=at)
                self._ctx.actor = Actor(user_id, clean, Role.OWNER)
            record(
                self._ctx,
                AuditAction.USER_ADDED,
                f"user: {clean}",
                after={"name": clean, "role": Role.OWNER.value},
            )
        row = users_repo.by_id(self._ctx.db, user_id)
        assert row is not None
        return _info(row)

    def add_user(self, name: str, role: Role, pin: str) -> UserInfo:
        require(self._ctx, Permission.MANAGE_USERS)
        clean = clean_user_name(name)
        digits = clean_pin(pin)
        self._refuse_pin_in_use(digits)
        with self._ctx.writing(Area.USERS) as conn:
            user_id = users_repo.insert(
                conn, clean, role, hash_pin(digits), self._ctx.now(), self._ctx.actor_name
            )
            record(
                self._ctx,
                AuditAction.USER_ADDED,
                f"user: {clean}",
                after={"name": clean, "role": role.value},
            )
        row = users_repo.by_id(self._ctx.db, user_id)
        assert row is not None
        return _info(row)

    def set_active(self, name: str, active: bool) -> UserInfo:
        require(self._ctx, Permission.MANAGE_USERS)
        row = self._user(name)
        if row.active == active:
            return _info(row)
        if not active:
            self._keep_an_owner(row)
        if active:
            self._refuse_pin_in_use_hash(row)
        with self._ctx.writing(Area.USERS) as conn:
            users_repo.update(
                conn, row.id, self._ctx.now(), self._ctx.actor_name, active=int(active)
            )
            record(
                self._ctx,
                AuditAction.USER_CHANGED,
                f"user: {row.name}",
                before={"active": row.active},
                after={"active": active},
            )
        return _info(self._user(name))

    def set_role(self, name: str, role: Role) -> UserInfo:
        require(self._ctx, Permission.MANAGE_USERS)
        row = self._user(name)
        if row.role is role:
            return _info(row)
        if row.role is Role.OWNER:
            self._keep_an_owner(row)
        with self._ctx.writing(Area.USERS) as conn:
            users_repo.update(conn, row.id, self._ctx.now(), self._ctx.actor_name, role=role)
            record(
                self._ctx,
                AuditAction.USER_CHANGED,
                f"user: {row.name}",
                before={"role": row.role.value},
                after={"role": role.value},
            )
        return _info(self._user(name))

    def set_pin(self, name: str, pin: str) -> None:
        """A new PIN for `name`: the owner may set anyone's; anyone may set their own."""
        row = self._user(name)
        if self._ctx.actor is None or self._ctx.actor.user_id != row.id:
            require(self._ctx, Permission.MANAGE_USERS)
        digits = clean_pin(pin)
        self._refuse_pin_in_use(digits, except_id=row.id)
        with self._ctx.writing(Area.USERS) as conn:
            users_repo.update(
                conn,
                row.id,
                self._ctx.now(),
                self._ctx.actor_name,
                pin_hash=hash_pin(digits),
                failed_pins=0,
                locked_until=None,
            )
            record(self._ctx, AuditAction.PIN_CHANGED, f"user: {row.name}")

    def _user(self, name: str) -> UserRow:
        row = users_repo.by_name(self._ctx.db, " ".join(name.split()))
        if row is None:
            raise NotFound(N_("There is no user called “{name}”."), name=name)
        return row

    def _keep_an_owner(self, row: UserRow) -> None:
        owners = [u for u in users_repo.active_users(self._ctx.db) if u.role is Role.OWNER]
        if row.role is Role.OWNER and row.active and len(owners) <= 1:
            raise Conflict(N_("The shop must keep at least one active owner."))

    def _refuse_pin_in_use(self, digits: str, except_id: int | None = None) -> None:
        for other in users_repo.active_users(self._ctx.db):
            if other.id != except_id and pin_matches(digits, other.pin_hash):
                raise Conflict(
                    N_("Another user already has this PIN. Choose a different one."),
                    field="pin",
                )

    def _refuse_pin_in_use_hash(self, row: UserRow) -> None:
        # Re-enabling a user whose PIN another active user has taken meanwhile would make
        # that PIN ambiguous; the owner then sets a new PIN first.
        for other in users_repo.active_users(self._ctx.db):
            if other.pin_hash == row.pin_hash:
                raise Conflict(N_("Another user already has this PIN. Choose a different one."))

    # -- signing in -----------------------------------------------------------------------

    def sign_in(self, pin: str, name: str | None = None) -> Actor:
        """Sign in with a PIN alone (it identifies the user) or as `name`.

        Five wrong PINs in a row lock sign-in for 30 seconds, then twice as long each time:
        per user when a name was chosen, for PIN-only sign-in otherwise.
        """
        self._ctx.actor = None  # whoever was signed in has left the counter
        try:
            digits = clean_pin(pin)
        except InvalidInput:
            digits = ""  # a malformed PIN is a wrong PIN: same count, same message
        now = self._ctx.clock()
        if name is not None:
            return self._sign_in_as(self._user(name), digits, now)
        guard = users_repo.guard(self._ctx.db)
        self._refuse_while_locked(guard.locked_until, now)
        match = self._match(digits) if digits else None
        if match is not None and match.active:
            return self._signed_in(match, now)
        if match is not None:
            record(
                self._ctx, AuditAction.SIGN_IN_FAILED, f"user: {match.name} (disabled)", denied=True
            )
            raise SignInRefused(N_("{name} is disabled. Ask the owner."), name=match.name)
        failed = guard.failed_pins + 1
        self._after_failure(failed, guard.lockouts, now, None, "PIN")
        raise SignInRefused(N_("Wrong PIN."))

    def _sign_in_as(self, row: UserRow, digits: str, now: dt.datetime) -> Actor:
        if not row.active:
            record(
                self._ctx, AuditAction.SIGN_IN_FAILED, f"user: {row.name} (disabled)", denied=True
            )
            raise SignInRefused(N_("{name} is disabled. Ask the owner."), name=row.name)
        self._refuse_while_locked(row.locked_until, now)
        if digits and pin_matches(digits, row.pin_hash):
            return self._signed_in(row, now)
        self._after_failure(row.failed_pins + 1, row.lockouts, now, row, f"user: {row.name}")
        raise SignInRefused(N_("Wrong PIN."))

    def _match(self, digits: str) -> UserRow | None:
        users = users_repo.active_users(self._ctx.db)
        users += [u for u in users_repo.all_users(self._ctx.db) if not u.active]
        for row in users:
            if pin_matches(digits, row.pin_hash):
                return row
        return None

    def _refuse_while_locked(self, locked_until: str | None, now: dt.datetime) -> None:
        if locked_until is None:
            return
        wait = int((dt.datetime.fromisoformat(locked_until) - now).total_seconds() + 0.999)
        if wait > 0:
            raise wait_refusal(wait)

    def _after_failure(
        self, failed: int, lockouts: int, now: dt.datetime, row: UserRow | None, subject: str
    ) -> None:
        locked_until = None
        if failed >= ATTEMPTS_BEFORE_LOCK:
            lockouts += 1
            delay = lock_delay(lockouts)
            locked_until = (now + delay).isoformat(timespec="seconds")
            failed = 0
        with self._ctx.writing(Area.USERS) as conn:
            if row is None:
                users_repo.set_guard(conn, failed, lockouts, locked_until)
            else:
                users_repo.record_attempt(conn, row.id, failed, lockouts, locked_until)
            record(self._ctx, AuditAction.SIGN_IN_FAILED, subject, denied=True)
            if locked_until is not None:
                record(
                    self._ctx, AuditAction.SIGN_IN_LOCKED, subject, after={"until": locked_until}
                )
        if locked_until is not None:
            raise wait_refusal(int(lock_delay(lockouts).total_seconds()))

    def _signed_in(self, row: UserRow, now: dt.datetime) -> Actor:
        at = now.isoformat(timespec="seconds")
        self._ctx.actor = Actor(row.id, row.name, row.role)
        with self._ctx.writing(Area.USERS) as conn:
            users_repo.record_attempt(conn, row.id, 0, 0, None)
            users_repo.set_guard(conn, 0, 0, None)
            users_repo.record_sign_in(conn, row.id, at)
            record(self._ctx, AuditAction.SIGN_IN, f"user: {row.name}")
        return self._ctx.actor

    def act_as(self, name: str) -> Actor:
        """From the command line (the owner's rights), act as the active user `name` with
        that user's rights only: `duka sell --user` sells as the cashier would."""
        require(self._ctx, Permission.MANAGE_USERS)
        row = self._user(name)
        if not row.active:
            raise NotAllowed(N_("{name} is disabled and cannot act."), name=row.name)
        self._ctx.actor = Actor(row.id, row.name, row.role)
        return self._ctx.actor

    def lock(self) -> None:
        """Nobody is signed in until the next PIN; what is on screen stays as it is."""
        if self._ctx.actor is not None:
            record(self._ctx, AuditAction.LOCKED, f"user: {self._ctx.actor.name}")
        self._ctx.actor = None

    # -- approvals ------------------------------------------------------------------------

    def approve(self, pin: str, permission: Permission) -> Approval:
        """A manager's or owner's PIN allows the signed-in user one restricted action."""
        if self._ctx.actor is None:
            raise NotAllowed(N_("Sign in first."))
        try:
            digits = clean_pin(pin)
        except InvalidInput:
            digits = ""
        row = self._match(digits) if digits else None
        if row is None or not row.active:
            record(self._ctx, AuditAction.APPROVAL, permission.name, denied=True)
            raise SignInRefused(N_("Wrong PIN."))
        approver = Actor(row.id, row.name, row.role)
        if not (approver.may(Permission.APPROVE) and approver.may(permission)):
            record(self._ctx, AuditAction.APPROVAL, permission.name, denied=True)
            raise NotAllowed(
                N_("{name} may not approve this: only a manager or the owner can."),
                name=row.name,
            )
        approval = Approval(row.id, row.name, permission, secrets.randbits(62))
        record(
            self._ctx,
            AuditAction.APPROVAL,
            permission.name,
            after={"approved_by": row.name, "for": self._ctx.actor_name},
            approval=approval,
        )
        self._ctx.open_approvals.add(approval.token)
        return approval


_LOCKED_MINUTES = N_plural(
    "Too many wrong PINs. Try again in {count} minute.",
    "Too many wrong PINs. Try again in {count} minutes.",
)
_LOCKED_SECONDS = N_plural(
    "Too many wrong PINs. Try again in {count} second.",
    "Too many wrong PINs. Try again in {count} seconds.",
)


def wait_refusal(seconds: int) -> SignInRefused:
    """The refusal that says how long sign-in stays locked (in minutes when long)."""
    if seconds >= 120:
        singular, plural = _LOCKED_MINUTES
        refusal = SignInRefused(singular, wait_seconds=seconds, count=-(-seconds // 60))
    else:
        singular, plural = _LOCKED_SECONDS
        refusal = SignInRefused(singular, wait_seconds=seconds, count=seconds)
    refusal.counted(plural)
    return refusal
