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
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Where to write the extended dataset (default: the dataset folder itself).")
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
        payload = {"rollcall": {k: (None if pd.isna(v) else str(v)) for k, v in call.items()},
                   "votes": table.to_dict(orient="records")}
        click.echo(json.dumps(payload, indent=1, default=str))
    else:
        click.echo(format_rollcall(call, table))
