"""Publication figures, one function per figure; each returns a matplotlib Figure.

Colours are the Okabe & Ito (2008) colour-blind-safe palette; sizes default to a journal column
pair (7 in wide) with 8–10 pt text so a figure stays legible printed at paper size. Titles say the
window (and whether it is partial), the index, and what the significance test and the consensus
runs say of a partition. A bloc has one colour in every figure of an analysis
(:func:`bloc_colours`). Network edges and trajectories are drawn on one colour scale per index
(:data:`AGREEMENT_SCALE`); a heatmap spans its window's own percentiles and says so. Vote choices differ in hue, in lightness (so they survive greyscale printing)
and in hatching. :func:`save` writes PNG, SVG or PDF; :mod:`graphmodel.html` writes the
interactive versions of the network and the shift chart.

>>> from graphmodel import load_dataset
>>> fig = vote_map(load_dataset(), "A/RES/ES-11/7")
>>> fig.axes[0].get_title().startswith("A/RES/ES-11/7")
True
"""

from __future__ import annotations

import functools
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.patches import Patch, Polygon
from matplotlib.transforms import Bbox
from scipy.linalg import orthogonal_procrustes

from .analysis import STABLE_ARI
from .countries import ANCHORS, P5, country_table, eu_members, name_over
from .errors import GraphmodelError
from .report import clean_title  # noqa: F401  (part of this module's API)

#: Okabe–Ito palette (black last), colour-blind safe.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
#: Yes, No, Abstain, Absent: relative luminance 0.26, 0.07, 0.42, 1.0, so they stay apart in
#: greyscale; Abstain and Absent are also hatched.
VOTE_COLOURS = {"Y": "#009E73", "N": "#882255", "A": "#E69F00", "X": "#FFFFFF"}
VOTE_HATCHES = {"Y": "", "N": "", "A": "////", "X": "...."}
VOTE_NAMES = {"Y": "Yes", "N": "No", "A": "Abstain", "X": "Absent"}
#: One colour scale per agreement index, the same in every figure (the index's full range).
AGREEMENT_SCALE = {
    "agree": (0.0, 1.0),
    "coincidence": (0.0, 1.0),
    "kappa": (-1.0, 1.0),
    "pi": (-1.0, 1.0),
    "s_score": (-1.0, 1.0),
}
AGREEMENT_CMAP = "cividis"
#: Dates researchers mark on trajectories: end of the USSR, Russia's full-scale invasion of
#: Ukraine, the second Trump inauguration.
EVENTS = {
    "1991-12-26": "USSR dissolved",
    "2022-02-24": "Russia invades Ukraine",
    "2025-01-20": "US administration change",
}
NO_GROUP = "No regional group"  # Kiribati belongs to none of the five UN regional groups
#: Countries the 2025 story is about, labelled wherever they appear (with the bloc anchors).
STORY_COUNTRIES = ("UKR", "ISR", "HUN")
LABELLED = ANCHORS + ("DEU", "ISR", "CUB", "PRK", "IRN", "HUN", "UKR")
FORMATS = ("png", "svg", "pdf")

plt.rcParams.update(
    {
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "legend.fontsize": 8,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "svg.fonttype": "none",
        "hatch.linewidth": 0.6,
    }
)


#: Hatching of the bars of a window whose partition is not significant against the null.
NOT_SIGNIFICANT_HATCH = "xxx"


def significance_note(analysis, window: str) -> str:
    """What the window's vote-permutation test says, for a figure's title: significant (z, p,
    draws), not significant (the partition is drawn, but it is not evidence of blocs), or not
    tested (the analysis ran without ``null_draws``)."""
    row = analysis.blocs[analysis.blocs["window"] == window].iloc[0]
    draws = analysis.params.get("blocs", {}).get("null_draws", 0)
    significant = row.get("significant")
    if significant is None or pd.isna(significant):
        return "bloc significance not tested (null_draws=0)"
    test = f"z {row['z']:.1f}, p {row['p']:.3f}, {draws} vote-permutation draws"
    if bool(significant):
        return f"bloc structure significant ({test})"
    return f"NO significant bloc structure ({test}): partition shown, not blocs"


#: Hatching of the bars of a window whose partition is unstable across the consensus runs.
UNSTABLE_HATCH = "//"


def _window_row(analysis, window: str) -> pd.Series:
    return analysis.blocs[analysis.blocs["window"] == window].iloc[0]


def window_heading(analysis, window: str) -> str:
    """The window as a title names it: body, kind, label and the dates of its first and last vote,
    with "partial: votes to <last vote>" when the session or year was not over at the data's last
    date (``Window.partial``, the ``partial`` column of the analysis)."""
    row = _window_row(analysis, window)
    span = f"{row['start']} to {row['end']}"
    if _partial(row):
        span += f"; partial: votes to {row['end']}"
    return f"{analysis.params['windows']['body']} {analysis.params['windows']['by']} {window} ({span})"


def _partial(row) -> bool:
    value = row.get("partial")
    return bool(value) if value is not None and pd.notna(value) else False


def stability_text(analysis, window: str) -> str:
    """What the consensus runs say of the window's partition: the summary's words when it is
    unstable (:func:`graphmodel.analysis.stability_note`), the ARI when it is stable, nothing when
    it was not measured."""
    from .analysis import stability_note

    row = _window_row(analysis, window)
    note = stability_note(row)
    if note:
        return note
    ari = row.get("ari")
    if ari is None or pd.isna(ari):
        return ""
    return f"stable partition: consensus runs agree to ARI {ari:.2f}"


def _unstable(analysis, window: str) -> bool:
    stable = _window_row(analysis, window).get("stable")
    return stable is not None and pd.notna(stable) and not bool(stable)


def _significant(analysis, window: str):
    """True, False, or None (not tested) for one window."""
    value = analysis.blocs[analysis.blocs["window"] == window]["significant"].iloc[0]
    return None if value is None or pd.isna(value) else bool(value)


def save(fig, path, fmt: str | None = None, *, dpi: int = 200) -> Path:
    """Write ``fig`` as PNG, SVG or PDF (by ``fmt`` or the suffix); SVG keeps text as text."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".")
    if fmt not in FORMATS:
        raise GraphmodelError(f"unknown figure format {fmt!r}: use png, svg or pdf")
    path = path.with_suffix("." + fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=fmt, dpi=dpi, bbox_inches="tight")
    return path


def agreement_norm(index: str = "agree") -> Normalize:
    """The fixed colour normalisation of an index (same in every figure)."""
    low, high = AGREEMENT_SCALE.get(index, (0.0, 1.0))
    return Normalize(vmin=low, vmax=high)


def luminance(colour) -> float:
    """WCAG relative luminance of a colour (0 black, 1 white): what greyscale printing keeps."""
    rgb = np.asarray(matplotlib.colors.to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


#: Bloc colours: Okabe–Ito without black, then Paul Tol's muted scheme (both colour-blind safe);
#: blocs beyond these twelve are grey.
BLOC_PALETTE = PALETTE[:-1] + ("#332288", "#117733", "#999933", "#CC6677", "#AA4499")


def _lab(colour) -> np.ndarray:
    """CIELAB coordinates (D65) of a colour: distances there follow how different colours look."""
    rgb = np.asarray(matplotlib.colors.to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    xyz = xyz / np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@lru_cache(maxsize=1024)
def colour_distance(a, b) -> float:
    """Euclidean distance of two colours in CIELAB (ΔE 1976; about 2.3 is just noticeable)."""
    return float(np.linalg.norm(_lab(a) - _lab(b)))


GREY = "#999999"


def bloc_colours(blocs: pd.DataFrame) -> dict:
    """Persistent bloc id → colour for a whole analysis (its ``blocs`` table): the one mapping the
    network, heatmap, bloc-flow figures and the interactive network all use, so a bloc keeps its
    colour in every figure of the analysis.

    Blocs are coloured largest first (members summed over windows); each takes the palette colour
    that no bloc of its own or a neighbouring window has (neighbours meet in the bloc flows), and
    among those the one furthest in CIELAB from the colours of its own window's blocs, then of the
    neighbours': near-identical hues go to blocs that never meet. Grey only when the palette is
    exhausted even within one window.

    >>> blocs = pd.DataFrame({"window": ["1", "1", "2"], "bloc": [7, 9, 9], "size": [10, 5, 6]})
    >>> bloc_colours(blocs) == {9: PALETTE[0], 7: bloc_colours(blocs)[7]} and bloc_colours(blocs)[7] != PALETTE[0]
    True
    """
    windows = list(dict.fromkeys(blocs["window"]))
    members = {w: set(blocs.loc[blocs["window"] == w, "bloc"]) for w in windows}
    same, near = {}, {}
    for i, w in enumerate(windows):
        around = set().union(*(members[v] for v in windows[max(i - 1, 0) : i + 2]))
        for bloc in members[w]:
            same.setdefault(bloc, set()).update(members[w] - {bloc})
            near.setdefault(bloc, set()).update(around - {bloc})
    order = blocs.groupby("bloc")["size"].sum().sort_values(ascending=False, kind="stable").index
    colours: dict = {}

    def spread(candidate, others) -> float:
        return min((colour_distance(candidate, c) for c in others), default=np.inf)

    for bloc in order:
        inside = [colours[b] for b in same[bloc] if colours.get(b, GREY) != GREY]
        for conflicts in (near[bloc], same[bloc]):
            taken = [colours[b] for b in conflicts if colours.get(b, GREY) != GREY]
            free = [c for c in BLOC_PALETTE if c not in taken]
            if free:
                colours[bloc] = max(free, key=lambda c: (spread(c, inside), spread(c, taken)))
                break
        else:
            colours[bloc] = GREY
    return colours


# ---- layouts -------------------------------------------------------------------------------


def mds_layout(values: pd.DataFrame) -> pd.DataFrame:
    """Classical (Torgerson) MDS of the distance 1 − agreement: deterministic, no seed needed,
    and distances on the page follow disagreement. Missing pairs take the mean distance."""
    d = 1 - values.to_numpy(dtype=float)
    d = np.where(np.isnan(d), np.nanmean(d), d)
    np.fill_diagonal(d, 0)
    size = len(d)
    centre = np.eye(size) - np.ones((size, size)) / size
    b = -0.5 * centre @ (d**2) @ centre
    eigenvalues, vectors = np.linalg.eigh(b)
    top = np.argsort(eigenvalues)[::-1][:2]
    coords = vectors[:, top] * np.sqrt(np.clip(eigenvalues[top], 0, None))
    # eigenvector signs are arbitrary: put the US (or the first country) in the left half, up.
    anchor = list(values.index).index("USA") if "USA" in values.index else 0
    coords *= np.where(coords[anchor] > 0, -1, 1)
    return pd.DataFrame(coords, index=values.index, columns=["x", "y"])


def aligned_layouts(frames: dict) -> dict:
    """MDS layouts of several windows rotated onto the first one (orthogonal Procrustes on the
    countries they share), so the same country sits in a comparable place in each."""
    layouts, reference = {}, None
    for label, values in frames.items():
        coords = mds_layout(values)
        if reference is not None:
            common = coords.index.intersection(reference.index)
            a = coords.loc[common].to_numpy() - coords.loc[common].to_numpy().mean(axis=0)
            b = reference.loc[common].to_numpy() - reference.loc[common].to_numpy().mean(axis=0)
            rotation, _ = orthogonal_procrustes(a, b)
            shifted = coords.to_numpy() - coords.loc[common].to_numpy().mean(axis=0)
            coords = pd.DataFrame(
                shifted @ rotation + reference.loc[common].to_numpy().mean(axis=0),
                index=coords.index,
                columns=["x", "y"],
            )
        layouts[label] = coords
        reference = coords if reference is None else reference
    return layouts


def place_labels(
    ax,
    points: dict,
    *,
    obstacles=None,
    node_radius: float = 3.0,
    fontsize: float = 8,
    colour="black",
    rings=None,
    ring_radius: float = 0.0,
    avoid=(),
):
    """Label ``points`` (code → (x, y) in data units) without overlaps, in priority order.

    Each label tries positions on rings of growing radius around its point (12 angles per ring,
    starting above) and takes the first whose box overlaps no placed label, stays inside the axes
    and covers no other point of ``obstacles`` (an N × 2 array) nor the outline of a circle of
    ``ring_radius`` points around each of ``rings`` (the anchors' rings: a label written across
    another country's ring reads as naming it); failing that, the position covering fewest points. A label moved off its point gets a leader line drawn from the label to
    the point itself (under the markers, so it ends on the marker's rim). No label overlaps the
    display-space boxes of ``avoid`` (an inset drawn over the axes). The axes limits must be
    final before this is called. Returns the Text objects.
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    to_display, to_data = ax.transData.transform, ax.transData.inverted().transform
    frame = ax.get_window_extent(renderer)
    scale = fig.dpi / 72
    others = (
        to_display(np.asarray(obstacles, dtype=float)) if obstacles is not None and len(obstacles) else np.empty((0, 2))
    )
    if rings is not None and len(rings) and ring_radius:
        around = np.deg2rad(np.arange(0, 360, 30))
        centres = to_display(np.asarray(rings, dtype=float))
        outline = ring_radius * scale * np.c_[np.cos(around), np.sin(around)]
        others = np.r_[others, (centres[:, None, :] + outline[None, :, :]).reshape(-1, 2)]
    placed, texts = [], []
    blocked = list(avoid)
    rings = [4, 8, 13, 19, 26, 34, 44, 56, 70, 86]
    angles = np.deg2rad([90, 45, 135, 0, 180, 270, 315, 225, 67.5, 112.5, 22.5, 157.5])
    for code, (x, y) in points.items():
        px, py = to_display((x, y))
        text = ax.text(
            x,
            y,
            code,
            fontsize=fontsize,
            fontweight="bold",
            ha="center",
            va="center",
            color=colour,
            zorder=6,
            bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85},
        )
        extent = text.get_window_extent(renderer)
        width, height = extent.width + 2 * scale, extent.height + 2 * scale
        best, best_cost = None, None
        for radius in rings:
            # the label box clears the marker: the ring is measured from the box edge
            for angle in angles if radius else [0.0]:
                dx, dy = np.cos(angle), np.sin(angle)
                reach = radius * scale + (node_radius * scale if radius else 0)
                cx = px + dx * (reach + width / 2 * abs(dx) * bool(radius))
                cy = py + dy * (reach + height / 2 * abs(dy) * bool(radius))
                box = Bbox.from_bounds(cx - width / 2, cy - height / 2, width, height)
                if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
                    continue
                if any(box.overlaps(other) for other in placed + blocked):
                    continue
                inside = (
                    (others[:, 0] > box.x0)
                    & (others[:, 0] < box.x1)
                    & (others[:, 1] > box.y0)
                    & (others[:, 1] < box.y1)
                )
                cost = int(inside.sum()) - (1 if radius == 0 and inside.any() else 0)
                if best is None or cost < best_cost:
                    best, best_cost = (cx, cy, radius, box), cost
                if cost == 0:
                    break
            if best is not None and best_cost == 0:
                break
        if best is None:
            placed.append(extent)
            texts.append(text)
            continue
        cx, cy, radius, box = best
        text.set_position(to_data((cx, cy)))
        placed.append(box)
        texts.append(text)
        if radius >= 8:
            ax.plot(
                [to_data((cx, cy))[0], x],
                [to_data((cx, cy))[1], y],
                color="#222222",
                linewidth=0.6,
                zorder=1.9,
                solid_capstyle="butt",
            )
    return texts


def labels_overlap(fig, texts) -> bool:
    """Whether any two of ``texts`` overlap on the rendered figure (used by the tests)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    return any(boxes[i].overlaps(boxes[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes)))


def key_countries(analysis, window: str, layout: pd.DataFrame, *, outliers: int = 3, extra=STORY_COUNTRIES) -> list:
    """The countries worth naming in one window, in priority order: bloc anchors, each bloc's
    leader (highest strength), the countries furthest from their bloc's centre on the layout
    (outliers), then ``extra``."""
    nodes = analysis.nodes[analysis.nodes["window"] == window].set_index("iso3")
    present = [c for c in nodes.index if c in layout.index]
    nodes = nodes.loc[present]
    chosen = [c for c in ANCHORS if c in nodes.index]
    for _, members in nodes.groupby("local_bloc"):
        chosen.append(members["strength"].idxmax())
    xy = layout.loc[nodes.index, ["x", "y"]]
    centre = xy.groupby(nodes["local_bloc"]).transform("median")
    distance = np.hypot(xy["x"] - centre["x"], xy["y"] - centre["y"])
    chosen += list(distance.sort_values(ascending=False).index[:outliers])
    chosen += [c for c in extra if c in nodes.index]
    return list(dict.fromkeys(chosen))


# ---- figures -------------------------------------------------------------------------------


def _draw_graph(ax, pos, edges, norm, node_colour, *, node_size, ring_size, xlabel):
    """Draw a graph on fixed positions: edges coloured by weight on ``norm`` (strongest on top),
    nodes coloured by ``node_colour`` (grey where it has none), anchors ringed, axes bare.

    Returns the edge collection (for a colour bar) and the node coordinates (label obstacles).
    """
    edges = sorted((e for e in edges if e[0] in pos and e[1] in pos), key=lambda e: e[2])
    lines = matplotlib.collections.LineCollection(
        [[pos[u], pos[v]] for u, v, _ in edges],
        cmap=matplotlib.colormaps[AGREEMENT_CMAP],
        norm=norm,
        linewidths=0.5,
        alpha=0.45,
        zorder=1,
    )
    lines.set_array(np.array([w for _, _, w in edges]))
    ax.add_collection(lines)
    codes = list(pos)
    xy = np.array([pos[c] for c in codes])
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=node_size,
        c=[node_colour.get(c) or "#999999" for c in codes],
        edgecolors="white",
        linewidths=0.4,
        zorder=3,
    )
    ringed = [c for c in ANCHORS if c in pos]
    ax.scatter(
        [pos[c][0] for c in ringed],
        [pos[c][1] for c in ringed],
        s=ring_size,
        facecolors="none",
        edgecolors="black",
        linewidths=1.0,
        zorder=4,
    )
    pad_x, pad_y = 0.06 * np.ptp(xy[:, 0]), 0.06 * np.ptp(xy[:, 1])
    ax.set_xlim(xy[:, 0].min() - pad_x, xy[:, 0].max() + pad_x)
    ax.set_ylim(xy[:, 1].min() - pad_y, xy[:, 1].max() + pad_y)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("MDS dimension 2")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return lines, xy


def network(analysis, window: str, *, layout: pd.DataFrame | None = None, ax=None, labels=None, colour_windows=None):
    """One window's backbone: nodes coloured by bloc, edges coloured by agreement on the fixed
    scale of the index, anchors ringed, the countries that matter named (:func:`key_countries`).

    Positions come from :func:`mds_layout` unless ``layout`` is given (use
    :func:`aligned_layouts` to compare windows side by side). Bloc colours come from
    :func:`bloc_colours` over the whole analysis, so a bloc keeps its colour in every figure
    (``colour_windows``, from before that, has no effect and warns). The title names a partial
    window and what the significance test and the consensus runs say of the partition.
    """
    if colour_windows is not None:
        import warnings

        warnings.warn(
            "network(colour_windows=...) has no effect: bloc colours are matched over the whole analysis "
            "(figures.bloc_colours); drop the argument",
            FutureWarning,
            stacklevel=2,
        )
    if window not in analysis.backbones:
        raise GraphmodelError(f"no window {window!r} in this analysis")
    backbone = analysis.backbones[window]
    values = analysis.agreement[window]
    index = analysis.params["index"]["name"]
    layout = layout if layout is not None else mds_layout(values)
    blocs = analysis.blocs[analysis.blocs["window"] == window]
    colours = bloc_colours(analysis.blocs)
    pos = {c: (layout.at[c, "x"], layout.at[c, "y"]) for c in backbone if c in layout.index}
    zoom = None
    if ax is not None:
        fig = ax.figure
    elif crowded(np.array(list(pos.values()))):
        fig, (ax, zoom) = plt.subplots(1, 2, figsize=(12.5, 6))
    else:
        fig, ax = plt.subplots(figsize=(7, 6))
    edges = [(u, v, d["weight"]) for u, v, d in backbone.edges(data=True)]
    node_bloc = nx.get_node_attributes(backbone, "bloc_id")
    significant = _significant(analysis, window)
    if significant is False:
        # A partition without significant structure is not drawn as if it were blocs.
        colours = dict.fromkeys(colours, "#999999")
    # countries whose bloc the consensus runs do not agree on (with it in < 80% of runs)
    here = analysis.nodes[analysis.nodes["window"] == window]
    shaky = [c for c in here.loc[here["unstable"].astype(bool), "iso3"] if c in pos] if "unstable" in here else []

    def paint(panel, xlabel: str):
        drawn = _draw_graph(
            panel,
            pos,
            edges,
            agreement_norm(index),
            {c: colours.get(node_bloc.get(c)) for c in pos},
            node_size=26,
            ring_size=60,
            xlabel=xlabel,
        )
        if shaky:
            panel.scatter(
                [pos[c][0] for c in shaky], [pos[c][1] for c in shaky], s=5, color="white", linewidths=0, zorder=3.5
            )
        return drawn

    lines, xy = paint(ax, "MDS dimension 1 (1 − agreement)")
    codes = list(pos)
    handles = [
        Patch(color=colours[row.bloc], label=f"bloc {row.bloc}: {row.name} ({row.size})") for row in blocs.itertuples()
    ]
    handles.append(
        matplotlib.lines.Line2D(
            [], [], marker="o", linestyle="none", markerfacecolor="none", markeredgecolor="black", label="bloc anchor"
        )
    )
    if shaky:
        handles.append(
            matplotlib.lines.Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markerfacecolor="white",
                markeredgecolor="#777777",
                markeredgewidth=2.2,
                markersize=6,
                label=f"white centre: bloc unsure (with it\nin < 80% of runs; {len(shaky)} countries)",
            )
        )
    legend_title = "Bloc (members)" if significant is not False else "Partition, not significant (members)"
    if _unstable(analysis, window):
        legend_title += "; unstable partition"
    side = zoom if zoom is not None else ax
    ax.legend(
        handles=handles,
        title=legend_title,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        # right of the last panel, level with the top of the first (a panel's box can be short)
        bbox_transform=matplotlib.transforms.blended_transform_factory(side.transAxes, ax.transAxes),
        frameon=False,
    )
    bar = fig.colorbar(lines, ax=side, fraction=0.035, pad=0.02, shrink=0.45, anchor=(0.0, 0.0))
    bar.set_label(f"edge: agreement ({index})")
    bar.solids.set_alpha(1)
    row = blocs.iloc[0]
    ax.set_title(
        "\n".join(
            line
            for line in (
                f"{window_heading(analysis, window)}: blocs on the k-NN backbone",
                f"(index {index}, Q = {row['modularity']:.3f}, {len(codes)} countries)",
                significance_note(analysis, window),
                stability_text(analysis, window),
            )
            if line
        ),
        fontsize=9,
        # with a second panel the heading runs over both, from the left
        **({"x": 0.0, "horizontalalignment": "left"} if zoom is not None else {}),
    )
    named = [c for c in (list(labels) if labels is not None else key_countries(analysis, window, layout)) if c in pos]
    ringed = [pos[c] for c in ANCHORS if c in pos]
    # ring_size 60 pt² is a circle of diameter √60 ≈ 7.7 pt: its outline at 3.9 pt from the centre
    label = functools.partial(place_labels, obstacles=xy, node_radius=4.5, rings=ringed, ring_radius=np.sqrt(60) / 2)
    if zoom is not None:
        paint(zoom, "")
        _frame_core(zoom, ax, xy)
        inside = [c for c in named if _within(zoom, pos[c])]
        label(zoom, {c: pos[c] for c in inside})
        named = [c for c in named if c not in inside]
    label(ax, {c: pos[c] for c in named})
    return fig


#: A layout is crowded when the box around the 90% of countries nearest the median covers less
#: than this share of the whole layout's box (session 80: 0.09, with the USA, ISR, ARG and NRU far
#: out; sessions 78 and 79: 0.68 and 0.42). 3 of the 79 sessions are crowded: 60, 66 and 80.
CROWDED_SHARE = 0.15


def _core_box(xy: np.ndarray, share: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """Corners of the box around the ``share`` of points nearest their median."""
    centre = np.median(xy, axis=0)
    distance = np.hypot(*(xy - centre).T)
    core = xy[distance <= np.quantile(distance, share)]
    return core.min(axis=0), core.max(axis=0)


def crowded(xy: np.ndarray) -> bool:
    """Whether a few outliers set an MDS layout's scale so that the rest share a corner.

    In session 80 the USA, Israel, Argentina and Nauru sit 4.4, 3.9, 3.2 and 2.8 times further from
    the median than the 90% nearest it, which then fill a tenth of the plot. :func:`network` then
    draws a second panel with that 90% enlarged; distances stay true in each panel.
    """
    low, high = _core_box(xy)
    return bool(np.prod(high - low) < CROWDED_SHARE * np.prod(np.ptp(xy, axis=0)))


def _frame_core(zoom, ax, xy: np.ndarray) -> None:
    """Limit ``zoom`` to the core box, mark that box on ``ax`` and say how much it is enlarged."""
    low, high = _core_box(xy)
    pad = 0.06 * (high - low)
    zoom.set_xlim(low[0] - pad[0], high[0] + pad[0])
    zoom.set_ylim(low[1] - pad[1], high[1] + pad[1])
    zoom.set_aspect("equal", adjustable="box")
    zoom.set_ylabel("")
    # the box only: lines from it to the other panel would cross the whole figure
    ax.indicate_inset(
        [low[0] - pad[0], low[1] - pad[1], high[0] - low[0] + 2 * pad[0], high[1] - low[1] + 2 * pad[1]],
        edgecolor="#666666",
        linewidth=0.6,
    )
    zoom.apply_aspect()
    ax.apply_aspect()
    for side in zoom.spines.values():
        side.set_visible(True)
        side.set_edgecolor("#666666")
    # data units per unit of figure width in each panel: the panels are not equally wide
    times = (np.ptp(ax.get_xlim()) / ax.get_position().width) / (np.ptp(zoom.get_xlim()) / zoom.get_position().width)
    zoom.set_xlabel(f"enlarged ×{times:.1f}: the box around the 90% of\ncountries nearest the centre (grey, at left)")


def _within(ax, point) -> bool:
    (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
    return x0 <= point[0] <= x1 and y0 <= point[1] <= y1


#: Jaccard overlap of members at or above which a co-sponsorship bloc takes the colour of the
#: voting bloc it is matched with: the two share most of their combined members.
SAME_COMPANY = 0.5


def match_blocs(first: pd.Series, second: pd.Series, threshold: float = SAME_COMPANY) -> pd.DataFrame:
    """One-to-one matching of two partitions of (mostly) the same countries (``iso3 → bloc``):
    the pairs that maximise the summed Jaccard overlap (Hungarian algorithm), with ``jaccard`` and
    ``same`` (overlap at least ``threshold``: the same company in both). Columns ``first``,
    ``second``, ``jaccard``, ``same``.

    >>> a = pd.Series({"X": 1, "Y": 1, "Z": 2}); b = pd.Series({"X": "p", "Y": "p", "Z": "p"})
    >>> match_blocs(a, b)[["first", "second", "same"]].values.tolist()
    [[1, 'p', True]]
    """
    from scipy.optimize import linear_sum_assignment

    firsts, seconds = list(pd.unique(first)), list(pd.unique(second))
    sets_a = {f: set(first.index[first == f]) for f in firsts}
    sets_b = {g: set(second.index[second == g]) for g in seconds}
    overlap = np.array([[len(sets_a[f] & sets_b[g]) / len(sets_a[f] | sets_b[g]) for g in seconds] for f in firsts])
    rows, cols = linear_sum_assignment(-overlap)
    table = pd.DataFrame(
        {"first": [firsts[i] for i in rows], "second": [seconds[j] for j in cols], "jaccard": overlap[rows, cols]}
    )
    table["same"] = table["jaccard"] >= threshold
    return table


def cosponsorship_vs_votes(cosponsor, *, labels=None):
    """One GA session's voting network (left) and co-sponsorship network (right) on the same layout.

    ``cosponsor`` is a :class:`graphmodel.cosponsorship.CoSponsorship` (it holds the session's
    voting analysis). Positions are the MDS of 1 − voting agreement (:func:`mds_layout`) in both
    panels, so a country sits in the same place and only its ties and its bloc colour change. Each
    panel draws its k-NN backbone, edges on the same colour map (voting agreement on the index's
    fixed scale; Newman co-sponsorship weight scaled to the session's largest, 0–1). Voting blocs
    take their analysis-wide colours (:func:`bloc_colours`); a co-sponsorship bloc takes the colour
    of a voting bloc only when the two are matched one to one and share at least half their
    combined members (:func:`match_blocs`, Jaccard ≥ :data:`SAME_COMPANY`): a colour means the
    same company in both panels, and the legend gives the overlap. Each panel's title carries its
    significance test (and the voting partition's stability); anchors are ringed and named.
    """
    import textwrap

    session = cosponsor.session
    votes = cosponsor.votes
    if votes is None or session not in votes.backbones:
        raise GraphmodelError(f"no voting analysis of session {session} to draw beside the co-sponsorship graph")
    agreement = votes.agreement[session]
    layout = mds_layout(agreement)
    voting = votes.nodes[votes.nodes["window"] == session].set_index("iso3")["local_bloc"]
    vote_blocs = voting.value_counts().index.tolist()  # largest first
    window_blocs = votes.blocs[votes.blocs["window"] == session].set_index("local_bloc")
    palette = bloc_colours(votes.blocs)
    colour_of_vote = {b: palette.get(window_blocs.at[b, "bloc"], GREY) for b in vote_blocs}
    sponsor = cosponsor.nodes.set_index("iso3")["bloc"]
    shared = sponsor.index.intersection(voting.index)
    matches = match_blocs(sponsor[shared], voting[shared])
    matched = {r.first: r for r in matches.itertuples() if r.same}
    spare = [c for c in BLOC_PALETTE if c not in colour_of_vote.values()]
    colour_of_sponsor, notes = {}, {}
    for b in cosponsor.blocs["bloc"]:
        if b in matched:
            colour_of_sponsor[b] = colour_of_vote[matched[b].second]
            name = _bloc_label(votes, session, matched[b].second, (voting == matched[b].second).sum())
            notes[b] = f"colour of voting bloc {name}: Jaccard {matched[b].jaccard:.2f}"
        else:
            best = matches.loc[matches["first"] == b, "jaccard"]
            # a colour no voting bloc has, as unlike the voting colours as the palette allows
            pick = (
                max(spare, key=lambda c: min(colour_distance(c, v) for v in colour_of_vote.values())) if spare else GREY
            )
            spare = [c for c in spare if c != pick]
            colour_of_sponsor[b] = pick
            notes[b] = "no voting bloc shares half its company" + (
                f" (best Jaccard {best.iloc[0]:.2f})" if len(best) else ""
            )
    result = cosponsor.result
    fig, axes = plt.subplots(1, 2, figsize=(11, 5.6))
    index = votes.params["index"]["name"]
    backbone = votes.backbones[session]

    def heading(*lines) -> str:
        return "\n".join(textwrap.fill(line, 64) for line in lines if line)

    panels = (
        (
            axes[0],
            [(u, v, d["weight"]) for u, v, d in backbone.edges(data=True)],
            agreement_norm(index),
            {c: colour_of_vote.get(b) for c, b in voting.items()},
            f"edge: voting agreement ({index})",
            heading(
                f"Votes: {len(votes.matrices[session].rollcall_ids)} recorded votes, {len(vote_blocs)} blocs",
                significance_note(votes, session),
                stability_text(votes, session),
            ),
            [(colour_of_vote[b], _bloc_label(votes, session, b, (voting == b).sum())) for b in vote_blocs],
        ),
        (
            axes[1],
            [(result.countries[i], result.countries[j], result.values[i, j]) for i, j in result.edges],
            Normalize(vmin=0, vmax=float(max((result.values[i, j] for i, j in result.edges), default=1.0))),
            {c: colour_of_sponsor[b] for c, b in sponsor.items()},
            "edge: co-sponsorship (Newman weight / session's largest)",
            heading(
                f"Co-sponsorship: {cosponsor.params['resolutions']} resolutions, {len(cosponsor.blocs)} blocs",
                cosponsor.significance_note(),
            ),
            [
                (colour_of_sponsor[r.bloc], f"{r.name} ({r.size})\n   {notes[r.bloc]}")
                for r in cosponsor.blocs.itertuples()
            ],
        ),
    )
    pos = {c: (layout.at[c, "x"], layout.at[c, "y"]) for c in layout.index}
    for ax, edges, norm, colours, bar_label, title, legend in panels:
        lines, xy_all = _draw_graph(
            ax, pos, edges, norm, colours, node_size=22, ring_size=55, xlabel="MDS dimension 1 (1 − voting agreement)"
        )
        ax.set_title(title, fontsize=9)
        ax.legend(
            handles=[Patch(color=c, label=text) for c, text in legend],
            title="Bloc (members)",
            loc="upper center",
            bbox_to_anchor=(0.5, -0.08),
            frameon=False,
        )
        bar = fig.colorbar(lines, ax=ax, fraction=0.035, pad=0.02, shrink=0.45, anchor=(0.0, 0.0))
        bar.set_label(bar_label)
        bar.solids.set_alpha(1)
        named = list(labels) if labels is not None else [*ANCHORS, "ISR", "ARG", "HUN", "UKR", "MEX", "JPN"]
        place_labels(ax, {c: pos[c] for c in named if c in pos}, obstacles=xy_all, node_radius=3.5)
    # The equal-aspect panels sit lower than their grid cells: put the title just above them
    # instead of at the figure's top, where it left a blank band.
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    top = max(fig.transFigure.inverted().transform(ax.get_tightbbox(renderer).corners())[:, 1].max() for ax in axes)
    fig.suptitle(
        f"GA session {session}: voting and co-sponsorship networks on one layout "
        f"(adjusted Rand index between the blocs {cosponsor.ari:.2f})",
        y=top + 0.01,
        va="bottom",
    )
    return fig


def _bloc_label(analysis, window: str, local_bloc, size: int) -> str:
    blocs = analysis.blocs[(analysis.blocs["window"] == window) & (analysis.blocs["local_bloc"] == local_bloc)]
    return f"{blocs['name'].iloc[0] if len(blocs) else local_bloc} ({size})"


#: Percentiles of a window's pair agreements that bound the heatmap's colours: the full scale of
#: the index would spend most of its range on a few outliers (the US row) and show every bloc
#: of a recent session as one yellow.
HEATMAP_PERCENTILES = (5, 100)


def heatmap_range(values: pd.DataFrame, percentiles=HEATMAP_PERCENTILES) -> tuple[float, float]:
    """The colour range of a window's heatmap: the given percentiles of its pair agreements
    (off the diagonal, pairs with too few co-votes left out)."""
    matrix = values.to_numpy(dtype=float)
    pairs = matrix[~np.eye(len(matrix), dtype=bool)]
    low, high = np.nanpercentile(pairs, percentiles)
    return float(low), float(high)


def heatmap(analysis, window: str, *, ax=None, percentiles=HEATMAP_PERCENTILES):
    """Agreement matrix of a window, countries ordered by bloc (then by strength inside it), with
    lines between blocs, a strip in each bloc's colour (:func:`bloc_colours`) along the top and
    the left, and anchors named on the axes. Colours span ``percentiles`` of the window's pair
    agreements (:func:`heatmap_range`; the colour bar says which values), so blocs stand apart
    where every pair agrees above 0.6; lower values take the darkest colour."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    if window not in analysis.backbones:
        raise GraphmodelError(f"no window {window!r} in this analysis")
    values = analysis.agreement[window]
    blocs = analysis.blocs[analysis.blocs["window"] == window]
    order = []
    for row in blocs.itertuples():
        members = [c for c in row.members if c in values.index]
        if len(members) > 2:
            sub = 1 - values.loc[members, members].fillna(values.stack().mean()).to_numpy()
            np.fill_diagonal(sub, 0)
            members = [members[i] for i in leaves_list(linkage(squareform((sub + sub.T) / 2, checks=False), "average"))]
        order.extend(members)
    matrix = values.loc[order, order].to_numpy()
    index = analysis.params["index"]["name"]
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7, 7))
    cmap = matplotlib.colormaps[AGREEMENT_CMAP].with_extremes(bad="#ffffff")  # pairs with too few co-votes
    low, high = heatmap_range(values, percentiles)
    image = ax.imshow(matrix, cmap=cmap, norm=Normalize(vmin=low, vmax=high), interpolation="nearest")
    sizes = [len([c for c in r.members if c in values.index]) for r in blocs.itertuples()]
    edges = np.cumsum(sizes)[:-1]
    colours = bloc_colours(analysis.blocs)
    strip = max(len(order) / 60, 1.5)
    for start, size, r in zip(np.r_[0, edges], sizes, blocs.itertuples()):
        colour = colours.get(r.bloc, GREY)
        for xy, w, h in (((start - 0.5, -0.5 - strip), size, strip), ((-0.5 - strip, start - 0.5), strip, size)):
            ax.add_patch(
                matplotlib.patches.Rectangle(
                    xy, w, h, facecolor=colour, edgecolor="white", linewidth=0.6, clip_on=False
                )
            )
    for edge in edges:
        ax.axhline(edge - 0.5, color="white", linewidth=1.2)
        ax.axvline(edge - 0.5, color="white", linewidth=1.2)
    position = {c: i for i, c in enumerate(order)}
    layout = mds_layout(values)
    priority = key_countries(analysis, window, layout, outliers=6) + list(LABELLED)
    priority += list(
        analysis.nodes[analysis.nodes["window"] == window].sort_values("strength", ascending=False)["iso3"]
    )
    ticks = _spaced([position[c] for c in dict.fromkeys(priority) if c in position], gap=len(order) / 55)
    ax.set_xticks(ticks, [order[i] for i in ticks], rotation=90, fontsize=6)
    ax.set_yticks(ticks, [order[i] for i in ticks], fontsize=6)
    ax.set_xlabel("country (ordered by bloc, then by average-linkage clustering; a selection named)")
    ax.set_ylabel("country")
    ax.tick_params(axis="y", pad=2 + 72 * strip / len(order) * 7)
    ax.tick_params(axis="x", pad=2)
    starts = np.r_[0, edges]
    for start, size, row in zip(starts, sizes, blocs.itertuples()):
        ax.text(
            start + size / 2,
            -1 - strip,
            f"bloc {row.bloc}",
            ha="center",
            va="bottom",
            fontsize=8,
            fontweight="bold",
            color=colours.get(row.bloc, GREY),
        )
    ax.text(
        0,
        -0.13,
        "Blocs (persistent ids, as in blocs.csv): "
        + "; ".join(f"{r.bloc} {r.name} ({r.size})" for r in blocs.itertuples()),
        transform=ax.transAxes,
        fontsize=8,
        va="top",
        wrap=True,
    )
    fig.colorbar(
        image,
        ax=ax,
        fraction=0.04,
        pad=0.03,
        extend="min" if low > AGREEMENT_SCALE.get(index, (0, 1))[0] else "neither",
        label=f"agreement ({index}), {low:.2f}–{high:.2f}: {percentiles[0]}th–{percentiles[1]}th percentile "
        "of this window's pairs\n(darkest: at or below the lower bound); white: too few co-votes",
    )
    ax.set_title(
        "\n".join(
            line
            for line in (
                f"{window_heading(analysis, window)}: agreement by bloc",
                f"{len(order)} countries, index {index}; {significance_note(analysis, window)}",
                stability_text(analysis, window),
            )
            if line
        ),
        pad=18 + 6 * strip,
        fontsize=9,
    )
    return fig


def _spaced(positions: list, gap: float) -> list:
    """Positions at least ``gap`` apart, earlier ones (higher priority) kept first: tick labels
    that do not collide."""
    kept = []
    for p in positions:
        if all(abs(p - k) >= gap for k in kept):
            kept.append(p)
    return sorted(kept)


#: Candidates for lines that must tell apart: the bloc palette without its yellow (too light on
#: white), then black.
LINE_CANDIDATES = tuple(c for c in BLOC_PALETTE if c != "#F0E442") + ("#000000",)
#: Line styles cycled with the colours, so lines also differ in greyscale.
LINE_STYLES = ("-", "--", "-.", ":")


def distinct_colours(n: int) -> list:
    """``n`` line colours, each the candidate furthest in CIELAB from those already chosen (the
    Okabe–Ito blue first): no two look alike while the candidates last."""
    chosen = [LINE_CANDIDATES[0]]
    while len(chosen) < min(n, len(LINE_CANDIDATES)):
        rest = [c for c in LINE_CANDIDATES if c not in chosen]
        chosen.append(max(rest, key=lambda c: min(colour_distance(c, d) for d in chosen)))
    return [chosen[i % len(chosen)] for i in range(n)]


def pair_name(table: pd.DataFrame) -> str:
    """The two sides of a :func:`graphmodel.compare` table named for its dates: "USA–USSR/RUS"
    from 1946, "USA–EEC/EC/EU" from 1958, "USA–RUS" after 1991 (:func:`graphmodel.countries.name_over`)."""
    params = table.attrs.get("params", {})
    ends = list(table["end"])
    return f"{name_over(params.get('a', '?'), ends)}–{name_over(params.get('b', '?'), ends)}"


def _partial_note(ends: list) -> str:
    """Legend text of the open markers of partial windows (their last votes)."""
    return "open marker: partial window (votes to " + ", ".join(str(e) for e in dict.fromkeys(ends)) + ")"


def _mark_events(ax, events: dict) -> None:
    low, high = ax.get_xlim()
    shown = [(matplotlib.dates.date2num(pd.Timestamp(d)), name) for d, name in sorted(events.items())]
    for row, (x, name) in enumerate(item for item in shown if low <= item[0] <= high):
        ax.axvline(x, color="#444444", linestyle="--", linewidth=0.8)
        # alternate two rows so labels of close dates (2022, 2025) do not collide
        ax.text(
            x, 1.01 + 0.06 * (row % 2), name, fontsize=7, ha="right", va="bottom", transform=ax.get_xaxis_transform()
        )


def trajectories(series: dict, *, events: dict | None = None, index: str = "agree", title: str | None = None, ax=None):
    """Agreement across windows for several pairs, with bootstrap bands and event markers.

    ``series`` maps a label (:func:`pair_name` names a pair for its dates) to a
    :func:`graphmodel.compare` table (with ``ci_low``/``ci_high`` when it was bootstrapped); x is
    each window's midpoint. A window not over at the data's last date (``partial``) is drawn as an
    open marker, and the title says until when it has votes.
    """
    events = EVENTS if events is None else events
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7, 3.6))
    partial_ends = []
    for (label, table), colour in zip(series.items(), distinct_colours(len(series))):
        middle = pd.to_datetime(table["start"]) + (pd.to_datetime(table["end"]) - pd.to_datetime(table["start"])) / 2
        ax.plot(middle, table["agreement"], color=colour, linewidth=1.4, label=label)
        if "ci_low" in table:
            ax.fill_between(middle, table["ci_low"], table["ci_high"], color=colour, alpha=0.2, linewidth=0)
        partial = table["partial"].astype(bool).to_numpy() if "partial" in table else np.zeros(len(table), bool)
        if partial.any():
            ax.scatter(
                middle[partial], table["agreement"][partial], s=22, facecolors="white", edgecolors=colour, zorder=4
            )
            partial_ends += list(table["end"][partial])
    _mark_events(ax, events)
    ax.set_ylabel(f"agreement ({index})")
    ax.set_xlabel("date (middle of each window)")
    ax.set_ylim(*AGREEMENT_SCALE.get(index, (0, 1)))
    handles, _ = ax.get_legend_handles_labels()
    if partial_ends:
        handles.append(_open_marker(_partial_note(partial_ends)))
    # under the axes: inside, the legend hid the low agreement of the 1980s and of 2025
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.16), frameon=False, ncol=2)
    bands = " with 95% bootstrap bands" if any("ci_low" in t for t in series.values()) else ""
    heading = title or f"Agreement per window ({index}){bands}"
    if partial_ends:
        heading += f"\nlast point partial: votes to {max(partial_ends)}"
    ax.set_title(heading, pad=36)
    return fig


def _open_marker(label: str):
    """A legend entry for the open (white) markers that flag a partial window's point."""
    return matplotlib.lines.Line2D(
        [], [], marker="o", linestyle="none", markerfacecolor="white", markeredgecolor="#333333", label=label
    )


IDEAL_COUNTRIES = ("USA", "RUS", "CHN", "DEU", "FRA", "GBR", "IND", "BRA")


def ideal_trajectories(estimates: pd.DataFrame, *, countries=IDEAL_COUNTRIES, events: dict | None = None, ax=None):
    """Ideal point per GA session for ``countries`` with their bootstrap bands and event markers.

    ``estimates`` is :func:`graphmodel.idealpoints.estimate`'s table; a session is drawn at
    1 October of the year it opened, so the event lines (1991, 2022-02-24, 2025-01-20) fall between
    the sessions they separate. A continuing seat is named for the sessions drawn
    (:func:`graphmodel.countries.name_over`: "USSR/RUS" from 1946, "RUS" from 2000). The title
    gives the sessions fitted and their dates, the interval level and bootstrap draws, and a
    partial last session (open marker); the legend sits outside the plot.
    """
    events = EVENTS if events is None else events
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(8.4, 4.2))
    spans = pd.DataFrame(estimates.attrs.get("sessions", {"session": [], "start": [], "end": [], "partial": []}))
    partial = set(spans.loc[spans["partial"].astype(bool), "session"].astype(int)) if len(spans) else set()
    shown = [c for c in countries if (estimates["iso3"] == c).any()]
    for i, (iso3, colour) in enumerate(zip(shown, distinct_colours(len(shown)))):
        rows = estimates[estimates["iso3"] == iso3].sort_values("session")
        when = pd.to_datetime(rows["year"].astype(int).astype(str) + "-10-01")
        ax.plot(
            when,
            rows["ideal"],
            color=colour,
            linewidth=1.3,
            linestyle=LINE_STYLES[i % len(LINE_STYLES)],
            label=name_over(iso3, when),
        )
        if rows["lo"].notna().any():
            ax.fill_between(when, rows["lo"], rows["hi"], color=colour, alpha=0.15, linewidth=0)
        last = rows["session"].astype(int).isin(partial).to_numpy()
        if last.any():
            ax.scatter(when[last], rows["ideal"][last], s=22, facecolors="white", edgecolors=colour, zorder=4)
    _mark_events(ax, events)
    settings = estimates.attrs.get("settings", {})
    level, draws = settings.get("level", 0.9), settings.get("n_boot")
    ax.set_ylabel("ideal point (US side positive)")
    ax.set_xlabel("GA session (drawn at 1 October of the year it opened)")
    handles, _ = ax.get_legend_handles_labels()
    open_ends = list(spans.loc[spans["session"].astype(int).isin(partial), "end"]) if partial else []
    if open_ends:
        handles.append(_open_marker("open marker:\npartial session\n(votes to " + ", ".join(open_ends) + ")"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    sessions = estimates["session"].astype(int)
    fitted = f"sessions {sessions.min()}–{sessions.max()}"
    if len(spans):
        fitted += f" (votes {spans['start'].iloc[0]} to {spans['end'].iloc[-1]}"
        fitted += f"; session {', '.join(str(s) for s in sorted(partial))} partial)" if partial else ")"
    bands = f"{level:.0%} parametric-bootstrap bands" + (f" ({draws} draws)" if draws else "")
    if draws == 0:
        bands = "no intervals (n_boot=0)"
    ax.set_title(f"Ideal points per GA session, {fitted}\n{bands}", pad=36)
    return fig


def bloc_flows(analysis, *, windows: list | None = None, min_flow: int = 1, named=None, ax=None):
    """Alluvial chart of who switched: blocs as stacked bars per window (height = members), each
    bar labelled with its persistent id and the name it had in that window (names follow each
    window's date), faint ribbons for countries that stayed, strong ribbons for those that
    switched. In each gap the switchers among ``named`` (default: bloc anchors, Ukraine, Israel,
    Hungary) are listed as code→new bloc, with the count of the others."""
    windows = windows or list(analysis.agreement)[-6:]
    named = set(ANCHORS + STORY_COUNTRIES if named is None else named)
    nodes = analysis.nodes[analysis.nodes["window"].isin(windows)]
    blocs = analysis.blocs[analysis.blocs["window"].isin(windows)]
    colours = bloc_colours(analysis.blocs)
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7.5, 5))
    gap, width = 5, 0.3
    spans, order = {}, sorted(blocs["bloc"].unique())
    names = {(r.window, r.bloc): r.name for r in blocs.itertuples()}
    bar_labels, unnamed = [], set()  # unnamed: bars too small for any label
    tested = {window: _significant(analysis, window) for window in windows}
    unstable = {window: _unstable(analysis, window) for window in windows}
    for x, window in enumerate(windows):
        sizes = nodes[nodes["window"] == window]["bloc"].value_counts()
        hatch = NOT_SIGNIFICANT_HATCH if tested[window] is False else UNSTABLE_HATCH if unstable[window] else None
        y = 0
        for bloc in order:
            size = int(sizes.get(bloc, 0))
            if not size:
                continue
            colour = colours.get(bloc, "#999999")
            ax.bar(
                x, size, bottom=y, width=width, color=colour, edgecolor="white", linewidth=0.5, hatch=hatch, zorder=2
            )
            ink = "white" if luminance(colour) < 0.4 else "black"
            if size < 5:
                unnamed.add(bloc)
            else:
                text = ax.text(
                    x,
                    y + size / 2,
                    f"{bloc}: {names[(window, bloc)]}",
                    rotation=90,
                    ha="center",
                    va="center",
                    fontsize=5.5,
                    color=ink,
                    zorder=4,
                    # a hatched bar (n.s. or unstable) keeps its label readable
                    bbox={"boxstyle": "square,pad=0.15", "fc": colour, "ec": "none"} if hatch else None,
                )
                bar_labels.append((text, bloc, size))
            spans[(window, bloc)] = [y, y + size, y, y]  # [bottom, top, next out, next in]
            y += size + gap
    top = ax.get_ylim()[1]
    for x, (before, after) in enumerate(zip(windows, windows[1:])):
        a = nodes[nodes["window"] == before].set_index("iso3")["bloc"]
        b = nodes[nodes["window"] == after].set_index("iso3")["bloc"]
        common = a.index.intersection(b.index)
        pairs = pd.DataFrame({"source": a[common], "target": b[common]})
        moves = []
        groups = pairs.groupby(["source", "target"]).groups.items()
        for (source, target), members in sorted(groups, key=lambda kv: kv[0][0] != kv[0][1]):
            count = len(members)
            if count < min_flow:
                continue
            out, inn = spans[(before, source)], spans[(after, target)]
            y0, y1 = out[2], inn[3]
            out[2] += count
            inn[3] += count
            t = np.linspace(0, 1, 30)
            smooth = 3 * t**2 - 2 * t**3
            xs = x + width / 2 + t * (1 - width)
            lower = y0 + (y1 - y0) * smooth
            switched = source != target
            ax.add_patch(
                Polygon(
                    np.r_[np.c_[xs, lower], np.c_[xs[::-1], (lower + count)[::-1]]],
                    closed=True,
                    facecolor=colours.get(target if switched else source, "#999999"),
                    alpha=0.6 if switched else 0.15,
                    edgecolor="none",
                    zorder=1.5 if switched else 1,
                )
            )
            if switched:
                moves.extend((code, target) for code in members)
        shown = sorted((m for m in moves if m[0] in named), key=lambda m: (m[1], m[0]))
        lines = [(f"{code}→{target}", colours.get(target, "#333333")) for code, target in shown]
        others = len(moves) - len(shown)
        if others:
            lines.append((f"+{others} other{'s' if others > 1 else ''}", "#333333"))
        for k, (line, colour) in enumerate(lines):
            ax.text(
                x + 0.5,
                1.0 - 0.045 * k,
                line,
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="top",
                fontsize=6,
                fontweight="bold",
                color=colour,
                zorder=5,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.9},
            )
    ax.set_ylim(0, top * 1.35)  # headroom above the bars for the lists of switchers
    # A bar keeps its full name only where the name fits inside it, else its id (named in the key).
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    per_unit = ax.transData.transform((0, 1))[1] - ax.transData.transform((0, 0))[1]
    bare = set()  # blocs some bar shows by id only: the key names them
    for text, bloc, size in bar_labels:
        if text.get_window_extent(renderer).height > size * per_unit - 2:
            bare.add(bloc)
            text.set_text(str(bloc))
            text.set_rotation(0)
            if text.get_window_extent(renderer).height > size * per_unit:
                text.set_visible(False)
    rows = {w: _window_row(analysis, w) for w in windows}

    def tick(w: str) -> str:
        marks = [m for m, on in (("n.s.", tested[w] is False), ("unstable", unstable[w])) if on]
        marks += ["partial"] if _partial(rows[w]) else []
        return "\n".join([w, *(f"({m})" for m in marks)])

    ax.set_xticks(range(len(windows)), [tick(w) for w in windows])
    ax.set_xlim(-0.5, len(windows) - 0.5)
    ax.set_xlabel(f"{analysis.params['windows']['body']} {analysis.params['windows']['by']}")
    ax.set_ylabel("countries (stacked by bloc)")
    ax.legend(
        handles=[
            Patch(facecolor="#999999", alpha=0.15, label="stayed in its bloc"),
            Patch(facecolor="#999999", alpha=0.6, label="switched (colour: new bloc)"),
            Patch(
                facecolor="white",
                edgecolor="#555555",
                hatch=NOT_SIGNIFICANT_HATCH,
                label="window without significant\nstructure (n.s.)",
            ),
            Patch(
                facecolor="white",
                edgecolor="#555555",
                hatch=UNSTABLE_HATCH,
                label=f"unstable partition (consensus\nARI < {STABLE_ARI})",
            ),
        ],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        title="Ribbons",
    )
    ax.text(
        1.01,
        0.6,
        "Bars: persistent bloc id and its\nname in that window. Above each\ngap: switchers among the anchors,\n"
        "UKR, ISR, HUN (code→new bloc)\nand how many others switched.\n"
        + _flows_significance(analysis, windows)
        + _flows_stability(analysis, windows)
        + "\n\n"
        + f"Blocs in {windows[-1]}:\n"
        + "\n".join(
            textwrap_name(f"{r.bloc}: {r.name} ({r.size})", 34)
            for r in blocs[blocs["window"] == windows[-1]].sort_values("size", ascending=False).itertuples()
        )
        + _earlier_blocs(blocs, bare | unnamed, windows),
        transform=ax.transAxes,
        fontsize=6.5,
        va="top",
    )
    last = rows[windows[-1]]
    ending = f"{last['end']}; partial: votes to {last['end']}" if _partial(last) else str(last["end"])
    ax.set_title(
        f"Who switched bloc, {analysis.params['windows']['body']} {analysis.params['windows']['by']} "
        f"{windows[0]}–{windows[-1]} ({rows[windows[0]]['start']} to {ending})\n"
        f"(index {analysis.params['index']['name']}, {analysis.params['blocs']['method']})",
        pad=8,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _flows_significance(analysis, windows: list) -> str:
    """One line on the windows' significance tests for the bloc-flow key."""
    tested = [_significant(analysis, w) for w in windows]
    if all(t is None for t in tested):
        return "Bloc significance not tested\n(null_draws=0)."
    failing = [w for w, t in zip(windows, tested) if t is False]
    draws = analysis.params.get("blocs", {}).get("null_draws", 0)
    if not failing:
        return f"Every window significant\n({draws} vote-permutation draws)."
    return f"Not significant ({draws} draws):\n" + ", ".join(failing) + "."


def _earlier_blocs(blocs: pd.DataFrame, shown: set, windows: list) -> str:
    """Key lines naming the blocs that some bar shows by id only (or not at all) and that are gone
    by the last window: each with its name and size in the last window it is drawn in."""
    gone = blocs[blocs["bloc"].isin(shown - set(blocs.loc[blocs["window"] == windows[-1], "bloc"]))]
    if gone.empty:
        return ""
    order = {w: i for i, w in enumerate(windows)}
    latest = gone.assign(at=gone["window"].map(order)).sort_values("at").groupby("bloc").tail(1)
    return "\n\nEarlier blocs (as in their last window):\n" + "\n".join(
        textwrap_name(f"{r.bloc}: {r.name} ({r.size}) in {r.window}", 34)
        for r in latest.sort_values(["at", "size"], ascending=[True, False]).itertuples()
    )


def _flows_stability(analysis, windows: list) -> str:
    """One line on the windows' consensus stability for the bloc-flow key (empty if not measured)."""
    rows = [_window_row(analysis, w) for w in windows]
    if all(r.get("ari") is None or pd.isna(r.get("ari")) for r in rows):
        return ""
    shaky = [f"{w} ({r['ari']:.2f})" for w, r in zip(windows, rows) if _unstable(analysis, w)]
    if not shaky:
        return f"\nEvery partition stable\n(consensus ARI ≥ {STABLE_ARI})."
    return f"\nUnstable (consensus ARI < {STABLE_ARI}):\n" + ", ".join(shaky) + "."


def textwrap_name(name: str, width: int) -> str:
    """A bloc name broken after '+' signs into lines of at most ``width`` characters."""
    lines, line = [], ""
    for part in name.split("+"):
        piece = part if not line else "+" + part
        if line and len(line) + len(piece) > width:
            lines.append(line + "+")
            line = part
        else:
            line += piece
    return "\n".join([*lines, line])


def shift_points(before: pd.DataFrame, after: pd.DataFrame, x: str = "USA", y: str = "RUS") -> pd.DataFrame:
    """Each country's agreement with ``x`` and ``y`` in two windows: ``x0, y0, x1, y1, moved``
    (Euclidean length of the move), largest move first."""
    for name, values in (("before", before), ("after", after)):
        for anchor in (x, y):
            if anchor not in values.index:
                raise GraphmodelError(f"{anchor} has no agreement values in the {name} window")
    common = before.index.intersection(after.index).drop([x, y], errors="ignore")
    table = pd.DataFrame(
        {
            "x0": before.loc[common, x],
            "y0": before.loc[common, y],
            "x1": after.loc[common, x],
            "y1": after.loc[common, y],
        }
    ).dropna()
    table["moved"] = np.hypot(table["x1"] - table["x0"], table["y1"] - table["y0"])
    return table.sort_values("moved", ascending=False)


def highlight_groups(codes, date) -> pd.Series:
    """Highlighted group of each country in the shift chart: EU members at ``date``, the rest of
    the Western European and Others Group, or none (drawn faint)."""
    eu = set(eu_members(date))
    regional = _regional_groups()
    return pd.Series(
        [
            "EU member" if c in eu else "other WEOG" if regional.get(c) == "Western European and Others" else "other"
            for c in codes
        ],
        index=list(codes),
    )


GROUP_STYLE = {"EU member": "#0072B2", "other WEOG": "#E69F00", "other": "#999999"}


#: Fewest bootstrap draws behind the shift chart's solid/dashed verdicts: at 200, Argentina's 2024 →
#: 2025 interval holds 0 at one seed and not at the next; at 2,000 it holds 0 at every seed tried
#: (0-4). Two windows' draws take well under a second.
MOVE_DRAWS = 2000


def _story_moves(spans, index: str, n_boot: int, random_state: int) -> pd.DataFrame | None:
    """Bootstrap intervals of each country's change of agreement with the US between the story's
    two spans, on at least :data:`MOVE_DRAWS` draws (none when ``n_boot`` is 0)."""
    from . import tracking

    if not n_boot:
        return None
    draws = max(n_boot, MOVE_DRAWS)
    moves = tracking.shifts(spans[0][1], spans[1][1], "USA", index=index, n_boot=draws, random_state=random_state)
    moves.attrs.update(n_boot=draws, ci=0.95)
    return moves


def shift_chart(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    x: str = "USA",
    y: str = "RUS",
    labels: tuple = (),
    window_names: tuple = ("before", "after"),
    index: str = "agree",
    top: int = 10,
    date=None,
    moves: pd.DataFrame | None = None,
    ax=None,
):
    """Each country's agreement with ``x`` (horizontal) against ``y`` (vertical) in the second
    window as a point; arrows from the first window only for the ``top`` movers (and
    ``labels``), which are named; EU members and the rest of the WEOG highlighted, everyone
    else faint.

    ``before`` and ``after`` are square agreement DataFrames (:func:`graphmodel.indices.frame`);
    ``date`` sets EU membership (default: today's). ``moves``, the bootstrap table of
    :func:`graphmodel.tracking.shifts` for anchor ``x`` (``iso3, ci_low, ci_high``; ``attrs``
    ``n_boot`` and ``ci``), draws dashed the arrows whose change of agreement with ``x`` has an
    interval holding 0, so a move the votes do not establish is not shown like one they do.
    """
    table = shift_points(before, after, x, y)
    unsure = set()
    if moves is not None:
        bounds = moves.set_index("iso3")[["ci_low", "ci_high"]]
        unsure = set(bounds.index[(bounds["ci_low"] <= 0) & (bounds["ci_high"] >= 0)])
    groups = highlight_groups(table.index, date or pd.Timestamp.today())
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(6.8, 6.2))
    low, high = AGREEMENT_SCALE.get(index, (0, 1))
    ax.plot([low, high], [low, high], color="#bbbbbb", linewidth=0.6, linestyle=":", zorder=0)
    for group, style in (("other", {"s": 10, "alpha": 0.35}), ("other WEOG", {"s": 18}), ("EU member", {"s": 18})):
        rows = table[groups == group]
        ax.scatter(
            rows["x1"],
            rows["y1"],
            color=GROUP_STYLE[group],
            edgecolors="white",
            linewidths=0.3,
            zorder=2,
            label=f"{group} ({len(rows)})",
            **style,
        )
    named = list(dict.fromkeys([*table.index[:top], *[c for c in labels if c in table.index]]))
    for code in named:
        row = table.loc[code]
        colour = GROUP_STYLE[groups[code]] if groups[code] != "other" else "#333333"
        ax.annotate(
            "",
            xy=(row["x1"], row["y1"]),
            xytext=(row["x0"], row["y0"]),
            arrowprops={
                "arrowstyle": "-|>",
                "color": colour,
                "linestyle": "--" if code in unsure else "-",
                "linewidth": 0.9,
                "mutation_scale": 7,
                "shrinkA": 0,
                "shrinkB": 2,
            },
            zorder=4,
        )
        ax.scatter([row["x0"]], [row["y0"]], s=8, facecolors="white", edgecolors=colour, linewidths=0.7, zorder=4)
    ax.set_xlim(low, high + 0.02)
    ax.set_ylim(low, high + 0.02)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(f"agreement with {x} ({index})")
    ax.set_ylabel(f"agreement with {y} ({index})")
    handles, _ = ax.get_legend_handles_labels()
    handles.append(
        matplotlib.lines.Line2D(
            [],
            [],
            color="#333333",
            marker=">",
            markersize=4,
            linewidth=0.9,
            label=f"move of the {top} largest movers + named",
        )
    )
    if moves is not None:
        level, draws = moves.attrs.get("ci", 0.95), moves.attrs.get("n_boot")
        handles.append(
            matplotlib.lines.Line2D(
                [],
                [],
                color="#333333",
                linestyle="--",
                linewidth=0.9,
                label=f"change of agreement with {x} not significant\n({level:.0%} bootstrap"
                f"{f', {draws} draws' if draws else ''}): {len(unsure & set(table.index))} of "
                f"{len(table)} countries,\n{len(unsure & set(named))} of the arrows",
            )
        )
    # wherever the points leave room: which corner is empty depends on the pair and the years
    ax.legend(handles=handles, loc="best", frameon=True, framealpha=0.9, fontsize=7)
    ax.set_title(
        f"Agreement with {x} and {y}: {window_names[0]} → {window_names[1]}\n(points: {window_names[1]}; arrows start at {window_names[0]})"
    )
    ax.grid(color="#eeeeee", linewidth=0.5, zorder=-1)
    place_labels(
        ax,
        {c: (table.at[c, "x1"], table.at[c, "y1"]) for c in named},
        # the arrows' open start circles too, so a label does not sit on another country's start
        obstacles=np.r_[table[["x1", "y1"]].to_numpy(), table.loc[named, ["x0", "y0"]].to_numpy()],
        node_radius=2.5,
        fontsize=7,
    )
    return fig


def _regional_groups() -> pd.Series:
    groups = country_table().set_index("iso3")["regional_group"]
    return groups.replace("", NO_GROUP)


def vote_map(dataset, symbol: str, *, columns: int | None = None, highlight=("USA", "RUS"), ax=None):
    """Who voted Yes, No, Abstain or was absent on one roll call, as a grid of country codes:
    General Assembly votes grouped by UN regional group, Security Council votes as the Council
    (permanent members first, marked P5). Choices differ in colour, lightness and hatching;
    ``highlight`` countries get a heavy outline."""
    import textwrap

    call = dataset.rollcall(symbol)
    votes = dataset.votes_on(symbol)
    table = votes.assign(iso3=votes["iso3"].astype(str))
    council = call["body"] == "SC"
    if council:
        table = table.assign(group=np.where(table["iso3"].isin(P5), "Permanent members (P5, veto)", "Elected members"))
        table = table.sort_values(["group", "iso3"], ascending=[False, True])
        columns = columns or 5
    else:
        table = table.assign(group=table["iso3"].map(_regional_groups()).fillna(NO_GROUP)).sort_values(
            ["group", "iso3"]
        )
        columns = columns or 20
    grouped = list(table.groupby("group", sort=False))
    rows = sum(1 + (len(m) - 1) // columns + 1 for _, m in grouped) + len(grouped) - 1
    size = (3.6, 2.9) if council else (7, max(3.5, 7 * (rows + 5) / (columns + 1)))
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=size)
    row = 0
    for group, members in grouped:
        ax.text(-0.5, -row, f"{group} ({len(members)})", fontsize=8, fontweight="bold", ha="left", va="center")
        row += 1
        for k, item in enumerate(members.itertuples()):
            r, c = row + k // columns, k % columns
            marked = item.iso3 in highlight
            ax.add_patch(
                plt.Rectangle(
                    (c - 0.46, -r - 0.42),
                    0.92,
                    0.84,
                    facecolor=VOTE_COLOURS[item.vote],
                    hatch=VOTE_HATCHES[item.vote],
                    edgecolor="black" if marked else "#777777",
                    linewidth=1.8 if marked else 0.3,
                    zorder=3 if marked else 2,
                )
            )
            ax.text(
                c,
                -r,
                item.iso3,
                fontsize=6.5 if council else 6,
                ha="center",
                va="center",
                fontweight="bold" if marked else "normal",
                zorder=4,
                color="white" if item.vote in ("N", "Y") else "black",
                bbox=None
                if item.vote in ("N", "Y")
                else {"boxstyle": "square,pad=0.05", "fc": VOTE_COLOURS[item.vote], "ec": "none"},
            )
        row += (len(members) - 1) // columns + 2
    counts = table["vote"].value_counts()
    handles = [
        Patch(
            facecolor=VOTE_COLOURS[v],
            hatch=VOTE_HATCHES[v],
            edgecolor="#777777",
            label=f"{VOTE_NAMES[v]} ({counts.get(v, 0)})",
        )
        for v in "YNAX"
    ]
    shown = [c for c in highlight if c in set(table["iso3"])]
    if shown:
        handles.append(
            Patch(facecolor="white", edgecolor="black", linewidth=1.8, label="outlined: " + ", ".join(shown))
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=3 if council else 5,
        frameon=False,
        fontsize=7 if council else 8,
    )
    ax.set_xlim(-0.6, columns - 0.4)
    ax.set_ylim(-row + 1.5, 0.8)
    ax.set_aspect("equal")
    ax.set_axis_off()
    date = pd.Timestamp(call["date"]).date()
    title = textwrap.shorten(clean_title(call.get("title")), 110, placeholder=" …")
    width = 48 if council else 80
    ax.set_title(
        f"{call['symbol']}, {date}: {counts.get('Y', 0)}–{counts.get('N', 0)}–{counts.get('A', 0)} "
        f"(Yes–No–Abstain)\n" + "\n".join(textwrap.wrap(title, width)),
        fontsize=9 if council else 10,
    )
    return fig


STORY_VOTES = ("A/RES/ES-11/7", "A/RES/ES-11/8", "S/RES/2774 (2025)")


def with_significance(analysis, windows: list, draws: int):
    """A copy of ``analysis`` whose ``blocs`` table carries ``z``, ``p`` and ``significant`` for
    ``windows``: the vote-permutation test of :mod:`graphmodel.significance` with the analysis's
    own settings, so each value equals what ``analyze(..., null_draws=draws)`` reports for that
    window; the other windows stay untested. The figures draw a few windows, and testing all 79
    would cost twenty times more."""
    import dataclasses

    from . import significance
    from .settings import Blocs, Index

    blocs, index = Blocs(**analysis.params["blocs"]), Index(**analysis.params["index"])
    if blocs.representation == "index":
        raise GraphmodelError("the significance test needs a representation other than 'index'")
    table = significance.significance_table(
        {w: analysis.matrices[w].restrict(list(analysis.agreement[w].index)) for w in windows},
        draws=draws,
        **significance.options_for(blocs, index),
    ).set_index("window")
    tested = analysis.blocs.copy()
    rows = tested["window"].isin(windows)
    for column in ("z", "p", "significant"):
        values = tested["window"].map(table[column])
        tested[column] = values.where(rows, tested[column]).astype(object)
    params = {**analysis.params, "blocs": {**analysis.params["blocs"], "null_draws": draws}}
    return dataclasses.replace(analysis, blocs=tested, params=params)


def write_set(
    dataset,
    out,
    *,
    window: str | None = None,
    fmt: str = "png",
    index: str = "agree",
    n_boot: int = 200,
    story: bool = True,
    html: bool = True,
    random_state: int = 0,
    null_draws: int = 99,
    progress=None,
) -> list[Path]:
    """The demo's figures: networks of the latest two GA sessions (aligned layouts), the latest
    heatmap and bloc flows, US–Russia and US–EU trajectories with bootstrap bands (percentile
    intervals over ``n_boot`` resamplings of each session's roll calls), the 2024 → 2025 shift
    chart, and (``story``) vote maps of ES-11/7, ES-11/8 and S/RES/2774; with ``html`` also
    interactive pages of the latest network and the shift chart (:mod:`graphmodel.html`).
    The windows drawn are tested against ``null_draws`` vote-permutation draws
    (:func:`with_significance`); the network, heatmap and bloc-flow figures say which have
    significant bloc structure (0: untested, said so).

    ``progress`` wraps iterables (e.g. ``tqdm``): the analysis's windows, then the figures.
    """
    from . import html as pages
    from . import indices
    from .analysis import analyze, compare

    out = Path(out)
    wrap = (lambda items, desc: progress(items, desc=desc, unit="item", leave=False)) if progress else None
    analysis = analyze(
        dataset, index=index, random_state=random_state, progress=(lambda it: wrap(it, "analysis")) if wrap else None
    )
    labels = list(analysis.agreement)
    window = window or labels[-1]
    if window not in labels:
        raise GraphmodelError(f"no GA session {window!r} to draw; sessions run {labels[0]}–{labels[-1]}")
    previous = labels[max(labels.index(window) - 1, 0)]
    flows = labels[max(labels.index(window) - 5, 0) : labels.index(window) + 1]
    if null_draws:
        analysis = with_significance(analysis, flows, null_draws)
    layouts = aligned_layouts({w: analysis.agreement[w] for w in (window, previous)})
    last = analysis.blocs[analysis.blocs["window"] == window].iloc[0]
    jobs = [
        (
            f"network_{previous}",
            lambda: network(analysis, previous, layout=layouts[previous]),
        ),
        (
            f"network_{window}",
            lambda: network(analysis, window, layout=layouts[window]),
        ),
        (f"heatmap_{window}", lambda: heatmap(analysis, window)),
        ("bloc_flows", lambda: bloc_flows(analysis, windows=flows)),
        (
            "trajectories_usa",
            lambda: trajectories(
                {
                    pair_name(table) + note: table
                    for table, note in (
                        (compare(dataset, "USA", "RUS", index=index, n_boot=n_boot, random_state=random_state), ""),
                        (
                            compare(dataset, "USA", "EU", index=index, n_boot=n_boot, random_state=random_state),
                            " (members at each date)",
                        ),
                    )
                },
                index=index,
                title=f"GA agreement per session ({index}), 95% percentile bootstrap bands ({n_boot} draws)",
            ),
        ),
    ]
    if html:
        jobs.append((f"network_{window}.html", lambda: pages.network_html(analysis, window, layout=layouts[window])))
    if story:
        spans = [
            dataset.window_matrices(by="range", start=start, end=end)[0]
            for start, end in (("2024-01-01", "2024-12-31"), ("2025-01-20", "2025-12-31"))
        ]
        frames = [indices.frame(matrix, index)[0] for _, matrix in spans]
        # the dates of the first and last votes, not the filter's bounds
        names = tuple(f"{w.start.date()} to {w.end.date()}" for w, _ in spans)
        jobs.append(
            (
                "shift_2024_2025",
                lambda: shift_chart(
                    *frames,
                    labels=("ISR", "HUN", "ARG", "FRA", "CHN", "IND"),
                    window_names=names,
                    index=index,
                    date=last["end"],
                    moves=_story_moves(spans, index, n_boot, random_state),
                ),
            )
        )
        if html:
            country_names = dataset.countries.set_index("iso3")["name"].to_dict()
            jobs.append(
                (
                    "shift_2024_2025.html",
                    lambda: pages.shift_html(
                        *frames, window_names=names, index=index, date=last["end"], names=country_names
                    ),
                )
            )
        jobs += [
            (f"vote_{symbol.split(' ')[0].replace('/', '_')}", lambda symbol=symbol: vote_map(dataset, symbol))
            for symbol in STORY_VOTES
        ]
    written = []
    for name, make in wrap(jobs, "figures") if wrap else jobs:
        made = make()
        if isinstance(made, str):
            written.append(pages.write(made, out / name))
            continue
        written.append(save(made, out / name, fmt))
        plt.close(made)
    return written
