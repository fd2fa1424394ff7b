"""From a mark to its source (online edition only): every chart is inlined as SVG, and each of its marks links to
its data row.

The library draws each mark of a chart with its row's id (``moscow_pyongyang.charts.style.link_rows``: a link
``#ROW_ID`` around a point; an element id ``…-ROW_ID`` on a bar, a range or a band). When the HTML builder writes a
page, this module replaces each chart's ``<img>`` by the SVG itself, so that the links work:

- every mark becomes a keyboard-reachable link with a ``<title>`` (the browser's tooltip and the link's accessible
  name) giving the row's figure, date and source;
- the link leads to the row in a table right under the chart ("The source of each mark"): figure, date, source
  link and the source's own words (the row's quote); the row is highlighted (``:target``, ``_static/book.css``)
  and its collapsed table opens (``_static/book.js``; browsers that open a ``<details>`` on fragment navigation
  need no script);
- the SVG's own ids get a per-figure prefix, so that two charts on one page never share an id, and the row ids
  of each table too (a row drawn by two charts of one page has one target per chart);
- "Open the chart full size" opens a copy of the SVG that fills the window (on a phone, to zoom in).

The print edition (LaTeX) and the EPUB never reach this code. Rows are read from ``data/`` (the one source of
truth; row ids are unique across it); a link to a row that is not in the data is a build warning.
"""

from __future__ import annotations

import csv
import html
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from moscow_pyongyang.data.paths import data_dir
from moscow_pyongyang.data.schema import descriptor_path

from .downloads import FOLDER, HTML_BUILDERS, _figure_number, chart_figures

logger = logging.getLogger(__name__)

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK_NS}}}href"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)
URL_REF = re.compile(r"url\(#([^)]+)\)")
# ids matplotlib gives every element; kept only where something refers to them (the gids the library sets, the
# axes and axis groups are kept)
AUTO_ID = re.compile(r"(patch|line2d|text|PathCollection|LineCollection|PolyCollection|legend|FancyBboxPatch|"
                     r"PatchCollection|QuadMesh|image|xtick|ytick)_\d+$")
# coordinates: two decimals of a point (a hundredth of a pixel) are plenty
LONG_DECIMAL = re.compile(r"(\d\.\d\d)\d+")
NO_ROTATION = re.compile(r"rotate\(-?0(?:\.0*)?(?:[ ,][^)]*)?\)$")
MPL_DEF_ID = re.compile(r"(?:C[0-9a-f]+_\d+_[0-9a-f]{10}|[mph][0-9a-f]{10})$")
PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
STYLE_COLOUR = re.compile(r"#([0-9a-fA-F])\1([0-9a-fA-F])\2([0-9a-fA-F])\3\b")
STAGE_BAND = re.compile(r"stage-band-(\d+)(?:-hatch)?$")
FULL_FOLDER = "_downloads/figures/full"
QUOTE_CHARS = 600


def _q(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


# --- the rows: read once per build from data/ ------------------------------------------------------------------

def data_rows() -> dict[str, tuple[str, dict]]:
    """``{row id: (dataset name, row as strings)}`` for every table of the data package."""
    package = json.loads(descriptor_path().read_text(encoding="utf-8"))
    rows: dict[str, tuple[str, dict]] = {}
    for resource in package["resources"]:
        if "schema" not in resource or resource["schema"].get("primaryKey") != ["id"]:
            continue
        with (data_dir() / resource["path"]).open(newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                rows[row["id"]] = (resource["name"], row)
    return rows


def _rows(app: Sphinx) -> dict[str, tuple[str, dict]]:
    if not hasattr(app, "_mp_data_rows"):
        app._mp_data_rows = data_rows()
    return app._mp_data_rows


def _number(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.6g}"


def _period(start: str, end: str) -> str:
    """'1989' (a whole year), '2000–2003' (whole years), else 'START to END'."""
    if not end:
        return f"from {start}" if start else ""
    if not start:
        return f"up to {end}"
    if end == start:
        return start
    if start.endswith("-01-01") and end.endswith("-12-31"):
        return start[:4] if start[:4] == end[:4] else f"{start[:4]}–{end[:4]}"
    return f"{start} to {end}"


def _short(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mark_facts(dataset: str, row: dict) -> dict[str, str]:
    """What a mark of this row shows: ``figure``, ``date``, ``source`` (its publisher), ``url`` and ``quote``."""
    if dataset == "trade":
        unit = "%" if row["unit"] == "percent" else row["unit"]
        figure = f"{_number(row['value'])} {unit} {row['currency']}".replace(" %", "%").strip()
        figure += f" ({row['reporter']})" if row.get("reporter") else ""
        date = _period(row["period_start"], row["period_end"])
    elif dataset == "off_book":   # as the chart's own table words it (the library's estimate_text)
        from types import SimpleNamespace

        from moscow_pyongyang.charts.trade import estimate_text

        values = {k: float(row[k]) if row[k] else float("nan") for k in ("value_low", "value_high")}
        estimate = estimate_text(SimpleNamespace(**{**row, **values}))
        figure = f"{row['flow'].replace('_', ' ')}: {estimate}".strip() + f" ({row['estimator']})"
        date = (_period(row["period_start"], row["period_end"]) if row["period_start"] or row["period_end"]
                else f"estimate of {row['estimate_date']}")
    elif dataset == "unsc_votes":
        figure = f"{row['document']}: Russia {row['russia_vote']}, China {row['china_vote']}"
        date = row["date"]
    elif dataset == "periods":
        figure = f"stage {row['stage']}: {row['label']}" if row["kind"] == "stage" else f"{row['lean']} lean"
        date = _period(row["start"], row["end"])
    elif dataset == "places":
        figure, date = f"{row['name']} ({row['lat']}, {row['lon']})", ""
    elif dataset == "routes":
        figure, date = f"{row['route']}: {row['from_place']} to {row['to_place']}", ""
    else:  # events, balancing and any table with an event and a date
        figure = _short(row.get("event") or row.get("claim") or row.get("document") or row["id"], 120)
        date = row.get("date", "")
    return {"figure": figure, "date": date, "source": row.get("publisher") or "source",
            "url": row.get("source_url", ""), "quote": _short(row.get("quote", ""), QUOTE_CHARS)}


def tooltip(facts: dict[str, str]) -> str:
    """The hover text (and accessible name) of a mark: figure, date, source."""
    return "; ".join(p for p in (facts["figure"], facts["date"], f"source: {facts['source']}") if p)


# --- the SVG ---------------------------------------------------------------------------------------------------

def _short_number(value: float) -> str:
    """A coordinate with at most two decimals, no trailing zeros and no leading zero ("0.50" -> ".5")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        return "0"
    if text.startswith("0."):
        return text[1:]
    if text.startswith("-0."):
        return "-" + text[2:]
    return text


def _circle(points: list[tuple[float, float]]) -> tuple[float, float, float] | None:
    """Centre and radius, if the anchors of a closed eight-curve subpath (matplotlib's circle) lie on a circle."""
    ring = points[:-1] if points[0] == points[-1] else points
    if len(ring) != 8:
        return None
    cx, cy = sum(x for x, _ in ring) / 8, sum(y for _, y in ring) / 8
    radii = [((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 for x, y in ring]
    r = sum(radii) / 8
    if r <= 0 or max(abs(d - r) for d in radii) > 0.02 * r + 0.01:
        return None
    return cx, cy, r


def compact_path(d: str) -> str:
    """A path's ``d`` written short, drawing the same: two decimals at most, no spaces a parser does not need,
    and each circle matplotlib draws as eight Bézier curves (a dot of a hatch, a round marker) as two arcs."""
    tokens = PATH_TOKEN.findall(d)
    commands: list[tuple[str, list[float]]] = []
    for token in tokens:
        if token.isalpha():
            commands.append((token, []))
        elif commands:
            commands[-1][1].append(float(token))
    if any(c not in "MLCZz" for c, _ in commands):   # only what matplotlib writes is rewritten; else just spaces
        return _join_path([(c, args) for c, args in commands])
    out: list[tuple[str, list[float]]] = []
    i = 0
    while i < len(commands):
        command, args = commands[i]
        if command == "M" and len(args) == 2:
            j, anchors = i + 1, [tuple(args)]
            while j < len(commands) and commands[j][0] == "C" and len(commands[j][1]) == 6:
                anchors.append(tuple(commands[j][1][4:]))
                j += 1
            closed = j < len(commands) and commands[j][0] in "Zz"
            # (only where the next subpath starts afresh: after "z" the pen is at the circle's first point)
            fresh = j + 1 >= len(commands) or commands[j + 1][0] == "M"
            circle = _circle(anchors) if closed and fresh and j - i == 9 else None
            if circle:
                cx, cy, r = circle
                r = float(_short_number(r))
                out += [("M", [cx + r, cy]), ("a", [r, r, 0, 1, 0, -2 * r, 0]), ("a", [r, r, 0, 1, 0, 2 * r, 0]),
                        ("z", [])]
                i = j + 1
                continue
        out.append((command, args))
        i += 1
    return _join_path(out)


def _join_path(commands: list[tuple[str, list[float]]]) -> str:
    parts: list[str] = []
    for command, args in commands:
        parts.append(command)
        previous = command
        for value in args:
            text = _short_number(value)
            if not previous[-1].isalpha() and not text.startswith("-") and not (
                    text.startswith(".") and "." in previous):
                parts.append(" ")
            parts.append(text)
            previous = text
    return "".join(parts)


def compact_style(style: str) -> str:
    """``fill: #222222; stroke-width: 0.5`` -> ``fill:#222;stroke-width:.5`` (the same declarations)."""
    declarations = []
    for declaration in style.split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        value = STYLE_COLOUR.sub(r"#\1\2\3", value)
        value = re.sub(r"(?<![\w.])0\.(\d)", r".\1", value)
        declarations.append(f"{name}:{value}")
    return ";".join(declarations)


def _row_of_element_id(element_id: str, rows: dict, stage_rows: dict[str, str]) -> str | None:
    """The row a drawn element's id names (``offbook-range-ROW``, ``claim-ROW``, ``stage-band-N``), or None."""
    band = STAGE_BAND.match(element_id)
    if band:
        return stage_rows.get(band.group(1))
    parts = element_id.split("-")
    for i in range(1, len(parts)):
        candidate = "-".join(parts[i:])
        if candidate in rows:
            return candidate
    return None


# Properties a shape inherits from its group, so that one declaration on the group serves them all; not
# stroke-linejoin and stroke-linecap, which book.css sets on every element of a chart (an inherited value would lose)
INHERITED = {"fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
             "stroke-dashoffset", "stroke-miterlimit"}
# only text uses these; each label keeps its own font size (tests/browser/test_chart_text.py reads it there)
FONT = {"font-family", "font-style", "font-weight", "text-anchor"}
SHAPES = {_q(t) for t in ("path", "use", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text")}
CONTAINERS = {_q(t) for t in ("svg", "g", "a")}


def _declarations(style: str | None) -> dict[str, str]:
    out = {}
    for declaration in (style or "").split(";"):
        if ":" in declaration:
            name, value = declaration.split(":", 1)
            out[name.strip()] = value.strip()
    return out


def _style_text(declarations: dict[str, str]) -> str:
    return ";".join(f"{name}:{value}" for name, value in declarations.items())


def hoist_styles(element: ET.Element) -> None:
    """Declarations every shape of a group repeats (the fill and stroke of a chart's 300 points, the font of its
    labels) set once on the group, which the shapes inherit: what is drawn is the same, in fewer bytes."""
    if element.tag not in CONTAINERS:
        return
    shapes: list[ET.Element] = []
    between: set[str] = set()   # what a group between this one and its shapes sets itself (it would come between)

    def collect(parent: ET.Element) -> None:
        for child in parent:
            if child.tag in SHAPES:
                shapes.append(child)
            elif child.tag in CONTAINERS:
                between.update(_declarations(child.get("style")))
                collect(child)

    collect(element)
    own = _declarations(element.get("style"))
    if len(shapes) > 1:
        styles = [_declarations(shape.get("style")) for shape in shapes]
        texts = [d for shape, d in zip(shapes, styles) if shape.tag == _q("text")]
        free = lambda name: name not in own and name not in between  # noqa: E731
        common = {}
        for name, value in styles[0].items():
            if name in INHERITED and free(name) and all(d.get(name) == value for d in styles):
                common[name] = value
        for name, value in (texts[0].items() if texts else ()):
            if name in FONT and free(name) and all(d.get(name) == value for d in texts):
                common[name] = value
        if common:
            element.set("style", _style_text({**own, **common}))
            for shape, declarations in zip(shapes, styles):
                rest = {k: v for k, v in declarations.items() if k not in common}
                if rest:
                    shape.set("style", _style_text(rest))
                else:
                    shape.attrib.pop("style", None)
    for child in element:
        hoist_styles(child)


def unwrap_bare_groups(element: ET.Element) -> None:
    """A group with no attribute left (matplotlib's ``<g id="patch_3">`` once its id is gone) groups nothing:
    its children take its place."""
    children = []
    for child in list(element):
        unwrap_bare_groups(child)
        if child.tag == _q("g") and not child.attrib and not (child.text or "").strip():
            children.extend(child)
        else:
            children.append(child)
    element[:] = children


def inline_svg(svg: str, prefix: str, rows: dict, label: str, *, page: str = "",
               tables: dict[str, str] | None = None) -> tuple[str, list[str], list[str]]:
    """The chart's SVG for inlining: ids prefixed, each mark a link to ``PAGE#PREFIX-ROW`` with a ``<title>``
    (``PREFIX`` is that of the table already showing the row, from ``tables``, row id -> prefix; else this
    chart's).

    Returns ``(svg markup, row ids linked in drawing order, unknown row ids)``."""
    root = ET.fromstring(svg.encode("utf-8"))
    for child in list(root):
        if child.tag in (_q("metadata"),):
            root.remove(child)
    for style in list(root.iter(_q("style"))):   # "*{stroke-linejoin…}" would style the whole page: book.css
        for parent in root.iter():
            if style in list(parent):
                parent.remove(style)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    stage_rows = {row["stage"]: rid for rid, (name, row) in rows.items()
                  if name == "periods" and row.get("kind") == "stage"}
    parents = {child: parent for parent in root.iter() for child in parent}

    # bars, ranges and bands: wrap each element whose id names a row in a link (unless it is inside one)
    for element in list(root.iter()):
        element_id = element.get("id")
        if not element_id or element.tag == _q("a") or element_id in ("figure_1",):
            continue
        row_id = _row_of_element_id(element_id, rows, stage_rows)
        if row_id is None:
            continue
        ancestor, inside_link = parents.get(element), False
        while ancestor is not None:
            inside_link |= ancestor.tag == _q("a")
            ancestor = parents.get(ancestor)
        if inside_link or any(child.tag == _q("a") for child in element.iter()):   # links never nest
            continue
        parent = parents[element]
        link = ET.Element(_q("a"), {XLINK_HREF: f"#{row_id}"})
        index = list(parent).index(element)
        parent.remove(element)
        link.append(element)
        link.tail, element.tail = element.tail, None
        parent.insert(index, link)
        parents[element], parents[link] = link, parent

    referenced = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in ("href", XLINK_HREF) and value.startswith("#"):
                referenced.add(value[1:])
            elif "url(#" in value:
                referenced.update(URL_REF.findall(value))
    # matplotlib's own names for what it defines once and refers to (markers, clip paths, hatches:
    # "C0_0_34d4d90ae5", "pa6b422613f") are repeated at every use: a short number does the same
    short = {old: f"d{n}" for n, old in enumerate(sorted(i for i in referenced if MPL_DEF_ID.match(i)), 1)}
    ref = lambda name: short.get(name, name)  # noqa: E731
    seen: dict[str, int] = {}
    for element in root.iter():
        element_id = element.get("id")
        if element_id and AUTO_ID.match(element_id) and element_id not in referenced:
            del element.attrib["id"]
        elif element_id:
            # a gid given to the artists of several panels (the stage bands) is repeated: number the repeats
            seen[element_id] = seen.get(element_id, 0) + 1
            repeat = f"-{seen[element_id]}" if seen[element_id] > 1 and element_id not in referenced else ""
            name = element_id if element_id in referenced else re.sub(r"[^\w.-]", "_", element_id)  # XML names
            element.set("id", f"{prefix}-{ref(name)}{repeat}")
        for name in ("x", "y", "width", "height", "points", "transform"):
            if name in element.attrib and element is not root:
                element.set(name, LONG_DECIMAL.sub(r"\1", element.get(name)))
        if NO_ROTATION.match(element.get("transform", "")):   # matplotlib's "rotate(-0 x y)" on every label
            del element.attrib["transform"]
        if "d" in element.attrib:
            element.set("d", compact_path(element.get("d")))
        if "style" in element.attrib:
            element.set("style", compact_style(element.get("style")))
        for name in ("clip-path", "style", "fill", "mask", "filter", "marker-start", "marker-end", "marker-mid"):
            value = element.get(name)
            if value and "url(#" in value:
                element.set(name, URL_REF.sub(lambda m: f"url(#{prefix}-{ref(m.group(1))})"
                                              if m.group(1) in ids else m.group(0), value))

    linked: list[str] = []
    unknown: list[str] = []
    for element in root.iter():
        href = element.attrib.pop(XLINK_HREF, None) or element.get("href")
        if href is None:
            continue
        if element.tag != _q("a"):
            element.set("href", f"#{prefix}-{ref(href[1:])}" if href.startswith("#") and href[1:] in ids else href)
            continue
        element.attrib.pop("target", None)
        row_id = href[1:] if href.startswith("#") else None
        if row_id is None or row_id in ids:
            element.set("href", href)
            continue
        if row_id not in rows:
            unknown.append(row_id)
            element.set("href", href)
            continue
        linked.append(row_id)
        element.set("href", f"{page}#{(tables or {}).get(row_id, prefix)}-{row_id}")
        element.set("class", "mark")
        # "nohighlight": Sphinx's search highlighting would measure the title (no box) and stop with an error
        title = ET.Element(_q("title"), {"class": "nohighlight"})
        title.text = tooltip(mark_facts(*rows[row_id]))
        element.insert(0, title)

    for element in root.iter():   # the pretty-printing matplotlib adds between elements
        if element.tag != _q("text") and element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None

    hoist_styles(root)
    unwrap_bare_groups(root)
    root.attrib.pop("version", None)
    root.set("class", "chart-svg")
    root.set("role", "group")
    root.set("aria-label", label)
    markup = ET.tostring(root, encoding="unicode")
    # no xlink:href is left: drop the now unused namespace declaration
    markup = markup.replace(f' xmlns:xlink="{XLINK_NS}"', "").replace(" />", "/>")   # a space in no tag is needed
    return markup, list(dict.fromkeys(linked)), sorted(set(unknown))


def full_size_svg(markup: str) -> str:
    """A stand-alone copy that fills the browser window (its width and height attributes set to 100%): larger
    on a screen, and on a phone as wide as the screen, to zoom into with the fingers."""
    markup = re.sub(r'(<svg\b[^>]*?)\swidth="[^"]*"', r"\1", markup, count=1)
    markup = re.sub(r'(<svg\b[^>]*?)\sheight="[^"]*"', r"\1", markup, count=1)
    markup = markup.replace("<svg ", '<svg width="100%" height="100%" ', 1)
    if f'xmlns="{SVG_NS}"' not in markup[:400]:
        markup = markup.replace("<svg ", f'<svg xmlns="{SVG_NS}" ', 1)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + markup


def _elsewhere(count: int, tables: list[tuple[str, str]], *, other: bool) -> str:
    """Where the ``count`` rows a chart draws that a table above on the page already shows are: links there."""
    links = " and ".join(f'<a href="#{prefix}-rows">the table under {html.escape(name)}</a>' for prefix, name in tables)
    rows = "row" if count == 1 else "rows"
    return (f"The {count} {'other ' if other else ''}{rows} this chart draws {'is' if count == 1 else 'are'} in "
            f"{links}, a chart above that draws {'it' if count == 1 else 'them'} too.")


def rows_table(prefix: str, label: str, row_ids: list[str], rows: dict, *, shown: int = 0,
               shown_in: list[tuple[str, str]] = ()) -> str:
    """The table the marks link to: each row's figure, date, source (linked) and quote. Rows a table above on the
    same page already shows are not repeated (``shown`` of them, in the tables ``shown_in``: prefix, name): the
    marks link there, and this table says where; a chart all of whose rows are above gets that sentence only."""
    if not row_ids:
        return f'<p class="chart-rows" id="{prefix}-rows">{_elsewhere(shown, list(shown_in), other=False)}</p>'
    body = []
    for row_id in sorted(row_ids, key=lambda r: (mark_facts(*rows[r])["date"], r)):
        facts = mark_facts(*rows[row_id])
        source = (f'<a href="{html.escape(facts["url"])}">{html.escape(facts["source"])}</a>' if facts["url"]
                  else html.escape(facts["source"]))
        words = facts["quote"].strip("\"“”„ ")
        quote = f"“{html.escape(words)}”" if words else "–"
        body.append(f'<tr id="{prefix}-{html.escape(row_id)}" data-row="{html.escape(row_id)}">'
                    f'<td class="mark-figure">{html.escape(facts["figure"])}</td>'
                    f'<td class="mark-date">{html.escape(facts["date"]) or "–"}</td>'
                    f'<td class="mark-source">{source}</td><td class="mark-quote">{quote}</td></tr>')
    title = f"The source of each mark of {label}"
    more = f"; {shown} more above" if shown else ""
    note = f"<p>{_elsewhere(shown, list(shown_in), other=True)}</p>" if shown else ""
    return (f'<details class="chart-rows" id="{prefix}-rows"><summary>The source of each mark '
            f'({len(row_ids)} rows{more})</summary>{note}'
            f'<div class="table-wrapper" tabindex="0" role="region" aria-label="{html.escape(title)}">'
            f'<table class="table"><thead><tr><th scope="col">figure</th><th scope="col">date</th>'
            f'<th scope="col">source</th><th scope="col">in the source’s words</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div></details>')


def inline_charts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name not in HTML_BUILDERS:
        return
    rows = _rows(app)
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    out = Path(app.outdir) / FULL_FOLDER
    tabled: dict[str, str] = {}     # row id -> prefix of the table on this page that shows it
    names: dict[str, str] = {}      # table prefix -> the figure it is under ("Figure 2")
    for number, (figure, _notebook, _key, stem, files) in enumerate(chart_figures(app, doctree, docname), 1):
        svg = files.get(".svg")
        image = next(iter(figure.findall(nodes.image)), None)
        if not svg or image is None:
            continue
        prefix = f"c{number}"   # short: it prefixes every id of the SVG
        alt = image.get("alt", "")
        markup, linked, unknown = inline_svg(svg.decode("utf-8"), prefix, rows, alt, tables=tabled)
        for row_id in unknown:
            logger.warning(f"chart {stem}: a mark links to row {row_id!r}, which is not in data/",
                           location=figure, type="moscow_pyongyang", subtype="marks")
        out.mkdir(parents=True, exist_ok=True)
        full = out / f"{stem}.svg"
        page = posixpath.relpath(app.builder.get_target_uri(docname), FULL_FOLDER)
        full_markup, _, _ = inline_svg(svg.decode("utf-8"), prefix, rows, alt, page=page, tables=tabled)
        content = full_size_svg(full_markup).encode("utf-8")
        if not full.exists() or full.read_bytes() != content:
            full.write_bytes(content)
        enlarge = posixpath.relpath(f"{FULL_FOLDER}/{stem}.svg", here or ".")
        skip = (f'<a class="chart-skip" href="#{prefix}-rows">Skip the {len(linked)} marks of this chart</a>'
                if linked else "")
        wrapper = (f'<div class="chart-marks">{skip}{markup}'
                   f'<p class="chart-enlarge"><a href="{html.escape(enlarge)}">Open the chart full size</a>'
                   + (" · point at or tab to a mark for its figure, date and source; click or tap it for the source’s words"
                      if linked else "") + "</p></div>")
        image.replace_self(nodes.raw("", wrapper, format="html"))
        if linked:
            new = [r for r in linked if r not in tabled]
            shown_in = list(dict.fromkeys(tabled[r] for r in linked if r in tabled))
            figure_number = _figure_number(app.env, docname, figure["ids"][0] if figure["ids"] else "")
            names[prefix] = f"Figure {figure_number}" if figure_number else "the chart above"
            figure.parent.insert(figure.parent.index(figure) + 1,
                                 nodes.raw("", rows_table(prefix, _caption_label(figure), new, rows,
                                                          shown=len(linked) - len(new),
                                                          shown_in=[(p, names[p]) for p in shown_in]),
                                           format="html"))
            tabled.update({r: prefix for r in new})
    _drop_repeated_sources_tables(doctree, tabled, names)


DATA_SOURCES = re.compile(r"<details class='data-sources'><summary>(.*?) \((\d+) rows\)</summary>", re.S)
DATA_ROW = re.compile(r" data-row='([^']*)'")


def _drop_repeated_sources_tables(doctree: nodes.document, tabled: dict[str, str], names: dict[str, str]) -> None:
    """A notebook's table of a chart's rows (``moscow_pyongyang.publish.sources_table``) whose every row is already
    in a table of the marks on this page is replaced by a sentence linking there (those tables give each row's
    figure, date, source and the source's words); any other keeps its rows, without their ids."""
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        match = DATA_SOURCES.search(text)
        if "html" not in raw.get("format", "").split() or not match:
            continue
        ids = DATA_ROW.findall(text)
        if ids and all(r in tabled for r in ids):
            where = " and ".join(f'<a href="#{p}-rows">the table under {html.escape(names[p])}</a>'
                                 for p in dict.fromkeys(tabled[r] for r in ids))
            sentence = (f'<p class="data-sources-moved">{match.group(1)}: the {match.group(2)} rows are listed, '
                        f'each with its source and the source’s own words, in {where}.</p>')
            raw.replace_self(nodes.raw("", sentence, format="html"))
        elif ids:
            raw.replace_self(nodes.raw("", DATA_ROW.sub("", text), format="html"))


def _caption_label(figure: nodes.figure) -> str:
    caption = next(iter(figure.findall(nodes.caption)), None)
    text = re.sub(r"\s+", " ", caption.astext()).strip() if caption is not None else ""
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")
    return _short(first, 80) or "this chart"


def register(app: Sphinx) -> None:
    # before the downloads (priority 500), which insert their block right under the figure, above this table
    app.connect("doctree-resolved", inline_charts, priority=490)
