"""Command line: a thin layer over the library (no logic of its own)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import GraphmodelError


class _Group(click.Group):
    """Report library errors as one line and exit 1, without a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GraphmodelError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.version_option(package_name="graphmodel")
def main():
    """graphmodel: UN roll-call votes as graphs of diplomatic alignment."""


@main.group(cls=_Group)
def data():
    """Build, inspect, import and fetch the voting dataset."""


@data.command("build")
@click.option("--raw", type=click.Path(file_okay=False), required=True, help="Folder of raw sources.")
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Output folder (default: data/).")
@click.option("--lenient", is_flag=True, help="Count bad records instead of stopping at the first.")
def data_build(raw, out, lenient):
    """Rebuild the bundled dataset from the raw sources and print the validation report."""
    from .dataset import build_dataset
    from .report import format_build_report

    dataset = build_dataset(raw, out, lenient=lenient, progress=lambda m: click.echo(f"… {m}", err=True))
    click.echo(format_build_report(dataset.report))


@data.command("info")
@click.option("--body", type=click.Choice(["GA", "SC"]), default=None)
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, envvar="GRAPHMODEL_DATA")
def data_info(body, data_dir):
    """Coverage by body and session: roll calls, votes, countries, sources."""
    from .dataset import load_dataset
    from .report import coverage

    table = coverage(load_dataset(data_dir), body)
    click.echo(table.to_string(index=False))


@data.command("import")
@click.argument("file", type=click.Path())
@click.option("--lenient", is_flag=True, help="Count bad records instead of stopping at the first.")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, envvar="GRAPHMODEL_DATA")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Where to write the extended dataset (default: the dataset folder itself).",
)
def data_import(file, lenient, data_dir, out):
    """Add a UN Digital Library CSV (GA or SC) or MARCXML file to the dataset."""
    from .dataset import DATA_DIR, import_file, load_dataset

    dataset = load_dataset(data_dir)
    _, ledger = import_file(file, dataset, lenient=lenient, out=out or data_dir or DATA_DIR)
    click.echo("\n".join(ledger.lines()))


@data.command("fetch")
@click.option("--body", type=click.Choice(["GA", "SC"]), default="GA")
@click.option("--url", default=None, help="Download this URL instead of the default UN DL file.")
@click.option("--out", type=click.Path(dir_okay=False), default=None)
@click.option("--import", "do_import", is_flag=True, help="Import the file into the dataset after download.")
def data_fetch(body, url, out, do_import):
    """Download the newest UN Digital Library voting CSV (needs a network)."""
    from .dataset import DATA_DIR, import_file
    from .fetch import DEFAULT_URLS, fetch

    target = Path(out or f"undl_{body.lower()}_voting.csv")
    path = fetch(url or DEFAULT_URLS[body], target)
    click.echo(f"downloaded {path} ({path.stat().st_size} bytes)")
    if do_import:
        _, ledger = import_file(path, out=DATA_DIR)
        click.echo("\n".join(ledger.lines()))


@main.command("votes")
@click.argument("symbol")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, envvar="GRAPHMODEL_DATA")
def votes(symbol, fmt, data_dir):
    """Each member's vote on one roll call, with the recorded totals."""
    from .dataset import load_dataset
    from .report import format_rollcall

    dataset = load_dataset(data_dir)
    call = dataset.rollcall(symbol)
    table = dataset.votes_on(symbol)
    import pandas as pd

    if fmt == "csv":
        click.echo(table.to_csv(index=False), nl=False)
    elif fmt == "json":
        payload = {
            "rollcall": {k: (None if pd.isna(v) else str(v)) for k, v in call.items()},
            "votes": table.to_dict(orient="records"),
        }
        click.echo(json.dumps(payload, indent=1, default=str))
    else:
        click.echo(format_rollcall(call, table))


def _window_options(f):
    options = [
        click.option("--body", type=click.Choice(["GA", "SC"]), default="GA"),
        click.option(
            "--by", type=click.Choice(["session", "year", "range", "rolling", "rolling-months"]), default="session"
        ),
        click.option("--from", "start", default=None, help="First date (YYYY-MM-DD)."),
        click.option("--to", "end", default=None, help="Last date (YYYY-MM-DD)."),
        click.option("--size", type=int, default=None, help="Rolling window: roll calls (or months)."),
        click.option("--step", type=int, default=None),
        click.option("--issue", "issues", multiple=True, help="Voeten code (me nu di hr co ec) or UN subject term."),
        click.option("--important", is_flag=True, help="Only US State Department 'important' votes."),
        click.option("--no-amendments", "exclude_amendments", is_flag=True, help="Exclude amendment/paragraph votes."),
        click.option("--index", type=click.Choice(["agree", "coincidence", "kappa", "pi", "s_score"]), default="agree"),
        click.option("--absent", type=click.Choice(["exclude", "abstain", "category"]), default="exclude"),
        click.option("--min-covotes", type=int, default=10),
        click.option("--min-rollcalls", type=int, default=10),
        click.option("--data-dir", type=click.Path(file_okay=False), default=None, envvar="GRAPHMODEL_DATA"),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _windows_kwargs(kw):
    return {
        k: kw[k]
        for k in (
            "body",
            "by",
            "start",
            "end",
            "size",
            "step",
            "important",
            "exclude_amendments",
            "index",
            "absent",
            "min_covotes",
            "min_rollcalls",
        )
    } | {"issues": list(kw["issues"]) or None}


@main.command("analyze")
@_window_options
@click.option("--method", type=click.Choice(["louvain", "louvain-nx", "leiden", "greedy"]), default="louvain")
@click.option("--resolution", type=float, default=1.0)
@click.option("--seed", "random_state", type=int, default=0)
@click.option("--consensus", "consensus_runs", type=int, default=0, help="Consensus over N seeded runs.")
@click.option("--out", type=click.Path(file_okay=False), default="out/analysis")
@click.option("--graph-format", type=click.Choice(["graphml", "gexf"]), default="graphml")
@click.option("--focus", default="USA", help="Country whose position the summary reports.")
def analyze_command(method, resolution, random_state, consensus_runs, out, graph_format, focus, **kw):
    """Blocs, centrality and tracking for every window; writes tables and graphs to --out."""
    from tqdm import tqdm

    from .dataset import load_dataset
    from .pipeline import analyze, summary

    dataset = load_dataset(kw.pop("data_dir"))
    result = analyze(
        dataset,
        method=method,
        resolution=resolution,
        random_state=random_state,
        consensus_runs=consensus_runs,
        progress=lambda it: tqdm(it, desc="windows", unit="window"),
        **_windows_kwargs(kw),
    )
    path = result.write(out, graph_format=graph_format)
    click.echo(summary(result, focus))
    click.echo(
        f"wrote {path}/nodes.csv, blocs.csv, transitions.csv, switches.csv, graphs/ ({len(result.graphs)} files)"
    )


@main.command("compare")
@click.argument("a")
@click.argument("b")
@_window_options
def compare_command(a, b, **kw):
    """Agreement of two countries per window (B may be 'EU' for the EU members' mean)."""
    from .analysis_api import pair_agreement
    from .dataset import load_dataset

    dataset = load_dataset(kw.pop("data_dir"))
    table = pair_agreement(dataset, a, b, **_windows_kwargs(kw))
    click.echo(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


@main.command("shifts")
@click.option("--from", "window_from", required=True, help="First window: a session (79), year, or A..B dates.")
@click.option("--to", "window_to", required=True, help="Second window, same form.")
@click.option("--anchor", default="USA")
@click.option("--top", type=int, default=15)
@click.option("--body", type=click.Choice(["GA", "SC"]), default="GA")
@click.option("--by", type=click.Choice(["session", "year", "range"]), default="session")
@click.option("--index", type=click.Choice(["agree", "coincidence", "kappa", "pi", "s_score"]), default="agree")
@click.option("--boot", "n_boot", type=int, default=500)
@click.option("--seed", "random_state", type=int, default=0)
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, envvar="GRAPHMODEL_DATA")
def shifts_command(window_from, window_to, anchor, top, body, by, index, n_boot, random_state, data_dir):
    """Countries whose agreement with --anchor moved most between two windows (bootstrap 95% CI)."""
    from .analysis_api import anchor_shifts
    from .dataset import load_dataset

    table = anchor_shifts(
        load_dataset(data_dir),
        window_from,
        window_to,
        anchor=anchor,
        body=body,
        by=by,
        index=index,
        n_boot=n_boot,
        random_state=random_state,
    )
    click.echo(table.head(top).to_string(index=False, float_format=lambda v: f"{v:+.3f}"))


@main.command("figures")
@click.option("--window", default=None, help="GA session to draw (default: the latest).")
@click.option("--out", type=click.Path(file_okay=False), default="out/figures")
@click.option("--format", "fmt", type=click.Choice(["png", "svg", "pdf"]), default="png")
@click.option("--index", type=click.Choice(["agree", "coincidence", "kappa", "pi", "s_score"]), default="agree")
@click.option("--boot", "n_boot", type=int, default=200, help="Bootstrap draws for trajectory bands.")
@click.option("--story/--no-story", default=True, help="Also the 2025 figures (shift chart, vote maps).")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, envvar="GRAPHMODEL_DATA")
def figures_command(window, out, fmt, index, n_boot, story, data_dir):
    """Write the paper figures: networks, heatmap, bloc flows, trajectories, 2025 shift, vote maps."""
    from tqdm import tqdm

    from . import figures
    from .dataset import load_dataset

    paths = figures.write_set(
        load_dataset(data_dir), out, window=window, fmt=fmt, index=index, n_boot=n_boot, story=story, progress=tqdm
    )
    for path in paths:
        click.echo(f"wrote {path}")


@main.group("neo4j", cls=_Group)
def neo4j_group():
    """Run a local Neo4j and load the graph into it (or into NEO4J_URI)."""


@neo4j_group.command("start")
@click.option("--bolt-port", type=int, default=7687)
@click.option("--http-port", type=int, default=7474)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    default=None,
    envvar="GRAPHMODEL_NEO4J_DATA",
    help="Database folder (default .neo4j/data).",
)
def neo4j_start(bolt_port, http_port, data_dir):
    """Start the project's Neo4j Community server (data under .neo4j/)."""
    import os

    from .neo4j import server

    if data_dir:
        os.environ["GRAPHMODEL_NEO4J_DATA"] = data_dir

    click.echo(server.start(bolt_port=bolt_port, http_port=http_port))


@neo4j_group.command("stop")
def neo4j_stop():
    """Stop the project's Neo4j server."""
    from .neo4j import server

    click.echo(server.stop())


@neo4j_group.command("status")
def neo4j_status():
    """Say whether the project's Neo4j server is running."""
    from .neo4j import server

    click.echo(server.status())


@neo4j_group.command("load")
@click.option("--votes/--no-votes", default=True, help="Load every VOTED relationship.")
@click.option(
    "--alignment", is_flag=True, help="Also run the analysis and load ALIGNED_WITH, Bloc, MEMBER_OF, lineage."
)
@_window_options
@click.option("--method", type=click.Choice(["louvain", "louvain-nx", "leiden", "greedy"]), default="louvain")
@click.option("--seed", "random_state", type=int, default=0)
def neo4j_load(votes, alignment, method, random_state, **kw):
    """Load countries, roll calls, sessions, votes and (with --alignment) the analysis; idempotent."""
    import time

    from tqdm import tqdm

    from .dataset import load_dataset
    from .neo4j import loader
    from .pipeline import analyze

    dataset = load_dataset(kw.pop("data_dir"))
    driver = loader.connect()
    try:
        started = time.perf_counter()
        written = loader.load_dataset(driver, dataset, votes=votes, progress=tqdm)
        click.echo(f"wrote {written} in {time.perf_counter() - started:.1f} s")
        if alignment:
            started = time.perf_counter()
            result = analyze(dataset, method=method, random_state=random_state, **_windows_kwargs(kw))
            written = loader.load_analysis(driver, result, progress=tqdm)
            click.echo(f"wrote {written} in {time.perf_counter() - started:.1f} s")
        click.echo(f"graph now holds {loader.counts(driver)}")
    finally:
        driver.close()


def _parse_value(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


@neo4j_group.command("query")
@click.argument("file", type=click.Path())
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a preset parameter (VALUE read as JSON when it parses, else text).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def neo4j_query(file, params, fmt):
    """Run a cypher/ library file with its :params preset (and overrides); print the rows."""
    import pandas as pd

    from .neo4j import loader

    overrides = {}
    for item in params:
        if "=" not in item:
            raise GraphmodelError(f"parameter {item!r} is not KEY=VALUE")
        key, value = item.split("=", 1)
        overrides[key] = _parse_value(value)
    driver = loader.connect()
    try:
        records = loader.run_file(driver, file, **overrides)
    finally:
        driver.close()
    table = pd.DataFrame([r.data() for r in records])
    if fmt == "csv":
        click.echo(table.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(table.to_json(orient="records", indent=1, default_handler=str))
    else:
        with pd.option_context("display.max_rows", 200, "display.max_colwidth", 80, "display.width", 160):
            click.echo(table.to_string(index=False) if len(table) else "(no rows)")
