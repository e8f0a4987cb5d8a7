"""A line break inside a Chinese or Japanese sentence gives no space (issue 22, item 2).

The rule (`joins`, CSS Text 3's segment break transformation) on pairs of characters, the
Python-Markdown extension on the Markdown a translator writes (pages and docstrings are both
rendered through it), and which languages get it (`writes_without_spaces`).
"""

# ruff: noqa: RUF001  (the texts are Chinese, with Chinese punctuation on purpose)

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from i18ndocs.pages.cjkbreaks import CJKBreaksExtension, join_lines, joins
from i18ndocs.project.language_config import CJK_BREAKS_EXTENSION, ToggleNames, language_config
from i18ndocs.project.settings import load_settings
from i18ndocs.project.writing import language_script, writes_without_spaces

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.superfences"]


def render(text: str) -> str:
    """Render Markdown the way a CJK language's build does."""
    return markdown.markdown(text, extensions=[*EXTENSIONS, CJKBreaksExtension()])


def test_plain_markdown_turns_each_break_into_a_space() -> None:
    # What the extension is for: without it the break stays, and a browser shows a space.
    assert markdown.markdown("中文\n句子") == "<p>中文\n句子</p>"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("文", "字"),
        ("请", "（"),
        ("，", "并"),
        ("。", "「"),
        ("ひ", "カ"),
        ("ｶ", "ﾅ"),
        ("Ａ", "中"),
    ],
)
def test_wide_characters_and_cjk_punctuation_join(before: str, after: str) -> None:
    assert joins(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [("文", "P"), ("n", "文"), ("a", "b"), ("文", "1"), ("한", "국"), ("文", "한"), ("。", "(")],
)
def test_latin_hangul_and_ambiguous_neighbours_keep_the_space(before: str, after: str) -> None:
    assert not joins(before, after)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中文\n句子", "中文句子"),
        ("请求 \n  （见下）", "请求（见下）"),
        ("关闭，\n并像", "关闭，并像"),
        ("使用\nPython 编写", "使用\nPython 编写"),
        ("Python\n编写", "Python\n编写"),
        ("English\nwords", "English\nwords"),
        ("한국어\n문장", "한국어\n문장"),
        ("中文\n\n句子", "中文\n\n句子"),
    ],
)
def test_join_lines(text: str, expected: str) -> None:
    assert join_lines(text) == expected


def test_a_wrapped_paragraph_renders_without_spaces() -> None:
    assert render("中文句子在\n这里换行，\n然后结束。") == "<p>中文句子在这里换行，然后结束。</p>"


def test_cjk_next_to_latin_keeps_the_space_and_english_is_untouched() -> None:
    assert render("使用\nPython\n编写") == "<p>使用\nPython\n编写</p>"
    assert render("English words\nwrapped here.") == "<p>English words\nwrapped here.</p>"


def test_a_hard_break_is_kept() -> None:
    assert render("第一行  \n第二行") == "<p>第一行<br />\n第二行</p>"


def test_breaks_at_and_inside_inline_elements_join() -> None:
    html = render("这是**强\n调**的\n[链接\n文字](x)和\n*斜体*。")
    assert html == '<p>这是<strong>强调</strong>的<a href="x">链接文字</a>和<em>斜体</em>。</p>'


def test_code_is_never_changed() -> None:
    fenced = render("```\n中文\n代码\n```")
    assert "中文\n代码" in fenced
    indented = render("段落。\n\n    中文\n    代码\n")
    assert "<pre><code>中文\n代码\n</code></pre>" in indented
    inline = render("见 `中\n文` 和\n`代码`。")
    assert "<code>中\n文</code>" in inline
    assert "和<code>代码</code>" in inline, "code's characters are still neighbours"


def test_lists_admonitions_and_blockquotes_join() -> None:
    html = render('- 项目\n  继续\n\n!!! note "注意"\n    这是\n    警告\n\n> 引用\n> 文字\n')
    assert "<li>项目继续</li>" in html
    assert "<p>这是警告</p>" in html
    assert "<p>引用文字</p>" in html


def test_separate_blocks_and_table_cells_do_not_join() -> None:
    html = render("| 甲 | 乙 |\n|---|---|\n| 中 | 文 |\n")
    assert "<td>中</td>\n<td>文</td>" in html


@pytest.mark.parametrize(
    ("code", "script", "unspaced"),
    [
        ("zh", "Hans", True),
        ("zh-Hant", "Hant", True),
        ("zh-TW", "Hant", True),
        ("ja", "Jpan", True),
        ("yue", "Hant", True),
        ("ko", "Kore", False),
        ("zh-Latn", "Latn", False),
        ("en", "Latn", False),
        ("es", "Latn", False),
        ("th", "Thai", False),
    ],
)
def test_languages_are_chosen_by_script(code: str, script: str, unspaced: bool) -> None:
    assert language_script(code) == script
    assert writes_without_spaces(code) is unspaced


def test_an_unknown_language_has_no_script() -> None:
    assert language_script("xx") is None
    assert not writes_without_spaces("xx")


@pytest.mark.parametrize(("code", "added"), [("zh", True), ("ja", True), ("en", False)])
def test_the_build_of_a_language_gets_the_extension(tmp_path: Path, code: str, added: bool) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs/en\nmarkdown_extensions: [tables]\n"
        "extra:\n  i18n:\n    languages:\n"
        "      - {code: en, name: English, source: true}\n"
        "      - {code: zh, name: 中文}\n"
        "      - {code: ja, name: 日本語}\n",
        encoding="utf-8",
    )
    config = language_config(
        load_settings(tmp_path),
        code,
        tmp_path / "site",
        permalink_title="#",
        translate_description=str,
        toggle_names=ToggleNames("a", "b", "c"),
    )
    extensions = config.overrides["markdown_extensions"]
    assert (CJK_BREAKS_EXTENSION in extensions) is added
    assert extensions[0] == "tables"
