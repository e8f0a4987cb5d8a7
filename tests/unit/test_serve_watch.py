"""What ``serve`` watches: the folders pymdownx.snippets includes files from, besides the pages."""

from __future__ import annotations

from pathlib import Path

from i18ndocs.project.settings import load_settings
from i18ndocs.serve.server import snippet_folders, watched_paths

CONFIG = """site_name: x
docs_dir: docs/en
markdown_extensions:
  - toc
  - pymdownx.snippets:
      base_path: [docs_src, ., missing, docs_src]
extra:
  i18n:
    languages:
      - {code: en, name: English, source: true}
"""


def test_snippet_folders_are_watched_but_never_the_project_itself(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, "utf-8")
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs_src").mkdir()
    settings = load_settings(tmp_path)
    assert snippet_folders(settings) == [(tmp_path / "docs_src").resolve()]
    watched = watched_paths(settings)
    assert (tmp_path / "docs_src").resolve() in watched
    assert tmp_path.resolve() not in [path.resolve() for path in watched]


def test_a_lone_base_path_string_is_read_too(tmp_path: Path) -> None:
    config = CONFIG.replace("[docs_src, ., missing, docs_src]", "docs_src")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    (tmp_path / "docs_src").mkdir()
    assert snippet_folders(load_settings(tmp_path)) == [(tmp_path / "docs_src").resolve()]
