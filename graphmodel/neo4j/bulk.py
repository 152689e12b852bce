"""First load of a local, empty database with Neo4j's offline importer.

``neo4j-admin database import full`` (the ``org.neo4j.cli.AdminTool`` shipped in the server's
jars) writes the store files directly from CSV, without transactions: for the 1.1 M ``VOTED``
rows it takes a fraction of the Bolt loader's time. It needs the server stopped and replaces the
whole database, so it is only for a first load into an empty local database; incremental loads
and remote servers (Aura, Docker, Desktop) use the Bolt loader (:mod:`graphmodel.neo4j.loader`).

The CSVs hold exactly the nodes, relationships and properties the Bolt loader writes (same
labels, same property names and types, absent where the loader sets null), so the resulting
graph is the same; the schema (constraints and indexes) is created after the import, once the
server is running again, as the importer cannot create it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import GraphmodelError
from . import loader, server


def _quote(values) -> np.ndarray:
    """CSV string fields: quoted (so an empty string stays an empty string), empty when null.
    Each distinct value is formatted once (ids and labels repeat over a million rows)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    formatted = ['"' + str(u).replace('"', '""') + '"' for u in uniques]
    return np.array([*formatted, ""], dtype=object)[codes]  # code -1 (null) picks the trailing ""


def _plain(values) -> np.ndarray:
    """Numbers, booleans and dates as the importer reads them, empty when null; floats with
    ``repr`` so that they read back bit for bit."""
    series = pd.Series(values)
    missing = series.isna().to_numpy()
    if series.dtype.kind == "f":
        out = np.array([repr(x) for x in series.to_numpy(dtype=float).tolist()], dtype=object)
    elif series.dtype.kind == "b" or str(series.dtype) == "boolean":
        out = np.where(series.fillna(False).to_numpy(dtype=bool), "true", "false").astype(object)
    else:
        codes, uniques = pd.factorize(series.astype(object))
        out = np.array([*map(str, uniques), ""], dtype=object)[codes]
    out[missing] = ""
    return out


def _write(path: Path, header: list[str], columns: list) -> int:
    """One CSV (header line, then rows) from already formatted string columns."""
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(header) + "\n")
        out.writelines(",".join(row) + "\n" for row in zip(*(list(c) for c in columns)))
    return len(columns[0]) if columns else 0


def _iso_date(values) -> pd.Series:
    dates = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce")
    return dates.dt.strftime("%Y-%m-%d").where(dates.notna(), None)


def write_csv(folder: Path, dataset, analysis=None, *, votes: bool = True) -> dict:
    """The importer's input files in ``folder``; returns the ``--nodes``/``--relationships`` arguments
    and the row counts."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nodes, relationships, written = [], [], {}

    countries = pd.DataFrame(loader._country_rows(dataset))
    written["Country"] = _write(
        folder / "countries.csv",
        [
            "iso3:ID(Country)",
            ":LABEL",
            "name",
            "regional_group",
            "admitted:date",
            "left:date",
            "continuity",
            "eu_joined:date",
            "eu_left:date",
            "p5_from:date",
            "p5_to:date",
        ],
        [_quote(countries["iso3"]), _quote(countries["region"]), _quote(countries["name"])]
        + [_quote(countries["regional_group"])]
        + [_plain(_iso_date(countries[c])) for c in ("admitted", "left")]
        + [_quote(countries["continuity"])]
        + [_plain(_iso_date(countries[c])) for c in ("eu_joined", "eu_left", "p5_from", "p5_to")],
    )
    nodes.append(("Country", "countries.csv"))

    calls = dataset.rollcalls
    session = calls["session"].fillna("").astype(str)
    body = calls["body"].astype(str)
    session_key = body + "|" + session
    strings = {
        "body": body,
        "session": session,
        "symbol": calls["symbol"],
        "draft": calls["draft"],
        "title": calls["title"].fillna(""),
        "outcome": calls["outcome"].fillna(""),
        "issues": calls["issues"].fillna(""),
    }
    flags = {c: calls[c].fillna(False).astype(bool) for c in ("amend", "para", "important")}
    tallies = {c: calls[c].astype("float") for c in ("yes", "no", "abstain")}
    written["RollCall"] = _write(
        folder / "rollcalls.csv",
        ["id:ID(RollCall)", *strings, "session_no:long", "date:date"]
        + [f"{c}:boolean" for c in flags]
        + [f"{c}:double" for c in tallies],
        [_quote(calls["rollcall_id"].astype(str))]
        + [_quote(v) for v in strings.values()]
        + [_plain(calls["session_no"].astype(int)), _plain(calls["date"].dt.strftime("%Y-%m-%d"))]
        + [_plain(v) for v in flags.values()]
        + [_plain(v) for v in tallies.values()],
    )
    nodes.append(("RollCall", "rollcalls.csv"))
    sessions = pd.DataFrame({"key": session_key, "body": body, "number": session}).drop_duplicates("key")
    dates = pd.DataFrame(loader.session_dates()).assign(key=lambda d: "GA|" + d["number"]).set_index("key")
    written["Session"] = _write(
        folder / "sessions.csv",
        [":ID(Session)", "body", "number", "start:date", "end:date"],
        [_quote(sessions["key"]), _quote(sessions["body"]), _quote(sessions["number"])]
        + [_plain(sessions["key"].map(dates[c])) for c in ("start", "end")],
    )
    nodes.append(("Session", "sessions.csv"))
    written["IN_SESSION"] = _write(
        folder / "in_session.csv",
        [":START_ID(RollCall)", ":END_ID(Session)"],
        [_quote(calls["rollcall_id"].astype(str)), _quote(session_key)],
    )
    relationships.append(("IN_SESSION", "in_session.csv"))

    if votes:
        v = dataset.votes
        written["VOTED"] = _write(
            folder / "voted.csv",
            [":START_ID(Country)", ":END_ID(RollCall)", "vote"],
            [_quote(v["iso3"].astype(str)), _quote(v["rollcall_id"].astype(str)), _quote(v["vote"].astype(str))],
        )
        relationships.append(("VOTED", "voted.csv"))

    if analysis is not None:
        regions = dict(zip(dataset.countries["iso3"], dataset.countries["regional_group"]))
        more_nodes, more_relationships, counts = _analysis_csv(folder, analysis, regions)
        nodes += more_nodes
        relationships += more_relationships
        written.update(counts)
    return {"nodes": nodes, "relationships": relationships, "counts": written}


#: Per-window columns of Analysis.blocs that the Bolt loader stores on Bloc (loader.BLOC_FLAGS), typed.
BLOC_FLAG_TYPES = {
    "representation": "string",
    "z": "double",
    "p": "double",
    "significant": "boolean",
    "ari": "double",
    "stable": "boolean",
    "partial": "boolean",
    "coverage": "double",
}
#: MEMBER_OF properties, exactly those the Bolt loader writes.
MEMBER_METRICS = loader.MEMBER_METRICS


def _flag(values: pd.Series, kind: str) -> np.ndarray:
    """A Bloc flag column in the importer's format; null (None/NaN) stays absent."""
    cells = values.astype(object).where(values.notna(), None)
    if kind == "string":
        return _quote(cells)
    if kind == "boolean":
        return np.array(["" if v is None else ("true" if bool(v) else "false") for v in cells], dtype=object)
    return np.array(["" if v is None else repr(float(v)) for v in cells], dtype=object)


def _index_name(analysis) -> str:
    index = analysis.params["index"]
    return index["name"] if isinstance(index, dict) else index


def _frames(analysis, label):
    if getattr(analysis, "agreement", None) and label in analysis.agreement:
        return analysis.agreement[label], analysis.covotes[label]
    return analysis.graphs.frame(label)


def _analysis_csv(folder: Path, analysis, regions: dict):
    key, index = loader.analysis_key(analysis), _index_name(analysis)
    labels = list(analysis.graphs)
    order = dict(zip(analysis.blocs.drop_duplicates("window")["window"], range(len(labels))))
    # The same rows the Bolt loader sends (loader.window_rows), so both build one graph.
    node_parts, edge_parts = [], []
    for label in labels:
        rows = loader.window_rows(analysis, label, regions)
        table = pd.DataFrame(rows["nodes"])
        table["window"], table["order"] = label, order.get(label)
        node_parts.append(table)
        ids = table["id"].to_numpy()
        edge_parts.append(
            pd.DataFrame(
                {
                    "a": ids[rows["a"]] if rows["a"] else [],
                    "b": ids[rows["b"]] if rows["b"] else [],
                    "window": label,
                    "order": order.get(label),
                    "weight": np.asarray(rows["w"], dtype=float),
                    "n": np.asarray(rows["n"], dtype=np.int64),
                }
            )
        )
    cells = pd.concat(node_parts, ignore_index=True)
    aligned = pd.concat(edge_parts, ignore_index=True)
    counts = {}
    counts["CountryInWindow"] = _write(
        folder / "country_windows.csv",
        [
            "id:ID(CountryInWindow)",
            ":LABEL",
            "analysis",
            "index",
            "window",
            "window_order:long",
            "iso3",
            "partners:string[]",
            "agreement:double[]",
            "covotes:long[]",
            "degree:long",
        ],
        [
            _quote(cells["id"]),
            _quote(cells["labels"].map(";".join)),
            _quote(pd.Series(key, index=cells.index)),
            _quote(pd.Series(index, index=cells.index)),
            _quote(cells["window"]),
            _plain(cells["order"]),
            _quote(cells["iso3"]),
            _quote(cells["partners"].map(";".join)),
            _plain(cells["agreement"].map(lambda v: ";".join(map(repr, v)))),
            _plain(cells["covotes"].map(lambda v: ";".join(map(str, v)))),
            _plain(cells["degree"].astype(np.int64)),
        ],
    )
    counts["OF"] = _write(
        folder / "of.csv",
        [":START_ID(CountryInWindow)", ":END_ID(Country)"],
        [_quote(cells["id"]), _quote(cells["iso3"])],
    )
    counts["ALIGNED_WITH"] = _write(
        folder / "aligned.csv",
        [
            ":START_ID(CountryInWindow)",
            ":END_ID(CountryInWindow)",
            "analysis",
            "index",
            "window",
            "window_order:long",
            "weight:double",
            "n:long",
        ],
        [
            _quote(aligned["a"]),
            _quote(aligned["b"]),
            _quote(pd.Series(key, index=aligned.index)),
            _quote(pd.Series(index, index=aligned.index)),
            _quote(aligned["window"]),
            _plain(aligned["order"]),
            _plain(aligned["weight"]),
            _plain(aligned["n"]),
        ],
    )
    blocs = analysis.blocs
    bloc_id = key + "/" + index + "/" + blocs["window"] + "/" + blocs["bloc"].astype(str)
    counts["Bloc"] = _write(
        folder / "blocs.csv",
        [
            "id:ID(Bloc)",
            "analysis",
            "index",
            "window",
            "window_order:long",
            "bloc:long",
            "name",
            "caption",
            "size:long",
            "modularity:double",
            "start:date",
            "end:date",
            "rollcalls:long",
            *[f"{flag}:{kind}" for flag, kind in BLOC_FLAG_TYPES.items() if flag in blocs],
        ],
        [
            _quote(bloc_id),
            _quote(pd.Series(key, index=blocs.index)),
            _quote(pd.Series(index, index=blocs.index)),
            _quote(blocs["window"]),
            _plain(blocs["window"].map(order)),
            _plain(blocs["bloc"].astype(int)),
            _quote(blocs["name"]),
            _quote(blocs["window"] + ": " + blocs["name"]),
            _plain(blocs["size"].astype(int)),
            _plain(blocs["modularity"].astype(float)),
            _plain(blocs["start"].astype(str)),
            _plain(blocs["end"].astype(str)),
            _plain(blocs["rollcalls"].astype(int)),
            *[_flag(blocs[flag], kind) for flag, kind in BLOC_FLAG_TYPES.items() if flag in blocs],
        ],
    )
    metrics = [c for c in MEMBER_METRICS if c in analysis.nodes]
    flags = [c for c in ("unstable",) if c in analysis.nodes]
    nodes = analysis.nodes
    member_bloc = key + "/" + index + "/" + nodes["window"] + "/" + nodes["bloc"].astype(str)
    metric_columns = []
    for m in metrics:
        values = pd.to_numeric(nodes[m], errors="coerce").astype(float)
        metric_columns.append(_plain(values))
    counts["MEMBER_OF"] = _write(
        folder / "member_of.csv",
        [
            ":START_ID(Country)",
            ":END_ID(Bloc)",
            "window",
            *[f"{m}:double" for m in metrics],
            *[f"{f}:boolean" for f in flags],
        ],
        [
            _quote(nodes["iso3"]),
            _quote(member_bloc),
            _quote(nodes["window"]),
            *metric_columns,
            *[_plain(nodes[f].fillna(False).astype(bool)) for f in flags],
        ],
    )
    counts["IN_BLOC"] = _write(
        folder / "in_bloc.csv",
        [":START_ID(CountryInWindow)", ":END_ID(Bloc)"],
        [_quote(key + "/" + index + "/" + nodes["window"] + "/" + nodes["iso3"]), _quote(member_bloc)],
    )
    relationships = [
        ("OF", "of.csv"),
        ("ALIGNED_WITH", "aligned.csv"),
        ("MEMBER_OF", "member_of.csv"),
        ("IN_BLOC", "in_bloc.csv"),
    ]
    lineage = analysis.transitions.dropna(subset=["from_bloc", "to_bloc"])
    for event, rel in (("continue", "CONTINUES_AS"), ("split", "SPLITS_INTO"), ("merge", "MERGES_INTO")):
        rows = lineage[lineage["event"] == event]
        name = f"{rel.lower()}.csv"
        counts[rel] = _write(
            folder / name,
            [":START_ID(Bloc)", ":END_ID(Bloc)", "jaccard:double"],
            [
                _quote(key + "/" + index + "/" + rows["from_window"] + "/" + rows["from_bloc"].astype(int).astype(str)),
                _quote(key + "/" + index + "/" + rows["to_window"] + "/" + rows["to_bloc"].astype(int).astype(str)),
                _plain(rows["jaccard"].astype(float)),
            ],
        )
        relationships.append((rel, name))
    return [("Bloc", "blocs.csv"), ("CountryInWindow", "country_windows.csv")], relationships, counts


def _admin(base: Path, lib: Path, args: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEO4J_HOME": str(base), "NEO4J_CONF": str(base / "conf")}
    return subprocess.run(
        ["java", "-cp", f"{lib}/*", "org.neo4j.cli.AdminTool", *args], env=env, capture_output=True, text=True
    )


def _ports(base: Path) -> tuple[int, int]:
    conf = base / "conf" / "neo4j.conf"
    bolt, http = 7687, 7474
    if conf.exists():
        for line in conf.read_text().splitlines():
            if line.startswith("server.bolt.listen_address="):
                bolt = int(line.rsplit(":", 1)[1])
            elif line.startswith("server.http.listen_address="):
                http = int(line.rsplit(":", 1)[1])
    return bolt, http


def import_full(
    dataset,
    analysis=None,
    *,
    votes: bool = True,
    overwrite: bool = False,
    bolt_port: int | None = None,
    http_port: int | None = None,
    keep_csv: str | Path | None = None,
) -> dict:
    """Load ``dataset`` (and an ``analysis``) into the local server's database with the offline
    importer, then start the server and create the schema.

    The local server is the one of :func:`graphmodel.neo4j.server.home`; if it is running it
    is stopped first and started again on the same ports. Refuses a database that already holds
    nodes unless ``overwrite`` (the importer replaces the whole database). Returns the row counts
    and the time of each step (``csv``, ``import``, ``start``, ``schema``).
    """
    base = server.home()
    bolt, http = _ports(base)
    bolt, http = bolt_port or bolt, http_port or http
    timings = {}
    if server._running_pid(base):
        if not overwrite:
            driver = loader.connect(f"bolt://127.0.0.1:{bolt}")
            try:
                used = loader.run(driver, "MATCH (n) RETURN count(n) > 0 AS used")[0]["used"]
            finally:
                driver.close()
            if used:
                raise GraphmodelError(
                    "the database already holds a graph: the offline importer replaces it whole. "
                    "Use the Bolt loader (graphmodel neo4j load) or pass overwrite"
                )
        server.stop()
    elif (server.data_dir(base) / "databases" / loader.database()).exists() and not overwrite:
        raise GraphmodelError(
            f"{server.data_dir(base)} already has a database {loader.database()!r}: the offline importer "
            "replaces it whole. Start the server and use the Bolt loader, or pass overwrite"
        )
    lib = server.resolve_jars(base)
    server._write_config(base, bolt, http)
    folder = Path(keep_csv) if keep_csv else Path(tempfile.mkdtemp(prefix="graphmodel-import-"))
    try:
        started = time.perf_counter()
        plan = write_csv(folder, dataset, analysis, votes=votes)
        timings["csv"] = time.perf_counter() - started
        started = time.perf_counter()
        # The database name goes first: --nodes and --relationships take several files each.
        args = ["database", "import", "full", loader.database(), "--overwrite-destination=true"]
        args += ["--multiline-fields=true"]
        args += ["--id-type=string", "--threads=2", f"--report-file={folder / 'import.report'}"]
        args += [f"--nodes={label}={folder / name}" for label, name in plan["nodes"]]
        args += [f"--relationships={rel}={folder / name}" for rel, name in plan["relationships"]]
        result = _admin(base, lib, args)
        timings["import"] = time.perf_counter() - started
        if result.returncode != 0:
            raise GraphmodelError("neo4j-admin import failed:\n" + (result.stdout + result.stderr)[-3000:])
    finally:
        if not keep_csv:
            shutil.rmtree(folder, ignore_errors=True)
    if not (server.data_dir(base) / "dbms" / "auth.ini").exists():
        # server.start sets the password only for a brand-new data folder, and the import made one;
        # the server's own routine keeps it off the command line and stores it in the home folder.
        env = {**os.environ, "NEO4J_HOME": str(base), "NEO4J_CONF": str(base / "conf")}
        env.pop("NEO4J_PASSWORD", None)
        server._initial_password(base, f"{lib}/*", env)
    started = time.perf_counter()
    server.start(bolt_port=bolt, http_port=http)
    timings["start"] = time.perf_counter() - started
    started = time.perf_counter()
    driver = loader.connect(f"bolt://127.0.0.1:{bolt}")
    try:
        loader.create_schema(driver)
        loader.run(driver, "CALL db.awaitIndexes(600)")
        # Group memberships are a few hundred dated rows: written over Bolt exactly as the Bolt
        # loader writes them, rather than a second CSV path to keep in step.
        plan["counts"]["IN_GROUP"] = loader.load_groups(driver, dataset)
    finally:
        driver.close()
    timings["schema"] = time.perf_counter() - started
    return {"counts": plan["counts"], "seconds": timings}
