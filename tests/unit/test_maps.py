"""The maps: places and routes load and refuse bad rows, the vendored outlines are checked against their recorded
checksum, the TopoJSON decoder and the distances are right, and both maps draw what the rows say."""

from __future__ import annotations

import hashlib
import json
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.data_edits import edit_cell  # noqa: E402
from moscow_pyongyang.charts import maps  # noqa: E402
from moscow_pyongyang.data import DataError, load_geometry, load_places, load_routes  # noqa: E402
from moscow_pyongyang.data.paths import REPO_ROOT  # noqa: E402

DATA = REPO_ROOT / "data"


# --- places and routes ----------------------------------------------------------------------------------------


def test_places_load_with_coordinates_and_sources():
    places = load_places()
    wanted = {"pl_moscow", "pl_pyongyang", "pl_beijing", "pl_kursk", "pl_vladivostok", "pl_vostochny", "pl_rajin",
              "pl_khasan", "pl_tumangang", "pl_rail_bridge", "pl_road_bridge", "pl_tumen_mouth"}
    assert wanted <= set(places["id"])
    assert places["lat"].between(-90, 90).all() and places["lon"].between(-180, 180).all()
    assert places["source_url"].str.match(r"https?://").all() and (places["quote"] != "").all()
    assert places.set_index("id").loc["pl_khasan", "name_local"] == "Хасан"


def test_routes_join_up_and_name_known_places():
    routes = load_routes()
    rail = routes[routes["route"] == "Khasan–Rajin railway"].sort_values("seq")
    assert list(rail["from_place"])[0] == "pl_khasan" and list(rail["to_place"])[-1] == "pl_rajin"
    assert set(routes["kind"]) >= {"rail", "ferry", "tanker"}


def test_bad_coordinate_is_refused_with_file_line_and_column(data_copy):
    line = edit_cell(data_copy, "places", "pl_rajin", "lat", "142.25")
    with pytest.raises(DataError) as excinfo:
        load_places()
    err = excinfo.value
    assert err.path.name == "places.csv" and err.line == line and err.column == "lat"
    assert "above the maximum" in str(err) and f"line {line}" in str(err)


def test_non_numeric_coordinate_is_refused(data_copy):
    line = edit_cell(data_copy, "places", "pl_khasan", "lon", "130°38′E")
    with pytest.raises(DataError, match=rf"places.csv, line {line}, column 'lon': non-numeric"):
        load_places()


def test_route_to_an_unknown_place_is_refused(data_copy):
    line = edit_cell(data_copy, "routes", "rt_ferry_rajin_vladivostok", "to_place", "pl_atlantis")
    with pytest.raises(DataError) as excinfo:
        load_routes()
    assert excinfo.value.line == line and excinfo.value.column == "to_place"
    assert "unknown place 'pl_atlantis'" in str(excinfo.value)


def test_broken_route_chain_is_refused(data_copy):
    line = edit_cell(data_copy, "routes", "rt_rail_tumangang_rajin", "from_place", "pl_khasan")
    with pytest.raises(DataError) as excinfo:
        load_routes()
    assert excinfo.value.line == line and excinfo.value.column == "from_place"


def test_missing_source_is_refused(data_copy):
    line = edit_cell(data_copy, "places", "pl_kursk", "source_url", "")
    with pytest.raises(DataError, match=rf"line {line}, column 'source_url': missing source"):
        load_places()


# --- the vendored outlines ------------------------------------------------------------------------------------


def geo_resources() -> list[dict]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return [r for r in package["resources"] if r["path"].startswith("geo/")]


def test_outlines_are_recorded_with_licence_version_and_checksum():
    resources = geo_resources()
    assert {r["name"] for r in resources} == {"countries_10m", "countries_50m"}
    for res in resources:
        raw = (DATA / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        assert res["bytes"] == len(raw)
        assert res["x-version"] == "2.0.2" and res["licenses"]
    assert "ISC" in (DATA / "geo" / "LICENSE-world-atlas").read_text()


def test_checksum_is_verified(data_copy):
    assert load_geometry("countries_50m")["type"] == "Topology"
    path = data_copy / "geo" / "countries-50m.json"
    path.write_bytes(path.read_bytes().replace(b'"North Korea"', b'"North Koreb"'))
    with pytest.raises(DataError, match="checksum mismatch"):
        load_geometry("countries_50m")


# --- decoder and distances ------------------------------------------------------------------------------------


def test_topojson_decoder_on_a_tiny_topology():
    topology = {"type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
                "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
                "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "Square"}},
                    {"type": "Polygon", "arcs": [[~1, ~0]], "properties": {"name": "Reversed"}}]}}}
    shapes = maps.topology_rings(topology)
    ring = shapes["Square"][0][0]
    assert ring.tolist() == [[10, 20], [11, 20], [11, 21], [10, 21], [10, 20]]
    assert shapes["Reversed"][0][0].tolist() == ring[::-1].tolist()


def test_real_outlines_put_places_in_their_countries():
    shapes = maps.topology_rings(load_geometry("countries_50m"))
    from matplotlib.path import Path as MplPath

    def inside(country, lat, lon):
        return any(MplPath(polygon[0]).contains_point((lon, lat)) for polygon in shapes[country])

    places = load_places().set_index("id")
    for pid, country in [("pl_moscow", "Russia"), ("pl_beijing", "China"), ("pl_pyongyang", "North Korea"),
                         ("pl_kursk", "Russia")]:
        assert inside(country, places.loc[pid, "lat"], places.loc[pid, "lon"]), pid


def test_great_circle_distance():
    assert maps.great_circle_km(0, 0, 0, 90) == pytest.approx(math.pi / 2 * maps.EARTH_RADIUS_KM)
    assert maps.great_circle_km(10, 20, 10, 20) == 0
    # one degree of latitude is about 111.2 km
    assert maps.great_circle_km(42, 130, 43, 130) == pytest.approx(111.2, abs=0.1)


def test_distances_are_computed_from_the_rows(data_copy):
    table = maps.distance_table(load_places()).set_index(["from_id", "to_id"])
    moscow_pyongyang = table.loc[("pl_moscow", "pl_pyongyang"), "km"]
    assert 6300 < moscow_pyongyang < 6500   # about 6,400 km
    assert 750 < table.loc[("pl_beijing", "pl_pyongyang"), "km"] < 850
    assert moscow_pyongyang > 7 * table.loc[("pl_beijing", "pl_pyongyang"), "km"]
    edit_cell(data_copy, "places", "pl_pyongyang", "lat", "45.0")
    moved = maps.distance_table(load_places()).set_index(["from_id", "to_id"])
    assert moved.loc[("pl_moscow", "pl_pyongyang"), "km"] != pytest.approx(moscow_pyongyang)


def test_great_circle_points_end_where_they_should():
    points = maps.great_circle_points(55.75, 37.6, 39.0, 125.7, n=10)
    assert points[0] == pytest.approx([55.75, 37.6]) and points[-1] == pytest.approx([39.0, 125.7])


# --- the maps -------------------------------------------------------------------------------------------------


def svg_text(fig) -> str:
    import io

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return buffer.getvalue()


@pytest.fixture(autouse=False)
def book_style():
    from moscow_pyongyang.charts.style import book_style as style

    with style():
        yield


def test_border_map_draws_every_place_and_leg_in_its_frame(book_style):
    places, routes = load_places(), load_routes()
    shown, legs = maps.border_region_rows(places, routes)
    assert {"pl_khasan", "pl_tumangang", "pl_rajin", "pl_vladivostok", "pl_vostochny", "pl_road_bridge"} <= set(
        shown["id"])
    assert "pl_moscow" not in set(shown["id"])
    svg = svg_text(maps.plot_border_region(places, routes, load_geometry("countries_10m")))
    for pid in shown["id"]:
        assert f'id="place-{pid}"' in svg, pid
    for rid in legs["id"]:
        assert f'id="route-{rid}"' in svg, rid
    assert "Хасан" in svg and "라진" in svg and "Sources:" in svg


def test_eurasia_map_labels_the_computed_distances(book_style):
    places, routes = load_places(), load_routes()
    svg = svg_text(maps.plot_eurasia_distances(places, routes, load_geometry("countries_50m")))
    for row in maps.distance_table(places).itertuples():
        assert f"{row.km:,.0f} km" in svg
        assert f'id="distance-{row.from_id}-{row.to_id}"' in svg


def test_lambert_projection_keeps_north_up_and_east_right():
    project = maps.LambertConic()
    x1, y1 = project(np.array([80.0]), np.array([45.0]))
    x2, y2 = project(np.array([100.0]), np.array([45.0]))
    x3, y3 = project(np.array([90.0]), np.array([55.0]))
    assert x2 > x1 and y3 > (y1 + y2) / 2


def test_clipping_keeps_only_the_part_inside_the_box():
    square = np.array([[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], dtype=float)
    clipped = maps.clip_ring(square, (1, 2, -1, 5))
    assert clipped[:, 0].min() == 1 and clipped[:, 0].max() == 2
    assert clipped[:, 1].min() == 0 and clipped[:, 1].max() == 4
    assert len(maps.clip_ring(square, (10, 11, 10, 11))) == 0


def test_map_svgs_stay_light(book_style):
    """Outlines are clipped to the frame and thinned: each map's SVG stays well under the page-weight budget."""
    import io

    places, routes = load_places(), load_routes()
    for plot, geometry in ((maps.plot_border_region, "countries_10m"), (maps.plot_eurasia_distances, "countries_50m")):
        buffer = io.StringIO()
        fig = plot(places, routes, load_geometry(geometry))
        fig.savefig(buffer, format="svg")
        plt.close(fig)
        assert len(buffer.getvalue().encode()) < 350_000, plot.__name__


def test_border_map_labels_its_lines_and_places_directly(book_style):
    """No legend: each kind of line drawn is named along the line, the border is named, every place is the same
    dot (its label says what it is), and no label runs off the figure or into another."""
    from helpers.chart_text import text_defects

    places, routes = load_places(), load_routes()
    shown, legs = maps.border_region_rows(places, routes)
    fig = maps.plot_border_region(places, routes, load_geometry("countries_10m"))
    assert not fig.legends and not any(ax.get_legend() for ax in fig.axes), "a legend: label directly"
    texts = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible()]
    line_labels = {line: text for _, line, *_, text in maps.BORDER_LINE_LABELS}
    for kind in set(legs["kind"]):
        named = [text for line, text in line_labels.items() if line in set(legs.loc[legs["kind"] == kind, "id"])]
        assert named and all(text in texts for text in named), f"the {kind} line is not labelled"
    assert line_labels["border"] in texts
    markers = {line.get_marker() for ax in fig.axes for line in ax.lines if (line.get_gid() or "").startswith(
        ("place-", "crossing-place-"))}
    assert len(markers) == 1, f"places drawn with several markers {markers}: at most three encodings"
    rajin = places.set_index("id").loc["pl_rajin"]
    assert any(t.startswith(f"{rajin['name']} port") for t in texts)       # the label says what the dot is
    assert not text_defects(fig), text_defects(fig)
    plt.close(fig)


def test_eurasia_map_labels_its_lines_and_places_directly(book_style):
    """No legend on the Eurasian map either: each route kind drawn is named beside its line, each distance line
    carries its length, every place is the same dot and a port's label says it is one, a note says what the
    straight lines are, and no label runs off the figure or into another."""
    from helpers.chart_text import text_defects

    places, routes = load_places(), load_routes()
    shown, legs = maps.eurasia_rows(places, routes)
    fig = maps.plot_eurasia_distances(places, routes, load_geometry("countries_50m"))
    assert not fig.legends and not any(ax.get_legend() for ax in fig.axes), "a legend: label directly"
    texts = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_visible()]
    for kind in set(legs["kind"]):
        ids = set(legs.loc[legs["kind"] == kind, "id"])
        named = [label[-1] for label in maps.EAST_LINE_LABELS if label[0] in ids]
        assert named and all(text in texts for text in named), f"the {kind} line is not labelled"
    for row in maps.distance_table(places).itertuples():
        assert any(f"{row.km:,.0f} km" in text for text in texts), f"{row.from_id}-{row.to_id} has no length"
    markers = {line.get_marker() for ax in fig.axes for line in ax.lines if (line.get_gid() or "").startswith(
        ("place-", "east-place-"))}
    assert len(markers) == 1, f"places drawn with several markers {markers}: at most three encodings"
    nampo = places.set_index("id").loc["pl_nampo"]
    assert any(t.startswith(f"{nampo['name']} port") for t in texts)       # the label says what the dot is
    assert any("shortest way over" in " ".join(t.split()) for t in texts), "nothing says what the lines are"
    assert not text_defects(fig), text_defects(fig)
    plt.close(fig)


def test_shared_boundary_is_the_border_of_two_countries():
    shapes = maps.topology_rings(load_geometry("countries_10m"))
    border = maps.shared_boundary(shapes, "Russia", "North Korea", maps.CROSSING_EXTENT)
    assert len(border) >= 2
    assert not len(maps.shared_boundary(shapes, "Russia", "Mongolia", maps.CROSSING_EXTENT))


def test_turned_labels_overlap_only_where_their_text_does():
    from helpers.chart_text import text_defects

    fig, ax = plt.subplots(figsize=(5, 3))
    ax.text(0.3, 0.5, "a label along a line", rotation=30, ha="center", va="center", rotation_mode="anchor")
    ax.text(0.45, 0.3, "its parallel neighbour", rotation=30, ha="center", va="center", rotation_mode="anchor")
    assert not [p for p in text_defects(fig) if "overlap" in p]   # upright boxes would overlap, the text does not
    ax.text(0.3, 0.5, "a crossing label", rotation=-30, ha="center", va="center", rotation_mode="anchor")
    assert [p for p in text_defects(fig) if "overlap" in p]
    plt.close(fig)
