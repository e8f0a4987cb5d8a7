"""When a block's recorded render can be shared, and when it must render the usual way (issue 23).

`i18ndocs.plugin.shared_blocks` records the places a block's HTML differs between languages;
a skeleton is only kept when every place comes back intact, exactly once, and no docstring
token shows up outside a text converted from Markdown.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from i18ndocs.plugin.shared_blocks import Convert, Heading, Label, _Recorder
from i18ndocs.reference.fields import FieldTexts, token_for


class Collection:
    """A stand-in for griffe's modules collection: objects by path."""

    def __init__(self, objects: dict[str, Any]) -> None:
        self.objects = objects

    def get_member(self, path: str) -> Any:
        return self.objects[path]


class Data:
    def __init__(self, objects: dict[str, Any]) -> None:
        self.modules_collection = Collection(objects)


class Hook:
    def __init__(self, current_object: Any, config: Any) -> None:
        self.current_object = current_object
        self.config = config


class Obj:
    path = "pkg.thing"


ENGLISH = {"Parameters:": "Parameters:", "WARNS": "WARNS"}


def recorder(options: Any = None) -> _Recorder:
    return _Recorder(Data({"pkg.thing": Obj}), options, Hook, lambda key: ENGLISH.get(key, ""))


def test_a_render_is_cut_at_its_places() -> None:
    options = object()
    rec = recorder(options)
    token = token_for("pkg.thing:text", "Hello.")
    label = rec.text("Parameters:")
    heading = rec.heading(Markup(f"<code>thing</code>{rec.label('property')}"), 2, id="x")
    text = rec.convert(token, 3, "x", autoref_hook=Hook(Obj, options))
    html = f"<div>{heading}<p>{label}</p>{text}</div>"

    skeleton = rec.skeleton(html, {"a.py": "digest"})

    assert skeleton is not None
    assert skeleton.pieces == ("<div>", 2, "<p>", 0, "</p>", 3, "</div>")
    assert skeleton.slots[0] == Label("text", "Parameters:")
    assert skeleton.slots[1] == Label("object", "property")
    assert isinstance(skeleton.slots[2], Heading)
    assert skeleton.slots[2].options == (("id", "x"),)
    assert skeleton.slots[3] == Convert(token, 3, "x", (), "pkg.thing")
    assert skeleton.files == (("a.py", "digest"),)


def test_a_label_the_templates_changed_is_not_shared() -> None:
    rec = recorder()
    label = rec.text("WARNS")
    assert rec.skeleton(f"<th>{str(label).upper()}</th>", {}) is None


def test_a_word_english_lacks_is_not_shared() -> None:
    # `lang.t(section.title) or lang.t("Raises:")`: a title that is no word of the templates
    # gives nothing in English, so the template falls back; a place would not.
    for key in (None, "", "Custom title"):
        rec = recorder()
        label = rec.text(key)  # type: ignore[arg-type]
        assert rec.skeleton(f"<p>{label}</p>", {}) is None


def test_a_place_left_out_or_repeated_is_not_shared() -> None:
    rec = recorder()
    text = rec.convert("plain", 2)
    assert rec.skeleton("<p>nothing</p>", {}) is None
    assert rec.skeleton(f"{text}{text}", {}) is None


def test_a_token_outside_converted_text_is_not_shared() -> None:
    rec = recorder()
    token = token_for("pkg.thing:text", "Summary.")
    assert rec.skeleton(f'<a title="{token}">x</a>', {}) is None
    assert rec.skeleton(f'<a title="{token.upper()}">x</a>', {}) is None


def test_a_hook_on_another_configuration_is_not_shared() -> None:
    rec = recorder(options=object())
    text = rec.convert("text", 2, autoref_hook=Hook(Obj, object()))
    assert rec.skeleton(str(text), {}) is None


def test_tokens_are_filled_with_the_language_text_and_put_back() -> None:
    fields = FieldTexts()
    box = {"text": "Hello."}
    fields.stand_in("pkg.thing:text", "Hello.", "Hola.", lambda new: box.update(text=new))
    token = box["text"]
    assert token == token_for("pkg.thing:text", "Hello.")
    assert fields.fill(f"{token}\n\n```py\ncode\n```") == "Hola.\n\n```py\ncode\n```"
    assert fields.fill(token_for("other", "x")) is None
    with fields.shown():
        assert box["text"] == "Hola."
    assert box["text"] == token
