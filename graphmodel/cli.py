"""Command line: a thin layer over the library (no logic of its own)."""

from __future__ import annotations

import json
import sys
from dataclasses import fields
from pathlib import Path

import click

from .errors import GraphmodelError
from .settings import INDEX_NAMES, Blocs, Index, Windows


class _Group(click.Group):
    """Report library errors as one line and exit 1, without a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GraphmodelError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:
            # Disk full, permission denied, a vanished folder: the system's one line is the message.
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


def _option_for(cls, spec):
    """A click option generated from one settings field: its spelling, type, choices and doc."""
    meta = spec.metadata
    flag = meta.get("cli") or "--" + spec.name.replace("_", "-")
    dest = f"{cls.__name__.lower()}__{spec.name}"
    kwargs = {"help": meta["doc"], "show_default": True}
    if isinstance(spec.default, bool):
        if spec.default:
            name = flag.lstrip("-")
            return click.option(f"--{name}/--no-{name}", dest, default=True, **kwargs)
        return click.option(flag, dest, is_flag=True, default=False, help=meta["doc"])
    if meta.get("choices"):
        kwargs["type"] = click.Choice(meta["choices"])
    elif isinstance(spec.default, tuple):
        kwargs["multiple"] = True
        kwargs["show_default"] = False
    elif "float" in str(spec.type):
        kwargs["type"] = float
    elif "int" in str(spec.type):
        kwargs["type"] = int
    return click.option(flag, dest, default=spec.default, **kwargs)


def settings_options(*classes, exclude: tuple = ()):
    """Decorate a command with one option per field of the settings classes (see settings.py)."""

    def decorate(f):
        for cls in reversed(classes):
            for spec in reversed(fields(cls)):
                if spec.name not in exclude:
                    f = _option_for(cls, spec)(f)
        return f

    return decorate


def settings_from(kw: dict, *classes):
    """Pop the generated options out of ``kw`` and build the settings objects (validated)."""
    built = []
    for cls in classes:
        prefix = cls.__name__.lower() + "__"
        values = {key[len(prefix) :]: kw.pop(key) for key in list(kw) if key.startswith(prefix)}
        built.append(cls(**values))
    return built


def _data_dir_option(f):
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False),
        default=None,
        help="Dataset folder (default: $GRAPHMODEL_DATA or the user data folder if it holds a dataset, "
        "else the bundled one).",
    )(f)


def _format_options(f):
    f = click.option(
        "--out",
        "out_file",
        type=click.Path(dir_okay=False),
        default=None,
        help="Also write the table to this file (.csv or .json by extension); it must be new unless --overwrite.",
    )(f)
    f = click.option("--overwrite", is_flag=True, help="Replace an existing --out file.")(f)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="How the table is printed.",
    )(f)


def _out_file(path, overwrite: bool) -> Path | None:
    """An --out file checked before any computation: its folder exists and takes a file, and the
    file is new unless --overwrite (as an --out folder must be empty unless --overwrite)."""
    if path is None:
        return None
    import tempfile

    target = Path(path)
    folder = target.parent
    if not folder.exists():
        raise GraphmodelError(f"cannot write {target}: folder {folder} does not exist")
    if not folder.is_dir():
        raise GraphmodelError(f"cannot write {target}: {folder} is a file, not a folder")
    if target.is_dir():
        raise GraphmodelError(f"cannot write {target}: it is a folder (--out takes a file here)")
    if target.exists() and not overwrite:
        raise GraphmodelError(f"{target} exists: choose a new --out file, or pass --overwrite to replace it")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".graphmodel-write-test"):
            pass
    except OSError as exc:
        raise GraphmodelError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def _write_table(table, target: Path, params: dict | None) -> None:
    """The table as JSON (with the parameters) or CSV by the file's extension, written atomically."""
    from .export import write_atomic

    if target.suffix.lower() == ".json":
        write_atomic(target, lambda tmp: tmp.write_text(_json_table(table, params)))
    else:
        write_atomic(target, lambda tmp: table.to_csv(tmp, index=False))


def _writable_folder(path) -> Path:
    """Create ``path`` and prove it is writable before any long computation starts."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".graphmodel-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise GraphmodelError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    return folder


#: Files our commands write into an --out folder (what --overwrite may remove, nothing else).
ANALYSIS_OUTPUTS = (
    "nodes.csv",
    "blocs.csv",
    "transitions.csv",
    "switches.csv",
    "params.json",
    "layers.csv",
    "graphs/*.graphml",
    "graphs/*.graphml.gz",
    "graphs/*.gexf",
    "graphs/*.gexf.gz",
)
FIGURE_OUTPUTS = tuple(
    f"{stem}.{ext}"
    for stem in ("network_*", "heatmap_*", "bloc_flows", "trajectories_*", "shift_*", "vote_*")
    for ext in ("png", "svg", "pdf", "html")
)


def _fresh_folder(path, overwrite: bool, ours: tuple) -> Path:
    """An --out folder that holds one run only: new or empty, or (with --overwrite) cleared of the
    files this command writes; anything else in it is left alone and stops the run."""
    folder = Path(path)
    if folder.exists() and any(folder.iterdir()):
        if not overwrite:
            raise GraphmodelError(
                f"{folder} is not empty: choose a new --out folder, or pass --overwrite to replace this command's "
                "earlier outputs there"
            )
        for pattern in ours:
            for old in folder.glob(pattern):
                old.unlink()
        graphs_dir = folder / "graphs"
        if graphs_dir.is_dir() and not any(graphs_dir.iterdir()):
            graphs_dir.rmdir()
    return _writable_folder(folder)


def _overwrite_option(f):
    return click.option(
        "--overwrite",
        is_flag=True,
        help="Write into a non-empty --out folder, first removing only this command's own earlier outputs.",
    )(f)


def _table_format_option(f):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help="How the table is printed: aligned text, CSV, or JSON (with the parameters).",
    )(f)


def _emit(table, fmt: str, out_file, *, float_format=None, params: dict | None = None) -> None:
    """Print a table as text, CSV or JSON, and write it to ``out_file`` if given."""
    if out_file:
        _write_table(table, Path(out_file), params)
    if fmt == "csv":
        click.echo(table.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(_json_table(table, params))
    else:
        click.echo(table.to_string(index=False, float_format=float_format) if len(table) else "(no rows)")
    if out_file:
        click.echo(f"wrote {out_file}", err=True)


def _warn(params: dict | None) -> None:
    """Print a result's coverage warnings (a filter that misses part of the period) to stderr."""
    for message in (params or {}).get("warnings", []):
        click.echo(f"warning: {message}", err=True)


def _country(name: str, date=None) -> str:
    """A --country value as its ISO3 code (names, ISO2/ISO3 codes and aliases as in ``compare``)."""
    from .countries import resolve
    from .groups import canonical

    try:
        return resolve(name, date)
    except GraphmodelError:
        if canonical(name):
            raise GraphmodelError(
                f"--country takes one country, not the group {name!r} (compare accepts groups)"
            ) from None
        raise GraphmodelError(f"unknown country {name!r} (a country name, ISO2 or ISO3 code)") from None


def _json_table(table, params: dict | None) -> str:
    rows = json.loads(table.to_json(orient="records", date_format="iso", default_handler=str))
    return json.dumps({"params": params or {}, "rows": rows}, indent=1, default=str)


@click.group(cls=_Group)
@click.version_option(package_name="graphmodel")
def main():
    """graphmodel: UN roll-call votes as graphs of diplomatic alignment."""
    import warnings

    from .store import StoreWarning

    shown = warnings.showwarning

    def one_line(message, category, filename, lineno, file=None, line=None):
        # A damaged dataset version that was skipped is news for the user, not a code location.
        if issubclass(category, StoreWarning):
            click.echo(f"warning: {message}", err=True)
        else:
            shown(message, category, filename, lineno, file, line)

    warnings.showwarning = one_line


@main.group(cls=_Group)
def data():
    """Build, inspect, import and fetch the voting dataset."""


@data.command("build")
@click.option("--raw", type=click.Path(file_okay=False), required=True, help="Folder of raw sources.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Output folder (default: the user data folder; `make dataset` writes the repository's data/).",
)
@click.option("--lenient", is_flag=True, help="Count bad records instead of stopping at the first.")
def data_build(raw, out, lenient):
    """Rebuild the bundled dataset from the raw sources and print the validation report."""
    from .dataset import build_dataset
    from .report import format_build_report

    dataset = build_dataset(raw, out, lenient=lenient, progress=lambda m: click.echo(f"… {m}", err=True))
    click.echo(format_build_report(dataset.report))


@data.command("info")
@click.option("--body", type=click.Choice(["GA", "SC"]), default=None, help="Only this organ.")
@_table_format_option
@_data_dir_option
def data_info(body, fmt, data_dir):
    """Coverage by body and session: roll calls, votes, countries, sources."""
    from .dataset import load_dataset
    from .report import coverage

    dataset = load_dataset(data_dir)
    if fmt == "table":
        click.echo(f"dataset: {dataset.source}")
    _emit(coverage(dataset, body), fmt, None, params={"dataset": str(dataset.source), "body": body})
    if fmt == "table" and body in (None, "GA"):
        from .conventions import completeness

        click.echo("\nGA recorded votes per calendar year against the US State Department's counts:")
        click.echo(completeness(dataset).to_string(index=False, formatters={"complete": "{:.0%}".format}))


@data.command("import")
@click.argument("file", type=click.Path())
@click.option("--lenient", is_flag=True, help="Count bad records instead of stopping at the first.")
@click.option(
    "--replace", is_flag=True, help="Where the file's copy of a roll call differs from the dataset's, take the file's."
)
@_data_dir_option
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Where to write the extended dataset (default: --data-dir, else the user data folder).",
)
def data_import(file, lenient, replace, data_dir, out):
    """Add a UN Digital Library CSV (GA or SC, plain, gzip or zip), MARCXML file, or Voeten's Dataverse
    UNVotes*.csv / .RData file to the dataset."""
    from .dataset import import_file, load_dataset
    from .paths import user_data_dir

    target = Path(out or data_dir or user_data_dir())
    # Extending the target itself: the library reads it under the writer lock (no lost update).
    base = load_dataset(data_dir) if out and data_dir else None
    _, ledger = import_file(file, base, lenient=lenient, replace=replace, out=target, progress=True)
    click.echo("\n".join(ledger.lines()))
    click.echo(f"dataset folder: {target}")


@data.command("fetch")
@click.option("--body", type=click.Choice(["GA", "SC"]), default="GA", show_default=True, help="Which organ's file.")
@click.option("--url", default=None, help="Download this http(s) URL instead of the default UN DL file.")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Download to this file (without --import).")
@click.option("--import", "do_import", is_flag=True, help="Import the file into the dataset after download.")
@click.option("--lenient", is_flag=True, help="Count bad records instead of stopping at the first.")
@click.option("--replace", is_flag=True, help="Take the file's copy of roll calls that differ from the dataset's.")
@click.option("--max-mb", type=click.IntRange(1), default=1024, show_default=True, help="Refuse larger downloads.")
@click.option(
    "--deadline", type=click.FloatRange(1), default=1800, show_default=True, help="Seconds for the whole download."
)
@_data_dir_option
def data_fetch(body, url, out, do_import, lenient, replace, max_mb, deadline, data_dir):
    """Download the newest UN Digital Library voting CSV (needs a network), checked before it is kept."""
    from .fetch import DEFAULT_URLS, fetch, fetch_and_import
    from .paths import user_data_dir

    url = url or DEFAULT_URLS[body]
    limits = {"max_bytes": max_mb * 2**20, "deadline": deadline, "progress": True}
    if do_import:
        if out:
            raise GraphmodelError("--out is for a download without --import (the import keeps it in the data folder)")
        folder = Path(data_dir or user_data_dir())
        path, ledger = fetch_and_import(url, folder, lenient=lenient, replace=replace, **limits)
        click.echo(f"downloaded {path} ({path.stat().st_size} bytes)")
        click.echo("\n".join(ledger.lines()))
        click.echo(f"dataset folder: {folder}")
        return
    path = fetch(url, Path(out or f"undl_{body.lower()}_voting.csv"), lenient=lenient, **limits)
    click.echo(f"downloaded {path} ({path.stat().st_size} bytes)")


@main.command("votes")
@click.argument("symbols", nargs=-1, required=True)
@click.option(
    "--country",
    "countries",
    multiple=True,
    help="Only these countries (name, ISO2 or ISO3 code), in this order; repeatable.",
)
@_table_format_option
@_data_dir_option
def votes(symbols, countries, fmt, data_dir):
    """Each member's vote on one roll call, with the recorded totals; with several symbols
    (e.g. A/RES/ES-11/7 A/RES/ES-11/8 S/RES/2774), their votes side by side."""

    from .dataset import load_dataset
    from .report import dropped_votes_note, format_rollcall
    from .story import side_by_side

    codes = [_country(name) for name in countries]  # an unknown name stops before the dataset loads
    dataset = load_dataset(data_dir)
    if len(symbols) > 1:
        table = side_by_side(dataset, symbols, codes or None)
        _emit(table, fmt, None, params={"symbols": list(symbols), "countries": codes})
        return
    call = dataset.rollcall(symbols[0])
    table = everyone = dataset.votes_on(symbols[0])
    if codes:
        # "Russia" on a 1950 roll call is the USSR's seat: names resolve at the vote's date
        codes = [_country(name, call["date"]) for name in countries]
        names = dataset.countries.set_index("iso3")["name"]
        table = table.set_index("iso3").reindex(codes)
        table["name"] = table.index.map(names)
        table = table.fillna({"vote": ""}).rename_axis("iso3").reset_index()[["iso3", "name", "vote"]]
    note = dropped_votes_note(dataset.report, call["rollcall_id"])
    if fmt == "csv":
        click.echo(table.to_csv(index=False), nl=False)
    elif fmt == "json":
        payload = {
            "rollcall": {k: _json_value(v) for k, v in call.items()},
            "votes": table.to_dict(orient="records"),
            "note": note,
        }
        click.echo(json.dumps(payload, indent=1, default=str))
    else:
        click.echo(format_rollcall(call, everyone, note, only=table if codes else None))


def _json_value(value):
    """A roll call field as JSON: totals as numbers, flags as booleans, dates as ISO text."""
    import numpy as np
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


@main.command("story")
@click.option(
    "--boot",
    "n_boot",
    type=click.IntRange(min=0),
    default=200,
    show_default=True,
    help="Bootstrap draws for the movers.",
)
@click.option("--top", type=click.IntRange(min=1), default=8, show_default=True, help="Movers listed.")
@_data_dir_option
def story_command(n_boot, top, data_dir):
    """24 February 2025 in one screen: the ES-11/7 No list, ES-11/8 and S/RES/2774 side by side,
    US-Russia and US-EU agreement before and after 20 January 2025, the biggest movers."""
    from .dataset import load_dataset
    from .story import story_sections

    for section in story_sections(load_dataset(data_dir), n_boot=n_boot, top=top):
        click.echo(section)


@main.command("analyze")
@settings_options(Windows, Index, Blocs)
@_data_dir_option
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="out/analysis",
    show_default=True,
    help="New or empty folder for nodes.csv, blocs.csv, transitions.csv, switches.csv, params.json (and graphs/).",
)
@_overwrite_option
@click.option(
    "--graph-format",
    type=click.Choice(["none", "graphml.gz", "gexf.gz", "graphml", "gexf"]),
    default="none",
    show_default=True,
    help="Also one graph file per window under graphs/ (complete graphs: ~1.4 MB per session uncompressed).",
)
@click.option("--focus", default="USA", show_default=True, help="Country whose position the summary reports.")
@click.option(
    "--layers",
    default=None,
    metavar="votes,sponsors",
    help="Also blocs of votes and co-sponsorship as one multiplex partition for every GA session window "
    "with sponsorships (74-80), each country's layer agreement in layers.csv (needs --by session).",
)
@_table_format_option
def analyze_command(out, overwrite, graph_format, focus, fmt, data_dir, layers=None, **kw):
    """Blocs, centrality and tracking for every window; writes tables (and graphs on request) to --out.

    Prints a summary of the latest window (--format table) or its blocs (csv, json).
    """
    from tqdm import tqdm

    from .analysis import _code, analyze, summary
    from .dataset import load_dataset

    windows, index, blocs = settings_from(kw, Windows, Index, Blocs)
    _code(focus)
    if layers is not None:
        wanted = [part.strip().lower() for part in layers.split(",") if part.strip()]
        if sorted(wanted) != ["sponsors", "votes"]:
            raise GraphmodelError(f"--layers takes votes,sponsors (value: {layers!r})")
        if windows.by != "session" or windows.body != "GA":
            raise GraphmodelError("--layers needs --by session on the General Assembly")
    folder = _fresh_folder(out, overwrite, ANALYSIS_OUTPUTS)
    dataset = load_dataset(data_dir)
    result = analyze(dataset, windows, index, blocs, progress=lambda it: tqdm(it, desc="windows", unit="window"))
    graph_format = None if graph_format == "none" else graph_format
    path = result.write(folder, graph_format=graph_format, progress=tqdm)
    _warn(result.params)
    if fmt == "table":
        click.echo(summary(result, focus))
    else:
        # the window the text summary describes: the latest complete one (see analysis.summary)
        flags = result.blocs.drop_duplicates("window")
        complete = flags[~flags["partial"].astype(bool)] if "partial" in flags else flags
        shown = (complete if len(complete) else flags)["window"].iloc[-1]
        last = result.blocs[result.blocs["window"] == shown]
        _emit(last.assign(members=last["members"].map(" ".join)), fmt, None, params=result.params)
    files = f", graphs/ ({len(result.graphs)} {graph_format} files)" if graph_format else ""
    if layers is not None:
        files += _write_layers(dataset, result, path, blocs.random_state)
    click.echo(f"wrote {path}/nodes.csv, blocs.csv, transitions.csv, switches.csv, params.json{files}", err=True)


def _write_layers(dataset, result, folder: Path, random_state: int) -> str:
    """The multiplex blocs of votes and co-sponsorship per session window, to layers.csv."""
    from .cosponsorship import cosponsorship, multilayer

    sessions = {str(s) for s in dataset.sponsorships["session_no"].unique()}
    parts = []
    for label in result.windows:
        if label not in sessions:
            continue
        cosponsor = cosponsorship(dataset, label, votes=result, random_state=random_state)
        table = multilayer(dataset, label, cosponsor=cosponsor, random_state=random_state)
        p = table.attrs["params"]
        click.echo(
            f"session {label}: {table['bloc'].nunique()} multiplex blocs of votes + co-sponsorship; adjusted Rand "
            f"with the voting blocs {p['ari_votes']:.3f}, with the co-sponsorship blocs {p['ari_sponsors']:.3f} "
            f"(between the two layers {p['ari_layers']:.3f})",
            err=True,
        )
        parts.append(table)
    if not parts:
        raise GraphmodelError("no window of this analysis has sponsorships (GA sessions 74-80)")
    import pandas as pd

    out = folder / "layers.csv"
    tmp = out.with_suffix(".csv.tmp")
    pd.concat(parts, ignore_index=True).to_csv(tmp, index=False)
    tmp.replace(out)
    return ", layers.csv"


def _bootstrap_options(draws: int):
    """``--boot`` (draws, default ``draws``) and ``--seed`` for the commands that report intervals."""

    def decorate(f):
        f = click.option(
            "--seed",
            "random_state",
            type=click.IntRange(min=0),
            default=0,
            show_default=True,
            help="Seed of the bootstrap.",
        )(f)
        return click.option(
            "--boot",
            "n_boot",
            type=click.IntRange(min=0),
            default=draws,
            show_default=True,
            help="Bootstrap draws for 95% intervals" + (" (0: none)." if not draws else "."),
        )(f)

    return decorate


@main.command("compare")
@click.argument("a")
@click.argument("b")
@settings_options(Windows, Index)
@_bootstrap_options(0)
@_format_options
@_data_dir_option
def compare_command(a, b, n_boot, random_state, fmt, out_file, overwrite, data_dir, **kw):
    """Agreement of A with B per window; either may be 'EU' (mean over its members then)."""
    from .analysis import compare
    from .dataset import load_dataset

    windows, index = settings_from(kw, Windows, Index)
    _out_file(out_file, overwrite)
    table = compare(load_dataset(data_dir), a, b, windows, index, n_boot=n_boot, random_state=random_state)
    _warn(table.attrs.get("params"))
    _emit(table, fmt, out_file, float_format=lambda v: f"{v:.3f}", params=table.attrs.get("params"))


@main.command("shifts")
@click.option("--from", "window_from", required=True, help="First window: a session (79), a year, or A..B dates.")
@click.option("--to", "window_to", required=True, help="Second window, same form.")
@click.option("--anchor", default="USA", show_default=True, help="Country whose partners are compared.")
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True, help="Rows printed.")
@settings_options(Windows, Index, exclude=("start", "end", "size", "step", "min_rollcalls"))
@_bootstrap_options(500)
@_format_options
@_data_dir_option
def shifts_command(window_from, window_to, anchor, top, n_boot, random_state, fmt, out_file, overwrite, data_dir, **kw):
    """Countries whose agreement with --anchor moved most between two windows (bootstrap 95% CI)."""
    from .analysis import shifts
    from .dataset import load_dataset

    windows, index = settings_from(kw, Windows, Index)
    _out_file(out_file, overwrite)
    table = shifts(
        load_dataset(data_dir),
        window_from,
        window_to,
        anchor=anchor,
        windows=windows,
        index=index,
        n_boot=n_boot,
        random_state=random_state,
    )
    params = table.attrs["params"]
    _warn(params)
    if fmt == "table":
        before, after = params["from"], params["to"]
        click.echo(
            f"Agreement ({index.name}) with {params['anchor']}: window {before['window']} "
            f"({before['start']} to {before['end']}, {before['rollcalls']} roll calls) -> window "
            f"{after['window']} ({after['start']} to {after['end']}, {after['rollcalls']} roll calls); "
            f"{n_boot} bootstrap draws"
        )
    _emit(table.head(top), fmt, out_file, float_format=lambda v: f"{v:+.3f}", params=params)


@main.command("idealpoints")
@click.option("--from", "window_from", default=None, help="First session: the year it opened (1980) or a date.")
@click.option("--to", "window_to", default=None, help="Last session, same form.")
@click.option(
    "--boot", "n_boot", type=click.IntRange(min=0), default=10, show_default=True, help="Parametric bootstrap draws."
)
@click.option(
    "--seed", "random_state", type=click.IntRange(min=0), default=0, show_default=True, help="Seed of the bootstrap."
)
@click.option("--focus", default="USA", show_default=True, help="Country whose trajectory the table format prints.")
@_format_options
@_data_dir_option
def idealpoints_command(window_from, window_to, n_boot, random_state, focus, fmt, out_file, overwrite, data_dir):
    """Ideal points per country and GA session (dynamic ordinal IRT, bridged; 90% bootstrap intervals)."""
    from .dataset import load_dataset
    from .idealpoints import describe, estimate

    _out_file(out_file, overwrite)
    focus = _country(focus)
    table = estimate(load_dataset(data_dir), start=window_from, end=window_to, n_boot=n_boot, random_state=random_state)
    params = table.attrs["settings"]
    if fmt != "table":
        _emit(table, fmt, out_file, params=params)
        return
    click.echo(describe(table))
    _emit(table[table["iso3"] == focus], fmt, None, float_format=lambda v: f"{v:.3f}")
    if out_file:
        _write_table(table, Path(out_file), params)
        click.echo(f"wrote {out_file} ({len(table)} rows)", err=True)


@main.command("cosponsors")
@click.option("--session", required=True, help="Regular GA session (74-80; 79 holds the ES-11 resolutions of 2025).")
@click.option(
    "--show",
    type=click.Choice(["blocs", "where", "nodes", "partners"]),
    default="blocs",
    show_default=True,
    help="blocs: co-sponsorship blocs; where: each member's co-sponsorship and voting bloc; nodes: "
    "centralities; partners: --country's strongest co-sponsors with its voting agreement.",
)
@click.option("--country", default="USA", show_default=True, help="Whose partners --show partners lists.")
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True, help="Rows of --show partners.")
@click.option(
    "--seed", "random_state", type=click.IntRange(min=0), default=0, show_default=True, help="Seed of the blocs."
)
@_format_options
@_data_dir_option
@click.option(
    "--null-draws",
    type=click.IntRange(min=0),
    default=99,
    show_default=True,
    help="Random co-sponsorship tables (each text's sponsor count and each member's text count kept) to test the blocs against (0: untested).",
)
def cosponsors_command(session, show, country, top, random_state, null_draws, fmt, out_file, overwrite, data_dir):
    """Co-sponsorship graph of a GA session (Newman weights): blocs, centrality, and where each member
    sits in the voting blocs of the same session (adjusted Rand index)."""
    from .cosponsorship import cosponsorship
    from .dataset import load_dataset

    _out_file(out_file, overwrite)
    if show == "partners":
        country = _country(country)  # an unknown name is not "co-sponsored nothing"
    result = cosponsorship(load_dataset(data_dir), session, random_state=random_state, null_draws=null_draws)
    if fmt == "table":
        click.echo(
            f"Session {result.session}: {result.params['resolutions']} resolutions with member sponsors, "
            f"{len(result.nodes)} members, {len(result.blocs)} co-sponsorship blocs "
            f"(modularity {result.params['modularity']:.3f}); adjusted Rand index with the voting blocs "
            f"{result.ari:.3f}"
        )
        click.echo("  " + result.significance_note())
    tables = {
        "blocs": lambda: result.blocs.assign(members=result.blocs["members"].map(" ".join)),
        "where": lambda: result.comparison,
        "nodes": lambda: result.nodes,
        "partners": lambda: result.partners(country, top),
    }
    _emit(tables[show](), fmt, out_file, float_format=lambda v: f"{v:.3f}", params=result.params)


@main.command("dyads")
@settings_options(Windows, Index, exclude=("harmonize",))
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    required=True,
    help="File to write: .csv, .parquet or .dta (Stata 14+), by extension; it must be new unless --overwrite.",
)
@click.option("--overwrite", is_flag=True, help="Replace an existing --out file.")
@_data_dir_option
def dyads_command(out_file, overwrite, data_dir, **kw):
    """Agreement of every ordered pair of states per window, in Voeten's AgreementScores layout
    (ccode1, ccode2, iso3_1, iso3_2, year|session, agree, [index], n) with COW codes."""
    from .dataset import load_dataset
    from .export import FORMATS, dyads, write_dyads

    if Path(out_file).suffix.lower() not in FORMATS:
        raise GraphmodelError(f"--out must end in .csv, .parquet or .dta (value: {out_file!r})")
    windows, index = settings_from(kw, Windows, Index)
    _out_file(out_file, overwrite)
    table = dyads(load_dataset(data_dir), windows, index, harmonize=False)
    path = write_dyads(table, out_file)
    _warn(table.attrs.get("params"))
    key = next(c for c in ("year", "session", "window") if c in table)
    click.echo(f"wrote {path}: {len(table):,} dyads, {table[key].nunique()} windows ({key})")


@main.command("figures")
@click.option("--window", default=None, help="GA session to draw (default: the latest).")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="out/figures",
    show_default=True,
    help="New or empty folder for the figures.",
)
@_overwrite_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["png", "svg", "pdf"]),
    default="png",
    show_default=True,
    help="File format of the static figures.",
)
@click.option(
    "--html/--no-html", default=True, show_default=True, help="Also interactive HTML of network and shift chart."
)
@click.option("--index", type=click.Choice(INDEX_NAMES), default="agree", show_default=True, help="Agreement index.")
@click.option(
    "--boot",
    "n_boot",
    type=click.IntRange(min=0),
    default=200,
    show_default=True,
    help="Bootstrap draws for trajectory bands (percentile 95% intervals, roll calls resampled per session).",
)
@click.option(
    "--story/--no-story", default=True, show_default=True, help="Also the 2025 figures (shift chart, vote maps)."
)
@click.option(
    "--null-draws",
    type=click.IntRange(min=0),
    default=99,
    show_default=True,
    help="Vote-permutation null draws per window; figures mark windows without significant bloc structure (0: untested).",
)
@_data_dir_option
def figures_command(window, out, overwrite, fmt, html, index, n_boot, story, null_draws, data_dir):
    """Write the paper figures: networks, heatmap, bloc flows, trajectories, 2025 shift, vote maps."""
    from tqdm import tqdm

    from . import figures
    from .dataset import load_dataset
    from .windows import no_session

    dataset = load_dataset(data_dir)
    if window is not None:
        # the sessions the figures' analysis will cut (default settings), known in milliseconds
        every = Windows(min_rollcalls=1)
        problem = no_session(window, dataset.windows(Windows()), dataset.windows(every), Windows().min_rollcalls)
        if problem:
            raise GraphmodelError(problem)
        window = str(window).strip()
    folder = _fresh_folder(out, overwrite, FIGURE_OUTPUTS)
    paths = figures.write_set(
        dataset,
        folder,
        window=window,
        fmt=fmt,
        index=index,
        n_boot=n_boot,
        story=story,
        html=html,
        null_draws=null_draws,
        progress=tqdm,
    )
    for path in paths:
        click.echo(f"wrote {path}")


@main.group("neo4j", cls=_Group)
def neo4j_group():
    """Run a local Neo4j and load the graph into it (or into NEO4J_URI)."""


@neo4j_group.command("start")
@click.option(
    "--bolt-port",
    type=click.IntRange(1, 65535),
    default=7687,
    show_default=True,
    help="Bolt port (drivers, cypher-shell).",
)
@click.option(
    "--http-port",
    type=click.IntRange(1, 65535),
    default=7474,
    show_default=True,
    help="HTTP port (the Neo4j Browser).",
)
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
@click.option(
    "--idealpoints",
    is_flag=True,
    help="Also estimate ideal points and load (:Country)-[:POSITION]->(:Session); with --alignment also as "
    "MEMBER_OF.ideal, ideal_lo, ideal_hi of every window.",
)
@click.option(
    "--sponsorships",
    is_flag=True,
    help="Also load (:Country)-[:SPONSORED {role, via}]->(:Resolution)-[:RECORDED_AS]->(:RollCall) and the "
    "co-sponsorship blocs of GA sessions 74-80 (SponsorBloc).",
)
@click.option(
    "--bulk",
    is_flag=True,
    help="First load into an empty local database with neo4j-admin's offline importer (stops and restarts "
    "the local server; several times faster). Without it: the Bolt loader (incremental, any server).",
)
@settings_options(Windows, Index, Blocs)
@_data_dir_option
def neo4j_load(votes, alignment, idealpoints, bulk, data_dir, sponsorships=False, **kw):
    """Load countries, roll calls, sessions, votes and (with --alignment) the analysis; idempotent."""
    import time

    from tqdm import tqdm

    from .dataset import load_dataset
    from .neo4j import loader

    windows, index, blocs = settings_from(kw, Windows, Index, Blocs)
    dataset = load_dataset(data_dir)
    if bulk:
        from .neo4j import bulk as bulk_import

        started = time.perf_counter()
        positions = _estimate_positions(dataset) if idealpoints else None
        result = _analysis_with_positions(dataset, (windows, index, blocs), positions) if alignment else None
        done = bulk_import.import_full(dataset, result, votes=votes)
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in done["seconds"].items())
        click.echo(f"imported {done['counts']} in {time.perf_counter() - started:.1f} s ({steps})")
        driver = loader.connect()
        try:
            if windows.with_consensus:
                written = loader.load_consensus(driver, dataset)
                click.echo(f"wrote {written} RollCall {{recorded: false}} (adoptions without a vote) over Bolt")
            if idealpoints:
                written = loader.load_idealpoints(driver, positions)
                click.echo(f"wrote {written} POSITION over Bolt")
            if sponsorships:
                click.echo(f"wrote {_load_sponsorships(driver, dataset)} over Bolt")
            click.echo(f"graph now holds {loader.counts(driver)}")
        finally:
            driver.close()
        return
    driver = loader.connect()
    try:
        started = time.perf_counter()
        written = loader.load_rollcalls(driver, dataset, votes=votes, progress=tqdm)
        if windows.with_consensus:
            # Adoptions without a vote as RollCall {recorded: false}, no VOTED (loader.load_consensus).
            written["consensus_rollcalls"] = loader.load_consensus(driver, dataset)
        click.echo(f"wrote {written} in {time.perf_counter() - started:.1f} s")
        positions = _estimate_positions(dataset) if idealpoints else None
        if alignment:
            started = time.perf_counter()
            result = _analysis_with_positions(dataset, (windows, index, blocs), positions)
            written = loader.load_analysis(driver, result, progress=tqdm)
            click.echo(f"wrote {written} in {time.perf_counter() - started:.1f} s")
        if idealpoints:
            started = time.perf_counter()
            written = loader.load_idealpoints(driver, positions)
            click.echo(f"wrote {written} POSITION in {time.perf_counter() - started:.1f} s")
        if sponsorships:
            started = time.perf_counter()
            written = _load_sponsorships(driver, dataset)
            click.echo(f"wrote {written} in {time.perf_counter() - started:.1f} s")
        click.echo(f"graph now holds {loader.counts(driver)}")
    finally:
        driver.close()


def _estimate_positions(dataset):
    from .idealpoints import estimate

    click.echo("estimating ideal points (all GA sessions)", err=True)
    return estimate(dataset)


def _analysis_with_positions(dataset, settings, positions):
    """The analysis to load; with ideal points, each window's positions as MEMBER_OF.ideal, ideal_lo,
    ideal_hi (a year or range window takes the vote-weighted mean of the sessions it covers)."""
    from .analysis import analyze
    from .idealpoints import attach

    result = analyze(dataset, *settings)
    return attach(result, positions, dataset) if positions is not None else result


def _load_sponsorships(driver, dataset) -> dict:
    """Sponsorships and the co-sponsorship blocs of every session that has them (one voting analysis)."""
    from .analysis import analyze
    from .cosponsorship import cosponsorship
    from .neo4j import loader

    written = loader.load_sponsorships(driver, dataset)
    sessions = sorted({int(s) for s in dataset.sponsorships["session_no"]})
    first = dataset.sponsorships["date"].min()
    votes = analyze(dataset, by="session", start=str(first.date()))
    written["sponsor_bloc_members"] = sum(
        loader.load_cosponsor_blocs(driver, cosponsorship(dataset, s, votes=votes)) for s in sessions
    )
    return written


@neo4j_group.command("query")
@click.argument("file", type=click.Path())
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="Set a parameter; VALUE takes the type of the file's :params preset (text stays text), "
    "and without a preset is read as JSON when it parses, else as text.",
)
@_table_format_option
def neo4j_query(file, params, fmt):
    """Run a Cypher file statement by statement with its :params preset (and overrides); print the rows."""
    import pandas as pd

    from .neo4j import loader

    overrides = {}
    for item in params:
        if "=" not in item:
            raise GraphmodelError(f"parameter {item!r} is not KEY=VALUE")
        key, value = item.split("=", 1)
        overrides[key.strip()] = value
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
