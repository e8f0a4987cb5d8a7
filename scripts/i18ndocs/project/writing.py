"""Which languages are written without spaces between words.

Chinese and Japanese run their words together; a translator's line break inside a sentence
must then not become a space on the page (`i18ndocs.pages.cjkbreaks`). The decision is made
by script, as CLDR (through Babel) gives it: a language written in Han (``Hani``, ``Hans``,
``Hant``) or in Japanese (``Jpan``, ``Hira``, ``Kana``) qualifies, so ``zh``, ``zh-Hant``,
``ja`` and ``yue`` do. Korean (``Kore``, ``Hang``) puts spaces between words and keeps
Markdown's rules, as do Chinese in Latin letters (``zh-Latn``) and every other language.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.core import get_global

UNSPACED_SCRIPTS = frozenset({"Hani", "Hans", "Hant", "Jpan", "Hira", "Kana"})
"""ISO 15924 codes of the scripts written without spaces between words (Han, Japanese)."""


def language_script(code: str) -> str | None:
    """Give the script a language is written in, by CLDR's data.

    Args:
        code: A BCP 47 language code (``zh``, ``zh-Hant``, ``ja``).

    Returns:
        The ISO 15924 code: the one the code names, else CLDR's likely one for the language
        (``Hans`` for ``zh``); None when Babel does not know the language.
    """
    try:
        locale = Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    if locale.script:
        return str(locale.script)
    likely = str(get_global("likely_subtags").get(locale.language, ""))
    # CLDR spells it language_Script_Region; the script is the four-letter part.
    return next((part for part in likely.split("_")[1:] if len(part) == 4), None)


def writes_without_spaces(code: str) -> bool:
    """Tell whether a language is written without spaces between its words.

    Args:
        code: A BCP 47 language code.

    Returns:
        Whether its script is one of `UNSPACED_SCRIPTS`.
    """
    return language_script(code) in UNSPACED_SCRIPTS
