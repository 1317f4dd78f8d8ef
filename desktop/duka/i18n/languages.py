"""The languages Duka ships, with their own names and writing direction."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Language:
    """A language Duka ships: its code, its own name, its direction, whether complete."""

    code: str
    native_name: str  # shown in its own script so a user can always find it
    rtl: bool
    # A language whose catalog is partly translated ships all the same, each missing
    # message falling back to English, and is marked so where languages are listed.
    complete: bool = True


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", rtl=False),
        Language("fr", "Français", rtl=False),
        Language("ar", "العربية", rtl=True),
        Language("hi", "हिन्दी", rtl=False),
        Language("es", "Español", rtl=False),
        Language("pt_BR", "Português (Brasil)", rtl=False),
        Language("de", "Deutsch", rtl=False),
        Language("it", "Italiano", rtl=False),
        Language("tr", "Türkçe", rtl=False),
        Language("pl", "Polski", rtl=False),
        Language("sw", "Kiswahili", rtl=False),
        Language("ru", "Русский", rtl=False),
        Language("ur", "اردو", rtl=True),
        Language("fa", "فارسی", rtl=True),
        Language("bn", "বাংলা", rtl=False),
        Language("ta", "தமிழ்", rtl=False),
        Language("id", "Bahasa Indonesia", rtl=False),
        Language("vi", "Tiếng Việt", rtl=False),
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


def best_language(tag: str) -> str | None:
    """The shipped language for a locale tag as systems and people write it ("pt_BR.UTF-8",
    "pt-BR", "pt", "zh_CN", "de_AT", "fr_FR@euro"), or None: the exact language and region
    first, else the language alone, else the same language of another region."""
    name = tag.split(".")[0].split("@")[0].replace("-", "_").strip()
    if not name:
        return None
    by_key = {code.casefold(): code for code in LANGUAGES}
    base = name.split("_")[0].casefold()
    for key in (name.casefold(), base):
        if key in by_key:
            return by_key[key]
    return next((code for key, code in by_key.items() if key.split("_")[0] == base), None)


def is_rtl(code: str) -> bool:
    return language(code).rtl
