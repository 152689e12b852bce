"""Schema and idempotent bulk loading over Bolt: batched ``UNWIND`` with parameters, ``MERGE``
on constrained keys, so a second load (or a re-run after a killed one) changes nothing.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import GraphmodelError
from .server import DEFAULT_PASSWORD

SCHEMA = Path(__file__).resolve().parents[2] / "cypher" / "schema.cypher"


def connect(uri: str | None = None, user: str | None = None, password: str | None = None):
    """A driver for ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` (local defaults), verified."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, ServiceUnavailable

    uri = uri or os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    user = user or os.environ.get("NEO4J_USER", "neo4j")
    password = password or os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD)
    driver = GraphDatabase.driver(uri, auth=(user, password))
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise GraphmodelError(f"Neo4j at {uri} refused user {user!r}: wrong password (set NEO4J_PASSWORD)") from None
    except (ServiceUnavailable, OSError, ValueError) as exc:
        driver.close()
        raise GraphmodelError(f"cannot reach Neo4j at {uri}: {exc}. Start it with `graphmodel neo4j start` "
                              "or set NEO4J_URI") from None
    return driver


def database() -> str:
    return os.environ.get("NEO4J_DATABASE", "neo4j")


def run(driver, query: str, **params):
    from neo4j.exceptions import ClientError

    try:
        records, _, _ = driver.execute_query(query, params, database_=database())
    except ClientError as exc:
        if "DatabaseNotFound" in (exc.code or ""):
            raise GraphmodelError(f"unknown database {database()!r} (set NEO4J_DATABASE)") from None
        raise
    return records


def create_schema(driver) -> None:
    for statement in SCHEMA.read_text().split(";"):
        body = "\n".join(line for line in statement.splitlines() if not line.strip().startswith("//")).strip()
        if body:
            run(driver, body)


def _batches(rows: list[dict], size: int):
    for first in range(0, len(rows), size):
        yield rows[first:first + size]


def load_dataset(driver, dataset, *, votes: bool = True, batch_size: int = 20_000, progress=None) -> dict:
    """Countries, roll calls, sessions and (optionally) every VOTED relationship."""
    create_schema(driver)
    countries = dataset.countries.assign(admitted=lambda d: d["admitted"].astype(str),
                                         left=lambda d: d["left"].astype(str).replace("None", None))
    rows = countries[["iso3", "name", "regional_group", "admitted", "left", "continuity"]].to_dict("records")
    run(driver, """UNWIND $rows AS row MERGE (c:Country {iso3: row.iso3})
                   SET c.name = row.name, c.regional_group = row.regional_group,
                       c.admitted = row.admitted, c.left = row.left, c.continuity = row.continuity""", rows=rows)
    calls = dataset.rollcalls
    call_rows = pd.DataFrame({
        "id": calls["rollcall_id"], "body": calls["body"], "session": calls["session"].fillna(""),
        "session_no": calls["session_no"].astype(int), "date": calls["date"].dt.strftime("%Y-%m-%d"),
        "symbol": calls["symbol"].fillna(""), "title": calls["title"].fillna(""),
        "outcome": calls["outcome"].fillna(""), "amend": calls["amend"].fillna(False).astype(bool),
        "para": calls["para"].fillna(False).astype(bool), "important": calls["important"].fillna(False).astype(bool),
        "yes": calls["yes"].astype("float").where(calls["yes"].notna(), None),
        "no": calls["no"].astype("float").where(calls["no"].notna(), None),
        "abstain": calls["abstain"].astype("float").where(calls["abstain"].notna(), None),
    }).astype(object).where(lambda d: d.notna(), None).to_dict("records")
    for batch in _batches(call_rows, 5_000):
        run(driver, """UNWIND $rows AS row
                       MERGE (r:RollCall {id: row.id})
                       SET r += row, r.date = date(row.date)
                       MERGE (s:Session {body: row.body, number: row.session})
                       MERGE (r)-[:IN_SESSION]->(s)""", rows=batch)
    written = {"countries": len(rows), "rollcalls": len(call_rows)}
    if votes:
        vote_rows = pd.DataFrame({"r": dataset.votes["rollcall_id"].astype(str),
                                  "c": dataset.votes["iso3"].astype(str),
                                  "v": dataset.votes["vote"].astype(str)}).to_dict("records")
        batches = list(_batches(vote_rows, batch_size))
        for batch in (progress(batches) if progress else batches):
            run(driver, """UNWIND $rows AS row
                           MATCH (r:RollCall {id: row.r}) MATCH (c:Country {iso3: row.c})
                           MERGE (c)-[v:VOTED]->(r) SET v.vote = row.v""", rows=batch)
        written["votes"] = len(vote_rows)
    return written


def clear(driver) -> None:
    """Delete every node and relationship, in batches (an auto-commit transaction is required)."""
    with driver.session(database=database()) as session:
        # Relationships first: detaching a Country drags its ~7,000 VOTED edges into one batch.
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def counts(driver) -> dict:
    nodes = run(driver, "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")
    rels = run(driver, "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
    return {**{r["label"]: r["n"] for r in nodes}, **{r["type"]: r["n"] for r in rels}}
