"""The book's two maps: the Russia–China–DPRK border region and the distances across Eurasia.

Country outlines come from Natural Earth (public domain) as vendored, checksummed TopoJSON in ``data/geo/``
(:func:`moscow_pyongyang.data.load.load_geometry`); places and routes are sourced rows of ``data/places.csv`` and
``data/routes.csv``. Nothing is fetched. TopoJSON is decoded here (:func:`topology_rings`, a few lines of the
specification: delta-decoded, quantized arcs stitched into rings), so no GIS package is needed; the Eurasian map
uses a Lambert conformal conic projection written out below (:class:`LambertConic`).

Distances are great-circle distances on a sphere of the Earth's mean radius (:func:`great_circle_km`), computed
from the coordinates in ``places.csv``: straight-line distances, shorter than any rail or sea route.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from ..data.load import route_path
from .style import FIG_WIDTH, INK, MUTED, TEXT_PT, add_source_line, chart_title

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)

# Embedding the Hangul font in the PDF output makes fontTools warn that it drops the font's hinting tables
# ("TSI0 NOT subset"); the glyphs are embedded all the same, and the warning would show up as cell stderr.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

# Natural Earth names -> the book's country names (for colour); others are drawn in neutral grey.
MAP_COUNTRIES = {"Russia": "USSR/Russia", "China": "China", "North Korea": "DPRK"}
COUNTRY_LABEL = {"Russia": "RUSSIA", "China": "CHINA", "North Korea": "DPRK"}
OTHER_LAND = "#eeeeee"
BORDER_LINE = "#555555"

# Every place is the same dot (in near-black, white-edged); its label says what it is (PLACE_KIND_WORD), so neither
# map needs a legend of marker shapes.
PLACE_DOT = {"marker": "o", "size": 7}
# Route kinds (routes.csv `kind`): told apart by line style and width, never by colour alone.
ROUTE_STYLE = {
    "rail": {"color": INK, "linestyle": "-", "linewidth": 3.0, "label": "railway"},
    "road": {"color": INK, "linestyle": (0, (6, 2)), "linewidth": 2.0, "label": "road"},
    "ferry": {"color": INK, "linestyle": (0, (5, 2.5)), "linewidth": 1.6, "label": "ferry (2017–)"},
    "munitions": {"color": INK, "linestyle": (0, (1, 1.6)), "linewidth": 2.2,
                  "label": "munitions (2023)"},
    "tanker": {"color": INK, "linestyle": (0, (6, 2, 1, 2)), "linewidth": 1.6, "label": "oil tankers (2024)"},
}

# The pairs whose great-circle distance the Eurasian map draws and labels.
DISTANCE_PAIRS = [
    ("pl_moscow", "pl_pyongyang"),
    ("pl_moscow", "pl_vladivostok"),
    ("pl_kursk", "pl_pyongyang"),
    ("pl_beijing", "pl_pyongyang"),
    ("pl_vladivostok", "pl_pyongyang"),
]


# --------------------------------------------------------------------------------------------------------------
# TopoJSON


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Every arc of a topology as an (n, 2) array of (lon, lat), delta-decoded and de-quantized."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=float)
        if transform:
            points = np.cumsum(points, axis=0) * transform["scale"] + transform["translate"]
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    parts = []
    for i, index in enumerate(indices):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if i == 0 else arc[1:])
    return np.concatenate(parts)


def topology_rings(topology: dict, object_name: str = "countries") -> dict[str, list[list[np.ndarray]]]:
    """``{country name: [polygon, ...]}``, each polygon a list of rings (exterior first, then holes)."""
    arcs = decode_arcs(topology)
    shapes: dict[str, list[list[np.ndarray]]] = {}
    for geometry in topology["objects"][object_name]["geometries"]:
        name = geometry.get("properties", {}).get("name", geometry.get("id", ""))
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        shapes.setdefault(name, []).extend([[_ring(r, arcs) for r in polygon] for polygon in polygons])
    return shapes


# --------------------------------------------------------------------------------------------------------------
# distances and projections


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, on a sphere of the Earth's mean radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def great_circle_points(lat1: float, lon1: float, lat2: float, lon2: float, n: int = 64) -> np.ndarray:
    """``n`` points (lat, lon) along the great circle from the first point to the second."""
    def vector(lat, lon):
        la, lo = math.radians(lat), math.radians(lon)
        return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])

    a, b = vector(lat1, lon1), vector(lat2, lon2)
    omega = math.acos(float(np.clip(a @ b, -1, 1)))
    if omega == 0:
        return np.array([[lat1, lon1]] * n)
    t = np.linspace(0, 1, n)[:, None]
    v = (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / math.sin(omega)
    return np.column_stack([np.degrees(np.arcsin(v[:, 2])), np.degrees(np.arctan2(v[:, 1], v[:, 0]))])


def distance_table(places: pd.DataFrame, pairs: list[tuple[str, str]] = DISTANCE_PAIRS) -> pd.DataFrame:
    """The great-circle distance of each pair of places (ids of ``places.csv``), in km."""
    by_id = places.set_index("id")
    rows = []
    for a, b in pairs:
        for place in (a, b):
            if place not in by_id.index:
                raise KeyError(f"no place {place!r} in places.csv")
        pa, pb = by_id.loc[a], by_id.loc[b]
        rows.append({"from": pa["name"], "to": pb["name"], "from_id": a, "to_id": b,
                     "km": great_circle_km(pa["lat"], pa["lon"], pb["lat"], pb["lon"])})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class LambertConic:
    """Lambert conformal conic projection on a sphere, in km (standard parallels ``lat1``, ``lat2``)."""

    lon0: float = 90.0
    lat0: float = 45.0
    lat1: float = 35.0
    lat2: float = 60.0

    def __call__(self, lon, lat):
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        f1, f2, f0 = (math.radians(v) for v in (self.lat1, self.lat2, self.lat0))
        n = math.log(math.cos(f1) / math.cos(f2)) / math.log(math.tan(math.pi / 4 + f2 / 2) /
                                                               math.tan(math.pi / 4 + f1 / 2))
        big_f = math.cos(f1) * math.tan(math.pi / 4 + f1 / 2) ** n / n
        rho = big_f / np.tan(np.pi / 4 + np.radians(lat) / 2) ** n
        rho0 = big_f / math.tan(math.pi / 4 + f0 / 2) ** n
        theta = n * np.radians((lon - self.lon0 + 180) % 360 - 180)
        return EARTH_RADIUS_KM * rho * np.sin(theta), EARTH_RADIUS_KM * (rho0 - rho * np.cos(theta))


def _tint(color: str, amount: float = 0.78) -> tuple:
    r, g, b = to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _country_fill(name: str) -> tuple | str:
    return LAND_FILL.get(name, OTHER_LAND)


def clip_ring(xy: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """A ring clipped to the rectangle ``box`` (x_min, x_max, y_min, y_max) (Sutherland–Hodgman).

    The maps clip to a box a little larger than the visible frame, so the edges the clipping adds fall outside
    the frame, and the SVG carries only the outlines a reader can see (the whole of Russia at 1:10m would weigh
    megabytes)."""
    x_min, x_max, y_min, y_max = box
    points = xy
    for axis, limit, keep_above in ((0, x_min, True), (0, x_max, False), (1, y_min, True), (1, y_max, False)):
        if len(points) == 0:
            break
        inside = points[:, axis] >= limit if keep_above else points[:, axis] <= limit
        previous = np.roll(points, 1, axis=0)
        previous_inside = np.roll(inside, 1)
        out = []
        for p, q, p_in, q_in in zip(points, previous, inside, previous_inside):
            if p_in != q_in:  # the edge q -> p crosses the limit: add the crossing point
                t = (limit - q[axis]) / (p[axis] - q[axis])
                out.append(q + t * (p - q))
            if p_in:
                out.append(p)
        points = np.array(out) if out else np.empty((0, 2))
    return points


def thin_ring(xy: np.ndarray, tolerance: float) -> np.ndarray:
    """Drop points closer than ``tolerance`` to the last point kept (the first and last points always stay)."""
    if tolerance <= 0 or len(xy) < 4:
        return xy
    keep = [0]
    last = xy[0]
    for i in range(1, len(xy) - 1):
        if abs(xy[i, 0] - last[0]) + abs(xy[i, 1] - last[1]) >= tolerance:
            keep.append(i)
            last = xy[i]
    keep.append(len(xy) - 1)
    return xy[keep]


def _polygon_patch(polygon: list[np.ndarray], project, box=None, tolerance: float = 0.0, **kwargs):
    """The polygon (exterior and holes) as one patch, projected, thinned and clipped; None if nothing is left."""
    vertices, codes = [], []
    for ring in polygon:
        x, y = project(ring[:, 0], ring[:, 1])
        xy = np.column_stack([x, y])
        if tolerance and np.ptp(xy[:, 0]) + np.ptp(xy[:, 1]) < 3 * tolerance:
            continue  # an islet smaller than a pixel or two
        xy = thin_ring(xy, tolerance)
        if box is not None:
            xy = clip_ring(xy, box)
        if len(xy) < 3:
            continue
        vertices.extend(map(tuple, xy))
        vertices.append(tuple(xy[0]))
        codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 1) + [MplPath.CLOSEPOLY])
    if not vertices:
        return None
    return PathPatch(MplPath(np.round(vertices, 4), codes), **kwargs)


def _add(ax, patch) -> None:
    if patch is not None:
        ax.add_patch(patch)


def _draw_countries(ax, shapes, project, bbox: tuple[float, float, float, float], box=None,
                    tolerance: float = 0.0) -> None:
    """Fill every country with a polygon inside ``bbox`` (lon_min, lon_max, lat_min, lat_max), clipped to ``box``
    (projected x_min, x_max, y_min, y_max) and thinned to ``tolerance`` (projected units)."""
    lon_min, lon_max, lat_min, lat_max = bbox
    for name, polygons in shapes.items():
        for number, polygon in enumerate(polygons):
            outer = polygon[0]
            if (outer[:, 0].max() < lon_min or outer[:, 0].min() > lon_max or outer[:, 1].max() < lat_min
                    or outer[:, 1].min() > lat_max):
                continue
            main = name in MAP_COUNTRIES
            _add(ax, _polygon_patch(polygon, project, box, tolerance, facecolor=_country_fill(name),
                                        edgecolor=BORDER_LINE if main else "#aaaaaa", linewidth=0.7 if main else 0.4,
                                        zorder=1.2 if main else 1,
                                    gid=f"country-{name.lower().replace(' ', '-')}-{number}"))


# A light box behind labels keeps them legible over lines and fills (a stroke "halo" would turn SVG text into
# paths, which screen readers and text search cannot read).
HALO_BOX = dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.8)
# Labels carry Cyrillic, Hangul and Chinese characters: DejaVu Sans first, then fonts with Hangul and Hanzi
# (Debian: fonts-nanum, fonts-wqy-microhei, in the Makefile's packages); matplotlib falls back glyph by glyph.
LABEL_FONTS = ["DejaVu Sans", "NanumGothic", "WenQuanYi Micro Hei"]


def _place_label(ax, x, y, row, *, dx=6, dy=4, ha="left", va="bottom", size=TEXT_PT, local=True, text=None,
                 kind_word: bool = False, leader: bool = False):
    name = row["name"]
    word = PLACE_KIND_WORD.get(row["kind"]) if kind_word else None
    if word and word not in name.lower():
        name = f"{name} {word}"
    label = text or (name + (f"\n{row['name_local']}" if local and row["name_local"] else ""))
    ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=size, color=INK,
                bbox=HALO_BOX, zorder=6, linespacing=1.05, fontfamily=LABEL_FONTS,
                arrowprops=dict(arrowstyle="-", color=INK, lw=0.7, shrinkA=0, shrinkB=4) if leader else None)


def _draw_place(ax, x, y, kind: str, row=None, prefix: str = "") -> None:
    ax.plot([x], [y], ls="", marker=PLACE_DOT["marker"], markersize=PLACE_DOT["size"], markerfacecolor=INK,
            markeredgecolor="white", markeredgewidth=0.8, zorder=5.3 if kind == "capital" else 5,
            gid=f"{prefix}place-{row['id']}" if row is not None else None)


def _route_line(ax, xs, ys, kind: str, gid: str) -> None:
    style = ROUTE_STYLE[kind]
    if kind == "rail":  # the railway sign: black line with white ties
        ax.plot(xs, ys, color=INK, lw=style["linewidth"], solid_capstyle="butt", zorder=3, gid=gid)
        ax.plot(xs, ys, color="white", lw=style["linewidth"] - 1.6, linestyle=(0, (3, 3)), zorder=3.1)
        return
    ax.plot(xs, ys, color=style["color"], lw=style["linewidth"], linestyle=style["linestyle"], zorder=3, gid=gid)


# --------------------------------------------------------------------------------------------------------------
# the border region

BORDER_EXTENT = (129.75, 133.35, 41.95, 43.35)  # lon_min, lon_max, lat_min, lat_max
CROSSING_EXTENT = (130.556, 130.702, 42.401, 42.443)  # the enlarged panel: the crossing at Khasan and Tumangang
# Where each place's label goes (offset in points, alignment), so that labels do not collide. The border map has
# no legend: every place is the same dot, and its label says what it is (``kind`` appended where the name does
# not say it); every line is labelled along itself (BORDER_LINE_LABELS).
BORDER_LABELS = {
    "pl_vladivostok": dict(dx=-7, dy=0, ha="right", va="center"),
    "pl_vostochny": dict(dx=4, dy=7, ha="right", va="bottom"),
    "pl_rajin": dict(dx=-7, dy=0, ha="right", va="center"),
    "pl_khasan": dict(dx=-10, dy=18, ha="right", va="bottom", text="the crossing,\nenlarged below"),
    "pl_tumen_mouth": dict(dx=-40, dy=-32, ha="center", va="top", text="Tumen mouth", leader=True),
}
CROSSING_LABELS = {
    "pl_khasan": dict(dx=7, dy=4, ha="left", va="bottom"),
    "pl_tumangang": dict(dx=-8, dy=2, ha="right", va="bottom"),
    "pl_rail_bridge": dict(dx=7, dy=1, ha="left", va="bottom", text="rail bridge"),
    "pl_road_bridge": dict(dx=7, dy=-4, ha="left", va="top", text="road bridge (site)"),
}
# How each place kind is named in its label on the border map, where its name does not say it already.
PLACE_KIND_WORD = {"port": "port", "station": "station"}
# Labels along the lines: (frame, route id or "border", segment of the path, fraction along it, offset in points
# to the left of the line's direction, text). The border is the Russia–DPRK boundary of the outlines.
BORDER_LINE_LABELS = [
    ("main", "rt_rail_tumangang_rajin", 0, 0.5, -12, "railway"),
    ("main", "rt_ferry_rajin_vladivostok", 1, 0.78, 8, "ferry (2017–)"),
    ("main", "rt_munitions_rajin_vladivostok", 1, 0.65, -8, "munitions ships (2023)"),
    ("crossing", "rt_rail_tumangang_rajin", 0, 0.12, -9, "railway"),
    ("crossing", "border", 0, 0.3, -8, "border: the Tumen"),
]
BORDER_PAIR = ("Russia", "North Korea")   # the border labelled in the enlarged panel
# Land in light neutral shades, a different lightness for each country, and a pale blue sea, so that the map
# reads in greyscale; every country is also named on the map.
LAND_FILL = {"Russia": "#fafafa", "China": "#e9e4da", "North Korea": "#d9e0d0"}
SEA_FILL = "#d3e3ee"


def _inside(lat, lon, extent) -> bool:
    lon_min, lon_max, lat_min, lat_max = extent
    return lon_min <= lon <= lon_max and lat_min <= lat <= lat_max


def border_region_rows(places: pd.DataFrame, routes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The places and route legs the border map draws (those inside its frame)."""
    shown = places[[_inside(r.lat, r.lon, BORDER_EXTENT) for r in places.itertuples()]]
    ids = set(shown["id"])
    legs = routes[routes["from_place"].isin(ids) & routes["to_place"].isin(ids)]
    return shown.reset_index(drop=True), legs.reset_index(drop=True)


def _equirectangular(lon, lat):
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def _scale_bar(ax, lon0: float, lat0: float, km: float, lat_mid: float) -> None:
    deg = km / (math.pi / 180 * EARTH_RADIUS_KM * math.cos(math.radians(lat_mid)))
    ax.plot([lon0, lon0 + deg], [lat0, lat0], color=INK, lw=3, solid_capstyle="butt", zorder=6)
    ax.annotate(f"{km:g} km", (lon0 + deg / 2, lat0), xytext=(0, 3), textcoords="offset points", ha="center",
                va="bottom", fontsize=TEXT_PT, color=INK, zorder=6, bbox=HALO_BOX)


def _line_label(ax, lons, lats, segment: int, fraction: float, offset: float, text: str) -> None:
    """A label along a line: at ``fraction`` of its ``segment``, turned to the segment's direction as drawn
    (the frame's aspect included) and set ``offset`` points to the left of it (negative: to the right)."""
    aspect = ax.get_aspect() if isinstance(ax.get_aspect(), float) else 1.0
    (x0, y0), (x1, y1) = (lons[segment], lats[segment]), (lons[segment + 1], lats[segment + 1])
    dx, dy = x1 - x0, (y1 - y0) * aspect
    angle = math.degrees(math.atan2(dy, dx))
    length = math.hypot(dx, dy) or 1.0
    normal = (-dy / length, dx / length)          # to the left of the direction of the segment
    if angle > 90 or angle < -90:                 # never upside down
        angle -= math.copysign(180, angle)
    ax.annotate(text, (x0 + fraction * (x1 - x0), y0 + fraction * (y1 - y0)),
                xytext=(offset * normal[0], offset * normal[1]), textcoords="offset points", rotation=angle,
                rotation_mode="anchor", ha="center", va="center", fontsize=TEXT_PT, color=INK, bbox=HALO_BOX,
                zorder=6)


def shared_boundary(shapes, first: str, second: str, extent) -> np.ndarray:
    """The points two countries' outlines share inside ``extent`` (their common border), in path order of the
    first country's rings: an (n, 2) array of (lon, lat)."""
    theirs = {tuple(np.round(p, 6)) for polygon in shapes[second] for ring in polygon for p in ring}
    points = [p for polygon in shapes[first] for ring in polygon for p in ring
              if tuple(np.round(p, 6)) in theirs and _inside(p[1], p[0], extent)]
    return np.array(points) if points else np.empty((0, 2))


def _border_frame(ax, shapes, places, legs, shown, extent, labels, prefix: str = "") -> None:
    """One map frame. ``prefix`` keeps the SVG ids of a second frame of the same figure unique."""
    lon_min, lon_max, lat_min, lat_max = extent
    ax.set_facecolor(SEA_FILL)
    margin = 0.04 * (lon_max - lon_min)
    box = (lon_min - margin, lon_max + margin, lat_min - margin, lat_max + margin)
    tolerance = (lon_max - lon_min) / 1200  # under a pixel at the screen width of the figure
    for name, polygons in shapes.items():
        for number, polygon in enumerate(polygons):
            outer = polygon[0]
            if (outer[:, 0].max() < lon_min - 1 or outer[:, 0].min() > lon_max + 1
                    or outer[:, 1].max() < lat_min - 1 or outer[:, 1].min() > lat_max + 1):
                continue
            _add(ax, _polygon_patch(polygon, _equirectangular, box, tolerance, facecolor=LAND_FILL.get(name, OTHER_LAND),
                                    edgecolor=BORDER_LINE, linewidth=0.8, zorder=1,
                                    gid=f"{prefix}country-{name.lower().replace(' ', '-')}-{number}"))
    for leg in legs.itertuples():
        points = np.array(route_path(leg._asdict(), places))
        if not any(_inside(lat, lon, extent) for lat, lon in (points[0], points[-1])):
            continue   # neither end in this frame (an empty, clipped line would be an invalid SVG path)
        _route_line(ax, points[:, 1], points[:, 0], leg.kind, f"{prefix}route-{leg.id}")
    for row in shown.to_dict("records"):
        if not _inside(row["lat"], row["lon"], extent):
            continue
        _draw_place(ax, row["lon"], row["lat"], row["kind"], row, prefix)
        if row["id"] in labels:
            _place_label(ax, row["lon"], row["lat"], row, kind_word=True, **labels[row["id"]])
    ax.set_xlim(lon_min, lon_max)
    ax.set_ylim(lat_min, lat_max)
    ax.set_aspect(1 / math.cos(math.radians((lat_min + lat_max) / 2)))
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)


def _country_names(ax, positions: dict[str, tuple[float, float]]) -> None:
    for name, (x, y) in positions.items():
        ax.text(x, y, COUNTRY_LABEL[name], ha="center", va="center", fontsize=TEXT_PT, fontweight="bold",
                color=MUTED, zorder=2, bbox=HALO_BOX)


def plot_border_region(places: pd.DataFrame, routes: pd.DataFrame, topology: dict) -> plt.Figure:
    """The lower Tumen: the three borders, the railway Khasan–Tumangang–Rajin, the ports and the sea routes to
    Vladivostok, on Natural Earth 1:10m outlines (equirectangular, north up), and below it the crossing at Khasan
    and Tumangang enlarged: the rail bridge and the road bridge site."""
    shown, legs = border_region_rows(places, routes)
    lon_min, lon_max, lat_min, lat_max = BORDER_EXTENT
    shapes = topology_rings(topology)

    fig, axes = plt.subplot_mosaic([["main"], ["crossing"]], figsize=(FIG_WIDTH, 6.6), height_ratios=[1.7, 1])
    ax, inset = axes["main"], axes["crossing"]
    _border_frame(ax, shapes, places, legs, shown, BORDER_EXTENT, BORDER_LABELS)
    _country_names(ax, {"Russia": (132.45, 43.2), "China": (130.35, 43.1), "North Korea": (129.93, 42.88)})
    ax.text(132.45, 42.3, "Sea of Japan\n(East Sea)", ha="center", va="center", fontsize=TEXT_PT, style="italic",
            color="#33556e", zorder=2)
    _scale_bar(ax, 132.6, 41.99, 20, (lat_min + lat_max) / 2)
    c_lon_min, c_lon_max, c_lat_min, c_lat_max = CROSSING_EXTENT
    ax.add_patch(plt.Rectangle((c_lon_min, c_lat_min), c_lon_max - c_lon_min, c_lat_max - c_lat_min, fill=False,
                               edgecolor=INK, lw=1.0, zorder=4))
    _border_frame(inset, shapes, places, legs, shown, CROSSING_EXTENT, CROSSING_LABELS, prefix="crossing-")
    _country_names(inset, {"Russia": (130.681, 42.4255), "China": (130.568, 42.437),
                           "North Korea": (130.568, 42.406)})
    _scale_bar(inset, c_lon_max - 0.017, c_lat_min + 0.002, 1, (c_lat_min + c_lat_max) / 2)
    inset.set_title("The crossing, enlarged", fontsize=TEXT_PT, loc="left", pad=3)
    frames = {"main": ax, "crossing": inset}
    paths = {leg.id: np.array(route_path(leg._asdict(), places)) for leg in legs.itertuples()}
    paths["border"] = shared_boundary(shapes, *BORDER_PAIR, CROSSING_EXTENT)[:, ::-1]
    for frame, line, segment, fraction, offset, text in BORDER_LINE_LABELS:
        points = paths.get(line)
        if points is None or len(points) < segment + 2:
            continue   # a route not in the data, or a border not inside the frame: nothing to label
        _line_label(frames[frame], points[:, 1], points[:, 0], segment, fraction, offset, text)
    chart_title(fig, "One railway bridge and one port link Russia and North Korea")
    add_source_line(fig, "Sources: Natural Earth 1:10m outlines (public domain). Each place and route cites its "
                         "source in the tables under the map; routes are straight legs, not tracks, and the bridge "
                         "positions are approximate.")
    return fig


# --------------------------------------------------------------------------------------------------------------
# Eurasia

EURASIA_PLACES = ["pl_moscow", "pl_kursk", "pl_beijing", "pl_pyongyang", "pl_nampo", "pl_vladivostok",
                  "pl_vostochny", "pl_rajin"]
# The Eurasian map has no legend either: every place is the same dot named by its label ("port" added where the
# name does not say it), each distance line carries its length, the tanker route is named along itself
# (EAST_LINE_LABELS), and a note beside the enlarged east says what the straight lines are (EURASIA_NOTE).
# Encodings per panel: land shade, line style (solid distance, dash-dot route), the dot.
# Where each place's label goes on the whole map and in the enlarged east (offset in points, alignment).
EURASIA_LABELS = {
    "pl_moscow": dict(dx=0, dy=7, ha="center", va="bottom"),
    "pl_kursk": dict(dx=-6, dy=0, ha="right", va="center"),
}
EAST_LABELS = {
    "pl_beijing": dict(dx=0, dy=-8, ha="center", va="top"),
    "pl_pyongyang": dict(dx=7, dy=3, ha="left", va="bottom"),
    "pl_vladivostok": dict(dx=-7, dy=3, ha="right", va="bottom"),
    "pl_vostochny": dict(dx=6, dy=0, ha="left", va="center"),
    "pl_rajin": dict(dx=-7, dy=-2, ha="right", va="center"),
    "pl_nampo": dict(dx=6, dy=-5, ha="left", va="top"),
}
# Where each distance label sits: the fraction of the way along its arc, an offset in points, the text and
# (optionally) True for a leader from the label to its line. The long distances are labelled on the whole map,
# naming their ends; the three long lines run too close for a label between them, so the two to Pyongyang are
# labelled in the open land under the lowest line, each with a leader to its own line. The short ones are
# labelled in the enlarged east.
DISTANCE_LABELS = {
    ("pl_moscow", "pl_pyongyang"): (0.5, -7, -37, "Moscow–Pyongyang\n{km} km", True),
    ("pl_moscow", "pl_vladivostok"): (0.45, 0, 10, "{km} km to Vladivostok"),
    ("pl_kursk", "pl_pyongyang"): (0.1, -9, -25, "Kursk–Pyongyang\n{km} km", True),
}
EAST_DISTANCE_LABELS = {
    ("pl_beijing", "pl_pyongyang"): (0.5, 0, 11, "{km} km"),
    ("pl_vladivostok", "pl_pyongyang"): (0.55, -24, 0, "{km} km"),   # over land, left of its line and the tanker route
}
# Labels beside the routes of the enlarged east: (route id, index of the point of the drawn path the label is set
# against, offset in points, alignment, text). Upright, in open sea beside the line.
EAST_LINE_LABELS = [
    ("rt_tanker_vostochny_nampo", 21, 10, 30, "left", "oil tankers\n(2024)"),   # in open sea, above 'Pyongyang' 
]
# What the straight lines are, beside the enlarged east (a note in words, not a key of symbols).
EURASIA_NOTE = ("Each straight line is the shortest way over the globe between two places, labelled with its "
                "length. Routes by rail or sea are longer.")
# The enlarged east holds its places and routes with this much room round them (km, projected: west, east,
# south, north) for the labels.
EAST_MARGINS = (230.0, 520.0, 150.0, 190.0)
EURASIA_PROJECTION = LambertConic(lon0=85.0, lat0=47.0, lat1=35.0, lat2=58.0)


def eurasia_rows(places: pd.DataFrame, routes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The places and route legs the Eurasian map draws."""
    shown = places[places["id"].isin(EURASIA_PLACES)].reset_index(drop=True)
    legs = routes[routes["kind"] == "tanker"].reset_index(drop=True)
    return shown, legs


def eurasia_finding(places: pd.DataFrame) -> str:
    """The map's title, from the computed distances: how much farther Moscow is from Pyongyang than Beijing."""
    table = distance_table(places, [("pl_moscow", "pl_pyongyang"), ("pl_beijing", "pl_pyongyang")])
    far, near = table["km"]
    return f"Pyongyang is {far:,.0f} km from Moscow and {near:,.0f} km from Beijing"


def _projected_box(project, extent: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The projected x_min, x_max, y_min, y_max that hold a lon/lat extent (its corners and edge midpoints)."""
    lon_min, lon_max, lat_min, lat_max = extent
    lons = np.array([lon_min, lon_max, lon_min, lon_max, (lon_min + lon_max) / 2, (lon_min + lon_max) / 2])
    lats = np.array([lat_min, lat_min, lat_max, lat_max, lat_min, lat_max])
    x, y = project(lons, lats)
    return float(x.min()), float(x.max()), float(y.min()), float(y.max())


def _route_points(leg, places: pd.DataFrame) -> np.ndarray:
    """A route leg as drawn: (lat, lon) points along great circles between its turning points."""
    points = np.array(route_path(leg._asdict(), places))
    return np.vstack([great_circle_points(*a, *b, n=12) for a, b in zip(points[:-1], points[1:])])


def _east_box(project, shown: pd.DataFrame, legs: pd.DataFrame, places: pd.DataFrame) -> tuple[float, ...]:
    """The projected box of the enlarged east: every place east of 100° E and every route point, with
    EAST_MARGINS of room round them."""
    east = shown[shown["lon"] > 100]
    lats = list(east["lat"]) + [p[0] for leg in legs.itertuples() for p in _route_points(leg, places)]
    lons = list(east["lon"]) + [p[1] for leg in legs.itertuples() for p in _route_points(leg, places)]
    x, y = project(np.array(lons), np.array(lats))
    west, east_, south, north = EAST_MARGINS
    return float(x.min()) - west, float(x.max()) + east_, float(y.min()) - south, float(y.max()) + north


def _eurasia_frame(ax, shapes, places: pd.DataFrame, legs: pd.DataFrame, shown: pd.DataFrame,
                   distances: pd.DataFrame, box: tuple[float, float, float, float], labels: dict,
                   distance_labels: dict, line_labels=(), prefix: str = "") -> None:
    """One panel of the Eurasian map: outlines, graticule, tanker route, distance arcs (labelled where
    ``distance_labels`` says), places (labelled where ``labels`` says), routes labelled along themselves where
    ``line_labels`` says, clipped to the projected ``box``."""
    project = EURASIA_PROJECTION
    x_min, x_max, y_min, y_max = box
    ax.set_facecolor(SEA_FILL)
    margin = 0.03 * (x_max - x_min)
    _draw_countries(ax, shapes, project, (15.0, 160.0, 20.0, 75.0),
                    (x_min - margin, x_max + margin, y_min - margin, y_max + margin), tolerance=(x_max - x_min) / 350)
    for lon in range(20, 161, 20 if not prefix else 5):
        lat = np.linspace(25, 70, 50)
        ax.plot(*project(np.full_like(lat, lon), lat), color="#cccccc", lw=0.5, zorder=1.5)
    for lat in range(30, 71, 10 if not prefix else 5):
        lon = np.linspace(15, 160, 150)
        ax.plot(*project(lon, np.full_like(lon, lat)), color="#cccccc", lw=0.5, zorder=1.5)
    drawn = {}
    for leg in legs.itertuples():
        dense = _route_points(leg, places)
        drawn[leg.id] = project(dense[:, 1], dense[:, 0])
        _route_line(ax, *drawn[leg.id], leg.kind, f"{prefix}route-{leg.id}")
    ax.set_aspect("equal")
    for line, index, dx, dy, ha, text in line_labels:
        if line in drawn and len(drawn[line][0]) > index:
            xs, ys = drawn[line]
            ax.annotate(text, (xs[index], ys[index]), xytext=(dx, dy), textcoords="offset points", ha=ha,
                        va="center", fontsize=TEXT_PT, color=INK, bbox=HALO_BOX, zorder=6, linespacing=1.05)
    by_id = places.set_index("id")
    for row in distances.to_dict("records"):
        a, b = by_id.loc[row["from_id"]], by_id.loc[row["to_id"]]
        arc = great_circle_points(a["lat"], a["lon"], b["lat"], b["lon"], n=80)
        x, y = project(arc[:, 1], arc[:, 0])
        # a distance is computed from two rows of places.csv: each half of its line leads to the row of its end
        half = len(x) // 2
        gid = f"{prefix}distance-{row['from_id']}-{row['to_id']}"
        for part, (xs, ys), place in ((gid, (x[:half + 1], y[:half + 1]), row["from_id"]),
                                      (f"{gid}-end", (x[half:], y[half:]), row["to_id"])):
            line, = ax.plot(xs, ys, color=INK, lw=1.3, zorder=4, gid=part, solid_capstyle="butt")
            line.set_url(f"#{place}")
        placing = distance_labels.get((row["from_id"], row["to_id"]))
        if placing is None:
            continue
        frac, dx, dy, text, *leader = placing
        i = int(frac * (len(x) - 1))
        ax.annotate(text.format(km=f"{row['km']:,.0f}"), (x[i], y[i]), xytext=(dx, dy), textcoords="offset points",
                    ha="center", va="center", fontsize=TEXT_PT, color=INK, zorder=6,
                    arrowprops=dict(arrowstyle="-", color=INK, lw=0.8, shrinkA=0, shrinkB=0) if any(leader) else None,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor=INK, linewidth=0.6))
    for row in shown.to_dict("records"):
        x, y = project(row["lon"], row["lat"])
        _draw_place(ax, float(x), float(y), row["kind"], row, prefix=prefix)
        if row["id"] in labels:
            _place_label(ax, float(x), float(y), row, local=False, kind_word=True, **labels[row["id"]])
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(True)


def plot_eurasia_distances(places: pd.DataFrame, routes: pd.DataFrame, topology: dict,
                           pairs: list[tuple[str, str]] = DISTANCE_PAIRS) -> plt.Figure:
    """Moscow, Kursk, Beijing, Pyongyang and the Far East ports on one map, with the great-circle distance of
    each pair in ``pairs`` drawn and labelled, and below it north-east Asia enlarged: the short distances from
    Pyongyang to Beijing and Vladivostok, and the tanker route from Vostochny round the peninsula. No legend:
    every line and place is named where it is drawn, and a note beside the enlarged east says what the straight
    lines are."""
    from textwrap import fill

    shown, legs = eurasia_rows(places, routes)
    project = EURASIA_PROJECTION
    shapes = topology_rings(topology)
    distances = distance_table(places, pairs)

    fig, axes = plt.subplot_mosaic([["main", "main"], ["east", "note"]], figsize=(FIG_WIDTH, 5.6),
                                   height_ratios=[1, 1.25], width_ratios=[2.05, 1])
    ax, east, note = axes["main"], axes["east"], axes["note"]
    whole = _projected_box(project, (33.0, 140.0, 34.0, 59.0))
    whole = (whole[0], whole[1], float(project(85.0, 34.0)[1]), whole[3])
    _eurasia_frame(ax, shapes, places, legs, shown, distances, whole, EURASIA_LABELS, DISTANCE_LABELS)
    for name, (lon, lat) in {"Russia": (100, 57.5), "China": (100, 38.5)}.items():
        x, y = project(lon, lat)
        ax.text(float(x), float(y), COUNTRY_LABEL[name], ha="center", va="center", fontsize=TEXT_PT,
                fontweight="bold", color=MUTED, zorder=2, bbox=HALO_BOX)
    e_x_min, e_x_max, e_y_min, e_y_max = _east_box(project, shown, legs, places)
    ax.add_patch(plt.Rectangle((e_x_min, e_y_min), e_x_max - e_x_min, e_y_max - e_y_min, fill=False,
                               edgecolor=INK, lw=1.0, zorder=4.5))
    _eurasia_frame(east, shapes, places, legs, shown, distances, (e_x_min, e_x_max, e_y_min, e_y_max),
                   EAST_LABELS, EAST_DISTANCE_LABELS, EAST_LINE_LABELS, prefix="east-")
    east.set_title("North-east Asia, enlarged", fontsize=TEXT_PT, loc="left", pad=3)
    note.set_axis_off()
    note.text(0.06, 0.98, fill(EURASIA_NOTE, 17), transform=note.transAxes, ha="left", va="top",
              fontsize=TEXT_PT, color=INK, linespacing=1.2)
    chart_title(fig, eurasia_finding(places))
    add_source_line(fig, "Sources: Natural Earth 1:50m outlines (public domain). Coordinates and the tanker route "
                         "cite their sources in the tables under the map; distances are computed on a sphere. "
                         "Lambert conformal conic projection.")
    return fig
