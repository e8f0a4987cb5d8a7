"""The two pages ``extra.i18n`` names, checked before a build: what a first run lacks.

The translators' guide (``guide_page``) is a page the project writes: every "not translated"
banner links to it, so without it each banner is a broken link. The status page
(``status_page``) is generated, so an English page of the project's own at that path would
silently give way to it. Either is reported in one line naming the file and what to do.
"""

from __future__ import annotations

from pathlib import Path

from i18ndocs.project.errors import WARNING, Problem
from i18ndocs.project.settings import SECTION_PATH, Settings

INIT_HINT = "'i18ndocs init' writes it when it sets up a plain MkDocs project"


def page_problems(settings: Settings, *, guide: bool = True) -> list[Problem]:
    """Find what is wrong with the guide and status pages of a project's source language.

    Args:
        settings: The project's settings.
        guide: Whether to check the guide too; a build that runs reports the links to a
            missing guide itself, in one line (`i18ndocs.project.pagesources`).

    Returns:
        A warning for a missing guide page and one for a project page where the status page
        is generated; none when both are as they should be.
    """
    english = settings.language_dir(settings.source.code)
    problems = []
    guide_path = english / settings.guide_page
    if guide and not guide_path.is_file():
        problems.append(
            Problem(
                _shown(settings, guide_path),
                None,
                f"the translators' guide that {SECTION_PATH}.guide_page names, linked from "
                "every 'not translated' banner, does not exist: create it, or set guide_page "
                f"to an existing page ({INIT_HINT})",
                WARNING,
            )
        )
    status = english / settings.status_page
    if status.is_file():
        problems.append(
            Problem(
                _shown(settings, status),
                None,
                f"this page is replaced by the generated translation status page "
                f"({SECTION_PATH}.status_page): rename it, or set status_page to a free path",
                WARNING,
            )
        )
    return problems


def _shown(settings: Settings, path: Path) -> str:
    """Name a file relative to the project, the way problems are shown."""
    try:
        return path.relative_to(settings.root).as_posix()
    except ValueError:
        return str(path)
