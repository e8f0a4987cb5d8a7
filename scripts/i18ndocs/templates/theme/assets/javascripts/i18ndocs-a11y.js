/* The site's keyboard and screen reader additions to Material's header.
 *
 * - The language selector is a disclosure button: it opens and closes its list on click,
 *   says so with aria-expanded, and closes on Escape (focus back on the button) or when
 *   focus leaves it.
 * - The header's drawer and search icons are <label>s for hidden checkboxes, which a
 *   keyboard cannot reach: they become buttons with a name in the reader's language, in the
 *   tab order, operated with Enter and Space, with aria-expanded following their checkbox.
 *   Opening search puts the focus in its box.
 *   Escape closes an open drawer and returns focus to its button.
 * - The search results panel is not a tab stop of its own (its result links are).
 *
 * When done, <html data-i18ndocs-a11y="ready"> tells tests the page is set up. */
(function () {
  "use strict";

  var words = {};
  try {
    words = JSON.parse(document.getElementById("i18ndocs-a11y-words").textContent);
  } catch (error) {
    words = {};
  }

  function setUpLanguageSelector(select) {
    var button = select.querySelector("button");
    if (!button) {
      return;
    }
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      select.classList.toggle("i18ndocs-select--open", open);
    }
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    select.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        event.preventDefault();
        event.stopPropagation();
        show(false);
        button.focus();
      }
    });
    select.addEventListener("focusout", function (event) {
      if (!select.contains(event.relatedTarget)) {
        show(false);
      }
    });
  }

  function setUpToggleButton(label, name, target) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle) {
      return;
    }
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    if (name) {
      label.setAttribute("aria-label", name);
    }
    function sync() {
      label.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    }
    label.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        // Material's own keyboard handler (on window) clicks focused labels on Enter too:
        // the key stops here, so that the toggle flips once.
        event.preventDefault();
        event.stopPropagation();
        label.click();
        if (target && toggle.checked) {
          target.focus();
        }
      }
    });
    toggle.addEventListener("change", sync);
    label.addEventListener("click", function () {
      setTimeout(sync, 0);
    });
    sync();
    return { label: label, toggle: toggle, sync: sync };
  }

  function setUp() {
    document.querySelectorAll(".i18ndocs-select").forEach(setUpLanguageSelector);
    var drawer = null;
    document.querySelectorAll(".md-header label.md-header__button[for]").forEach(function (label) {
      var button = label.htmlFor === "__drawer"
        ? setUpToggleButton(label, words.drawer, null)
        : setUpToggleButton(label, words.search, document.querySelector(".md-search__input"));
      if (label.htmlFor === "__drawer") {
        drawer = button;
      }
    });
    // The results panel is a tab stop of its own before any result; its links are enough.
    document.querySelectorAll(".md-search__scrollwrap[tabindex]").forEach(function (panel) {
      panel.removeAttribute("tabindex");
    });
    if (drawer) {
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && drawer.toggle.checked) {
          drawer.label.click();
          drawer.label.focus();
        }
      });
    }
    document.documentElement.dataset.i18ndocsA11y = "ready";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
