"""Figures on the real data: files open, are not blank, and carry their titles, labels and legends."""

import matplotlib.image
import matplotlib.pyplot as plt
import numpy as np
import pytest

from graphmodel import figures
from graphmodel.errors import GraphmodelError


@pytest.fixture(scope="module")
def svg_set(dataset, tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    paths = figures.write_set(dataset, out, fmt="svg", n_boot=20)
    return {p.stem: p.read_text() for p in paths}


def test_every_figure_is_written_with_its_title_and_legend(svg_set):
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
        "network_80": ["GA session 80", "index agree", "USA+GBR+EU", "Bloc (members)", "USA", "RUS"],
        "heatmap_80": ["agreement by bloc", "agreement (agree)", "Blocs: 1"],
        "bloc_flows": ["Bloc flows", "countries", "GA session"],
        "trajectories_usa": ["95% bootstrap bands", "USA–RUS", "USA–EU", "USSR dissolved", "Russia invades Ukraine"],
        "shift_2024_2025": ["Agreement with USA and RUS", "UN regional group", "ISR", "agreement with USA (agree)"],
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


def test_anchor_labels_do_not_overlap(analysis):
    fig = figures.network(analysis, "80")
    labels = [t for t in fig.axes[0].texts if t.get_text() in figures.LABELLED]
    assert {"USA", "RUS", "CHN", "ISR"} <= {t.get_text() for t in labels}
    assert not figures.labels_overlap(fig, labels)


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
