"""The titles of the navigation's sections, in the language being built.

``mkdocs.yml`` names the sections in English; pages inside them take their titles from their
own first heading, which is already translated. Section titles are extracted into the ``site``
catalog with the context ``navigation`` (`i18ndocs.catalogs.extract.extract_site`).
"""

from __future__ import annotations

import gettext


def section_title(title: str, words: gettext.NullTranslations) -> str:
    """Translate a navigation section's English title.

    Args:
        title: The title as written in ``mkdocs.yml``.
        words: The site's words in the language being built.

    Returns:
        The title in that language, or the English title when it has no translation.
    """
    return words.pgettext("navigation", title)
