"""Checks on the text of a drawn matplotlib figure, shared by the chart and map tests: text that runs off the
figure, texts on top of each other, x tick labels that touch, and a label wider than the bar it sits on."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np


def bar_boxes(ax) -> list:
    """The display-space boxes of the bars of an axes: each path of a bar collection (``broken_barh``) and each
    rectangle patch, leaving out spans as wide or as tall as the axes (backgrounds, stage bands)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    boxes = []
    for artist in ax.collections:
        if isinstance(artist, PolyCollection) and artist.get_visible():
            boxes += [Bbox.from_extents(*artist.get_transform().transform(path.vertices).min(axis=0),
                                        *artist.get_transform().transform(path.vertices).max(axis=0))
                      for path in artist.get_paths() if len(path.vertices)]
    boxes += [p.get_window_extent() for p in ax.patches if isinstance(p, Rectangle) and p.get_visible()]
    return [b for b in boxes if 0 < b.width < 0.9 * ax.bbox.width and 0 < b.height < 0.9 * ax.bbox.height]


def text_corners(text, renderer) -> np.ndarray:
    """The four corners of a text as drawn (a label turned along a line is a turned rectangle, not its
    upright bounding box), in display pixels."""
    import matplotlib.text as mtext

    box = mtext.Text.get_window_extent(text, renderer)   # an annotation's own text, without its leader line
    angle = math.radians(text.get_rotation())
    if not angle % (math.pi / 2):
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    rotation = text.get_rotation()
    text.set_rotation(0)
    upright = mtext.Text.get_window_extent(text, renderer)
    text.set_rotation(rotation)
    half = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]) * [upright.width / 2, upright.height / 2]
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    return half @ turn.T + [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]


def overlap(a: np.ndarray, b: np.ndarray) -> float:
    """How far two convex quadrilaterals overlap, in pixels (the smallest overlap of their projections on the
    normals of their sides; zero or less: they do not touch)."""
    depth = math.inf
    for quad in (a, b):
        for p, q in zip(quad, np.roll(quad, -1, axis=0)):
            normal = np.array([q[1] - p[1], p[0] - q[0]])
            norm = np.hypot(*normal)
            if not norm:
                continue
            pa, pb = a @ normal / norm, b @ normal / norm
            depth = min(depth, min(pa.max(), pb.max()) - max(pa.min(), pb.min()))
    return depth


def text_defects(fig: plt.Figure) -> list[str]:
    """Text that runs past the figure's edge (tick labels outside the axis limits are not drawn and do not
    count), texts drawn on top of each other, x tick labels of one axis that touch or overlap, and a label
    placed on a bar that is wider than the bar (it spills over the bar's ends)."""
    import matplotlib.text as mtext

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    hidden, problems = set(), []
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            low, high = sorted(limits)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    hidden.update({id(tick.label1), id(tick.label2)})
    edge = fig.bbox
    drawn = []
    for text in fig.findobj(mtext.Text):
        if id(text) in hidden or not text.get_visible() or not text.get_text().strip():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < edge.x0 or box.y0 < edge.y0 or box.x1 > edge.x1 or box.y1 > edge.y1:
            problems.append(f"off the figure: {text.get_text()!r}")
        corners = text_corners(text, renderer)
        for other, other_corners in drawn:   # two texts on top of each other (2 px of line spacing allowed)
            if overlap(corners, other_corners) > 2:
                problems.append(f"texts overlap: {other.get_text()!r} {text.get_text()!r}")
        drawn.append((text, corners))
    for ax in fig.axes:
        bars = bar_boxes(ax)
        for text in ax.texts:
            if not text.get_visible() or not text.get_text().strip():
                continue
            box = text.get_window_extent(renderer)
            x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2   # a label whose middle sits on the bar
            for bar in bars:
                if bar.x0 <= x <= bar.x1 and bar.y0 <= y <= bar.y1 and (box.x0 < bar.x0 - 1 or box.x1 > bar.x1 + 1):
                    problems.append(f"wider than its bar: {text.get_text()!r} ({box.width:.0f} px on a bar of "
                                    f"{bar.width:.0f} px)")
        low, high = sorted(ax.get_xlim())
        labels = [(t.label1.get_window_extent(renderer), t.label1.get_text()) for t in ax.xaxis.get_major_ticks()
                  if low <= t.get_loc() <= high and t.label1.get_visible() and t.label1.get_text()]
        labels = sorted(labels, key=lambda pair: pair[0].x0)
        for (a, a_text), (b, b_text) in zip(labels, labels[1:]):
            if b.x0 < a.x1 + 2:
                problems.append(f"tick labels touch: {a_text!r} {b_text!r}")
    return problems
