"""What the open window shares: the shop, its settings, the locale formats, and signals.

Screens read settings and formats from here and listen to the signals, so a change saved on
one screen (a new currency, another language) reaches every screen at once. What a write
changed reaches them as a change set (duka.core.changes): from this window's operations
(duka.ui.operations), and from other processes writing the same file, noticed each second.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from duka.core.access import Actor, Permission
from duka.core.changes import Area, Changes, Outcome
from duka.core.settings import COUNTRY, LANGUAGE, ShopSettings
from duka.i18n import current_language
from duka.i18n.formatting import Formats, locale_id
from duka.services.shop_view import ShopView
from duka.ui.language import apply_country, apply_language

T = TypeVar("T")

WATCH_MS = 1000  # how often the file is asked whether another process wrote to it


class AppState(QObject):
    settings_changed = Signal()
    language_changed = Signal(str)
    changed = Signal(object)  # a Changes: what a write changed, here or in another process
    signed_in = Signal()  # someone signed in (or switched): permissions may differ
    locked = Signal()  # nobody is signed in; the lock screen shows
    cash_closed = Signal()  # a cash-up was closed (Z report): the automatic backup runs
    backups_changed = Signal()  # an automatic backup started or ended, or its place changed
    sync_changed = Signal()  # a round of syncing with the other tills ended, or its folder changed
    sync_requested = Signal()  # someone asked for a round now (Sync now)

    def __init__(self, shop: ShopView, language_override: str | None = None) -> None:
        super().__init__()
        self.shop: ShopView = shop  # never the connection: see duka.services.shop_view
        self.settings: ShopSettings = shop.settings.load()
        self._override = language_override
        self._formats: Formats | None = None
        # The last round of syncing with the other tills, in a line ("" before the first):
        # duka.ui.auto_sync writes it, the window's side shows it quietly.
        self.sync_news = ""
        self.sync_trouble = False  # the last round could not be done, or a till's changes wait
        # Qt's widgets write digits as this shop's Formats does (duka.i18n.digits).
        apply_country(str(self.settings[COUNTRY]))
        # Writes are what move the journal's anchor on; nothing runs while the shop is idle.
        self.changed.connect(lambda _changes: shop.touch_anchor())
        self.settings_changed.connect(shop.touch_anchor)
        shop.outside_changes()  # where the file stands: later calls say what others wrote
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self.catch_up)

    def perform(
        self, operation: Callable[[], T], asking: Collection[Permission] = ()
    ) -> Outcome[T]:
        """Run one service operation and tell every screen what it changed. A refusal
        propagates to the caller, which shows it (duka.ui.operations.perform shows it in a
        box); what the refused attempt wrote, its audit entry, is told all the same."""
        try:
            outcome = self.shop.perform(operation, asking)
        except BaseException:
            self.broadcast(self.shop.take_changes())
            raise
        self.broadcast(outcome.changes)
        return outcome

    def broadcast(self, changes: Changes) -> None:
        """Tell every screen what changed (nothing when nothing did)."""
        if changes:
            self.changed.emit(changes)

    def catch_up(self) -> Changes:
        """Broadcast what this window wrote without saying so, and what other processes
        wrote to the file since the last look; returns it."""
        outside = self.shop.outside_changes()
        if outside.touches({Area.SETTINGS}):
            self.reload()  # another process changed the shop's settings: everyone re-reads
        changes = self.shop.take_changes() | outside
        self.broadcast(changes)
        return changes

    def watch(self, on: bool = True) -> None:
        """Look for other processes' writes each second while the window is open."""
        if on:
            self._watch.start()
        else:
            self._watch.stop()

    @property
    def formats(self) -> Formats:
        """Formatting in the shop's locale, loaded when a screen first needs it."""
        if self._formats is None:
            self._formats = Formats(locale_id(self.language, self.settings[COUNTRY]))
        return self._formats

    @property
    def actor(self) -> Actor | None:
        return self.shop.access.actor

    def may(self, permission: Permission) -> bool:
        return self.shop.access.may(permission)

    def sign_in(self, pin: str, name: str | None = None) -> Actor:
        """Sign in through the service (a refusal propagates), then tell every screen."""
        actor = self.shop.access.sign_in(pin, name)
        self.signed_in.emit()
        return actor

    def lock(self) -> None:
        self.shop.access.lock()
        self.locked.emit()

    @property
    def language(self) -> str:
        return self._override or self.settings[LANGUAGE]

    def save_settings(self, changes: Mapping[str, object]) -> ShopSettings:
        """Save through the service (a refusal propagates unchanged), then tell everyone."""
        before = self.language
        self.settings = self.perform(lambda: self.shop.settings.save(changes)).value
        if LANGUAGE.key in changes:
            self._override = None  # choosing a language on screen ends a --lang override
        self._refresh(before)
        self.settings_changed.emit()
        return self.settings

    def reload(self) -> None:
        before = self.language
        self.settings = self.shop.settings.load()
        self._refresh(before)
        self.settings_changed.emit()

    def _refresh(self, language_before: str) -> None:
        self._formats = None
        country = str(self.settings[COUNTRY])
        if self.language != language_before or self.language != current_language():
            apply_language(self.language, country)
            self.language_changed.emit(self.language)
        else:
            apply_country(country)
