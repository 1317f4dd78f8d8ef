"""Which shipped language a locale tag names, as systems and people write tags."""

import pytest

from duka.i18n import LANGUAGES
from duka.i18n.languages import best_language


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("pt_BR.UTF-8", "pt_BR"),  # LANG keeps its region
        ("pt-BR", "pt_BR"),
        ("pt", "pt_BR"),  # the language alone: its one shipped region
        ("PT_br", "pt_BR"),
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh_SG", "zh_CN"),
        ("de_AT.UTF-8", "de"),  # a region Duka has no catalog of: the language's own
        ("fr_FR@euro", "fr"),
        ("sw_KE", "sw"),
        ("en_US.UTF-8", "en"),
        ("C", None),
        ("POSIX", None),
        ("xx_YY", None),
        ("", None),
    ],
)
def test_a_locale_tag_names_the_shipped_language(tag: str, expected: str | None) -> None:
    assert best_language(tag) == expected


def test_twenty_languages_ship() -> None:
    expected = {
        "en", "fr", "es", "pt_BR", "de", "it", "tr", "ar", "ur", "fa", "hi", "bn", "ta",
        "sw", "id", "vi", "th", "zh_CN", "ru", "pl",
    }  # fmt: skip
    assert set(LANGUAGES) == expected
    for code in expected:
        assert best_language(code) == code
