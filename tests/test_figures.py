"""Figures on the real data: files open, are not blank, and carry their titles, labels and legends."""

import matplotlib
import matplotlib.collections
import matplotlib.colors
import matplotlib.image
import matplotlib.patches
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import graphmodel
from graphmodel import figures
from graphmodel.errors import GraphmodelError


@pytest.fixture(scope="module")
def written(dataset, tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    return {p.name: p.read_text() for p in figures.write_set(dataset, out, fmt="svg", n_boot=20, null_draws=29)}


@pytest.fixture(scope="module")
def svg_set(written):
    return {name.removesuffix(".svg"): text for name, text in written.items() if name.endswith(".svg")}


@pytest.mark.slow
def test_every_figure_is_written_with_its_title_and_legend(svg_set, written, dataset):
    spans = [
        dataset.window_matrices(by="range", start=s, end=e)[0][0]
        for s, e in (("2024-01-01", "2024-12-31"), ("2025-01-20", "2025-12-31"))
    ]
    assert {name for name in written if name.endswith(".html")} == {"network_80.html", "shift_2024_2025.html"}
    assert set(svg_set) == {
        "network_79",
        "network_80",
        "heatmap_80",
        "bloc_flows",
        "trajectories_usa",
        "shift_2024_2025",
        "vote_A_RES_ES-11_7",
        "vote_A_RES_ES-11_8",
        "vote_S_RES_2774",
    }
    expected_text = {
        "network_80": [
            "GA session 80",
            "index agree",
            "USA+GBR+EU",
            "Bloc (members)",
            "USA",
            "RUS",
            "MDS dimension 1",
            "bloc structure significant (z ",
            "29 vote-permutation draws",
            "partial: votes to 2026-06-04",
            "unstable partition: consensus runs agree only to ARI 0.62",
        ],
        "heatmap_80": [
            "agreement by bloc",
            "bloc structure significant",
            "agreement (agree)",
            "Blocs (persistent ids",
            "bloc 53",
        ],
        "bloc_flows": [
            "Who switched bloc",
            "countries (stacked by bloc)",
            "GA session",
            "→",
            "Every window significant",
        ],
        "trajectories_usa": [
            "95% percentile bootstrap bands",
            "USA–USSR/RUS",  # the seat's holders over 1946–2026, not "USA–RUS"
            "USA–EEC/EC/EU",
            "last point partial: votes to 2026-06-04",
            "USSR dissolved",
            "date (middle",
        ],
        "shift_2024_2025": [
            "Agreement with USA and RUS",
            "EU member",
            "ISR",
            "agreement with USA (agree)",
            # the first and last votes of the two periods, not the filter's 2024-01-01 .. 2025-12-31
            f"{spans[0].start.date()} to {spans[0].end.date()} → {spans[1].start.date()} to {spans[1].end.date()}",
        ],
        "vote_A_RES_ES-11_7": ["A/RES/ES-11/7", "93–18–65", "Yes (93)", "No (18)", "Abstain (65)", "HUN"],
        "vote_A_RES_ES-11_8": ["93–8–73"],
        "vote_S_RES_2774": ["10–0–5", "Abstain (5)"],
    }
    for name, texts in expected_text.items():
        for text in texts:
            assert text in svg_set[name], f"{name} lacks {text!r}"


@pytest.fixture(scope="module")
def analysis(session_analysis):
    return session_analysis


def test_png_has_paper_size_and_is_not_blank(analysis, tmp_path):
    path = figures.save(figures.network(analysis, "80"), tmp_path / "network", "png")
    pixels = matplotlib.image.imread(path)
    height, width = pixels.shape[:2]
    assert width >= 1000 and height >= 800  # ~7 in at 200 dpi
    assert pixels[..., :3].std() > 0.05
    pdf = figures.save(figures.heatmap(analysis, "80"), tmp_path / "heatmap", "pdf")
    assert pdf.read_bytes()[:4] == b"%PDF" and pdf.stat().st_size > 20_000


def test_a_network_argument_that_no_longer_acts_says_so(analysis):
    # Bloc colours became global to the analysis; a caller still passing colour_windows would
    # otherwise believe it chose the colours.
    with pytest.warns(FutureWarning, match="colour_windows=...\\) has no effect"):
        fig = figures.network(analysis, "80", colour_windows=["79", "80"])
    plt.close(fig)


def test_network_labels_the_countries_that_matter_without_overlaps(analysis):
    for window in ("79", "80"):
        fig = figures.network(analysis, window)
        layout = figures.mds_layout(analysis.agreement[window])
        # Session 80's layout is crowded (a few outliers set its scale), so a second panel shows the
        # core enlarged and names the countries inside it; session 79's is not.
        panels = [a for a in fig.axes if a.texts]
        assert len(panels) == (2 if window == "80" else 1)
        labels = {t.get_text(): t for panel in panels for t in panel.texts}
        assert {"USA", "RUS", "CHN", "GBR", "FRA", "ISR", "UKR"} <= set(labels)
        assert set(figures.key_countries(analysis, window, layout)) <= set(labels)
        assert not figures.labels_overlap(fig, list(labels.values()))
        renderer = fig.canvas.get_renderer()
        for panel in panels:
            # every label moved off its node has a leader line whose far end is exactly that node
            ends = {(round(line.get_xdata()[1], 9), round(line.get_ydata()[1], 9)) for line in panel.lines}
            for text in panel.texts:
                code = text.get_text()
                node = (layout.at[code, "x"], layout.at[code, "y"])
                box = text.get_window_extent(renderer)
                px, py = panel.transData.transform(node)
                gap = np.hypot(max(box.x0 - px, 0, px - box.x1), max(box.y0 - py, 0, py - box.y1)) * 72 / fig.dpi
                if gap > 10:  # points: a label further than this from its node must say whose it is
                    assert (round(node[0], 9), round(node[1], 9)) in ends, f"{code} label has no leader line"
        if window == "80":
            main, zoom = panels
            assert figures.crowded(layout[["x", "y"]].to_numpy())
            # data units per unit of figure width in each panel (the panels differ in width)
            times = (np.ptp(main.get_xlim()) / main.get_position().width) / (
                np.ptp(zoom.get_xlim()) / zoom.get_position().width
            )
            assert zoom.get_xlabel().startswith(f"enlarged ×{times:.1f}: ") and times > 3
            assert {"RUS", "CHN", "FRA", "UKR"} <= {t.get_text() for t in zoom.texts}
            assert {"USA", "ISR"} <= {t.get_text() for t in main.texts}
        else:
            assert not figures.crowded(layout[["x", "y"]].to_numpy())
        plt.close(fig)


def test_shift_chart_arrows_only_for_top_movers_and_labels_apart(dataset):
    from graphmodel import indices

    frames = [
        indices.frame(dataset.window_matrices(by="range", start=s, end=e)[0][1], "agree")[0]
        for s, e in (("2024-01-01", "2024-12-31"), ("2025-01-20", "2025-12-31"))
    ]
    fig = figures.shift_chart(*frames, labels=("ISR",), top=10, date="2025-12-31")
    ax = fig.axes[0]
    arrows = [c for c in ax.get_children() if type(c).__name__ == "Annotation"]
    assert len(arrows) == 11  # ten movers and Israel
    texts = [t for t in ax.texts if t.get_text()]
    assert "ISR" in {t.get_text() for t in texts} and not figures.labels_overlap(fig, texts)
    assert ax.get_xlabel() and ax.get_ylabel()
    plt.close(fig)


def test_shift_chart_dashes_the_moves_the_votes_do_not_establish(dataset):
    from graphmodel import indices, tracking

    spans = [
        dataset.window_matrices(by="range", start=s, end=e)[0][1]
        for s, e in (("2024-01-01", "2024-12-31"), ("2025-01-20", "2025-12-31"))
    ]
    frames = [indices.frame(matrix, "agree")[0] for matrix in spans]
    moves = tracking.shifts(*spans, "USA", n_boot=200, random_state=0)
    moves.attrs.update(n_boot=200, ci=0.95)
    bounds = moves.set_index("iso3")
    # Israel's and Argentina's fall in agreement with the US holds 0 in its interval; Hungary's does not.
    assert bounds.loc["ISR", "ci_high"] > 0 and bounds.loc["ARG", "ci_high"] > 0 and bounds.loc["HUN", "ci_high"] < 0
    fig = figures.shift_chart(*frames, labels=("ISR", "ARG", "HUN"), top=0, date="2025-12-31", moves=moves)
    ax = fig.axes[0]
    points = figures.shift_points(*frames)
    style = {}
    for arrow in (c for c in ax.get_children() if type(c).__name__ == "Annotation"):
        head = tuple(np.round(arrow.xy, 9))
        code = next(c for c in points.index if tuple(np.round(points.loc[c, ["x1", "y1"]].to_numpy(float), 9)) == head)
        style[code] = arrow.arrow_patch.get_linestyle()
    assert style == {"ISR": "--", "ARG": "--", "HUN": "-"}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    unsure = ((bounds["ci_low"] <= 0) & (bounds["ci_high"] >= 0)).reindex(points.index).sum()
    assert legend[-1] == (
        f"change of agreement with USA not significant\n(95% bootstrap, 200 draws): {unsure} of {len(points)} "
        "countries,\n2 of the arrows"
    )
    plt.close(fig)
    # The figure set's verdicts rest on at least MOVE_DRAWS draws: at 200 Argentina's flips with the seed.
    story = figures._story_moves([(None, spans[0]), (None, spans[1])], "agree", 200, 0)
    assert story.attrs["n_boot"] == figures.MOVE_DRAWS == 2000
    assert story.set_index("iso3").loc["ARG", "ci_high"] > 0


def test_vote_colours_differ_in_greyscale_and_hatching():
    lum = {v: figures.luminance(c) for v, c in figures.VOTE_COLOURS.items()}
    values = sorted(lum.values())
    assert min(np.diff(values)) >= 0.1, lum
    assert (
        figures.VOTE_HATCHES["A"]
        and figures.VOTE_HATCHES["X"]
        and figures.VOTE_HATCHES["A"] != figures.VOTE_HATCHES["X"]
    )


def test_vote_maps_clean_titles_outline_anchors_and_size_the_council(dataset):
    fig = figures.vote_map(dataset, "A/RES/ES-11/7")
    ax = fig.axes[0]
    title = ax.get_title()
    assert title.startswith("A/RES/ES-11/7, 2025-02-24: 93–18–65") and "resolution /" not in title
    assert "Advancing a comprehensive, just and lasting peace in Ukraine" in title and "adopted by" not in title
    outlined = [p for p in ax.patches if p.get_linewidth() > 1.5]
    assert len(outlined) == 2  # USA and RUS
    plt.close(fig)
    fig = figures.vote_map(dataset, "S/RES/2774")
    ax = fig.axes[0]
    assert len(ax.patches) == 15 and fig.get_size_inches()[0] < 4
    assert any("P5" in t.get_text() for t in ax.texts)
    assert ax.get_title().splitlines()[1].startswith("On imploring a swift end")
    plt.close(fig)


def test_no_title_keeps_a_catalogue_suffix(dataset):
    cleaned = dataset.rollcalls["title"].dropna().map(figures.clean_title)
    assert not cleaned.str.contains(r":\s*(?:resolution|decision)\s*(?:/|$)", case=False).any()
    assert figures.clean_title("X : decision / adopted by the General Assembly") == "X"


def test_one_colour_scale_across_networks_and_a_stated_range_in_heatmaps(analysis):
    """Network edges share the index's full scale; a heatmap spans the 5th–100th percentile of its
    window's pairs (on the full scale session 80's blocs were all one yellow) and says so."""
    norms = []
    for window in ("60", "80"):
        fig = figures.network(analysis, window)
        edges = fig.axes[0].collections[0]
        norms.append((edges.norm.vmin, edges.norm.vmax))
        plt.close(fig)
    assert set(norms) == {(0.0, 1.0)}
    values = analysis.agreement["80"].to_numpy()
    pairs = values[~np.eye(len(values), dtype=bool)]
    low = np.nanpercentile(pairs, 5)
    assert 0.6 < low < 0.8 and np.nanmax(pairs) == 1.0  # 95% of session 80's pairs agree above ~0.7
    fig = figures.heatmap(analysis, "80")
    norm = fig.axes[0].images[0].norm
    assert (norm.vmin, norm.vmax) == pytest.approx((low, 1.0))
    label = fig.axes[1].get_ylabel()
    assert f"{low:.2f}–1.00: 5th–100th percentile of this window's pairs" in label
    assert "))" not in fig.axes[0].get_title()
    plt.close(fig)


def test_every_chart_has_axis_labels(analysis, dataset):
    for fig in (
        figures.network(analysis, "80"),
        figures.heatmap(analysis, "80"),
        figures.bloc_flows(analysis),
        figures.trajectories(
            {"USA–RUS": __import__("graphmodel").compare(dataset, "USA", "RUS", by="year", start="2020-01-01")}
        ),
    ):
        ax = fig.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel(), ax.get_title()
        plt.close(fig)


def test_bloc_flows_name_switchers_and_period_true_blocs(analysis):
    windows = analysis.windows[-6:]
    fig = figures.bloc_flows(analysis, windows=windows)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    previous = dict(zip(windows[1:], windows))
    switches = analysis.switches[analysis.switches["to_window"].map(previous) == analysis.switches["from_window"]]
    named = switches[switches["iso3"].isin(figures.ANCHORS + figures.STORY_COUNTRIES)]
    listed = [t for t in texts if "→" in t and "\n" not in t]
    assert sorted(listed) == sorted(f"{r.iso3}→{r.to_bloc}" for r in named.itertuples())
    others = sum(int(t.split()[0].lstrip("+")) for t in texts if t.endswith(("others", "other")))
    assert others + len(listed) == len(switches)
    key = next(t for t in texts if "Blocs in" in t)
    last = analysis.blocs[analysis.blocs["window"] == windows[-1]]
    assert all(f"{r.bloc}: " in key for r in last.itertuples())
    # a bar that shows only its id is named in the key: bloc 82 of session 75 (AFG+ARE+BGD+…)
    bare = {int(t.get_text()) for t in ax.texts if t.get_text().isdigit() and t.get_visible()}
    assert 82 in bare and all(f"\n{b}: " in key for b in bare)
    gone = analysis.blocs[(analysis.blocs["bloc"] == 82) & (analysis.blocs["window"] == "75")].iloc[0]
    assert f"82: {gone['name']} ({gone['size']}) in 75" in key
    assert ax.get_xlabel() and ax.get_ylabel()
    plt.close(fig)


@pytest.mark.slow
def test_html_pages_are_self_contained(written):
    import re

    for name in ("network_80.html", "shift_2024_2025.html"):
        page = written[name]
        assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}/|<script[^>]+src=|<link[^>]+href=", page, re.I), name
        assert page.count("class='node'") > 150 and "<title>" in page and "<script>" in page
    assert "GBR United Kingdom" in written["shift_2024_2025.html"]


def test_aligned_layouts_keep_countries_in_place(analysis):
    frames = {w: analysis.agreement[w] for w in ("78", "79", "80")}
    layouts = figures.aligned_layouts(frames)
    spread = np.ptp(layouts["80"].to_numpy(), axis=0).max()
    common = layouts["78"].index.intersection(layouts["80"].index)
    moved = np.linalg.norm(layouts["80"].loc[common] - layouts["78"].loc[common], axis=1)
    raw = {w: figures.mds_layout(frames[w]) for w in ("78", "80")}
    unaligned = np.linalg.norm(raw["80"].loc[common] - raw["78"].loc[common], axis=1)
    assert np.median(moved) < 0.1 * spread
    assert np.median(moved) <= np.median(unaligned) + 1e-12
    # the West and the rest stay on opposite sides
    assert (layouts["80"].at["USA", "x"] - layouts["80"].at["RUS", "x"]) * (
        layouts["78"].at["USA", "x"] - layouts["78"].at["RUS", "x"]
    ) > 0


def test_bad_window_and_format_are_clear(analysis, tmp_path):
    with pytest.raises(GraphmodelError, match="no window"):
        figures.network(analysis, "999")
    with pytest.raises(GraphmodelError, match="unknown figure format"):
        figures.save(plt.figure(), tmp_path / "x", "bmp")


@pytest.mark.slow
def test_make_demo_tells_the_story(tmp_path):
    """The demo as a user runs it (after install): ES-11/7's No votes of the US and Russia, the
    movers with their windows, the figures with their paths, under three minutes."""
    import shutil
    import subprocess
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    if shutil.which("make") is None or not (root / ".venv" / "bin" / "graphmodel").exists():
        pytest.skip("make demo needs make and the project's .venv (make install)")
    started = time.perf_counter()
    result = subprocess.run(["make", "-s", "demo", f"OUT={tmp_path}"], cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "USA voted No, RUS voted No" in out
    no_line = next(line for line in out.splitlines() if line.strip().startswith("No (18):"))
    assert " USA" in no_line and " RUS" in no_line
    assert "Biggest movers in agreement with USA" in out and "Latest complete window 79" in out
    assert f"wrote {tmp_path}/figures/shift_2024_2025.html" in out
    assert not list((tmp_path / "analysis").glob("graphs/*"))
    assert seconds < 180


def test_windows_without_significant_structure_are_marked(analysis):
    """A window whose partition fails the vote-permutation test is not drawn as blocs: grey nodes,
    a legend and title that say so, hatched bars and "(n.s.)" in the bloc flows. Every real GA
    session passes (z 16-27), so the test marks session 79 as failing in a copy of the table."""
    import dataclasses

    untested = figures.network(analysis, "80")
    assert "bloc significance not tested (null_draws=0)" in untested.axes[0].get_title()
    plt.close(untested)
    blocs = analysis.blocs.copy()
    failing = blocs["window"] == "79"
    blocs["z"] = np.where(failing, 0.4, 20.0)
    blocs["p"] = np.where(failing, 0.35, 0.01)
    blocs["significant"] = ~failing
    params = {**analysis.params, "blocs": {**analysis.params["blocs"], "null_draws": 99}}
    marked = dataclasses.replace(analysis, blocs=blocs, params=params)

    fig = figures.network(marked, "79")
    ax = fig.axes[0]
    assert "NO significant bloc structure (z 0.4, p 0.350, 99 vote-permutation draws)" in ax.get_title()
    assert ax.get_legend().get_title().get_text().startswith("Partition, not significant")
    node_colours = {tuple(c) for c in ax.collections[1].get_facecolors().round(3)}
    assert node_colours == {tuple(np.round(matplotlib.colors.to_rgba("#999999"), 3))}
    plt.close(fig)
    fig = figures.network(marked, "80")
    assert "bloc structure significant (z 20.0, p 0.010" in fig.axes[0].get_title()
    plt.close(fig)

    fig = figures.bloc_flows(marked, windows=["77", "78", "79", "80"])
    ax = fig.axes[0]
    # 78, 79 and 80 are also unstable (consensus ARI 0.70, 0.76, 0.62) and 80 partial
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "77",
        "78\n(unstable)",
        "79\n(n.s.)\n(unstable)",
        "80\n(unstable)\n(partial)",
    ]
    assert any("Not significant (99 draws):\n79." in t.get_text() for t in ax.texts)
    hatched = {p.get_x() + p.get_width() / 2 for p in ax.patches if p.get_hatch() == figures.NOT_SIGNIFICANT_HATCH}
    assert hatched == {2.0}
    plt.close(fig)


def test_figures_test_only_the_windows_they_draw(dataset):
    """with_significance gives a drawn window the z and p that analyze(null_draws=...) reports for
    it, and leaves the windows not drawn untested."""
    span = dict(by="year", start="2023-01-01", end="2025-12-31")
    reference = graphmodel.analyze(dataset, null_draws=29, **span).blocs.drop_duplicates("window").set_index("window")
    marked = figures.with_significance(graphmodel.analyze(dataset, **span), ["2024"], 29)
    rows = marked.blocs.drop_duplicates("window").set_index("window")
    assert rows.loc["2024", "z"] == pytest.approx(reference.loc["2024", "z"])
    assert rows.loc["2024", "p"] == reference.loc["2024", "p"] and bool(rows.loc["2024", "significant"])
    assert pd.isna(rows.loc["2023", "z"]) and pd.isna(rows.loc["2023", "significant"])
    assert marked.params["blocs"]["null_draws"] == 29


def _row(analysis, window):
    return analysis.blocs[analysis.blocs["window"] == window].iloc[0]


def test_unstable_and_partial_windows_are_marked(analysis):
    """Session 80 (votes to 2026-06-04) was not over at the data's last date, and its consensus
    runs agree only to ARI 0.62 (< 0.8): its network, heatmap and bloc-flow bar say both, in the
    words of the text summary; a stable window says its ARI."""
    last = _row(analysis, "80")
    assert bool(last["partial"]) and str(last["end"]) == "2026-06-04"
    assert not bool(last["stable"]) and last["ari"] == pytest.approx(0.62, abs=0.005)
    unstable = f"unstable partition: consensus runs agree only to ARI {last['ari']:.2f}"
    assert unstable in graphmodel.summary(analysis, window="80")
    for draw in (figures.network, figures.heatmap):
        fig = draw(analysis, "80")
        title = fig.axes[0].get_title()
        assert "GA session 80 (2025-09-12 to 2026-06-04; partial: votes to 2026-06-04)" in title
        assert unstable in title
        plt.close(fig)
    fig = figures.network(analysis, "80")
    ax = fig.axes[0]
    assert ax.get_legend().get_title().get_text() == "Bloc (members); unstable partition"
    # the countries the runs do not agree on have a white centre, as many as the nodes table says
    nodes = analysis.nodes[analysis.nodes["window"] == "80"]
    shaky = int(nodes["unstable"].sum())
    assert 0 < shaky < len(nodes) and len(ax.collections[3].get_offsets()) == shaky
    assert any(f"in < 80% of runs; {shaky} countries" in t.get_text() for t in ax.get_legend().get_texts())
    plt.close(fig)
    stable = next(w for w in analysis.windows if bool(_row(analysis, w)["stable"]))
    fig = figures.network(analysis, stable)
    title = fig.axes[0].get_title()
    assert f"stable partition: consensus runs agree to ARI {_row(analysis, stable)['ari']:.2f}" in title
    assert "partial" not in title
    plt.close(fig)

    windows = analysis.windows[-6:]
    fig = figures.bloc_flows(analysis, windows=windows)
    ax = fig.axes[0]
    shaky = [w for w in windows if not bool(_row(analysis, w)["stable"])]
    assert shaky and len(shaky) < len(windows)  # 75, 78, 79, 80 unstable; 76 and 77 stable
    ticks = {t.get_text().split("\n")[0]: t.get_text() for t in ax.get_xticklabels()}
    assert ticks["80"] == "80\n(unstable)\n(partial)"
    assert all(("(unstable)" in ticks[w]) == (w in shaky) for w in windows)
    hatched = {round(p.get_x() + p.get_width() / 2) for p in ax.patches if p.get_hatch() == figures.UNSTABLE_HATCH}
    assert hatched == {windows.index(w) for w in shaky}
    assert "2020-11-05 to 2026-06-04; partial: votes to 2026-06-04" in ax.get_title()
    key = next(t.get_text() for t in ax.texts if "Unstable (consensus ARI" in t.get_text())
    assert all(f"{w} ({_row(analysis, w)['ari']:.2f})" in key for w in shaky)
    plt.close(fig)


def test_a_bloc_keeps_its_colour_across_figures(analysis):
    """Bloc 53 (USA+GBR+EU+NATO) is drawn in one colour in both networks, the heatmap, the bloc
    flows and the interactive network; no two blocs of a window or of two consecutive windows
    share a colour, and no two of a window are near-identical hues."""
    from graphmodel import html

    colours = figures.bloc_colours(analysis.blocs)
    seen = {}
    for window in ("79", "80"):
        fig = figures.network(analysis, window)
        for handle in fig.axes[0].get_legend().legend_handles:
            if handle.get_label().split(":")[0].removeprefix("bloc ").isdigit():
                bloc = int(handle.get_label().split(":")[0].split()[1])
                seen.setdefault(bloc, set()).add(matplotlib.colors.to_hex(handle.get_facecolor()))
        plt.close(fig)
    fig = figures.heatmap(analysis, "80")
    for text in fig.axes[0].texts:
        if text.get_text().startswith("bloc "):
            seen.setdefault(int(text.get_text().split()[1]), set()).add(matplotlib.colors.to_hex(text.get_color()))
    plt.close(fig)
    fig = figures.bloc_flows(analysis, windows=["79", "80"])
    ax = fig.axes[0]
    for text in ax.texts:
        label = text.get_text().split(":")[0]
        if label.isdigit() and text.get_rotation() in (0, 90) and text.get_position()[0] in (0, 1):
            bars = [
                p
                for p in ax.patches
                if isinstance(p, matplotlib.patches.Rectangle)
                and p.get_y() <= text.get_position()[1] <= p.get_y() + p.get_height()
            ]
            bar = next(p for p in bars if abs(p.get_x() + p.get_width() / 2 - text.get_position()[0]) < 1e-9)
            seen.setdefault(int(label), set()).add(matplotlib.colors.to_hex(bar.get_facecolor()))
    plt.close(fig)
    page = html.network_html(analysis, "80")
    assert "partial: votes to 2026-06-04" in page
    assert "unstable partition: consensus runs agree only to ARI 0.62" in page
    hexes = {b: matplotlib.colors.to_hex(c) for b, c in colours.items()}
    assert seen[53] == {hexes[53]} and f"fill='{colours[53]}'" in page
    assert all(found == {hexes[b]} for b, found in seen.items()), seen
    assert {53, 75, 81, 92, 95} <= set(seen)

    windows = analysis.windows
    for i, window in enumerate(windows):
        own = list(analysis.blocs.loc[analysis.blocs["window"] == window, "bloc"])
        around = set(analysis.blocs.loc[analysis.blocs["window"].isin(windows[i : i + 2]), "bloc"])
        assert len({colours[b] for b in around}) == len(around), window
        assert min(figures.colour_distance(colours[a], colours[b]) for a in own for b in own if a != b) > 20, window


def test_trajectories_name_seats_for_their_dates_and_mark_partial_points(dataset):
    """USA–RUS over 1985–2026 is USA–USSR/RUS; the EU's side is EC/EU across 1993; the year 2026
    (votes to 2026-06-04) is an open marker and the title says so."""
    span = dict(by="year", start="1985-01-01")
    rus, eu = graphmodel.compare(dataset, "USA", "RUS", **span), graphmodel.compare(dataset, "USA", "EU", **span)
    assert figures.pair_name(rus) == "USA–USSR/RUS" and figures.pair_name(eu) == "USA–EC/EU"
    recent = graphmodel.compare(dataset, "USA", "RUS", by="year", start="2000-01-01")
    assert figures.pair_name(recent) == "USA–RUS"
    assert list(rus.loc[rus["partial"], "window"]) == ["2026"] and str(rus["end"].iloc[-1]) == "2026-06-04"
    fig = figures.trajectories({figures.pair_name(t): t for t in (rus, eu)})
    ax = fig.axes[0]
    assert "last point partial: votes to 2026-06-04" in ax.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["USA–USSR/RUS", "USA–EC/EU", "open marker: partial window (votes to 2026-06-04)"]
    open_points = [c for c in ax.collections if isinstance(c, matplotlib.collections.PathCollection)]
    assert len(open_points) == 2
    assert {round(float(c.get_offsets()[0][1]), 6) for c in open_points} == {
        round(float(rus["agreement"].iloc[-1]), 6),
        round(float(eu["agreement"].iloc[-1]), 6),
    }
    colours = [line.get_color() for line in ax.get_lines()[:2]]
    assert figures.colour_distance(*colours) > 40
    plt.close(fig)
