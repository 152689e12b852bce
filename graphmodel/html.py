"""Interactive, self-contained HTML versions of the network and the shift chart.

One file each, with inline SVG and a few lines of inline JavaScript (no library, no CDN, no
network access when opened): hover a country for its name, bloc and values; type an ISO3 code
to find it; hovering a node in the network highlights its backbone edges. Colours and scales are
those of :mod:`graphmodel.figures`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

from . import figures
from .countries import ANCHORS

WIDTH, HEIGHT, MARGIN = 860, 680, 60
LEGEND = 210  # px kept right of the network for its legend

_SCRIPT = """
const info = document.getElementById('info');
const svg = document.querySelector('svg');
function show(el) {
  info.textContent = el.dataset.info;
  svg.querySelectorAll('line.edge').forEach(l => {
    const on = l.dataset.u === el.dataset.id || l.dataset.v === el.dataset.id;
    l.classList.toggle('hot', on);
  });
  el.classList.add('hot');
}
function hide(el) { el.classList.remove('hot'); svg.querySelectorAll('line.hot').forEach(l => l.classList.remove('hot')); }
svg.querySelectorAll('.node').forEach(el => {
  el.addEventListener('mouseenter', () => show(el));
  el.addEventListener('mouseleave', () => hide(el));
});
document.getElementById('find').addEventListener('input', e => {
  const code = e.target.value.trim().toUpperCase();
  svg.querySelectorAll('.node').forEach(el => el.classList.toggle('found', code.length > 1 && el.dataset.id.startsWith(code)));
  const hit = svg.querySelector('.node.found');
  if (hit) show(hit);
});
"""

_STYLE = """
body { font-family: sans-serif; margin: 16px; color: #222; }
h1 { font-size: 16px; font-weight: normal; margin: 0 0 4px; }
#bar { font-size: 13px; margin: 6px 0; }
#info { display: inline-block; min-width: 420px; margin-left: 12px; font-family: monospace; }
.node { cursor: pointer; }
.node.hot, .node.found { stroke: #000; stroke-width: 2.5; }
line.edge.hot { stroke-opacity: 1; stroke-width: 2; }
text { font-size: 11px; pointer-events: none; }
text.label { font-weight: bold; paint-order: stroke; stroke: white; stroke-width: 3px; }
"""


def _scale(values, low, high, out_low, out_high):
    values = np.asarray(values, dtype=float)
    return out_low + (values - low) / ((high - low) or 1) * (out_high - out_low)


def _labels(points: dict, dots: list) -> list[str]:
    """SVG labels for ``points`` (code → (x, y) in pixels), in priority order, each at the first of
    a few offsets where its box (about 7 px per character) overlaps no earlier label and no dot
    other than its own; a leader line when it sits away from its point; skipped when nothing fits
    (the point stays hoverable)."""
    placed, parts = [], []
    offsets = [(8, -6), (8, 12), (-8, -6), (-8, 12), (0, -12), (0, 20), (18, -16), (-18, -16), (18, 26), (-18, 26)]
    offsets += [(30, -26), (-30, -26), (30, 34), (-30, 34), (44, 4), (-44, 4)]
    dots = np.asarray(dots, dtype=float).reshape(-1, 2)
    for code, (x, y) in points.items():
        width, height = 7 * len(code) + 2, 12
        best = None
        for dx, dy in offsets:
            left = x + dx if dx > 0 else x + dx - width if dx < 0 else x - width / 2
            box = (left, y + dy - height + 2, left + width, y + dy + 2)
            if any(not (box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3]) for b in placed):
                continue
            inside = (dots[:, 0] > box[0]) & (dots[:, 0] < box[2]) & (dots[:, 1] > box[1]) & (dots[:, 1] < box[3])
            if best is None or inside.sum() < best[0]:
                best = (int(inside.sum()), dx, dy, box)
            if not inside.any():
                break
        if best is None:
            continue
        _, dx, dy, box = best
        placed.append(box)
        anchor = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if abs(dx) > 10 or abs(dy) > 14:
            parts.append(
                f"<line x1='{anchor[0]:.1f}' y1='{anchor[1]:.1f}' x2='{x:.1f}' y2='{y:.1f}' stroke='#222' "
                "stroke-width='0.7'/>"
            )
        parts.append(f"<text class='label' x='{box[0] + 1:.1f}' y='{box[3] - 3:.1f}'>{code}</text>")
    return parts


def _page(title: str, body: str, note: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        "<div id='bar'>find ISO3: <input id='find' size='5' placeholder='USA'><span id='info'>"
        "hover a country</span></div>"
        f"{body}<p style='font-size:12px;color:#555'>{html.escape(note)}</p>"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


def _axes(xlabel: str, ylabel: str, ticks_x=None, ticks_y=None, xr=(0, 1), yr=(0, 1), right=None) -> list[str]:
    right = right or WIDTH - MARGIN / 2
    parts = [
        f"<rect x='{MARGIN}' y='{MARGIN / 2}' width='{right - MARGIN}' height='{HEIGHT - 1.5 * MARGIN}' "
        "fill='none' stroke='#999'/>",
        f"<text x='{(MARGIN + right) / 2}' y='{HEIGHT - 8}' text-anchor='middle'>{html.escape(xlabel)}</text>",
        f"<text transform='translate(14,{HEIGHT / 2}) rotate(-90)' text-anchor='middle'>{html.escape(ylabel)}</text>",
    ]
    for value in ticks_x or []:
        x = _scale(value, *xr, MARGIN, WIDTH - MARGIN / 2)
        parts.append(f"<text x='{x:.1f}' y='{HEIGHT - MARGIN + 16}' text-anchor='middle'>{value:g}</text>")
    for value in ticks_y or []:
        y = _scale(value, *yr, HEIGHT - MARGIN, MARGIN / 2)
        parts.append(f"<text x='{MARGIN - 6}' y='{y + 4:.1f}' text-anchor='end'>{value:g}</text>")
    return parts


def _svg(parts: list[str]) -> str:
    return (
        f"<svg width='{WIDTH}' height='{HEIGHT}' viewBox='0 0 {WIDTH} {HEIGHT}' role='img'>" + "".join(parts) + "</svg>"
    )


def network_html(analysis, window: str, *, layout: pd.DataFrame | None = None) -> str:
    """The network of one window (:func:`graphmodel.figures.network`) as an interactive page."""
    backbone = analysis.backbones[window]
    index = analysis.params["index"]["name"]
    layout = layout if layout is not None else figures.mds_layout(analysis.agreement[window])
    nodes = analysis.nodes[analysis.nodes["window"] == window].set_index("iso3")
    codes = [c for c in backbone if c in layout.index]
    lx, ly = layout.loc[codes, "x"], layout.loc[codes, "y"]
    xr, yr = (lx.min(), lx.max()), (ly.min(), ly.max())
    px = dict(zip(codes, _scale(lx, *xr, MARGIN + 10, WIDTH - MARGIN / 2 - 10 - LEGEND)))
    py = dict(zip(codes, _scale(ly, *yr, HEIGHT - MARGIN - 10, MARGIN / 2 + 10)))
    colours = figures.bloc_colours(analysis.blocs)
    cmap, norm = matplotlib.colormaps[figures.AGREEMENT_CMAP], figures.agreement_norm(index)
    parts = _axes("MDS dimension 1 (1 − agreement)", "MDS dimension 2", right=WIDTH - MARGIN / 2 - LEGEND)
    for u, v, data in sorted(backbone.edges(data=True), key=lambda e: e[2]["weight"]):
        if u in px and v in px:
            colour = matplotlib.colors.to_hex(cmap(norm(data["weight"])))
            parts.append(
                f"<line class='edge' data-u='{u}' data-v='{v}' x1='{px[u]:.1f}' y1='{py[u]:.1f}' x2='{px[v]:.1f}' "
                f"y2='{py[v]:.1f}' stroke='{colour}' stroke-opacity='0.35' stroke-width='0.8'/>"
            )
    row = analysis.agreement[window]
    for code in codes:
        node = nodes.loc[code] if code in nodes.index else None
        bloc = int(node["bloc"]) if node is not None else None
        text = (
            f"{code} {node['name']}: bloc {bloc} ({node['bloc_name']}), strength {node['strength']:.1f}, "
            f"agreement with USA {row.at[code, 'USA']:.2f}, with RUS {row.at[code, 'RUS']:.2f}"
            if node is not None and "USA" in row.index and "RUS" in row.index
            else code
        )
        colour = colours.get(bloc, "#999999")
        radius = 6 if code in ANCHORS else 4
        parts.append(
            f"<circle class='node' data-id='{code}' data-info='{html.escape(text, quote=True)}' cx='{px[code]:.1f}' "
            f"cy='{py[code]:.1f}' r='{radius}' fill='{colour}' stroke='white' stroke-width='0.8'>"
            f"<title>{html.escape(text)}</title></circle>"
        )
    named = [c for c in (*ANCHORS, *figures.STORY_COUNTRIES) if c in px]
    parts += _labels({c: (px[c], py[c]) for c in named}, [(px[c], py[c]) for c in codes])
    blocs = analysis.blocs[analysis.blocs["window"] == window]
    for k, b in enumerate(blocs.itertuples()):
        y = MARGIN / 2 + 16 + 30 * k
        parts.append(f"<circle cx='{WIDTH - LEGEND}' cy='{y - 4}' r='5' fill='{colours.get(b.bloc, '#999')}'/>")
        parts.append(f"<text x='{WIDTH - LEGEND + 10}' y='{y}'>bloc {b.bloc} ({b.size})</text>")
        parts.append(f"<text x='{WIDTH - LEGEND + 10}' y='{y + 13}'>{html.escape(b.name)}</text>")
    # the PNG's heading and notes: partial window, significance, stability
    title = "; ".join(
        part
        for part in (
            f"{figures.window_heading(analysis, window)}: blocs on the k-NN backbone, index {index}",
            figures.significance_note(analysis, window),
            figures.stability_text(analysis, window),
        )
        if part
    )
    note = (
        "Positions: classical MDS of 1 − agreement. Edges: the k-nearest-neighbour backbone, coloured by agreement "
        f"on the fixed {index} scale (dark low, yellow high). Hover a country to highlight its edges."
    )
    return _page(title, _svg(parts), note)


def shift_html(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    x: str = "USA",
    y: str = "RUS",
    window_names: tuple = ("before", "after"),
    index: str = "agree",
    top: int = 10,
    date=None,
    names: dict | None = None,
) -> str:
    """The shift chart (:func:`graphmodel.figures.shift_chart`) as an interactive page: every
    country hoverable with its values in both windows, arrows for the ``top`` movers."""
    table = figures.shift_points(before, after, x, y)
    groups = figures.highlight_groups(table.index, date or pd.Timestamp.today())
    low, high = figures.AGREEMENT_SCALE.get(index, (0, 1))

    def sx(v):
        return _scale(v, low, high, MARGIN, WIDTH - MARGIN / 2)

    def sy(v):
        return _scale(v, low, high, HEIGHT - MARGIN, MARGIN / 2)

    ticks = list(np.round(np.linspace(low, high, 6), 2))
    parts = _axes(
        f"agreement with {x} ({index})", f"agreement with {y} ({index})", ticks, ticks, (low, high), (low, high)
    )
    parts.append(
        "<defs><marker id='head' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='6' markerHeight='6' "
        "orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' fill='#333'/></marker></defs>"
    )
    for code in table.index[:top]:
        r = table.loc[code]
        parts.append(
            f"<line x1='{sx(r['x0']):.1f}' y1='{sy(r['y0']):.1f}' x2='{sx(r['x1']):.1f}' y2='{sy(r['y1']):.1f}' "
            "stroke='#333' stroke-width='1' marker-end='url(#head)'/>"
        )
    names = names or {}
    for code, r in table.iloc[::-1].iterrows():
        group = groups[code]
        text = (
            f"{code} {names.get(code, '')} ({group}): with {x} {r['x0']:.2f} → {r['x1']:.2f}, "
            f"with {y} {r['y0']:.2f} → {r['y1']:.2f}"
        )
        opacity = 0.45 if group == "other" else 1
        parts.append(
            f"<circle class='node' data-id='{code}' data-info='{html.escape(text, quote=True)}' cx='{sx(r['x1']):.1f}' "
            f"cy='{sy(r['y1']):.1f}' r='4' fill='{figures.GROUP_STYLE[group]}' fill-opacity='{opacity}' "
            f"stroke='white' stroke-width='0.5'><title>{html.escape(text)}</title></circle>"
        )
    parts += _labels(
        {c: (float(sx(table.at[c, "x1"])), float(sy(table.at[c, "y1"]))) for c in table.index[:top]},
        [(float(sx(a)), float(sy(b))) for a, b in zip(table["x1"], table["y1"])],
    )
    for k, (group, colour) in enumerate(figures.GROUP_STYLE.items()):
        parts.append(f"<circle cx='{WIDTH - 170}' cy='{MARGIN / 2 + 14 + 16 * k}' r='4' fill='{colour}'/>")
        parts.append(f"<text x='{WIDTH - 160}' y='{MARGIN / 2 + 18 + 16 * k}'>{group}</text>")
    title = f"Agreement with {x} and {y}: {window_names[0]} → {window_names[1]} ({index})"
    note = (
        f"Points: each country in {window_names[1]}; arrows: the {top} largest moves from {window_names[0]}. "
        "Hover a point for both windows' values."
    )
    return _page(title, _svg(parts), note)


def write(text: str, path) -> Path:
    """Write a page made here to ``path`` (suffix .html)."""
    path = Path(path).with_suffix(".html")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def page_data(text: str) -> dict:
    """Counts of what a page holds (for tests and the demo): nodes, edges, arrows."""
    return json.loads(
        json.dumps(
            {
                "nodes": text.count("class='node'"),
                "edges": text.count("class='edge'"),
                "arrows": text.count("marker-end"),
            }
        )
    )
