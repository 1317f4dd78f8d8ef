"""The Users screen (owner only): who may use this counter, in which role, with which PIN."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QInputDialog, QWidget

from duka.core.access import Permission, Role
from duka.core.changes import Area
from duka.i18n import N_, N_plural, _
from duka.services.access import UserInfo
from duka.ui.dialogs.pin_entry import PinDialog
from duka.ui.models.windowed import Column
from duka.ui.operations import perform
from duka.ui.screens.listing import ListAction, ListingScreen
from duka.ui.state import AppState

_DISABLED = "#7a8a96"


class UsersScreen(ListingScreen[UserInfo]):
    watches = frozenset({Area.USERS})
    title_id = N_("Users")
    empty_id = N_("No users yet.")
    count_label = N_plural("{count} user", "{count} users")
    list_actions = (
        ListAction("add_button", N_("Add a user…"), "add_user"),
        ListAction("role_button", N_("Change the role…"), "change_role", row=True),
        ListAction("pin_button", N_("Change the PIN…"), "change_pin", row=True),
        ListAction(
            "active_button",
            lambda user: N_("Enable") if user is not None and not user.active else N_("Disable"),
            "toggle_active",
            row=True,
        ),
    )

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        self._users: list[UserInfo] = []
        super().__init__(state, parent)

    def columns(self) -> Sequence[Column[UserInfo]]:
        def dimmed(user: UserInfo) -> str | None:
            return None if user.active else _DISABLED

        return (
            Column(N_("Name"), lambda u: u.name, color=dimmed),
            Column(N_("Role"), lambda u: _(u.role.label), color=dimmed),
            Column(N_("State"), lambda u: _("Active") if u.active else _("Disabled"), color=dimmed),
            Column(N_("Last signed in"), self._last_seen, color=dimmed),
        )

    def column_widths(self) -> Sequence[int]:
        return (260, 140, 120, 200)

    def _last_seen(self, user: UserInfo) -> str:
        if user.last_sign_in is None:
            return ""
        moment = dt.datetime.fromisoformat(user.last_sign_in).astimezone()
        return self.state.formats.datetime(moment, "short")

    def count_rows(self) -> int:
        allowed = self.state.may(Permission.MANAGE_USERS)
        self._users = self.state.shop.access.users() if allowed else []
        return len(self._users)

    def fetch_rows(self, offset: int, limit: int) -> Sequence[UserInfo]:
        return self._users[offset : offset + limit]

    # -- actions ------------------------------------------------------------------------

    def add_user(self) -> None:
        dialog = PinDialog(
            N_("Add a user"),
            N_("Each user signs in with their own PIN of 4 to 8 digits."),
            ask_name=True,
            ask_role=True,
            parent=self,
        )
        dialog.accept_with = lambda d: self.state.shop.access.add_user(d.name, d.role, d.pin)
        if dialog.exec():
            self._reload()

    def change_pin(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = PinDialog(
            N_("Change the PIN"),
            N_("The new PIN of 4 to 8 digits."),
            parent=self,
        )
        dialog.accept_with = lambda d: self.state.shop.access.set_pin(user.name, d.pin)
        dialog.exec()

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            return
        roles = list(Role)
        chosen, ok = QInputDialog.getItem(
            self,
            _("Change the role"),
            user.name,
            [_(r.label) for r in roles],
            roles.index(user.role),
            False,
        )
        if ok:
            role = roles[[_(r.label) for r in roles].index(chosen)]
            access = self.state.shop.access
            if perform(self, self.state, lambda: access.set_role(user.name, role)) is not None:
                self._reload()

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        access = self.state.shop.access
        if (
            perform(self, self.state, lambda: access.set_active(user.name, not user.active))
            is not None
        ):
            self._reload()
