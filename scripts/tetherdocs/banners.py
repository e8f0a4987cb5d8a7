"""The banners a translated site puts on pages that are not (or no longer) translated.

A page missing from a language is built from its English source and says so near its top,
in the reader's language, with a link to the translators' guide. A page whose English source
changed since it was translated says that, with a link to the English page. Banners are
Material admonitions, so they look native and work on reference pages too.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

TRANSLATORS_GUIDE = "contributing/translations.md"
CSS_CLASS = "tether-banner"


class BannerKind(str, enum.Enum):
    """Why a page carries a banner."""

    UNTRANSLATED = "untranslated"
    OUTDATED = "outdated"


@dataclass(frozen=True)
class BannerText:
    """A banner's words in one language.

    Attributes:
        title: The admonition's title.
        body: The sentence under it; ``{link}`` marks where the link goes, ``{language}``
            the reader's language name.
        link_text: The words that carry the link.
    """

    title: str
    body: str
    link_text: str


TEXTS: dict[BannerKind, dict[str, BannerText]] = {
    BannerKind.UNTRANSLATED: {
        "en": BannerText(
            "Not translated yet",
            "This page is not translated into {language} yet, so it is shown in English. {link}",
            "Help translate it",
        ),
        "es": BannerText(
            "Página aún sin traducir",
            "Esta página todavía no está traducida al español, así que se muestra en inglés. "
            "{link}",
            "Ayuda a traducirla",
        ),
        "zh": BannerText(
            "本页尚未翻译",
            "本页还没有中文译文，因此以英文显示。{link}",  # noqa: RUF001
            "欢迎帮助翻译",
        ),
    },
    BannerKind.OUTDATED: {
        "en": BannerText(
            "Translation out of date",
            "The English original of this page changed after it was translated into "
            "{language}. {link}",
            "Read the English page",
        ),
        "es": BannerText(
            "Traducción desactualizada",
            "El original en inglés de esta página cambió después de traducirse. {link}",
            "Leer la página en inglés",
        ),
        "zh": BannerText(
            "译文已过时",
            "本页的英文原文在翻译之后有了改动。{link}",
            "阅读英文原文",
        ),
    },
}


def banner_text(kind: BannerKind, lang: str) -> BannerText:
    """Return a banner's words in a language, English when the language has none yet.

    Args:
        kind: Which banner.
        lang: The reader's language code.

    Returns:
        The banner's title, body and link text.
    """
    texts = TEXTS[kind]
    return texts.get(lang, texts["en"])


def banner_markdown(kind: BannerKind, lang: str, language_name: str, link: str) -> str:
    """Render a banner as a Markdown admonition.

    The admonition carries the classes ``tether-banner`` and ``tether-<kind>`` so that
    styles and tests can find it.

    Args:
        kind: Which banner.
        lang: The reader's language code.
        language_name: The reader's language by its own name, used by the English fallback.
        link: Where the banner's link points: a page path relative to the current page, or
            an absolute URL path.

    Returns:
        The admonition's Markdown, ending with a blank line.
    """
    text = banner_text(kind, lang)
    title = text.title.replace('"', "'")
    sentence = text.body.format(language=language_name, link=f"[{text.link_text}]({link})")
    return f'!!! warning {CSS_CLASS} tether-{kind.value} "{title}"\n\n    {sentence}\n\n'
