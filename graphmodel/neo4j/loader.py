"""Schema and idempotent bulk loading over Bolt: batched ``UNWIND`` with parameters. Nodes are
``MERGE``d on constrained keys; relationships of a roll call or a window are deleted and created
again in one transaction, so a second load (or a re-run after a killed one) changes nothing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ..countries import P5_SEATS, eu_periods
from ..errors import GraphmodelError
from . import server


def default_uri() -> str:
    """``NEO4J_URI``, else the Bolt port the project's server was last started on, else 7687."""
    if os.environ.get("NEO4J_URI"):
        return os.environ["NEO4J_URI"]
    ports = server.recorded_ports() or {}
    return f"bolt://127.0.0.1:{ports.get('bolt', 7687)}"


#: MEMBER_OF properties from Analysis.nodes (floats; absent when null); the bulk importer writes the same.
MEMBER_METRICS = (
    "strength",
    "eigenvector",
    "pagerank",
    "betweenness",
    "closeness",
    "participation",
    "stability",
    "cohesion",
    "fit",
    # Ideal points, when graphmodel.idealpoints.attach added them (any window: years map to sessions).
    "ideal",
    "ideal_lo",
    "ideal_hi",
)
#: Per-window columns of Analysis.blocs stored on each Bloc node (issue 11).
BLOC_FLAGS = ("representation", "z", "p", "significant", "ari", "stable", "partial", "coverage")


def _scalar(value):
    """A table cell as a Bolt-ready scalar: NaN/None → None, numpy types → Python."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def connect(uri: str | None = None, user: str | None = None, password: str | None = None):
    """A verified driver for ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD``.

    Without ``NEO4J_PASSWORD`` the password ``graphmodel neo4j start`` stored (mode 0600) in its
    home folder is used, and without ``NEO4J_URI`` the Bolt port that server was started on.
    """
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

    uri = uri or default_uri()
    user = user or os.environ.get("NEO4J_USER", "neo4j")
    password = password or os.environ.get("NEO4J_PASSWORD") or server.stored_password()
    if not password:
        raise GraphmodelError(
            f"no Neo4j password: set NEO4J_PASSWORD, or start the project's server with `graphmodel neo4j start` "
            f"(it stores one in {server.password_file()})"
        )
    try:
        driver = GraphDatabase.driver(uri, auth=(user, password))
    except (ValueError, Neo4jError) as exc:
        raise GraphmodelError(f"bad Neo4j address {uri!r}: {_first_line(exc)}") from None
    try:
        driver.verify_connectivity()
    except (ServiceUnavailable, OSError, ValueError, Neo4jError) as exc:
        driver.close()
        code = getattr(exc, "code", None) or ""
        if "RateLimit" in code or "too many times" in str(exc):
            raise GraphmodelError(
                f"Neo4j at {uri} refused user {user!r}: too many wrong passwords in a row, wait a few seconds"
            ) from None
        if isinstance(exc, AuthError) or "Unauthorized" in code:
            raise GraphmodelError(
                f"Neo4j at {uri} refused user {user!r}: wrong password (set NEO4J_PASSWORD)"
            ) from None
        raise GraphmodelError(
            f"cannot reach Neo4j at {uri}: {_first_line(exc)}. Start it with `graphmodel neo4j start` or set NEO4J_URI"
        ) from None
    return driver


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", None) or exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def server_error(exc: BaseException) -> GraphmodelError:
    """One line for any failure the driver or the server reports (no driver traceback)."""
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

    code = getattr(exc, "code", None)
    if isinstance(exc, (ServiceUnavailable, SessionExpired)) or exc.__class__.__name__ == "IncompleteCommit":
        return GraphmodelError(f"Neo4j connection lost ({exc.__class__.__name__}): {_first_line(exc)}")
    if isinstance(exc, AuthError):
        return GraphmodelError(f"Neo4j refused the credentials: {_first_line(exc)}")
    if code and "ParameterMissing" in code:
        return GraphmodelError(f"Neo4j: {_first_line(exc)} (pass it with -p KEY=VALUE)")
    if code and "DatabaseNotFound" in code:
        return GraphmodelError(f"unknown database {database()!r} (set NEO4J_DATABASE)")
    return GraphmodelError(f"Neo4j {code or exc.__class__.__name__}: {_first_line(exc)}")


def _clean_errors(function):
    """Turn driver and server exceptions raised inside ``function`` into one-line GraphmodelErrors."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            return function(*args, **kwargs)
        except (Neo4jError, DriverError) as exc:
            raise server_error(exc) from None

    return wrapper


def database() -> str:
    return os.environ.get("NEO4J_DATABASE", "neo4j")


@_clean_errors
def run(driver, query: str, **params):
    records, _, _ = driver.execute_query(query, params, database_=database())
    return records


@_clean_errors
def create_schema(driver) -> None:
    from ..paths import cypher_dir

    for statement in (cypher_dir() / "schema.cypher").read_text().split(";"):
        body = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("//")).strip()
        if body:
            run(driver, body)


def _batches(rows: list, size: int):
    for first in range(0, len(rows), size):
        yield rows[first : first + size]


def _grouped(frame: pd.DataFrame, key: str, columns: dict[str, str]) -> list[dict]:
    """One parameter row per ``key`` value holding parallel lists: far fewer maps to pack
    over Bolt than one map per row."""
    frame = frame.sort_values(key, kind="stable")
    keys = frame[key].astype(str).to_numpy()
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    lists = {short: frame[column].astype(str).to_numpy().tolist() for short, column in columns.items()}
    return [
        {"k": keys[a], **{short: values[a:b] for short, values in lists.items()}}
        for a, b in zip(starts.tolist(), ends.tolist())
    ]


def session_dates() -> list[dict]:
    """Opening and closing day of each regular GA session (``resources/ga_sessions.csv``; a session
    closes the day before the next one opens), as the Session nodes' ``start`` and ``end``.

    >>> [r for r in session_dates() if r["number"] == "79"]
    [{'number': '79', 'start': '2024-09-10', 'end': '2025-09-08'}]
    """
    from ..windows import ga_sessions

    table = ga_sessions()
    return [
        {"number": str(int(r.session)), "start": str(r.opened.date()), "end": str(r.closes.date())}
        for r in table.itertuples()
    ]


def _country_rows(dataset) -> list[dict]:
    eu = eu_periods()
    seats = {iso3: (start, end) for iso3, start, end in P5_SEATS}
    table = dataset.countries
    rows = []
    for row in table.itertuples():
        joined, left = eu.get(row.iso3, (None, None))
        p5_from, p5_to = seats.get(row.iso3, (None, None))
        rows.append(
            {
                "iso3": row.iso3,
                "name": row.name,
                "regional_group": row.regional_group,
                "admitted": str(pd.Timestamp(row.admitted).date()),
                "left": None if pd.isna(row.left) else str(pd.Timestamp(row.left).date()),
                "continuity": row.continuity or None,
                "eu_joined": joined,
                "eu_left": left,
                "p5_from": p5_from,
                "p5_to": p5_to,
                "region": region_label(row.regional_group),
            }
        )
    return rows


@_clean_errors
def load_rollcalls(driver, dataset, *, votes: bool = True, batch_size: int = 400, progress=None) -> dict:
    """Countries, roll calls, sessions and (optionally) every VOTED relationship.

    VOTED is written per roll call: its old votes are deleted and the new ones created in the
    same transaction, so a load killed midway leaves whole roll calls only, and a re-run
    converges to the same graph (CREATE is several times faster than MERGE on relationships).
    """
    create_schema(driver)
    rows = _country_rows(dataset)
    run(
        driver,
        """UNWIND $rows AS row MERGE (c:Country {iso3: row.iso3})
                   SET c.name = row.name, c.regional_group = row.regional_group,
                       c.admitted = date(row.admitted), c.left = date(row.left), c.continuity = row.continuity,
                       c.eu_joined = date(row.eu_joined), c.eu_left = date(row.eu_left),
                       c.p5_from = date(row.p5_from), c.p5_to = date(row.p5_to)
                   SET c:$(row.region)""",
        rows=rows,
    )
    calls = dataset.rollcalls
    call_rows = (
        pd.DataFrame(
            {
                "id": calls["rollcall_id"],
                "body": calls["body"],
                "session": calls["session"].fillna(""),
                "session_no": calls["session_no"].astype(int),
                "date": calls["date"].dt.strftime("%Y-%m-%d"),
                "symbol": calls["symbol"],
                "draft": calls["draft"],
                "title": calls["title"].fillna(""),
                "outcome": calls["outcome"].fillna(""),
                "amend": calls["amend"].fillna(False).astype(bool),
                "para": calls["para"].fillna(False).astype(bool),
                "important": calls["important"].fillna(False).astype(bool),
                "issues": calls["issues"].fillna(""),
                "yes": calls["yes"].astype("float").where(calls["yes"].notna(), None),
                "no": calls["no"].astype("float").where(calls["no"].notna(), None),
                "abstain": calls["abstain"].astype("float").where(calls["abstain"].notna(), None),
            }
        )
        .astype(object)
        .where(lambda d: d.notna(), None)
        .to_dict("records")
    )
    for batch in _batches(call_rows, 5_000):
        run(
            driver,
            """UNWIND $rows AS row
                       MERGE (r:RollCall {id: row.id})
                       SET r += row, r.date = date(row.date)
                       MERGE (s:Session {body: row.body, number: row.session})
                       MERGE (r)-[:IN_SESSION]->(s)""",
            rows=batch,
        )
    run(
        driver,
        """UNWIND $rows AS row MATCH (s:Session {body: "GA", number: row.number})
                   SET s.start = date(row.start), s.end = date(row.end)""",
        rows=session_dates(),
    )
    written = {"countries": len(rows), "rollcalls": len(call_rows), "group_memberships": load_groups(driver, dataset)}
    if votes:
        written["votes"] = load_votes(driver, dataset.votes, batch_size=batch_size, progress=progress)
    return written


@_clean_errors
def load_votes(driver, votes: pd.DataFrame, *, batch_size: int = 400, progress=None) -> int:
    """VOTED relationships for the roll calls in ``votes`` (their Country and RollCall nodes must
    exist); each roll call's old votes are replaced in the same transaction."""
    codes = sorted(votes["iso3"].astype(str).unique())
    position = {c: i for i, c in enumerate(codes)}
    grouped = _grouped(votes, "rollcall_id", {"c": "iso3", "v": "vote"})
    for row in grouped:
        row["c"] = [position[c] for c in row["c"]]
    known = {
        r["iso3"] for r in run(driver, "MATCH (c:Country) WHERE c.iso3 IN $codes RETURN c.iso3 AS iso3", codes=codes)
    }
    if known != set(codes):
        raise GraphmodelError(f"votes name countries missing from the graph: {sorted(set(codes) - known)}")
    batches = list(_batches(grouped, batch_size))
    for batch in progress(batches, desc="VOTED", unit="batch") if progress else batches:
        run(driver, VOTED_QUERY, rows=batch, codes=codes)
    return len(votes)


# Country nodes are looked up once per batch into a list, and each row points into it by
# position: one index seek per country instead of one per relationship.
VOTED_QUERY = """UNWIND $codes AS code
MATCH (c:Country {iso3: code})
WITH collect(c) AS countries
UNWIND $rows AS row
MATCH (r:RollCall {id: row.k})
CALL (r) { MATCH (r)<-[old:VOTED]-() DELETE old }
WITH countries, r, row
UNWIND range(0, size(row.c) - 1) AS i
WITH countries[row.c[i]] AS c, r, row.v[i] AS vote
CREATE (c)-[:VOTED {vote: vote}]->(r)"""

# One window of one run in one transaction: its CountryInWindow nodes (with the whole agreement
# row as parallel lists) are replaced, each tied to its Country by OF, and only the backbone edges
# become ALIGNED_WITH relationships, between the window's own nodes. Country nodes therefore carry
# no alignment at all, so a Browser query returning countries never drags in other windows' edges.
WINDOW_QUERY = """CALL () {
  MATCH (old:CountryInWindow {analysis: $analysis, index: $index, window: $window}) DETACH DELETE old
}
UNWIND $nodes AS row
MATCH (c:Country {iso3: row.iso3})
CREATE (w:CountryInWindow {id: row.id, analysis: $analysis, index: $index, window: $window,
                           window_order: $order, iso3: row.iso3, partners: row.partners,
                           agreement: row.agreement, covotes: row.covotes, degree: row.degree})-[:OF]->(c)
SET w:$(row.labels)
WITH collect(w) AS nodes
UNWIND range(0, size($a) - 1) AS i
WITH nodes[$a[i]] AS a, nodes[$b[i]] AS b, i
CREATE (a)-[:ALIGNED_WITH {analysis: $analysis, index: $index, window: $window, window_order: $order,
                          weight: $w[i], n: $n[i]}]->(b)"""

#: Extra labels the Browser's style keys on (GraSS selects by label only, never by a property):
#: the UN regional group colours a country, and ``Hub`` enlarges the best-connected backbone nodes.
REGION_LABELS = {
    "African": "African",
    "Asia-Pacific": "AsiaPacific",
    "Eastern European": "EasternEuropean",
    "Latin American and Caribbean": "LatinAmerican",
    "Western European and Others": "WesternEuropean",
}
#: Labels that only style the Browser view (not kinds of node).
STYLE_LABELS = [*REGION_LABELS.values(), "NoGroup", "Hub"]
#: Share of a window's countries, by backbone degree, labelled ``Hub``.
HUB_SHARE = 0.1


def region_label(group) -> str:
    """The style label of a regional group (``NoGroup`` for a country outside the five groups).

    >>> region_label("Western European and Others"), region_label(None)
    ('WesternEuropean', 'NoGroup')
    """
    return REGION_LABELS.get(group, "NoGroup") if isinstance(group, str) else "NoGroup"


def window_rows(analysis, label: str, regions: dict) -> dict:
    """The parameters of :data:`WINDOW_QUERY` for one window: one row per country (its defined
    agreements and co-votes as parallel lists, partners in the matrix order) and the backbone
    edges as positions into those rows (i < j, the upper triangle)."""
    values, n = _window_frames(analysis, label)
    codes = list(values.index)
    w = values.to_numpy()
    covotes = n.to_numpy()
    defined = ~np.isnan(w)
    np.fill_diagonal(defined, False)
    skeleton = analysis.backbones[label]
    on = nx.to_numpy_array(skeleton, nodelist=codes, weight=None) > 0
    degree = on.sum(axis=1).astype(int)
    # Hubs: the top HUB_SHARE of the window by backbone degree (ties at the cut all included).
    cut = np.sort(degree)[::-1][max(int(np.ceil(HUB_SHARE * len(codes))) - 1, 0)] if codes else 0
    key = f"{analysis_key(analysis)}/{analysis.params['index']['name']}/{label}"
    nodes = []
    for p, code in enumerate(codes):
        row = defined[p]
        labels = [region_label(regions.get(code))] + (["Hub"] if degree[p] >= max(cut, 1) else [])
        nodes.append(
            {
                "id": f"{key}/{code}",
                "iso3": code,
                "partners": [codes[q] for q in np.flatnonzero(row)],
                "agreement": w[p, row].tolist(),
                "covotes": covotes[p, row].astype(int).tolist(),
                "degree": int(degree[p]),
                "labels": labels,
            }
        )
    i, j = np.nonzero(np.triu(on & defined, k=1))
    return {
        "nodes": nodes,
        "a": i.tolist(),
        "b": j.tolist(),
        "w": w[i, j].tolist(),
        "n": covotes[i, j].astype(int).tolist(),
        "pairs": int(np.triu(defined, k=1).sum()),
    }


def _window_frames(analysis, label):
    if getattr(analysis, "agreement", None) and label in analysis.agreement:
        return analysis.agreement[label], analysis.covotes[label]
    return analysis.graphs.frame(label)


def analysis_key(analysis) -> str:
    """Label of a run in the graph, e.g. ``GA by session``: ALIGNED_WITH and Bloc carry it."""
    windows = analysis.params["windows"]
    return f"{windows['body']} by {windows['by']}"


@_clean_errors
def load_analysis(driver, analysis, *, progress=None) -> dict:
    """One run's alignment, blocs and lineage:
    ``(:CountryInWindow {partners, agreement, covotes, degree})-[:OF]->(:Country)`` per window and
    country (the whole agreement row as parallel lists), ALIGNED_WITH between a window's own nodes
    for its backbone edges only, Bloc, MEMBER_OF (Country to Bloc, with the node metrics), IN_BLOC
    (CountryInWindow to Bloc), and CONTINUES_AS, SPLITS_INTO, MERGES_INTO between blocs.

    Idempotent: the run's previous blocs and the alignment of each window are replaced, not added.
    Countries use continuing seats (the USSR's votes count for RUS), as the analysis does.
    """
    create_schema(driver)
    key, index = analysis_key(analysis), analysis.params["index"]["name"]
    labels = list(analysis.graphs)
    run(
        driver,
        """MATCH (old:CountryInWindow {analysis: $analysis, index: $index})
                   WHERE NOT old.window IN $windows DETACH DELETE old""",
        analysis=key,
        index=index,
        windows=labels,
    )
    regions = {
        r["iso3"]: r["group"] for r in run(driver, "MATCH (c:Country) RETURN c.iso3 AS iso3, c.regional_group AS group")
    }
    edges = pairs = nodes_written = 0
    iterator = progress(labels, desc="windows", unit="window") if progress else labels
    order = dict(zip(analysis.blocs.drop_duplicates("window")["window"], range(len(labels))))
    for label in iterator:
        rows = window_rows(analysis, label, regions)
        pairs += rows.pop("pairs")
        run(driver, WINDOW_QUERY, analysis=key, index=index, window=label, order=order.get(label), **rows)
        edges += len(rows["a"])
        nodes_written += len(rows["nodes"])
    blocs = analysis.blocs.assign(id=lambda d: key + "/" + index + "/" + d["window"] + "/" + d["bloc"].astype(str))
    bloc_rows = [
        {
            "id": r.id,
            "window": r.window,
            "order": order[r.window],
            "bloc": int(r.bloc),
            "name": r.name,
            # The Browser shows one property as a node's caption: the window first, so it survives truncation.
            "caption": f"{r.window}: {r.name}",
            "size": int(r.size),
            "members": list(r.members),
            "modularity": float(r.modularity),
            "start": str(r.start),
            "end": str(r.end),
            "rollcalls": int(r.rollcalls),
            # significance and stability of the window's partition (null when not computed)
            **{f: _scalar(getattr(r, f, None)) for f in BLOC_FLAGS},
        }
        for r in blocs.itertuples()
    ]
    run(
        driver,
        """MATCH (b:Bloc {analysis: $analysis, index: $index})
                   CALL (b) { DETACH DELETE b }""",
        analysis=key,
        index=index,
    )
    run(
        driver,
        """UNWIND $rows AS row
                   CREATE (b:Bloc {id: row.id, analysis: $analysis, index: $index, window: row.window,
                                   window_order: row.order, bloc: row.bloc, name: row.name, caption: row.caption,
                                   size: row.size,
                                   modularity: row.modularity, start: date(row.start), end: date(row.end),
                                   rollcalls: row.rollcalls, representation: row.representation, z: row.z,
                                   p: row.p, significant: row.significant, ari: row.ari, stable: row.stable,
                                   partial: row.partial, coverage: row.coverage})""",
        rows=bloc_rows,
        analysis=key,
        index=index,
    )
    metrics = [c for c in MEMBER_METRICS if c in analysis.nodes]
    flags = [c for c in ("unstable",) if c in analysis.nodes]
    nodes = analysis.nodes.assign(bloc_id=lambda d: key + "/" + index + "/" + d["window"] + "/" + d["bloc"].astype(str))
    member_rows = [
        {
            "iso3": r["iso3"],
            "bloc": r["bloc_id"],
            "window": r["window"],
            **{m: (None if pd.isna(r[m]) else float(r[m])) for m in metrics},
            **{f: bool(r[f]) for f in flags},
        }
        for r in nodes[["iso3", "bloc_id", "window", *metrics, *flags]].to_dict("records")
    ]
    for batch in _batches(member_rows, 5_000):
        run(
            driver,
            """UNWIND $rows AS row
                       MATCH (c:Country {iso3: row.iso3}) MATCH (b:Bloc {id: row.bloc})
                       CREATE (c)-[m:MEMBER_OF]->(b) SET m = row, m.iso3 = null, m.bloc = null""",
            rows=batch,
        )
        # The per-window node sits in its bloc too, so one window's graph view shows its blocs.
        run(
            driver,
            """UNWIND $rows AS row
                       MATCH (w:CountryInWindow {id: $prefix + row.window + "/" + row.iso3}) MATCH (b:Bloc {id: row.bloc})
                       CREATE (w)-[:IN_BLOC]->(b)""",
            rows=[{"iso3": r["iso3"], "window": r["window"], "bloc": r["bloc"]} for r in batch],
            prefix=f"{key}/{index}/",
        )
    lineage = analysis.transitions.dropna(subset=["from_bloc", "to_bloc"])
    lineage_rows = [
        {
            "from": f"{key}/{index}/{r.from_window}/{int(r.from_bloc)}",
            "to": f"{key}/{index}/{r.to_window}/{int(r.to_bloc)}",
            "jaccard": float(r.jaccard),
            "event": r.event,
        }
        for r in lineage.itertuples()
    ]
    for event, rel in (("continue", "CONTINUES_AS"), ("split", "SPLITS_INTO"), ("merge", "MERGES_INTO")):
        rows = [r for r in lineage_rows if r["event"] == event]
        # A relationship type cannot be a parameter; it comes from this fixed table, never from input.
        run(
            driver,
            f"""UNWIND $rows AS row MATCH (a:Bloc {{id: row.from}}) MATCH (b:Bloc {{id: row.to}})
                        CREATE (a)-[:{rel} {{jaccard: row.jaccard}}]->(b)""",
            rows=rows,
        )
    return {
        "analysis": key,
        "index": index,
        "windows": len(labels),
        "CountryInWindow": nodes_written,
        "pairs": pairs,
        "ALIGNED_WITH": edges,
        "Bloc": len(bloc_rows),
        "MEMBER_OF": len(member_rows),
        "lineage": len(lineage_rows),
    }


@_clean_errors
def load_idealpoints(driver, estimates: pd.DataFrame) -> int:
    """``(:Country)-[:POSITION {ideal, lo, hi, n_votes, year}]->(:Session {body: "GA"})`` for every
    row of :func:`graphmodel.idealpoints.estimate` (continuing seats merged: the USSR is RUS).
    Earlier POSITION relationships are replaced in the same transaction."""
    rows = [
        {
            "iso3": r["iso3"],
            "session": str(int(r["session"])),
            "year": int(r["year"]),
            "ideal": float(r["ideal"]),
            "lo": None if pd.isna(r["lo"]) else float(r["lo"]),
            "hi": None if pd.isna(r["hi"]) else float(r["hi"]),
            "n_votes": int(r["n_votes"]),
        }
        for r in estimates[["iso3", "session", "year", "ideal", "lo", "hi", "n_votes"]].to_dict("records")
    ]

    def write(tx):
        tx.run("MATCH (:Country)-[p:POSITION]->(:Session) DELETE p").consume()
        for batch in _batches(rows, 5_000):
            tx.run(
                """UNWIND $rows AS row
                   MATCH (c:Country {iso3: row.iso3})
                   MERGE (s:Session {body: "GA", number: row.session})
                   CREATE (c)-[p:POSITION]->(s) SET p = row, p.iso3 = null, p.session = null""",
                rows=batch,
            ).consume()

    with driver.session(database=database()) as session:
        session.execute_write(write)
    return len(rows)


def read_query(path) -> tuple[str, dict | None]:
    """A query file's text and its ``// :params {...}`` preset (Browser syntax), None without one."""
    path = Path(path)
    if not path.is_file():
        raise GraphmodelError(f"no such Cypher file: {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphmodelError(f"{path}: cannot read ({exc})") from None
    params = None
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("// :params"):
            literal = stripped[len("// :params") :].strip()
            as_json = re.sub(r"([{,]\s*)([A-Za-z_]\w*)\s*:", r'\1"\2":', literal)
            try:
                params = json.loads(as_json)
            except json.JSONDecodeError as exc:
                raise GraphmodelError(f"{path}:{number}: cannot read the :params preset {literal!r}: {exc}") from None
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//")).strip()
    return body, params


def split_statements(text: str) -> list[str]:
    """Cypher statements separated by ``;`` outside quotes, backticks and comments."""
    statements, current, quote, i = [], [], None, 0
    while i < len(text):
        c = text[i]
        if quote:
            current.append(c)
            if c == "\\" and quote != "`" and i + 1 < len(text):
                current.append(text[i + 1])
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"`":
            quote = c
            current.append(c)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif c == ";":
            statements.append("".join(current).strip())
            current = []
        else:
            current.append(c)
        i += 1
    statements.append("".join(current).strip())
    return [s for s in statements if s]


def coerce(value, preset, key: str):
    """``value`` given as text (``-p key=value``) in the type of the preset's value.

    '79' stays the string '79' when the preset is "80", and becomes 79 when it is 10; without a
    preset the text is read as JSON when it parses (numbers, lists, true/false), else kept.
    """
    if not isinstance(value, str):
        if isinstance(preset, str) and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # a CLI that already parsed '79' as JSON: the query wants text
        return value
    if preset is None:
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    if isinstance(preset, str):
        return value
    try:
        if isinstance(preset, bool):
            if value.lower() not in ("true", "false"):
                raise ValueError
            return value.lower() == "true"
        if isinstance(preset, int):
            return int(value)
        if isinstance(preset, float):
            return float(value)
        parsed = json.loads(value)
        if not isinstance(parsed, type(preset)):
            raise ValueError
        return parsed
    except (ValueError, json.JSONDecodeError):
        kind = type(preset).__name__
        raise GraphmodelError(f"parameter {key}={value!r}: expected {kind} like the preset ({preset!r})") from None


@_clean_errors
def run_file(driver, path, **overrides) -> list:
    """Run a Cypher file statement by statement with its preset parameters and ``overrides``.

    Returns the rows of the last statement. A file with a ``:params`` preset takes only the keys
    it names; a file without one takes any. A parameter a statement uses but nobody gave is an
    error before anything runs.
    """
    text, preset = read_query(path)
    name = Path(path).name
    if preset is not None:
        unknown = set(overrides) - set(preset)
        if unknown:
            raise GraphmodelError(f"{name} takes parameters {sorted(preset)}, not {sorted(unknown)}")
    params = dict(preset or {})
    for key, value in overrides.items():
        params[key] = coerce(value, (preset or {}).get(key), key)
    statements = split_statements(text)
    if not statements:
        raise GraphmodelError(f"{name}: no Cypher statement in the file")
    needed = {m for st in statements for m in re.findall(r"\$(\w+)", re.sub(r"'[^']*'|\"[^\"]*\"", "", st))}
    missing = sorted(needed - set(params))
    if missing:
        raise GraphmodelError(f"{name} needs parameter(s) {', '.join(missing)}: pass -p KEY=VALUE")
    records = []
    for number, statement in enumerate(statements, 1):
        used = set(re.findall(r"\$(\w+)", statement))
        try:
            records = run(driver, statement, **{k: v for k, v in params.items() if k in used})
        except GraphmodelError as exc:
            where = f" (statement {number} of {len(statements)})" if len(statements) > 1 else ""
            raise GraphmodelError(f"{name}{where}: {exc}") from None
    return records


@_clean_errors
def load_groups(driver, dataset) -> int:
    """``(:Country)-[:IN_GROUP {from, to}]->(:Group {name})`` for every dated group membership
    (:mod:`graphmodel.groups`) of a country in the dataset; replaced as a whole, so re-loading converges."""
    from ..groups import memberships

    table = memberships()
    table = table[table["iso3"].isin(set(dataset.countries["iso3"]))]
    rows = [
        {
            "group": r.group,
            "iso3": r.iso3,
            "from": str(pd.Timestamp(r._3).date()),
            "to": None if pd.isna(r.to) else str(pd.Timestamp(r.to).date()),
        }
        for r in table.itertuples()
    ]
    run(driver, "MATCH (:Country)-[g:IN_GROUP]->(:Group) DELETE g")
    run(
        driver,
        """UNWIND $rows AS row
           MERGE (g:Group {name: row.group})
           WITH g, row MATCH (c:Country {iso3: row.iso3})
           CREATE (c)-[:IN_GROUP {from: date(row.from), to: date(row.to)}]->(g)""",
        rows=rows,
    )
    return len(rows)


@_clean_errors
def clear_idealpoints(driver) -> None:
    """Remove every POSITION relationship and the Session nodes that only positions used."""
    run(driver, "MATCH ()-[p:POSITION]->() DELETE p")
    run(driver, "MATCH (s:Session) WHERE NOT (s)<-[:IN_SESSION]-() AND NOT (s)<-[:POSITION]-() DELETE s")


@_clean_errors
def clear(driver) -> None:
    """Delete every node and relationship, in batches (an auto-commit transaction is required)."""
    with driver.session(database=database()) as session:
        # Relationships first: detaching a Country drags its ~7,000 VOTED edges into one batch.
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


@_clean_errors
def counts(driver) -> dict:
    # Style labels (region, Hub) are left out: each node is counted once, under its own kind.
    nodes = run(
        driver,
        "MATCH (n) UNWIND labels(n) AS label WITH label, n WHERE NOT label IN $style RETURN label, count(*) AS n",
        style=STYLE_LABELS,
    )
    rels = run(driver, "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
    return {**{r["label"]: r["n"] for r in nodes}, **{r["type"]: r["n"] for r in rels}}


# ----------------------------------------------------------------------------- sponsorships (issue 16)

SPONSORED_QUERY = """UNWIND $codes AS code
MATCH (c:Country {iso3: code})
WITH collect(c) AS countries
UNWIND $rows AS row
MATCH (res:Resolution {symbol: row.k})
CALL (res) { MATCH (res)<-[old:SPONSORED]-() DELETE old }
WITH countries, res, row
UNWIND range(0, size(row.c) - 1) AS i
WITH countries[row.c[i]] AS c, res, row.r[i] AS role, row.v[i] AS via
CREATE (c)-[:SPONSORED {role: role, via: via}]->(res)"""


@_clean_errors
def load_sponsorships(driver, dataset, *, batch_size: int = 200) -> dict:
    """``(:Country)-[:SPONSORED {role, via}]->(:Resolution {symbol, session, session_no, date,
    recorded})`` for every row of ``dataset.sponsorships``, and ``(:Resolution)-[:RECORDED_AS]->
    (:RollCall)`` where the resolution's vote is recorded. Country and RollCall nodes must exist
    (:func:`load_rollcalls`). Each resolution's sponsors are replaced in one transaction, so
    loading twice leaves the same graph. ``via`` is the group a member was reached through
    (null when named). Returns the counts written."""
    table = dataset.sponsorships
    if table.empty:
        raise GraphmodelError("this dataset has no sponsorships (rebuild it with `graphmodel data build`)")
    create_schema(driver)  # one schema for every path: cypher/schema.cypher holds the Resolution key too
    resolutions = table.drop_duplicates("symbol")
    rows = [
        {
            "symbol": r.symbol,
            "session": r.session,
            "session_no": int(r.session_no),
            "date": str(pd.Timestamp(r.date).date()),
            "recorded": bool(r.recorded),
            "rollcall_id": None if pd.isna(r.rollcall_id) else r.rollcall_id,
        }
        for r in resolutions.itertuples()
    ]
    for batch in _batches(rows, 1_000):
        run(
            driver,
            """UNWIND $rows AS row
               MERGE (res:Resolution {symbol: row.symbol})
               SET res.session = row.session, res.session_no = row.session_no, res.date = date(row.date),
                   res.recorded = row.recorded
               WITH res, row
               CALL (res) { MATCH (res)-[old:RECORDED_AS]->() DELETE old }
               WITH res, row WHERE row.rollcall_id IS NOT NULL
               MATCH (r:RollCall {id: row.rollcall_id})
               CREATE (res)-[:RECORDED_AS]->(r)""",
            rows=batch,
        )
    codes = sorted(table["iso3"].astype(str).unique())
    position = {c: i for i, c in enumerate(codes)}
    frame = table.assign(via=table["via"].fillna(""))
    grouped = _grouped(frame, "symbol", {"c": "iso3", "r": "role", "v": "via"})
    for row in grouped:
        row["c"] = [position[c] for c in row["c"]]
        row["v"] = [v or None for v in row["v"]]
    known = {
        r["iso3"] for r in run(driver, "MATCH (c:Country) WHERE c.iso3 IN $codes RETURN c.iso3 AS iso3", codes=codes)
    }
    if known != set(codes):
        raise GraphmodelError(f"sponsorships name countries missing from the graph: {sorted(set(codes) - known)}")
    for batch in _batches(grouped, batch_size):
        run(driver, SPONSORED_QUERY, rows=batch, codes=codes)
    linked = run(driver, "MATCH (:Resolution)-[x:RECORDED_AS]->(:RollCall) RETURN count(x) AS n")[0]["n"]
    return {"resolutions": len(rows), "sponsored": len(table), "recorded_as": linked}


@_clean_errors
def load_cosponsor_blocs(driver, result) -> int:
    """One session's co-sponsorship blocs (:func:`graphmodel.cosponsorship.cosponsorship`) as
    ``(:Country)-[:IN_SPONSOR_BLOC {strength, eigenvector, betweenness, sponsored}]->(:SponsorBloc
    {id, session, bloc, name, size, modularity, ari, z, p, significant})``, the last three from the
    co-sponsorship null (null when not tested); the session's earlier blocs are replaced."""
    session = result.session
    run(driver, "MATCH (b:SponsorBloc {session: $session}) DETACH DELETE b", session=session)
    blocs = [
        {"id": f"cosponsor:{session}:{int(r.bloc)}", "bloc": int(r.bloc), "name": r.name, "size": int(r.size)}
        for r in result.blocs.itertuples()
    ]
    run(
        driver,
        """UNWIND $blocs AS b
           CREATE (:SponsorBloc {id: b.id, session: $session, bloc: b.bloc, name: b.name, size: b.size,
                                 modularity: $modularity, ari: $ari, z: $z, p: $p, significant: $significant})""",
        blocs=blocs,
        session=session,
        modularity=float(result.params["modularity"]),
        ari=None if np.isnan(result.ari) else float(result.ari),
        z=result.params.get("z"),
        p=result.params.get("p"),
        significant=result.params.get("significant"),
    )
    members = [
        {
            "iso3": r.iso3,
            "id": f"cosponsor:{session}:{int(r.bloc)}",
            "strength": float(r.strength),
            "eigenvector": float(r.eigenvector),
            "betweenness": float(r.betweenness),
            "sponsored": int(r.sponsored),
        }
        for r in result.nodes.itertuples()
    ]
    run(
        driver,
        """UNWIND $rows AS row
           MATCH (c:Country {iso3: row.iso3}), (b:SponsorBloc {id: row.id})
           CREATE (c)-[:IN_SPONSOR_BLOC {strength: row.strength, eigenvector: row.eigenvector,
                                         betweenness: row.betweenness, sponsored: row.sponsored}]->(b)""",
        rows=members,
    )
    return len(members)


@_clean_errors
def clear_sponsorships(driver) -> None:
    """Remove every Resolution, SponsorBloc and their relationships (SPONSORED, RECORDED_AS,
    IN_SPONSOR_BLOC); the votes graph is left as it was."""
    run(driver, "MATCH (b:SponsorBloc) DETACH DELETE b")
    # ~100,000 SPONSORED edges: deleted in batches, which needs an auto-commit transaction.
    with driver.session(database=database()) as session:
        session.run("MATCH ()-[s:SPONSORED]->() CALL (s) { DELETE s } IN TRANSACTIONS OF 20000 ROWS").consume()
    run(driver, "MATCH (r:Resolution) DETACH DELETE r")


@_clean_errors
def load_consensus(driver, dataset) -> int:
    """GA resolutions adopted without a vote (:mod:`graphmodel.consensus`) as ``RollCall`` nodes
    with ``recorded: false``, in their ``Session``; only those whose symbol is not already a
    recorded roll call of ``dataset`` (the same set ``--with-consensus`` adds to an analysis).

    They get no ``VOTED`` relationships: attendance at an adoption without a vote is not
    recorded, and the Häge–Hug reading (every member present agrees) is the analysis's to apply.
    So every query that walks ``VOTED`` counts recorded votes only, with or without them.
    Re-loading converges (MERGE on the id); :func:`clear_consensus` removes them.
    """
    from ..consensus import with_consensus

    calls = with_consensus(dataset.rollcalls)
    calls = calls[~calls["recorded"].astype(bool)]
    rows = [
        {
            "id": r.rollcall_id,
            "body": "GA",
            "session": str(r.session or ""),
            "session_no": int(r.session_no),
            "date": r.date.strftime("%Y-%m-%d"),
            "symbol": r.symbol,
            "draft": r.draft or None,
            "title": r.title or "",
            "subjects": r.subjects or "",
            "outcome": r.outcome,
            "amend": False,
            "para": False,
            "important": False,
            "issues": "",
            "recorded": False,
        }
        for r in calls.itertuples()
    ]
    for batch in _batches(rows, 5_000):
        run(
            driver,
            """UNWIND $rows AS row
               MERGE (r:RollCall {id: row.id})
               SET r += row, r.date = date(row.date)
               MERGE (s:Session {body: row.body, number: row.session})
               MERGE (r)-[:IN_SESSION]->(s)""",
            rows=batch,
        )
    return len(rows)


@_clean_errors
def clear_consensus(driver) -> None:
    """Remove the ``recorded: false`` roll calls and the Session nodes only they used."""
    run(driver, "MATCH (r:RollCall {recorded: false}) DETACH DELETE r")
    run(driver, "MATCH (s:Session) WHERE NOT (s)<-[:IN_SESSION]-() AND NOT (s)<-[:POSITION]-() DELETE s")
