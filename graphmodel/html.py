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


def _axes(xlabel: str, ylabel: str, ticks_x=None, ticks_y=None, xr=(0, 1), yr=(0, 1)) -> list[str]:
    parts = [
        f"<rect x='{MARGIN}' y='{MARGIN / 2}' width='{WIDTH - 1.5 * MARGIN}' height='{HEIGHT - 1.5 * MARGIN}' "
        "fill='none' stroke='#999'/>",
        f"<text x='{WIDTH / 2}' y='{HEIGHT - 8}' text-anchor='middle'>{html.escape(xlabel)}</text>",
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
    px = dict(zip(codes, _scale(lx, *xr, MARGIN + 10, WIDTH - MARGIN / 2 - 10)))
    py = dict(zip(codes, _scale(ly, *yr, HEIGHT - MARGIN - 10, MARGIN / 2 + 10)))
    colours = figures._bloc_colours(analysis.blocs)
    cmap, norm = matplotlib.colormaps[figures.AGREEMENT_CMAP], figures.agreement_norm(index)
    parts = _axes("MDS dimension 1 (1 − agreement)", "MDS dimension 2")
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
        if code in ANCHORS or code in figures.STORY_COUNTRIES:
            parts.append(f"<text class='label' x='{px[code] + 7:.1f}' y='{py[code] - 5:.1f}'>{code}</text>")
    blocs = analysis.blocs[analysis.blocs["window"] == window]
    for k, b in enumerate(blocs.itertuples()):
        y = MARGIN / 2 + 16 + 16 * k
        parts.append(f"<circle cx='{WIDTH - 300}' cy='{y - 4}' r='5' fill='{colours.get(b.bloc, '#999')}'/>")
        parts.append(f"<text x='{WIDTH - 290}' y='{y}'>bloc {b.bloc}: {html.escape(b.name)} ({b.size})</text>")
    first = blocs.iloc[0]
    title = (
        f"{analysis.params['windows']['body']} {analysis.params['windows']['by']} {window} ({first['start']} to "
        f"{first['end']}): blocs on the k-NN backbone, index {index}"
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
        parts.append(f"<text class='label' x='{sx(r['x1']) + 6:.1f}' y='{sy(r['y1']) - 4:.1f}'>{code}</text>")
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
