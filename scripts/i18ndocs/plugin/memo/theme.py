"""The theme's memo: an installed theme's files listed once per process (`ThemeMemo`).

MkDocs lists every file of the theme's folders to find the ones to copy (Material's hold
thousands of icons); a folder outside the project and the pipeline (an installed theme) is
listed once, and which names MkDocs keeps is remembered by name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

_theme_files: dict[str, list[str]] = {}  # an installed theme folder's files, by folder
_theme_kept: dict[tuple[Any, ...], bool] = {}  # a theme file's name passed MkDocs' filter


class ThemeMemo:
    """Lists a theme's files once per installed folder (see the module).

    Args:
        theme: The build's theme; its ``get_env`` is wrapped on the instance, so the
            environment MkDocs lists the theme's files with remembers them.
        listed_once: Whether a folder of the theme can be listed once per process.
    """

    def __init__(self, theme: Any, listed_once: Callable[[Path], bool]) -> None:
        self.theme = theme
        self.listed_once = listed_once
        self.real_get_env: Callable[[], Any] = theme.get_env
        theme.get_env = self.get_env

    def get_env(self) -> Any:
        """Return the theme's template environment, its ``list_templates`` remembering.

        Returns:
            The environment.
        """
        env = self.real_get_env()
        env.list_templates = partial(self.list_templates, env.list_templates)
        return env

    def list_templates(
        self,
        real: Callable[..., list[str]],
        extensions: Any = None,
        filter_func: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """List the theme's files as Jinja's ``Environment.list_templates`` does.

        Args:
            real: The environment's own ``list_templates``, for calls without a filter.
            extensions: The file extensions to keep (jinja's argument).
            filter_func: Which names to keep; its answers are remembered by name for the
                same function and the same static templates of the theme.

        Returns:
            The names kept, sorted.
        """
        from jinja2 import FileSystemLoader

        if filter_func is None or extensions is not None:
            return real(extensions, filter_func)
        names: set[str] = set()
        for folder in self.theme.dirs:
            listed = _theme_files.get(folder)
            if listed is None:
                listed = FileSystemLoader(folder).list_templates()
                if self.listed_once(Path(folder)):
                    _theme_files[folder] = listed
            names.update(listed)
        static = tuple(sorted(self.theme.static_templates))
        kept = []
        for name in sorted(names):
            key = (filter_func.__code__, static, name)
            if key not in _theme_kept:
                _theme_kept[key] = filter_func(name)
            if _theme_kept[key]:
                kept.append(name)
        return kept
