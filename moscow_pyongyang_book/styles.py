"""Lean stylesheets (online edition only): the theme's CSS without the rules no page of the book can match.

The Book theme ships ``pydata-sphinx-theme.css`` (about 400 kB: all of Bootstrap and every Font Awesome icon
class) and the extensions their own stylesheets; a page of the book uses a small part of them. When the HTML
build has written every page, each stylesheet copied to ``_static/`` is rewritten without the style rules whose
selectors all name a class that appears nowhere in the site: in no ``class`` attribute of any page (the inlined
charts' SVG included) and in no word of any script a page loads (a class a script adds, such as Bootstrap's
``show``, is a word of that script; one it builds, such as ``bs-${name}-auto`` or ``"fa-" + name``, is a pattern
that keeps every class it can match). Nothing else changes: the order of the rules, every rule without a class
(``:root`` and ``html[data-theme=dark]`` colour variables, element styles), ``@font-face``, ``@keyframes`` and
license comments are kept, and a class inside ``:not()``, ``:is()``, ``:has()`` or an attribute selector counts as
used. Then the custom properties (``--bs-popover-bg: …``) that no ``var()`` of the remaining rules, no style
attribute and no script reads go too. The files in site-packages are never touched; the EPUB and the print
edition never reach this code.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

BUILDERS = {"html", "dirhtml"}
CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
WORD = re.compile(r"[A-Za-z_][\w-]*")
CLASS_IN_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
# class names a script builds: a template literal with a placeholder (`bs-${x}-auto`), a string joined to a value
TEMPLATE = re.compile(r"`([\w-]*)\$\{[^`{}]*\}([\w-]*(?:\$\{[^`{}]*\}[\w-]*)*)`")
PREFIX = re.compile(r"""["']([A-Za-z_][\w-]*-)["']\s*\+""")
SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']""", re.I)
STYLE_ATTR = re.compile(r"""\bstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
CUSTOM_PROPERTY = re.compile(r"--[A-Za-z_][\w-]*")
VAR_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")
GROUPING_AT_RULES = ("@media", "@supports", "@container", "@layer", "@document", "@-moz-document")


def split_css(css: str) -> list[tuple[str, str | None]]:
    """Top-level items of a stylesheet: ``(prelude, block)`` for a rule or block at-rule, ``(text, None)`` for a
    statement (``@charset …;``, ``@import …;``) or a comment. Strings and comments are skipped over."""
    items: list[tuple[str, str | None]] = []
    i, n, start = 0, len(css), 0

    def skip_string(j: int) -> int:
        quote, j = css[j], j + 1
        while j < n and css[j] != quote:
            j += 2 if css[j] == "\\" else 1
        return j + 1

    while i < n:
        c = css[i]
        if c in "\"'":
            i = skip_string(i)
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = n if end < 0 else end + 2
            if not css[start:i].strip():   # a comment between rules is an item of its own
                items.append((css[i:end], None))
                start = end
            i = end
        elif c == ";":
            items.append((css[start:i + 1].strip(), None))
            i = start = i + 1
        elif c == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                d = css[j]
                if d in "\"'":
                    j = skip_string(j)
                    continue
                if css.startswith("/*", j):
                    end = css.find("*/", j + 2)
                    j = n if end < 0 else end + 2
                    continue
                depth += {"{": 1, "}": -1}.get(d, 0)
                j += 1
            items.append((css[start:i].strip(), css[i + 1:j - 1]))
            i = start = j
        else:
            i += 1
    rest = css[start:].strip()
    if rest:
        items.append((rest, None))
    return items


def _split_top_level(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` outside strings and brackets (``(…)``, ``[…]``)."""
    parts, depth, current, quote = [], 0, [], ""
    for c in text:
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(c)
    parts.append("".join(current))
    return parts


def split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside ``:is(…)`` or ``[…]``)."""
    return [p.strip() for p in _split_top_level(prelude, ",") if p.strip()]


def _outside_brackets(selector: str) -> str:
    """The selector without what is inside ``(…)`` and ``[…]`` (a class there does not have to be present)."""
    out, depth = [], 0
    for c in selector:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0:
            out.append(c)
    return "".join(out)


class UsedNames(set):
    """Class names seen in the site, and the patterns of those its scripts build (``bs-.*-auto``)."""

    def __init__(self, names=(), patterns=()):
        super().__init__(names)
        self.patterns = set(patterns)
        self._regex = None

    def __contains__(self, name) -> bool:
        if super().__contains__(name):
            return True
        if self.patterns and self._regex is None:
            self._regex = re.compile("|".join(f"(?:{p})" for p in sorted(self.patterns)))
        return bool(self._regex and self._regex.fullmatch(name))


def script_patterns(text: str) -> set[str]:
    """Regular expressions for the class names a script builds from a fixed part and a value."""
    patterns = set()
    for match in TEMPLATE.finditer(text):
        parts = re.split(r"\$\{[^`{}]*\}", match.group(0)[1:-1])
        if len("".join(parts).strip("-")) >= 2:
            patterns.add(r"[\w-]*".join(re.escape(part) for part in parts))
    for match in PREFIX.finditer(text):
        if len(match.group(1).strip("-")) >= 2:
            patterns.add(re.escape(match.group(1)) + r"[\w-]*")
    return patterns


def selector_may_match(selector: str, used: set[str]) -> bool:
    plain = _outside_brackets(selector)
    if "\\" in plain:   # an escaped class name (".md\:flex"): kept rather than parsed
        return True
    return all(name in used for name in CLASS_IN_SELECTOR.findall(plain))


def prune_css(css: str, used: set[str]) -> str:
    """The stylesheet without the style rules none of whose selectors can match (see the module's docstring)."""
    out = []
    for prelude, block in split_css(css):
        if block is None:
            if not prelude.startswith("/*") or prelude.startswith("/*!"):
                out.append(prelude)
            continue
        if prelude.startswith("@"):
            if prelude.lower().startswith(GROUPING_AT_RULES):
                inner = prune_css(block, used)
                if inner.strip():
                    out.append(f"{prelude}{{{inner}}}")
            else:   # @font-face, @keyframes, @page, @property …
                out.append(f"{prelude}{{{block}}}")
            continue
        kept = [s for s in split_selectors(prelude) if selector_may_match(s, used)]
        if kept:
            out.append(f"{','.join(kept)}{{{block}}}")
    return "\n".join(out)


def _loaded_scripts(page: Path, text: str, outdir: Path) -> set[Path]:
    found = set()
    for src in SCRIPT_SRC.findall(text):
        if "://" in src or src.startswith("//"):
            continue
        path = (page.parent / src.split("?", 1)[0].split("#", 1)[0]).resolve()
        if path.is_file() and outdir.resolve() in path.parents:
            found.add(path)
    return found


def used_names(outdir: Path) -> UsedNames:
    """Every class of every page, and every word of every script a page loads (files and inline scripts); the
    custom properties (``--name``) of style attributes and scripts are words too."""
    used = UsedNames()
    scripts: set[Path] = set()
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8", errors="replace")
        for match in CLASS_ATTR.finditer(text):
            used.update((match.group(1) or match.group(2) or match.group(3) or "").split())
        used.update(CUSTOM_PROPERTY.findall(" ".join(a or b for a, b in STYLE_ATTR.findall(text))))
        for script in SCRIPT.findall(text):
            used.update(WORD.findall(script))
            used.patterns |= script_patterns(script)
        scripts |= _loaded_scripts(page, text, outdir)
    for script in sorted(scripts):
        text = script.read_text(encoding="utf-8", errors="replace")
        used.update(WORD.findall(text))
        used.update(CUSTOM_PROPERTY.findall(text))
        used.patterns |= script_patterns(text)
    return used


def split_declarations(block: str) -> list[str]:
    """A declaration block split at its semicolons (not those inside strings, ``url(…)`` or other brackets)."""
    return _split_top_level(block, ";")


def prune_custom_properties(css: str, needed: set[str]) -> str:
    """The stylesheet without the custom property declarations (``--name: …``) nothing reads."""
    out = []
    for prelude, block in split_css(css):
        if block is None:
            out.append(prelude)
        elif prelude.startswith("@") and not prelude.lower().startswith(GROUPING_AT_RULES):
            out.append(f"{prelude}{{{block}}}")
        elif prelude.startswith("@"):
            inner = prune_custom_properties(block, needed)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        else:
            kept = [d for d in split_declarations(block)
                    if not d.strip().startswith("--") or d.split(":", 1)[0].strip() in needed]
            body = ";".join(kept)
            if body.strip():
                out.append(f"{prelude}{{{body}}}")
    return "\n".join(out)


def prune_stylesheets(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.name not in BUILDERS:
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    if not static.is_dir():
        return
    used = used_names(outdir)
    sheets = {path: path.read_text(encoding="utf-8") for path in sorted(static.rglob("*.css"))}
    before = sum(map(len, sheets.values()))
    lean = {path: prune_css(css, used) for path, css in sheets.items()}
    # custom properties: kept while a var() of a kept rule, a style attribute or a script names them
    while True:
        needed = set(used) | {name for css in lean.values() for name in VAR_REFERENCE.findall(css)}
        leaner = {path: prune_custom_properties(css, needed) for path, css in lean.items()}
        if leaner == lean:
            break
        lean = leaner
    for path, css in lean.items():
        if css != sheets[path]:
            path.write_text(css, encoding="utf-8")
    after = sum(map(len, lean.values()))
    logger.info(f"stylesheets: {before / 1000:,.0f} kB -> {after / 1000:,.0f} kB without rules no page uses")


def register(app: Sphinx) -> None:
    # after the pages and the static files are written (priority 500: Sphinx's own handlers)
    app.connect("build-finished", prune_stylesheets, priority=800)
