"""The languages Duka ships, with their own names and writing direction."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    native_name: str  # shown in its own script so a user can always find it
    rtl: bool


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", rtl=False),
        Language("fr", "Français", rtl=False),
        Language("ar", "العربية", rtl=True),
        Language("hi", "हिन्दी", rtl=False),
        Language("zh_CN", "中文（简体）", rtl=False),
        Language("th", "ไทย", rtl=False),
    )
}


class UnknownLanguage(ValueError):
    pass


def language(code: str) -> Language:
    try:
        return LANGUAGES[code]
    except KeyError:
        known = ", ".join(LANGUAGES)
        raise UnknownLanguage(f"unknown language {code!r} (Duka speaks {known})") from None


def is_rtl(code: str) -> bool:
    return language(code).rtl
