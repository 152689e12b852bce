"""Publication figures, one function per figure; each returns a matplotlib Figure.

Colours are the Okabe & Ito (2008) colour-blind-safe palette; sizes default to a journal column
pair (7 in wide) with 8–10 pt text so a figure stays legible printed at paper size. Titles say the
window and the index. :func:`save` writes PNG, SVG or PDF.

>>> from graphmodel import load_dataset
>>> fig = vote_map(load_dataset(), "A/RES/ES-11/7")
>>> fig.axes[0].get_title().startswith("A/RES/ES-11/7")
True
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.patches import Patch, Polygon
from scipy.linalg import orthogonal_procrustes

from .countries import ANCHORS, country_table
from .errors import GraphmodelError

#: Okabe–Ito palette (black last), colour-blind safe.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
VOTE_COLOURS = {"Y": "#009E73", "N": "#D55E00", "A": "#E69F00", "X": "#BBBBBB"}
VOTE_NAMES = {"Y": "Yes", "N": "No", "A": "Abstain", "X": "Absent"}
#: Dates researchers mark on trajectories: end of the USSR, Russia's full-scale invasion of
#: Ukraine, the second Trump inauguration.
EVENTS = {
    "1991-12-26": "USSR dissolved",
    "2022-02-24": "Russia invades Ukraine",
    "2025-01-20": "US administration change",
}
NO_GROUP = "No regional group"  # Kiribati belongs to none of the five UN regional groups
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
    }
)


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


def _bloc_colours(blocs: pd.DataFrame) -> dict:
    """Persistent bloc id → colour, largest blocs first, stable across windows."""
    order = blocs.groupby("bloc")["size"].sum().sort_values(ascending=False).index
    return {
        bloc: PALETTE[i % (len(PALETTE) - 1)] if i < len(PALETTE) - 1 else "#999999" for i, bloc in enumerate(order)
    }


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


def _declutter(ax, texts, *, steps: int = 200) -> None:
    """Nudge labels apart until their boxes stop overlapping (a few labels, so a simple loop)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    inverse = ax.transData.inverted()
    for _ in range(steps):
        boxes = [t.get_window_extent(renderer).expanded(1.05, 1.15) for t in texts]
        moved = False
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                if boxes[i].overlaps(boxes[j]):
                    direction = 1 if boxes[i].y0 >= boxes[j].y0 else -1
                    step = 0.6 * min(boxes[i].height, boxes[j].height)
                    for text, sign in ((texts[i], direction), (texts[j], -direction)):
                        x, y = ax.transData.transform(text.get_position())
                        text.set_position(inverse.transform((x, y + sign * step / 2)))
                    moved = True
        if not moved:
            return


def labels_overlap(fig, texts) -> bool:
    """Whether any two of ``texts`` overlap on the rendered figure (used by the tests)."""
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    return any(boxes[i].overlaps(boxes[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes)))


# ---- figures -------------------------------------------------------------------------------


def network(analysis, window: str, *, layout: pd.DataFrame | None = None, ax=None, labels=LABELLED):
    """One window's backbone: nodes coloured by bloc, edge width by agreement, anchors labelled.

    Positions come from :func:`mds_layout` unless ``layout`` is given (use
    :func:`aligned_layouts` to compare windows side by side).
    """
    if window not in analysis.backbones:
        raise GraphmodelError(f"no window {window!r} in this analysis")
    backbone = analysis.backbones[window]
    values = analysis.agreement[window]
    layout = layout if layout is not None else mds_layout(values)
    blocs = analysis.blocs[analysis.blocs["window"] == window]
    colours = _bloc_colours(analysis.blocs)
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7, 6))
    pos = {c: (layout.at[c, "x"], layout.at[c, "y"]) for c in backbone if c in layout.index}
    weights = np.array([d["weight"] for _, _, d in backbone.edges(data=True)])
    widths = 0.2 + 1.8 * (weights - weights.min()) / (np.ptp(weights) or 1)
    nx.draw_networkx_edges(backbone, pos, ax=ax, width=widths, edge_color="#888888", alpha=0.35)
    node_bloc = nx.get_node_attributes(backbone, "bloc_id")
    nx.draw_networkx_nodes(
        backbone,
        pos,
        ax=ax,
        node_size=28,
        linewidths=0.3,
        edgecolors="white",
        node_color=[colours.get(node_bloc.get(c), "#999999") for c in backbone],
    )
    texts = [
        ax.text(
            *pos[c],
            c,
            fontsize=8,
            fontweight="bold",
            ha="center",
            va="bottom",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
        )
        for c in labels
        if c in pos
    ]
    fig.canvas.draw()
    _declutter(ax, texts)
    handles = [Patch(color=colours[row.bloc], label=f"{row.name} ({row.size})") for row in blocs.itertuples()]
    ax.legend(handles=handles, title="Bloc (members)", loc="lower left", frameon=False)
    params = analysis.params
    ax.set_title(
        f"{params['windows']['body']} {params['windows']['by']} {window}: blocs on the k-NN backbone "
        f"(index {params['index']['name']}, Q = {blocs['modularity'].iloc[0]:.3f})"
    )
    ax.set_axis_off()
    return fig


def heatmap(analysis, window: str, *, ax=None):
    """Agreement matrix of a window, countries ordered by bloc (then by strength inside it), with
    lines between blocs; anchors named on the axes."""
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
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7, 6.4))
    cmap = matplotlib.colormaps["cividis"].with_extremes(bad="#dddddd")  # pairs with too few co-votes
    image = ax.imshow(matrix, cmap=cmap, vmin=np.nanmin(matrix), vmax=1, interpolation="nearest")
    edges = np.cumsum([len([c for c in r.members if c in values.index]) for r in blocs.itertuples()])[:-1]
    for edge in edges:
        ax.axhline(edge - 0.5, color="white", linewidth=1.2)
        ax.axvline(edge - 0.5, color="white", linewidth=1.2)
    position = {c: i for i, c in enumerate(order)}
    ticks = _spaced([position[c] for c in LABELLED if c in position], gap=len(order) / 40)
    ax.set_xticks(ticks, [order[i] for i in ticks], rotation=90)
    ax.set_yticks(ticks, [order[i] for i in ticks])
    starts = np.r_[0, edges]
    for number, (start, row) in enumerate(zip(starts, blocs.itertuples()), 1):
        ax.text(start + row.size / 2, -2, f"{number}", ha="center", va="bottom", fontsize=8, fontweight="bold")
    ax.text(
        0,
        -0.16,
        "Blocs: " + "; ".join(f"{n} {r.name} ({r.size})" for n, r in enumerate(blocs.itertuples(), 1)),
        transform=ax.transAxes,
        fontsize=8,
        va="top",
    )
    fig.colorbar(image, ax=ax, fraction=0.04, pad=0.03, label=f"agreement ({analysis.params['index']['name']})")
    ax.set_title(
        f"{analysis.params['windows']['body']} {analysis.params['windows']['by']} {window}: agreement by bloc "
        f"({len(order)} countries, index {analysis.params['index']['name']})",
        pad=16,
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


def trajectories(series: dict, *, events: dict | None = None, index: str = "agree", title: str | None = None, ax=None):
    """Agreement across windows for several pairs, with bootstrap bands and event markers.

    ``series`` maps a label ("USA–RUS") to a :func:`graphmodel.compare`
    table (with ``ci_low``/``ci_high`` when it was bootstrapped); x is each window's midpoint.
    """
    events = EVENTS if events is None else events
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7, 3.6))
    for i, (label, table) in enumerate(series.items()):
        middle = pd.to_datetime(table["start"]) + (pd.to_datetime(table["end"]) - pd.to_datetime(table["start"])) / 2
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(middle, table["agreement"], color=colour, linewidth=1.4, label=label)
        if "ci_low" in table:
            ax.fill_between(middle, table["ci_low"], table["ci_high"], color=colour, alpha=0.2, linewidth=0)
    low, high = ax.get_xlim()
    shown = [(matplotlib.dates.date2num(pd.Timestamp(d)), name) for d, name in sorted(events.items())]
    for row, (x, name) in enumerate(item for item in shown if low <= item[0] <= high):
        ax.axvline(x, color="#444444", linestyle="--", linewidth=0.8)
        # alternate two rows so labels of close dates (2022, 2025) do not collide
        ax.text(
            x, 1.01 + 0.06 * (row % 2), name, fontsize=7, ha="right", va="bottom", transform=ax.get_xaxis_transform()
        )
    ax.set_ylabel(f"agreement ({index})")
    ax.set_ylim(0, 1)
    ax.legend(loc="lower left", frameon=False, ncol=len(series))
    bands = " with 95% bootstrap bands" if any("ci_low" in t for t in series.values()) else ""
    ax.set_title(title or f"Agreement per window ({index}){bands}", pad=36)
    return fig


IDEAL_COUNTRIES = ("USA", "RUS", "CHN", "DEU", "FRA", "GBR", "IND", "BRA")


def ideal_trajectories(estimates: pd.DataFrame, *, countries=IDEAL_COUNTRIES, events: dict | None = None, ax=None):
    """Ideal point per GA session for ``countries`` with their bootstrap bands and event markers.

    ``estimates`` is :func:`graphmodel.idealpoints.estimate`'s table; a session is drawn at
    1 October of the year it opened, so the event lines (1991, 2022-02-24, 2025-01-20) fall between
    the sessions they separate. Russia's line continues the USSR's seat.
    """
    events = EVENTS if events is None else events
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(8, 4.2))
    names = {"RUS": "Russia/USSR", "DEU": "Germany (FRG)", "CHN": "China (ROC seat to 1971)"}
    for i, iso3 in enumerate(countries):
        rows = estimates[estimates["iso3"] == iso3].sort_values("session")
        if rows.empty:
            continue
        when = pd.to_datetime(rows["year"].astype(int).astype(str) + "-10-01")
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(when, rows["ideal"], color=colour, linewidth=1.3, label=names.get(iso3, iso3))
        if rows["lo"].notna().any():
            ax.fill_between(when, rows["lo"], rows["hi"], color=colour, alpha=0.18, linewidth=0)
    low, high = ax.get_xlim()
    shown = [(matplotlib.dates.date2num(pd.Timestamp(d)), name) for d, name in sorted(events.items())]
    for row, (x, name) in enumerate(item for item in shown if low <= item[0] <= high):
        ax.axvline(x, color="#444444", linestyle="--", linewidth=0.8)
        ax.text(
            x, 1.01 + 0.06 * (row % 2), name, fontsize=7, ha="right", va="bottom", transform=ax.get_xaxis_transform()
        )
    level = estimates.attrs.get("settings", {}).get("level", 0.9)
    ax.set_ylabel("ideal point (US side positive)")
    ax.legend(loc="lower left", frameon=False, ncol=4)
    ax.set_title(f"Ideal points per GA session, {level:.0%} parametric-bootstrap bands", pad=36)
    return fig


def bloc_flows(analysis, *, windows: list | None = None, min_flow: int = 1, ax=None):
    """Alluvial chart: blocs as stacked bars per window (height = members), ribbons for the
    countries moving between consecutive windows, so splits and merges show as forks."""
    windows = windows or list(analysis.graphs)[-12:]
    nodes = analysis.nodes[analysis.nodes["window"].isin(windows)]
    colours = _bloc_colours(analysis.blocs)
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7, 4))
    gap, width = 4, 0.28
    spans = {}
    for x, window in enumerate(windows):
        sizes = nodes[nodes["window"] == window]["bloc"].value_counts().sort_index()
        y = 0
        for bloc, size in sizes.items():
            ax.bar(x, size, bottom=y, width=width, color=colours.get(bloc, "#999999"), edgecolor="white", linewidth=0.5)
            spans[(window, bloc)] = [y, y + size, y, y]  # [bottom, top, next out, next in]
            y += size + gap
    for x, (before, after) in enumerate(zip(windows, windows[1:])):
        a = nodes[nodes["window"] == before].set_index("iso3")["bloc"]
        b = nodes[nodes["window"] == after].set_index("iso3")["bloc"]
        common = a.index.intersection(b.index)
        flows = pd.crosstab(a[common], b[common])
        for source in flows.index:
            for target in flows.columns:
                count = int(flows.at[source, target])
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
                ax.add_patch(
                    Polygon(
                        np.r_[np.c_[xs, lower], np.c_[xs[::-1], (lower + count)[::-1]]],
                        closed=True,
                        facecolor=colours.get(source, "#999999"),
                        alpha=0.35,
                        edgecolor="none",
                    )
                )
    ax.set_xticks(range(len(windows)), windows)
    ax.set_xlabel(f"{analysis.params['windows']['body']} {analysis.params['windows']['by']}")
    ax.set_ylabel("countries")
    shown = analysis.blocs[analysis.blocs["window"].isin(windows)].drop_duplicates("bloc", keep="last")
    ax.legend(
        handles=[Patch(color=colours[r.bloc], label=f"{r.bloc}: {r.name}") for r in shown.itertuples()],
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        title="Bloc (id: latest name)",
    )
    ax.set_title(
        f"Bloc flows, {windows[0]}–{windows[-1]} (index {analysis.params['index']['name']}, {analysis.params['blocs']['method']})"
    )
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def shift_chart(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    x: str = "USA",
    y: str = "RUS",
    labels: tuple = (),
    window_names: tuple = ("before", "after"),
    index: str = "agree",
    top: int = 8,
    ax=None,
):
    """Each country's agreement with ``x`` (horizontal) against ``y`` (vertical) in two windows,
    an arrow from the first to the second; the largest movers and ``labels`` are named.

    ``before`` and ``after`` are square agreement DataFrames (:func:`graphmodel.indices.frame`).
    """
    for name, values in (("before", before), ("after", after)):
        for anchor in (x, y):
            if anchor not in values.index:
                raise GraphmodelError(f"{anchor} has no agreement values in the {name} window")
    common = before.index.intersection(after.index).drop([x, y], errors="ignore")
    p0 = pd.DataFrame({"x": before.loc[common, x], "y": before.loc[common, y]})
    p1 = pd.DataFrame({"x": after.loc[common, x], "y": after.loc[common, y]})
    ok = p0.notna().all(axis=1) & p1.notna().all(axis=1)
    p0, p1 = p0[ok], p1[ok]
    groups = _regional_groups()
    group_names = sorted(groups.reindex(p0.index).fillna(NO_GROUP).unique())
    group_colour = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(group_names)}
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(6.5, 6))
    for iso3 in p0.index:
        colour = group_colour[groups.get(iso3, NO_GROUP)]
        ax.annotate(
            "",
            xy=(p1.at[iso3, "x"], p1.at[iso3, "y"]),
            xytext=(p0.at[iso3, "x"], p0.at[iso3, "y"]),
            arrowprops={"arrowstyle": "->", "color": colour, "alpha": 0.55, "linewidth": 0.7},
        )
    ax.scatter(p1["x"], p1["y"], s=6, c=[group_colour[groups.get(c, NO_GROUP)] for c in p1.index], zorder=3)
    moved = np.hypot(p1["x"] - p0["x"], p1["y"] - p0["y"]).sort_values(ascending=False)
    named = list(dict.fromkeys([*moved.index[:top], *[c for c in labels if c in p1.index]]))
    texts = [ax.text(p1.at[c, "x"], p1.at[c, "y"], c, fontsize=8, fontweight="bold") for c in named]
    ax.plot([0, 1], [0, 1], color="#999999", linewidth=0.6, linestyle=":")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    fig.canvas.draw()
    _declutter(ax, texts)
    for code, text in zip(named, texts):  # leader lines: labels nudged apart still point at their country
        ax.plot(
            [p1.at[code, "x"], text.get_position()[0]],
            [p1.at[code, "y"], text.get_position()[1]],
            color="#333333",
            linewidth=0.4,
            zorder=2,
        )
    ax.set_xlabel(f"agreement with {x} ({index})")
    ax.set_ylabel(f"agreement with {y} ({index})")
    ax.legend(
        handles=[Patch(color=group_colour[g], label=g) for g in group_names],
        loc="lower right",
        frameon=False,
        title="UN regional group",
    )
    ax.set_title(f"Agreement with {x} and {y}: {window_names[0]} → {window_names[1]}")
    return fig


def _regional_groups() -> pd.Series:
    groups = country_table().set_index("iso3")["regional_group"]
    return groups.replace("", NO_GROUP)


def vote_map(dataset, symbol: str, *, columns: int = 20, ax=None):
    """Who voted Yes, No, Abstain or was absent on one roll call, as a grid of country codes
    grouped by UN regional group."""
    import textwrap

    call = dataset.rollcall(symbol)
    votes = dataset.votes_on(symbol)
    table = votes.assign(iso3=votes["iso3"].astype(str))
    table = table.assign(group=table["iso3"].map(_regional_groups()).fillna(NO_GROUP)).sort_values(["group", "iso3"])
    grouped = list(table.groupby("group", sort=True))
    rows = sum(2 + (len(m) - 1) // columns + 1 for _, m in grouped)
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(7, max(3.5, 7 * (rows + 4) / (columns + 1))))
    row = 0
    for group, members in grouped:
        ax.text(-0.5, -row, f"{group} ({len(members)})", fontsize=8, fontweight="bold", ha="left", va="center")
        row += 1
        for k, item in enumerate(members.itertuples()):
            r, c = row + k // columns, k % columns
            ax.add_patch(plt.Rectangle((c - 0.46, -r - 0.42), 0.92, 0.84, color=VOTE_COLOURS[item.vote]))
            ax.text(
                c,
                -r,
                item.iso3,
                fontsize=6,
                ha="center",
                va="center",
                color="white" if item.vote in ("N", "Y") else "black",
            )
        row += (len(members) - 1) // columns + 2
    counts = table["vote"].value_counts()
    ax.legend(
        handles=[Patch(color=VOTE_COLOURS[v], label=f"{VOTE_NAMES[v]} ({counts.get(v, 0)})") for v in "YNAX"],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=4,
        frameon=False,
    )
    ax.set_xlim(-0.6, columns - 0.4)
    ax.set_ylim(-row + 1, 1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    date = pd.Timestamp(call["date"]).date()
    title = textwrap.shorten(str(call.get("title") or ""), 110, placeholder=" …")
    ax.set_title(
        f"{symbol}, {date}: {counts.get('Y', 0)}–{counts.get('N', 0)}–{counts.get('A', 0)} "
        f"(Yes–No–Abstain)\n" + "\n".join(textwrap.wrap(title, 80))
    )
    return fig


STORY_VOTES = ("A/RES/ES-11/7", "A/RES/ES-11/8", "S/RES/2774 (2025)")


def write_set(
    dataset,
    out,
    *,
    window: str | None = None,
    fmt: str = "png",
    index: str = "agree",
    n_boot: int = 200,
    story: bool = True,
    random_state: int = 0,
    progress=None,
) -> list[Path]:
    """The demo's figures: networks of the latest two GA sessions (aligned layouts), the latest
    heatmap and bloc flows, US–Russia and US–EU trajectories with bootstrap bands, the 2024 →
    2025 shift chart, and (``story``) vote maps of ES-11/7, ES-11/8 and S/RES/2774."""
    from . import indices
    from .analysis import analyze, compare

    out = Path(out)
    analysis = analyze(dataset, index=index, random_state=random_state)
    labels = list(analysis.graphs)
    window = window or labels[-1]
    if window not in labels:
        raise GraphmodelError(f"no GA session {window!r} to draw; sessions run {labels[0]}–{labels[-1]}")
    previous = labels[max(labels.index(window) - 1, 0)]
    layouts = aligned_layouts({w: analysis.agreement[w] for w in (window, previous)})
    jobs = [
        (f"network_{previous}", lambda: network(analysis, previous, layout=layouts[previous])),
        (f"network_{window}", lambda: network(analysis, window, layout=layouts[window])),
        (f"heatmap_{window}", lambda: heatmap(analysis, window)),
        (
            "bloc_flows",
            lambda: bloc_flows(analysis, windows=labels[max(labels.index(window) - 11, 0) : labels.index(window) + 1]),
        ),
        (
            "trajectories_usa",
            lambda: trajectories(
                {
                    "USA–RUS": compare(dataset, "USA", "RUS", index=index, n_boot=n_boot, random_state=random_state),
                    "USA–EU": compare(dataset, "USA", "EU", index=index, n_boot=n_boot, random_state=random_state),
                },
                index=index,
                title=f"GA agreement per session ({index}), 95% bootstrap bands",
            ),
        ),
    ]
    if story:
        frames = [
            indices.frame(dataset.window_matrices(by="range", start=start, end=end)[0][1], index)[0]
            for start, end in (("2024-01-01", "2024-12-31"), ("2025-01-20", "2025-12-31"))
        ]
        jobs.append(
            (
                "shift_2024_2025",
                lambda: shift_chart(
                    *frames,
                    labels=("ISR", "HUN", "ARG", "FRA", "CHN", "IND"),
                    window_names=("2024", "2025-01-20 to 2025-12-31"),
                    index=index,
                ),
            )
        )
        jobs += [
            (f"vote_{symbol.split(' ')[0].replace('/', '_')}", lambda symbol=symbol: vote_map(dataset, symbol))
            for symbol in STORY_VOTES
        ]
    written = []
    for name, make in progress(jobs, desc="figures", unit="figure") if progress else jobs:
        fig = make()
        written.append(save(fig, out / name, fmt))
        plt.close(fig)
    return written
