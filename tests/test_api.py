"""The front door: settings as validated values, one analysis module, the recipe on Dataset,
params recorded with every output, and a CLI generated from the settings."""

import json
import math
import subprocess
import sys
from dataclasses import fields

import pandas as pd
import pytest

import graphmodel as gm
from graphmodel import communities, indices, settings
from graphmodel.errors import GraphmodelError


def run(*args):
    return subprocess.run([sys.executable, "-m", "graphmodel", *args], capture_output=True, text=True)


def test_public_names_are_exported():
    for name in (
        "analyze",
        "agreement",
        "compare",
        "shifts",
        "summary",
        "Analysis",
        "Windows",
        "Index",
        "Blocs",
        "load_dataset",
        "Dataset",
    ):
        assert name in gm.__all__ and hasattr(gm, name)


def test_settings_lists_match_the_library():
    assert settings.INDEX_NAMES == indices.INDICES
    assert settings.METHODS == communities.METHODS


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: gm.Windows(start="garbage"), "start (--from) must be a date YYYY-MM-DD (value: 'garbage')"),
        (lambda: gm.Windows(start="2025-13-01"), "must be a date YYYY-MM-DD (value: '2025-13-01')"),
        (lambda: gm.Windows(start="2025-02-01", end="2024-01-01"), "is after end"),
        (lambda: gm.Windows(size=-1), "size must be an integer >= 1 (value: -1)"),
        (lambda: gm.Windows(by="decade"), "by must be one of"),
        (lambda: gm.Index(name="kapa"), "did you mean 'kappa'?"),
        (lambda: gm.Index(min_covotes=0), "min_covotes must be an integer >= 1"),
        (lambda: gm.Blocs(resolution=-1), "resolution must be a finite number > 0 (value: -1)"),
        (lambda: gm.Blocs(resolution=math.nan), "resolution must be a finite number > 0"),
        (lambda: gm.Blocs(consensus_runs=-2), "consensus_runs (--consensus) must be an integer >= 0"),
        (lambda: gm.Blocs(backbone="threshold"), "needs a threshold"),
        (lambda: gm.Blocs(alpha=1.5), "alpha must be a number in (0, 1)"),
    ],
)
def test_settings_validate_when_made(make, message):
    with pytest.raises(GraphmodelError) as caught:
        make()
    assert message in str(caught.value)


def test_flat_options_route_to_settings_and_unknown_ones_fail():
    windows, index, blocs = settings.resolve(by="year", index="kappa", seed=4, k=5, harmonize=False)
    assert (windows.by, windows.harmonize, index.name, blocs.random_state, blocs.k) == ("year", False, "kappa", 4, 5)
    with pytest.raises(GraphmodelError, match="did you mean 'resolution'"):
        settings.resolve(resolutoin=2)


def test_threshold_backbone_runs(dataset):
    """analyze(backbone="threshold") used to crash with a TypeError."""
    r = gm.analyze(dataset, by="year", start="2025-01-01", end="2025-12-31", backbone="threshold", threshold=0.8)
    skeleton = r.backbones["2025"]
    assert skeleton.graph["backbone"] == "threshold 0.8"
    assert all(d["weight"] >= 0.8 for _, _, d in skeleton.edges(data=True))


def test_params_record_every_setting_and_are_written(dataset, tmp_path):
    r = gm.analyze(
        dataset,
        gm.Windows(by="year", start="2024-01-01", end="2025-12-31", harmonize=False),
        index="pi",
        random_state=2,
    )
    assert r.params["windows"]["harmonize"] is False and r.params["index"]["name"] == "pi"
    assert r.params["blocs"]["random_state"] == 2 and r.params["graphmodel"] == gm.__version__
    assert r.params["dataset"]["votes"] == len(dataset.votes)
    r.write(tmp_path, graph_format=None)
    assert json.loads((tmp_path / "params.json").read_text()) == json.loads(json.dumps(r.params, default=str))
    assert not (tmp_path / "graphs").exists()
    blocs = pd.read_csv(tmp_path / "blocs.csv")
    assert blocs["members"].str.split().map(len).tolist() == r.blocs["size"].tolist()


def test_agreement_is_a_dataframe_and_bloc_members_are_lists(dataset):
    r = gm.analyze(dataset, by="year", start="2025-01-01", end="2025-12-31")
    values = r.agreement["2025"]
    assert isinstance(values, pd.DataFrame) and values.loc["USA", "ISR"] > 0.8
    pd.testing.assert_frame_equal(values, gm.agreement(dataset, "2025", by="year"))
    assert all(isinstance(m, list) and len(m) == s for m, s in zip(r.blocs["members"], r.blocs["size"]))


def test_dataset_recipe(dataset):
    pairs = dataset.window_matrices(by="year", start="2024-01-01", end="2025-12-31")
    assert (
        [w.label for w, _ in pairs]
        == [w.label for w in dataset.windows(by="year", start="2024-01-01", end="2025-12-31")]
        == ["2024", "2025"]
    )
    window, vm = pairs[1]
    assert vm.codes.shape == (len(vm.countries), len(window.rollcall_ids))
    assert "USA" in vm.countries and "SUN" not in vm.countries
    ((_, only),) = dataset.window_matrices(
        by="range", start="2025-01-01", end="2025-12-31", members=("USA", "RUS", "EU")
    )
    assert set(only.countries) == {"USA", "RUS"} | set(gm.analysis.eu_members("2025-12-31"))


def test_harmonize_reaches_compare(dataset):
    """Without harmonising, the USSR's seat is its own row: Russia has no 1985 votes, the USSR has."""
    kwargs = dict(by="year", start="1985-01-01", end="1985-12-31")
    merged = gm.compare(dataset, "USA", "RUS", **kwargs)["agreement"].iloc[0]
    ussr = gm.compare(dataset, "USA", "SUN", harmonize=False, **kwargs)["agreement"].iloc[0]
    assert 0 < merged < 0.5 and merged == ussr
    with pytest.raises(GraphmodelError, match="'RUS' has no votes"):
        gm.compare(dataset, "USA", "RUS", harmonize=False, **kwargs)


def test_compare_is_symmetric_with_groups(dataset):
    kwargs = dict(by="year", start="2024-01-01", end="2025-12-31")
    a = gm.compare(dataset, "USA", "EU", **kwargs)
    b = gm.compare(dataset, "EU", "USA", **kwargs)
    pd.testing.assert_series_equal(a["agreement"], b["agreement"])
    assert a.set_index("window")["agreement"]["2025"] < 0.3
    with pytest.raises(GraphmodelError, match="two different sides"):
        gm.compare(dataset, "USA", "USA")
    with pytest.raises(GraphmodelError, match="one seat with merged seats"):
        gm.compare(dataset, "RUS", "SUN")
    # A historic code finds the continuing seat's row: the USSR in 1985 is RUS's row.
    ussr = gm.compare(dataset, "USA", "SUN", by="year", start="1985-01-01", end="1985-12-31")
    russia = gm.compare(dataset, "USA", "RUS", by="year", start="1985-01-01", end="1985-12-31")
    assert ussr["agreement"].iloc[0] == russia["agreement"].iloc[0] > 0
    with pytest.raises(GraphmodelError, match="has no votes in any of these windows"):
        gm.compare(dataset, "USA", "SSD", by="year", start="1990-01-01", end="1995-12-31")


def test_one_bootstrap_serves_compare_and_shifts(dataset):
    """The same seed gives the same interval; the interval holds the point estimate."""
    kwargs = dict(by="year", start="2025-01-01", end="2025-12-31", n_boot=100, random_state=5)
    first, second = gm.compare(dataset, "USA", "RUS", **kwargs), gm.compare(dataset, "USA", "RUS", **kwargs)
    pd.testing.assert_frame_equal(first, second)
    row = first.iloc[0]
    assert row["ci_low"] <= row["agreement"] <= row["ci_high"]
    moved = gm.shifts(dataset, "2024", "2025", by="year", n_boot=100).set_index("iso3")
    assert moved["shift"].isna().sum() == 2  # AFG and VEN did not vote in both years: no shift, no interval
    moved = moved.dropna(subset=["shift"])
    assert (moved["ci_low"] <= moved["shift"] + 1e-12).all() and (moved["shift"] <= moved["ci_high"] + 1e-12).all()


def test_shifts_name_an_unfinished_or_thin_window_they_were_asked_for(dataset):
    """A named window is always used, so its weakness is stated instead of hidden."""
    thin = gm.shifts(dataset, "1950", "1951", by="year", n_boot=0).attrs["params"]
    assert thin["to"]["partial"] is False and thin["to"]["rollcalls"] == 7
    assert thin["warnings"] == [
        "window 1951 rests on 7 roll calls, fewer than --min-rollcalls 10 that other analyses require of a window"
    ]
    latest = gm.shifts(dataset, "79", "80", n_boot=0).attrs["params"]
    assert (latest["from"]["partial"], latest["to"]["partial"]) == (False, True)
    assert latest["warnings"] == [
        f"window 80 is partial: not finished at the data's last date; it holds its roll calls of "
        f"{latest['to']['start']} to {latest['to']['end']} only"
    ]
    ga = dataset.rollcalls[dataset.rollcalls["body"] == "GA"]
    assert latest["to"]["end"] == str(ga["date"].max().date())


def test_every_settings_field_is_a_cli_option_with_help():
    text = run("analyze", "--help").stdout
    for cls in (gm.Windows, gm.Index, gm.Blocs):
        for spec in fields(cls):
            flag = spec.metadata.get("cli") or "--" + spec.name.replace("_", "-")
            assert flag in text, flag
    assert "Modularity resolution" in text and "Absences (X)" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["analyze", "--from", "garbage"], "error: start (--from) must be a date YYYY-MM-DD (value: 'garbage')"),
        (["analyze", "--from", "2025-13-01"], "(value: '2025-13-01')"),
        (["analyze", "--resolution", "-1"], "resolution must be a finite number > 0"),
        (["analyze", "--resolution", "nan"], "resolution must be a finite number > 0"),
        (["analyze", "--consensus", "-2"], "consensus_runs (--consensus) must be an integer >= 0"),
        (["analyze", "--size", "-1", "--by", "rolling"], "size must be an integer >= 1"),
        (["analyze", "--focus", "ZZZ"], "unknown country 'ZZZ'"),
        (["analyze", "--out", "/proc/graphmodel-cannot-write"], "cannot write to /proc/graphmodel-cannot-write"),
    ],
)
@pytest.mark.slow
def test_cli_validates_before_work(args, message):
    result = run(*args)
    assert result.returncode == 1, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_compare_formats_and_out_file(tmp_path):
    table = run("compare", "EU", "USA", "--by", "year", "--from", "2024-01-01", "--to", "2025-12-31")
    assert table.returncode == 0 and "2025" in table.stdout
    csv_out = run(
        "compare",
        "USA",
        "EU",
        "--by",
        "year",
        "--from",
        "2024-01-01",
        "--to",
        "2025-12-31",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "t.json"),
    )
    assert (
        csv_out.stdout.splitlines()[0]
        == "window,start,end,partial,rollcalls,n,agreement,agree,coincidence,kappa,pi,s_score"
    )
    assert csv_out.stdout.splitlines()[-1].split(",")[3] == "False"  # 2025 ended before the data's last date
    payload = json.loads((tmp_path / "t.json").read_text())
    assert [r["window"] for r in payload["rows"]] == ["2024", "2025"]
    assert payload["params"]["windows"]["by"] == "year" and payload["params"]["b"] == "EU"


def test_compare_says_which_windows_are_partial(dataset):
    """Session 80 (September 2025 to September 2026) is cut by the last GA vote of the data (4 June 2026)."""
    table = gm.compare(dataset, "USA", "RUS", by="session", start="2024-01-01").set_index("window")
    assert table.loc["80", "partial"] and not table.loc["79", "partial"]
    ga = dataset.rollcalls[dataset.rollcalls["body"] == "GA"]
    assert str(table.loc["80", "end"]) == str(ga["date"].max().date()) == "2026-06-04"


def test_compare_with_consensus_says_which_rows_rest_on_adoptions_without_a_vote(dataset):
    table = gm.compare(
        dataset, "USA", "RUS", by="year", start="2018-01-01", end="2020-12-31", with_consensus=True
    ).set_index("window")
    from graphmodel.consensus import consensus_rollcalls

    adopted = consensus_rollcalls()["date"].dt.year.value_counts()
    assert table.loc["2018", "without_vote"] == 0  # the DGACM files start with session 74 (2019)
    assert table.loc["2019", "without_vote"] == adopted[2019] and table.loc["2020", "without_vote"] == adopted[2020]
    assert "without_vote" not in gm.compare(dataset, "USA", "RUS", by="year", start="2020-01-01", end="2020-12-31")
