"""The theme's loader lists what MkDocs copies of a theme, without walking hidden folders."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemLoader
from mkdocs.config import load_config

from i18ndocs.plugin.handler import ThemeLoader

ROOT = Path(__file__).resolve().parents[2]


def visible(names: list[str]) -> list[str]:
    return [name for name in names if not any(part.startswith(".") for part in name.split("/"))]


def test_it_lists_the_plain_loaders_templates_but_the_hidden_ones(tmp_path: Path) -> None:
    first, second = tmp_path / "custom", tmp_path / "theme"
    for path in (
        first / "main.html",
        first / ".hidden.html",
        first / "partials" / "nav.html",
        second / "main.html",
        second / ".icons" / "a" / "b.svg",
        second / "assets" / ".cache" / "x.js",
        second / "assets" / "app.js",
        second / "assets" / "fonts" / ".keep",
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", "utf-8")
    dirs = [str(first), str(second)]
    listed = ThemeLoader(dirs).list_templates()
    assert listed == ["assets/app.js", "main.html", "partials/nav.html"]
    assert listed == visible(FileSystemLoader(dirs).list_templates())


def test_it_lists_materials_templates_as_the_plain_loader_does() -> None:
    dirs = load_config(str(ROOT / "mkdocs.yml")).theme.dirs
    listed = ThemeLoader(dirs).list_templates()
    assert len(listed) > 100
    assert listed == visible(FileSystemLoader(dirs).list_templates())
