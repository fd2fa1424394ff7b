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

The stylesheets are read with tinycss2 (CSS Syntax Level 3: rules, at-rules and their nested blocks, strings,
comments and brackets); the rules kept are written back from its tokens, so a string comes back in tinycss2's
spelling (``'x'`` as ``"x"``, an escape such as ``"\\f0c9"`` as the character itself: the same text in UTF-8).
"""

from __future__ import annotations

import re
from pathlib import Path

import tinycss2
from sphinx.application import Sphinx
from sphinx.util import logging
from tinycss2.ast import AtRule

logger = logging.getLogger(__name__)

BUILDERS = {"html", "dirhtml"}
CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
WORD = re.compile(r"[A-Za-z_][\w-]*")
# class names a script builds: a template literal with a placeholder (`bs-${x}-auto`), a string joined to a value
TEMPLATE = re.compile(r"`([\w-]*)\$\{[^`{}]*\}([\w-]*(?:\$\{[^`{}]*\}[\w-]*)*)`")
PREFIX = re.compile(r"""["']([A-Za-z_][\w-]*-)["']\s*\+""")
SCRIPT_SRC = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']""", re.I)
STYLE_ATTR = re.compile(r"""\bstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
CUSTOM_PROPERTY = re.compile(r"--[A-Za-z_][\w-]*")
VAR_REFERENCE = re.compile(r"var\(\s*(--[\w-]+)")
# at-rules whose block holds rules (pruned like the stylesheet); every other at-rule is kept whole
GROUPING_AT_RULES = {"media", "supports", "container", "layer", "document", "-moz-document"}
PLAIN_CLASS = re.compile(r"-?[_a-zA-Z][\w-]*")


def _parse(css: str) -> list:
    """The top-level items of a stylesheet (or of a grouping at-rule's block): rules, at-rules and comments.
    Whitespace between them is left out (the items are written one a line); whitespace and comments inside a
    rule are kept as they are."""
    return tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True)


def _nested(rule: AtRule) -> list:
    """The rules inside a grouping at-rule's block (``@media``, ``@supports`` …)."""
    return tinycss2.parse_blocks_contents(rule.content, skip_comments=False, skip_whitespace=True)


def _is_grouping(node) -> bool:
    return node.type == "at-rule" and node.content is not None and node.lower_at_keyword in GROUPING_AT_RULES


def _split_at(tokens: list, separator: str) -> list[list]:
    """Component values split at each top-level ``separator`` (tinycss2 keeps ``(…)``, ``[…]`` and strings
    as single values, so a separator inside them is not top-level)."""
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == separator:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _strip(tokens: list) -> list:
    """Component values without the whitespace (and comments) at either end."""
    ends = [i for i, t in enumerate(tokens) if t.type not in ("whitespace", "comment")]
    return tokens[ends[0]:ends[-1] + 1] if ends else []


def selectors(prelude: list) -> list[list]:
    """A qualified rule's selector list split at its top-level commas (not those inside ``:is(…)`` or ``[…]``)."""
    return [s for s in map(_strip, _split_at(prelude, ",")) if s]


def split_selectors(prelude: str) -> list[str]:
    """``selectors`` of a selector list given as text, each as text."""
    return [tinycss2.serialize(s) for s in selectors(tinycss2.parse_component_value_list(prelude))]


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


def selector_may_match(selector: list, used: set[str]) -> bool:
    """Whether every class the selector names outside ``(…)`` and ``[…]`` is used (a class inside them, as in
    ``:not(.x)`` or ``[href$=".x"]``, does not have to be present)."""
    for before, token in zip(selector, selector[1:]):
        if before.type == "literal" and before.value == "." and token.type == "ident":
            if not PLAIN_CLASS.fullmatch(token.value):   # an escaped name (".md\:flex"): kept, not looked up
                return True
            if token.value not in used:
                return False
    return True


def prune_css(css: str, used: set[str]) -> str:
    """The stylesheet without the style rules none of whose selectors can match (see the module's docstring)."""
    return "\n".join(_prune_rules(_parse(css), used))


def _prune_rules(nodes: list, used: set[str]) -> list[str]:
    out = []
    for node in nodes:
        if node.type == "comment":
            if node.value.startswith("!"):   # a license comment
                out.append(tinycss2.serialize([node]))
        elif node.type == "qualified-rule":
            kept = [s for s in selectors(node.prelude) if selector_may_match(s, used)]
            if kept:
                prelude = ",".join(tinycss2.serialize(s) for s in kept)
                out.append(f"{prelude}{{{tinycss2.serialize(node.content)}}}")
        elif _is_grouping(node):
            inner = _prune_rules(_nested(node), used)
            if inner:
                out.append(_at_rule(node, "\n".join(inner)))
        elif node.type == "at-rule":   # @charset, @import, @font-face, @keyframes, @page, @property …
            out.append(_at_rule(node))
    return out


def _at_rule(rule: AtRule, block: str | None = None) -> str:
    """An at-rule written with ``block`` (its own block when not given); ``@import …;`` without one."""
    prelude = tinycss2.serialize(rule.prelude).rstrip()
    if rule.content is None:
        return f"@{rule.at_keyword}{prelude};"
    block = tinycss2.serialize(rule.content) if block is None else block
    return f"@{rule.at_keyword}{prelude}{{{block}}}"


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


def prune_custom_properties(css: str, needed: set[str]) -> str:
    """The stylesheet without the custom property declarations (``--name: …``) nothing reads."""
    return "\n".join(_prune_properties(_parse(css), needed))


def _is_unread_property(declaration: list, needed: set[str]) -> bool:
    tokens = _strip(declaration)
    return bool(tokens) and tokens[0].type == "ident" and tokens[0].value.startswith("--") \
        and tokens[0].value not in needed


def _prune_properties(nodes: list, needed: set[str]) -> list[str]:
    out = []
    for node in nodes:
        if node.type == "qualified-rule":
            kept = [d for d in _split_at(node.content, ";") if not _is_unread_property(d, needed)]
            body = ";".join(tinycss2.serialize(d) for d in kept)
            if body.strip():
                out.append(f"{tinycss2.serialize(node.prelude)}{{{body}}}")
        elif _is_grouping(node):
            inner = _prune_properties(_nested(node), needed)
            if inner:
                out.append(_at_rule(node, "\n".join(inner)))
        elif node.type == "at-rule":
            out.append(_at_rule(node))
        elif node.type == "comment":
            out.append(tinycss2.serialize([node]))
    return out


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
