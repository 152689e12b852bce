"""Co-sponsorship graphs (issue 16): Newman weights, blocs by the engine, comparison with voting."""

import json
import subprocess
import sys

import numpy as np
import pytest

from graphmodel import cosponsorship
from graphmodel.cosponsorship import incidence, newman_weights
from graphmodel.countries import eu_members


@pytest.fixture(scope="module")
def session79(dataset):
    """Session 79: September 2024 to September 2025, the ES-11 resolutions of 2025 included."""
    return cosponsorship(dataset, 79)


def test_newman_weights_spread_one_unit_per_sponsor(dataset):
    """Each resolution with n sponsors adds n/2 to the total weight (C(n,2) pairs × 1/(n−1))."""
    rows = dataset.sponsorships[dataset.sponsorships["session_no"] == 79]
    b = incidence(rows)
    w, n = newman_weights(b)
    sizes = b.sum(axis=0)
    assert np.isclose(np.triu(w.to_numpy()).sum(), (sizes[sizes > 1] / 2).sum())
    assert np.allclose(w.to_numpy(), w.to_numpy().T)
    # counts are resolutions co-sponsored: the US and Germany shared 47 texts in session 79
    assert int(n.loc["USA", "DEU"]) == 47


def test_us_cosponsors_with_europe_and_votes_with_israel(session79):
    """The United States in session 79 (2025's votes): its voting partners are Israel and Argentina;
    its co-sponsorship partners are European states, Israel far down the list."""
    partners = session79.partners("USA", top=200)
    assert partners["partner"].iloc[0] == "DEU"
    top15 = set(partners["partner"].head(15))
    eu = set(eu_members("2025-06-01"))
    assert top15 <= eu | {"NOR", "MDA"} and len(top15 & eu) >= 13
    agreement = session79.agreement().loc["USA"].drop("USA").sort_values(ascending=False)
    assert list(agreement.index[:2]) == ["ISR", "ARG"]
    assert agreement["ISR"] > 0.85
    rank = {p: i + 1 for i, p in enumerate(partners["partner"])}
    assert rank["ISR"] > 50 and rank["ARG"] > 50
    assert partners.set_index("partner").loc[["RUS", "CHN"], "cosponsored"].max() <= 10
    assert int(session79.nodes.set_index("iso3").loc["USA", "sponsored"]) == 48


def test_blocs_compared_with_voting_blocs(session79, dataset):
    blocs = session79.blocs
    assert blocs["size"].sum() == len(session79.nodes) == 193
    where = session79.comparison.set_index("iso3")
    # the EU co-sponsors as one: all 27 members in one co-sponsorship bloc, with the US
    eu = eu_members("2025-06-01")
    assert where.loc[eu, "sponsor_bloc"].nunique() == 1
    assert where.loc["USA", "sponsor_bloc"] == where.loc[eu[0], "sponsor_bloc"]
    # the two layers disagree: adjusted Rand well below agreement, above chance
    assert 0.05 < session79.ari < 0.5
    table = session79.crosstab()
    assert table.to_numpy().sum() == where["vote_bloc"].notna().sum()
    again = cosponsorship(dataset, 79, votes=session79.votes)
    assert again.blocs["members"].tolist() == blocs["members"].tolist()


@pytest.mark.slow
def test_cli_partners_and_bad_session():
    run = lambda *a: subprocess.run([sys.executable, "-m", "graphmodel", *a], capture_output=True, text=True)  # noqa: E731
    result = run("cosponsors", "--session", "79", "--show", "partners", "--top", "3", "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    rows = next(v for v in payload.values() if isinstance(v, list))
    assert rows[0]["partner"] == "DEU" and rows[0]["cosponsored"] == 47
    bad = run("cosponsors", "--session", "70")
    assert bad.returncode == 1 and "no sponsorships in session 70" in bad.stderr and "Traceback" not in bad.stderr


def test_multilayer_blocs_of_votes_and_cosponsorship(session79, dataset):
    from graphmodel.cosponsorship import multilayer

    table = multilayer(dataset, 79, cosponsor=session79)
    again = multilayer(dataset, 79, cosponsor=session79)
    assert table.equals(again)  # seeded
    p = table.attrs["params"]
    # the joint partition sits between the layers: closer to each than they are to each other
    assert p["ari_votes"] > p["ari_layers"] and p["ari_sponsors"] > p["ari_layers"]
    where = table.set_index("iso3")
    assert where.loc["USA", "bloc"] == where.loc["DEU", "bloc"] == where.loc["ISR", "bloc"]
    assert where.loc["RUS", "bloc"] == where.loc["CHN", "bloc"] != where.loc["USA", "bloc"]
    for column in ("inside_votes", "inside_sponsors", "same_company"):
        assert table[column].between(0, 1).all()
    # Argentina votes with the US but co-sponsors with Latin America: no shared company across layers
    assert where.loc["ARG", "same_company"] < 0.1 < where.loc["USA", "same_company"]


@pytest.mark.slow
def test_cli_analyze_layers(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "graphmodel", *a], capture_output=True, text=True)  # noqa: E731
    bad = run("analyze", "--layers", "votes", "--out", str(tmp_path / "bad"))
    assert bad.returncode == 1 and "--layers takes votes,sponsors" in bad.stderr
    out = tmp_path / "layers"
    ok = run("analyze", "--from", "2024-09-10", "--to", "2025-09-08", "--layers", "votes,sponsors", "--out", str(out))
    assert ok.returncode == 0, ok.stderr
    assert "session 79: " in ok.stderr
    import pandas as pd

    table = pd.read_csv(out / "layers.csv")
    assert set(table["session"]) == {79} and table["iso3"].is_unique and len(table) > 180


def test_figure_side_by_side_on_one_layout(session79):
    from graphmodel import figures

    fig = figures.cosponsorship_vs_votes(session79)
    left, right = [ax for ax in fig.axes if ax.get_title()][:2]
    assert left.get_title().startswith("Votes:") and right.get_title().startswith("Co-sponsorship: 243 resolutions")
    # same layout: the node scatter of both panels holds the same points in the same places
    np.testing.assert_allclose(left.collections[1].get_offsets(), right.collections[1].get_offsets())
    assert left.get_xlim() == right.get_xlim()
    for ax in (left, right):
        assert ax.get_legend() is not None and ax.get_xlabel()
    names = {t.get_text() for t in right.texts}
    assert {"USA", "RUS", "ISR"} <= names
    # each panel carries its test: the co-sponsorship null (z 422.2 over 99 random tables) ...
    assert f"z {session79.params['z']:.1f}, p {session79.params['p']:.3f}" in right.get_title()
    assert session79.params["z"] > 100 and session79.params["significant"]
    assert figures.significance_note(session79.votes, "79") in left.get_title().replace("\n", " ")


def test_figure_colour_means_the_same_company_in_both_panels(session79):
    """A co-sponsorship bloc wears a voting bloc's colour only when the two share at least half
    their combined members: the West's 71 co-sponsors and its 42-member voting bloc (Jaccard
    0.57); the 122-member bloc shares at most 0.22 with any voting bloc and gets its own colour."""
    import matplotlib.colors
    import matplotlib.pyplot as plt

    from graphmodel import figures

    fig = figures.cosponsorship_vs_votes(session79)
    left, right = [ax for ax in fig.axes if ax.get_title()][:2]
    codes = list(figures.mds_layout(session79.votes.agreement["79"]).index)

    def colour_of(ax):
        faces = ax.collections[1].get_facecolors()
        return {c: matplotlib.colors.to_hex(f) for c, f in zip(codes, faces)}

    votes, sponsors = colour_of(left), colour_of(right)
    voting = session79.votes.nodes[session79.votes.nodes["window"] == "79"].set_index("iso3")["local_bloc"]
    sponsor = session79.nodes.set_index("iso3")["bloc"]
    shared = sponsor.index.intersection(voting.index)
    matches = figures.match_blocs(sponsor[shared], voting[shared])
    for bloc, members in sponsor.groupby(sponsor).groups.items():
        members = [c for c in members if c in sponsors]  # drawn: on the voting layout
        colour = sponsors[members[0]]
        assert {sponsors[c] for c in members} == {colour}
        row = matches[matches["first"] == bloc].iloc[0]
        partners = [c for c in voting.index[voting == row["second"]] if c in votes]
        if row["jaccard"] >= figures.SAME_COMPANY:
            assert {votes[c] for c in partners} == {colour}
        else:
            assert colour not in set(votes.values()), (bloc, row["jaccard"])
    west = sponsor["USA"]
    assert matches.set_index("first").at[west, "jaccard"] == pytest.approx(0.57, abs=0.005)
    assert sponsors["USA"] == votes["USA"] and sponsors["RUS"] != votes["RUS"]
    # no blank band: the title sits right above the panels' own titles
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    top = max(
        fig.transFigure.inverted().transform(ax.get_tightbbox(renderer).corners())[:, 1].max() for ax in (left, right)
    )
    assert fig._suptitle.get_position()[1] - top < 0.03
    plt.close(fig)


def test_curveball_keeps_every_text_and_member_count(dataset):
    """The null tables keep each resolution's number of sponsors and each member's number of texts
    (Strona et al. 2014), and actually move sponsors around."""
    from graphmodel.cosponsorship import curveball

    b = incidence(dataset.sponsorships[dataset.sponsorships["session_no"] == 79]).to_numpy(dtype=bool)
    columns = [np.flatnonzero(b[:, j]) for j in range(b.shape[1])]
    shuffled = curveball(columns, 5 * len(columns), np.random.default_rng(1))
    table = np.zeros_like(b)
    for j, rows in enumerate(shuffled):
        table[rows, j] = True
    assert (table.sum(axis=0) == b.sum(axis=0)).all() and (table.sum(axis=1) == b.sum(axis=1)).all()
    assert (table != b).sum() > 0.2 * b.sum()


def test_session79_blocs_are_tested_against_the_null(session79, dataset):
    """Session 79's co-sponsorship blocs stand far above random tables with the same counts; the
    same seed gives the same test; too few draws are refused."""
    from graphmodel.cosponsorship import structure_test

    params = session79.params
    assert params["null_draws"] == 99 and params["significant"] and params["p"] == 0.01
    assert params["quality"] > params["null_mean"] + 10 * params["null_sd"]
    assert session79.significance_note().startswith("bloc structure significant (z ")
    b = incidence(dataset.sponsorships[dataset.sponsorships["session_no"] == 79])
    assert structure_test(b, draws=20, random_state=3) == structure_test(b, draws=20, random_state=3)
    with pytest.raises(Exception, match="null_draws 19"):
        structure_test(b, draws=19)
    untested = cosponsorship(dataset, 79, null_draws=0, votes=session79.votes)
    assert untested.params["significant"] is None and "not tested" in untested.significance_note()
