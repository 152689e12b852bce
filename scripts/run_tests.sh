#!/usr/bin/env bash
# Run the whole suite against a real Neo4j. Starts the project's own server unless NEO4J_URI
# points at one (Desktop, Docker, Aura), and always stops what it started.
# pytest's exit code 5 ("no tests collected") counts as a failure.
set -u
cd "$(dirname "$0")/.."
GM=.venv/bin/graphmodel
started=0
if [ -z "${NEO4J_URI:-}" ]; then
  if ! $GM neo4j status | grep -q "is running"; then
    # A fresh database for the suite: loading into an empty graph is much faster than clearing one.
    GRAPHMODEL_NEO4J_DATA="$(mktemp -d)"
    export GRAPHMODEL_NEO4J_DATA
    $GM neo4j start || exit 1
    started=1
  fi
fi
.venv/bin/python -m pytest "$@"
rc=$?
if [ "$started" -eq 1 ]; then
  $GM neo4j stop
  rm -rf "$GRAPHMODEL_NEO4J_DATA"
fi
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  rc=1
fi
exit $rc
