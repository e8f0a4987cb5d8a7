"""The titles of the navigation's sections, in each language.

``mkdocs.yml`` names the sections in English; pages inside them take their titles from their
own first heading, which is already translated. Languages without an entry keep English.
"""

from __future__ import annotations

SECTION_TITLES: dict[str, dict[str, str]] = {
    "Guide": {"es": "Guía", "zh": "指南"},
    "Reference": {"es": "Referencia", "zh": "参考"},
    "Contributing": {"es": "Contribuir", "zh": "参与贡献"},
}


def section_title(title: str, lang: str) -> str:
    """Translate a navigation section's English title.

    Args:
        title: The title as written in ``mkdocs.yml``.
        lang: The language of the build.

    Returns:
        The title in that language, or the English title when there is no translation.
    """
    return SECTION_TITLES.get(title, {}).get(lang, title)
