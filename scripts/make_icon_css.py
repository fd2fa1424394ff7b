"""Write ``_static/icons.css``: the few Font Awesome icons the book's pages use, as inline SVG masks.

The PyData/Book theme loads ``fontawesome.js`` (1.5 MB: every icon, turned into SVG by JavaScript) on every
page, or, without it, the Font Awesome web fonts (156 kB + 118 kB). The book's template (_templates/layout.html)
drops that script; this file draws the icons the theme's templates, scripts and stylesheets use as CSS masks
(``background: currentColor``), so they follow the text colour in light and dark mode, need no JavaScript and
no font download. An icon not listed here still falls back to the theme's web font.

The path data is read from the ``fontawesome.js`` that ships with the installed pydata-sphinx-theme, so the
shapes are exactly the theme's. Rerun after upgrading the theme:

    .venv/bin/python scripts/make_icon_css.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import quote

import pydata_sphinx_theme

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_static" / "icons.css"
FONTAWESOME_JS = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
                  / "scripts" / "fontawesome.js")

# Icons written as <i class="fa-solid fa-NAME"> by the theme's templates and scripts (and their FA5 aliases).
SOLID = {
    "arrow-up": [], "magnifying-glass": ["search"], "bars": ["navicon"], "download": [], "file": [],
    "file-pdf": [], "expand": [], "compress": [], "sun": [], "moon": [], "circle-half-stroke": ["adjust"],
    "angle-left": [], "angle-right": [], "angle-up": [], "angle-down": [], "chevron-left": [],
    "chevron-right": [], "chevron-up": [], "chevron-down": [], "list": ["list-squares"], "outdent": ["dedent"],
    "indent": [], "rocket": [], "xmark": ["close", "times", "multiply", "remove"], "link": [], "copy": [],
    "book": [], "circle-info": ["info-circle"], "circle-exclamation": ["exclamation-circle"],
    "triangle-exclamation": ["exclamation-triangle", "warning"], "circle-xmark": ["times-circle"],
    "lightbulb": [], "share": [], "pencil": ["pencil-alt"], "bell": [],
    "arrow-up-right-from-square": ["external-link"], "magnifying-glass-minus": ["search-minus"],
    "circle-check": ["check-circle"], "check": [],
}
BRANDS = {"github": [], "gitlab": []}

# Pseudo-elements that the theme's stylesheets draw with the Font Awesome font (``font: var(--fa-font-solid)``)
ADMONITIONS = {  # admonition class -> icon (the theme's choice, from its --pst-icon-admonition-* variables)
    "": "bell", "note": "circle-info", "attention": "circle-exclamation", "caution": "triangle-exclamation",
    "warning": "triangle-exclamation", "danger": "triangle-exclamation", "error": "circle-xmark",
    "hint": "lightbulb", "tip": "lightbulb", "important": "circle-exclamation", "seealso": "share",
    "admonition-todo": "pencil",
}
OTHER_PSEUDO = {  # selector -> icon
    ".nav-link.nav-external::after": "arrow-up-right-from-square",
    "nav.bd-links li>a.reference.external::after": "arrow-up-right-from-square",
    "div#searchbox p.highlight-link a::before": "magnifying-glass-minus",
    "span.versionmodified::before": "circle-exclamation",
    "a.reference.download::before": "download",
    "ul.bd-breadcrumbs li.breadcrumb-item:not(.breadcrumb-home)::before": "angle-right",
    "a.github::before": "github",
    "a.gitlab::before": "gitlab",
}


def packs(source: str) -> dict[str, str]:
    """The text of each icon pack in fontawesome.js, keyed by prefix (fab, far, fas)."""
    found = {}
    start = 0
    for match in re.finditer(r'function\(\)\{d\("(fa[bsr])",p\)', source):
        found[match.group(1)] = source[start:match.start()]
        start = match.end()
    missing = {"fab", "fas"} - set(found)
    if missing:
        sys.exit(f"error: {FONTAWESOME_JS}: icon packs {sorted(missing)} not found (theme layout changed?)")
    return found


def icon(pack: str, name: str) -> tuple[int, int, str]:
    pattern = r'[{,]"?' + re.escape(name) + r'"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+",("(?:[^"]*)"|\[[^\]]*\])\]'
    match = re.search(pattern, pack)
    if match is None:
        sys.exit(f"error: {FONTAWESOME_JS}: icon {name!r} not found")
    width, height, paths = int(match.group(1)), int(match.group(2)), match.group(3)
    path = " ".join(re.findall(r'"([^"]*)"', paths))  # duotone icons list two paths
    return width, height, path


def data_uri(width: int, height: int, path: str) -> str:
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return "url(\"data:image/svg+xml," + quote(svg, safe=" /:='.,-") + "\")"


def main() -> None:
    source = FONTAWESOME_JS.read_text(encoding="utf-8")
    license_text = (FONTAWESOME_JS.parent / "fontawesome.js.LICENSE.txt").read_text(encoding="utf-8").strip()
    version = re.search(r"Font Awesome Free ([\d.]+)", license_text)
    by_pack = packs(source)
    variables, selectors, elements, icon_rules = [], [], [], []
    for pack, names in (("fas", SOLID), ("fab", BRANDS)):
        for name, aliases in names.items():
            variables.append(f"  --mp-icon-{name}: {data_uri(*icon(by_pack[pack], name))};")
            for cls in [name, *aliases]:
                selectors.append(f".fa-{cls}::before")
                elements.append(f".fa-{cls}")
                icon_rules.append(f".fa-{cls}::before {{ --mp-icon: var(--mp-icon-{name}); }}")
    admonition_rules = []
    for cls, name in ADMONITIONS.items():
        scope = f".admonition.{cls}" if cls else ".admonition"
        admonition_rules.append(f"{scope} > .admonition-title::after, div{scope} > .admonition-title::after "
                                f"{{ --mp-icon: var(--mp-icon-{name}); }}")
    pseudo_rules = [f"{sel} {{ --mp-icon: var(--mp-icon-{name}); }}" for sel, name in OTHER_PSEUDO.items()]
    pseudo_selectors = [".admonition > .admonition-title::after", "div.admonition > .admonition-title::after",
                        *OTHER_PSEUDO]
    css = [
        "/* Generated by scripts/make_icon_css.py from the theme's fontawesome.js: do not edit by hand.",
        f" * Icons: Font Awesome Free {version.group(1) if version else ''} by @fontawesome - https://fontawesome.com",
        " * License - https://fontawesome.com/license/free (Icons: CC BY 4.0). */",
        ":root {", *variables, "}",
        "/* <i class=\"fa-solid fa-NAME\"> icons: an inline SVG mask in the text colour, no font, no script.",
        " * The element keeps the text's font: an empty inline box in the icon font would still download it. */",
        ",\n".join(elements) + " {",
        "  font-family: inherit;",
        "}",
        ",\n".join(selectors) + " {",
        "  content: \"\";",
        "  display: inline-block;",
        "  width: 1em;",
        "  height: 1em;",
        "  vertical-align: -0.125em;",
        "  background-color: currentColor;",
        "  -webkit-mask: var(--mp-icon) center / contain no-repeat;",
        "  mask: var(--mp-icon) center / contain no-repeat;",
        "}",
        *icon_rules,
        "/* Icons the theme's stylesheets draw with the Font Awesome font */",
        ",\n".join(pseudo_selectors) + " {",
        "  content: \"\" !important;",
        "  font: inherit;",
        "  display: inline-block;",
        "  width: 0.9em;",
        "  height: 0.9em;",
        "  background-color: currentColor;",
        "  -webkit-mask: var(--mp-icon) center / contain no-repeat;",
        "  mask: var(--mp-icon) center / contain no-repeat;",
        "}",
        *admonition_rules,
        *pseudo_rules,
        "",
    ]
    OUT.write_text("\n".join(css), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes, {len(SOLID) + len(BRANDS)} icons)")


if __name__ == "__main__":
    main()
