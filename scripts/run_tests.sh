#!/usr/bin/env bash
# Run the whole suite. pytest's exit code 5 ("no tests collected") counts as a failure:
# a suite that silently collects nothing must not pass.
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY -m pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  rc=1
fi
exit $rc
