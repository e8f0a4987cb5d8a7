"""The translators' guide the pipeline ships, one Markdown template per language.

``templates/init/guide/<code>.md`` holds the guide in one language; ``en.md`` is the one the
others translate. A template names the project's folders through placeholders, filled in
for the project it is written into:

    ``${docs}``     the folder holding the language folders, relative to ``mkdocs.yml``
    ``${source}``   the source language's code (its folder's name)
    ``${status}``   the status page, as a link relative to the guide page

A translated guide is written with the fingerprint of the English guide it translates, so
it counts as up to date as long as the project's English guide is the shipped one.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from string import Template

from i18ndocs.project.resources import pipeline_folder
from i18ndocs.project.settings import Settings
from i18ndocs.status.page_state import FINGERPRINT_KEY, FINGERPRINT_LENGTH, fingerprint

SOURCE_TEMPLATE = "en"
"""The language every other guide template is translated from."""


def guide_templates() -> Path:
    """Return the folder of the shipped guide templates.

    Returns:
        ``templates/init/guide`` inside the installed package.
    """
    return pipeline_folder("templates", "init", "guide")


def shipped_languages() -> list[str]:
    """List the languages the guide is shipped in.

    Returns:
        Their codes, sorted.
    """
    return sorted(path.stem for path in guide_templates().glob("*.md"))


def render_guide(code: str, docs: str, source: str, guide_page: str, status_page: str) -> str:
    """Fill in one language's guide template for a project.

    Args:
        code: The language of the template.
        docs: The folder holding the language folders, relative to ``mkdocs.yml``.
        source: The source language's code.
        guide_page: Where the guide goes, relative to a language folder.
        status_page: Where the status page is, relative to a language folder.

    Returns:
        The guide's Markdown.

    Raises:
        KeyError: The template uses a placeholder that does not exist.
        ValueError: The template has a lone ``$`` (write ``$$`` for a dollar sign).
    """
    text = (guide_templates() / f"{code}.md").read_text(encoding="utf-8")
    status = posixpath.relpath(status_page, posixpath.dirname(guide_page) or ".")
    return Template(text).substitute(docs=docs, source=source, status=status)


def source_template(code: str) -> str:
    """Return the template a source language's guide is written from.

    Args:
        code: The source language's code.

    Returns:
        ``code`` when the guide is shipped in that language, else English.
    """
    return code if code in shipped_languages() else SOURCE_TEMPLATE


def project_guide(settings: Settings, code: str) -> str | None:
    """Return the guide in one language as a project's language folder should hold it.

    A translation records the fingerprint of the shipped guide in the source language: it
    is up to date while the project's own guide is that one, outdated once the project
    edits it.

    Args:
        settings: The project's settings.
        code: The language wanted.

    Returns:
        The page's text, or None when the guide is not shipped in that language.
    """
    source = settings.source.code
    template = source_template(code) if code == source else code
    if template not in shipped_languages():
        return None
    docs = posixpath.relpath(settings.docs_root.as_posix(), settings.root.resolve().as_posix())
    pages = (settings.guide_page, settings.status_page)
    text = render_guide(template, docs, source, *pages)
    if code == source:
        return text
    original = render_guide(source_template(source), docs, source, *pages)
    value = fingerprint(original)[:FINGERPRINT_LENGTH]
    return f'---\n{FINGERPRINT_KEY}: "{value}"\n---\n\n{text}'
