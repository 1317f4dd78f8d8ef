"""Reading and changing the shop's settings: the first-run questions and the Settings screen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from duka.core import settings as spec
from duka.core.access import Approval, Permission
from duka.core.audit import AuditAction
from duka.core.changes import Area
from duka.core.currency import currency_digits
from duka.core.errors import Conflict, InvalidInput
from duka.core.settings import BY_KEY, ShopSettings
from duka.core.territory import country_defaults
from duka.i18n import N_, _
from duka.services.access import AccessService
from duka.services.access_rules import require
from duka.services.context import Context
from duka.services.trail import record
from duka.store import settings_repo


class SettingsService:
    def __init__(self, context: Context, access: AccessService) -> None:
        self._ctx = context
        self._access = access
        self._decoded: tuple[tuple[tuple[str, Any], ...], ShopSettings] | None = None

    def load(self) -> ShopSettings:
        """The current settings; a value damaged outside Duka reads as its default
        (`duka verify` reports it).

        The rows are read afresh each time (a dozen small rows): a cache of them could
        outlive a rolled-back transaction or miss a change made by another Duka on the same
        file. Decoding them is what costs (a scan reads the settings several times), so the
        settings decoded from the very same rows are kept.
        """
        stored_rows = settings_repo.load_stored(self._ctx.db)
        rows = tuple(sorted(stored_rows.items()))
        if self._decoded is not None and self._decoded[0] == rows:
            return self._decoded[1]
        values: dict[str, Any] = {}
        for key, stored in stored_rows.items():
            setting = BY_KEY.get(key)
            if setting is None:
                continue
            try:
                values[key] = setting.decode(stored)
            except InvalidInput:
                continue
        loaded = ShopSettings(values)
        self._decoded = (rows, loaded)
        return loaded

    def currency(self) -> str:
        """The shop's currency: every amount the services keep, check or show is in it."""
        return str(self.load()[spec.CURRENCY])

    def problems(self) -> list[str]:
        """Stored settings that are unknown or do not pass their checks."""
        found = []
        for key, stored in settings_repo.load_stored(self._ctx.db).items():
            setting = BY_KEY.get(key)
            if setting is None:
                found.append(_("unknown setting {key}").format(key=repr(key)))
                continue
            try:
                setting.decode(stored)
            except InvalidInput as error:
                found.append(_("{field}: {value}").format(field=key, value=error.message))
        return found

    def save(self, changes: Mapping[str, object], approval: Approval | None = None) -> ShopSettings:
        """Check every change, then write them all in one transaction (or none), each
        recorded in the audit trail with its value before and after."""
        require(self._ctx, Permission.CHANGE_SETTINGS, approval)
        return self._save(changes, approval)

    def _save(
        self, changes: Mapping[str, object], approval: Approval | None = None
    ) -> ShopSettings:
        current = self.load()
        cleaned: dict[str, Any] = {}
        for key, value in changes.items():
            setting = BY_KEY.get(key)
            if setting is None:
                raise KeyError(f"unknown setting {key!r}")
            cleaned[key] = setting.clean(value)
        updated = current.replaced(cleaned)
        changed = {k: v for k, v in cleaned.items() if current[BY_KEY[k]] != v}
        if not changed:
            return current
        if updated[spec.FACTURX] and not updated[spec.TAX_ID]:
            # EN 16931 data must name the seller (BR-CO-26): without a tax number none can
            # be valid, so the option is not offered rather than refused at every print.
            raise InvalidInput(
                N_("Factur-X data names the shop by its tax number: enter the tax number first."),
                field=spec.FACTURX.key,
            )
        with self._ctx.writing(Area.SETTINGS) as db:
            if spec.CURRENCY.key in changed:
                self._check_currency_change(current[spec.CURRENCY], changed[spec.CURRENCY.key])
            settings_repo.save_stored(
                db,
                {k: BY_KEY[k].encode(v) for k, v in changed.items()},
                self._ctx.now(),
                self._ctx.actor_name,
            )
            for key, value in changed.items():
                setting = BY_KEY[key]
                record(
                    self._ctx,
                    AuditAction.SETTING_CHANGED,
                    f"setting: {key}",
                    before=_shown(setting, current[setting]),
                    after=_shown(setting, value),
                    approval=approval,
                )
        return updated

    def _check_currency_change(self, old: str, new: str) -> None:
        # Amounts are stored in minor units: relabelling them is only safe when the two
        # currencies have the same number of decimals.
        if currency_digits(old) != currency_digits(new) and settings_repo.business_rows(
            self._ctx.db
        ):
            raise Conflict(
                N_(
                    "The currency cannot change from {old} to {new} now that products or "
                    "customers have amounts in {old}."
                ),
                old=old,
                new=new,
            )

    def first_run(
        self,
        shop_name: str,
        country: str,
        currency: str | None = None,
        language: str | None = None,
        *,
        owner_name: str,
        owner_pin: str,
        more: Mapping[str, object] | None = None,
    ) -> ShopSettings:
        """Set up a new shop and its owner, who is then signed in: its name and country,
        with the country's currency and language unless others are given, and `more`
        settings the owner confirmed (the tax rates and mobile money the country proposed)."""
        spec.SHOP_NAME.clean(shop_name)  # the name is the first question: report it first
        if not country.strip():
            raise InvalidInput(N_("Please choose a country."), field=spec.COUNTRY.key)
        defaults = country_defaults(country)
        chosen_currency = currency or defaults.currency
        if not chosen_currency:
            raise InvalidInput(N_("Please choose a currency."), field=spec.CURRENCY.key)
        with self._ctx.writing(Area.SETTINGS, Area.USERS):
            if self.load().is_set_up:
                raise Conflict(N_("This shop is already set up."))
            self._access.create_owner(owner_name, owner_pin)
            return self._save(
                {
                    spec.SHOP_NAME.key: shop_name,
                    spec.COUNTRY.key: defaults.country,
                    spec.CURRENCY.key: chosen_currency,
                    spec.LANGUAGE.key: language or defaults.language,
                    **(more or {}),
                }
            )


def _shown(setting: spec.Setting[Any], value: object) -> object:
    """A setting's value as the audit trail keeps it (an image by its size)."""
    if setting.kind is spec.Kind.IMAGE:
        return None if value is None else {"image_bytes": len(value)}  # type: ignore[arg-type]
    if setting.kind is spec.Kind.TAX_RATES:
        return [
            {"code": r.code, "name": r.name, "percent": str(r.percent), "exempt": r.exempt}
            for r in value  # type: ignore[attr-defined]
        ]
    return value
