"""The interface language: gettext lookups, the language list, text direction.

`_` translates at call time with the language chosen last by `set_language`, so code that
builds a message after a switch gets the new language. `N_` only marks a string for
extraction; translate it with `_` where it is shown.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from duka.i18n.catalog import load_translations
from duka.i18n.digits import ascii_digits
from duka.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, Language, is_rtl, language

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "Language",
    "Lazy",
    "N_plural",
    "TranslatableError",
    "_",
    "ascii_digits",
    "current_language",
    "is_rtl",
    "language",
    "language_label",
    "ngettext",
    "pgettext",
    "set_language",
    "speaking",
    "translate",
    "translations_for",
]

_cache: dict[str, gettext.NullTranslations] = {}
_current_code = DEFAULT_LANGUAGE
_current: gettext.NullTranslations = gettext.NullTranslations()


def translations_for(code: str) -> gettext.NullTranslations:
    """The catalog of one language, read once per process."""
    found = _cache.get(code)
    if found is None:
        found = load_translations(code)
        _cache[code] = found
    return found


def set_language(code: str) -> None:
    """Make `code` (one of LANGUAGES) the language `_` translates into."""
    global _current, _current_code
    language(code)  # refuses an unknown code before anything changes
    _current = translations_for(code)
    _current_code = code


class _Override(threading.local):
    code: str | None = None
    catalog: gettext.NullTranslations | None = None


_override = _Override()


@contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Translate into `code` in this thread only, for as long as the block runs: a statement
    written in the customer's language while the screen stays in the user's. None keeps
    the current language."""
    if code is None:
        yield
        return
    language(code)
    before = _override.code, _override.catalog
    _override.code, _override.catalog = code, translations_for(code)
    try:
        yield
    finally:
        _override.code, _override.catalog = before


def current_language() -> str:
    return _override.code or _current_code


def _catalog() -> gettext.NullTranslations:
    return _override.catalog or _current


def _(message: str) -> str:
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _catalog().pgettext(context, message)


def N_(message: str) -> str:
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction; show it with `ngettext(*pair, n)`."""
    return singular, plural


def language_label(code: str) -> str:
    """A language as lists show it: its own name, marked when its catalog is partial."""
    found = LANGUAGES[code]
    if found.complete:
        return found.native_name
    return _("{name} (partly translated)").format(name=found.native_name)


class Lazy(str):
    """A catalog string passed as a message parameter, translated when the message is shown."""


def translate(
    message_id: str, params: Mapping[str, object] | None = None, plural: str | None = None
) -> str:
    """`message_id` in the current language with its `{fields}` filled from `params`; Lazy
    parameters are translated too, and with `plural` the `count` parameter picks the form."""
    params = params or {}
    values = {k: _(v) if isinstance(v, Lazy) else v for k, v in params.items()}
    if plural is not None:
        count = params.get("count", 0)
        text = ngettext(message_id, plural, count if isinstance(count, int) else 0)
    else:
        text = _(message_id)
    return text.format(**values)


class TranslatableError(Exception):
    """An error whose message is a catalog string, translated when it is shown.

    `message_id` is the English source with `{name}` fields filled from `params`; it is
    translated at display time so a refusal reads in the language on screen then. With
    `plural`, the pair is looked up with ngettext for the `count` parameter.
    """

    def __init__(self, message_id: str, **params: object) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.plural: str | None = None
        self.params = params

    def counted(self, plural: str) -> TranslatableError:
        """Read this message as a singular/plural pair, chosen by the `count` parameter."""
        self.plural = plural
        return self

    @property
    def message(self) -> str:
        return translate(self.message_id, self.params, self.plural)

    def __str__(self) -> str:
        return self.message
