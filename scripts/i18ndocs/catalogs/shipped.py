"""The pipeline's own words as it ships them: a template and one catalog per language.

The words the pipeline puts on pages (`i18ndocs.catalogs.sitetext`) come translated with it,
as package data in ``locale/``: ``i18ndocs.pot`` (every word, extracted from the pipeline's
code) and ``<code>.po`` per language, its code spelled the canonical BCP 47 way (``es``,
``pt-BR``, ``zh-Hant``). The languages shipped are the files present.

A project's language takes the shipped catalog of the same code, else the one CLDR's likely
subtags make the same language, script and region (``zh-CN`` and ``zh-Hans`` take ``zh``,
``zh-TW`` takes ``zh-Hant``, ``pt`` takes ``pt-BR``), else one of the same language and
script in another region (``es-MX`` takes ``es``, ``zh-HK`` takes ``zh-Hant``, ``pt-PT``
takes ``pt-BR``). A catalog in another script is never taken: ``zh-Hant`` never reads
Simplified Chinese.
"""

from __future__ import annotations

from pathlib import Path

from i18ndocs.project.resources import pipeline_folder

FOLDER = "locale"
TEMPLATE = "i18ndocs.pot"


def shipped_folder() -> Path:
    """Return the folder of the shipped catalogs.

    Returns:
        ``locale/`` inside the installed pipeline package.
    """
    return pipeline_folder(FOLDER)


def shipped_template(folder: Path | None = None) -> Path:
    """Return the template of the pipeline's words, which every shipped catalog translates.

    Args:
        folder: The folder of the shipped catalogs; the installed package's by default.

    Returns:
        ``locale/i18ndocs.pot``.
    """
    return (folder or shipped_folder()) / TEMPLATE


def shipped_languages(folder: Path | None = None) -> dict[str, Path]:
    """List the languages the pipeline ships its words in.

    Args:
        folder: The folder of the shipped catalogs; the installed package's by default.

    Returns:
        Each language code with its catalog, in code order.
    """
    found = folder or shipped_folder()
    return {path.stem: path for path in sorted(found.glob("*.po"))}


def _subtags(code: str) -> tuple[str, str, str]:
    """Spell a code as its language, script and region, the missing ones filled in by CLDR."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return code.lower(), "", ""
    language, script, region = locale.language, locale.script or "", locale.territory or ""
    keys = [f"{language}_{script}_{region}"] if script and region else []
    keys += [f"{language}_{region}"] if region else []
    keys += [f"{language}_{script}"] if script else []
    likely = get_global("likely_subtags")
    filled = next((likely[key] for key in [*keys, language] if key in likely), language)
    parts = filled.split("_")[1:]
    likely_script = next((part for part in parts if len(part) == 4), "")
    likely_region = next((part for part in parts if len(part) in (2, 3)), "")
    return language, script or likely_script, region or likely_region


def shipped_catalog(code: str, folder: Path | None = None) -> Path | None:
    """Find the shipped catalog that serves a language.

    Args:
        code: The project's language code.
        folder: The folder of the shipped catalogs; the installed package's by default.

    Returns:
        The catalog, or None when no shipped language is the same language and script.
    """
    shipped = shipped_languages(folder)
    exact = {name.lower(): path for name, path in shipped.items()}
    if code.lower() in exact:
        return exact[code.lower()]
    wanted = _subtags(code)
    same_script = []
    for name, path in shipped.items():
        offered = _subtags(name)
        if offered == wanted:
            return path
        if offered[:2] == wanted[:2]:
            same_script.append((len(name), name, path))
    return min(same_script)[2] if same_script else None
