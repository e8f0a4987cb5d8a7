"""What the browser tests share besides fixtures: the served site and the edited copy's pages."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from i18ndocs.builder.site import build_site
from i18ndocs.serve.server import SiteServer

FALLBACK_PAGE = "guide/testing.md"
"""Deleted from every translation in the edited copy: built from English with a banner."""
OUTDATED_PAGE = "guide/websockets.md"
"""Changed in English in the edited copy: its translations carry the outdated banner."""
UNITS_PAGES = ("reference/datastructures/", "reference/testing/")
"""Reference pages of the edited copy, whose docstrings are all untranslated; the second one
has an untranslated admonition title ("Example") with its marker."""


@dataclass(frozen=True)
class ServedSite:
    """A built site and the URL it is served from."""

    folder: Path
    url: str

    def pages(self, lang: str) -> list[str]:
        """Every HTML page of a language, as a path relative to the site's root URL."""
        root = self.folder / lang
        found = []
        for path in sorted(root.rglob("*.html")):
            relative = path.relative_to(self.folder).as_posix()
            found.append(relative.removesuffix("index.html"))
        return found


@contextlib.contextmanager
def served(source: Path, site_dir: Path) -> Iterator[ServedSite]:
    """Build the sources in ``source`` into ``site_dir`` and serve them on a free port."""
    server = SiteServer(site_dir, "127.0.0.1", 0)
    try:
        result = build_site(source, site_dir, site_url=server.url)
        assert result.ok, "\n".join(str(problem) for problem in result.problems)
        server.start()
        yield ServedSite(site_dir, server.url)
    finally:
        server.shutdown()
        server.server_close()


FOCUS_STATE = r"""() => {
    let element = document.activeElement;
    if (!element || element === document.body || element === document.documentElement) {
        return null;
    }
    // The colour scheme toggle is an invisible radio button; the label after it is the button
    // the reader sees (Material's palette form).
    const label = element.nextElementSibling;
    if (element.matches("input.md-option") && label && label.tagName === "LABEL") {
        element = label;
    }
    const parse = text => {
        const numbers = (text.match(/[\d.]+/g) || []).map(Number);
        if (numbers.length < 3) { return null; }
        return {rgb: numbers.slice(0, 3), alpha: numbers.length > 3 ? numbers[3] : 1};
    };
    const luminance = ([r, g, b]) => {
        const channel = c => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const contrast = (a, b) => {
        const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
    };
    const backgroundOf = start => {
        for (let node = start; node; node = node.parentElement) {
            const color = parse(getComputedStyle(node).backgroundColor);
            if (color && color.alpha > 0.9) { return color.rgb; }
        }
        return [255, 255, 255];
    };
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    let visible = box.width > 0 && box.height > 0;
    for (let node = element; node; node = node.parentElement) {
        const own = getComputedStyle(node);
        if (own.visibility === "hidden" || own.display === "none" || Number(own.opacity) < 0.5) {
            visible = false;
        }
    }
    const inViewport = box.bottom > 0 && box.right > 0
        && box.top < innerHeight && box.left < innerWidth;
    const rings = [];
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) {
        rings.push(parse(style.outlineColor));
    }
    const shadow = style.boxShadow.match(/rgba?\([^)]*\)[^,]*/g) || [];
    for (const part of shadow) {
        const color = part.match(/rgba?\([^)]*\)/)[0];
        const lengths = (part.replace(color, "").match(/-?[\d.]+px/g) || []).map(parseFloat);
        if (lengths.length >= 4 && lengths[3] >= 2) { rings.push(parse(color)); }
    }
    const inset = parseFloat(style.outlineOffset) < 0;
    const around = backgroundOf(inset ? element : element.parentElement);
    const opaque = rings.filter(ring => ring && ring.alpha > 0.9);
    const ringContrast = Math.max(0, ...opaque.map(ring => contrast(ring.rgb, around)));
    return {
        tag: element.tagName.toLowerCase(),
        name: (element.getAttribute("aria-label") || element.textContent || "").trim().slice(0, 40),
        classes: typeof element.className === "string" ? element.className : "",
        visible: visible,
        inViewport: inViewport,
        ringContrast: Math.round(ringContrast * 100) / 100,
    };
}"""
"""Describe the focused element: what it is, whether it is visible and on screen, and the best
contrast of its focus ring (outline or box-shadow of 2px or more) against what surrounds it.
A focused colour scheme toggle is described by the label that shows it."""
